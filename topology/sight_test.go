package topology

import (
	"math"
	"math/rand/v2"
	"testing"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// refLineOfSight is LineOfSight as it was before the pre-test (the
// closest-approach formula alone).
func refLineOfSight(p, q frame.ECEF, minAlt units.Length) bool {
	ra := frame.WGS84A + minAlt.Km()
	rb := frame.WGS84B + minAlt.Km()
	s := ra / rb
	px, py, pz := p[0], p[1], p[2]*s
	qx, qy, qz := q[0], q[1], q[2]*s
	dx, dy, dz := qx-px, qy-py, qz-pz
	d2 := dx*dx + dy*dy + dz*dz
	t := 0.0
	if d2 > 0 {
		t = -(px*dx + py*dy + pz*dz) / d2
		t = math.Max(0, math.Min(1, t))
	}
	cx, cy, cz := px+t*dx, py+t*dy, pz+t*dz
	return cx*cx+cy*cy+cz*cz >= ra*ra
}

// TestLineOfSightPretest: LineOfSight decides every segment as the
// closest-approach formula alone does, and whenever its pre-test settles
// a segment the formula says clear: random segments between orbits from
// 100 km to beyond GEO, segments grazing the sphere within 1e-12 to 1e-3
// of its radius on either side (the pre-test's margin is 1e-6), segments
// of one point, and huge, tiny, infinite and NaN coordinates.
func TestLineOfSightPretest(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 7))
	dir := func() [3]float64 {
		for {
			v := [3]float64{2*rng.Float64() - 1, 2*rng.Float64() - 1, 2*rng.Float64() - 1}
			if n := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2]); n > 0.1 && n <= 1 {
				return [3]float64{v[0] / n, v[1] / n, v[2] / n}
			}
		}
	}
	var n, pre, clear int
	check := func(p, q frame.ECEF, alt units.Length) {
		t.Helper()
		n++
		want := refLineOfSight(p, q, alt)
		if got := LineOfSight(p, q, alt); got != want {
			t.Fatalf("LineOfSight(%v, %v, %v) = %v, formula %v", p, q, alt, got, want)
		}
		m := newSightSphere(alt)
		pz, qz := p[2]*m.s, q[2]*m.s
		dx, dy, dz := q[0]-p[0], q[1]-p[1], qz-pz
		if m.surely(p[0], p[1], pz, q[0], q[1], qz, dx*dx+dy*dy+dz*dz) {
			pre++
			if !want {
				t.Fatalf("pre-test clears %v–%v (alt %v), the formula does not", p, q, alt)
			}
		}
		if want {
			clear++
		}
	}
	alts := []units.Length{0, 80, 300, 1000}
	// random segments
	for range 200000 {
		alt := alts[rng.IntN(len(alts))]
		r1 := frame.WGS84A + 100 + rng.Float64()*rng.Float64()*40000
		r2 := frame.WGS84A + 100 + rng.Float64()*rng.Float64()*40000
		u, v := dir(), dir()
		check(frame.ECEF{r1 * u[0], r1 * u[1], r1 * u[2]}, frame.ECEF{r2 * v[0], r2 * v[1], r2 * v[2]}, alt)
	}
	// grazing: the closest point of the scaled segment at ra·(1 + e)
	eps := []float64{0, 1e-12, -1e-12, 1e-10, -1e-10, 1e-8, -1e-8, 5e-7, -5e-7, 1e-6, -1e-6, 2e-6, 1e-5, -1e-5, 1e-3, -1e-3}
	for range 20000 {
		alt := alts[rng.IntN(len(alts))]
		m := newSightSphere(alt)
		e := eps[rng.IntN(len(eps))]
		u := dir()
		w := dir() // tangent: w minus its component along u
		d := w[0]*u[0] + w[1]*u[1] + w[2]*u[2]
		w = [3]float64{w[0] - d*u[0], w[1] - d*u[1], w[2] - d*u[2]}
		if wn := math.Sqrt(w[0]*w[0] + w[1]*w[1] + w[2]*w[2]); wn > 1e-3 {
			w = [3]float64{w[0] / wn, w[1] / wn, w[2] / wn}
		} else {
			continue
		}
		c := m.ra * (1 + e)
		a := -rng.Float64() * 6000 // one end behind the closest point,
		b := rng.Float64() * 6000  // the other ahead
		if rng.IntN(4) == 0 {
			a = rng.Float64() * 100 // both ahead: the closest point is an end
		}
		pt := func(s float64) frame.ECEF {
			x := [3]float64{c*u[0] + s*w[0], c*u[1] + s*w[1], c*u[2] + s*w[2]}
			return frame.ECEF{x[0], x[1], x[2] / m.s} // unscale z
		}
		check(pt(a), pt(b), alt)
	}
	// one point, near the sphere
	for _, e := range eps {
		m := newSightSphere(80)
		u := dir()
		r := m.ra * (1 + e)
		p := frame.ECEF{r * u[0], r * u[1], r * u[2] / m.s}
		check(p, p, 80)
	}
	// odd magnitudes and non-finite coordinates
	big, tiny := 1e200, 1e-300
	inf, nan := math.Inf(1), math.NaN()
	r := frame.WGS84A + 550
	odd := []frame.ECEF{
		{r, 0, 0}, {-r, 0, 0}, {r, tiny, 0}, {r, 0, tiny}, {big, 0, 0}, {0, big, big},
		{1e7, 1e7, 0}, {inf, 0, 0}, {0, -inf, 0}, {nan, 0, 0}, {r, r, nan}, {0, 0, 0},
		{tiny, tiny, tiny}, {r * 1000, 0, 0}, {r * 999, 1, 0}, {r * 1001, 0, 0},
	}
	for _, p := range odd {
		for _, q := range odd {
			check(p, q, 80)
		}
	}
	if pre < n/10 || pre == clear {
		t.Errorf("pre-test settled %d of %d segments (%d clear): both paths should be exercised", pre, n, clear)
	}
	t.Logf("%d segments, %d clear, %d settled by the pre-test", n, clear, pre)
}
