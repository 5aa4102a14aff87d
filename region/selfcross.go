package region

import (
	"fmt"
	"math"
	"sort"
)

// crossing is where two edges of a ring cross: the edges start at
// positions I and J (I < J) of the ring, and At is a point of both.
type crossing struct {
	I, J int
	At   Point
}

// selfCrossing finds two edges of the closed ring (its last point equal to
// its first) that cross or overlap, other than neighbours meeting at their
// shared position. Edges that merely touch at an end are allowed (a ring
// may pass through the same position twice); edges that cross, or run
// along each other for some length, make the inside ambiguous and are
// reported. Coordinates are planar lon/lat after the antimeridian
// unwrapping of makeRing.
//
// The edges are swept in order of their least longitude, so the cost is
// O(n log n) plus the pairs whose longitude ranges overlap.
func selfCrossing(ring []Point) (crossing, bool) {
	n := len(ring) - 1 // edges: ring[k] → ring[k+1]
	if n < 3 {
		return crossing{}, false
	}
	order := make([]int, 0, n)
	for k := 0; k < n; k++ {
		if ring[k] != ring[k+1] {
			order = append(order, k)
		}
	}
	minLon := func(k int) float64 { return math.Min(ring[k].Lon, ring[k+1].Lon) }
	maxLon := func(k int) float64 { return math.Max(ring[k].Lon, ring[k+1].Lon) }
	sort.Slice(order, func(a, b int) bool { return minLon(order[a]) < minLon(order[b]) })
	for a, i := range order {
		hi := maxLon(i)
		for _, j := range order[a+1:] {
			if minLon(j) > hi {
				break
			}
			if adjacent(i, j, n) {
				continue
			}
			if p, ok := edgesCross(ring[i], ring[i+1], ring[j], ring[j+1]); ok {
				return crossing{I: min(i, j), J: max(i, j), At: p}, true
			}
		}
	}
	return crossing{}, false
}

// adjacent reports whether edges i and j of a closed ring of n edges share
// a position.
func adjacent(i, j, n int) bool {
	d := i - j
	if d < 0 {
		d = -d
	}
	return d == 1 || d == n-1
}

// orient is the sign of the turn a → b → c: > 0 left, < 0 right, 0
// collinear.
func orient(a, b, c Point) float64 {
	return (b.Lon-a.Lon)*(c.Lat-a.Lat) - (b.Lat-a.Lat)*(c.Lon-a.Lon)
}

// edgesCross reports whether segments ab and cd cross at a point inside
// both, or overlap along some length, and returns a point they share.
func edgesCross(a, b, c, d Point) (Point, bool) {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		t := o3 / (o3 - o4)
		return Point{a.Lon + t*(b.Lon-a.Lon), a.Lat + t*(b.Lat-a.Lat)}, true
	}
	if o1 == 0 && o2 == 0 {
		// collinear: overlap of positive length?
		useLon := math.Abs(b.Lon-a.Lon) >= math.Abs(b.Lat-a.Lat)
		coord := func(p Point) float64 {
			if useLon {
				return p.Lon
			}
			return p.Lat
		}
		lo := math.Max(math.Min(coord(a), coord(b)), math.Min(coord(c), coord(d)))
		hi := math.Min(math.Max(coord(a), coord(b)), math.Max(coord(c), coord(d)))
		if hi > lo {
			for _, p := range []Point{c, d, a, b} {
				if v := coord(p); v > lo && v < hi || v == lo {
					return p, true
				}
			}
		}
	}
	return Point{}, false
}

// describe words a crossing for an error following "ring N"; nPos is the
// number of positions the ring was given with (later points close it
// along a pole).
func (c crossing) describe(nPos int) string {
	edge := func(k int) string {
		if k+1 < nPos {
			return fmt.Sprintf("the edge from position %d to %d", k, k+1)
		}
		return "the edge closing it along the pole"
	}
	return fmt.Sprintf(" crosses itself: %s crosses %s near [%.6g, %.6g]; the inside of such a ring is ambiguous (split it into simple rings)",
		edge(c.I), edge(c.J), normLon(c.At.Lon), c.At.Lat)
}

// normLon brings a longitude into [−180, 180).
func normLon(lon float64) float64 {
	return math.Mod(math.Mod(lon+180, 360)+360, 360) - 180
}
