package walker

import (
	"math"
	"testing"
	"time"

	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/units"
	"orbitnet/orbit/vec"
)

// Test tolerances, named by what they mean where they are used (as close
// and veryclose in Go's math/all_test.go).
const (
	// exactDeg: angles that are exact sums of the pattern's steps, apart
	// from the rounding of a few operations on values below 360°.
	exactDeg = 1e-12
	// mmKm: 1 mm in km, an altitude recovered by inverting the mean
	// motion (an iteration stopped at a relative change near 1e-12).
	mmKm = 1e-6
)

var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// TestMeanMotionRoundTrip checks that SGP4's own initialisation recovers the
// requested altitude: the orbit radius of a circular orbit, averaged over a
// revolution, equals R + h to within the J2 short-period terms.
func TestMeanMotionRoundTrip(t *testing.T) {
	cases := []struct{ alt, incl float64 }{{550, 53}, {1200, 87.9}, {560, 97.6}, {630, 51.9}, {35786, 0}}
	for _, c := range cases {
		sh := Shell{Name: "t", Planes: 1, PerPlane: 1, Altitude: units.Km(c.alt), Inclination: units.Deg(c.incl)}
		els, err := sh.Elements(epoch, 1)
		if err != nil {
			t.Fatal(err)
		}
		sat, err := sgp4.New(els[0])
		if err != nil {
			t.Fatal(err)
		}
		period := 1440 / els[0].MeanMotion // minutes
		const k = 720
		var sum float64
		for i := 0; i < k; i++ {
			r, _, err := sat.Propagate(period * float64(i) / k)
			if err != nil {
				t.Fatal(err)
			}
			sum += r.Norm()
		}
		mean := sum / k
		if want := 6378.135 + c.alt; math.Abs(mean-want) > 0.05 {
			t.Errorf("alt %v incl %v: mean radius %.3f km, want %.3f ± 0.05", c.alt, c.incl, mean, want)
		}
	}
}

func TestGeometry(t *testing.T) {
	sh := Shell{Name: "s", Planes: 72, PerPlane: 22, Phasing: 17, Altitude: 550, Inclination: 53}
	els, err := sh.Elements(epoch, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(els) != 1584 || els[0].CatalogNumber != 100 || els[1583].CatalogNumber != 1683 {
		t.Fatalf("count/catalog: %d %d", len(els), els[len(els)-1].CatalogNumber)
	}
	// Plane 1 is 5° east of plane 0, and shifted by F·360/T = 17·360/1584 in argument of latitude.
	if d := els[22].RAAN - els[0].RAAN; math.Abs((d - 5).Deg()) > exactDeg {
		t.Errorf("RAAN step %v, want 5", d)
	}
	if d := els[22].MeanAnomaly - els[0].MeanAnomaly; math.Abs((d - 17*360.0/1584).Deg()) > exactDeg {
		t.Errorf("phasing step %v", d)
	}
	if d := els[1].MeanAnomaly - els[0].MeanAnomaly; math.Abs((d - 360.0/22).Deg()) > exactDeg {
		t.Errorf("in-plane step %v", d)
	}
	// Orbit normal of satellite 0 has the requested inclination.
	sat, _ := sgp4.New(els[0])
	r, v, _ := sat.Propagate(0)
	h := r.Cross(v).Unit()
	if inc := math.Acos(h.Dot(vec.Vec3{0, 0, 1})) * 180 / math.Pi; math.Abs(inc-53) > 0.05 {
		t.Errorf("inclination from r×v %.4f°, want 53", inc)
	}
}

func TestValidate(t *testing.T) {
	bad := []Shell{
		{Planes: 0, PerPlane: 1, Altitude: 550},
		{Planes: 2, PerPlane: 0, Altitude: 550},
		{Planes: 2, PerPlane: 2, Phasing: 2, Altitude: 550},
		{Planes: 2, PerPlane: 2, Altitude: 50},
		{Planes: 2, PerPlane: 2, Altitude: 550, Inclination: 190},
		{Planes: 2, PerPlane: 2, Altitude: units.Km(math.NaN())},
		{Planes: 2, PerPlane: 2, Altitude: 550, MeanMotionRevPerDay: 15},
		{Planes: 2, PerPlane: 2, MeanMotionRevPerDay: 30},
		{Planes: 2, PerPlane: 2, MeanMotionRevPerDay: math.NaN()},
		{Planes: 4, PerPlane: 2, Altitude: 550, Phasing: 1, Stagger: true},
	}
	for _, s := range bad {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

// TestAltitudeInvertsMeanMotion: Altitude(MeanMotion(h, i), i) = h.
func TestAltitudeInvertsMeanMotion(t *testing.T) {
	for _, c := range []struct{ alt, incl float64 }{{550, 53}, {1200, 87.9}, {560, 97.6}, {630, 51.9}, {35786, 0}, {160, 28.5}} {
		if got := Altitude(MeanMotion(units.Km(c.alt), units.Deg(c.incl)), c.incl); math.Abs(got-c.alt) > mmKm {
			t.Errorf("alt %v incl %v: round trip gives %v", c.alt, c.incl, got)
		}
	}
	sh := Shell{Planes: 1, PerPlane: 1, MeanMotionRevPerDay: 14.80, Inclination: 51.9}
	if h := sh.MeanAltitude().Km(); math.Abs(h-630) > 10 {
		t.Errorf("14.80 rev/day at 51.9°: %v km, want about 630", h)
	}
}

// TestStaggerMatchesHypatia generates Kuiper's 630 km shell the way Hypatia
// does (34 × 34, 51.9°, 14.80 rev/day, odd planes half a slot on) and
// compares it with the 12 element sets of Hypatia's end-to-end test
// (snkas/hypatia satgenpy/tests/test_end_to_end_kuiper.py, MIT; written
// there with 4 decimals): satellite id → (Ω, M) in degrees.
func TestStaggerMatchesHypatia(t *testing.T) {
	sh := Shell{Name: "k", Planes: 34, PerPlane: 34, Inclination: 51.9, MeanMotionRevPerDay: 14.80, Stagger: true}
	els, err := sh.Elements(epoch, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][2]float64{
		183: {52.9412, 142.9412}, 184: {52.9412, 153.5294}, 216: {63.5294, 127.0588}, 217: {63.5294, 137.6471},
		218: {63.5294, 148.2353}, 250: {74.1176, 132.3529}, 615: {190.5882, 31.7647}, 616: {190.5882, 42.3529},
		647: {201.1765, 15.8824}, 648: {201.1765, 26.4706}, 649: {201.1765, 37.0588}, 650: {201.1765, 47.6471},
	}
	for id, w := range want {
		e := els[id]
		if math.Abs(e.RAAN.Deg()-w[0]) > 5e-5 || math.Abs(e.MeanAnomaly.Deg()-w[1]) > 5e-5 || e.MeanMotion != 14.80 || e.Inclination != 51.9 {
			t.Errorf("satellite %d: Ω %.4f M %.4f n %v i %v, Hypatia Ω %.4f M %.4f", id, e.RAAN, e.MeanAnomaly, e.MeanMotion, e.Inclination, w[0], w[1])
		}
	}
}
