// Package walker generates Walker constellations: shells of circular orbits
// in evenly spaced planes with evenly spaced satellites, as element sets that
// go through the same SGP4 propagator as real TLEs (so every downstream part
// sees one kind of satellite).
//
// A Walker-delta shell i:T/P/F (Walker, "Satellite constellations", J. Brit.
// Interplanet. Soc. 37, 1984) has P planes of S = T/P satellites at
// inclination i. Plane p (0 ≤ p < P) has right ascension of the ascending node
// Ω_p = Ω_0 + p·spread/P, with spread 360° for a delta pattern (180° for a
// star pattern). Satellite s of plane p has argument of latitude
// u = 360°·s/S + 360°·F·p/T: the phasing factor F (0 ≤ F < P) shifts each
// plane by F·360°/T relative to its western neighbour.
//
// The generated orbits are circular (e = 0) with no drag (B* = 0). Altitude
// means the geocentric distance averaged over one revolution, as SGP4
// propagates the orbit, minus the WGS-72 equatorial radius (6378.135 km).
// That average differs from SGP4's mean semi-major axis by the J2
// short-period term −¾·J2·(3cos²i − 1)/a (Earth radii), up to 4.5 km for
// polar orbits, so the mean motion is solved for with that term included.
// Geodetic height above the WGS-84 ellipsoid then varies along the orbit by
// about ±11 km because of the Earth's oblateness.
package walker

import (
	"errors"
	"fmt"
	"math"
	"time"

	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/tle"
	"orbitnet/orbit/units"
)

// Shell is one Walker shell.
type Shell struct {
	Name        string
	Planes      int          // P, number of orbital planes
	PerPlane    int          // S, satellites per plane
	Phasing     int          // F, Walker phasing factor in [0, P)
	Altitude    units.Length // mean altitude (see package doc)
	Inclination units.Angle  // i
	RAANSpread  units.Angle  // spread of the ascending nodes: 360° (delta, the default when 0) or 180° (star)
	RAANOffset  units.Angle  // Ω_0, right ascension of plane 0 at epoch
	// MeanMotionRevPerDay, when positive, is every orbit's Kozai mean
	// motion, used as given instead of the one solved from Altitude
	// (which must then be 0): for element sets written by other tools, such
	// as Hypatia's 14.80 rev/day for Kuiper's 630 km shell.
	MeanMotionRevPerDay float64
	// Stagger shifts the odd planes by half a slot instead of Walker
	// phasing (F must be 0): the layout Hypatia generates ("phase_diff"),
	// which is not a Walker-delta pattern.
	Stagger bool
}

// Total returns the number of satellites T = P·S.
func (s Shell) Total() int { return s.Planes * s.PerPlane }

// Validate checks the shell's parameters.
func (s Shell) Validate() error {
	switch {
	case s.Planes < 1:
		return fmt.Errorf("planes: %d, must be at least 1", s.Planes)
	case s.PerPlane < 1:
		return fmt.Errorf("per_plane: %d, must be at least 1", s.PerPlane)
	case s.Phasing < 0 || (s.Phasing >= s.Planes && s.Planes > 1):
		return fmt.Errorf("phasing: %d, must be in [0, %d) (planes)", s.Phasing, s.Planes)
	case s.MeanMotionRevPerDay != 0 && s.Altitude != 0:
		return errors.New("mean_motion_rev_per_day: replaces altitude_km; give one of the two")
	case s.MeanMotionRevPerDay != 0 && !(s.MeanMotionRevPerDay >= 0.9 && s.MeanMotionRevPerDay <= 16.5):
		return fmt.Errorf("mean_motion_rev_per_day: %v, must be in [0.9, 16.5] (about 150 to 50,000 km up)", s.MeanMotionRevPerDay)
	case s.MeanMotionRevPerDay == 0 && !(s.Altitude >= 150 && s.Altitude <= 50000):
		return fmt.Errorf("altitude_km: %v, must be in [150, 50000] km", s.Altitude)
	case s.Stagger && s.Phasing != 0:
		return fmt.Errorf("phasing: %d; a staggered shell (odd planes half a slot on) takes no Walker phasing", s.Phasing)
	case !(s.Inclination >= 0 && s.Inclination <= 180):
		return fmt.Errorf("inclination_deg: %v, must be in [0, 180]", s.Inclination)
	case s.RAANSpread < 0 || s.RAANSpread > 360 || math.IsNaN(s.RAANSpread.Deg()):
		return fmt.Errorf("raan_spread_deg: %v, must be in (0, 360]", s.RAANSpread)
	case math.IsNaN(s.RAANOffset.Deg()) || math.IsInf(s.RAANOffset.Deg(), 0):
		return errors.New("raan_offset_deg: not a finite number")
	}
	if s.Total() > 1_000_000 {
		return fmt.Errorf("%d satellites in one shell is more than orbitnet supports (1,000,000)", s.Total())
	}
	return nil
}

// Slot identifies a satellite's place in its shell.
type Slot struct{ Plane, Index int }

