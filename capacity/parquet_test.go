package capacity

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"orbitnet/ground"
	"orbitnet/sim"
)

// TestFormatGbps: rates are written rounded to 1 kb/s, not in the
// 17-digit shortest exact form (issue 16: 16.666666666666664).
func TestFormatGbps(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{100.0 / 6, "16.666667"},
		{2.0 / 3, "0.666667"},
		{12.5, "12.5"},
		{2, "2"},
		{0, "0"},
		{-1e-9, "0"},
		{1e-7, "0"},
		{math.Inf(1), "+Inf"},
		{123456.0000004, "123456"},
	} {
		if got := formatGbps(Gbps(tc.v)); got != tc.want {
			t.Errorf("formatGbps(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// TestParquetMatchesCSV writes two steps of the ring to capacity.parquet
// and reads them back: the same rows as StepRows, which capacity.csv
// prints, elastic demands as +Inf.
func TestParquetMatchesCSV(t *testing.T) {
	s := ringSnapshot()
	s.Ground = append(s.Ground, GroundNode{Kind: ground.Terminal})
	demands := []Demand{{0, 1, inf}, {0, 2, 3}, {1, 2, inf}, {0, 3, 1}}
	p, err := FromSnapshotKShortest(s, Defaults(), demands, 2)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Allocate()
	names := []string{"A", "B", "C, the third", "D"}
	endpoint := func(g int) string { return names[g] }
	node := func(v sim.NodeID) string { return fmt.Sprintf("n%d", v) }
	var buf bytes.Buffer
	w := NewParquetWriter(&buf, endpoint, node)
	var want []Row
	for _, off := range []time.Duration{0, 1500 * time.Millisecond} {
		if err := w.WriteStep(off, p, a); err != nil {
			t.Fatal(err)
		}
		want = StepRows(want, off, p, a, endpoint, node)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := parquet.Read[Row](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) != 8 {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if !math.IsInf(got[0].DemandGbps, 1) || got[3].Bottleneck != "unrouted" || got[4].TimeS != 1.5 {
		t.Errorf("rows %+v", got)
	}
}
