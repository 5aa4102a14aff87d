package sim

import "orbitnet/ground"

// Starlink is the routing mode that models Starlink as its users measure it
// (package starlink): a user terminal reaches its home PoP over its serving
// satellite (the slot scheduler), lasers, a satellite over a gateway that
// backhauls to that PoP, the gateway and fibre; gateways never relay back
// up to space; destinations past the PoP are reached over the terrestrial
// Internet; the access network's delays are added to the geometry.
//
// A pair reads user → destination: its first node, a station or terminal,
// is the Starlink user; its second node is another Starlink user when it is
// a terminal, else (a station, PoP or gateway) a place on the Internet.
const Starlink Mode = "starlink"

// starlinkPolicy lays the starlink mode's graph: lasers both ways, a user's
// uplink only (a user never relays), satellite → gateway downlinks, and
// gateway → PoP fibre (a gateway relays only down to its PoP). The rest of
// the mode (legs to home PoPs, the terrestrial Internet, the access
// network's delays) is in starlink.go.
type starlinkPolicy struct{}

func (starlinkPolicy) Mode() Mode { return Starlink }

func (starlinkPolicy) Traits() Traits {
	return Traits{ISLs: true, GroundRelay: true, GatewayGroups: true, Directed: true, Internet: true}
}

func (starlinkPolicy) lay(w *Workspace) {
	n := w.net
	cfg := &n.Cfg
	b := &w.b
	b.Reset(n.NSat + n.NGnd)
	w.addISLs()
	for g, node := range cfg.Ground {
		v := n.Node(g)
		switch node.Kind {
		case ground.Gateway:
			down := w.fail.any && w.fail.ground[g]
			b.SetRelay(v, !down)
			for _, vis := range w.GSL[g] {
				b.Arc(int(vis.Sat), v, vis.Delay().Ms())
			}
			if p := n.homePoP[g]; p >= 0 && !down && !(w.fail.any && w.fail.ground[p]) {
				b.Arc(v, n.Node(p), n.fiberMs[g])
			}
		case ground.PoP:
			b.SetRelay(v, false)
		default:
			b.SetRelay(v, false)
			for _, vis := range w.GSL[g] {
				b.Arc(v, int(vis.Sat), vis.Delay().Ms())
			}
		}
	}
	b.Build(&w.G)
}
