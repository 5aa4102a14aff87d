package sgp4

import (
	"math"
	"math/rand/v2"
	"testing"

	"orbitnet/orbit/units"
	"orbitnet/orbit/vec"
)

// TestCache: propagating with one Cache shared by many satellites gives
// Propagate's results bit for bit, whatever the order: Walker shells plane
// by plane (where the cache serves the node within a plane and the
// argument of perigee within a shell), the same satellites shuffled,
// element sets with drag and deep-space ones mixed in, at times including
// 0, −0 and errors.
func TestCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 4))
	base := parseTLE(t, tleStarlinkA, tleStarlinkB)
	var sats []*Satellite
	planes := 0
	for _, sh := range []struct {
		planes, per int
		inc, rev    float64
	}{{72, 22, 53, 15.05}, {6, 58, 97.6, 15.2}, {4, 10, 70, 14.2}} {
		for p := range sh.planes {
			planes++
			for k := range sh.per {
				e := base
				e.Eccentricity, e.BStar, e.ArgPerigee = 0, 0, 0
				e.Inclination, e.MeanMotion = units.Deg(sh.inc), sh.rev
				e.RAAN = units.Deg(360 * float64(p) / float64(sh.planes))
				e.MeanAnomaly = units.Deg(360*float64(k)/float64(sh.per) + 360*float64(p)/float64(sh.planes*sh.per))
				s, err := New(e)
				if err != nil {
					t.Fatal(err)
				}
				sats = append(sats, s)
			}
		}
	}
	walker := len(sats)
	var odd []*Satellite
	odd = append(odd, mustNew(t, tleStarlinkA, tleStarlinkB), mustNew(t, tle08195a, tle08195b), mustNew(t, tle00005a, tle00005b))
	for _, c := range readVerificationTLE(t) {
		if s, err := New(c.elements); err == nil {
			odd = append(odd, s)
		}
	}
	check := func(order []*Satellite, ts float64) (nodeMisses int) {
		t.Helper()
		var c Cache
		for _, s := range order {
			before := c.node
			r, v, err := s.PropagateCached(ts, &c)
			if c.node != before {
				nodeMisses++
			}
			wr, wv, werr := s.Propagate(ts)
			if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) || !sameBits(r, wr) || !sameBits(v, wv) {
				t.Fatalf("%d at %v: cached %v %v %v, uncached %v %v %v", s.catalog, ts, r, v, err, wr, wv, werr)
			}
		}
		return nodeMisses
	}
	times := []float64{0, math.Copysign(0, -1), 0.1, 1, 100, -100, 1e5, 2 * MaxTsince}
	for range 30 {
		times = append(times, (2*rng.Float64()-1)*1e4)
	}
	for _, ts := range times {
		// plane by plane: the node is computed about once per plane
		if m := check(sats[:walker], ts); m > planes+1 && ts < MaxTsince {
			t.Errorf("t %v: node computed %d times for %d planes", ts, m, planes)
		}
		mixed := append(append([]*Satellite(nil), sats...), odd...)
		rng.Shuffle(len(mixed), func(i, j int) { mixed[i], mixed[j] = mixed[j], mixed[i] })
		check(mixed, ts)
	}
}

func sameBits(a, b vec.Vec3) bool {
	for k := range a {
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
			return false
		}
	}
	return true
}
