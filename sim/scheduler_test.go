package sim

import (
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/topology"
)

// TestHybridSlotOffersGatewayGroups: with hybrid routing and the slot
// scheduler, a terminal is given a satellite whose laser-connected group
// links to a gateway whenever it sees one. Without lasers (pattern none)
// each satellite is its own group, so Kyiv's satellite must itself see the
// Frankfurt gateway, 1,500 km away, which the highest satellite over Kyiv
// rarely does; the terminal then always reaches the PoP while some visible
// satellite sees the gateway.
func TestHybridSlotOffersGatewayGroups(t *testing.T) {
	cfg := baseConfig(t)
	cfg.Mode = Hybrid
	cfg.ISL.Pattern = topology.NoISL
	cfg.GSL.Policy = topology.SlotScheduled
	cfg.Duration = 90 * time.Second
	kyiv := cities(t, "cities-top1000")
	var ky ground.Node
	for _, c := range kyiv {
		if c.Name == "Kyiv" {
			ky = c
		}
	}
	if ky.Name == "" {
		t.Fatal("no Kyiv in cities-top1000")
	}
	ky.Kind = ground.Terminal
	cfg.Ground = []ground.Node{
		ky,
		{Name: "GW Frankfurt", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 50.1, Lon: 8.7}, Antennas: 8},
		{Name: "PoP Frankfurt", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 50.11, Lon: 8.68}},
	}
	cfg.AllPairs = false
	cfg.Pairs = [][2]int{{0, 2}}
	n, err := NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ws := n.NewWorkspace()
	vals := make([]PairValue, 1)
	paths := make([][]int32, 1)
	mattered := 0
	for i := 0; i < cfg.Steps(); i++ {
		ws.Build(time.Duration(i) * cfg.Step)
		ws.RouteAll(vals, paths)
		gw := map[int32]bool{}
		for _, v := range ws.GSL[1] {
			gw[v.Sat] = true
		}
		some, highestSees := false, false
		best := -1.0
		for _, v := range ws.Vis[0] {
			some = some || gw[v.Sat]
			if v.SinEl > best {
				best, highestSees = v.SinEl, gw[v.Sat]
			}
		}
		if !some {
			continue
		}
		if !highestSees {
			mattered++
		}
		if len(ws.GSL[0]) != 1 || !gw[ws.GSL[0][0].Sat] {
			t.Fatalf("step %d: Kyiv is given %v, which does not see the gateway, though a visible satellite does", i, ws.GSL[0])
		}
		if !vals[0].Reachable() {
			t.Fatalf("step %d: Kyiv cannot reach the PoP", i)
		}
	}
	if mattered == 0 {
		t.Error("the highest satellite always saw the gateway: the test shows nothing")
	}
}
