package sim

import (
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/starlink"
)

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
			cfg := baseConfig(t)
			cfg.Ground = append(cfg.Ground[:len(cfg.Ground):len(cfg.Ground)],
				ground.Node{Name: "GW Frankfurt", Kind: ground.Gateway, Pos: frame.Geodetic{LatDeg: 50.3, LonDeg: 8.5}},
				ground.Node{Name: "Frankfurt", Kind: ground.PoP, Pos: frame.Geodetic{LatDeg: 50.1, LonDeg: 8.7}})
			cfg.Mode = mode
			cfg.Starlink.Params = starlink.Defaults
			net, err := NewNetwork(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ws := net.NewWorkspace()
			vals := make([]PairValue, net.nPairs)
			paths := make([][]int32, net.NumListed())
			step := 0
			run := func() {
				ws.Build(time.Duration(step%10) * cfg.Step)
				ws.RouteAll(vals, paths)
				step++
			}
			for range 60 { // six rounds of the ten steps it will see
				run()
			}
			// Starlink mode's own buffers are all in the workspace: none.
			// The other modes' kept trees (routing.Tree) grow their lists
			// as they meet new changes; allow those a few, far from one
			// per pair.
			limit := 16.0
			if mode == Starlink {
				limit = 0
			}
			if a := testing.AllocsPerRun(10, run); a > limit {
				t.Errorf("%v allocations per step routing %d pairs, want at most %v", a, len(vals), limit)
			}
		})
	}
}
