package sim

// Hybrid: lasers and ground relays both.
const Hybrid Mode = "hybrid"

// hybridPolicy routes over laser links and through gateways and PoPs on
// the ground (gateway→PoP fibre, the PoP mesh).
type hybridPolicy struct{}

func (hybridPolicy) Mode() Mode { return Hybrid }

func (hybridPolicy) Traits() Traits {
	return Traits{ISLs: true, GroundRelay: true, GatewayGroups: true}
}

func (hybridPolicy) lay(w *Workspace) {
	n := w.net
	b := &w.b
	b.Reset(n.NSat + n.NGnd)
	w.addISLs()
	for g, node := range n.Cfg.Ground {
		v := n.Node(g)
		b.SetRelay(v, w.relays(g, node.Kind))
		for _, vis := range w.GSL[g] {
			b.Edge(v, int(vis.Sat), vis.Delay().Ms())
		}
		w.addFiber(g, node.Kind)
	}
	b.Build(&w.G)
}
