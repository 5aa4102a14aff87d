package sgp4

import "math"

// Gravity is a set of Earth gravity constants for SGP4.
//
// Two-line element sets are fitted with WGS-72 constants, so WGS72 is the
// right choice for them and the one New uses; the others exist to compare
// with programs that use them. Vallado et al. (2006), section "Gravitational
// constants", discuss the choice; the values here are the ones that paper's
// getgravconst gives for each model.
type Gravity struct {
	Mu       float64 // gravitational parameter μ, km³/s²
	RadiusKm float64 // equatorial radius of the Earth, km
	// XKE is √μ in the canonical units of SGP4 (earth radii^1.5 per minute):
	// 60/√(R³/μ), or the rounded value WGS72Old carries.
	XKE float64
	J2  float64 // second zonal harmonic (unnormalised)
	J3  float64 // third zonal harmonic
	J4  float64 // fourth zonal harmonic
}

// xke returns 60/√(R³/μ), the value of Gravity.XKE derived from μ and R.
func xke(mu, radiusKm float64) float64 {
	return 60.0 / math.Sqrt(radiusKm*radiusKm*radiusKm/mu)
}

var (
	// WGS72 holds the WGS-72 constants (μ = 398600.8 km³/s², R = 6378.135 km,
	// J2 = 0.001082616, J3 = −0.00000253881, J4 = −0.00000165597), with XKE
	// derived from μ and R. They are the constants NORAD element sets are
	// fitted with and the ones the Vallado et al. (2006) verification output
	// (tcppver.out) was produced with. New uses them.
	WGS72 = Gravity{
		Mu:       398600.8,
		RadiusKm: 6378.135,
		XKE:      xke(398600.8, 6378.135),
		J2:       0.001082616,
		J3:       -0.00000253881,
		J4:       -0.00000165597,
	}

	// WGS72Old is WGS-72 as in the original Spacetrack Report #3 code: the
	// same harmonics, with XKE rounded to 0.0743669161 and μ = 398600.79964
	// km³/s².
	WGS72Old = Gravity{
		Mu:       398600.79964,
		RadiusKm: 6378.135,
		XKE:      0.0743669161,
		J2:       0.001082616,
		J3:       -0.00000253881,
		J4:       -0.00000165597,
	}

	// WGS84 holds the WGS-84 (EGM-96 zonal) constants: μ = 398600.5 km³/s²,
	// R = 6378.137 km, J2 = 0.00108262998905, J3 = −0.00000253215306,
	// J4 = −0.00000161098761. Element sets are not fitted with them; use it
	// only to compare with programs that do.
	WGS84 = Gravity{
		Mu:       398600.5,
		RadiusKm: 6378.137,
		XKE:      xke(398600.5, 6378.137),
		J2:       0.00108262998905,
		J3:       -0.00000253215306,
		J4:       -0.00000161098761,
	}
)
