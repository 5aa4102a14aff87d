// Package sim is orbitnet's time-stepped engine: for every step of a
// scenario it computes satellite positions, the links that exist, shortest
// paths by delay and the resulting one-way delay, RTT, hop count and node
// path of each requested pair, and detects path changes and handovers.
//
// The engine does no I/O and reads no clock. Run spreads contiguous blocks
// of steps over a pool of workers and hands results to a Sink strictly in
// time order, so outputs are byte-identical whatever the number of workers;
// at most a bounded number of blocks is in flight, so memory does not grow
// with the number of steps.
//
// Delays are computed on the snapshot of the network at each step: the
// satellites do not move while a packet is in flight (as in Hypatia). The
// graph is symmetric, so the one-way delay is the same in both directions
// and the RTT is twice the one-way delay.
package sim

import (
	"errors"
	"fmt"
	"math"
	"time"

	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/topology"
)

// Mode is a routing mode.
type Mode string

// Routing modes.
const (
	// ISLMode: traffic crosses laser links; ground nodes are endpoints only.
	ISLMode Mode = "isl"
	// BentPipe: no lasers; terminal → satellite → gateway, gateway → PoP
	// over fibre, and longer paths relay through gateways on the ground
	// (Handley, HotNets 2019). A satellite never turns a user's uplink
	// straight into another user's downlink.
	BentPipe Mode = "bent-pipe"
	// Hybrid: lasers and ground relays both.
	Hybrid Mode = "hybrid"
)

// FiberConfig models terrestrial fibre from gateways to PoPs.
type FiberConfig struct {
	// RefractiveIndex of the fibre: light travels at c/n (default 1.468,
	// ITU-T G.652 single-mode fibre at 1550 nm).
	RefractiveIndex float64
	// RouteInflation: fibre length over the great-circle (geodesic)
	// distance (default 1.5).
	RouteInflation float64
	// PoPMesh connects every pair of PoPs by terrestrial fibre (the
	// operator's backbone and the internet between them).
	PoPMesh bool
}

// DelayMs returns the one-way fibre delay over a geodesic distance.
func (f FiberConfig) DelayMs(geodesicKm float64) float64 {
	return geodesicKm * f.RouteInflation * f.RefractiveIndex / topology.SpeedOfLightKmS * 1000
}

// Config is everything the engine needs, fully resolved (no defaults left).
type Config struct {
	Constellation *constellation.Constellation
	Ground        []ground.Node
	Start         time.Time
	Duration      time.Duration
	Step          time.Duration
	ISL           topology.ISLConfig
	GSL           topology.GSLConfig
	Fiber         FiberConfig
	Mode          Mode
	// Pairs are the pairs whose series and events are reported, as indices
	// into Ground.
	Pairs [][2]int
	// AllPairs: also keep statistics for every pair of endpoints (stations
	// and terminals), and report their values every step.
	AllPairs bool
	// AllPairsLimit, when positive, restricts AllPairs to the first that
	// many endpoints.
	AllPairsLimit int
	// Failures disables satellites, links or ground nodes over time (nil:
	// none).
	Failures Failures
}

// Failures is consulted every step; nil means no failures.
type Failures interface {
	// Apply marks what has failed at offset t from the start: it may clear
	// satellites in valid, and reports whether a ground node or an ISL
	// (by index in the ISL plan) is down.
	SatelliteDown(sat int, t time.Duration) bool
	GroundDown(node int, t time.Duration) bool
	GSLDown(node int, t time.Duration) bool
	ISLDown(link int, t time.Duration) bool
}

// Steps returns the number of time steps: start, start+step, …, up to and
// including start+duration when it falls on a step.
func (c *Config) Steps() int {
	if c.Step <= 0 {
		return 0
	}
	return int(c.Duration/c.Step) + 1
}

