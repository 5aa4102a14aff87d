// Package sgp4 propagates NORAD element sets with the SGP4 model and its
// deep-space extension SDP4, following
//
//	D. A. Vallado, P. Crawford, R. Hujsak, T. S. Kelso,
//	"Revisiting Spacetrack Report #3", AIAA 2006-6753 (2006),
//
// which revises F. R. Hoots and R. L. Roehrich, Spacetrack Report #3 (1980).
// The package is written from that paper's algorithm; it is not a
// translation of any program.
//
// # Use
//
// New initialises a Satellite from a tle.Elements (sgp4init, with dscom and
// dsinit when the period is 225 minutes or more); Propagate returns the
// state tsince minutes after the element set's epoch, PropagateJD at a UTC
// Julian date. A Satellite is immutable after New: Propagate may run on one
// satellite from several goroutines, and does not allocate unless it fails.
//
// # Output frame and units
//
// Positions are in km and velocities in km/s in TEME, the True Equator,
// Mean Equinox frame of date that SGP4 works in (Vallado et al. 2006,
// appendix C): z along the true celestial pole of date, x towards the mean
// equinox of date. Convert to an Earth-fixed frame with the Greenwich mean
// sidereal time of timescale.GMST (a rotation about z), optionally with
// polar motion.
//
// # Mode and constants
//
// The mode is the paper's "improved" operation mode ('i'): the Greenwich
// sidereal angle at epoch is the IAU-82 GMST, and the Lyddane form of the
// lunar-solar periodics (perturbed inclination below 0.2 rad) leaves a
// negative node as it is rather than adding 2π. The AFSPC compatibility
// mode ('a') is not provided. The
// constants are WGS-72 by default (see WGS72), as element sets are fitted
// with them; NewWithGravity accepts WGS72Old or WGS84 for comparisons.
//
// The epoch enters the lunar-solar terms as days since 1950 January 0.0,
// taken, as the reference does, from the epoch's Julian date rounded to one
// float64 (40 µs). The resonance terms of 12-hour and 24-hour orbits are
// integrated from epoch at every call, in steps of 720 minutes (the
// reference caches the last step; the numbers are the same).
//
// # Errors
//
// A failure of the model is an *Error carrying the reference's error code
// and the time; errors.Is matches the sentinel of its code:
//
//	1 ErrMeanElements       mean eccentricity ≥ 1 or < −0.001
//	2 ErrMeanMotion         mean motion ≤ 0
//	3 ErrPerturbedElements  eccentricity outside [0, 1] after the lunar-solar periodics
//	4 ErrSemiLatusRectum    semi-latus rectum < 0
//	6 ErrDecayed            radius below one Earth radius
//
// As in the reference code (where the test is commented out), and unlike the
// paper's table of codes, code 1 does not test the mean semi-major axis
// (a < 0.95 earth radii): the decay check catches such orbits; the
// verification output is the same either way. Code 5 (perigee below the
// surface at epoch) is not an error either: the 2006 code set it in
// sgp4init only for its propagation to epoch to clear it, and later
// versions dropped the test; 33333 of the verification set propagates
// despite it.
//
// New reports the errors of a propagation to epoch, and code 1 or 2 for an
// eccentricity outside [0, 1) or a mean motion that is not positive. A
// tsince that is NaN or beyond ±MaxTsince is not a model failure: Propagate
// returns ErrTimeRange.
//
// # Verification
//
// The tests reproduce every line of the paper's verification output
// (testdata/tcppver.out, from testdata/SGP4-VER.TLE; see
// testdata/PROVENANCE.md): the same times, position and velocity within
// 2e-7 km and km/s per component, and the same errors at the same times.
// VerificationTimes and FormatVerificationLine give that run's times and
// line layout.
package sgp4
