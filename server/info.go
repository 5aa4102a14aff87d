package server

import (
	"encoding/json"
	"math"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"orbitnet/ground"
	"orbitnet/mobility"
	"orbitnet/region"
	"orbitnet/scenario"
)

// scenarioInfo is the answer of GET /api/scenario.
type scenarioInfo struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Source      string            `json:"source"`
	Start       string            `json:"start"`
	DurationS   float64           `json:"duration_s"`
	StepS       float64           `json:"step_s"`
	Mode        string            `json:"mode"`
	GSL         gslInfo           `json:"gsl"`
	Shells      []shellInfo       `json:"shells"`
	Satellites  satellitesInfo    `json:"satellites"`
	Ground      []groundInfo      `json:"ground"`
	Pairs       [][2]string       `json:"pairs"`
	File        *scenario.File    `json:"file"`
	ISL         islInfo           `json:"isl"`
	Failures    []failureInfo     `json:"failures"`
	Units       map[string]string `json:"units"`
}

type gslInfo struct {
	MinElevationDeg float64 `json:"min_elevation_deg"`
	MaxRangeKm      float64 `json:"max_range_km"`
	Policy          string  `json:"policy"`
}

type islInfo struct {
	Pattern    string  `json:"pattern"`
	Candidates int     `json:"candidates"`
	MaxRangeKm float64 `json:"max_range_km"`
}

type shellInfo struct {
	Name           string  `json:"name"`
	AltitudeKm     float64 `json:"altitude_km"`
	InclinationDeg float64 `json:"inclination_deg"`
	Planes         int     `json:"planes"`
	Satellites     int     `json:"satellites"`
}

// satellitesInfo lists the satellites as parallel arrays: Names[i] and
// Shell[i] (an index into shells, −1 for a satellite in no shell).
type satellitesInfo struct {
	Count int      `json:"count"`
	Names []string `json:"names"`
	Shell []int    `json:"shell"`
}

type groundInfo struct {
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	LatDeg float64 `json:"lat"`
	LonDeg float64 `json:"lon"`
	AltKm  float64 `json:"alt_km"`
	// Moving marks a node that moves (issue 17's moving terminals); lat,
	// lon and alt_km are then where it starts, and Track, when known, is
	// its path as [t, lat, lon, alt_km] points (t in s from the start,
	// increasing), between which it moves linearly (scenario tracks,
	// orbitnet/mobility).
	Moving bool         `json:"moving,omitempty"`
	Track  [][4]float64 `json:"track,omitempty"`
}

func (s *Server) buildScenarioJSON() ([]byte, error) {
	cfg := &s.cfg
	c := cfg.Constellation
	info := scenarioInfo{
		Name:        s.sc.File.Name,
		Description: s.sc.File.Description,
		Source:      s.sc.Source,
		Start:       cfg.Start.UTC().Format(time.RFC3339Nano),
		DurationS:   cfg.Duration.Seconds(),
		StepS:       cfg.Step.Seconds(),
		Mode:        string(cfg.Mode),
		GSL:         gslInfo{cfg.GSL.MinElevation.Deg(), cfg.GSL.MaxRange.Km(), string(cfg.GSL.Policy)},
		ISL:         islInfo{string(s.base.Cfg.ISL.Pattern), s.base.ISL.Len(), cfg.ISL.MaxRange.Km()},
		Pairs:       s.sc.PairNames,
		File:        &s.sc.File,
		Shells:      []shellInfo{},
		Ground:      make([]groundInfo, len(cfg.Ground)),
		Satellites:  satellitesInfo{Count: len(c.Sats), Names: make([]string, len(c.Sats)), Shell: make([]int, len(c.Sats))},
		Failures:    s.failuresInfo(),
		Units: map[string]string{
			"time": "s from start", "angle": "deg", "length": "km", "delay": "ms",
		},
	}
	if info.Pairs == nil {
		info.Pairs = [][2]string{}
	}
	for _, sh := range c.Shells {
		info.Shells = append(info.Shells, shellInfo{sh.Name, sh.Altitude.Km(), sh.Inclination.Deg(), len(sh.Planes), sh.Size()})
	}
	for i, sat := range c.Sats {
		info.Satellites.Names[i] = sat.Name
		info.Satellites.Shell[i] = sat.Shell
	}
	for i, g := range cfg.Ground {
		info.Ground[i] = groundInfo{Name: g.Name, Kind: g.Kind.String(), LatDeg: g.Pos.Lat.Deg(), LonDeg: g.Pos.Lon.Deg(), AltKm: g.Pos.Alt.Km()}
	}
	for _, m := range cfg.Moving {
		gi := &info.Ground[m.Node]
		gi.Moving = true
		if tr, ok := m.Track.(interface{ Points() []mobility.Point }); ok {
			for _, p := range tr.Points() {
				gi.Track = append(gi.Track, [4]float64{p.Offset.Seconds(), p.Pos.Lat.Deg(), p.Pos.Lon.Deg(), p.Pos.Alt.Km()})
			}
		}
	}
	b, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// handleScenario answers GET /api/scenario.
func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	writeRaw(w, s.scenarioJSON)
}

