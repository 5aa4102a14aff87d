package sgp4

import (
	"math"
	"slices"
	"testing"

	"orbitnet/orbit/vec"
)

func TestVerificationTimes(t *testing.T) {
	tests := []struct {
		name              string
		start, stop, step float64
		want              []float64
	}{
		{"from epoch", 0, 1440, 360, []float64{0, 360, 720, 1080, 1440}},
		{"stop off the grid", 0, 150, 60, []float64{0, 60, 120, 150}},
		{"before epoch", -5184, -4896, 120, []float64{0, -5184, -5064, -4944, -4896}},
		{"start after epoch", 1440, 1800, 120, []float64{0, 1440, 1560, 1680, 1800}},
		{"start is stop", 9300, 9300, 60, []float64{0, 9300}},
		{"start near 0 is 0", 1e-9, 10, 5, []float64{0, 5.000000001, 10}},
		{"stop before start", 100, 50, 10, []float64{0}},
		{"zero step", 0, 100, 0, []float64{0}},
		{"negative step", 0, -100, -10, []float64{0}},
		{"infinite stop", 0, math.Inf(1), 10, []float64{0}},
	}
	for _, tc := range tests {
		got := VerificationTimes(tc.start, tc.stop, tc.step)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: VerificationTimes(%v, %v, %v) = %v, want %v", tc.name, tc.start, tc.stop, tc.step, got, tc.want)
		}
	}

	// The reference accumulates the step; 22312 starts off the grid.
	got := VerificationTimes(54.2028672, 1440, 20)
	if got[1] != 54.2028672-20+20 || got[2] != 54.2028672-20+20+20 || got[len(got)-1] != 1440 || len(got) != 72 {
		t.Errorf("22312 times: %v", got)
	}
}

// TestFormatVerificationLine reformats the first seven fields of every
// line of tcppver.out, as parsed, and requires the original bytes.
func TestFormatVerificationLine(t *testing.T) {
	n := 0
	for _, sat := range readTcppver(t) {
		for _, l := range sat.lines {
			got := FormatVerificationLine(l.tsince, l.r, l.v)
			if len(l.text) < len(got) || l.text[:len(got)] != got {
				t.Fatalf("tcppver.out:%d:\n got %q\nwant %q", l.line, got, l.text)
			}
			if len(l.text) > len(got) && l.text[len(got)] != ' ' {
				t.Fatalf("tcppver.out:%d: seventh field continues after column %d", l.line, len(got))
			}
			n++
		}
	}
	if n != 700-33 { // 700 lines, 33 headers
		t.Errorf("checked %d lines, want 667", n)
	}

	// Negative zero and values that round to zero keep their sign, as C
	// prints them.
	got := FormatVerificationLine(0, vec.Vec3{-1e-12, 0, 1}, vec.Vec3{-1e-12, 0, 1})
	want := "       0.00000000      -0.00000000       0.00000000       1.00000000 -0.000000000  0.000000000  1.000000000"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
