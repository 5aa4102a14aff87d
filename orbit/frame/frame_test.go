package frame

import (
	"math"
	"math/rand/v2"
	"testing"

	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
	"orbitnet/orbit/vec"
)

// Test tolerances, named (as close and veryclose in Go's math/all_test.go)
// by what they mean where they are used.
const (
	// mmKm is 1 mm in km: heights and ranges computed by two routes (a
	// round trip through geodetic coordinates, an iterated inverse).
	mmKm = 1e-6
	// exactKm is 1 µm in km: positions that are exact in theory and differ
	// only by the rounding of a few operations on values of 10⁴ km.
	exactKm = 1e-9
	// nanoDeg is 1e-9°, about 0.1 mm along the Earth's surface: angles
	// computed by two routes.
	nanoDeg = 1e-9
	// zenithDeg is 1e-6° for an elevation near 90°, where asin of a value
	// near 1 amplifies rounding (d asin/dx is unbounded there).
	zenithDeg = 1e-6
	// roundoff is the rounding of a few operations on values of order 1
	// (a sine, a velocity in km/s that should vanish).
	roundoff = 1e-12
)

func TestGeodeticRoundTrip(t *testing.T) {
	cases := []Geodetic{
		{0, 0, 0}, {50.45, 30.52, 0.179}, {-33.87, 151.21, 0.05}, {89.999, -45, 550},
		{-89.5, 170, 1200}, {53, 0, 550}, {0, 180, -0.4}, {45, 90, 35786},
	}
	for _, g := range cases {
		back := g.ToECEF().Geodetic()
		if math.Abs((back.Lat-g.Lat).Deg()) > nanoDeg || math.Abs((back.Alt-g.Alt).Km()) > mmKm ||
			math.Abs(math.Remainder((back.Lon-g.Lon).Deg(), 360)) > nanoDeg {
			t.Errorf("%+v → %+v", g, back)
		}
	}
	// Hand values: a point on the equator at longitude 0 is (a, 0, 0);
	// the north pole is (0, 0, b).
	if p := (Geodetic{0, 0, 0}).ToECEF(); math.Abs(p[0]-WGS84A) > exactKm || p[1] != 0 || p[2] != 0 {
		t.Errorf("equator: %v", p)
	}
	if p := (Geodetic{90, 0, 0}).ToECEF(); math.Abs(p[2]-WGS84B) > exactKm || math.Abs(p[0]) > exactKm {
		t.Errorf("pole: %v", p)
	}
}

// TestLookAngles checks hand-computed geometry: a satellite 550 km straight
// above an observer is at 90° elevation and 550 km range, which is the
// 3.67 ms ground-to-satellite round trip quoted in the issue; a point due
// east on the horizon has azimuth 90° and elevation ~0.
func TestLookAngles(t *testing.T) {
	g := Geodetic{Lat: 50.45, Lon: 30.52}
	o := NewObserver(g)
	above := Geodetic{Lat: 50.45, Lon: 30.52, Alt: 550}.ToECEF()
	la := o.Look(above)
	if math.Abs((la.Elevation-90).Deg()) > zenithDeg || math.Abs((la.Range-550).Km()) > mmKm {
		t.Errorf("overhead: %+v", la)
	}
	if rtt := 2 * la.Range.Km() / 299792.458 * 1000; math.Abs(rtt-3.669) > 0.001 {
		t.Errorf("overhead RTT %.4f ms, want 3.669", rtt)
	}
	east := vec.Vec3(o.Pos).Add(o.East.Scale(100))
	la = o.Look(ECEF(east))
	if math.Abs((la.Azimuth-90).Deg()) > nanoDeg || math.Abs(la.Elevation.Deg()) > nanoDeg {
		t.Errorf("east: %+v", la)
	}
	north := vec.Vec3(o.Pos).Add(o.North.Scale(100)).Add(o.Up.Scale(100))
	la = o.Look(ECEF(north))
	if math.Abs(la.Azimuth.Deg()) > nanoDeg || math.Abs((la.Elevation-45).Deg()) > nanoDeg {
		t.Errorf("north 45°: %+v", la)
	}
	if s, r := o.SinElevation(ECEF(north)); math.Abs(s-math.Sqrt(0.5)) > roundoff || math.Abs(r-100*math.Sqrt2) > exactKm {
		t.Errorf("SinElevation %v %v", s, r)
	}
}