// Network is the prepared, read-only part of a simulation, shared by all
// workers.
type Network struct {
	Cfg     Config
	Prop    *topology.Propagator
	ISL     topology.ISLPlan
	Obs     []frame.Observer
	NSat    int
	NGnd    int
	homePoP []int     // gateway → its nearest PoP (−1 if none or not a gateway)
	fiberMs []float64 // gateway → PoP fibre delay
	// active[g] says whether ground node g takes part in routing (endpoint of
	// a pair, or a gateway/PoP in a mode that uses them).
	active    []bool
	endpoints []int // user endpoints for AllPairs, ascending
	// sources: ground nodes from which Dijkstra runs, and per source the
	// destination pairs it answers.
	sources    []source
	nPairs     int // number of pairs reported per step (listed + all)
	pairs      [][2]int
	capacity   []int
	pops       []int             // indices of the PoPs
	popFiberMs map[int][]float64 // PoP → fibre delay to every ground node index (PoPs only)
}

type source struct {
	node  int
	pairs []int // indices into Network.pairs whose first node is this source
}

// Node returns the routing-graph node of ground node g.
func (n *Network) Node(g int) int { return n.NSat + g }

// NewNetwork validates the configuration and prepares the static state.
func NewNetwork(cfg Config) (*Network, error) {
	if cfg.Constellation == nil || len(cfg.Constellation.Sats) == 0 {
		return nil, errors.New("no satellites")
	}
	if cfg.Step <= 0 {
		return nil, fmt.Errorf("step: %v, must be positive", cfg.Step)
	}
	if cfg.Duration < 0 {
		return nil, fmt.Errorf("duration: %v, must not be negative", cfg.Duration)
	}
	if err := cfg.GSL.Validate(); err != nil {
		return nil, err
	}
	switch cfg.Mode {
	case ISLMode, BentPipe, Hybrid:
	default:
		return nil, fmt.Errorf("routing mode %q: must be isl, bent-pipe or hybrid", cfg.Mode)
	}
	if cfg.Mode != ISLMode && !(cfg.Fiber.RefractiveIndex >= 1 && cfg.Fiber.RouteInflation >= 1) {
		return nil, fmt.Errorf("fiber: refractive index %v and route inflation %v must both be ≥ 1", cfg.Fiber.RefractiveIndex, cfg.Fiber.RouteInflation)
	}
	n := &Network{Cfg: cfg, NSat: len(cfg.Constellation.Sats), NGnd: len(cfg.Ground)}
	n.Prop = topology.NewPropagator(cfg.Constellation)
	c := cfg.Constellation
	argLat := func(i int) float64 {
		e := c.Sats[i].Elements
		return math.Mod(e.ArgPerigeeDeg+e.MeanAnomalyDeg, 360)
	}
	isl := cfg.ISL
	if cfg.Mode == BentPipe {
		isl.Pattern = topology.NoISL
	}
	plan, err := topology.PlanISL(c, isl, argLat)
	if err != nil {
		return nil, err
	}
	n.ISL = plan
	n.Obs = make([]frame.Observer, len(cfg.Ground))
	n.capacity = make([]int, len(cfg.Ground))
	for i, g := range cfg.Ground {
		n.Obs[i] = frame.NewObserver(g.Pos)
		n.capacity[i] = 1
		if g.Kind == ground.Gateway {
			n.capacity[i] = g.Antennas
			if n.capacity[i] <= 0 {
				n.capacity[i] = ground.DefaultGatewayAntennas
			}
		}
	}
	// gateway homing
	n.homePoP = make([]int, len(cfg.Ground))
	n.fiberMs = make([]float64, len(cfg.Ground))
	for i, g := range cfg.Ground {
		n.homePoP[i] = -1
		if g.Kind != ground.Gateway {
			continue
		}
		best := math.Inf(1)
		for j, p := range cfg.Ground {
			if p.Kind != ground.PoP {
				continue
			}
			if d := ground.GeodesicKm(g.Pos, p.Pos); d < best {
				best, n.homePoP[i] = d, j
			}
		}
		if n.homePoP[i] >= 0 {
			n.fiberMs[i] = cfg.Fiber.DelayMs(best)
		}
	}
	if cfg.Fiber.PoPMesh {
		n.popFiberMs = map[int][]float64{}
		for i, g := range cfg.Ground {
			if g.Kind == ground.PoP {
				n.pops = append(n.pops, i)
			}
		}
		for _, i := range n.pops {
			row := make([]float64, len(cfg.Ground))
			for _, j := range n.pops {
				row[j] = cfg.Fiber.DelayMs(ground.GeodesicKm(cfg.Ground[i].Pos, cfg.Ground[j].Pos))
			}
			n.popFiberMs[i] = row
		}
	}
	// pairs
	n.active = make([]bool, len(cfg.Ground))
	for _, p := range cfg.Pairs {
		for _, g := range p {
			if g < 0 || g >= len(cfg.Ground) {
				return nil, fmt.Errorf("pair node index %d out of range", g)
			}
		}
		if p[0] == p[1] {
			return nil, fmt.Errorf("pair %s–%s: a node cannot be paired with itself", cfg.Ground[p[0]].Name, cfg.Ground[p[1]].Name)
		}
		n.pairs = append(n.pairs, p)
	}
	if cfg.AllPairs {
		for i, g := range cfg.Ground {
			if g.Kind == ground.Station || g.Kind == ground.Terminal {
				n.endpoints = append(n.endpoints, i)
			}
		}
		if cfg.AllPairsLimit > 0 && len(n.endpoints) > cfg.AllPairsLimit {
			n.endpoints = n.endpoints[:cfg.AllPairsLimit]
		}
		for a := 0; a < len(n.endpoints); a++ {
			for b := a + 1; b < len(n.endpoints); b++ {
				n.pairs = append(n.pairs, [2]int{n.endpoints[a], n.endpoints[b]})
			}
		}
	}
	n.nPairs = len(n.pairs)
	bySource := map[int]int{}
	for k, p := range n.pairs {
		n.active[p[0]], n.active[p[1]] = true, true
		si, ok := bySource[p[0]]
		if !ok {
			si = len(n.sources)
			bySource[p[0]] = si
			n.sources = append(n.sources, source{node: p[0]})
		}
		n.sources[si].pairs = append(n.sources[si].pairs, k)
	}
	if cfg.Mode != ISLMode {
		for i, g := range cfg.Ground {
			if g.Kind == ground.Gateway || g.Kind == ground.PoP {
				n.active[i] = true
			}
		}
	}
	return n, nil
}

