package server

import (
	"math"
	"testing"

	"orbitnet/scenario"
)

// TestMovingInfo: /api/scenario marks the moving nodes of flight-fra-jfk
// and gives their tracks, and leaves the fixed nodes without either.
func TestMovingInfo(t *testing.T) {
	sc, err := scenario.Load("flight-fra-jfk")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var info scenarioInfo
	getJSON(t, s.Handler(), "/api/scenario", &info)
	moving := 0
	for _, g := range info.Ground {
		if !g.Moving {
			if g.Track != nil {
				t.Errorf("%s: a fixed node with a track", g.Name)
			}
			continue
		}
		moving++
		if len(g.Track) < 2 || g.Track[0][1] != g.LatDeg || g.Track[0][2] != g.LonDeg {
			t.Errorf("%s: track %v from %v,%v", g.Name, g.Track[:min(2, len(g.Track))], g.LatDeg, g.LonDeg)
			continue
		}
		for i := 1; i < len(g.Track); i++ {
			if g.Track[i][0] <= g.Track[i-1][0] {
				t.Fatalf("%s: times not increasing at %d", g.Name, i)
			}
		}
		if g.Name == "LH400" {
			last := g.Track[len(g.Track)-1]
			if math.Abs(last[1]-40.639447) > 1e-6 || math.Abs(last[2]+73.779317) > 1e-6 || g.Track[0][0] != 300 {
				t.Errorf("LH400 track from t=%v to %v", g.Track[0], last)
			}
		}
	}
	if moving != 2 {
		t.Errorf("%d moving nodes, want 2", moving)
	}
}
