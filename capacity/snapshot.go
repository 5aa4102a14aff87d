package capacity

import (
	"fmt"
	"math"

	"orbitnet/ground"
	"orbitnet/orbit/units"
	"orbitnet/sim"
)

// Snapshot is one step of the simulation engine as plain data, in the
// engine's node numbering:
//
//	[0, NSat)                   satellites
//	[NSat, NSat+NGnd)           ground nodes, in the order of Ground
//	[NSat+NGnd, NSat+NGnd+NSat) bent-pipe only: the uplink copy of each
//	                            satellite (copy of s = NSat+NGnd+s)
//
// In bent-pipe mode the engine routes a user's uplink into the copy of its
// satellite, from which the only way on is down to a gateway, so a
// satellite never turns one user's uplink into another user's downlink. A
// copy is not a separate radio: the move user→copy(s) consumes the uplink
// direction of the user's link to s, and copy(s)→gateway the downlink
// direction of the gateway's link to s. Satellite and ground numbers in the
// fields below are plain indices (satellite s, ground node g), never copies.
type Snapshot struct {
	NSat int
	// ISLs are the laser links up at this step (the engine's
	// Workspace.ISLs; capacity.ISL(l) converts a topology.Link).
	ISLs []ISL
	// Ground holds every ground node, in the engine's order.
	Ground []GroundNode
	// Fiber holds the terrestrial links: each gateway to its PoP, and the PoP
	// mesh when the engine has one. A and B are ground-node indices.
	Fiber []FiberLink
	// BentPipe: the engine ran in bent-pipe mode, so paths may use uplink
	// copies.
	BentPipe bool
	// GroundRelay: gateways and PoPs may relay traffic (bent-pipe and hybrid
	// modes); other ground nodes never do.
	GroundRelay bool
}

// ISL is a laser link between satellites A and B. Its layout matches
// topology.Link, so a topology.Link converts to it directly.
type ISL struct {
	A, B  int32
	Delay units.Delay
}

// GSL is a ground node's link to satellite Sat (the engine's
// topology.Visible: Sat and Delay()).
type GSL struct {
	Sat   int32
	Delay units.Delay
}

// GroundNode is one ground node at this step.
type GroundNode struct {
	// Kind selects the capacities: Station and Terminal links are user
	// beams, Gateway links are gateway antennas; a PoP has no GSLs.
	Kind ground.Kind
	// Antennas is the node's antenna count (ground.Node.AntennaCount()); ≤ 0
	// means the same default as AntennaCount: DefaultGatewayAntennas for a
	// gateway, 1 otherwise.
	Antennas int
	// GSL lists the satellites the node is linked to at this step (the
	// engine's Workspace.GSL[g]); empty if the node is down or inactive.
	GSL []GSL
}

// FiberLink is a terrestrial link between ground nodes A and B.
type FiberLink struct {
	A, B  int32
	Delay units.Delay
	// Capacity overrides Capacities.FiberGbps when non-zero; +Inf makes the
	// link unconstrained (a PoP-to-PoP "internet" link, say).
	Capacity Gbps
}

// NGnd returns the number of ground nodes.
func (s *Snapshot) NGnd() int { return len(s.Ground) }

// Node returns the graph node of ground node g (NSat+g).
func (s *Snapshot) Node(g int) int { return s.NSat + g }

// groundOf returns the ground node of graph node v, or −1.
func (s *Snapshot) groundOf(v int32) int {
	if g := int(v) - s.NSat; g >= 0 && g < len(s.Ground) {
		return g
	}
	return -1
}

