package sim

import (
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/starlink"
)

// allocNetwork is the network of the allocation tests: the 100 cities and
// their 4,950 pairs, with a gateway and a PoP for the modes that need
// them, in the given mode.
func allocNetwork(t *testing.T, mode Mode) *Network {
	t.Helper()
	cfg := baseConfig(t)
	cfg.Ground = append(cfg.Ground[:len(cfg.Ground):len(cfg.Ground)],
		ground.Node{Name: "GW Frankfurt", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 50.3, Lon: 8.5}},
		ground.Node{Name: "Frankfurt", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 50.1, Lon: 8.7}})
	cfg.Mode = mode
	cfg.Starlink.Params = starlink.Defaults
	net, err := NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// allocsPerStep runs step over the offsets of the network's first ten
// steps in turn, warm times to let the buffers grow, and returns the
// allocations per step after that.
func allocsPerStep(net *Network, warm int, step func(off time.Duration)) float64 {
	i := 0
	run := func() {
		step(time.Duration(i%10) * net.Cfg.Step)
		i++
	}
	for range warm {
		run()
	}
	return testing.AllocsPerRun(10, run)
}

// TestBuildAllocationFree: once a workspace's buffers have grown, building
// a step (positions, links, the policy's graph) allocates nothing.
func TestBuildAllocationFree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds several networks")
	}
	for _, mode := range Modes() {
		t.Run(string(mode), func(t *testing.T) {
			ws := allocNetwork(t, mode).NewWorkspace()
			if a := allocsPerStep(ws.net, 20, ws.Build); a != 0 {
				t.Errorf("%v allocations per step", a)
			}
		})
	}
}

// TestRouteAllAllocationFree: once a workspace's buffers (the kept trees'
// lists among them) have grown over the steps it sees, building and
// routing all 4,950 pairs of a step allocates nothing in starlink mode
// (and, measured, in the others after these steps). The access model's
// draws reuse one generator (starlink.Draws); each draw used to allocate
// its own, about 19,800 allocations a step. The unlisted pairs' paths
// share one buffer kept in the workspace.
func TestRouteAllAllocationFree(t *testing.T) {
	if testing.Short() {
		t.Skip("routes 4,950 pairs for 70 steps in each mode")
	}
	for _, mode := range Modes() {
		t.Run(string(mode), func(t *testing.T) {
			net := allocNetwork(t, mode)
			ws := net.NewWorkspace()
			vals := make([]PairValue, net.nPairs)
			paths := make([][]int32, net.NumListed())
			a := allocsPerStep(net, 60, func(off time.Duration) {
				ws.Build(off)
				ws.RouteAll(vals, paths)
			})
			// Starlink mode's own buffers are all in the workspace: none.
			// The other modes' kept trees (routing.Tree) grow their lists
			// as they meet new changes; allow those a few, far from one
			// per pair.
			limit := 16.0
			if mode == Starlink {
				limit = 0
			}
			if a > limit {
				t.Errorf("%v allocations per step routing %d pairs, want at most %v", a, len(vals), limit)
			}
		})
	}
}
