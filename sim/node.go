package sim

import (
	"fmt"
	"iter"
	"math"
	"slices"

	"orbitnet/ground"
	"orbitnet/orbit/units"
)

// NodeID is a routing-graph node. The engine numbers them
//
//	[0, NSat)                   satellites
//	[NSat, NSat+NGnd)           ground nodes, in the order of Config.Ground
//	[NSat+NGnd, NSat+NGnd+NSat) the uplink copy of each satellite (policies
//	                            with Traits.UplinkCopies only)
//
// Paths (Path: Route, StepResult.Path) store node ids as int32; only
// package sim does arithmetic on them: everything else reads a path's
// nodes as NodeIDs (Path.At, Path.All), decodes them with the Network's
// methods (SatOf, GroundOf, KindOf, NodeName) and reads hops with
// Workspace.Hops.
type NodeID int32

// Path is a path of routing nodes, source first, stored as the engine
// stores it (int32 node ids: StepResult.Paths, Parquet rows). Read its
// nodes as NodeIDs with At or All; a []int32 of node ids converts to a
// Path at no cost.
type Path []int32

// Len returns the number of nodes of the path.
func (p Path) Len() int { return len(p) }

// At returns the path's i-th node.
func (p Path) At(i int) NodeID { return NodeID(p[i]) }

// All yields the path's nodes in order with their positions.
func (p Path) All() iter.Seq2[int, NodeID] {
	return func(yield func(int, NodeID) bool) {
		for i, v := range p {
			if !yield(i, NodeID(v)) {
				return
			}
		}
	}
}

// Equal reports whether two paths have the same nodes in the same order.
func (p Path) Equal(q Path) bool { return slices.Equal(p, q) }

// NodeKind says what a routing node stands for.
type NodeKind uint8

// Node kinds.
const (
	SatelliteNode NodeKind = iota
	GroundNode
	UplinkCopyNode // a satellite as it handles a user's uplink (bent pipe)
)

// Sat returns the routing node of satellite s.
func (n *Network) Sat(s int) NodeID { return NodeID(s) }

// Node returns the routing-graph node of ground node g (as an int, the
// form routing.Graph takes).
func (n *Network) Node(g int) int { return n.NSat + g }

// GroundID returns the routing node of ground node g.
func (n *Network) GroundID(g int) NodeID { return NodeID(n.NSat + g) }

// UplinkCopy returns the routing node of satellite s's uplink copy; it is a
// node of the graph only with Traits.UplinkCopies.
func (n *Network) UplinkCopy(s int) NodeID { return NodeID(n.NSat + n.NGnd + s) }

// KindOf returns what routing node v stands for.
func (n *Network) KindOf(v NodeID) NodeKind {
	switch {
	case int(v) < n.NSat:
		return SatelliteNode
	case int(v) < n.NSat+n.NGnd:
		return GroundNode
	default:
		return UplinkCopyNode
	}
}

// IsUplinkCopy reports whether routing node v is a satellite's uplink copy
// (bent-pipe mode): the satellite as it handles packets received from a
// user's uplink, which it may only send down to a gateway.
func (n *Network) IsUplinkCopy(v NodeID) bool { return n.KindOf(v) == UplinkCopyNode }

// SatOf returns the satellite index of a routing node (an uplink copy's
// satellite), or −1 for a ground node.
func (n *Network) SatOf(v NodeID) int {
	switch n.KindOf(v) {
	case SatelliteNode:
		return int(v)
	case GroundNode:
		return -1
	default:
		return int(v) - n.NSat - n.NGnd
	}
}

// GroundOf returns the ground-node index of a routing node, or −1 for a
// satellite or an uplink copy.
func (n *Network) GroundOf(v NodeID) int {
	if n.KindOf(v) != GroundNode {
		return -1
	}
	return int(v) - n.NSat
}

// NodeName names a routing-graph node: a satellite's or ground node's name
// (an uplink copy is named after its satellite).
func (n *Network) NodeName(v NodeID) string {
	if g := n.GroundOf(v); g >= 0 {
		return n.Cfg.Ground[g].Name
	}
	return n.Cfg.Constellation.Sats[n.SatOf(v)].Name
}

// LinkKind says what kind of link a hop crosses.
type LinkKind uint8

// Link kinds.
const (
	LinkISL         LinkKind = iota // laser link between satellites
	LinkUserUp                      // a station's or terminal's uplink
	LinkUserDown                    // a satellite's downlink to a station or terminal
	LinkGatewayGSL                  // a gateway's link to a satellite, either way
	LinkFiber                       // gateway–PoP fibre
	LinkPoPMesh                     // PoP–PoP fibre (FiberConfig.PoPMesh)
	LinkTerrestrial                 // starlink mode: the terrestrial Internet past a PoP (not a graph arc)
)

