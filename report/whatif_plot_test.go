package report

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotWhatIf: each pair's two runs are named in the legend, the spans
// are listed with their times (an open-ended one without an end), and a
// span outside the plot is left out.
func TestPlotWhatIf(t *testing.T) {
	dir := t.TempDir()
	ts := []float64{0, 10, 20, 30, 40}
	s := []WhatIfSeries{{Label: "A – B", TimeS: ts, BaselineMs: []float64{10, 11, 12, 11, 10},
		WithFailures: []float64{10, 11, math.NaN(), 30, 31}}}
	spans := []TimeSpan{{Label: "jam", FromS: 20, UntilS: 35}, {Label: "gw down", FromS: 30}, {Label: "later", FromS: 100}}
	svg := filepath.Join(dir, "w.svg")
	if err := PlotWhatIf("t", s, spans, filepath.Join(dir, "w.png"), svg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"A – B, no failures", "A – B, with failures", "jam: from 20 s to 35 s", "gw down: from 30 s"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(string(b), "later") || strings.Contains(string(b), "gw down: from 30 s to") {
		t.Error("span outside the plot drawn, or an open span given an end")
	}
	s[0].WithFailures = s[0].WithFailures[:3]
	if err := PlotWhatIf("t", s, nil, filepath.Join(dir, "x.png"), ""); err == nil {
		t.Error("mismatched lengths: no error")
	}
}