// TestTEMEToECEF: the rotation by GMST leaves z and |r| unchanged and turns
// the x axis by −θ; the ECEF velocity of a point fixed on the Earth is zero.
func TestTEMEToECEF(t *testing.T) {
	j := timescale.FromCalendar(2026, 2, 23, 6, 0, 0)
	rot := RotationAt(j)
	th := timescale.GMST(j)
	p := rot.Position(TEME{7000, 0, 100})
	if math.Abs(p[0]-7000*math.Cos(th)) > exactKm || math.Abs(p[1]+7000*math.Sin(th)) > exactKm || p[2] != 100 {
		t.Errorf("rotation: %v", p)
	}
	// A point fixed in ECEF moves in TEME with ω × r; converted back its velocity is 0.
	fixed := ECEF{6378, 100, 50}
	inv := RotationByAngle(-th)
	r := TEME(inv.Position(TEME(fixed))) // ECEF → TEME (inverse rotation)
	v := TEME{-EarthRotationRate * r[1], EarthRotationRate * r[0], 0}
	if w := rot.Velocity(r, v); vec.Vec3(w).Norm() > roundoff {
		t.Errorf("fixed point velocity %v", w)
	}
}

// TestGeodeticFast compares the display conversion with the iterated one
// over heights from the ground to geostationary orbit and beyond, at every
// latitude (seeded), and on the polar axis and at the centre.
func TestGeodeticFast(t *testing.T) {
	const (
		degTol = nanoDeg
		kmTol  = mmKm
	)
	rng := rand.New(rand.NewPCG(1, 2))
	var worstDeg, worstKm float64
	check := func(p ECEF, got, want Geodetic) bool {
		dlat := math.Abs((got.Lat - want.Lat).Deg())
		dlon := math.Abs(math.Remainder((got.Lon - want.Lon).Deg(), 360))
		dalt := math.Abs((got.Alt - want.Alt).Km())
		worstDeg = max(worstDeg, dlat, dlon)
		worstKm = max(worstKm, dalt)
		return dlat <= degTol && dlon <= degTol && dalt <= kmTol
	}
	for i := range 200000 {
		g := Geodetic{
			Lat: units.Deg(rng.Float64()*180 - 90),
			Lon: units.Deg(rng.Float64()*360 - 180),
			Alt: units.Km(rng.Float64() * 40000),
		}
		if i%4 == 0 {
			g.Alt = units.Km(300 + rng.Float64()*1200) // LEO
		}
		p := g.ToECEF()
		if got, want := p.GeodeticFast(), p.Geodetic(); !check(p, got, want) {
			t.Fatalf("%+v: got %+v; Geodetic %+v", g, got, want)
		}
	}
	t.Logf("worst difference %.2g° and %.2g km", worstDeg, worstKm)
	for _, p := range []ECEF{{0, 0, 7000}, {0, 0, -7000}, {0, 0, 0}, {7000, 0, 0}} {
		if got, want := p.GeodeticFast(), p.Geodetic(); !check(p, got, want) {
			t.Errorf("%v: got %+v; Geodetic %+v", p, got, want)
		}
	}
}

func BenchmarkGeodetic(b *testing.B) {
	p := Geodetic{Lat: 41.3, Lon: -12.5, Alt: 550}.ToECEF()
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			p.GeodeticFast()
		}
	})
	b.Run("iterated", func(b *testing.B) {
		for b.Loop() {
			p.Geodetic()
		}
	})
}
