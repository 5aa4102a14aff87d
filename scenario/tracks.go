package scenario

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"orbitnet/ground"
	"orbitnet/internal/limits"
	"orbitnet/mobility"
	"orbitnet/orbit/units"
	"orbitnet/sim"
)

// TrackSpec is a moving node (ground.terminals.tracks[i]): exactly one of
// flight, waypoints or file.
type TrackSpec struct {
	Name string `yaml:"name" json:"name"`
	// Kind is aircraft, ship, vehicle or drone (default aircraft for a
	// flight, else required): it sets the speed limit (docs/scenario.md).
	Kind      string         `yaml:"kind,omitempty" json:"kind,omitempty"`
	Flight    *FlightSpec    `yaml:"flight,omitempty" json:"flight,omitempty"`
	Waypoints []WaypointSpec `yaml:"waypoints,omitempty" json:"waypoints,omitempty"`
	// File is a GPX (.gpx) or CSV track file, relative to the scenario.
	File string `yaml:"file,omitempty" json:"file,omitempty"`
}

// FlightSpec is a great-circle flight between two places (IATA airport
// codes, cities or lat,lon).
type FlightSpec struct {
	From       string  `yaml:"from" json:"from"`
	To         string  `yaml:"to" json:"to"`
	Depart     string  `yaml:"depart,omitempty" json:"depart,omitempty"`
	CruiseKmh  float64 `yaml:"cruise_kmh,omitempty" json:"cruise_kmh,omitempty"`
	CruiseAltM float64 `yaml:"cruise_alt_m,omitempty" json:"cruise_alt_m,omitempty"`
	ClimbMps   float64 `yaml:"climb_mps,omitempty" json:"climb_mps,omitempty"`
	DescentMps float64 `yaml:"descent_mps,omitempty" json:"descent_mps,omitempty"`
}

// WaypointSpec is one waypoint: a place and either a time (offset from the
// start, or RFC 3339) or the speed from the previous waypoint.
type WaypointSpec struct {
	Place    string  `yaml:"place" json:"place"`
	At       string  `yaml:"at,omitempty" json:"at,omitempty"`
	SpeedKmh float64 `yaml:"speed_kmh,omitempty" json:"speed_kmh,omitempty"`
}

// MaxTracks bounds the tracks of one node group.
const MaxTracks = 10_000

// loadTracks resolves a group's tracks into nodes (at their position at
// the start) and their tracks.
func loadTracks(specs []TrackSpec, key string, kind ground.Kind, src *source, start time.Time) ([]ground.Node, []*mobility.Track, error) {
	if len(specs) > MaxTracks {
		return nil, nil, src.errorf(key+".tracks", "%d tracks: more than %d", len(specs), MaxTracks)
	}
	var nodes []ground.Node
	var tracks []*mobility.Track
	for i, sp := range specs {
		k := fmt.Sprintf("%s.tracks[%d]", key, i)
		if strings.TrimSpace(sp.Name) == "" {
			return nil, nil, src.errorf(k+".name", "empty name")
		}
		given := 0
		for _, b := range []bool{sp.Flight != nil, len(sp.Waypoints) > 0, sp.File != ""} {
			if b {
				given++
			}
		}
		if given != 1 {
			return nil, nil, src.errorf(k, "give exactly one of flight, waypoints or file")
		}
		mk := mobility.Aircraft
		if sp.Kind != "" {
			var err error
			if mk, err = mobility.ParseKind(sp.Kind); err != nil {
				return nil, nil, src.errorf(k+".kind", "%v", err)
			}
		} else if sp.Flight == nil {
			return nil, nil, src.errorf(k+".kind", "missing: aircraft, ship, vehicle or drone (it sets the speed limit)")
		}
		var tr *mobility.Track
		var err error
		switch {
		case sp.Flight != nil:
			tr, err = flightTrack(sp.Flight, mk, k+".flight", src, start)
		case len(sp.Waypoints) > 0:
			tr, err = waypointTrack(sp.Waypoints, mk, k, src, start)
		default:
			tr, err = fileTrack(sp.File, mk, k+".file", src, start)
		}
		if err != nil {
			return nil, nil, err
		}
		nodes = append(nodes, ground.Node{Name: sp.Name, Kind: kind, Pos: tr.At(0)})
		tracks = append(tracks, tr)
	}
	return nodes, tracks, nil
}

