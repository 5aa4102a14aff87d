package capacity

import (
	"fmt"
	"math"

	"orbitnet/orbit/units"
)

// LinkKind says what a link is; it selects the default capacity and groups
// links in summaries.
type LinkKind uint8

// Link kinds.
const (
	// KindGeneric is a link added with AddLink, with no particular role.
	KindGeneric LinkKind = iota
	// KindISL is a laser inter-satellite link.
	KindISL
	// KindUserGSL is a user beam between a satellite and a user terminal or
	// city endpoint.
	KindUserGSL
	// KindGatewayGSL is one gateway antenna's link to a satellite.
	KindGatewayGSL
	// KindFiber is a terrestrial fibre link (gateway ↔ PoP, PoP ↔ PoP).
	KindFiber
	numKinds
)

var kindNames = [numKinds]string{
	KindGeneric:    "link",
	KindISL:        "isl",
	KindUserGSL:    "gsl-user",
	KindGatewayGSL: "gsl-gateway",
	KindFiber:      "fiber",
}

// String returns the kind's name as used in CSV output: "link", "isl",
// "gsl-user", "gsl-gateway" or "fiber".
func (k LinkKind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("LinkKind(%d)", uint8(k))
}

// LinkID identifies a link of a Graph: links are numbered from 0 in the
// order they were added.
type LinkID int32

// Link is an undirected, full-duplex link: it carries up to Capacity in
// each direction independently.
type Link struct {
	A, B     int32 // end nodes; A→B is the link's forward direction
	Kind     LinkKind
	Delay    units.Delay // one-way propagation delay
	Capacity Gbps        // per direction; +Inf for unconstrained
}

// Arc is one direction of a link: 2·LinkID for A→B and 2·LinkID+1 for
// B→A. Arcs are the resources that flows consume.
type Arc int32

// ArcOf returns the arc of link l in its forward (A→B) or reverse direction.
func ArcOf(l LinkID, forward bool) Arc {
	if forward {
		return Arc(2 * l)
	}
	return Arc(2*l + 1)
}

// Link returns the arc's link.
func (a Arc) Link() LinkID { return LinkID(a >> 1) }

// Forward reports whether the arc runs from the link's A to its B.
func (a Arc) Forward() bool { return a&1 == 0 }

// Reverse returns the opposite direction of the same link.
func (a Arc) Reverse() Arc { return a ^ 1 }

// PoolID identifies a pool of a Graph, numbered from 0 in the order added.
type PoolID int32

// Pool caps the total traffic a node sends, and separately the total it
// receives, over its links of one kind: a gateway's antennas or a terminal's
// single beam when the snapshot links it to several satellites.
type Pool struct {
	Node     int32
	Kind     LinkKind
	Capacity Gbps // per direction; +Inf for unconstrained
}

// hop is a move from a node along a link direction. In the engine's
// bent-pipe graph a hop may leave from an uplink-copy node while consuming
// the arc of the satellite it stands for, so the hop's end nodes are kept
// apart from the arc's.
type hop struct {
	to  int32
	arc Arc
}

// Graph is an undirected multigraph of full-duplex links for capacity
// studies: links with capacities and delays, relay flags (a node that does
// not relay may start or end a path but not sit inside one, as in package
// routing) and pools. Nodes are numbered [0, N). The zero value is not
// usable; call NewGraph.
type Graph struct {
	links []Link
	pools []Pool
	relay []bool
	adj   [][]hop
	// poolOf maps (node, kind) to its pool.
	poolOf map[poolKey]PoolID
}

type poolKey struct {
	node int32
	kind LinkKind
}

// NewGraph returns a graph of n nodes, all relays, with no links.
func NewGraph(n int) *Graph {
	if n < 0 {
		panic("capacity: NewGraph: negative node count")
	}
	g := &Graph{relay: make([]bool, n), adj: make([][]hop, n), poolOf: map[poolKey]PoolID{}}
	for i := range g.relay {
		g.relay[i] = true
	}
	return g
}

// N returns the number of nodes.
func (g *Graph) N() int { return len(g.adj) }

// NumLinks returns the number of links.
func (g *Graph) NumLinks() int { return len(g.links) }

// Link returns link id.
func (g *Graph) Link(id LinkID) Link { return g.links[id] }

// Links returns every link, indexed by LinkID (do not modify).
func (g *Graph) Links() []Link { return g.links }

// Pools returns every pool, indexed by PoolID (do not modify).
func (g *Graph) Pools() []Pool { return g.pools }

// Relay reports whether node v may forward traffic.
func (g *Graph) Relay(v int) bool { return g.relay[v] }

// SetRelay sets whether node v may forward traffic.
func (g *Graph) SetRelay(v int, relay bool) { g.relay[v] = relay }

// ArcEnds returns the node an arc leaves and the node it enters.
func (g *Graph) ArcEnds(a Arc) (from, to int32) {
	l := &g.links[a.Link()]
	if a.Forward() {
		return l.A, l.B
	}
	return l.B, l.A
}

// AddLink adds an undirected link of KindGeneric between nodes a and b with a
// one-way delay and a capacity in each direction, and returns its id. It
// panics if a node is out of range, a == b, the delay is negative or not
// finite, or the capacity is negative or NaN (+Inf is allowed).
func (g *Graph) AddLink(a, b int, delayMs float64, capacity Gbps) LinkID {
	return g.addLink(KindGeneric, a, b, delayMs, capacity, true, true)
}

