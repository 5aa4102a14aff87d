package routing

import (
	"math"
	"math/rand/v2"
	"testing"
)

// genWatch follows a Tree from Run to Run and holds Generation to its
// promise: while it stays the same, so do the source, the graph's size, the
// relay flags, the set of reached relays and every relay's Pred (callers
// reuse paths on it, sim/pathmemo.go). Call after at every Run.
type genWatch struct {
	have  bool
	gen   uint64
	src   int
	relay []bool
	pred  []int32
	reach []bool
	// Runs that kept the generation, and Runs after which the relay tree
	// differed (each must have changed it).
	same, changed int
}

func (w *genWatch) after(t *testing.T, tr *Tree, g *Graph, src int) {
	t.Helper()
	gen := tr.Generation()
	if gen == 0 {
		t.Fatal("Generation 0 after a Run")
	}
	isRelay := func(v int) bool { return g.relay[v] || v == src }
	if w.have {
		differ := ""
		switch {
		case w.src != src:
			differ = "source"
		case len(w.pred) != g.n:
			differ = "graph size"
		}
		for v := 0; differ == "" && v < g.n; v++ {
			switch r := isRelay(v); {
			case r != w.relay[v]:
				differ = "relay flag"
			case r && tr.D.Pred[v] != w.pred[v]:
				differ = "a relay's Pred"
			case r && (tr.D.Dist[v] == Unreachable) != !w.reach[v]:
				differ = "the reached relays"
			}
		}
		switch {
		case differ != "" && gen == w.gen:
			t.Fatalf("%s changed, Generation stayed %d", differ, gen)
		case differ != "":
			w.changed++
		case gen == w.gen:
			w.same++
		}
	}
	w.have, w.gen, w.src = true, gen, src
	w.relay, w.pred, w.reach = w.relay[:0], w.pred[:0], w.reach[:0]
	for v := 0; v < g.n; v++ {
		w.relay = append(w.relay, isRelay(v))
		w.pred = append(w.pred, tr.D.Pred[v])
		w.reach = append(w.reach, tr.D.Dist[v] != Unreachable)
	}
}

// add sums another watch's counts into w.
func (w *genWatch) add(o *genWatch) { w.same, w.changed = w.same+o.same, w.changed+o.changed }

// TestTreeGeneration: Generation stays while the relay tree does (the same
// graph again, or weights that drift without changing the tree) and changes
// on Invalidate, with a different source or graph size, and when a relay
// gets a new parent; it is never 0 after a Run.
func TestTreeGeneration(t *testing.T) {
	// a path 0–1–2–3 of relays and a leaf 4 linked to 3 and to 1
	build := func(g *Graph, n int, w13 float64, x float64) {
		var b Builder
		b.Reset(n)
		b.SetRelay(4, false)
		b.Edge(0, 1, 1+x)
		b.Edge(1, 2, 1)
		b.Edge(2, 3, 1+x)
		b.Edge(1, 3, w13)
		b.Edge(3, 4, 1)
		b.Edge(1, 4, 5)
		b.Build(g)
	}
	var tr Tree
	var g Graph
	if tr.Generation() != 0 {
		t.Fatal("a new Tree's Generation is not 0")
	}
	build(&g, 5, 10, 0)
	tr.Run(&g, 0)
	g0 := tr.Generation()
	if g0 == 0 {
		t.Fatal("Generation 0 after a Run")
	}
	tr.Run(&g, 0)
	if tr.Generation() != g0 || tr.Reused != 1 {
		t.Fatalf("the same graph again: generation %d → %d, reused %d", g0, tr.Generation(), tr.Reused)
	}
	build(&g, 5, 10, 0.01) // weights drift, same tree
	tr.Run(&g, 0)
	if tr.Generation() != g0 || tr.Reused != 2 {
		t.Fatalf("drifting weights: generation %d → %d, reused %d", g0, tr.Generation(), tr.Reused)
	}
	build(&g, 5, 1.5, 0.01) // 1→3 becomes shorter than 1→2→3: 3's parent changes
	tr.Run(&g, 0)
	if tr.D.Pred[3] != 1 {
		t.Fatalf("node 3's parent %d, want 1", tr.D.Pred[3])
	}
	g1 := tr.Generation()
	if g1 == g0 {
		t.Fatal("a relay's new parent left the generation")
	}
	tr.Invalidate()
	if tr.Generation() == g1 {
		t.Fatal("Invalidate left the generation")
	}
	tr.Run(&g, 0)
	g2 := tr.Generation()
	if g2 == g1 {
		t.Fatal("the Run after Invalidate kept the generation")
	}
	tr.Run(&g, 2) // another source
	if tr.Generation() == g2 {
		t.Fatal("another source kept the generation")
	}
	g3 := tr.Generation()
	build(&g, 6, 1.5, 0.01) // another size (node 5 unlinked)
	tr.Run(&g, 2)
	if tr.Generation() == g3 {
		t.Fatal("another graph size kept the generation")
	}
}

// TestTreeGenerationGrid: a +Grid with a leaf source whose ground links
// rise and set and with laser links that fail for a while (detaching
// subtrees): at every step the generation must change when the relay tree
// did (genWatch), and it must mostly stay.
func TestTreeGenerationGrid(t *testing.T) {
	P, S := 16, 12
	nr := P * S
	n := nr + 1
	var w genWatch
	for _, seed := range []uint64{1, 2, 3} {
		arcs, base := torusGrid(rand.New(rand.NewPCG(seed, 17)), P, S)
		var tree Tree
		var fresh Dijkstra
		var b Builder
		var g Graph
		var tw genWatch
		src := nr
		for step := 0; step < 300; step++ {
			b.Reset(n)
			b.SetRelay(src, false)
			x := float64(step)
			for k, a := range arcs {
				if k%37 == int(seed) && (step/25)%2 == 1 {
					continue // a laser link down for a while
				}
				b.Edge(a.u, a.v, base[k]+0.2*math.Sin(x*0.01+float64(k)))
			}
			off := step / 9
			for p := 0; p < 2; p++ {
				for s := 0; s < 3; s++ {
					b.Edge(src, p*S+(off+s)%S, 3+math.Abs(float64(s)-1)+0.1*math.Sin(x*0.05+float64(s)))
				}
			}
			b.Build(&g)
			tree.Run(&g, src)
			tw.after(t, &tree, &g, src)
			fresh.Run(&g, src)
			for v := range fresh.Dist {
				if tree.D.Pred[v] != fresh.Pred[v] {
					t.Fatalf("seed %d step %d node %d: tree's parent %d, Dijkstra's %d", seed, step, v, tree.D.Pred[v], fresh.Pred[v])
				}
			}
		}
		w.add(&tw)
		if tree.Detached == 0 || tree.Repairs == 0 {
			t.Errorf("seed %d: %d detachments, %d repairs", seed, tree.Detached, tree.Repairs)
		}
	}
	t.Logf("generation kept %d times, relay tree changed %d times", w.same, w.changed)
	if w.changed == 0 || w.same < w.changed {
		t.Error("the relay tree never changed, or seldom stayed")
	}
}
