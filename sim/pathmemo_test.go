package sim

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/routing"
)

// memoConfig is the network of the path-memo tests: Starlink's first shell,
// 12 cities and 6 European stations, gateways and PoPs, all pairs (two listed), 100 ms steps, and
// laser links and a few satellites failing for a while, so that the kept
// trees get repaired and detached while most steps only re-sum them.
func memoConfig(t *testing.T, mode Mode, steps int) Config {
	cfg := baseConfig(t)
	cfg.Mode = mode
	cfg.Step = 100 * time.Millisecond
	cfg.Duration = time.Duration(steps-1) * cfg.Step
	cfg.Ground = append(cities(t, "cities-top100")[:12:12],
		// stations within a bent pipe's reach of the gateways
		ground.Node{Name: "Berlin", Pos: frame.Geodetic{Lat: 52.5, Lon: 13.4}},
		ground.Node{Name: "Vienna", Pos: frame.Geodetic{Lat: 48.2, Lon: 16.4}},
		ground.Node{Name: "Kyiv", Pos: frame.Geodetic{Lat: 50.5, Lon: 30.5}},
		ground.Node{Name: "Sofia", Pos: frame.Geodetic{Lat: 42.7, Lon: 23.3}},
		ground.Node{Name: "Athens", Pos: frame.Geodetic{Lat: 38, Lon: 23.7}},
		ground.Node{Name: "Vilnius", Pos: frame.Geodetic{Lat: 54.7, Lon: 25.3}},
		ground.Node{Name: "GW1", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 52, Lon: 21}, Antennas: 2},
		ground.Node{Name: "GW2", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 40.8, Lon: 29.5}, Antennas: 2},
		ground.Node{Name: "GW3", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 50.3, Lon: 8.5}, Antennas: 2},
		ground.Node{Name: "PoP1", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 52.2, Lon: 21}},
		ground.Node{Name: "PoP2", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 40.9, Lon: 29.3}},
		ground.Node{Name: "PoP3", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 50.1, Lon: 8.7}})
	cfg.Fiber.PoPMesh = true
	cfg.AllPairs = true
	cfg.Pairs = [][2]int{{0, 1}, {2, 3}}
	third := cfg.Duration / 3
	cfg.Failures = []Failure{
		{Name: "isl", Kind: ISLsDown, Fraction: 0.05, Seed: 3, From: third, Until: 2 * third},
		{Name: "sats", Kind: SatellitesDown, Fraction: 0.02, Seed: 4, From: third / 2, Until: third * 5 / 2},
	}
	return cfg
}

// memoWatch counts, from one step's values to the next, the pairs whose
// destination kept its Pred while the path changed anyway (a memo keyed on
// the Pred alone would have returned a stale path) and those whose path
// the memo may have reused.
type memoWatch struct {
	pred          []int32
	hash          []uint64
	stale, reused int
}

func (m *memoWatch) step(n *Network, k int, d *routing.Dijkstra, v PairValue) {
	if m.pred == nil {
		m.pred = make([]int32, n.nPairs)
		m.hash = make([]uint64, n.nPairs)
		for i := range m.pred {
			m.pred[i] = -2
		}
	}
	p := d.Pred[n.Node(n.pairs[k][1])]
	if v.Reachable() && m.pred[k] == p {
		if v.Hash != m.hash[k] {
			m.stale++
		} else {
			m.reused++
		}
	}
	if !v.Reachable() {
		p = -2
	}
	m.pred[k], m.hash[k] = p, v.Hash
}

// samePairValue reports whether two values are the same bit for bit.
func samePairValue(a, b PairValue) bool {
	return math.Float64bits(a.Delay.Ms()) == math.Float64bits(b.Delay.Ms()) &&
		a.Hops == b.Hops && a.First == b.First && a.Last == b.Last && a.Hash == b.Hash
}

