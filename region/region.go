package region

import (
	"math"
	"slices"
)

// EarthRadiusKm is the radius of the sphere on which areas are measured:
// the WGS-84 authalic radius, of the sphere with the same surface area as
// the ellipsoid (NIMA TR8350.2, 3rd ed., Table 3.5: 6,371,007.1810 m).
const EarthRadiusKm = 6371.0071810

const degree = math.Pi / 180

// poleOffset is how far from a pole, in degrees, Contains tests a pole.
const poleOffset = 1e-9

// Point is a position in degrees: Lon east positive, Lat north positive.
// The field order follows GeoJSON ([lon, lat]).
type Point struct{ Lon, Lat float64 }

// Rect is a longitude–latitude bounding box in degrees. For a region that
// crosses the antimeridian with continuous coordinates, MaxLon may exceed
// 180 (or MinLon fall below −180); a region split at ±180, as Natural
// Earth's Russia and Fiji are, spans [−180, 180].
type Rect struct{ MinLon, MinLat, MaxLon, MaxLat float64 }

// polygon is one outer ring and its holes. Each ring is closed (its last
// point equals its first) and has at least four points; consecutive points
// differ by at most 180° of longitude (see unwrapRing).
type polygon struct {
	rings  [][]Point
	bounds Rect
	nPos   []int // positions each ring was given with (makeRing may add some to close it along a pole)
}

// Region is a named area made of one or more polygons. The zero Region is
// empty: it contains no point. A Region's outline is immutable; the
// exported fields may be changed freely.
type Region struct {
	Name string // as the source names it, e.g. "Ukraine"
	ISO  string // ISO 3166-1 alpha-3 code, e.g. "UKR"; empty if none
	ISO2 string // ISO 3166-1 alpha-2 code, e.g. "UA"; empty if none

	polys  []polygon
	bounds Rect
	wraps  bool // some ring has longitudes beyond ±180
}

// newRegion builds a region from polygons, computing the bounds.
func newRegion(name string, polys []polygon) *Region {
	r := &Region{Name: name, polys: polys}
	r.bounds = Rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range polys {
		b := p.bounds
		r.bounds = Rect{min(r.bounds.MinLon, b.MinLon), min(r.bounds.MinLat, b.MinLat),
			max(r.bounds.MaxLon, b.MaxLon), max(r.bounds.MaxLat, b.MaxLat)}
	}
	r.wraps = r.bounds.MinLon < -180 || r.bounds.MaxLon > 180
	return r
}

// Bounds returns the region's bounding box. It is all zeros for an empty
// region.
func (r *Region) Bounds() Rect {
	if len(r.polys) == 0 {
		return Rect{}
	}
	return r.bounds
}

// Outline returns the region's rings, outer boundaries and holes alike,
// for plotting: each ring is a closed list of points (last equals first).
// Rings that cross the antimeridian are continuous, so their longitudes
// may pass ±180; a ring around a pole is closed along the pole's latitude.
// The slices are copies.
func (r *Region) Outline() [][]Point {
	var out [][]Point
	for _, p := range r.polys {
		for _, ring := range p.rings {
			out = append(out, slices.Clone(ring))
		}
	}
	return out
}

// Contains reports whether the point at lat, lon (degrees) lies inside the
// region: inside one of its polygons by the even–odd rule, so a point in a
// hole is outside. Any longitude is accepted (it is taken modulo 360); a
// latitude outside [−90, 90] or NaN is outside. Points exactly on an edge
// may fall either way, except that a pole is tested 1e-9° (0.1 mm) from
// it, so that a region reaching a pole contains it.
//
// Method: ray casting along the parallel through the point, counting the
// polygon edges that cross the parallel east of it, O(vertices). For
// regions whose rings cross the antimeridian the test is repeated with the
// longitude shifted by ±360°.
func (r *Region) Contains(lat, lon float64) bool {
	if !(lat >= -90 && lat <= 90) || math.IsNaN(lon) || math.IsInf(lon, 0) {
		return false
	}
	lon = math.Remainder(lon, 360)
	lat = min(max(lat, -90+poleOffset), 90-poleOffset)
	for i := range r.polys {
		p := &r.polys[i]
		if lat < p.bounds.MinLat || lat > p.bounds.MaxLat {
			continue
		}
		xs, n := r.lonCandidates(lon)
		for _, x := range xs[:n] {
			if x >= p.bounds.MinLon && x <= p.bounds.MaxLon && p.oddCrossings(lat, x) {
				return true
			}
		}
	}
	return false
}

// lonCandidates returns lon and, for a region that extends past ±180, lon
// shifted by ±360.
func (r *Region) lonCandidates(lon float64) ([3]float64, int) {
	if !r.wraps {
		return [3]float64{lon}, 1
	}
	return [3]float64{lon, lon + 360, lon - 360}, 3
}

// oddCrossings reports whether an odd number of the polygon's edges cross
// the parallel lat strictly east of lon.
func (p *polygon) oddCrossings(lat, lon float64) bool {
	odd := false
	for _, ring := range p.rings {
		for i := 0; i+1 < len(ring); i++ {
			a, b := ring[i], ring[i+1]
			if (a.Lat > lat) != (b.Lat > lat) && crossLon(a, b, lat) > lon {
				odd = !odd
			}
		}
	}
	return odd
}

// crossings appends the longitudes where the polygon's edges cross the
// parallel lat to xs, in ring order.
func (p *polygon) crossings(lat float64, xs []float64) []float64 {
	for _, ring := range p.rings {
		for i := 0; i+1 < len(ring); i++ {
			a, b := ring[i], ring[i+1]
			if (a.Lat > lat) != (b.Lat > lat) {
				xs = append(xs, crossLon(a, b, lat))
			}
		}
	}
	return xs
}

// crossLon is the longitude where edge ab crosses the parallel lat; the
// caller ensures that it does. Contains and Grid both use it, so they
// agree exactly.
func crossLon(a, b Point, lat float64) float64 {
	return a.Lon + (lat-a.Lat)*(b.Lon-a.Lon)/(b.Lat-a.Lat)
}

// AreaKm2 returns the region's area in km² on the sphere of radius
// EarthRadiusKm, holes excluded.
//
// Method: Green's theorem in longitude λ and latitude φ: the area enclosed
// by a ring is R²·|∮ sin φ dλ|, and along an edge that is straight in
// (λ, φ) the integral is exact: Δλ · sin φ̄ · sin(Δφ/2)/(Δφ/2), with φ̄ the
// mean latitude of the edge. O(vertices).
func (r *Region) AreaKm2() float64 {
	total := 0.0
	for _, p := range r.polys {
		for i, ring := range p.rings {
			a := math.Abs(ringIntegral(ring))
			if i == 0 {
				total += a
			} else {
				total -= a
			}
		}
	}
	return total * EarthRadiusKm * EarthRadiusKm
}

// ringIntegral returns ∮ sin φ dλ around a closed ring, in radians.
func ringIntegral(ring []Point) float64 {
	sum := 0.0
	for i := 0; i+1 < len(ring); i++ {
		a, b := ring[i], ring[i+1]
		dLon := (b.Lon - a.Lon) * degree
		h := (b.Lat - a.Lat) * degree / 2
		sinc := 1.0
		if h != 0 {
			sinc = math.Sin(h) / h
		}
		sum += dLon * math.Sin((a.Lat+b.Lat)*degree/2) * sinc
	}
	return sum
}
