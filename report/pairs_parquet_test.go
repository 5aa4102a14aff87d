package report

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

func syntheticPairs(n int) []PairSummary {
	ps := make([]PairSummary, n)
	for i := range ps {
		p := PairSummary{Src: "a" + string(rune('A'+i%26)), Dst: "b" + string(rune('A'+i%7)),
			ReachableSteps: int64(i), UnreachableS: float64(i%3) / 10, PathChanges: int64(i % 11),
			Handovers: int64(i % 5), GeodesicKm: 100 + float64(i), GeodesicRTTMs: 1 + float64(i)/1000}
		if i%9 != 4 { // every ninth never reachable: nulls
			lo, med, p95, hi, hops, st := 20+float64(i)/7, 25+float64(i)/7, 30+float64(i)/7, 31+float64(i)/7, 4.5, 1.25
			p.MinRTTMs, p.MedianRTTMs, p.P95RTTMs, p.MaxRTTMs, p.MeanHops, p.MedianStretch = &lo, &med, &p95, &hi, &hops, &st
		}
		ps[i] = p
	}
	return ps
}

func readPairsParquet(t *testing.T, path string) []PairRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	r := parquet.NewGenericReader[PairRow](pf)
	defer r.Close()
	got := make([]PairRow, r.NumRows())
	if n, err := r.Read(got); n != len(got) || (err != nil && err != io.EOF) {
		t.Fatalf("read %d of %d rows: %v", n, len(got), err)
	}
	return got
}

// The table holds every pair with the summary's values and nulls, over
// several row groups and write batches.
func TestWritePairsParquetRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 5000, 9001} {
		pairs := syntheticPairs(n)
		path := filepath.Join(t.TempDir(), PairsParquetName)
		if err := WritePairsParquet(path, pairs, 2000); err != nil {
			t.Fatal(err)
		}
		got := readPairsParquet(t, path)
		if len(got) != n {
			t.Fatalf("n=%d: %d rows", n, len(got))
		}
		for i := range got {
			if want := pairRowOf(&pairs[i]); !reflect.DeepEqual(got[i], want) {
				t.Fatalf("n=%d row %d: got %+v, want %+v", n, i, got[i], want)
			}
		}
	}
}

// Up to AllPairsJSONMax the pairs stay in summary.json (and go to the
// table only when asked); above it they move to pairs.parquet.
func TestSplitAllPairs(t *testing.T) {
	tests := []struct {
		n            int
		always       bool
		wantOK       bool
		wantJSONKept bool
	}{
		{10, false, false, true},
		{10, true, true, true},
		{AllPairsJSONMax, false, false, true},
		{AllPairsJSONMax + 1, false, true, false},
		{AllPairsJSONMax + 1, true, true, false},
	}
	for _, tt := range tests {
		s := &Summary{AllPairs: &AllPairs{Count: tt.n, Pairs: syntheticPairs(tt.n)}}
		pairs, ok := s.SplitAllPairs(tt.always)
		if ok != tt.wantOK {
			t.Errorf("n=%d always=%v: ok %v, want %v", tt.n, tt.always, ok, tt.wantOK)
		}
		if ok && len(pairs) != tt.n {
			t.Errorf("n=%d: %d pairs for the table", tt.n, len(pairs))
		}
		kept := len(s.AllPairs.Pairs) == tt.n
		if kept != tt.wantJSONKept {
			t.Errorf("n=%d always=%v: JSON keeps %d pairs", tt.n, tt.always, len(s.AllPairs.Pairs))
		}
		js, err := s.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if hasFile := strings.Contains(string(js), `"pairs_file": "pairs.parquet"`); hasFile == kept {
			t.Errorf("n=%d: pairs_file present %v with the list kept %v", tt.n, hasFile, kept)
		}
	}
	if _, ok := (&Summary{}).SplitAllPairs(true); ok {
		t.Error("no all-pairs section: ok")
	}
}
