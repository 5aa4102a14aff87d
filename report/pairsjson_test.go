package report

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

func f64(v float64) *float64 { return &v }

// wantJSON is what Summary.JSON must write: json.MarshalIndent's output.
func wantJSON(t *testing.T, s *Summary) ([]byte, error) {
	t.Helper()
	b, err := json.MarshalIndent(s, "", "  ")
	return append(b, '\n'), err
}

// TestSummaryJSON compares Summary.JSON with json.MarshalIndent on
// summaries that exercise every field, nil and empty tables, names that
// need escaping and floats in exponent form.
func TestSummaryJSON(t *testing.T) {
	full := PairSummary{
		Src: "São Paulo", Dst: "Frankfurt am Main",
		MinRTTMs: f64(31.5), MedianRTTMs: f64(1e-7), P95RTTMs: f64(2.5e21), MaxRTTMs: f64(-0.000001),
		MeanHops: f64(12.25), ReachableSteps: 2001, UnreachableS: 0.1, PathChanges: -3, Handovers: 1 << 40,
		GeodesicKm: 9791.123456789, GeodesicRTTMs: 1e-9, MedianStretch: f64(1.4),
		Components: &Components{HomePoP: "fra<1>", MedianPropMs: f64(3), AccessFloorMs: 12, Seed: 7},
	}
	odd := []string{"", "a\"b", `back\slash`, "tab\tnew\nline", "<script>&", "line\u2028sep\u2029", "bad\xffutf8", "\u00e9\u4e2d\U0001F600", "\ufffd", "ctl\x01\x1f"}
	var named []PairSummary
	for _, s := range odd {
		named = append(named, PairSummary{Src: s, Dst: s + "x"})
	}
	cases := map[string]*Summary{
		"zero":        {},
		"empty pairs": {Pairs: []PairSummary{}, Shells: []ShellInfo{}},
		"nil fields":  {Version: "v", Pairs: []PairSummary{{Src: "a", Dst: "b"}}},
		"full": {
			Version:   "0.1.0-dev",
			Scenario:  map[string]any{"name": "x", "pairs": []any{[]string{"a", "b"}}},
			Counts:    Counts{Satellites: 1584, Steps: 2001, StepS: 0.1},
			Pairs:     []PairSummary{full, {Src: "x", Dst: "y", UnreachableS: 200}},
			AllPairs:  &AllPairs{Count: 2},
			Shells:    []ShellInfo{{Name: "550", AltitudeKm: 550}},
			WhatIf:    &WhatIf{Failures: []string{"gw"}},
			Terminals: []TerminalSummary{{}},
		},
		"names":         {Pairs: named},
		"all pairs":     {AllPairs: &AllPairs{Pairs: named}},
		"all, no table": {AllPairs: &AllPairs{Count: 499500, PairsFile: "pairs.parquet"}},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			want, werr := wantJSON(t, s)
			got, err := s.JSON()
			if (err != nil) != (werr != nil) {
				t.Fatalf("error %v, json.MarshalIndent's %v", err, werr)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("differs from json.MarshalIndent:\n got %s\nwant %s", got, want)
			}
		})
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		s := &Summary{Pairs: []PairSummary{{MedianRTTMs: f64(bad)}}}
		if _, err := s.JSON(); err == nil {
			t.Errorf("%v: no error (json.Marshal refuses it)", bad)
		}
		s = &Summary{AllPairs: &AllPairs{Pairs: []PairSummary{{GeodesicKm: bad}}}}
		if _, err := s.JSON(); err == nil {
			t.Errorf("%v: no error (json.Marshal refuses it)", bad)
		}
	}
}

