package tle

import (
	"time"

	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
)

// Elements is one mean element set in the convention of NORAD two-line
// elements (Kozai mean motion, TEME of epoch, SGP4 B* drag term). Both the TLE
// and the OMM readers produce it, as does the Walker-shell generator, so every
// downstream consumer sees one kind of satellite.
//
// Angles are in degrees and mean motion in revolutions per day, exactly as
// written in the source; the propagator converts them once at initialisation.
type Elements struct {
	Name           string       // object name (third line of a 3LE, OBJECT_NAME in OMM); may be empty
	CatalogNumber  int          // NORAD catalog number (Alpha-5 decoded: A0000 = 100000)
	Classification byte         // 'U', 'C', 'S' or ' '
	IntlDesignator string       // international designator as written, e.g. "19074B"; may be empty
	EpochYear      int          // four-digit year of the epoch
	EpochDay       float64      // day of year with fraction (1.0 = 1 January 00:00 UTC)
	Epoch          time.Time    // the same epoch as a UTC time, rounded to the microsecond
	EpochJD        timescale.JD // the epoch as a two-part Julian date (full precision)

	MeanMotionDot  float64 // ṅ/2, rev/day² (first derivative of mean motion divided by two)
	MeanMotionDDot float64 // n̈/6, rev/day³
	BStar          float64 // B* drag term, 1/earth radii
	EphemerisType  int
	ElementSetNo   int

	Inclination  units.Angle // i
	RAAN         units.Angle // right ascension of the ascending node Ω
	Eccentricity float64     // e, dimensionless
	ArgPerigee   units.Angle // argument of perigee ω
	MeanAnomaly  units.Angle // mean anomaly M
	MeanMotion   float64     // n, revolutions per day (Kozai mean motion)
	RevNumber    int         // revolution number at epoch
}
