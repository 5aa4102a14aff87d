package capacity

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestOutputsGolden writes capacity.csv (two steps), the bottleneck list
// and the utilisation summary of the ring with an unreachable fourth
// station and k = 2 paths per demand, and compares them with
// testdata/ring.golden. Run with -update to rewrite it after a deliberate
// change.
func TestOutputsGolden(t *testing.T) {
	s := ringSnapshot()
	s.Ground = append(s.Ground, GroundNode{Kind: ground.Terminal}) // D: no satellite in view
	demands := []Demand{{0, 1, inf}, {0, 2, 3}, {1, 2, inf}, {0, 3, 1}}
	p, err := FromSnapshotKShortest(s, Defaults(), demands, 2)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Allocate()
	names := []string{"A", "B", "C, the third", "D"}
	nodeName := func(v sim.NodeID) string {
		if v < 4 {
			return fmt.Sprintf("sat%d", v)
		}
		return names[v-4]
	}
	var buf bytes.Buffer
	fmt.Fprintln(&buf, "# capacity.csv")
	cw := NewCSVWriter(&buf, func(g int) string { return names[g] }, nodeName)
	for _, off := range []time.Duration{0, 15 * time.Second} {
		if err := cw.WriteStep(off, p, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(&buf, "# bottlenecks")
	if err := WriteBottleneckCSV(&buf, 0, p, a, nodeName); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(&buf, "# summary")
	if err := WriteSummaryCSV(&buf, 0, Summarize(p, a)); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "ring.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from %s (run with -update after a deliberate change):\n%s", golden, buf.String())
	}
}

func TestUtilisation(t *testing.T) {
	p, err := FromSnapshot(ringSnapshot(), Defaults(), []Demand{{0, 1, 1}}, [][]int32{{4, 0, 1, 2, 5}})
	if err != nil {
		t.Fatal(err)
	}
	a := p.Allocate()
	isl := p.Utilisation(a, KindISL, false)
	if want := []float64{0.01, 0, 0.01, 0, 0, 0, 0, 0}; !slices.Equal(isl, want) {
		t.Errorf("ISL utilisation %v, want %v", isl, want)
	}
	if u := p.Utilisation(a, KindUserGSL, true); !slices.Equal(u, []float64{0, 0}) {
		t.Errorf("pool utilisation %v, want [0 0]", u)
	}
	if u := p.Utilisation(a, KindFiber, false); u != nil {
		t.Errorf("fibre utilisation %v, want none", u)
	}
	// Idle, infinite and zero-capacity resources read 0.
	b := &Allocation{Load: []Gbps{0, 1, 0}, Capacity: []Gbps{0, inf, 2}}
	for r := range int32(3) {
		if u := b.Utilisation(r); u != 0 || math.IsNaN(u) {
			t.Errorf("resource %d utilisation %v, want 0", r, u)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWritersReportErrors(t *testing.T) {
	p, _ := FromSnapshot(ringSnapshot(), Defaults(), []Demand{{0, 1, 1}}, [][]int32{{4, 0, 1, 2, 5}})
	a := p.Allocate()
	if err := WriteCapacityCSV(failWriter{}, 0, p, a, nil, nil); err == nil {
		t.Error("WriteCapacityCSV: no error")
	}
	if err := WriteSummaryCSV(failWriter{}, 0, Summarize(p, a)); err == nil {
		t.Error("WriteSummaryCSV: no error")
	}
	if err := WriteBottleneckCSV(failWriter{}, 0, p, a, nil); err == nil {
		t.Error("WriteBottleneckCSV: no error")
	}
}
