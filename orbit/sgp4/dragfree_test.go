package sgp4

import (
	"math"
	"math/rand/v2"
	"testing"

	"orbitnet/orbit/units"
)

// TestDragFreeCircular: for element sets with e = 0 and B* = 0 (Walker
// shells) Propagate skips the drag terms' sine and cosine of the mean
// anomaly; the positions, velocities and errors must be those of the full
// drag block bit for bit. Shells from 300 to 1,200 km at several
// inclinations, mean anomalies and nodes including 0 and −0, at times
// including 0, ±0, tiny, random over ±10 years and the limits. An element
// set with drag or eccentricity never takes the shortcut.
func TestDragFreeCircular(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 3))
	base := parseTLE(t, tleStarlinkA, tleStarlinkB)
	if s, err := New(base); err != nil || s.dragFreeCircular {
		t.Fatalf("element set with drag: dragFreeCircular %v (%v)", s != nil && s.dragFreeCircular, err)
	}
	e0 := base
	e0.BStar = 0
	if s, err := New(e0); err != nil || s.dragFreeCircular {
		t.Fatalf("eccentric element set: dragFreeCircular %v (%v)", s != nil && s.dragFreeCircular, err)
	}
	negZero := math.Copysign(0, -1)
	times := []float64{0, negZero, 1e-300, -1e-300, 1e-9, 0.1, 1, 60, 1440, -1440, 1e6, -1e6, MaxTsince, -MaxTsince, MaxTsince * 2, math.NaN()}
	for range 200 {
		times = append(times, (2*rng.Float64()-1)*math.Pow(10, rng.Float64()*6.7))
	}
	n, fast := 0, 0
	for _, revPerDay := range []float64{16.2, 15.9, 15.05, 14.5, 13.2} {
		for _, inc := range []float64{0, 43, 53, 70, 97.6, 148, 180} {
			for _, ma := range []float64{0, negZero, 90, 180, 359.99, rng.Float64() * 360} {
				e := base
				e.Eccentricity, e.BStar, e.ArgPerigee = 0, 0, 0
				e.MeanMotion = revPerDay
				e.Inclination = units.Deg(inc)
				e.MeanAnomaly = units.Deg(ma)
				e.RAAN = units.Deg(rng.Float64() * 360)
				s, err := New(e)
				if err != nil {
					t.Fatalf("%v rev/day, %v°: %v", revPerDay, inc, err)
				}
				full := *s
				full.dragFreeCircular = false
				if s.dragFreeCircular {
					fast++
				}
				for _, ts := range times {
					n++
					r, v, err := s.Propagate(ts)
					wr, wv, werr := full.Propagate(ts)
					if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
						t.Fatalf("%v rev/day, %v°, M %v, t %v: error %v, full drag block %v", revPerDay, inc, ma, ts, err, werr)
					}
					for k := range r {
						if math.Float64bits(r[k]) != math.Float64bits(wr[k]) || math.Float64bits(v[k]) != math.Float64bits(wv[k]) {
							t.Fatalf("%v rev/day, %v°, M %v, t %v: %v %v, full drag block %v %v", revPerDay, inc, ma, ts, r, v, wr, wv)
						}
					}
				}
			}
		}
	}
	if fast == 0 {
		t.Fatal("no element set took the shortcut")
	}
	t.Logf("%d propagations, %d of %d element sets drag-free circular", n, fast, 5*7*6)
}
