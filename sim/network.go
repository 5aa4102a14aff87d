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
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
	"orbitnet/topology"
)

// Mode is a routing mode.
type Mode string

// The routing modes are the Mode of each registered Policy (policy.go):
// ISLMode, BentPipe, Hybrid and Starlink.

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

// Delay returns the one-way fibre delay over a geodesic distance: light at
// c/RefractiveIndex along geodesic × RouteInflation.
func (f FiberConfig) Delay(geodesic units.Length) units.Delay {
	return units.LightDelay(geodesic*units.Length(f.RouteInflation), f.RefractiveIndex)
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
	// Failures are what-if outages: satellites, laser links, ground nodes
	// or jammed ground links, each over a time window.
	Failures []Failure
	// Forwarding: compute the forwarding state every step, the next hop of
	// every routing node toward each ground node of the listed pairs (see
	// StepResult.Forwarding).
	Forwarding bool
	// Starlink configures the starlink mode (ignored by the others).
	Starlink StarlinkConfig
	// Moving gives ground nodes tracks (moving terminals); see moving.go.
	Moving []MovingNode
	// TerminalStates: report each terminal's state every step
	// (StepResult.Terminals, terminals.go).
	TerminalStates bool
}

// FailureKind says what a Failure takes down.
type FailureKind int

// Failure kinds.
const (
	// SatellitesDown: the satellites are gone (no links at all).
	SatellitesDown FailureKind = iota
	// ISLsDown: laser links are down.
	ISLsDown
	// GroundDown: ground nodes are down (no ground links, no fibre, no relay).
	GroundDown
	// Jammed: the ground nodes' ground-satellite links are unusable (they
	// keep their fibre).
	Jammed
)

// Failure is one what-if outage, active for offsets in [From, Until) from
// the start (Until ≤ 0: to the end of the run).
type Failure struct {
	Name        string
	Kind        FailureKind
	From, Until time.Duration
	// Sats (SatellitesDown) or Ground (GroundDown, Jammed): the indices hit.
	Sats   []int
	Ground []int
	// Fraction with Seed picks a random fraction of the satellites
	// (SatellitesDown) or of the planned laser links (ISLsDown), in
	// addition to any listed; the choice is reproducible from the seed.
	Fraction float64
	Seed     uint64
	// Area, for Jammed, tells whether a point (degrees) lies in the jammed
	// region, so that places that are not ground nodes of the scenario (a
	// coverage grid) can be jammed too; nil when unknown.
	Area func(latDeg, lonDeg float64) bool
}

// ActiveAt reports whether the failure is in force at offset t.
func (f *Failure) ActiveAt(t time.Duration) bool { return f.activeAt(t) }

func (f *Failure) activeAt(t time.Duration) bool {
	return t >= f.From && (f.Until <= 0 || t < f.Until)
}

// failure is a Failure resolved to index lists.
type failure struct {
	Failure
	sats, isls, ground []int
}

// Steps returns the number of time steps: start, start+step, …, up to and
// including start+duration when it falls on a step.
// MaxSteps is the most steps (duration/step) a run may have: every path that
// sets a duration or step (scenario files, command-line flags, the server)
// is checked against it by CheckTimes, before anything is allocated.
const MaxSteps = 100_000_000

// MinStep is orbitnet's time resolution.
const MinStep = time.Millisecond

// CheckTimes reports whether the duration and step are usable: the step at
// least MinStep, the duration not negative, and at most MaxSteps steps. The
// error names the two values; callers add where they came from.
func (c *Config) CheckTimes() error {
	if c.Step < MinStep {
		return fmt.Errorf("step %v is below orbitnet's %v resolution", c.Step, MinStep)
	}
	if c.Duration < 0 {
		return fmt.Errorf("duration %v must not be negative", c.Duration)
	}
	if n := c.Duration / c.Step; n > MaxSteps {
		return fmt.Errorf("duration %v at step %v is %d steps, more than %d", c.Duration, c.Step, n, MaxSteps)
	}
	return nil
}

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
	tracks  []Track   // per ground node, nil when fixed (nil slice: nothing moves)
	moving  []int     // ground nodes with a track, in Config.Moving order
	terms   []int     // ground nodes of StepResult.Terminals (terminals.go)
	fiberMs []float64 // gateway → PoP fibre delay
	// active[g] says whether ground node g takes part in routing (endpoint of
	// a pair, or a gateway/PoP in a mode that uses them).
	active    []bool
	endpoints []int // user endpoints for AllPairs, ascending
	// sources: ground nodes from which Dijkstra runs, and per source the
	// destination pairs it answers.
	sources []source
	nPairs  int // number of pairs reported per step (listed + all, each once)
	// allPairs: with AllPairs, the index into pairs of every endpoint pair
	// (a < b in endpoint order); a listed pair keeps its listed index.
	allPairs   []int
	pairs      [][2]int
	capacity   []int
	failures   []failure
	pops       []int             // indices of the PoPs
	popFiberMs map[int][]float64 // PoP → fibre delay to every ground node index (PoPs only)
	fwdDst     []int             // forwarding destinations (Config.Forwarding)
	sl         *slNet            // starlink mode
	policy     Policy
	traits     Traits
}

