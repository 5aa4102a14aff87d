package sim

// ISLMode: traffic crosses laser links; ground nodes are endpoints only.
const ISLMode Mode = "isl"

// islPolicy routes over laser links; a ground node only sends and
// receives over its ground links.
type islPolicy struct{}

func (islPolicy) Mode() Mode { return ISLMode }

func (islPolicy) Traits() Traits { return Traits{ISLs: true} }

func (islPolicy) lay(w *Workspace) {
	n := w.net
	b := &w.b
	b.Reset(n.NSat + n.NGnd)
	w.addISLs()
	for g := range n.Cfg.Ground {
		v := n.Node(g)
		b.SetRelay(v, false)
		for _, vis := range w.GSL[g] {
			b.Edge(v, int(vis.Sat), vis.Delay().Ms())
		}
	}
	b.Build(&w.G)
}
