package server

// The globe's analysis layers: the scenario's what-if failures (in
// /api/scenario, and the satellites and ground nodes they take down in
// /api/state), the coverage grid (GET /api/coverage) and one satellite's
// links and load (GET /api/satellite). docs/api.md describes the answers.

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
	"orbitnet/region"
	"orbitnet/sim"
	"orbitnet/topology"
)

// Limits of the layer endpoints.
const (
	// MinCoverageCellDeg and MaxCoverageCellDeg bound the coverage grid's
	// cell size: 2° gives about 10,300 cells, the most one request
	// computes.
	MinCoverageCellDeg = 2.0
	MaxCoverageCellDeg = 30.0
	// DefaultCoverageCellDeg is the cell size when none is asked for.
	DefaultCoverageCellDeg = 5.0
	// MaxLoadPairs bounds the scenario pairs routed to find a satellite's
	// load; a scenario with more counts its first MaxLoadPairs.
	MaxLoadPairs = 2_000
	// maxRegionPoints bounds the points of a jammed region's outline sent
	// to the page (a finer GeoJSON region is thinned).
	maxRegionPoints = 20_000
	// layerSlots is the number of coverage and satellite requests
	// computed at a time.
	layerSlots = 2
)

// failureInfo is one what-if failure in /api/scenario.
type failureInfo struct {
	Name string `json:"name"`
	// Kind: satellites (planes too), isls, ground (gateways, pops) or
	// jamming.
	Kind   string   `json:"kind"`
	FromS  float64  `json:"from_s"`
	UntilS *float64 `json:"until_s"` // null: to the end
	// Sats are the satellites listed by name or plane; a random fraction
	// is not listed (it shows in /api/state's down).
	Sats     []int   `json:"sats"`
	Fraction float64 `json:"fraction,omitempty"`
	// Ground: the ground nodes taken down or jammed.
	Ground []int `json:"ground"`
	// Region: the jammed area's outline (jamming only; absent when the
	// region cannot be drawn).
	Region *regionInfo `json:"region,omitempty"`
}

// regionInfo is an outline: rings of [lon, lat, lon, lat, ...] (degrees,
// closed, continuous across the antimeridian as in /api/outlines).
type regionInfo struct {
	Name  string      `json:"name"`
	Rings [][]float64 `json:"rings"`
}

var failureKinds = map[sim.FailureKind]string{
	sim.SatellitesDown: "satellites", sim.ISLsDown: "isls", sim.GroundDown: "ground", sim.Jammed: "jamming",
}

// failuresInfo describes the scenario's failures. The engine's failures
// are those of the file, in its order, so the file gives each jammed
// region's name, whose outline is looked up as the scenario did.
func (s *Server) failuresInfo() []failureInfo {
	out := []failureInfo{}
	for i, f := range s.cfg.Failures {
		fi := failureInfo{
			Name: f.Name, Kind: failureKinds[f.Kind], FromS: f.From.Seconds(), Fraction: f.Fraction,
			Sats: append([]int{}, f.Sats...), Ground: append([]int{}, f.Ground...),
		}
		if f.Until > 0 {
			fi.UntilS = ptr(f.Until.Seconds())
		}
		if f.Kind == sim.Jammed && i < len(s.sc.File.Failures) && s.sc.File.Failures[i].Name == f.Name {
			fi.Region = regionOutline(s.sc.File.Failures[i].Region, s.sc.Source)
		}
		out = append(out, fi)
	}
	return out
}

// regionOutline looks up a region as a scenario names it (bbox:…, a
// GeoJSON file next to the scenario file, or a country) and returns its
// outline, or nil when it cannot be found.
func regionOutline(name, source string) *regionInfo {
	name = strings.TrimSpace(name)
	var rings [][]region.Point
	if rest, ok := strings.CutPrefix(name, "bbox:"); ok {
		var v [4]float64
		parts := strings.Split(rest, ",")
		if len(parts) != 4 {
			return nil
		}
		for i, p := range parts {
			f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return nil
			}
			v[i] = f
		}
		rings = [][]region.Point{{{Lon: v[0], Lat: v[1]}, {Lon: v[2], Lat: v[1]}, {Lon: v[2], Lat: v[3]}, {Lon: v[0], Lat: v[3]}, {Lon: v[0], Lat: v[1]}}}
	} else {
		var r *region.Region
		var err error
		if l := strings.ToLower(name); strings.HasSuffix(l, ".geojson") || strings.HasSuffix(l, ".json") {
			if strings.HasPrefix(source, "embedded:") {
				return nil
			}
			p := name
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(source), p)
			}
			r, err = region.Load(p)
		} else {
			r, err = region.Lookup(name)
		}
		if err != nil {
			return nil
		}
		rings = r.Outline()
	}
	total := 0
	for _, ring := range rings {
		total += len(ring)
	}
	stride := 1 + total/maxRegionPoints
	out := &regionInfo{Name: name, Rings: [][]float64{}}
	for _, ring := range rings {
		var flat []float64
		for k, p := range ring {
			if k%stride == 0 || k == len(ring)-1 {
				flat = append(flat, round(p.Lon, 3), round(p.Lat, 3))
			}
		}
		out.Rings = append(out.Rings, flat)
	}
	return out
}

