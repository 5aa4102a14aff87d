package capacity

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"orbitnet/orbit/units"
)

// allSimplePaths enumerates every loopless path from src to dst by depth-
// first search, honouring relay flags, sorted by delay: the brute-force
// reference for KShortestPaths.
func allSimplePaths(g *Graph, src, dst int) []Path {
	var out []Path
	onPath := make([]bool, g.N())
	var nodes []int32
	var arcs []Arc
	var walk func(u int32, delay units.Delay)
	walk = func(u int32, delay units.Delay) {
		if int(u) == dst {
			out = append(out, Path{Nodes: slices.Clone(nodes), Arcs: slices.Clone(arcs), Delay: delay})
			return
		}
		if int(u) != src && !g.relay[u] {
			return
		}
		for _, h := range g.adj[u] {
			if onPath[h.to] {
				continue
			}
			onPath[h.to] = true
			nodes, arcs = append(nodes, h.to), append(arcs, h.arc)
			walk(h.to, delay+g.links[h.arc.Link()].Delay)
			nodes, arcs = nodes[:len(nodes)-1], arcs[:len(arcs)-1]
			onPath[h.to] = false
		}
	}
	onPath[src] = true
	nodes = append(nodes, int32(src))
	walk(int32(src), 0)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Delay < out[j].Delay })
	return out
}

func randomGraph(rng *rand.Rand, integerDelays bool) *Graph {
	n := 2 + rng.IntN(6)
	g := NewGraph(n)
	links := rng.IntN(3 * n)
	for range links {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		d := 1 + rng.Float64()*9
		if integerDelays {
			d = float64(1 + rng.IntN(3))
		}
		g.AddLink(a, b, d, 1)
	}
	for v := range n {
		if rng.IntN(5) == 0 {
			g.SetRelay(v, false)
		}
	}
	return g
}

// checkKShortest compares KShortestPaths with the brute force: the same
// number of paths, the same delays in order, each path valid, loopless,
// relay-respecting and distinct; with exact equality of the paths
// themselves when the delays have no ties.
func checkKShortest(t *testing.T, g *Graph, src, dst, k int, exactPaths bool) {
	t.Helper()
	got := g.KShortestPaths(src, dst, k)
	all := allSimplePaths(g, src, dst)
	want := all[:min(k, len(all))]
	if len(got) != len(want) {
		t.Fatalf("%d→%d k=%d: %d paths, brute force %d", src, dst, k, len(got), len(want))
	}
	seen := map[string]bool{}
	for i, p := range got {
		if math.Abs((p.Delay - want[i].Delay).Ms()) > 1e-9 {
			t.Fatalf("%d→%d k=%d: path %d delay %v, brute force %v", src, dst, k, i, p.Delay, want[i].Delay)
		}
		if exactPaths && !slices.Equal(p.Arcs, want[i].Arcs) {
			t.Fatalf("%d→%d k=%d: path %d %v, brute force %v", src, dst, k, i, p.Nodes, want[i].Nodes)
		}
		if p.Nodes[0] != int32(src) || p.Nodes[len(p.Nodes)-1] != int32(dst) {
			t.Fatalf("path %v does not run %d→%d", p.Nodes, src, dst)
		}
		if len(p.Nodes) > 1 {
			if err := g.checkPath(p); err != nil {
				t.Fatalf("path %v: %v", p.Nodes, err)
			}
		}
		for j, v := range p.Nodes {
			if slices.Contains(p.Nodes[:j], v) {
				t.Fatalf("path %v has a loop", p.Nodes)
			}
			if j > 0 && j < len(p.Nodes)-1 && !g.relay[v] {
				t.Fatalf("path %v relays through node %d", p.Nodes, v)
			}
		}
		key := ""
		for _, a := range p.Arcs {
			key += string(rune(a + 1))
		}
		key += string(rune(len(p.Nodes)))
		for _, v := range p.Nodes {
			key += string(rune(v + 1))
		}
		if seen[key] {
			t.Fatalf("path %v returned twice", p.Nodes)
		}
		seen[key] = true
	}
}

func TestKShortestPathsRandom(t *testing.T) {
	const seed = 1971
	rng := rand.New(rand.NewPCG(seed, 2))
	n := 600
	if testing.Short() {
		n = 100
	}
	for range n {
		integer := rng.IntN(2) == 0
		g := randomGraph(rng, integer)
		src, dst := rng.IntN(g.N()), rng.IntN(g.N())
		checkKShortest(t, g, src, dst, 1+rng.IntN(8), !integer)
	}
}

func TestKShortestPathsSmall(t *testing.T) {
	// A square 0-1-2-3-0 with a diagonal 0-2 and a parallel 1-2 link.
	g := NewGraph(4)
	g.AddLink(0, 1, 1, 1) // link 0
	g.AddLink(1, 2, 1, 1) // link 1
	g.AddLink(2, 3, 1, 1) // link 2
	g.AddLink(3, 0, 1, 1) // link 3
	g.AddLink(0, 2, 3, 1) // link 4
	g.AddLink(1, 2, 2, 1) // link 5, parallel to link 1
	got := g.KShortestPaths(0, 2, 10)
	type p struct {
		nodes []int32
		delay float64
	}
	want := []p{
		{[]int32{0, 1, 2}, 2},
		{[]int32{0, 3, 2}, 2},
		{[]int32{0, 2}, 3},
		{[]int32{0, 1, 2}, 3}, // over the parallel link
	}
	if len(got) != len(want) {
		t.Fatalf("got %d paths, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if !slices.Equal(got[i].Nodes, w.nodes) || got[i].Delay.Ms() != w.delay {
			t.Errorf("path %d: %v (%v ms), want %v (%v ms)", i, got[i].Nodes, got[i].Delay, w.nodes, w.delay)
		}
	}
	if got[3].Arcs[1].Link() != 5 {
		t.Errorf("fourth path uses link %d, want the parallel link 5", got[3].Arcs[1].Link())
	}
	// A node that does not relay cuts the paths through it.
	g.SetRelay(1, false)
	if got := g.KShortestPaths(0, 2, 10); len(got) != 2 {
		t.Errorf("with node 1 not relaying: %d paths, want 2 (via 3, direct)", len(got))
	}
	if got := g.KShortestPaths(0, 0, 3); len(got) != 1 || len(got[0].Arcs) != 0 {
		t.Errorf("0→0: %+v, want one empty path", got)
	}
	h := NewGraph(3)
	h.AddLink(0, 1, 1, 1)
	if got := h.KShortestPaths(0, 2, 3); got != nil {
		t.Errorf("unreachable: %+v, want nil", got)
	}
}
