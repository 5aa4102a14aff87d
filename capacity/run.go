package capacity

import (
	"context"
	"fmt"
	"math"
	"time"

	"orbitnet/ground"
	"orbitnet/sim"
)

// SnapshotOf describes the engine's network at the workspace's current step
// for the capacity model, by the routing policy's traits: active laser
// links (when the policy uses them), every ground node's links after the
// GSL policy, gateway→PoP fibre and, with the PoP mesh, PoP↔PoP fibre
// (policies with ground relays); ground nodes that are down lose their
// fibre. In a policy that reaches destinations over the terrestrial
// Internet (starlink), the Internet hops of the listed pairs are
// unconstrained fibre links and there is no PoP mesh; the links are
// modelled both ways (the capacity model does not restrict direction).
func SnapshotOf(n *sim.Network, w *sim.Workspace) *Snapshot {
	cfg := &n.Cfg
	tr := n.Policy().Traits()
	s := &Snapshot{NSat: n.NSat, BentPipe: tr.UplinkCopies, GroundRelay: tr.GroundRelay}
	if tr.ISLs {
		for _, l := range w.ISLs {
			s.ISLs = append(s.ISLs, ISL(l))
		}
	}
	for g, node := range cfg.Ground {
		gn := GroundNode{Kind: node.Kind, Antennas: node.AntennaCount()}
		for _, v := range w.GSL[g] {
			gn.GSL = append(gn.GSL, GSL{Sat: v.Sat, DelayMs: v.DelayMs()})
		}
		s.Ground = append(s.Ground, gn)
		if tr.GroundRelay && node.Kind == ground.Gateway {
			if p := n.HomePoP(g); p >= 0 && !w.GroundDown(g) && !w.GroundDown(p) {
				s.Fiber = append(s.Fiber, FiberLink{A: int32(g), B: int32(p), DelayMs: n.GatewayFiberMs(g)})
			}
		}
	}
	if tr.Internet {
		// The engine's graph has no terrestrial links past the PoPs: a
		// listed pair's path runs from the user's home PoP to the
		// destination (or to the destination user's home PoP) over the
		// Internet, an unconstrained link here.
		seen := map[[2]int32]bool{}
		for _, p := range n.PairList()[:n.NumListed()] {
			a, b := p[0], p[1]
			if n.StarlinkHome(a) < 0 {
				a, b = b, a
			}
			ha := n.StarlinkHome(a)
			if ha < 0 {
				continue
			}
			hb := b
			if cfg.Ground[b].Kind == ground.Terminal && n.StarlinkHome(b) >= 0 {
				hb = n.StarlinkHome(b)
			}
			l := [2]int32{int32(min(ha, hb)), int32(max(ha, hb))}
			if ha == hb || seen[l] || w.GroundDown(ha) || w.GroundDown(hb) {
				continue
			}
			seen[l] = true
			km := ground.GeodesicKm(cfg.Ground[ha].Pos, cfg.Ground[hb].Pos)
			s.Fiber = append(s.Fiber, FiberLink{A: l[0], B: l[1], DelayMs: float64(cfg.Starlink.Params.Terrestrial(km)) / 1e6, Capacity: Gbps(math.Inf(1))})
		}
	} else if tr.GroundRelay {
		pops := n.PoPs()
		for i, a := range pops {
			for _, b := range pops[i+1:] {
				if !w.GroundDown(a) && !w.GroundDown(b) {
					s.Fiber = append(s.Fiber, FiberLink{A: int32(a), B: int32(b), DelayMs: n.PoPFiberMs(a, b)})
				}
			}
		}
	}
	return s
}

// RunConfig configures a capacity run over the engine's steps.
type RunConfig struct {
	Caps    Capacities
	Demands []Demand // ground-node indices; the network's listed pairs must be the demands' (Src, Dst) in order
	// K > 1 routes each demand over its K shortest paths (Yen) instead of
	// the engine's shortest path.
	K int
	// Every computes one step in Every (≥ 1) of the network's steps.
	Every int
}

// Run computes the max-min fair allocation at each step (one in Every) and
// hands it to emit in time order. The network's listed pairs must be the
// demands, so that the engine's shortest paths route them.
func Run(ctx context.Context, n *sim.Network, cfg RunConfig, emit func(offset time.Duration, p *Problem, a *Allocation) error) error {
	if n.NumListed() != len(cfg.Demands) {
		return fmt.Errorf("capacity: %d demands but the network lists %d pairs", len(cfg.Demands), n.NumListed())
	}
	for k, d := range cfg.Demands {
		if p := n.PairList()[k]; p[0] != d.Src || p[1] != d.Dst {
			return fmt.Errorf("capacity: demand %d (%d→%d) is not the network's pair %v", k, d.Src, d.Dst, p)
		}
	}
	if cfg.Every < 1 {
		cfg.Every = 1
	}
	ws := n.NewWorkspace()
	vals := make([]sim.PairValue, len(n.PairList()))
	paths := make([][]int32, n.NumListed())
	for i := 0; i < n.Cfg.Steps(); i += cfg.Every {
		if err := ctx.Err(); err != nil {
			return err
		}
		off := time.Duration(i) * n.Cfg.Step
		ws.Build(off)
		snap := SnapshotOf(n, ws)
		var p *Problem
		var err error
		if cfg.K > 1 {
			p, err = FromSnapshotKShortest(snap, cfg.Caps, cfg.Demands, cfg.K)
		} else {
			ws.RouteAll(vals, paths)
			p, err = FromSnapshot(snap, cfg.Caps, cfg.Demands, paths)
		}
		if err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
		if err := emit(off, p, p.Allocate()); err != nil {
			return err
		}
	}
	return nil
}
