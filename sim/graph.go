package sim

import (
	"orbitnet/ground"
	"orbitnet/orbit/units"
)

// Arc is one arc of a step's routing graph, as a policy laid it.
type Arc struct {
	From, To NodeID
	Kind     LinkKind
	Delay    units.Delay // one-way, the arc's weight
}

// PhysicalNode returns the node that physically ends a link at v: the
// satellite of an uplink copy, v itself otherwise. An arc from or to an
// uplink copy uses the radio link of the copy's satellite.
func (n *Network) PhysicalNode(v NodeID) NodeID {
	if n.KindOf(v) == UplinkCopyNode {
		return n.Sat(n.SatOf(v))
	}
	return v
}

// LaidArcs calls fn for every arc of the current step's routing graph, in
// the order the policy laid them (a policy lays the laser links in the
// order of Workspace.ISLs, then each ground node's links in the order of
// Config.Ground); a two-way link is two arcs, the second right after the
// first. The kinds are Network.LinkKind's.
func (w *Workspace) LaidArcs(fn func(Arc)) {
	n := w.net
	for i := 0; i < w.b.NumArcs(); i++ {
		u, v, ms := w.b.ArcAt(i)
		a, b := NodeID(u), NodeID(v)
		fn(Arc{From: a, To: b, Kind: n.LinkKind(a, b), Delay: units.Ms(ms)})
	}
}

// MayRelay reports whether node v may sit inside a path the engine returns
// (Route, RouteAll): a relay of the step's graph or, in a policy whose
// destinations are reached over the terrestrial Internet
// (Traits.Internet), a PoP that is not down, where a path leaves the graph
// for the Internet and comes back.
func (w *Workspace) MayRelay(v NodeID) bool {
	if w.G.Relay(int(v)) {
		return true
	}
	n := w.net
	g := n.GroundOf(v)
	return n.policy.Traits().Internet && g >= 0 && n.Cfg.Ground[g].Kind == ground.PoP && !w.GroundDown(g)
}