// outlinesJSON holds the country outlines, encoded once: every ring of
// every country Lookup knows, as a flat [lon, lat, lon, lat, ...] array in
// degrees rounded to 0.01° (about 1 km, far below the 1:110m outlines'
// own error).
var outlinesJSON = sync.OnceValues(func() ([]byte, error) {
	names := region.Names()
	b := []byte(`{"source":"Natural Earth 1:110m admin-0 countries v4.0.0 (public domain), Ukraine with Crimea; see region/data","rings":[`)
	first := true
	for _, name := range names {
		r, err := region.Lookup(name)
		if err != nil {
			return nil, err
		}
		for _, ring := range r.Outline() {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, '[')
			for k, p := range ring {
				if k > 0 {
					b = append(b, ',')
				}
				b = appendFixed(b, p.Lon, 2)
				b = append(b, ',')
				b = appendFixed(b, p.Lat, 2)
			}
			b = append(b, ']')
		}
	}
	b = append(b, "]}\n"...)
	return b, nil
})

// handleOutlines answers GET /api/outlines.
func (s *Server) handleOutlines(w http.ResponseWriter, r *http.Request) {
	writeCached(w, "country outlines", outlinesJSON)
}

// citiesJSON lists the embedded top-1000 cities for the page's search box:
// {"cities": [[name, lat, lon], ...]} sorted by name.
var citiesJSON = sync.OnceValues(func() ([]byte, error) {
	nodes, err := ground.Preset("cities-top1000")
	if err != nil {
		return nil, err
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].Name < nodes[j].Name })
	list := make([][3]any, len(nodes))
	for i, n := range nodes {
		list[i] = [3]any{n.Name, round(n.Pos.Lat.Deg(), 4), round(n.Pos.Lon.Deg(), 4)}
	}
	b, err := json.Marshal(map[string]any{"cities": list})
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
})

// handleCities answers GET /api/cities.
func (s *Server) handleCities(w http.ResponseWriter, r *http.Request) {
	writeCached(w, "city list", citiesJSON)
}

// appendFixed appends x with at most decimals digits after the point
// (rounded half away from zero, trailing zeros dropped), as JSON. NaN and
// infinities become null. decimals must be in [0, 6].
func appendFixed(b []byte, x float64, decimals int) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	scale := pow10[decimals]
	n := int64(math.Round(math.Abs(x) * float64(scale)))
	if n == 0 {
		return append(b, '0')
	}
	if x < 0 {
		b = append(b, '-')
	}
	ip, fp := n/scale, n%scale
	b = strconv.AppendInt(b, ip, 10)
	if fp == 0 {
		return b
	}
	b = append(b, '.')
	for d := scale / 10; d > 0 && fp > 0; d /= 10 {
		b = append(b, byte('0'+fp/d))
		fp %= d
	}
	return b
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000}

// round rounds x to the given number of decimals (for JSON answers).
func round(x float64, decimals int) float64 {
	s := float64(pow10[decimals])
	return math.Round(x*s) / s
}