// TestRouteAllPathMemo: at every step of a changing network, each pair's
// value from RouteAll (which reuses unchanged paths, pathMemo) equals a
// fresh walk of its source's tree, and the listed pairs' paths are the
// walked ones. Paths whose destination kept its Pred while the tree around
// it changed must occur, as must reused paths.
func TestRouteAllPathMemo(t *testing.T) {
	steps := 400
	if testing.Short() {
		steps = 150
	}
	for _, mode := range []Mode{ISLMode, BentPipe, Hybrid} {
		t.Run(string(mode), func(t *testing.T) {
			n, err := NewNetwork(memoConfig(t, mode, steps))
			if err != nil {
				t.Fatal(err)
			}
			ws := n.NewWorkspace()
			vals := make([]PairValue, n.nPairs)
			paths := make([][]int32, n.NumListed())
			var w memoWatch
			var buf []int32
			for i := 0; i < steps; i++ {
				if i == steps/2 {
					ws.Reset() // as at a block's start
				}
				ws.Build(n.stepOffset(i))
				ws.RouteAll(vals, paths)
				for si := range n.sources {
					d := &ws.trees[si].D
					for _, k := range n.sources[si].pairs {
						var want PairValue
						want, buf = n.value(d, n.pairs[k][1], buf[:0])
						if !samePairValue(vals[k], want) {
							t.Fatalf("step %d pair %d: RouteAll %+v, walked %+v", i, k, vals[k], want)
						}
						if k < n.NumListed() && !slices.Equal(paths[k], buf) {
							t.Fatalf("step %d pair %d: path %v, walked %v", i, k, paths[k], buf)
						}
						w.step(n, k, d, want)
					}
				}
			}
			t.Logf("%d pair-steps kept the destination's Pred and path, %d kept the Pred only", w.reused, w.stale)
			if w.stale == 0 || w.reused == 0 {
				t.Error("no path changed behind an unchanged Pred, or none was reusable")
			}
		})
	}
}

// TestRunPathMemo: the source-split engine (one worker), which reuses
// unchanged paths, gives at every step the values and listed paths of a
// fresh Dijkstra on the same step's graph, and counts path changes and
// handovers from them.
func TestRunPathMemo(t *testing.T) {
	steps := 300
	if testing.Short() {
		steps = 100
	}
	n, err := NewNetwork(memoConfig(t, ISLMode, steps))
	if err != nil {
		t.Fatal(err)
	}
	if !useSourceSplit(n, 1) {
		t.Fatal("one worker does not split by source")
	}
	ws := n.NewWorkspace()
	var d routing.Dijkstra
	var w memoWatch
	var buf []int32
	changes := make([]int64, n.nPairs)
	handovers := make([]int64, n.nPairs)
	prev := make([]PairValue, n.nPairs)
	res, err := Run(context.Background(), n, Options{Workers: 1}, SinkFunc(func(r *StepResult) error {
		ws.Build(r.Offset)
		for si := range n.sources {
			d.Run(&ws.G, n.Node(n.sources[si].node))
			for _, k := range n.sources[si].pairs {
				var want PairValue
				want, buf = n.value(&d, n.pairs[k][1], buf[:0])
				if !samePairValue(r.Values[k], want) {
					t.Fatalf("step %d pair %d: Run %+v, fresh %+v", r.Index, k, r.Values[k], want)
				}
				if k < n.NumListed() && !slices.Equal(r.Paths[k], buf) {
					t.Fatalf("step %d pair %d: path %v, fresh %v", r.Index, k, r.Paths[k], buf)
				}
				if p := prev[k]; r.Index > 0 && p.Reachable() && want.Reachable() {
					if p.Hash != want.Hash {
						changes[k]++
					}
					if p.First != want.First || p.Last != want.Last {
						handovers[k]++
					}
				}
				prev[k] = want
				w.step(n, k, &d, want)
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for k := range res.Stats {
		if s := &res.Stats[k]; s.PathChanges != changes[k] || s.Handovers != handovers[k] {
			t.Fatalf("pair %d: %d path changes, %d handovers; fresh %d, %d", k, s.PathChanges, s.Handovers, changes[k], handovers[k])
		}
	}
	t.Logf("%d pair-steps kept the destination's Pred and path, %d kept the Pred only", w.reused, w.stale)
	if w.stale == 0 || w.reused == 0 {
		t.Error("no path changed behind an unchanged Pred, or none was reusable")
	}
}
