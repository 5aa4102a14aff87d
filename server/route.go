package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sync"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// Limits of an RTT series (GET /api/rtt).
const (
	// MaxSeriesPoints bounds the number of steps of one RTT series so that
	// the worst case finishes well within SeriesTimeout: measured on
	// starlink-gen1 (4,408 satellites, hybrid routing, slot scheduler) on
	// 2 cores, a step costs about 1.9 ms on an idle machine and up to 12 ms
	// on one loaded six times over, so 5,000 points take about 10 s alone,
	// 20 s when both series slots run at once, and 60 s alone on the
	// loaded machine (docs/api.md; bench/serverload.sh measures it).
	MaxSeriesPoints = 5_000
	// SeriesTimeout bounds the computation of one series, below the
	// server's WriteTimeout so that a series that cannot finish (a machine
	// busier than measured) is refused with 503 rather than cut off.
	SeriesTimeout = 100 * time.Second
)

// pairNet is a network prepared for one pair of places: the scenario's
// configuration with the two places as its only listed pair (places not in
// the scenario added as stations, as `orbitnet rtt` does), so that the
// engine computes ground links for both.
type pairNet struct {
	net   *sim.Network
	idx   [2]int // ground node indices of from and to
	names [2]string
	wss   chan *sim.Workspace // idle workspaces
}

func (p *pairNet) getWorkspace() *sim.Workspace {
	select {
	case ws := <-p.wss:
		return ws
	default:
		return p.net.NewWorkspace()
	}
}

func (p *pairNet) putWorkspace(ws *sim.Workspace) {
	select {
	case p.wss <- ws:
	default:
	}
}

// pairCache keeps the networks of the most recently asked pairs.
type pairCache struct {
	s     *Server
	nets  *lru[string, *pairEntry]
	mu    sync.Mutex
	build map[string]*pairEntry // being built
}

// pairEntry is a network being built or ready; done is closed when net or
// err is set.
type pairEntry struct {
	done chan struct{}
	net  *pairNet
	err  error
}

func newPairCache(s *Server, capacity int) *pairCache {
	return &pairCache{s: s, nets: newLRU[string, *pairEntry](capacity), build: map[string]*pairEntry{}}
}