type source struct {
	node  int
	pairs []int // indices into Network.pairs whose first node is this source
}

// NewNetwork validates the configuration and prepares the static state.
func NewNetwork(cfg Config) (*Network, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	policy, _ := PolicyOf(cfg.Mode)
	n := &Network{Cfg: cfg, NSat: len(cfg.Constellation.Sats), NGnd: len(cfg.Ground), policy: policy, traits: policy.Traits()}
	n.Prop = topology.NewPropagator(cfg.Constellation)
	c := cfg.Constellation
	argLat := func(i int) float64 {
		e := c.Sats[i].Elements
		return math.Mod((e.ArgPerigee + e.MeanAnomaly).Deg(), 360)
	}
	isl := cfg.ISL
	if !n.traits.ISLs {
		isl.Pattern = topology.NoISL
	}
	var ref *topology.Positions
	if isl.CrossShell {
		ref = topology.NewPositions(n.NSat)
		n.Prop.PositionsAt(timescale.FromTime(cfg.Start), ref)
	}
	plan, err := topology.PlanISL(c, isl, argLat, ref)
	if err != nil {
		return nil, err
	}
	n.ISL = plan
	for _, f := range cfg.Failures {
		rf := failure{Failure: f, sats: append([]int(nil), f.Sats...), ground: append([]int(nil), f.Ground...)}
		if f.Fraction < 0 || f.Fraction > 1 {
			return nil, fmt.Errorf("failure %q: fraction %v outside [0, 1]", f.Name, f.Fraction)
		}
		if f.Fraction > 0 {
			r := rand.New(rand.NewPCG(f.Seed, 0x6f7262))
			switch f.Kind {
			case SatellitesDown:
				perm := r.Perm(n.NSat)
				rf.sats = append(rf.sats, perm[:int(math.Round(f.Fraction*float64(n.NSat)))]...)
			case ISLsDown:
				perm := r.Perm(plan.Len())
				rf.isls = append(rf.isls, perm[:int(math.Round(f.Fraction*float64(plan.Len())))]...)
			default:
				return nil, fmt.Errorf("failure %q: a random fraction applies to satellites or ISLs only", f.Name)
			}
		}
		if f.Kind == Jammed && f.Area != nil {
			// every ground node in the area, also those added after the
			// scenario was resolved (places of a query, coverage cells)
			listed := map[int]bool{}
			for _, g := range rf.ground {
				listed[g] = true
			}
			for g, nd := range cfg.Ground {
				if !listed[g] && nd.Kind != ground.PoP && f.Area(nd.Pos.Lat.Deg(), nd.Pos.Lon.Deg()) {
					rf.ground = append(rf.ground, g)
				}
			}
		}
		for _, i := range rf.sats {
			if i < 0 || i >= n.NSat {
				return nil, fmt.Errorf("failure %q: satellite index %d out of range", f.Name, i)
			}
		}
		for _, i := range rf.ground {
			if i < 0 || i >= len(cfg.Ground) {
				return nil, fmt.Errorf("failure %q: ground index %d out of range", f.Name, i)
			}
		}
		n.failures = append(n.failures, rf)
	}
	if err := n.prepareMoving(); err != nil {
		return nil, err
	}
	n.Terminals()
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
			if d := ground.Geodesic(g.Pos, p.Pos); d.Km() < best {
				best, n.homePoP[i] = d.Km(), j
			}
		}
		if n.homePoP[i] >= 0 {
			n.fiberMs[i] = cfg.Fiber.Delay(units.Km(best)).Ms()
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
				row[j] = cfg.Fiber.Delay(ground.Geodesic(cfg.Ground[i].Pos, cfg.Ground[j].Pos)).Ms()
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
	// For AllPairs a pair is unordered (the RTT is the same either way):
	// listed pairs are indexed by their ends in ascending order, so that
	// every endpoint pair is reported once, under the (first) listed pair's
	// index where one is listed. Listed pairs themselves may be directed
	// (capacity's demands), so both orders may be listed.
	listed := map[[2]int]int{}
	if cfg.AllPairs {
		for k, p := range cfg.Pairs {
			if _, dup := listed[unorderedPair(p)]; !dup {
				listed[unorderedPair(p)] = k
			}
		}
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
				p := [2]int{n.endpoints[a], n.endpoints[b]}
				k, ok := listed[unorderedPair(p)]
				if !ok {
					k = len(n.pairs)
					n.pairs = append(n.pairs, p)
				}
				n.allPairs = append(n.allPairs, k)
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
	if n.traits.GroundRelay {
		for i, g := range cfg.Ground {
			if g.Kind == ground.Gateway || g.Kind == ground.PoP {
				n.active[i] = true
			}
		}
	}
	if policy.Mode() == Starlink {
		if err := n.initStarlink(); err != nil {
			return nil, err
		}
	}
	if cfg.Forwarding {
		seen := map[int]bool{}
		for _, p := range cfg.Pairs {
			for _, g := range p {
				if !seen[g] {
					seen[g] = true
					n.fwdDst = append(n.fwdDst, g)
				}
			}
		}
	}
	return n, nil
}

// failState marks what is down at offset t.
type failState struct {
	sat, isl, ground, jam []bool
	any                   bool
}

func (n *Network) failuresAt(t time.Duration, st *failState) {
	if len(n.failures) == 0 {
		st.any = false
		return
	}
	reset := func(b *[]bool, size int) {
		if cap(*b) < size {
			*b = make([]bool, size)
		}
		*b = (*b)[:size]
		clear(*b)
	}
	reset(&st.sat, n.NSat)
	reset(&st.isl, n.ISL.Len())
	reset(&st.ground, n.NGnd)
	reset(&st.jam, n.NGnd)
	st.any = true
	for i := range n.failures {
		f := &n.failures[i]
		if !f.activeAt(t) {
			continue
		}
		for _, s := range f.sats {
			st.sat[s] = true
		}
		for _, k := range f.isls {
			st.isl[k] = true
		}
		for _, g := range f.ground {
			if f.Kind == Jammed {
				st.jam[g] = true
			} else {
				st.ground[g] = true
			}
		}
	}
}

// PairList returns every pair the engine reports on, in report order: the
// listed pairs first, then (with AllPairs) every endpoint pair (i < j) that
// is not listed (in either order). Each pair appears once.
func (n *Network) PairList() [][2]int { return n.pairs }

// AllPairIndices returns, with Config.AllPairs, the index into PairList of
// every endpoint pair, in endpoint order (a < b). An endpoint pair that is
// also listed in Config.Pairs (in either order) is not repeated in PairList:
// its index here is the listed one, so the listed pair's orientation and
// statistics stand for it. Without AllPairs it returns nil.
func (n *Network) AllPairIndices() []int { return n.allPairs }

// unorderedPair returns a pair's ends in ascending order.
func unorderedPair(p [2]int) [2]int {
	if p[0] > p[1] {
		return [2]int{p[1], p[0]}
	}
	return p
}

// NumListed returns how many of PairList's pairs were listed in Config.Pairs.
func (n *Network) NumListed() int { return len(n.Cfg.Pairs) }

// HomePoP returns the PoP gateway g is homed to (nearest by geodesic), or −1.
func (n *Network) HomePoP(g int) int { return n.homePoP[g] }

// NumNodes returns the number of routing-graph nodes: the satellites, the
// ground nodes and, in bent-pipe mode, one uplink copy per satellite.
func (n *Network) NumNodes() int {
	if n.traits.UplinkCopies {
		return 2*n.NSat + n.NGnd
	}
	return n.NSat + n.NGnd
}

// ForwardingDsts returns the ground nodes toward which the forwarding state
// is computed (Config.Forwarding): every node of the listed pairs, in order
// of first appearance.
func (n *Network) ForwardingDsts() []int { return n.fwdDst }

// GatewayFiber returns the one-way fibre delay from gateway g to its home
// PoP (0 when g is not a gateway or has no PoP).
func (n *Network) GatewayFiber(g int) units.Delay { return units.Ms(n.fiberMs[g]) }

// PoPs returns the indices of the PoPs when they are meshed by fibre
// (FiberConfig.PoPMesh), else nil.
func (n *Network) PoPs() []int { return n.pops }

// PoPFiber returns the one-way fibre delay between two meshed PoPs.
func (n *Network) PoPFiber(a, b int) units.Delay { return units.Ms(n.popFiberMs[a][b]) }

// DownAt marks, at offset t, the satellites (sats, length NSat) and ground
// nodes (ground, length NGnd) that what-if failures take down; jammed nodes
// are not marked (their fibre works). Either slice may be nil.
func (n *Network) DownAt(t time.Duration, sats, ground []bool) {
	clear(sats)
	clear(ground)
	for i := range n.failures {
		f := &n.failures[i]
		if !f.activeAt(t) {
			continue
		}
		if sats != nil {
			for _, s := range f.sats {
				sats[s] = true
			}
		}
		if ground != nil && f.Kind == GroundDown {
			for _, g := range f.ground {
				ground[g] = true
			}
		}
	}
}

// JammedAt reports whether a point (degrees) lies in a jammed area at
// offset t.
func (n *Network) JammedAt(t time.Duration, latDeg, lonDeg float64) bool {
	for i := range n.failures {
		f := &n.failures[i]
		if f.Kind == Jammed && f.Area != nil && f.activeAt(t) && f.Area(latDeg, lonDeg) {
			return true
		}
	}
	return false
}

// HasFailures reports whether the network has what-if failures.
func (n *Network) HasFailures() bool { return len(n.failures) > 0 }
