// Package frame defines the reference frames orbitnet works in and the
// conversions between them:
//
//   - TEME: True Equator, Mean Equinox of date, the output frame of SGP4.
//     Origin at the Earth's centre, km (km/s for velocity).
//   - ECEF: Earth-centred, Earth-fixed (ITRF-like, polar motion neglected),
//     km. Obtained from TEME by a rotation about z by GMST (IAU-82).
//   - Geodetic: WGS-84 latitude and longitude (units.Angle, degrees; north
//     and east positive), height above the ellipsoid (units.Length, km).
//
// ECEF and TEME stay plain km vectors (the propagator's and link loops' hot
// paths); the geodetic and look-angle structs carry units types.
//
// Polar motion (≈ 10 m at the surface) is neglected, as is the difference
// between UT1 and UTC (≤ 0.9 s, ≤ 0.4 km of satellite along-track error at
// Earth rotation speed at the equator); both are far below the accuracy of
// TLE-based orbits (≈ 1 km). Where UT1−UTC is known (IERS Bulletin A), pass
// the UT1 instant to RotationAt (`orbitnet propagate --ut1-utc` does).
package frame

import (
	"math"

	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
	"orbitnet/orbit/vec"
)

// WGS-84 ellipsoid (NIMA TR8350.2, 3rd ed., Table 3.1).
const (
	WGS84A  = 6378.137              // semi-major axis, km
	WGS84F  = 1 / 298.257223563     // flattening
	WGS84E2 = WGS84F * (2 - WGS84F) // first eccentricity squared
	WGS84B  = WGS84A * (1 - WGS84F) // semi-minor axis, km
)

// EarthRotationRate is the Earth's inertial rotation rate ω⊕ in rad/s
// (IERS/WGS-84 value 7.292115e-5).
const EarthRotationRate = 7.292115e-5

// TEME is a position (km) or velocity (km/s) in the True Equator Mean Equinox frame.
type TEME vec.Vec3

// ECEF is a position (km) or velocity (km/s) in the Earth-fixed frame.
type ECEF vec.Vec3

// Vec returns the position as a plain vector.
func (p ECEF) Vec() vec.Vec3 { return vec.Vec3(p) }

// Vec returns the position as a plain vector.
func (p TEME) Vec() vec.Vec3 { return vec.Vec3(p) }

// Geodetic is a WGS-84 geodetic position. Longitude is in (−180, 180].
type Geodetic struct {
	Lat units.Angle  // geodetic latitude, north positive
	Lon units.Angle  // longitude, east positive
	Alt units.Length // height above the WGS-84 ellipsoid
}

const (
	deg = math.Pi / 180
	rad = 180 / math.Pi
)

// Rotation is the TEME→ECEF rotation at one instant: a turn by θ = GMST
// about the z axis. Computing it once per time step and applying it to every
// satellite avoids recomputing GMST.
type Rotation struct {
	cos, sin float64
}

// RotationAt returns the TEME→ECEF rotation at UT1 ≈ UTC instant j.
func RotationAt(j timescale.JD) Rotation {
	return RotationByAngle(timescale.GMST(j))
}

// RotationByAngle returns the TEME→ECEF rotation for a sidereal angle θ in radians.
func RotationByAngle(theta float64) Rotation {
	return Rotation{cos: math.Cos(theta), sin: math.Sin(theta)}
}

// Position rotates a TEME position into ECEF.
func (m Rotation) Position(p TEME) ECEF {
	return ECEF{
		m.cos*p[0] + m.sin*p[1],
		-m.sin*p[0] + m.cos*p[1],
		p[2],
	}
}

// Velocity converts a TEME velocity v at TEME position p into an ECEF velocity
// (rotated, minus ω⊕ × r).
func (m Rotation) Velocity(p, v TEME) ECEF {
	r := m.Position(p)
	w := m.Position(v)
	return ECEF{
		w[0] + EarthRotationRate*r[1],
		w[1] - EarthRotationRate*r[0],
		w[2],
	}
}

// ToECEF converts a geodetic position into ECEF (km).
func (g Geodetic) ToECEF() ECEF {
	lat, lon := g.Lat.Deg()*deg, g.Lon.Deg()*deg
	slat, clat := math.Sincos(lat)
	slon, clon := math.Sincos(lon)
	n := WGS84A / math.Sqrt(1-WGS84E2*slat*slat)
	h := g.Alt.Km()
	return ECEF{
		(n + h) * clat * clon,
		(n + h) * clat * slon,
		(n*(1-WGS84E2) + h) * slat,
	}
}

// Geodetic converts an ECEF position to WGS-84 geodetic coordinates by
// Bowring's method with two refinements, accurate to well below a millimetre
// for heights between −5,000 and 100,000 km. The centre of the Earth maps to
// latitude 0, height −a.
func (p ECEF) Geodetic() Geodetic {
	x, y, z := p[0], p[1], p[2]
	lon := math.Atan2(y, x)
	rho := math.Hypot(x, y)
	if rho == 0 && z == 0 {
		return Geodetic{Lat: 0, Lon: 0, Alt: -WGS84A}
	}
	ep2 := WGS84E2 / (1 - WGS84E2)
	// Bowring's initial parametric latitude, then iterate the exact relation.
	beta := math.Atan2(WGS84A*z, WGS84B*rho)
	var lat float64
	for range 3 {
		sb, cb := math.Sincos(beta)
		lat = math.Atan2(z+ep2*WGS84B*sb*sb*sb, rho-WGS84E2*WGS84A*cb*cb*cb)
		beta = math.Atan2((1-WGS84F)*math.Sin(lat), math.Cos(lat))
	}
	slat, clat := math.Sincos(lat)
	n := WGS84A / math.Sqrt(1-WGS84E2*slat*slat)
	var h float64
	if math.Abs(clat) > 1e-10 {
		h = rho/clat - n
	} else {
		h = math.Abs(z) - WGS84B
	}
	return Geodetic{Lat: units.Deg(lat * rad), Lon: units.Deg(lon * rad), Alt: units.Km(h)}
}