// Graph builds the capacity graph of the snapshot in the engine's node
// numbering (see Snapshot), with links in the order: ISLs, then each ground
// node's GSLs in ground order, then fibre. Capacities:
//
//   - ISL: caps.ISLGbps.
//   - A Station's or Terminal's GSL: caps.UserGSLGbps (one beam).
//   - A Gateway's GSL: caps.GatewayAntennaGbps (one antenna).
//   - Fibre: the link's Capacity, or caps.FiberGbps when that is 0.
//
// A ground node linked to more satellites than it has antennas (the
// engine's "any" GSL policy links a node to every satellite in view) also
// gets a pool of antennas × the per-link capacity on its GSLs, in each
// direction, so that it cannot use more radios than it has.
//
// Satellites and uplink copies relay; gateways and PoPs relay when
// GroundRelay is set; other ground nodes never relay. Graph returns an error
// naming the offending entry for out-of-range or duplicate satellites,
// self-loops, negative or non-finite delays, GSLs on a PoP, or invalid
// capacities.
func (s *Snapshot) Graph(caps Capacities) (*Graph, error) {
	if err := caps.Validate(); err != nil {
		return nil, err
	}
	if s.NSat < 0 {
		return nil, fmt.Errorf("snapshot: %d satellites", s.NSat)
	}
	ng := len(s.Ground)
	n := s.NSat + ng
	if s.BentPipe {
		n += s.NSat
	}
	// The snapshot is laid as the engine's policies lay a step (isl,
	// hybrid, bent-pipe) and built by the same code as GraphOf.
	lb := newLinkBuilder(ng, s.groundOf, s.Node)
	arc := func(from, to, pa, pb int, kind sim.LinkKind, d float64, c Gbps) {
		lb.add(laidArc{from: int32(from), to: int32(to), pa: int32(pa), pb: int32(pb), kind: kind, delayMs: d, capacity: c})
	}
	edge := func(a, b int, kind sim.LinkKind, d float64, c Gbps) {
		arc(a, b, a, b, kind, d, c)
		arc(b, a, b, a, kind, d, c)
	}
	okDelay := func(d float64) bool { return d >= 0 && !math.IsInf(d, 1) }
	for i, l := range s.ISLs {
		switch {
		case l.A < 0 || int(l.A) >= s.NSat || l.B < 0 || int(l.B) >= s.NSat:
			return nil, fmt.Errorf("snapshot: ISL %d: satellites %d–%d, want both in [0, %d)", i, l.A, l.B, s.NSat)
		case l.A == l.B:
			return nil, fmt.Errorf("snapshot: ISL %d: satellite %d linked to itself", i, l.A)
		case !okDelay(l.Delay.Ms()):
			return nil, fmt.Errorf("snapshot: ISL %d: delay %v ms", i, l.Delay)
		}
		edge(int(l.A), int(l.B), sim.LinkISL, l.Delay.Ms(), 0)
	}
	copyOf := func(sat int32) int { return s.NSat + ng + int(sat) }
	seen := make([]int, s.NSat) // satellite → 1 + last ground node that linked to it
	for gi, gn := range s.Ground {
		v := s.Node(gi)
		if len(gn.GSL) == 0 {
			continue
		}
		var gateway bool
		switch gn.Kind {
		case ground.Station, ground.Terminal:
		case ground.Gateway:
			gateway = true
		default:
			return nil, fmt.Errorf("snapshot: ground node %d: a %v has no satellite links, got %d", gi, gn.Kind, len(gn.GSL))
		}
		for j, l := range gn.GSL {
			switch {
			case l.Sat < 0 || int(l.Sat) >= s.NSat:
				return nil, fmt.Errorf("snapshot: ground node %d GSL %d: satellite %d out of range [0, %d)", gi, j, l.Sat, s.NSat)
			case seen[l.Sat] == gi+1:
				return nil, fmt.Errorf("snapshot: ground node %d GSL %d: satellite %d listed twice", gi, j, l.Sat)
			case !okDelay(l.Delay.Ms()):
				return nil, fmt.Errorf("snapshot: ground node %d GSL %d: delay %v ms", gi, j, l.Delay)
			}
			seen[l.Sat] = gi + 1
			sat, d := int(l.Sat), l.Delay.Ms()
			switch {
			case gateway:
				edge(v, sat, sim.LinkGatewayGSL, d, 0)
				if s.BentPipe { // copy(s) → gateway: the downlink s → gateway
					arc(copyOf(l.Sat), v, sat, v, sim.LinkGatewayGSL, d, 0)
				}
			case !s.BentPipe:
				arc(v, sat, v, sat, sim.LinkUserUp, d, 0)
				arc(sat, v, sat, v, sim.LinkUserDown, d, 0)
			default: // user: uplink only into the copy, downlink from the satellite
				arc(v, copyOf(l.Sat), v, sat, sim.LinkUserUp, d, 0)
				arc(sat, v, sat, v, sim.LinkUserDown, d, 0)
			}
		}
	}
	for i, f := range s.Fiber {
		switch {
		case f.A < 0 || int(f.A) >= ng || f.B < 0 || int(f.B) >= ng:
			return nil, fmt.Errorf("snapshot: fibre %d: ground nodes %d–%d, want both in [0, %d)", i, f.A, f.B, ng)
		case f.A == f.B:
			return nil, fmt.Errorf("snapshot: fibre %d: ground node %d linked to itself", i, f.A)
		case !okDelay(f.Delay.Ms()):
			return nil, fmt.Errorf("snapshot: fibre %d: delay %v ms", i, f.Delay)
		case !(f.Capacity >= 0):
			return nil, fmt.Errorf("snapshot: fibre %d: capacity %v", i, float64(f.Capacity))
		}
		edge(s.Node(int(f.A)), s.Node(int(f.B)), sim.LinkFiber, f.Delay.Ms(), f.Capacity)
	}
	relay := func(v int) bool {
		g := v - s.NSat
		if g < 0 || g >= ng {
			return true // satellites and uplink copies
		}
		k := s.Ground[g].Kind
		return s.GroundRelay && (k == ground.Gateway || k == ground.PoP)
	}
	antennas := func(g int) int {
		if a := s.Ground[g].Antennas; a > 0 {
			return a
		}
		return ground.Node{Kind: s.Ground[g].Kind}.AntennaCount()
	}
	return lb.graph(n, caps, relay, antennas), nil
}