// PairList returns every pair the engine reports on, in report order: the
// listed pairs first, then (with AllPairs) every endpoint pair (i < j).
func (n *Network) PairList() [][2]int { return n.pairs }

// NumListed returns how many of PairList's pairs were listed in Config.Pairs.
func (n *Network) NumListed() int { return len(n.Cfg.Pairs) }

// HomePoP returns the PoP gateway g is homed to (nearest by geodesic), or −1.
func (n *Network) HomePoP(g int) int { return n.homePoP[g] }

// NodeName names a routing-graph node: a satellite's or ground node's name.
func (n *Network) NodeName(v int32) string {
	switch {
	case int(v) < n.NSat:
		return n.Cfg.Constellation.Sats[v].Name
	case int(v) < n.NSat+n.NGnd:
		return n.Cfg.Ground[int(v)-n.NSat].Name
	default:
		return n.Cfg.Constellation.Sats[int(v)-n.NSat-n.NGnd].Name
	}
}

// SatOf returns the satellite index of a routing node, or −1 for a ground node.
func (n *Network) SatOf(v int32) int {
	switch {
	case int(v) < n.NSat:
		return int(v)
	case int(v) < n.NSat+n.NGnd:
		return -1
	default:
		return int(v) - n.NSat - n.NGnd
	}
}
