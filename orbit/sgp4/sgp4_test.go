package sgp4

import (
	"math"
	"math/rand/v2"
	"orbitnet/orbit/units"
	"sync"
	"testing"
)

// Test tolerances, named by what they mean where they are used.
const (
	// timeRoundKm and timeRoundKmS: a time given as minutes since epoch or
	// as a Julian date (AddDays, MinutesSince round it to about 1e-11 day,
	// 1 µs) moves a LEO satellite by up to 1e-5 km (1 cm) and its velocity
	// by 1e-8 km/s.
	timeRoundKm  = 1e-5
	timeRoundKmS = 1e-8
	// constExact: a derived constant recomputed by another formula (a few
	// roundings of a value of order 0.1).
	constExact = 1e-15
)

// STARLINK-1008 from CelesTrak's Starlink group, 2026-02-23
// (../shared/data/starlink-tle-2026-02-23; public orbital data, CelesTrak /
// 18th SDS).
const (
	tleStarlinkA = "1 44714U 19074B   26053.95338319  .00001514  00000+0  61711-4 0  9998"
	tleStarlinkB = "2 44714  53.1565 247.2957 0001251  94.4223 265.6921 15.31035506346616"
)

// Deep-space element sets from SGP4-VER.TLE: a 12-hour resonant Molniya
// (08195) and a geosynchronous one (28626).
const (
	tle08195a = "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813"
	tle08195b = "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656"
	tle28626a = "1 28626U 05008A   06176.46683397 -.00000205  00000-0  10000-3 0  2190"
	tle28626b = "2 28626   0.0019 286.9433 0000335  13.7918  55.6504  1.00270176  4891"
)

func mustNew(t testing.TB, line1, line2 string) *Satellite {
	t.Helper()
	sat, err := New(parseTLE(t, line1, line2))
	if err != nil {
		t.Fatal(err)
	}
	return sat
}

