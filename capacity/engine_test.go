package capacity_test

import (
	"math"
	"testing"
	"time"

	"orbitnet/capacity"
	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/sim"
	"orbitnet/topology"
)

// snapshotOf converts one engine step into a capacity.Snapshot: the wiring
// the engine needs, kept here as a tested reference. PoP-mesh fibre is left
// out (its delays are not exported by sim.Network), as are the fibre links
// of failed ground nodes, which the engine drops too.
func snapshotOf(n *sim.Network, w *sim.Workspace) *capacity.Snapshot {
	cfg := &n.Cfg
	s := &capacity.Snapshot{
		NSat:        n.NSat,
		BentPipe:    cfg.Mode == sim.BentPipe,
		GroundRelay: cfg.Mode != sim.ISLMode,
	}
	if cfg.Mode != sim.BentPipe {
		for _, l := range w.ISLs {
			s.ISLs = append(s.ISLs, capacity.ISL{A: l.A, B: l.B, Delay: l.Delay})
		}
	}
	for g, node := range cfg.Ground {
		gn := capacity.GroundNode{Kind: node.Kind, Antennas: node.AntennaCount()}
		for _, v := range w.GSL[g] {
			gn.GSL = append(gn.GSL, capacity.GSL{Sat: v.Sat, Delay: v.Delay()})
		}
		s.Ground = append(s.Ground, gn)
		if cfg.Mode != sim.ISLMode && node.Kind == ground.Gateway {
			if p := n.HomePoP(g); p >= 0 {
				d := cfg.Fiber.Delay(ground.Geodesic(node.Pos, cfg.Ground[p].Pos))
				s.Fiber = append(s.Fiber, capacity.FiberLink{A: int32(g), B: int32(p), Delay: d})
			}
		}
	}
	return s
}

