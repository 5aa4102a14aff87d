package coverage

import (
	"context"
	"fmt"
	"math"
	"slices"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/sim"
)

// rttBlockSteps is the engine's block size for the RTT run. The engine
// keeps about 4 × workers blocks of per-step results in flight, each step
// holding one value and one path per cell, so small blocks bound memory
// for large grids; there is one source per PoP, so the trees the engine
// rebuilds at each block start cost little.
const rttBlockSteps = 16

// NearestPoP returns the index into nodes of the PoP nearest to p by
// geodesic distance (ground.GeodesicKm), and that distance; ties go to the
// PoP listed first. It returns −1 and NaN when nodes holds no PoP.
func NearestPoP(p frame.Geodetic, nodes []ground.Node) (int, float64) {
	best, bestKm := -1, math.NaN()
	for j, g := range nodes {
		if g.Kind != ground.PoP {
			continue
		}
		if d := ground.Geodesic(p, g.Pos); best < 0 || d.Km() < bestKm {
			best, bestKm = j, d.Km()
		}
	}
	return best, bestKm
}

// popRTT runs the engine with one terminal per cell, paired with its
// nearest PoP, and fills the cells' PoP fields.
func popRTT(ctx context.Context, cfg *Config, workers int, res *Result, progress func(done int)) error {
	nc := cfg.Network
	base := len(nc.Ground)
	nc.Ground = slices.Grow(slices.Clone(nc.Ground), len(cfg.Cells))
	nc.Pairs = make([][2]int, len(cfg.Cells))
	nc.AllPairs, nc.AllPairsLimit = false, 0
	for i, c := range cfg.Cells {
		pos := frame.Geodetic{Lat: units.Deg(c.Lat), Lon: units.Deg(c.Lon)}
		p, km := NearestPoP(pos, cfg.Network.Ground)
		cs := &res.Cells[i]
		cs.PoP, cs.PoPName, cs.PoPDist = p, nc.Ground[p].Name, units.Km(km)
		nc.Ground = append(nc.Ground, ground.Node{Name: cs.Name, Kind: ground.Terminal, Pos: pos})
		// PoP first: the engine runs one shortest-path tree per source.
		nc.Pairs[i] = [2]int{p, base + i}
	}
	net, err := sim.NewNetwork(nc)
	if err != nil {
		return fmt.Errorf("coverage: PoP RTT: %w", err)
	}
	opts := sim.Options{Workers: workers, BlockSteps: rttBlockSteps, Progress: func(done, _ int) { progress(done) }}
	out, err := sim.Run(ctx, net, opts, sim.SinkFunc(func(*sim.StepResult) error { return nil }))
	if err != nil {
		return err
	}
	for i := range res.Cells {
		st := &out.Stats[i]
		cs := &res.Cells[i]
		cs.PoPReachableFrac = float64(st.Steps-st.Unreachable) / float64(st.Steps)
		cs.PoPRTTMedian = st.Hist.Quantile(0.5) // NaN when never reachable
	}
	return nil
}