func TestPropagateDoesNotAllocate(t *testing.T) {
	for _, c := range []struct{ name, l1, l2 string }{
		{"near Earth", tleStarlinkA, tleStarlinkB},
		{"deep space, 12 h resonance", tle08195a, tle08195b},
		{"deep space, 24 h resonance", tle28626a, tle28626b},
	} {
		sat := mustNew(t, c.l1, c.l2)
		ts := 0.0
		allocs := testing.AllocsPerRun(100, func() {
			ts += 97.3
			if _, _, err := sat.Propagate(ts); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per Propagate, want 0", c.name, allocs)
		}
	}
}

// TestPropagateIsPure checks that Propagate leaves the Satellite as it was
// (so concurrent use is safe) and that the resonance integration, which
// always restarts from epoch, gives the same state in any call order.
func TestPropagateIsPure(t *testing.T) {
	sat := mustNew(t, tle08195a, tle08195b)
	before := *sat
	r1, v1, _ := sat.Propagate(2880)
	for _, ts := range []float64{-1440, 5000, 100, 2880 + 720*3} {
		sat.Propagate(ts)
	}
	r2, v2, _ := sat.Propagate(2880)
	if *sat != before {
		t.Error("Propagate modified the Satellite")
	}
	if r1 != r2 || v1 != v2 {
		t.Errorf("Propagate(2880) depends on earlier calls: %v %v, then %v %v", r1, v1, r2, v2)
	}
}

// TestConcurrentPropagate propagates one Satellite from several goroutines;
// run with -race.
func TestConcurrentPropagate(t *testing.T) {
	sat := mustNew(t, tle08195a, tle08195b)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				if _, _, err := sat.Propagate(float64(i*g) * 7); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestPropagateJD(t *testing.T) {
	sat := mustNew(t, tleStarlinkA, tleStarlinkB)
	for _, minutes := range []float64{0, 90, -1440, 10080.5} {
		r1, v1, err1 := sat.Propagate(minutes)
		r2, v2, err2 := sat.PropagateJD(sat.Epoch().AddDays(minutes / 1440))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		// See timeRoundKm and timeRoundKmS.
		if d := r1.Dist(r2); d > timeRoundKm {
			t.Errorf("%v min: |Δr| = %g km", minutes, d)
		}
		if d := v1.Dist(v2); d > timeRoundKmS {
			t.Errorf("%v min: |Δv| = %g km/s", minutes, d)
		}
	}
	if sat.CatalogNumber() != 44714 || sat.DeepSpace() {
		t.Errorf("CatalogNumber %d, DeepSpace %v", sat.CatalogNumber(), sat.DeepSpace())
	}
}

// TestStateIsPlausible checks the physics on a Starlink satellite over a
// day: the radius stays near the semi-major axis that Kepler's third law
// gives for its mean motion (e = 0.0001; J2 moves it by about 10 km), and
// the speed and the orbit plane agree.
func TestStateIsPlausible(t *testing.T) {
	e := parseTLE(t, tleStarlinkA, tleStarlinkB)
	sat := mustNew(t, tleStarlinkA, tleStarlinkB)
	n := e.MeanMotion * 2 * math.Pi / 86400 // rad/s
	a := math.Cbrt(WGS72.Mu / (n * n))      // km, about 6851 (470 km up)
	for ts := 0.0; ts <= 1440; ts += 7 {
		r, v, err := sat.Propagate(ts)
		if err != nil {
			t.Fatal(err)
		}
		rn := r.Norm()
		if math.Abs(rn-a) > 20 {
			t.Errorf("t=%v: radius %.1f km, semi-major axis %.1f km", ts, rn, a)
		}
		// Vis-viva for a near-circular orbit: v² ≈ μ/r, within 0.5%.
		if ratio := v.Norm2() * rn / WGS72.Mu; math.Abs(ratio-1) > 0.005 {
			t.Errorf("t=%v: v²r/μ = %.5f", ts, ratio)
		}
		// Angular momentum points within 1° of the 53.16° inclination.
		h := r.Cross(v)
		if inc := math.Acos(h[2]/h.Norm()) / deg; math.Abs(inc-53.16) > 1 {
			t.Errorf("t=%v: inclination %.3f°", ts, inc)
		}
	}
}

func TestGravityModels(t *testing.T) {
	e := parseTLE(t, tle00005a, tle00005b)
	ref, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	r0, _, _ := ref.Propagate(720)
	for name, g := range map[string]Gravity{"WGS72Old": WGS72Old, "WGS84": WGS84} {
		sat, err := NewWithGravity(e, g)
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := sat.Propagate(720)
		if err != nil {
			t.Fatal(err)
		}
		// Different constants move the satellite, but by kilometres at
		// most over half a day, not by an orbit.
		if d := r.Dist(r0); d == 0 || d > 10 {
			t.Errorf("%s: %g km from WGS72 after 720 min", name, d)
		}
	}
	if math.Abs(WGS72.XKE-0.07436691613317342) > constExact {
		t.Errorf("WGS72.XKE = %v", WGS72.XKE)
	}
}

// TestMod2pi compares mod2pi with math.Mod, including values next to
// multiples of 2π, where the quotient rounds across an integer.
func TestMod2pi(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(x float64) {
		if got, want := mod2pi(x), math.Mod(x, twoPi); got != want {
			t.Fatalf("mod2pi(%v) = %v, want %v", x, got, want)
		}
	}
	for i := 0; i < 200000; i++ {
		x := (rng.Float64()*2 - 1) * math.Pow(10, rng.Float64()*8)
		check(x)
		k := math.Round(x / twoPi)
		for _, y := range []float64{k * twoPi, math.Nextafter(k*twoPi, 0), math.Nextafter(k*twoPi, math.Inf(1)), math.Nextafter(k*twoPi, math.Inf(-1))} {
			check(y)
		}
	}
	for _, x := range []float64{0, twoPi, -twoPi, 1e300, -1e300, 1e17, math.Pi} {
		check(x)
	}
}

// TestAddAngle compares addAngle with math.Sincos of the sum.
func TestAddAngle(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 100000; i++ {
		θ := (rng.Float64()*2 - 1) * 10
		δ := (rng.Float64()*2 - 1) * math.Pow(10, -rng.Float64()*12) // 1e-12 to 1
		sθ, cθ := math.Sincos(θ)
		s, c := addAngle(sθ, cθ, δ)
		ws, wc := math.Sincos(θ + δ)
		// θ+δ itself rounds by up to 1e-15 at |θ| ≤ 10.
		if math.Abs(s-ws) > 4e-15 || math.Abs(c-wc) > 4e-15 {
			t.Fatalf("addAngle(sin %v, cos %v, %v) = %v, %v; want %v, %v", θ, θ, δ, s, c, ws, wc)
		}
	}
}

func BenchmarkPropagate(b *testing.B) {
	sat := mustNew(b, tle00005a, tle00005b)
	b.ReportAllocs()
	ts := 0.0
	for b.Loop() {
		ts += 1
		if ts >= 4320 {
			ts = 0
		}
		if _, _, err := sat.Propagate(ts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPropagateStarlink propagates a Starlink satellite in 10-second
// steps, as a constellation simulation would.
func BenchmarkPropagateStarlink(b *testing.B) {
	sat := mustNew(b, tleStarlinkA, tleStarlinkB)
	b.ReportAllocs()
	ts := 0.0
	for b.Loop() {
		ts += 1.0 / 6
		if ts >= 1440 {
			ts = 0
		}
		if _, _, err := sat.Propagate(ts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPropagateShell propagates 1,000 Starlink-like satellites (one
// element set with the node and mean anomaly spread) by one 10-second step
// per iteration; ns/op divided by 1,000 is the cost per satellite-step.
func BenchmarkPropagateShell(b *testing.B) {
	base := parseTLE(b, tleStarlinkA, tleStarlinkB)
	sats := make([]Satellite, 1000)
	for i := range sats {
		e := base
		e.RAAN = units.Deg(float64(i%40) * 9)
		e.MeanAnomaly = units.Deg(float64(i/40) * 14.4)
		s, err := New(e)
		if err != nil {
			b.Fatal(err)
		}
		sats[i] = *s
	}
	b.ReportAllocs()
	ts := 0.0
	for b.Loop() {
		ts += 1.0 / 6
		if ts >= 1440 {
			ts = 0
		}
		for i := range sats {
			if _, _, err := sats[i].Propagate(ts); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sats)), "ns/sat-step")
}

func BenchmarkPropagateDeepSpace(b *testing.B) {
	sat := mustNew(b, tle08195a, tle08195b)
	b.ReportAllocs()
	ts := 0.0
	for b.Loop() {
		ts += 1 // the resonance integration grows with |tsince|
		if ts >= 2880 {
			ts = 0
		}
		if _, _, err := sat.Propagate(ts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	e := parseTLE(b, tleStarlinkA, tleStarlinkB)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(e); err != nil {
			b.Fatal(err)
		}
	}
}