// GeodeticFast converts an ECEF position to WGS-84 geodetic coordinates by
// Bowring's one-step formula (B. R. Bowring, "Transformation from spatial
// to geographical coordinates", Survey Review 23(181), 1976) and one
// refinement of the parametric latitude, with its sine and cosine found
// algebraically rather than by trigonometric functions, and the height by
// h = p·cos φ + z·sin φ − a·√(1 − e²·sin² φ).
//
// It is the method of Geodetic with one iteration fewer and two atan2 in
// place of three sincos and four atan2 (about 3× faster, BenchmarkGeodetic);
// from the ground to 40,000 km it agrees with Geodetic to 1e-9° and 1 mm
// (TestGeodeticFast). It is meant for display (the web globe rounds to
// 1e-3° and 0.1 km), where many positions are converted per frame. The
// centre of the Earth maps to latitude 0, height −a, as in Geodetic; a
// point on the polar axis to latitude ±90°, height |z| − b.
func (p ECEF) GeodeticFast() Geodetic {
	const (
		a   = WGS84A
		b   = WGS84B
		e2  = WGS84E2
		ep2 = e2 / (1 - e2)
	)
	x, y, z := p[0], p[1], p[2]
	lonDeg := math.Atan2(y, x) * (180 / math.Pi)
	rho := math.Sqrt(x*x + y*y)
	if rho == 0 {
		if z == 0 {
			return Geodetic{Lat: 0, Lon: 0, Alt: -a}
		}
		return Geodetic{Lat: units.Deg(math.Copysign(90, z)), Lon: units.Deg(lonDeg), Alt: units.Km(math.Abs(z) - b)}
	}
	// Parametric latitude β: tan β = a·z / (b·ρ) to start (Bowring), then
	// tan β = (1 − f)·tan φ from the latitude found (one refinement).
	t := a * z / (b * rho)
	var num, den float64
	for range 2 {
		cb := 1 / math.Sqrt(1+t*t)
		sb := t * cb
		num = z + ep2*b*sb*sb*sb
		den = rho - e2*a*cb*cb*cb
		t = (1 - WGS84F) * num / den
	}
	r := math.Sqrt(num*num + den*den)
	sl, cl := num/r, den/r
	return Geodetic{
		Lat: units.Deg(math.Atan2(num, den) * (180 / math.Pi)),
		Lon: units.Deg(lonDeg),
		Alt: units.Km(rho*cl + z*sl - a*math.Sqrt(1-e2*sl*sl)),
	}
}

// LookAngles is the direction and distance from an observer on the ground to
// a target, in the observer's local horizon (topocentric east-north-up) frame.
type LookAngles struct {
	Azimuth   units.Angle  // from north, clockwise (east = 90°), in [0, 360)
	Elevation units.Angle  // above the local horizontal plane (normal to the ellipsoid), in [−90, 90]
	Range     units.Length // slant range
}

// Observer is a ground point prepared for repeated look-angle computations:
// its ECEF position and local east/north/up unit vectors.
type Observer struct {
	Pos             ECEF
	East, North, Up vec.Vec3
}

// NewObserver prepares the local frame at geodetic point g.
func NewObserver(g Geodetic) Observer {
	slat, clat := math.Sincos(g.Lat.Deg() * deg)
	slon, clon := math.Sincos(g.Lon.Deg() * deg)
	return Observer{
		Pos:   g.ToECEF(),
		East:  vec.Vec3{-slon, clon, 0},
		North: vec.Vec3{-slat * clon, -slat * slon, clat},
		Up:    vec.Vec3{clat * clon, clat * slon, slat},
	}
}

// Look returns azimuth, elevation and range from the observer to an ECEF target.
func (o Observer) Look(target ECEF) LookAngles {
	d := vec.Vec3(target).Sub(vec.Vec3(o.Pos))
	rng := d.Norm()
	e, n, u := d.Dot(o.East), d.Dot(o.North), d.Dot(o.Up)
	az := math.Atan2(e, n) * rad
	if az < 0 {
		az += 360
	}
	el := 0.0
	if rng > 0 {
		el = math.Asin(math.Max(-1, math.Min(1, u/rng))) * rad
	}
	return LookAngles{Azimuth: units.Deg(az), Elevation: units.Deg(el), Range: units.Km(rng)}
}

// SinElevation returns sin(elevation) of target seen from the observer, the
// cheap form for testing against an elevation mask (no trigonometry).
func (o Observer) SinElevation(target ECEF) (sinEl, rangeKm float64) {
	d := vec.Vec3(target).Sub(vec.Vec3(o.Pos))
	rangeKm = d.Norm()
	if rangeKm == 0 {
		return 1, 0
	}
	return d.Dot(o.Up) / rangeKm, rangeKm
}
