package walker

import (
	"math"
	"testing"
	"time"

	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/vec"
)

var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// TestMeanMotionRoundTrip checks that SGP4's own initialisation recovers the
// requested altitude: the orbit radius of a circular orbit, averaged over a
// revolution, equals R + h to within the J2 short-period terms.
func TestMeanMotionRoundTrip(t *testing.T) {
	cases := []struct{ alt, incl float64 }{{550, 53}, {1200, 87.9}, {560, 97.6}, {630, 51.9}, {35786, 0}}
	for _, c := range cases {
		sh := Shell{Name: "t", Planes: 1, PerPlane: 1, AltitudeKm: c.alt, InclinationDeg: c.incl}
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
	sh := Shell{Name: "s", Planes: 72, PerPlane: 22, Phasing: 17, AltitudeKm: 550, InclinationDeg: 53}
	els, err := sh.Elements(epoch, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(els) != 1584 || els[0].CatalogNumber != 100 || els[1583].CatalogNumber != 1683 {
		t.Fatalf("count/catalog: %d %d", len(els), els[len(els)-1].CatalogNumber)
	}
	// Plane 1 is 5° east of plane 0, and shifted by F·360/T = 17·360/1584 in argument of latitude.
	if d := els[22].RAANDeg - els[0].RAANDeg; math.Abs(d-5) > 1e-12 {
		t.Errorf("RAAN step %v, want 5", d)
	}
	if d := els[22].MeanAnomalyDeg - els[0].MeanAnomalyDeg; math.Abs(d-17*360.0/1584) > 1e-12 {
		t.Errorf("phasing step %v", d)
	}
	if d := els[1].MeanAnomalyDeg - els[0].MeanAnomalyDeg; math.Abs(d-360.0/22) > 1e-12 {
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
		{Planes: 0, PerPlane: 1, AltitudeKm: 550},
		{Planes: 2, PerPlane: 0, AltitudeKm: 550},
		{Planes: 2, PerPlane: 2, Phasing: 2, AltitudeKm: 550},
		{Planes: 2, PerPlane: 2, AltitudeKm: 50},
		{Planes: 2, PerPlane: 2, AltitudeKm: 550, InclinationDeg: 190},
		{Planes: 2, PerPlane: 2, AltitudeKm: math.NaN()},
	}
	for _, s := range bad {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}
