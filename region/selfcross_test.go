package region

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSelfCrossingRings: a bow-tie or a ring running back along itself is
// refused with one line naming the file, feature, ring and edges; simple
// rings, rings touching themselves at a position, rings across the
// antimeridian and around a pole are accepted.
func TestSelfCrossingRings(t *testing.T) {
	poly := func(ring string) string {
		return `{"type":"Feature","properties":{"name":"Test"},"geometry":{"type":"Polygon","coordinates":[` + ring + `]}}`
	}
	for _, c := range []struct {
		name, doc, want string
	}{
		{"bow-tie", poly("[[0,0],[10,10],[10,0],[0,10],[0,0]]"),
			`t.geojson: feature 0 ("Test"): ring 0 crosses itself: the edge from position 0 to 1 crosses the edge from position 2 to 3 near [5, 5]`},
		{"hole crossing itself", poly("[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[8,8],[8,2],[2,8],[2,2]]"),
			`t.geojson: feature 0 ("Test"): ring 1 crosses itself`},
		{"running back", poly("[[0,0],[10,0],[10,5],[5,0],[3,0],[0,5],[0,0]]"),
			`ring 0 crosses itself: the edge from position 0 to 1 crosses the edge from position 3 to 4`},
		{"across the antimeridian", poly("[[170,0],[-170,10],[-170,0],[170,10],[170,0]]"),
			`near [-180, 5]`},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[10,10],[10,0],[0,10],[0,0]]]]}`,
			`t.geojson: feature 0: polygon 1: ring 0 crosses itself`},
	} {
		_, err := Read(strings.NewReader(c.doc), "t.geojson")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	for _, c := range []struct{ name, doc string }{
		{"square", poly("[[0,0],[10,0],[10,10],[0,10],[0,0]]")},
		{"touching at a position", poly("[[0,0],[10,0],[5,5],[10,10],[0,10],[5,5],[0,0]]")},
		{"repeated position", poly("[[0,0],[10,0],[10,0],[10,10],[0,10],[0,0]]")},
		{"across the antimeridian", poly("[[170,0],[-170,0],[-170,10],[170,10],[170,0]]")},
		{"around the south pole", poly("[[-170,-80],[-90,-80],[0,-80],[90,-80],[170,-80],[-170,-80]]")},
	} {
		if _, err := Read(strings.NewReader(c.doc), "t.geojson"); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestSelfCrossingBruteForce: the sweep finds a crossing exactly when
// checking every pair of edges does.
func TestSelfCrossingBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	found := 0
	for trial := 0; trial < 2000; trial++ {
		n := 4 + rng.IntN(10)
		ring := make([]Point, n+1)
		for k := range n {
			ring[k] = Point{float64(rng.IntN(8)), float64(rng.IntN(8))}
		}
		ring[n] = ring[0]
		_, got := selfCrossing(ring)
		want := false
		for i := 0; i < n && !want; i++ {
			for j := i + 1; j < n; j++ {
				if ring[i] == ring[i+1] || ring[j] == ring[j+1] || adjacent(i, j, n) {
					continue
				}
				if _, ok := edgesCross(ring[i], ring[i+1], ring[j], ring[j+1]); ok {
					want = true
					break
				}
			}
		}
		if got != want {
			t.Fatalf("ring %v: sweep says %v, all pairs say %v", ring, got, want)
		}
		if want {
			found++
		}
	}
	if found == 0 || found == 2000 {
		t.Errorf("%d of 2000 random rings cross themselves: the test does not discriminate", found)
	}
}
