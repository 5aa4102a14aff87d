package server

import (
	"math"
	"math/rand/v2"
	"testing"

	"orbitnet/orbit/frame"
)

// TestGeodetic compares the display conversion with package frame's
// iterated one over heights from the ground to geostationary orbit and
// beyond, at every latitude (seeded).
func TestGeodetic(t *testing.T) {
	const (
		degTol = 1e-9 // degrees
		kmTol  = 1e-6 // 1 mm
	)
	rng := rand.New(rand.NewPCG(1, 2))
	var worstDeg, worstKm float64
	for i := range 200000 {
		g := frame.Geodetic{
			LatDeg: rng.Float64()*180 - 90,
			LonDeg: rng.Float64()*360 - 180,
			AltKm:  rng.Float64() * 40000,
		}
		if i%4 == 0 {
			g.AltKm = 300 + rng.Float64()*1200 // LEO
		}
		p := g.ToECEF()
		want := p.Geodetic()
		lat, lon, alt := geodetic(p[0], p[1], p[2])
		dlon := math.Abs(math.Remainder(lon-want.LonDeg, 360))
		worstDeg = max(worstDeg, math.Abs(lat-want.LatDeg), dlon)
		worstKm = max(worstKm, math.Abs(alt-want.AltKm))
		if math.Abs(lat-want.LatDeg) > degTol || dlon > degTol || math.Abs(alt-want.AltKm) > kmTol {
			t.Fatalf("%+v: got %v, %v, %v; frame %+v", g, lat, lon, alt, want)
		}
	}
	t.Logf("worst difference %.2g° and %.2g km", worstDeg, worstKm)
	for _, p := range []frame.ECEF{{0, 0, 7000}, {0, 0, -7000}, {0, 0, 0}, {7000, 0, 0}} {
		want := p.Geodetic()
		lat, lon, alt := geodetic(p[0], p[1], p[2])
		if math.Abs(lat-want.LatDeg) > degTol || math.Abs(lon-want.LonDeg) > degTol || math.Abs(alt-want.AltKm) > kmTol {
			t.Errorf("%v: got %v, %v, %v; frame %+v", p, lat, lon, alt, want)
		}
	}
}

func BenchmarkGeodetic(b *testing.B) {
	p := frame.Geodetic{LatDeg: 41.3, LonDeg: -12.5, AltKm: 550}.ToECEF()
	b.Run("server", func(b *testing.B) {
		for b.Loop() {
			geodetic(p[0], p[1], p[2])
		}
	})
	b.Run("frame", func(b *testing.B) {
		for b.Loop() {
			p.Geodetic()
		}
	})
}