// get resolves two places and returns the pair's network, building it once
// for concurrent callers. Unknown places are parameter errors.
func (c *pairCache) get(ctx context.Context, from, to string) (*pairNet, error) {
	cfg := c.s.cfg
	cfg.Ground = append([]ground.Node(nil), cfg.Ground...)
	var idx [2]int
	for i, name := range []string{from, to} {
		var err error
		if idx[i], err = scenario.PlaceIndex(&cfg, name); err != nil {
			return nil, badParam("%s: %v", [2]string{"from", "to"}[i], err)
		}
	}
	if idx[0] == idx[1] {
		return nil, badParam("from and to are the same place (%s)", cfg.Ground[idx[0]].Name)
	}
	a, b := cfg.Ground[idx[0]], cfg.Ground[idx[1]]
	key := nodeKey(a) + "\x00" + nodeKey(b)
	c.mu.Lock()
	e, ok := c.nets.Get(key)
	if !ok {
		e, ok = c.build[key]
	}
	if !ok {
		e = &pairEntry{done: make(chan struct{})}
		c.build[key] = e
		c.mu.Unlock()
		cfg.Pairs = [][2]int{idx}
		net, err := sim.NewNetwork(cfg)
		if err != nil {
			e.err = err
		} else {
			e.net = &pairNet{net: net, idx: idx, names: [2]string{a.Name, b.Name}, wss: make(chan *sim.Workspace, c.s.workers)}
		}
		close(e.done)
		c.mu.Lock()
		delete(c.build, key)
		if e.err == nil {
			c.nets.Put(key, e)
		}
		c.mu.Unlock()
	} else {
		c.mu.Unlock()
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return e.net, e.err
}

// nodeKey identifies a ground node for the cache: a name may be reused by
// places added on the fly only with the same position.
func nodeKey(n ground.Node) string {
	return fmt.Sprintf("%s|%s|%.9f|%.9f", n.Name, n.Kind, n.Pos.Lat, n.Pos.Lon)
}

// placeJSON describes an endpoint.
type placeJSON struct {
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	LatDeg float64 `json:"lat"`
	LonDeg float64 `json:"lon"`
	// Added is true for a place that is not one of the scenario's ground
	// nodes (a city or lat,lon added as a station).
	Added bool `json:"added"`
}

func (p *pairNet) places(scenarioNodes int) [2]placeJSON {
	var out [2]placeJSON
	for i, g := range p.idx {
		n := p.net.Cfg.Ground[g]
		out[i] = placeJSON{n.Name, n.Kind.String(), n.Pos.Lat.Deg(), n.Pos.Lon.Deg(), g >= scenarioNodes}
	}
	return out
}

// hopJSON is one node of a path. Link* describe the link that arrives at
// this node from the previous one (absent on the first node).
type hopJSON struct {
	Name   string   `json:"name"`
	Kind   string   `json:"kind"` // satellite, station, terminal, gateway, pop
	Sat    int      `json:"sat"`  // satellite index, −1 for a ground node
	Ground int      `json:"ground"`
	LatDeg float64  `json:"lat"`
	LonDeg float64  `json:"lon"`
	AltKm  float64  `json:"alt_km"`
	Link   string   `json:"link,omitempty"` // isl, gsl, fiber
	KM     *float64 `json:"link_km,omitempty"`
	MS     *float64 `json:"link_ms,omitempty"`
}

// routeJSON is the answer of GET /api/route.
type routeJSON struct {
	From          placeJSON `json:"from"`
	To            placeJSON `json:"to"`
	T             float64   `json:"t"`
	Time          string    `json:"time"`
	Mode          string    `json:"mode"`
	Reachable     bool      `json:"reachable"`
	OneWayMs      *float64  `json:"one_way_ms"`
	RTTMs         *float64  `json:"rtt_ms"`
	HopCount      int       `json:"hop_count"`
	Hops          []hopJSON `json:"hops"`
	GeodesicKm    float64   `json:"geodesic_km"`
	GeodesicRTTMs float64   `json:"geodesic_rtt_ms"`
}

// route computes the path at offset off. Under the slot policy the
// scheduler is first run at the first step (on the scenario's step grid) of
// the 15 s slot containing off, as `orbitnet run` would have assigned
// satellites there, then at off; a forced handover between those two
// instants is not replayed step by step.
func (s *Server) route(p *pairNet, off time.Duration) routeJSON {
	ws := p.getWorkspace()
	defer p.putWorkspace(ws)
	net := p.net
	cfg := &net.Cfg
	buildAt(net, ws, off)
	pv, path := ws.Route(p.idx[0], p.idx[1], nil)
	g := cfg.Ground
	a, b := g[p.idx[0]], g[p.idx[1]]
	geoMs, geoKm := ground.GeodesicRTT(a, b)
	pl := p.places(len(s.cfg.Ground))
	out := routeJSON{
		From: pl[0], To: pl[1],
		T: off.Seconds(), Time: ws.Time.UTC().Format(time.RFC3339Nano), Mode: string(cfg.Mode),
		Reachable:     pv.Reachable(),
		Hops:          []hopJSON{},
		GeodesicKm:    round(geoKm.Km(), 3),
		GeodesicRTTMs: round(geoMs.Ms(), 6),
	}
	if !pv.Reachable() {
		return out
	}
	out.OneWayMs, out.RTTMs = ptr(round(pv.Delay.Ms(), 6)), ptr(round(pv.RTT().Ms(), 6))
	out.HopCount = int(pv.Hops)
	hops := ws.Hops(path, nil) // kinds and delays of the arcs the engine routed on
	for i, v := range path.All() {
		h := hopJSON{Name: net.NodeName(v), Sat: net.SatOf(v), Ground: net.GroundOf(v)}
		var geo frame.Geodetic
		if h.Sat >= 0 {
			h.Kind = "satellite"
			geo = ws.Pos.At(h.Sat).Geodetic()
		} else {
			nd := g[h.Ground]
			h.Kind = nd.Kind.String()
			geo = nd.Pos
		}
		h.LatDeg, h.LonDeg, h.AltKm = round(geo.Lat.Deg(), 4), round(geo.Lon.Deg(), 4), round(geo.Alt.Km(), 3)
		if i > 0 {
			l := hops[i-1]
			h.Link, h.KM, h.MS = l.Kind.Class(), ptr(round(l.Length.Km(), 3)), ptr(round(l.Delay.Ms(), 6))
		}
		out.Hops = append(out.Hops, h)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// handleRoute answers GET /api/route?from=&to=&t=.
func (s *Server) handleRoute(w http.ResponseWriter, r *http.Request) {
	var from, to string
	var off time.Duration
	gated(w, r, s.routeGate, "route", func() (err error) {
		if from, to, err = places(r.URL.Query()); err != nil {
			return err
		}
		off, err = s.offset(r, "t")
		return err
	}, func(ctx context.Context) (any, error) {
		p, err := s.pairs.get(ctx, from, to)
		if err != nil {
			return nil, err
		}
		return s.route(p, off), nil
	})
}

// seriesJSON is the answer of GET /api/rtt.
type seriesJSON struct {
	From    placeJSON          `json:"from"`
	To      placeJSON          `json:"to"`
	StartS  float64            `json:"start_s"`
	EndS    float64            `json:"end_s"`
	StepS   float64            `json:"step_s"`
	TimeS   []float64          `json:"time_s"`
	RTTMs   []*float64         `json:"rtt_ms"`
	Hops    []int32            `json:"hops"`
	Events  []eventJSON        `json:"events"`
	Summary report.PairSummary `json:"summary"`
}

type eventJSON struct {
	T    float64 `json:"t"`
	Kind string  `json:"kind"` // path_change, handover, outage_start, outage_end
	// OldRTTMs and NewRTTMs are the RTTs of the steps before and after
	// (null when unreachable).
	OldRTTMs *float64 `json:"old_rtt_ms"`
	NewRTTMs *float64 `json:"new_rtt_ms"`
}

// series runs the engine over [start, end] with the given step for the
// pair: the pair's network with its start moved to start (so every step is
// an engine step, events and statistics included).
func (s *Server) series(ctx context.Context, p *pairNet, start, end, step time.Duration) (*seriesJSON, error) {
	cfg := p.net.Cfg
	cfg.Start = cfg.Start.Add(start)
	cfg.Duration = end - start
	cfg.Step = step
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		return nil, err
	}
	n := cfg.Steps()
	pl := p.places(len(s.cfg.Ground))
	out := &seriesJSON{From: pl[0], To: pl[1], StartS: start.Seconds(), EndS: end.Seconds(), StepS: step.Seconds(),
		TimeS: make([]float64, 0, n), RTTMs: make([]*float64, 0, n), Hops: make([]int32, 0, n), Events: []eventJSON{}}
	rtt := func(d float64) *float64 {
		if math.IsInf(d, 0) || math.IsNaN(d) {
			return nil
		}
		return ptr(round(2*d, 6))
	}
	res, err := sim.Run(ctx, net, sim.Options{Workers: s.workers}, sim.SinkFunc(func(r *sim.StepResult) error {
		t := (start + r.Offset).Seconds()
		v := r.Values[0]
		out.TimeS = append(out.TimeS, t)
		out.RTTMs = append(out.RTTMs, rtt(v.Delay.Ms()))
		out.Hops = append(out.Hops, v.Hops)
		for _, e := range r.Events {
			out.Events = append(out.Events, eventJSON{T: t, Kind: string(e.Kind), OldRTTMs: rtt(e.OldDelay.Ms()), NewRTTMs: rtt(e.NewDelay.Ms())})
		}
		return nil
	}))
	if err != nil {
		return nil, err
	}
	out.Summary = report.PairSummaryOf(net, &res.Stats[0], p.names[0], p.names[1])
	return out, nil
}

// handleRTT answers GET /api/rtt?from=&to=&start=&end=&step=.
func (s *Server) handleRTT(w http.ResponseWriter, r *http.Request) {
	var start, end, step time.Duration
	var from, to string
	gated(w, r, s.heavyGate, "RTT series", func() (err error) {
		q := r.URL.Query()
		if start, end, step, err = s.seriesRange(q); err != nil {
			return err
		}
		from, to, err = places(q)
		return err
	}, func(ctx context.Context) (any, error) {
		ctx, cancel := context.WithTimeout(ctx, SeriesTimeout)
		defer cancel()
		p, err := s.pairs.get(ctx, from, to)
		if err != nil {
			return nil, err
		}
		out, err := s.series(ctx, p, start, end, step)
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, &statusError{status: http.StatusServiceUnavailable, retry: true,
				msg: fmt.Sprintf("the series took longer than %s (server busy); retry, or ask for fewer points", SeriesTimeout)}
		}
		return out, err
	})
}

// seriesRange reads start, end and step (seconds; defaults 0, the
// scenario's duration and its step) and checks the number of points.
func (s *Server) seriesRange(q url.Values) (start, end, step time.Duration, err error) {
	if start, err = seconds(q, "start", false, 0); err != nil {
		return
	}
	if end, err = seconds(q, "end", false, s.cfg.Duration); err != nil {
		return
	}
	if step, err = seconds(q, "step", false, s.cfg.Step); err != nil {
		return
	}
	if err = within("start", start, s.cfg.Duration); err != nil {
		return
	}
	if err = within("end", end, s.cfg.Duration); err != nil {
		return
	}
	if end < start {
		err = badParam("end=%s is before start=%s", fmtSeconds(end), fmtSeconds(start))
		return
	}
	if step < time.Millisecond {
		err = badParam("step=%s: must be at least 0.001 s", fmtSeconds(step))
		return
	}
	if n := int64((end-start)/step) + 1; n > MaxSeriesPoints {
		err = badParam("%d points (from %s to %s s every %s s): at most %d; use a longer step", n,
			fmtSeconds(start), fmtSeconds(end), fmtSeconds(step), MaxSeriesPoints)
	}
	return
}
