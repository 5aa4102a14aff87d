package sim

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/walker"
	"orbitnet/routing"
	"orbitnet/topology"
)

// forwardingConfig is a small network with cities, gateways and PoPs whose
// forwarding state is computed toward the nodes of three listed pairs.
func forwardingConfig(t *testing.T, mode Mode) Config {
	small, err := constellation.FromWalker("w", []walker.Shell{{Name: "s", Planes: 12, PerPlane: 10, Phasing: 1, Altitude: 1200, Inclination: 53}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := baseConfig(t)
	cfg.Constellation = small
	cfg.Mode = mode
	cfg.Duration = 30 * time.Second
	cfg.GSL.MinElevation = 10
	cfg.Fiber.PoPMesh = true
	cfg.Ground = append(cities(t, "cities-top100")[:10:10],
		ground.Node{Name: "GW1", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 52, Lon: 21}, Antennas: 2},
		ground.Node{Name: "GW2", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 40.8, Lon: 29.5}, Antennas: 2},
		ground.Node{Name: "GW3", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 35.7, Lon: 139.7}, Antennas: 2},
		ground.Node{Name: "PoP1", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 52.2, Lon: 21}},
		ground.Node{Name: "PoP2", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 35.6, Lon: 139.8}},
	)
	cfg.AllPairs = false
	cfg.Pairs = [][2]int{{0, 1}, {2, 3}, {4, 13}}
	cfg.Forwarding = true
	return cfg
}

// TestForwardingStateIsShortestPaths rebuilds the forwarding state from the
// change lists of a parallel run and checks it, at several steps, against
// Floyd–Warshall on that step's graph: every node with a path to a
// destination has a next hop, over an existing arc, to a node that relays
// (or is the destination), on a shortest path; every node without one has
// none.
func TestForwardingStateIsShortestPaths(t *testing.T) {
	for _, mode := range []Mode{ISLMode, Hybrid, BentPipe} {
		t.Run(string(mode), func(t *testing.T) {
			cfg := forwardingConfig(t, mode)
			n, err := NewNetwork(cfg)
			if err != nil {
				t.Fatal(err)
			}
			dsts := n.ForwardingDsts()
			if want := []int{0, 1, 2, 3, 4, 13}; !slices.Equal(dsts, want) {
				t.Fatalf("ForwardingDsts() = %v, want %v", dsts, want)
			}
			state := make([][]int32, len(dsts))
			for i := range state {
				state[i] = make([]int32, n.NumNodes())
				for v := range state[i] {
					state[i][v] = -1
				}
			}
			snaps := map[int][][]int32{}
			changes := 0
			_, err = Run(context.Background(), n, Options{Workers: 2, BlockSteps: 4}, SinkFunc(func(r *StepResult) error {
				for k, h := range r.Forwarding {
					if k > 0 {
						p := r.Forwarding[k-1]
						if p.Dst > h.Dst || (p.Dst == h.Dst && p.Node >= h.Node) {
							t.Fatalf("step %d: entries out of order", r.Index)
						}
					}
					if state[h.Dst][h.Node] == h.Next {
						t.Fatalf("step %d: entry %+v repeats the current state", r.Index, h)
					}
					state[h.Dst][h.Node] = h.Next
				}
				if r.Index > 0 {
					changes += len(r.Forwarding)
				}
				if r.Index%7 == 0 {
					s := make([][]int32, len(state))
					for i := range state {
						s[i] = slices.Clone(state[i])
					}
					snaps[r.Index] = s
				}
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}
			if changes == 0 {
				t.Error("the forwarding state never changed over 30 s")
			}
			ws := n.NewWorkspace()
			for step, s := range snaps {
				ws.Build(time.Duration(step) * cfg.Step)
				fw := routing.FloydWarshall(&ws.G)
				routed := 0
				for i, g := range dsts {
					d := n.Node(g)
					for v := range s[i] {
						next, want := s[i][v], fw[v][d]
						if v == d || math.IsInf(want, 1) {
							if next != -1 {
								t.Fatalf("step %d: %s has next hop %s toward %s, which it cannot reach", step, n.NodeName(NodeID(v)), n.NodeName(NodeID(next)), n.NodeName(NodeID(d)))
							}
							continue
						}
						if next < 0 {
							t.Fatalf("step %d: %s has no next hop toward %s, reachable in %v ms", step, n.NodeName(NodeID(v)), n.NodeName(NodeID(d)), want)
						}
						routed++
						if int(next) != d && !ws.G.Relay(int(next)) {
							t.Fatalf("step %d: next hop %s does not relay", step, n.NodeName(NodeID(next)))
						}
						w := math.Inf(1)
						to, wt := ws.G.Arcs(v)
						for k, x := range to {
							if x == next {
								w = min(w, wt[k])
							}
						}
						if got := w + fw[next][d]; math.Abs(got-want) > sumTol {
							t.Fatalf("step %d: %s → %s via %s: %v ms, shortest %v ms", step, n.NodeName(NodeID(v)), n.NodeName(NodeID(d)), n.NodeName(NodeID(next)), got, want)
						}
					}
				}
				if routed == 0 {
					t.Fatalf("step %d: no node has a route", step)
				}
			}
		})
	}
}

// TestForwardingDeterministic: the change lists do not depend on the
// number of workers or the block size.
func TestForwardingDeterministic(t *testing.T) {
	for _, policy := range []topology.GSLPolicy{topology.AnyVisible, topology.SlotScheduled} {
		cfg := forwardingConfig(t, Hybrid)
		cfg.GSL.Policy = policy
		var ref [][]NextHop
		for _, w := range []struct{ workers, block int }{{1, 64}, {3, 3}, {2, 1}} {
			n, err := NewNetwork(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]NextHop
			_, err = Run(context.Background(), n, Options{Workers: w.workers, BlockSteps: w.block}, SinkFunc(func(r *StepResult) error {
				got = append(got, slices.Clone(r.Forwarding))
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}
			if ref == nil {
				ref = got
				continue
			}
			for i := range ref {
				if !slices.Equal(ref[i], got[i]) {
					t.Fatalf("%s workers=%d block=%d: step %d has %d changes, the reference %d", policy, w.workers, w.block, i, len(got[i]), len(ref[i]))
				}
			}
		}
	}
}
