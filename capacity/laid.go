package capacity

import (
	"math"
	"slices"

	"orbitnet/sim"
)

// The capacity graph is built from arcs as a routing policy lays them
// (sim.Arc: graph nodes, a sim.LinkKind and a delay), whether they come
// from the engine's step (GraphOf) or from a Snapshot (Snapshot.Graph). A
// link is a physical link: the arcs between the same two physical nodes
// (an uplink copy stands for its satellite) are its two directions, and
// each arc is a move a path may make, consuming one direction. The link
// kind alone selects the capacity (kindCapacity), so a new policy needs no
// change here.

// laidArc is one arc of a routing graph for the builder.
type laidArc struct {
	from, to int32 // graph nodes of the move
	pa, pb   int32 // physical ends of the link the move crosses, pa → pb
	kind     sim.LinkKind
	delayMs  float64
	capacity Gbps // 0: the kind's default (kindCapacity)
	// twoWay: a path may cross the link both ways whichever arcs were
	// laid (a directed policy's graph, whose paths may run a one-way arc
	// backwards, and the terrestrial Internet).
	twoWay bool
}

// kindCapacity maps an engine link kind to the capacity model's kind and
// its per-direction capacity.
func kindCapacity(k sim.LinkKind, c Capacities) (LinkKind, Gbps) {
	switch k {
	case sim.LinkISL:
		return KindISL, c.ISLGbps
	case sim.LinkUserUp, sim.LinkUserDown:
		return KindUserGSL, c.UserGSLGbps
	case sim.LinkGatewayGSL:
		return KindGatewayGSL, c.GatewayAntennaGbps
	case sim.LinkTerrestrial:
		// the terrestrial Internet past a PoP: unconstrained
		return KindFiber, Gbps(math.Inf(1))
	default: // fibre, PoP mesh
		return KindFiber, c.FiberGbps
	}
}

// linkRank orders the links of the graph: laser links, radio links,
// gateway–PoP fibre, the PoP mesh, the terrestrial Internet.
func linkRank(k sim.LinkKind) int {
	switch k {
	case sim.LinkISL:
		return 0
	case sim.LinkUserUp, sim.LinkUserDown, sim.LinkGatewayGSL:
		return 1
	case sim.LinkFiber:
		return 2
	case sim.LinkPoPMesh:
		return 3
	default:
		return 4
	}
}

type move struct {
	from, to int32
	fwd      bool
}

type pendingLink struct {
	a, b     int32
	kind     sim.LinkKind
	delayMs  float64
	capacity Gbps
	moves    []move
}

// linkBuilder collects laid arcs into links. The node numbering is the
// caller's: groundOf returns the ground node of graph node v (−1 for
// none), node the graph node of ground node g.
type linkBuilder struct {
	ngnd     int
	groundOf func(v int32) int
	node     func(g int) int
	links    []pendingLink
	index    map[[2]int32]int
}

func newLinkBuilder(ngnd int, groundOf func(v int32) int, node func(g int) int) *linkBuilder {
	return &linkBuilder{ngnd: ngnd, groundOf: groundOf, node: node, index: map[[2]int32]int{}}
}

func (lb *linkBuilder) isGround(v int32) bool { return lb.groundOf(v) >= 0 }

// add adds arc x. The link's A end is its ground node for a radio link,
// else the first arc's tail.
func (lb *linkBuilder) add(x laidArc) {
	key := [2]int32{min(x.pa, x.pb), max(x.pa, x.pb)}
	i, ok := lb.index[key]
	if !ok {
		a, b := x.pa, x.pb
		if !lb.isGround(a) && lb.isGround(b) {
			a, b = b, a
		}
		i = len(lb.links)
		lb.index[key] = i
		lb.links = append(lb.links, pendingLink{a: a, b: b, kind: x.kind, delayMs: x.delayMs, capacity: x.capacity})
	}
	l := &lb.links[i]
	l.addMove(move{from: x.from, to: x.to, fwd: x.pa == l.a})
	if x.twoWay {
		l.addMove(move{from: x.to, to: x.from, fwd: x.pa != l.a})
	}
}

func (l *pendingLink) addMove(m move) {
	if !slices.Contains(l.moves, m) {
		l.moves = append(l.moves, m)
	}
}

// graph builds the capacity graph of n nodes: links ordered by linkRank,
// then in the order their first arc was added; each node's moves in that
// order. relay says which nodes relay; antennas(g) is ground node g's
// antenna count: a ground node with more radio links than antennas gets a
// pool of antennas × the per-link capacity (Snapshot.Graph), pools in
// ground order.
func (lb *linkBuilder) graph(n int, caps Capacities, relay func(v int) bool, antennas func(g int) int) *Graph {
	slices.SortStableFunc(lb.links, func(x, y pendingLink) int { return linkRank(x.kind) - linkRank(y.kind) })
	g := NewGraph(n)
	for v := range n {
		g.SetRelay(v, relay(v))
	}
	type radios struct {
		count int
		kind  LinkKind
		per   Gbps
	}
	gsl := make([]radios, lb.ngnd)
	for _, l := range lb.links {
		kind, c := kindCapacity(l.kind, caps)
		if l.capacity != 0 {
			c = l.capacity
		}
		id := g.addLink(kind, int(l.a), int(l.b), l.delayMs, c, false, false)
		for _, m := range l.moves {
			g.addMove(int(m.from), int(m.to), ArcOf(id, m.fwd))
		}
		if kind == KindUserGSL || kind == KindGatewayGSL {
			r := &gsl[lb.groundOf(l.a)]
			r.count++
			r.kind, r.per = kind, c
		}
	}
	for gi, r := range gsl {
		if ant := antennas(gi); r.count > ant {
			g.AddPool(lb.node(gi), r.kind, r.per*Gbps(ant))
		}
	}
	return g
}

// GraphOf builds the capacity graph of the engine's current step (after
// Workspace.Build) from the arcs the network's routing policy laid
// (Workspace.LaidArcs), in the engine's node numbering, uplink copies
// included: each physical link once, with the capacity of its kind
// (Capacities); in a directed policy (starlink) every link may be crossed
// both ways, as its paths may run a one-way arc backwards; in a policy that
// reaches destinations over the terrestrial Internet, the listed pairs'
// Internet hops (Workspace.InternetArcs) are unconstrained links. Nodes
// relay as Workspace.MayRelay says.
//
// Links are ordered: laser links (in the engine's order), radio links
// (ground node by ground node, each in the order of Workspace.GSL), gateway
// fibre (by gateway), the PoP mesh, the Internet hops (in the order of the
// listed pairs).
func GraphOf(n *sim.Network, w *sim.Workspace, caps Capacities) (*Graph, error) {
	if err := caps.Validate(); err != nil {
		return nil, err
	}
	lb := newLinkBuilder(n.NGnd, func(v int32) int { return n.GroundOf(sim.NodeID(v)) }, n.Node)
	directed := n.Policy().Traits().Directed
	add := func(x sim.Arc, twoWay bool) {
		lb.add(laidArc{
			from: int32(x.From), to: int32(x.To),
			pa: int32(n.PhysicalNode(x.From)), pb: int32(n.PhysicalNode(x.To)),
			kind: x.Kind, delayMs: x.Delay.Ms(), twoWay: twoWay,
		})
	}
	w.LaidArcs(func(x sim.Arc) { add(x, directed) })
	w.InternetArcs(func(x sim.Arc) { add(x, true) })
	return lb.graph(w.G.N(), caps,
		func(v int) bool { return w.MayRelay(sim.NodeID(v)) },
		func(g int) int { return n.Cfg.Ground[g].AntennaCount() }), nil
}