var linkKindNames = [...]string{"isl", "user-up", "user-down", "gateway-gsl", "fiber", "pop-mesh", "internet"}

func (k LinkKind) String() string {
	if int(k) < len(linkKindNames) {
		return linkKindNames[k]
	}
	return fmt.Sprintf("LinkKind(%d)", k)
}

// Class groups the kinds as laser ("isl"), radio ("gsl") and terrestrial
// ("fiber") links.
func (k LinkKind) Class() string {
	switch k {
	case LinkISL:
		return "isl"
	case LinkUserUp, LinkUserDown, LinkGatewayGSL:
		return "gsl"
	default:
		return "fiber"
	}
}

// Vacuum reports whether the link is a radio or laser link, at c in vacuum.
func (k LinkKind) Vacuum() bool { return k <= LinkGatewayGSL }

// LinkKind returns the kind of the link from routing node a to b, read from
// what the two nodes are (the policies lay at most one kind of link between
// two kinds of node). In starlink mode a PoP's link to anything but a
// gateway is the terrestrial Internet, and so is a link between ground
// nodes that has no arc in the graph (Workspace.Hops).
func (n *Network) LinkKind(a, b NodeID) LinkKind {
	ka, kb := n.KindOf(a), n.KindOf(b)
	gk := func(v NodeID) ground.Kind { return n.Cfg.Ground[int(v)-n.NSat].Kind }
	switch {
	case ka != GroundNode && kb != GroundNode:
		return LinkISL
	case ka == GroundNode && kb == GroundNode:
		x, y := gk(a), gk(b)
		switch {
		case x == ground.Gateway || y == ground.Gateway:
			return LinkFiber
		case x == ground.PoP && y == ground.PoP && n.sl == nil:
			return LinkPoPMesh
		default:
			return LinkTerrestrial
		}
	case ka == GroundNode:
		if gk(a) == ground.Gateway {
			return LinkGatewayGSL
		}
		return LinkUserUp
	default:
		if gk(b) == ground.Gateway {
			return LinkGatewayGSL
		}
		return LinkUserDown
	}
}

// Hop is one link of a path.
type Hop struct {
	From, To NodeID
	Kind     LinkKind
	// Length: the straight line for a radio or laser link; the fibre
	// route (geodesic × FiberConfig.RouteInflation) for fibre; the
	// geodesic for the terrestrial Internet.
	Length units.Length
	// Delay: the one-way delay, the weight of the graph's arc the engine
	// routed on (for the terrestrial Internet of starlink mode, which is not
	// an arc, the model's delay: starlink.Params.Terrestrial).
	Delay units.Delay
}

// Hops appends to dst the hops of a path of routing nodes on the current
// step's graph (a path from Route or StepResult). A hop's delay is the
// weight of its arc in the graph (the lightest, if there are parallel
// arcs; a path of the starlink mode may run a one-way arc backwards, a
// destination user's leg from its PoP). It is not recomputed.
func (w *Workspace) Hops(path Path, dst []Hop) []Hop {
	n := w.net
	for i := 1; i < path.Len(); i++ {
		a, b := path.At(i-1), path.At(i)
		h := Hop{From: a, To: b, Kind: n.LinkKind(a, b)}
		ms, ok := w.arcDelay(a, b)
		if !ok {
			ms, ok = w.arcDelay(b, a)
		}
		ga, gb := n.GroundOf(a), n.GroundOf(b)
		if !ok && n.sl != nil && ga >= 0 && gb >= 0 {
			h.Kind = LinkTerrestrial // past the PoP: not an arc
		}
		switch {
		case h.Kind.Vacuum():
			h.Length = units.LightPath(units.Ms(ms))
		case h.Kind == LinkTerrestrial:
			geo := ground.Geodesic(n.Cfg.Ground[ga].Pos, n.Cfg.Ground[gb].Pos)
			h.Length = geo
			if !ok && n.sl != nil {
				ms, ok = float64(n.sl.p.Terrestrial(geo.Km()))/1e6, true
			}
		default:
			h.Length = units.Km(ground.Geodesic(n.Cfg.Ground[ga].Pos, n.Cfg.Ground[gb].Pos).Km() * n.Cfg.Fiber.RouteInflation)
		}
		if !ok {
			ms = math.NaN()
		}
		h.Delay = units.Ms(ms)
		dst = append(dst, h)
	}
	return dst
}

// arcDelay returns the weight of the lightest arc a → b of the current
// graph.
func (w *Workspace) arcDelay(a, b NodeID) (float64, bool) {
	if int(a) >= w.G.N() {
		return 0, false
	}
	to, wt := w.G.Arcs(int(a))
	best, ok := math.Inf(1), false
	for j, v := range to {
		if v == int32(b) && wt[j] < best {
			best, ok = wt[j], true
		}
	}
	return best, ok
}