// FromSnapshot builds the capacity problem of one engine step with the
// engine's own routes: demands[d] runs between ground nodes Src and Dst,
// and paths[d] is the engine's node path for it (StepResult.Paths, or
// Workspace.Route), from node NSat+Src to node NSat+Dst, possibly through
// uplink copies; nil or empty means unreachable (the demand is unrouted and
// gets nothing). Between consecutive nodes the lowest-delay link is taken,
// which is the one the engine's Dijkstra used unless two links tie.
//
// It returns an error for an invalid snapshot (see Snapshot.Graph), a
// demand with an endpoint out of range, Src == Dst, or a negative rate, and
// for a path that does not run from Src to Dst over links of the snapshot.
func FromSnapshot(s *Snapshot, caps Capacities, demands []Demand, paths [][]int32) (*Problem, error) {
	g, err := s.Graph(caps)
	if err != nil {
		return nil, err
	}
	return fromPaths(g, s.Node, len(s.Ground), demands, paths)
}

// fromPaths builds the problem of demands routed over paths on g, a graph
// in the engine's numbering with ng ground nodes, ground node i being
// node(i).
func fromPaths(g *Graph, node func(int) int, ng int, demands []Demand, paths [][]int32) (*Problem, error) {
	if len(paths) != len(demands) {
		return nil, fmt.Errorf("%d demands but %d paths", len(demands), len(paths))
	}
	if err := checkDemands(ng, demands); err != nil {
		return nil, err
	}
	routes := make([][]Path, len(demands))
	for d, nodes := range paths {
		if len(nodes) == 0 {
			continue
		}
		dm := demands[d]
		if src, dst := node(dm.Src), node(dm.Dst); int(nodes[0]) != src || int(nodes[len(nodes)-1]) != dst {
			return nil, fmt.Errorf("demand %d (ground %d→%d): path runs from node %d to node %d, want %d to %d",
				d, dm.Src, dm.Dst, nodes[0], nodes[len(nodes)-1], src, dst)
		}
		p, err := g.PathFromNodes(nodes)
		if err != nil {
			return nil, fmt.Errorf("demand %d (ground %d→%d): %w", d, dm.Src, dm.Dst, err)
		}
		routes[d] = []Path{p}
	}
	return NewProblem(g, demands, routes)
}

// FromSnapshotKShortest is FromSnapshot with each demand routed over its k
// shortest loopless paths by delay on the snapshot graph
// (Graph.KShortestPaths), its rate split equally among them (NewProblem).
// With k = 1 it gives a shortest path, which may differ from the engine's
// where delays tie. Cost: see KShortestPaths, per demand.
func FromSnapshotKShortest(s *Snapshot, caps Capacities, demands []Demand, k int) (*Problem, error) {
	if k < 1 {
		return nil, fmt.Errorf("k = %d paths per demand, must be ≥ 1", k)
	}
	g, err := s.Graph(caps)
	if err != nil {
		return nil, err
	}
	return kShortest(g, s.Node, len(s.Ground), demands, k)
}

// kShortest builds the problem of demands each routed over its k shortest
// paths on g (engine numbering, ng ground nodes, ground node i being
// node(i)).
func kShortest(g *Graph, node func(int) int, ng int, demands []Demand, k int) (*Problem, error) {
	if err := checkDemands(ng, demands); err != nil {
		return nil, err
	}
	routes := make([][]Path, len(demands))
	for d, dm := range demands {
		routes[d] = g.KShortestPaths(node(dm.Src), node(dm.Dst), k)
	}
	return NewProblem(g, demands, routes)
}

func checkDemands(ng int, demands []Demand) error {
	for d, dm := range demands {
		switch {
		case dm.Src < 0 || dm.Src >= ng || dm.Dst < 0 || dm.Dst >= ng:
			return fmt.Errorf("demand %d: ground nodes %d→%d, want both in [0, %d)", d, dm.Src, dm.Dst, ng)
		case dm.Src == dm.Dst:
			return fmt.Errorf("demand %d: ground node %d to itself", d, dm.Src)
		case !(dm.Rate >= 0):
			return fmt.Errorf("demand %d: rate %v, must be ≥ 0", d, float64(dm.Rate))
		}
	}
	return nil
}