// TestFromEngine builds one step of a Starlink shell in each routing mode,
// routes a few city pairs with the engine, and checks that FromSnapshot
// accepts the engine's paths with the engine's delays and that the
// allocation is sane.
func TestFromEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,584-satellite network")
	}
	t0 := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	shell, err := constellation.FromPreset("starlink-gen1/550", t0)
	if err != nil {
		t.Fatal(err)
	}
	var nodes []ground.Node
	for _, name := range []string{"New York", "Chicago", "Los Angeles", "London", "Paris", "Madrid"} {
		c, err := ground.LookupCity(name)
		if err != nil {
			t.Fatal(err)
		}
		nodes = append(nodes, c)
	}
	cities := len(nodes)
	for _, preset := range []string{"starlink-gateways", "starlink-pops"} {
		g, err := ground.Preset(preset)
		if err != nil {
			t.Fatal(err)
		}
		nodes = append(nodes, g...)
	}
	var pairs [][2]int
	for a := range cities {
		for b := a + 1; b < cities; b++ {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	for _, mode := range []sim.Mode{sim.ISLMode, sim.BentPipe, sim.Hybrid} {
		t.Run(string(mode), func(t *testing.T) {
			n, err := sim.NewNetwork(sim.Config{
				Constellation: shell,
				Ground:        nodes,
				Start:         t0,
				Step:          time.Second,
				ISL:           topology.ISLConfig{Pattern: topology.PlusGrid, MaxRange: 5016, MinAltitude: 80},
				GSL:           topology.GSLConfig{MinElevation: 25, Policy: topology.AnyVisible, Selection: topology.HighestElevation},
				Fiber:         sim.FiberConfig{RefractiveIndex: 1.468, RouteInflation: 1.5},
				Mode:          mode,
				Pairs:         pairs,
			})
			if err != nil {
				t.Fatal(err)
			}
			w := n.NewWorkspace()
			w.Build(0)
			var eps []capacity.Endpoint
			for g := range cities {
				eps = append(eps, capacity.Endpoint{Node: g, Population: nodes[g].Population})
			}
			grav, err := capacity.Gravity(eps, 50)
			if err != nil {
				t.Fatal(err)
			}
			paths := make([][]int32, len(grav.Demands))
			want := make([]float64, len(grav.Demands))
			routed := 0
			for d, dm := range grav.Demands {
				var pv sim.PairValue
				pv, paths[d] = w.Route(dm.Src, dm.Dst, nil)
				want[d] = pv.Delay.Ms()
				if pv.Reachable() {
					routed++
				}
			}
			if routed == 0 {
				t.Fatal("no pair reachable")
			}
			s := snapshotOf(n, w)
			// The graph the policy laid (GraphOf) is the snapshot's graph:
			// the same links in the same order, pools and relays.
			eg, err := capacity.GraphOf(n, w, capacity.Defaults())
			if err != nil {
				t.Fatal(err)
			}
			sg, err := s.Graph(capacity.Defaults())
			if err != nil {
				t.Fatal(err)
			}
			sameGraph(t, eg, sg)
			p, err := capacity.FromSnapshot(s, capacity.Defaults(), grav.Demands, paths)
			if err != nil {
				t.Fatal(err)
			}
			for d := range grav.Demands {
				if !p.Routed(d) {
					if !math.IsInf(want[d], 1) {
						t.Errorf("demand %d: engine reached it in %v ms, problem has no path", d, want[d])
					}
					continue
				}
				got := p.Flows[p.FirstFlow[d]].Path.Delay.Ms()
				if math.Abs(got-want[d]) > 1e-9*want[d] {
					t.Errorf("demand %d: path delay %v ms, engine %v ms", d, got, want[d])
				}
			}
			a := p.Allocate()
			for d, tp := range p.Throughput(a) {
				dm := grav.Demands[d]
				if p.Routed(d) && !(tp > 0) || tp > dm.Rate*(1+capacity.RelTol) {
					t.Errorf("demand %d: throughput %v of %v", d, tp, dm.Rate)
				}
			}
			// k-shortest on the same snapshot: k = 1 finds paths no longer
			// than the engine's.
			pk, err := capacity.FromSnapshotKShortest(s, capacity.Defaults(), grav.Demands, 1)
			if err != nil {
				t.Fatal(err)
			}
			for d := range grav.Demands {
				if p.Routed(d) != pk.Routed(d) {
					t.Errorf("demand %d: engine routed %v, Yen %v", d, p.Routed(d), pk.Routed(d))
				} else if p.Routed(d) {
					if got := pk.Flows[pk.FirstFlow[d]].Path.Delay.Ms(); math.Abs(got-want[d]) > 1e-9*want[d] {
						t.Errorf("demand %d: Yen k=1 delay %v ms, engine %v ms", d, got, want[d])
					}
				}
			}
			t.Logf("%s: %d of %d demands routed, %d links, %d pools, %d saturated",
				mode, routed, len(grav.Demands), p.Graph.NumLinks(), len(p.Graph.Pools()), len(a.Saturated))
		})
	}
}

// sameGraph fails the test unless a and b have the same nodes, relays,
// links (in order) and pools.
func sameGraph(t *testing.T, a, b *capacity.Graph) {
	t.Helper()
	if a.N() != b.N() || a.NumLinks() != b.NumLinks() || len(a.Pools()) != len(b.Pools()) {
		t.Fatalf("graphs: %d nodes, %d links, %d pools vs %d, %d, %d",
			a.N(), a.NumLinks(), len(a.Pools()), b.N(), b.NumLinks(), len(b.Pools()))
	}
	for v := range a.N() {
		if a.Relay(v) != b.Relay(v) {
			t.Errorf("node %d: relay %v vs %v", v, a.Relay(v), b.Relay(v))
		}
	}
	for i, l := range a.Links() {
		m := b.Links()[i]
		if l.A != m.A || l.B != m.B || l.Kind != m.Kind || l.Capacity != m.Capacity ||
			math.Abs((l.Delay-m.Delay).Ms()) > 1e-12*max(1, m.Delay.Ms()) {
			t.Fatalf("link %d: %+v vs %+v", i, l, m)
		}
	}
	for i, p := range a.Pools() {
		if p != b.Pools()[i] {
			t.Errorf("pool %d: %+v vs %+v", i, p, b.Pools()[i])
		}
	}
}