// addLink adds a link of the given kind; fwd and rev say whether a path may
// use the A→B and B→A directions as plain moves (the engine's bent-pipe
// graph reaches some directions only through uplink-copy nodes).
func (g *Graph) addLink(kind LinkKind, a, b int, delayMs float64, capacity Gbps, fwd, rev bool) LinkID {
	n := g.N()
	switch {
	case a < 0 || a >= n || b < 0 || b >= n:
		panic(fmt.Sprintf("capacity: link %d–%d: node out of range [0, %d)", a, b, n))
	case a == b:
		panic(fmt.Sprintf("capacity: link %d–%d: a link needs two distinct nodes", a, b))
	case !(delayMs >= 0) || math.IsInf(delayMs, 1):
		panic(fmt.Sprintf("capacity: link %d–%d: delay %v ms, must be finite and ≥ 0", a, b, delayMs))
	case !(capacity >= 0):
		panic(fmt.Sprintf("capacity: link %d–%d: capacity %v, must be ≥ 0", a, b, float64(capacity)))
	}
	id := LinkID(len(g.links))
	g.links = append(g.links, Link{A: int32(a), B: int32(b), Kind: kind, Delay: units.Ms(delayMs), Capacity: capacity})
	if fwd {
		g.adj[a] = append(g.adj[a], hop{to: int32(b), arc: ArcOf(id, true)})
	}
	if rev {
		g.adj[b] = append(g.adj[b], hop{to: int32(a), arc: ArcOf(id, false)})
	}
	return id
}

// addMove lets a path step from node `from` to node `to` consuming arc a,
// whose own ends may differ (an uplink copy standing for a satellite).
func (g *Graph) addMove(from, to int, a Arc) {
	g.adj[from] = append(g.adj[from], hop{to: int32(to), arc: a})
}

// AddPool adds a pool capping the traffic node sends, and separately the
// traffic it receives, over its links of the given kind (including links
// added later), and returns its id. It panics if the node is out of range,
// the capacity is negative or NaN, or the node already has a pool of that
// kind.
func (g *Graph) AddPool(node int, kind LinkKind, capacity Gbps) PoolID {
	if node < 0 || node >= g.N() {
		panic(fmt.Sprintf("capacity: pool at node %d: out of range [0, %d)", node, g.N()))
	}
	if !(capacity >= 0) {
		panic(fmt.Sprintf("capacity: pool at node %d: capacity %v, must be ≥ 0", node, float64(capacity)))
	}
	k := poolKey{int32(node), kind}
	if _, dup := g.poolOf[k]; dup {
		panic(fmt.Sprintf("capacity: node %d already has a %v pool", node, kind))
	}
	id := PoolID(len(g.pools))
	g.pools = append(g.pools, Pool{Node: int32(node), Kind: kind, Capacity: capacity})
	g.poolOf[k] = id
	return id
}

// Path is a route through a Graph: its nodes, source first, and the arcs
// between them (len(Arcs) = len(Nodes) − 1). Delay is the sum of the
// links' delays in path order.
type Path struct {
	Nodes []int32
	Arcs  []Arc
	Delay units.Delay
}

// PathFromNodes returns the path through the given nodes: between each
// consecutive pair it takes the lowest-delay move (the first added among
// equals), as a shortest-path tree over these links would. It fails if two
// consecutive nodes are not joined, a node is out of range, an inner node
// does not relay, or the path would use an arc twice. A path of one node is
// empty (no arcs); no nodes is an error.
func (g *Graph) PathFromNodes(nodes []int32) (Path, error) {
	if len(nodes) == 0 {
		return Path{}, fmt.Errorf("empty node path")
	}
	p := Path{Nodes: append([]int32(nil), nodes...), Arcs: make([]Arc, 0, len(nodes)-1)}
	for i, v := range nodes {
		if v < 0 || int(v) >= g.N() {
			return Path{}, fmt.Errorf("node path position %d: node %d out of range [0, %d)", i, v, g.N())
		}
		if i > 0 && i < len(nodes)-1 && !g.relay[v] {
			return Path{}, fmt.Errorf("node path position %d: node %d does not relay", i, v)
		}
		if i == 0 {
			continue
		}
		u := nodes[i-1]
		best := -1
		for k, h := range g.adj[u] {
			if h.to == v && (best < 0 || g.links[h.arc.Link()].Delay < g.links[g.adj[u][best].arc.Link()].Delay) {
				best = k
			}
		}
		if best < 0 {
			return Path{}, fmt.Errorf("node path position %d: no link from node %d to node %d", i, u, v)
		}
		a := g.adj[u][best].arc
		p.Arcs = append(p.Arcs, a)
		p.Delay += g.links[a.Link()].Delay
	}
	if err := checkArcsOnce(p.Arcs); err != nil {
		return Path{}, err
	}
	return p, nil
}

// checkArcsOnce fails if an arc appears twice. Paths are short, so a
// quadratic scan beats a map.
func checkArcsOnce(arcs []Arc) error {
	for i, a := range arcs {
		for _, b := range arcs[:i] {
			if a == b {
				return fmt.Errorf("path uses arc %d (link %d) twice", a, a.Link())
			}
		}
	}
	return nil
}
