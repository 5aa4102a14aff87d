package sim

import (
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/starlink"
)

// TestRouteAllAllocationFree: in starlink mode, once a workspace's buffers
// (the kept trees' lists among them) have grown over the steps it sees,
// routing all 4,950 pairs of a step allocates nothing: the access model's
// draws reuse one generator (starlink.Draws) and the unlisted pairs' paths
// one buffer. Each draw used to allocate its generator, about 19,800
// allocations a step.
func TestRouteAllAllocationFree(t *testing.T) {
	if testing.Short() {
		t.Skip("routes 4,950 pairs for 70 steps")
	}
	cfg := baseConfig(t)
	cfg.Ground = append(cfg.Ground[:len(cfg.Ground):len(cfg.Ground)],
		ground.Node{Name: "GW Frankfurt", Kind: ground.Gateway, Pos: frame.Geodetic{LatDeg: 50.3, LonDeg: 8.5}},
		ground.Node{Name: "Frankfurt", Kind: ground.PoP, Pos: frame.Geodetic{LatDeg: 50.1, LonDeg: 8.7}})
	cfg.Mode = Starlink
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
	if a := testing.AllocsPerRun(10, run); a != 0 {
		t.Errorf("starlink mode: %v allocations per step routing %d pairs", a, len(vals))
	}
}