// TestSummaryJSONFields: summaryHead, Pairs, AllPairs and summaryTail are
// Summary's fields in order, allPairsHead, Pairs and PairsFile are
// AllPairs', with the same JSON tags, and appendPairJSON writes every
// field of PairSummary (a field added to any of them fails here until
// marshalSummary and appendPairJSON write it).
func TestSummaryJSONFields(t *testing.T) {
	same := func(name string, typ reflect.Type, parts ...any) {
		var fields []reflect.StructField
		for _, v := range parts {
			pt := reflect.TypeOf(v)
			for i := range pt.NumField() {
				fields = append(fields, pt.Field(i))
			}
		}
		if typ.NumField() != len(fields) {
			t.Fatalf("%s has %d fields, marshalSummary writes %d", name, typ.NumField(), len(fields))
		}
		for i, f := range fields {
			g := typ.Field(i)
			if g.Name != f.Name || g.Type != f.Type || g.Tag.Get("json") != f.Tag.Get("json") {
				t.Errorf("%s field %d: %s %v %q, marshalSummary writes %s %v %q", name, i, g.Name, g.Type, g.Tag.Get("json"), f.Name, f.Type, f.Tag.Get("json"))
			}
		}
	}
	same("Summary", reflect.TypeOf(Summary{}), summaryHead{}, struct {
		Pairs    []PairSummary `json:"pairs"`
		AllPairs *AllPairs     `json:"all_pairs,omitempty"`
	}{}, summaryTail{})
	same("AllPairs", reflect.TypeOf(AllPairs{}), allPairsHead{}, struct {
		Pairs     []PairSummary `json:"pairs"`
		PairsFile string        `json:"pairs_file,omitempty"`
	}{})
	// every PairSummary field set: its key must appear in appendPairJSON's output
	p := PairSummary{Src: "s", Dst: "d", MinRTTMs: f64(1), MedianRTTMs: f64(2), P95RTTMs: f64(3), MaxRTTMs: f64(4),
		MeanHops: f64(5), ReachableSteps: 6, UnreachableS: 7, PathChanges: 8, Handovers: 9, GeodesicKm: 10,
		GeodesicRTTMs: 11, MedianStretch: f64(12), Components: &Components{}}
	pt := reflect.TypeOf(p)
	pv := reflect.ValueOf(p)
	for i := range pt.NumField() {
		if pv.Field(i).IsZero() {
			t.Errorf("the test leaves PairSummary.%s zero", pt.Field(i).Name)
		}
	}
	got, err := appendPairJSON(nil, &p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(p)
	if !bytes.Equal(got, want) {
		t.Fatalf("appendPairJSON:\n got %s\nwant %s", got, want)
	}
}

// FuzzPairJSON compares appendPairJSON with json.Marshal on arbitrary
// names, counts and floats (given as bits, so that every float64 occurs).
func FuzzPairJSON(f *testing.F) {
	f.Add("Tokyo", "Los Angeles", uint64(math.Float64bits(101.5)), uint64(math.Float64bits(1e-7)), int64(3), false)
	f.Add("a<b", "\xff", uint64(math.Float64bits(math.NaN())), uint64(0), int64(-1), true)
	f.Add("", "\u2028", uint64(math.Float64bits(1e21)), uint64(math.Float64bits(-5e-324)), int64(1)<<62, true)
	f.Fuzz(func(t *testing.T, src, dst string, a, b uint64, n int64, nilPtrs bool) {
		x, y := math.Float64frombits(a), math.Float64frombits(b)
		p := PairSummary{Src: src, Dst: dst, MinRTTMs: &x, MedianRTTMs: &y, P95RTTMs: &x, MaxRTTMs: &y,
			MeanHops: &x, ReachableSteps: n, UnreachableS: y, PathChanges: -n, Handovers: n / 3,
			GeodesicKm: x, GeodesicRTTMs: y, MedianStretch: &y}
		if nilPtrs {
			p.MinRTTMs, p.MeanHops, p.Components = nil, nil, &Components{HomePoP: dst, P5RTTMs: &x}
		}
		want, werr := json.Marshal(p)
		got, err := appendPairJSON(nil, &p)
		if (err != nil) != (werr != nil) {
			t.Fatalf("error %v, json.Marshal's %v", err, werr)
		}
		if werr == nil && !bytes.Equal(got, want) {
			t.Fatalf("appendPairJSON:\n got %s\nwant %s", got, want)
		}
	})
}