func flightTrack(f *FlightSpec, kind mobility.Kind, k string, src *source, start time.Time) (*mobility.Track, error) {
	if kind != mobility.Aircraft && kind != mobility.Drone {
		return nil, src.errorf(k, "a flight needs kind aircraft or drone, not %s", kind)
	}
	_, from, err := mobility.ParsePlace(f.From)
	if err != nil {
		return nil, src.errorf(k+".from", "%v", err)
	}
	_, to, err := mobility.ParsePlace(f.To)
	if err != nil {
		return nil, src.errorf(k+".to", "%v", err)
	}
	p := mobility.FlightPlan{From: from, To: to, CruiseKmh: f.CruiseKmh, CruiseAlt: units.Km(f.CruiseAltM / 1000),
		ClimbMps: f.ClimbMps, DescentMps: f.DescentMps}
	if p.CruiseKmh == 0 {
		p.CruiseKmh = mobility.DefaultCruiseKmh
	}
	if f.CruiseAltM == 0 {
		p.CruiseAlt = mobility.DefaultCruiseAltKm
	}
	if p.ClimbMps == 0 {
		p.ClimbMps = mobility.DefaultClimbMps
	}
	if p.DescentMps == 0 {
		p.DescentMps = mobility.DefaultDescentMps
	}
	if f.Depart != "" {
		d, err := offsetOrTime(f.Depart, start)
		if err != nil {
			return nil, src.errorf(k+".depart", "%v", err)
		}
		p.Depart = d
	}
	if kind == mobility.Drone && p.CruiseKmh > mobility.MaxSpeedKmh[mobility.Drone] {
		return nil, src.errorf(k+".cruise_kmh", "%v: above the drone limit of %v km/h", p.CruiseKmh, mobility.MaxSpeedKmh[mobility.Drone])
	}
	tr, err := mobility.Flight(p)
	if err != nil {
		return nil, trackErr(err, k, src)
	}
	if kind == mobility.Drone {
		tr, err = mobility.NewTrack(mobility.Drone, tr.Points(), nil)
		if err != nil {
			return nil, trackErr(err, k, src)
		}
	}
	return tr, nil
}

func waypointTrack(ws []WaypointSpec, kind mobility.Kind, k string, src *source, start time.Time) (*mobility.Track, error) {
	if len(ws) > mobility.MaxPoints {
		return nil, src.errorf(k+".waypoints", "more than %d waypoints", mobility.MaxPoints)
	}
	wps := make([]mobility.Waypoint, len(ws))
	for i, w := range ws {
		wk := fmt.Sprintf("%s.waypoints[%d]", k, i)
		_, pos, err := mobility.ParsePlace(w.Place)
		if err != nil {
			return nil, src.errorf(wk+".place", "%v", err)
		}
		wps[i] = mobility.Waypoint{Pos: pos, SpeedKmh: w.SpeedKmh}
		if w.At != "" {
			if wps[i].At, err = offsetOrTime(w.At, start); err != nil {
				return nil, src.errorf(wk+".at", "%v", err)
			}
			wps[i].HasAt = true
		}
		if w.SpeedKmh < 0 {
			return nil, src.errorf(wk+".speed_kmh", "%v: must be positive", w.SpeedKmh)
		}
	}
	tr, err := mobility.Waypoints(kind, wps)
	if err != nil {
		return nil, trackErr(err, k, src)
	}
	return tr, nil
}

func fileTrack(file string, kind mobility.Kind, k string, src *source, start time.Time) (*mobility.Track, error) {
	if src.dir == "" && !isAbs(file) {
		return nil, src.errorf(k, "an embedded scenario cannot refer to a relative file %q", file)
	}
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".gpx" && ext != ".csv" {
		return nil, src.errorf(k, "%q: want a .gpx or .csv track file", file)
	}
	data, err := limits.ReadFile(src.path(file), mobility.MaxFileBytes)
	if err != nil {
		return nil, src.errorf(k, "cannot read %s: %v", file, unwrapPathError(err))
	}
	var tr *mobility.Track
	switch ext {
	case ".gpx":
		tr, err = mobility.ReadGPX(data, src.path(file), kind, start)
	default:
		tr, err = mobility.ReadCSV(data, src.path(file), kind, start)
	}
	if err != nil {
		return nil, err // the error names the file, line and field
	}
	return tr, nil
}

// trackErr locates a mobility error under the scenario key k.
func trackErr(err error, k string, src *source) error {
	var pe *mobility.PointError
	if !errors.As(err, &pe) {
		return src.errorf(k, "%v", err)
	}
	key := k
	if pe.File != "" {
		key += "." + pe.File
	}
	field := map[string]string{"time": "at", "lat": "place", "lon": "place", "alt": "place"}[pe.Field]
	switch {
	case strings.HasPrefix(pe.File, "waypoints[") && field != "":
		key += "." + field
	case pe.File == "" && pe.Field != "" && !strings.Contains(pe.Field, "["):
		key += "." + pe.Field
	case pe.File == "" && pe.Field != "":
		key += "." + pe.Field
	}
	return src.errorf(key, "%s", pe.Msg)
}

// offsetOrTime reads an offset from the start ("90m") or an RFC 3339 time.
func offsetOrTime(s string, start time.Time) (time.Duration, error) {
	if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s)); err == nil {
		return t.Sub(start), nil
	}
	d, err := parseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an offset (90m) or an RFC 3339 time", s)
	}
	return d, nil
}

// WantsTerminals reports whether a run of the scenario reports
// per-terminal statistics (terminals.csv): output.terminals or
// output.terminals_parquet, or some node moves.
func (sc *Scenario) WantsTerminals() bool {
	return sc.File.Output.Terminals || sc.File.Output.TerminalsParquet || len(sc.Config.Moving) > 0
}

// movingConfig is filled by resolveGround: the tracks of moving nodes.
func addMoving(cfg *sim.Config, first int, tracks []*mobility.Track) {
	for i, tr := range tracks {
		cfg.Moving = append(cfg.Moving, sim.MovingNode{Node: first + i, Track: tr})
	}
}
