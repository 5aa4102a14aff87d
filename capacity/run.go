package capacity

import (
	"context"
	"fmt"
	"time"

	"orbitnet/sim"
)

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
		g, err := GraphOf(n, ws, cfg.Caps)
		if err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
		var p *Problem
		if cfg.K > 1 {
			p, err = kShortest(g, n.Node, n.NGnd, cfg.Demands, cfg.K)
		} else {
			ws.RouteAll(vals, paths)
			p, err = fromPaths(g, n.Node, n.NGnd, cfg.Demands, paths)
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
