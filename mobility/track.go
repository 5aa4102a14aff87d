package mobility

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// Kind is what carries a moving terminal; it sets the speed limit a track
// is checked against.
type Kind string

// Kinds of moving terminal.
const (
	Aircraft Kind = "aircraft"
	Ship     Kind = "ship"
	Vehicle  Kind = "vehicle"
	Drone    Kind = "drone"
)

// MaxSpeedKmh is the highest ground speed a track of each kind may have
// between two consecutive points. The limits are generous bounds, not
// typical speeds: a subsonic airliner with a strong jet-stream tailwind
// (about 1,300 km/h over ground has been recorded on transatlantic
// flights), a fast ferry or hydrofoil (about 80 km/h; 100 allowed), a car
// or high-speed train (350 km/h) and a racing drone (300 km/h).
var MaxSpeedKmh = map[Kind]float64{
	Aircraft: 1300,
	Ship:     100,
	Vehicle:  350,
	Drone:    300,
}

// ParseKind parses a kind name.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := MaxSpeedKmh[k]; ok {
		return k, nil
	}
	return "", fmt.Errorf("unknown kind %q; want aircraft, ship, vehicle or drone", s)
}

// Limits on track input, checked before anything is allocated for it.
const (
	// MaxPoints is the most points a track may have (a GPX log at 1 s for
	// more than two days).
	MaxPoints = 200_000
	// MaxFileBytes is the largest GPX or CSV track file read.
	MaxFileBytes = 32 << 20
	// MaxAltKm bounds a track's height above the ellipsoid (well above any
	// airliner or drone; below any satellite).
	MaxAltKm = 25
	// MinAltKm is the lowest height allowed (the Dead Sea shore is -0.43 km).
	MinAltKm = -0.5
)

// Point is one point of a track: where the node is at Offset from the
// scenario's start.
type Point struct {
	Offset time.Duration
	Pos    frame.Geodetic
}

// Track is a node's path: points in strictly increasing time. Between two
// points the node moves along the great circle at a steady speed, its
// height changing linearly; before the first point it waits at the first,
// after the last at the last. A Track is immutable and safe for
// concurrent use.
type Track struct {
	Kind   Kind
	points []Point
}

// PointError is a bad point of a track, located in its source.
type PointError struct {
	File  string // file or scenario key prefix
	Line  int    // 1-based; 0 when unknown
	Field string
	Msg   string
}

func (e *PointError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// NewTrack checks points and returns the track. where(i) names point i for
// errors (file and line); it may be nil.
func NewTrack(kind Kind, points []Point, where func(i int) (file string, line int)) (*Track, error) {
	loc := func(i int, field, format string, args ...any) error {
		e := &PointError{Field: field, Msg: fmt.Sprintf(format, args...)}
		if where != nil {
			e.File, e.Line = where(i)
		}
		return e
	}
	limit, ok := MaxSpeedKmh[kind]
	if !ok {
		return nil, loc(0, "kind", "unknown kind %q; want aircraft, ship, vehicle or drone", kind)
	}
	if len(points) == 0 {
		return nil, loc(0, "", "the track has no points")
	}
	if len(points) > MaxPoints {
		return nil, loc(MaxPoints, "", "more than %d points", MaxPoints)
	}
	for i, p := range points {
		if !(p.Pos.Lat >= -90 && p.Pos.Lat <= 90) {
			return nil, loc(i, "lat", "%v: must be in [-90, 90]", p.Pos.Lat)
		}
		if !(p.Pos.Lon >= -180 && p.Pos.Lon <= 180) {
			return nil, loc(i, "lon", "%v: must be in [-180, 180]", p.Pos.Lon)
		}
		if !(p.Pos.Alt >= MinAltKm && p.Pos.Alt <= MaxAltKm) {
			return nil, loc(i, "alt", "%v m: must be in [%v, %v] m", p.Pos.Alt*1000, MinAltKm*1000, MaxAltKm*1000)
		}
		if i == 0 {
			continue
		}
		q := points[i-1]
		if p.Offset <= q.Offset {
			return nil, loc(i, "time", "%v is not after the previous point's %v: times must increase", p.Offset, q.Offset)
		}
		km := ground.Geodesic(q.Pos, p.Pos).Km()
		if v := km / (p.Offset - q.Offset).Hours(); v > limit {
			return nil, loc(i, "time", "%.0f km/h from the previous point (%.1f km in %v) is above the %s limit of %.0f km/h",
				v, km, p.Offset-q.Offset, kind, limit)
		}
	}
	return &Track{Kind: kind, points: append([]Point(nil), points...)}, nil
}

// Points returns the track's points (the caller must not modify them).
func (t *Track) Points() []Point { return t.points }

// Start and End are the offsets of the first and last points.
func (t *Track) Start() time.Duration { return t.points[0].Offset }

// End is the offset of the last point.
func (t *Track) End() time.Duration { return t.points[len(t.points)-1].Offset }

// At returns the position at offset off from the scenario's start.
// Complexity O(log n) in the number of points.
func (t *Track) At(off time.Duration) frame.Geodetic {
	p := t.points
	if off <= p[0].Offset {
		return p[0].Pos
	}
	if off >= p[len(p)-1].Offset {
		return p[len(p)-1].Pos
	}
	i := sort.Search(len(p), func(i int) bool { return p[i].Offset > off }) // p[i-1] ≤ off < p[i]
	a, b := p[i-1], p[i]
	f := float64(off-a.Offset) / float64(b.Offset-a.Offset)
	return Intermediate(a.Pos, b.Pos, f)
}

const deg = math.Pi / 180

// Intermediate returns the point a fraction f of the way from a to b along
// the great circle (latitude and longitude taken as spherical coordinates),
// with the height interpolated linearly. For antipodal points the circle
// is not unique and the result is one of them.
func Intermediate(a, b frame.Geodetic, f float64) frame.Geodetic {
	alt := a.Alt.Km() + f*(b.Alt.Km()-a.Alt.Km())
	ua, ub := unit(a), unit(b)
	dot := ua[0]*ub[0] + ua[1]*ub[1] + ua[2]*ub[2]
	omega := math.Acos(math.Max(-1, math.Min(1, dot)))
	if omega < 1e-12 {
		return frame.Geodetic{Lat: a.Lat, Lon: a.Lon, Alt: units.Km(alt)}
	}
	s := math.Sin(omega)
	ka, kb := math.Sin((1-f)*omega)/s, math.Sin(f*omega)/s
	x, y, z := ka*ua[0]+kb*ub[0], ka*ua[1]+kb*ub[1], ka*ua[2]+kb*ub[2]
	lat := math.Atan2(z, math.Hypot(x, y)) / deg
	lon := math.Atan2(y, x) / deg
	return frame.Geodetic{Lat: units.Deg(lat), Lon: units.Deg(lon), Alt: units.Km(alt)}
}

func unit(g frame.Geodetic) [3]float64 {
	sl, cl := math.Sincos(g.Lat.Deg() * deg)
	so, co := math.Sincos(g.Lon.Deg() * deg)
	return [3]float64{cl * co, cl * so, sl}
}
