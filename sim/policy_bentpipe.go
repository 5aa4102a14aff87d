package sim

import "orbitnet/ground"

// BentPipe: no lasers; terminal → satellite → gateway, gateway → PoP over
// fibre, and longer paths relay through gateways on the ground (Handley,
// HotNets 2019). A satellite never turns a user's uplink straight into
// another user's downlink.
const BentPipe Mode = "bent-pipe"

// bentPipePolicy lays a graph without lasers in which a user's uplink
// reaches the satellite's uplink copy, whose only way on is down to a
// gateway.
type bentPipePolicy struct{}

func (bentPipePolicy) Mode() Mode { return BentPipe }

func (bentPipePolicy) Traits() Traits {
	return Traits{GroundRelay: true, UplinkCopies: true, GatewaySeen: true}
}

func (bentPipePolicy) lay(w *Workspace) {
	n := w.net
	b := &w.b
	b.Reset(2*n.NSat + n.NGnd)
	for g, node := range n.Cfg.Ground {
		v := n.Node(g)
		b.SetRelay(v, w.relays(g, node.Kind))
		for _, vis := range w.GSL[g] {
			d := vis.Delay().Ms()
			up := int(n.UplinkCopy(int(vis.Sat)))
			if node.Kind == ground.Gateway {
				b.Edge(v, int(vis.Sat), d)
				b.Arc(up, v, d)
			} else { // user: uplink to the copy, downlink from the satellite
				b.Arc(v, up, d)
				b.Arc(int(vis.Sat), v, d)
			}
		}
		w.addFiber(g, node.Kind)
	}
	b.Build(&w.G)
}
