package routing

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTransposeGivesPathsToDestination checks, against Floyd–Warshall on
// random graphs with one-way arcs and non-relay nodes, that Dijkstra on the
// transpose from d gives every node's distance to d, and that following the
// predecessors (the next hops) from any node walks a real path of g, through
// relays only, of exactly that length.
func TestTransposeGivesPathsToDestination(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var d Dijkstra
	var tg Graph
	for trial := 0; trial < 200; trial++ {
		n := 2 + r.IntN(40)
		g := randomGraph(r, n, r.IntN(4*n), trial%2 == 0)
		g.Transpose(&tg)
		fw := FloydWarshall(g)
		for dst := 0; dst < n; dst++ {
			d.Run(&tg, dst)
			for v := 0; v < n; v++ {
				want := fw[v][dst]
				if d.Dist[v] != want && math.Abs(d.Dist[v]-want) > sumTol {
					t.Fatalf("trial %d: dist %d→%d = %v, Floyd–Warshall %v", trial, v, dst, d.Dist[v], want)
				}
				if want == Unreachable || v == dst {
					if d.Pred[v] != -1 {
						t.Fatalf("trial %d: node %d has next hop %d toward %d but no path", trial, v, d.Pred[v], dst)
					}
					continue
				}
				sum, x := 0.0, v
				for steps := 0; x != dst; steps++ {
					next := int(d.Pred[x])
					if next < 0 || steps > n {
						t.Fatalf("trial %d: next hops from %d do not reach %d", trial, v, dst)
					}
					if x != v && !g.Relay(x) {
						t.Fatalf("trial %d: path %d→%d relays through non-relay %d", trial, v, dst, x)
					}
					to, w := g.Arcs(x)
					best := math.Inf(1)
					for k, y := range to {
						if int(y) == next {
							best = min(best, w[k])
						}
					}
					if math.IsInf(best, 1) {
						t.Fatalf("trial %d: next hop %d→%d is not an arc of g", trial, x, next)
					}
					sum += best
					x = next
				}
				if math.Abs(sum-want) > sumTol {
					t.Fatalf("trial %d: walking next hops %d→%d sums %v, shortest %v", trial, v, dst, sum, want)
				}
			}
		}
	}
}

// TestTransposeTwice checks that transposing twice gives back every node's
// arcs and the relay flags and in-arcs.
func TestTransposeTwice(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var t1, t2 Graph
	type arc struct {
		v int32
		w float64
	}
	sorted := func(g *Graph, u int) []arc {
		to, w := g.Arcs(u)
		out := make([]arc, len(to))
		for k := range to {
			out[k] = arc{to[k], w[k]}
		}
		slices.SortFunc(out, func(a, b arc) int {
			if a.v != b.v {
				return int(a.v - b.v)
			}
			return int(math.Copysign(1, a.w-b.w))
		})
		return out
	}
	for trial := 0; trial < 50; trial++ {
		n := 1 + r.IntN(30)
		g := randomGraph(r, n, r.IntN(5*n), false)
		g.Transpose(&t1)
		t1.Transpose(&t2)
		if t2.N() != n {
			t.Fatalf("N = %d, want %d", t2.N(), n)
		}
		for u := 0; u < n; u++ {
			if !slices.Equal(sorted(g, u), sorted(&t2, u)) {
				t.Fatalf("trial %d node %d: arcs %v, after two transposes %v", trial, u, sorted(g, u), sorted(&t2, u))
			}
			if g.Relay(u) != t1.Relay(u) {
				t.Fatalf("relay flag of %d changed", u)
			}
			from, w := t1.InArcs(u)
			if g.Relay(u) {
				if len(from) != 0 {
					t.Fatalf("relay %d has in-arcs listed", u)
				}
				continue
			}
			// t1's in-arcs of u are g's out-arcs of u
			to, gw := g.Arcs(u)
			if !slices.Equal(from, to) || !slices.Equal(w, gw) {
				t.Fatalf("trial %d: in-arcs of %d in the transpose %v/%v, want %v/%v", trial, u, from, w, to, gw)
			}
		}
	}
}

// TestTreeReuseOnTranspose runs kept trees toward a destination over a
// slowly changing graph with one-way arcs: each step must equal a fresh
// Dijkstra on the transpose.
func TestTreeReuseOnTranspose(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	reused := 0
	for trial := 0; trial < 60; trial++ {
		n := 5 + r.IntN(40)
		type arc struct {
			u, v   int
			w, ph  float64
			oneWay bool
		}
		var arcs []arc
		for k := 0; k < 3*n; k++ {
			arcs = append(arcs, arc{r.IntN(n), r.IntN(n), 1 + r.Float64()*5, r.Float64() * 6, r.IntN(4) == 0})
		}
		relay := make([]bool, n)
		for i := range relay {
			relay[i] = r.IntN(3) != 0
		}
		var tree Tree
		var fresh Dijkstra
		var b Builder
		var g, tg Graph
		dst := r.IntN(n)
		for step := 0; step < 60; step++ {
			b.Reset(n)
			for i, rl := range relay {
				b.SetRelay(i, rl)
			}
			for k, a := range arcs {
				if (step+k)%29 == 0 {
					continue
				}
				w := a.w + 0.2*math.Sin(float64(step)*0.05+a.ph)
				if trial%2 == 0 {
					w = math.Round(w)
				}
				if a.oneWay {
					b.Arc(a.u, a.v, w)
				} else {
					b.Edge(a.u, a.v, w)
				}
			}
			b.Build(&g)
			g.Transpose(&tg)
			tree.Run(&tg, dst)
			fresh.Run(&tg, dst)
			for v := range fresh.Dist {
				if tree.D.Dist[v] != fresh.Dist[v] || tree.D.Pred[v] != fresh.Pred[v] {
					t.Fatalf("trial %d step %d node %d: tree %v/%d, fresh %v/%d", trial, step, v, tree.D.Dist[v], tree.D.Pred[v], fresh.Dist[v], fresh.Pred[v])
				}
			}
		}
		reused += tree.Reused
	}
	if reused == 0 {
		t.Error("never reused")
	}
}
