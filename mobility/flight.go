package mobility

import (
	"fmt"
	"math"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// FlightPlan is a great-circle flight between two places.
type FlightPlan struct {
	From, To frame.Geodetic
	// Depart is the take-off time as an offset from the scenario's start.
	Depart time.Duration
	// CruiseKmh is the ground speed, held from take-off to landing (the
	// slower climb and approach are not modelled; a flight's duration is
	// its great-circle length over this speed).
	CruiseKmh float64
	// CruiseAlt is the cruise height above the ellipsoid.
	CruiseAlt units.Length
	// ClimbMps and DescentMps are the vertical speeds (m/s) from take-off
	// to cruise height and from it to landing. When the flight is too short
	// to reach cruise height it turns to descend where the two meet.
	ClimbMps, DescentMps float64
}

// Flight defaults (an A350 or B787 on a long-haul route): cruise at
// 900 km/h and 11,000 m, climb at 10 m/s (about 2,000 ft/min) and descend
// at 8 m/s (about 1,500 ft/min).
const (
	DefaultCruiseKmh   = 900
	DefaultCruiseAltKm = 11
	DefaultClimbMps    = 10
	DefaultDescentMps  = 8
)

// flightSample is the spacing of a flight's points; between them the track
// follows the great circle exactly and the height linearly, which is the
// flight's own profile except at the two corners (top of climb, top of
// descent), where points are added.
const flightSample = time.Minute

// maxFlight bounds a flight's duration (points are allocated per minute).
const maxFlight = 48 * time.Hour

// Duration returns the time from take-off to landing.
func (f FlightPlan) Duration() time.Duration {
	km := ground.Geodesic(f.From, f.To)
	return time.Duration(km.Km() / f.CruiseKmh * float64(time.Hour))
}

// Check reports the first bad field of the plan, by its scenario key name.
func (f FlightPlan) Check() (field string, err error) {
	switch {
	case !(f.CruiseKmh > 0 && f.CruiseKmh <= MaxSpeedKmh[Aircraft]):
		return "cruise_kmh", fmt.Errorf("%v: must be in (0, %v] km/h (the aircraft limit)", f.CruiseKmh, MaxSpeedKmh[Aircraft])
	case !(f.CruiseAlt.Km()*1000 >= 0 && f.CruiseAlt.Km() <= MaxAltKm):
		return "cruise_alt_m", fmt.Errorf("%v: must be in [0, %v] m", f.CruiseAlt.Km()*1000, MaxAltKm*1000)
	case !(f.ClimbMps > 0 && f.ClimbMps <= 100):
		return "climb_mps", fmt.Errorf("%v: must be in (0, 100] m/s", f.ClimbMps)
	case !(f.DescentMps > 0 && f.DescentMps <= 100):
		return "descent_mps", fmt.Errorf("%v: must be in (0, 100] m/s", f.DescentMps)
	case f.Depart < 0:
		return "depart", fmt.Errorf("%v: must not be negative", f.Depart)
	case ground.Geodesic(f.From, f.To) < 1:
		return "to", fmt.Errorf("the flight's ends are less than 1 km apart")
	case f.Duration() > maxFlight:
		return "cruise_kmh", fmt.Errorf("the flight would take %v, more than %v", f.Duration().Round(time.Minute), maxFlight)
	}
	return "", nil
}

// altAt is the height (km) t after take-off of a flight lasting total.
func (f FlightPlan) altAt(t, total time.Duration) float64 {
	up := f.From.Alt.Km() + f.ClimbMps/1000*t.Seconds()
	down := f.To.Alt.Km() + f.DescentMps/1000*(total-t).Seconds()
	return math.Max(math.Min(math.Min(up, down), math.Max(f.CruiseAlt.Km(), math.Max(f.From.Alt.Km(), f.To.Alt.Km()))), MinAltKm)
}

// Flight returns the flight's track: a point every minute along the great
// circle, plus the top of climb and top of descent.
func Flight(f FlightPlan) (*Track, error) {
	if field, err := f.Check(); err != nil {
		return nil, &PointError{Field: field, Msg: err.Error()}
	}
	total := f.Duration()
	cruise := math.Max(f.CruiseAlt.Km(), math.Max(f.From.Alt.Km(), f.To.Alt.Km()))
	toc := time.Duration((cruise - f.From.Alt.Km()) * 1000 / f.ClimbMps * float64(time.Second))
	tod := total - time.Duration((cruise-f.To.Alt.Km())*1000/f.DescentMps*float64(time.Second))
	times := make([]time.Duration, 0, int(total/flightSample)+4)
	for t := time.Duration(0); t < total; t += flightSample {
		times = append(times, t)
	}
	times = append(times, total)
	for _, c := range []time.Duration{toc, tod} {
		if c > 0 && c < total {
			times = append(times, c)
		}
	}
	// the meeting point of climb and descent when cruise height is not reached
	if toc >= tod {
		// From.Alt + c·t = To.Alt + d·(T − t)
		c, d := f.ClimbMps/1000, f.DescentMps/1000
		tm := (f.To.Alt.Km() - f.From.Alt.Km() + d*total.Seconds()) / (c + d)
		if m := time.Duration(tm * float64(time.Second)); m > 0 && m < total {
			times = append(times, m)
		}
	}
	sortDurations(times)
	pts := make([]Point, 0, len(times))
	for _, t := range times {
		if len(pts) > 0 && pts[len(pts)-1].Offset == f.Depart+t {
			continue
		}
		p := Intermediate(f.From, f.To, float64(t)/float64(total))
		p.Alt = units.Km(f.altAt(t, total))
		pts = append(pts, Point{Offset: f.Depart + t, Pos: p})
	}
	return NewTrack(Aircraft, pts, nil)
}

func sortDurations(s []time.Duration) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Waypoint is one stop of a waypoint track: the node is at Pos at At, or,
// when At is not given (HasAt false), it gets there from the previous
// waypoint at SpeedKmh along the great circle.
type Waypoint struct {
	Pos      frame.Geodetic
	At       time.Duration
	HasAt    bool
	SpeedKmh float64
}

// Waypoints returns the track through the waypoints. The first needs a
// time (At) or starts at offset 0; each later one needs a time or a speed.
// Errors name the waypoint by index (Field "waypoints[i].at" and so on).
func Waypoints(kind Kind, wps []Waypoint) (*Track, error) {
	if len(wps) < 2 {
		return nil, &PointError{Field: "waypoints", Msg: fmt.Sprintf("%d waypoints: a track needs at least 2", len(wps))}
	}
	if len(wps) > MaxPoints {
		return nil, &PointError{Field: "waypoints", Msg: fmt.Sprintf("more than %d waypoints", MaxPoints)}
	}
	pts := make([]Point, len(wps))
	for i, w := range wps {
		field := fmt.Sprintf("waypoints[%d]", i)
		switch {
		case w.HasAt && w.SpeedKmh != 0:
			return nil, &PointError{Field: field, Msg: "give at or speed_kmh, not both"}
		case w.HasAt:
			pts[i] = Point{Offset: w.At, Pos: w.Pos}
		case i == 0:
			if w.SpeedKmh != 0 {
				return nil, &PointError{Field: field + ".speed_kmh", Msg: "the first waypoint has no previous one to travel from; give at (default 0s)"}
			}
			pts[i] = Point{Pos: w.Pos}
		case !(w.SpeedKmh > 0):
			return nil, &PointError{Field: field, Msg: "give at (a time) or speed_kmh (> 0)"}
		default:
			km := ground.Geodesic(pts[i-1].Pos, w.Pos)
			dt := time.Duration(km.Km() / w.SpeedKmh * float64(time.Hour))
			if dt <= 0 {
				dt = time.Millisecond
			}
			pts[i] = Point{Offset: pts[i-1].Offset + dt, Pos: w.Pos}
		}
	}
	return NewTrack(kind, pts, func(i int) (string, int) { return fmt.Sprintf("waypoints[%d]", i), 0 })
}
