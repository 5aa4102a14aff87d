package server

import (
	"math"

	"orbitnet/orbit/frame"
)

// geodetic converts an ECEF position (km) to WGS-84 latitude, longitude
// (degrees) and height (km) for display, by Bowring's one-step formula
// (B. R. Bowring, "Transformation from spatial to geographical
// coordinates", Survey Review 23(181), 1976) and one refinement of the
// parametric latitude, with its sine and cosine found algebraically rather
// than by trigonometric functions, and the height by
// h = p·cos φ + z·sin φ − a·√(1 − e²·sin² φ).
//
// It is the method of frame.ECEF.Geodetic with one iteration fewer and
// two atan2 in place of three sincos and four atan2; from the ground to
// 40,000 km it agrees with it to 1e-9° and 1 mm (TestGeodetic), far below
// the 1e-3° and 0.1 km that /api/state rounds to. The centre of the
// Earth maps to latitude 0, height −a, as in package frame.
func geodetic(x, y, z float64) (latDeg, lonDeg, altKm float64) {
	const (
		a   = frame.WGS84A
		b   = frame.WGS84B
		e2  = frame.WGS84E2
		ep2 = e2 / (1 - e2)
	)
	lonDeg = math.Atan2(y, x) * (180 / math.Pi)
	p := math.Sqrt(x*x + y*y)
	if p == 0 {
		if z == 0 {
			return 0, 0, -a
		}
		return math.Copysign(90, z), lonDeg, math.Abs(z) - b
	}
	// Parametric latitude β: tan β = a·z / (b·p) to start (Bowring), then
	// tan β = (1 − f)·tan φ from the latitude found (one refinement).
	t := a * z / (b * p)
	var num, den float64
	for range 2 {
		cb := 1 / math.Sqrt(1+t*t)
		sb := t * cb
		num = z + ep2*b*sb*sb*sb
		den = p - e2*a*cb*cb*cb
		t = (1 - frame.WGS84F) * num / den
	}
	r := math.Sqrt(num*num + den*den)
	sl, cl := num/r, den/r
	latDeg = math.Atan2(num, den) * (180 / math.Pi)
	altKm = p*cl + z*sl - a*math.Sqrt(1-e2*sl*sl)
	return latDeg, lonDeg, altKm
}