// Elements returns the shell's element sets at the given epoch, plane by
// plane and within a plane by increasing argument of latitude, so that
// satellite s of plane p is element p·S + s. Catalog numbers count up from
// firstCatalog; names are "<shell name>-<plane>-<index>" (0-based).
func (s Shell) Elements(epoch time.Time, firstCatalog int) ([]tle.Elements, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	spread := s.RAANSpread
	if spread == 0 {
		spread = 360
	}
	n := s.MeanMotionRevPerDay
	if n == 0 {
		n = MeanMotion(s.Altitude, s.Inclination)
	}
	jd := timescale.FromTime(epoch)
	year := epoch.UTC().Year()
	day := 1 + jd.DaysSince(timescale.FromCalendar(year, 1, 1, 0, 0, 0))
	total := float64(s.Total())
	out := make([]tle.Elements, 0, s.Total())
	for p := 0; p < s.Planes; p++ {
		raan := wrap360(s.RAANOffset.Deg() + float64(p)*spread.Deg()/float64(s.Planes))
		for k := 0; k < s.PerPlane; k++ {
			u := wrap360(360*float64(k)/float64(s.PerPlane) + 360*float64(s.Phasing)*float64(p)/total)
			if s.Stagger && p%2 == 1 {
				u = wrap360(360*float64(k)/float64(s.PerPlane) + 180/float64(s.PerPlane))
			}
			out = append(out, tle.Elements{
				Name:           fmt.Sprintf("%s-%d-%d", s.Name, p, k),
				CatalogNumber:  firstCatalog + len(out),
				Classification: 'U',
				EpochYear:      year,
				EpochDay:       day,
				EpochJD:        jd,
				Epoch:          epoch.UTC(),
				Inclination:    s.Inclination,
				RAAN:           units.Deg(raan),
				Eccentricity:   0,
				ArgPerigee:     0, // circular: the argument of latitude is carried by the mean anomaly
				MeanAnomaly:    units.Deg(u),
				MeanMotion:     n,
			})
		}
	}
	return out, nil
}

func wrap360(x float64) float64 {
	x = math.Mod(x, 360)
	if x < 0 {
		x += 360
	}
	return x
}

// MeanAltitude returns the shell's altitude in the sense of the package
// doc: Altitude, or the altitude that MeanMotionRevPerDay gives.
func (s Shell) MeanAltitude() units.Length {
	if s.MeanMotionRevPerDay == 0 {
		return s.Altitude
	}
	return units.Km(Altitude(s.MeanMotionRevPerDay, s.Inclination.Deg()))
}

// Altitude inverts MeanMotion: the orbit-averaged SGP4 altitude (km above
// R⊕) of a circular orbit with Kozai mean motion n (rev/day) at inclination
// inclDeg.
func Altitude(n, inclDeg float64) float64 {
	g := sgp4.WGS72
	nk := n * 2 * math.Pi / 1440 // rad/min
	cosi := math.Cos(inclDeg * math.Pi / 180)
	con41 := 3*cosi*cosi - 1
	d1 := 0.75 * g.J2 * con41
	ak := math.Pow(g.XKE/nk, 2.0/3)
	del := d1 / (ak * ak)
	adel := ak * (1 - del*del - del*(1.0/3+134*del*del/81))
	del = d1 / (adel * adel)
	a := math.Pow(g.XKE/(nk/(1+del)), 2.0/3) // mean semi-major axis, earth radii
	return (a - 0.75*g.J2*con41/a - 1) * g.RadiusKm
}

// MeanMotion returns the Kozai mean motion, in revolutions per day, of a
// circular orbit whose orbit-averaged SGP4 radius is R⊕ + altitude (WGS-72
// R⊕ = 6378.135 km) at inclination incl. It first finds the mean
// semi-major axis a with a − ¾·J2·(3cos²i − 1)/a = R⊕ + h (the average of
// SGP4's short-period radius correction), then inverts the un-Kozai step of
// SGP4's initialisation (Vallado et al. 2006, initl); both by fixed-point
// iteration, which converges to machine precision in a few steps.
func MeanMotion(altitude units.Length, incl units.Angle) float64 {
	g := sgp4.WGS72
	target := (g.RadiusKm + altitude.Km()) / g.RadiusKm // earth radii
	cosi := math.Cos(incl.Rad())
	con41 := 3*cosi*cosi - 1
	a := target
	for range 50 {
		a = target + 0.75*g.J2*con41/a
	}
	d1 := 0.75 * g.J2 * con41             // e = 0: (1−e²)^1.5 = 1
	noUnkozai := g.XKE / math.Pow(a, 1.5) // rad/min
	nKozai := noUnkozai
	for range 50 {
		ak := math.Pow(g.XKE/nKozai, 2.0/3)
		del := d1 / (ak * ak)
		adel := ak * (1 - del*del - del*(1.0/3+134*del*del/81))
		del = d1 / (adel * adel)
		next := noUnkozai * (1 + del)
		if math.Abs(next-nKozai) < 1e-16 {
			nKozai = next
			break
		}
		nKozai = next
	}
	return nKozai * 1440 / (2 * math.Pi)
}