// appendDown appends to a state the satellites and ground nodes that
// what-if failures take down at off, and the ground nodes jammed:
// "down" (satellite indices), "down_sats" (where each of them would be:
// latitude, longitude, altitude, or three nulls if SGP4 cannot say),
// "ground_down" and "jammed" (ground node indices).
func (s *Server) appendDown(out []byte, off time.Duration, when time.Time) []byte {
	net := s.base
	sats := make([]bool, net.NSat)
	gnd := make([]bool, net.NGnd)
	net.DownAt(off, sats, gnd)
	jd := timescale.FromTime(when)
	out = append(out, `,"down":[`...)
	out = appendIndices(out, sats)
	out = append(out, `],"down_sats":[`...)
	first := true
	for i, d := range sats {
		if !d {
			continue
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		p, ok := net.Prop.PositionAt(i, jd)
		if !ok {
			out = append(out, "null,null,null"...)
			continue
		}
		gd := frame.ECEF(p).GeodeticFast()
		lat, lon, alt := gd.Lat, gd.Lon, gd.Alt
		out = appendFixed(out, lat.Deg(), 3)
		out = append(out, ',')
		out = appendFixed(out, lon.Deg(), 3)
		out = append(out, ',')
		out = appendFixed(out, alt.Km(), 1)
	}
	out = append(out, `],"ground_down":[`...)
	out = appendIndices(out, gnd)
	jam := make([]bool, net.NGnd)
	for _, f := range s.cfg.Failures {
		if f.Kind == sim.Jammed && f.ActiveAt(off) {
			for _, g := range f.Ground {
				if g >= 0 && g < len(jam) {
					jam[g] = true
				}
			}
		}
	}
	out = append(out, `],"jammed":[`...)
	out = appendIndices(out, jam)
	return append(out, ']')
}

// appendIndices appends the indices whose flag is set, comma-separated.
func appendIndices(out []byte, flags []bool) []byte {
	first := true
	for i, f := range flags {
		if f {
			if !first {
				out = append(out, ',')
			}
			first = false
			out = appendInt(out, int64(i))
		}
	}
	return out
}

// coverageJSON is the answer of GET /api/coverage.
type coverageJSON struct {
	T               float64 `json:"t"`
	Time            string  `json:"time"`
	CellDeg         float64 `json:"cell_deg"`
	MinElevationDeg float64 `json:"min_elevation_deg"`
	MaxRangeKm      float64 `json:"max_range_km"`
	Count           int     `json:"count"`
	// Rows: [lat_min, lat_max, cells] from south to north; a row's cells
	// split [−180, 180) evenly, from west to east.
	Rows [][3]float64 `json:"rows"`
	// Sats: the satellites in view from each cell's centre, row by row.
	Sats   []int `json:"sats"`
	Max    int   `json:"max"`
	Jammed []int `json:"jammed"`
}

// coverageGrid returns the rows of a grid of nearly equal-area cells about
// cell degrees tall: rows of equal latitude height, each split into as
// many cells as make them about as wide (in km) as tall at the row's
// middle latitude.
func coverageGrid(cell float64) [][3]float64 {
	nRows := max(1, int(math.Round(180/cell)))
	h := 180 / float64(nRows)
	rows := make([][3]float64, nRows)
	for k := range nRows {
		lat0 := -90 + float64(k)*h
		mid := (lat0 + h/2) * math.Pi / 180
		n := max(1, int(math.Round(360*math.Cos(mid)/h)))
		rows[k] = [3]float64{round(lat0, 6), round(lat0+h, 6), float64(n)}
	}
	return rows
}

// coverage counts, from the centre of each cell of the grid at off, the
// satellites above the elevation mask (and within the maximum range), with
// the satellites that what-if failures take down left out, and lists the
// cells in a jammed area.
func (s *Server) coverage(off time.Duration, cell float64) coverageJSON {
	net, cfg := s.base, &s.cfg
	when := cfg.Start.Add(off)
	pos := topology.NewPositions(net.NSat)
	net.Prop.PositionsAt(timescale.FromTime(when), pos)
	if net.HasFailures() {
		down := make([]bool, net.NSat)
		net.DownAt(off, down, nil)
		for i, d := range down {
			if d {
				pos.Valid[i] = false
			}
		}
	}
	var zb zBands
	zb.build(pos)
	rows := coverageGrid(cell)
	type cellPos struct{ lat, lon float64 }
	var cells []cellPos
	for _, r := range rows {
		n := int(r[2])
		for j := range n {
			lon := -180 + (float64(j)+0.5)*360/float64(n)
			cells = append(cells, cellPos{(r[0] + r[1]) / 2, lon})
		}
	}
	counts := make([]int, len(cells))
	jam := make([]bool, len(cells))
	hasFail := net.HasFailures()
	parallel(s.workers, func(w int) {
		lo, hi := span(w, s.workers, len(cells))
		var vis []topology.Visible
		for k := lo; k < hi; k++ {
			c := cells[k]
			obs := frame.NewObserver(frame.Geodetic{Lat: units.Deg(c.lat), Lon: units.Deg(c.lon)})
			vis = zb.visibleFrom(&obs, cfg.GSL, vis[:0])
			counts[k] = len(vis)
			if hasFail {
				jam[k] = net.JammedAt(off, c.lat, c.lon)
			}
		}
	})
	out := coverageJSON{
		T: off.Seconds(), Time: when.UTC().Format(time.RFC3339Nano), CellDeg: cell,
		MinElevationDeg: cfg.GSL.MinElevation.Deg(), MaxRangeKm: cfg.GSL.MaxRange.Km(),
		Count: len(cells), Rows: rows, Sats: counts, Jammed: []int{},
	}
	for k, c := range counts {
		out.Max = max(out.Max, c)
		if jam[k] {
			out.Jammed = append(out.Jammed, k)
		}
	}
	return out
}

// handleCoverage answers GET /api/coverage?t=&cell=.
func (s *Server) handleCoverage(w http.ResponseWriter, r *http.Request) {
	var off time.Duration
	cell := DefaultCoverageCellDeg
	gated(w, r, s.layerGate, "coverage", func() (err error) {
		if off, err = s.offset(r, "t"); err != nil {
			return err
		}
		if raw := strings.TrimSpace(r.URL.Query().Get("cell")); raw != "" {
			v, ok := decimal(raw)
			if !ok {
				return badParam("cell=%q: not a decimal number of degrees", raw)
			}
			if v < MinCoverageCellDeg || v > MaxCoverageCellDeg {
				return badParam("cell=%s: the cell size must be from %g to %g degrees", raw, MinCoverageCellDeg, MaxCoverageCellDeg)
			}
			cell = v
		}
		return nil
	}, func(context.Context) (any, error) { return s.coverage(off, cell), nil })
}

// loadNet is the scenario's network with its listed pairs (at most
// MaxLoadPairs), for the load of a satellite: which pairs' paths use it.
type loadNet struct {
	net   *sim.Network // nil when the scenario lists no pairs
	names [][2]string
	total int
	wss   chan *sim.Workspace
}

// loadNetwork builds the load network once.
func (s *Server) loadNetwork() (*loadNet, error) {
	s.loadOnce.Do(func() {
		cfg := s.sc.Config
		cfg.AllPairs = false
		ln := &loadNet{total: len(cfg.Pairs), wss: make(chan *sim.Workspace, layerSlots)}
		if len(cfg.Pairs) > MaxLoadPairs {
			cfg.Pairs = cfg.Pairs[:MaxLoadPairs]
		}
		if len(cfg.Pairs) > 0 {
			ln.net, s.loadErr = sim.NewNetwork(cfg)
			for k := range cfg.Pairs {
				if k < len(s.sc.PairNames) {
					ln.names = append(ln.names, s.sc.PairNames[k])
				} else {
					ln.names = append(ln.names, [2]string{cfg.Ground[cfg.Pairs[k][0]].Name, cfg.Ground[cfg.Pairs[k][1]].Name})
				}
			}
		}
		s.load = ln
	})
	return s.load, s.loadErr
}

// satelliteJSON is the answer of GET /api/satellite.
type satelliteJSON struct {
	Sat    int      `json:"sat"`
	Name   string   `json:"name"`
	Shell  string   `json:"shell"` // "" for a satellite in no shell
	T      float64  `json:"t"`
	Time   string   `json:"time"`
	Up     bool     `json:"up"` // false: no position, or down by a failure
	LatDeg *float64 `json:"lat"`
	LonDeg *float64 `json:"lon"`
	AltKm  *float64 `json:"alt_km"`
	// Down names the what-if failures that take it down at t.
	Down []string `json:"down"`
	// ISL: its laser partners that are up.
	ISL []satRef `json:"isl"`
	// InView: ground nodes that see it above their mask (as /api/state's
	// gsl); Served: those whose ground links, after the scenario's policy,
	// use it in a run of the scenario's pairs (endpoints of pairs, and
	// gateways outside ISL mode).
	InView []groundRef `json:"in_view"`
	Served []groundRef `json:"served"`
	// Pairs: the scenario's listed pairs whose path at t passes through
	// it.
	Pairs [][2]string `json:"pairs"`
	Load  loadJSON    `json:"load"`
}

type satRef struct {
	Sat  int    `json:"sat"`
	Name string `json:"name"`
}

type groundRef struct {
	Ground int    `json:"ground"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
}

// loadJSON counts what uses a satellite at an instant.
type loadJSON struct {
	GroundInView int `json:"ground_in_view"`
	GroundServed int `json:"ground_served"`
	Pairs        int `json:"pairs"`
	// PairsRouted is the number of scenario pairs routed to count Pairs
	// (all of them up to MaxLoadPairs), of PairsTotal.
	PairsRouted int `json:"pairs_routed"`
	PairsTotal  int `json:"pairs_total"`
}

// satellite describes satellite i at off.
func (s *Server) satellite(ctx context.Context, i int, off time.Duration) (*satelliteJSON, error) {
	ln, err := s.loadNetwork()
	if err != nil {
		return nil, err
	}
	c := s.cfg.Constellation
	out := &satelliteJSON{
		Sat: i, Name: c.Sats[i].Name, T: off.Seconds(),
		Down: []string{}, ISL: []satRef{}, InView: []groundRef{}, Served: []groundRef{}, Pairs: [][2]string{},
	}
	if sh := c.Sats[i].Shell; sh >= 0 && sh < len(c.Shells) {
		out.Shell = c.Shells[sh].Name
	}
	if s.base.HasFailures() {
		downNow := make([]bool, s.base.NSat)
		s.base.DownAt(off, downNow, nil)
		if downNow[i] {
			// The failures that list it, else those that pick a fraction.
			for _, f := range s.cfg.Failures {
				if f.Kind == sim.SatellitesDown && f.ActiveAt(off) && slices.Contains(f.Sats, i) {
					out.Down = append(out.Down, f.Name)
				}
			}
			for _, f := range s.cfg.Failures {
				if len(out.Down) == 0 && f.Kind == sim.SatellitesDown && f.ActiveAt(off) && f.Fraction > 0 {
					out.Down = append(out.Down, f.Name)
				}
			}
		}
	}
	// Positions and laser links: the base network, as /api/state.
	buf := s.getStateBuf()
	ws := buf.ws
	ws.Build(off)
	out.Time = ws.Time.UTC().Format(time.RFC3339Nano)
	out.Up = ws.Pos.Valid[i]
	var one *topology.Positions
	if out.Up {
		gd := frame.ECEF{ws.Pos.X[i], ws.Pos.Y[i], ws.Pos.Z[i]}.GeodeticFast()
		lat, lon, alt := gd.Lat, gd.Lon, gd.Alt
		out.LatDeg, out.LonDeg, out.AltKm = ptr(round(lat.Deg(), 3)), ptr(round(lon.Deg(), 3)), ptr(round(alt.Km(), 1))
		for _, l := range ws.ISLs {
			a, b := int(l.A), int(l.B)
			switch i {
			case a:
				out.ISL = append(out.ISL, satRef{b, c.Sats[b].Name})
			case b:
				out.ISL = append(out.ISL, satRef{a, c.Sats[a].Name})
			}
		}
		one = &topology.Positions{X: []float64{ws.Pos.X[i]}, Y: []float64{ws.Pos.Y[i]}, Z: []float64{ws.Pos.Z[i]}, Valid: []bool{true}}
	}
	s.putStateBuf(buf)
	if !out.Up {
		out.Load = loadJSON{PairsTotal: ln.total, PairsRouted: min(ln.total, MaxLoadPairs)}
		return out, nil
	}
	down := groundDown(&s.cfg, off)
	var vis []topology.Visible
	for g, nd := range s.cfg.Ground {
		if nd.Kind == ground.PoP || (down != nil && down[g]) {
			continue
		}
		obs := &s.base.Obs[g]
		if s.base.Moving(g) { // a moving terminal: where it is at off
			o := frame.NewObserver(s.base.GroundAt(g, off))
			obs = &o
		}
		if vis = topology.VisibleFrom(obs, one, s.cfg.GSL, vis[:0]); len(vis) > 0 {
			out.InView = append(out.InView, groundRef{g, nd.Name, nd.Kind.String()})
		}
	}
	// Ground links after the policy and paths: the network of the
	// scenario's pairs, as a run computes them.
	if ln.net != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var lws *sim.Workspace
		select {
		case lws = <-ln.wss:
		default:
			lws = ln.net.NewWorkspace()
		}
		buildAt(ln.net, lws, off)
		for g := range ln.net.Cfg.Ground {
			for _, v := range lws.GSL[g] {
				if int(v.Sat) == i {
					nd := ln.net.Cfg.Ground[g]
					out.Served = append(out.Served, groundRef{g, nd.Name, nd.Kind.String()})
					break
				}
			}
		}
		np := ln.net.NumListed()
		vals := make([]sim.PairValue, len(ln.net.PairList()))
		paths := make([][]int32, np)
		lws.RouteAll(vals, paths)
		for k := range np {
			if !vals[k].Reachable() {
				continue
			}
			for _, v := range sim.Path(paths[k]).All() {
				if ln.net.SatOf(v) == i {
					out.Pairs = append(out.Pairs, ln.names[k])
					break
				}
			}
		}
		select {
		case ln.wss <- lws:
		default:
		}
	}
	out.Load = loadJSON{
		GroundInView: len(out.InView), GroundServed: len(out.Served), Pairs: len(out.Pairs),
		PairsRouted: min(ln.total, MaxLoadPairs), PairsTotal: ln.total,
	}
	return out, nil
}

// buildAt builds ws at off as /api/route does: under the slot policy the
// scheduler first runs at the first step of off's 15 s slot.
func buildAt(net *sim.Network, ws *sim.Workspace, off time.Duration) {
	cfg := &net.Cfg
	ws.Reset()
	if cfg.GSL.Policy == topology.SlotScheduled {
		slot := topology.SlotStart(cfg.Start.Add(off)).Sub(cfg.Start)
		first := max(0, (slot+cfg.Step-1)/cfg.Step*cfg.Step)
		if first < off {
			ws.Build(first)
		}
	}
	ws.Build(off)
}

// satParam reads the sat parameter: an index from 0, or a satellite's
// name (case ignored).
func (s *Server) satParam(raw string) (int, error) {
	raw = strings.TrimSpace(raw)
	n := len(s.cfg.Constellation.Sats)
	if raw == "" {
		return 0, badParam("missing parameter sat (a satellite index from 0, or its name)")
	}
	if len(raw) > 200 {
		return 0, badParam("sat: longer than 200 bytes")
	}
	if i, err := strconv.Atoi(raw); err == nil {
		if i < 0 || i >= n {
			return 0, badParam("sat=%d: the scenario has satellites 0 to %d", i, n-1)
		}
		return i, nil
	}
	s.satNamesOnce.Do(func() {
		s.satNames = make(map[string]int, n)
		for i, sat := range s.cfg.Constellation.Sats {
			k := strings.ToLower(sat.Name)
			if _, dup := s.satNames[k]; !dup {
				s.satNames[k] = i
			}
		}
	})
	if i, ok := s.satNames[strings.ToLower(raw)]; ok {
		return i, nil
	}
	return 0, badParam("sat=%q: no satellite of that name or index (names look like %s)", raw, s.cfg.Constellation.Sats[0].Name)
}

// handleSatellite answers GET /api/satellite?sat=&t=.
func (s *Server) handleSatellite(w http.ResponseWriter, r *http.Request) {
	var i int
	var off time.Duration
	gated(w, r, s.layerGate, "satellite", func() (err error) {
		if i, err = s.satParam(r.URL.Query().Get("sat")); err != nil {
			return err
		}
		off, err = s.offset(r, "t")
		return err
	}, func(ctx context.Context) (any, error) {
		out, err := s.satellite(ctx, i, off)
		if err != nil {
			return nil, &statusError{status: http.StatusInternalServerError, msg: fmt.Sprintf("satellite %d: %v", i, err)}
		}
		return out, nil
	})
}

// layerState holds the Server's lazily built layer data.
type layerState struct {
	layerGate    *gate // /api/coverage and /api/satellite
	loadOnce     sync.Once
	load         *loadNet
	loadErr      error
	satNamesOnce sync.Once
	satNames     map[string]int
}
