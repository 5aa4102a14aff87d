package capacity

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"orbitnet/orbit/units"
	"orbitnet/routing"
)

// KShortestPaths returns up to k loopless paths from src to dst in
// increasing order of delay, by Yen's algorithm (J. Y. Yen, "Finding the K
// shortest loopless paths in a network", Management Science 17(11), 1971).
// Paths respect relay flags: a node that does not relay appears only as
// src or dst. Among paths of equal delay the one with fewer hops comes
// first, then the lexicographically smaller node sequence, so the result is
// deterministic. Fewer than k paths are returned when fewer exist; none
// when dst is unreachable; src == dst gives the single empty path.
//
// Each of the k−1 rounds runs one Dijkstra per node of the previous path
// (stopping when dst is settled), so the cost is O(k·h·(E + V) log V) for
// paths of h hops: k = 3 takes 3–5 ms per demand on a 1,584-satellite
// +grid (BenchmarkKShortestPaths3), so 5,000 demands take 15–25 s. It
// panics if src or dst is out of range or k < 1.
func (g *Graph) KShortestPaths(src, dst, k int) []Path {
	n := g.N()
	if src < 0 || src >= n || dst < 0 || dst >= n {
		panic(fmt.Sprintf("capacity: KShortestPaths %d→%d: node out of range [0, %d)", src, dst, n))
	}
	if k < 1 {
		panic(fmt.Sprintf("capacity: KShortestPaths: k = %d, must be ≥ 1", k))
	}
	var sp spWorkspace
	sp.init(g)
	first, ok := sp.run(src, dst)
	if !ok {
		return nil
	}
	accepted := []yenPath{g.yenPath(src, first)}
	seen := map[string]bool{accepted[0].key(): true}
	var cands []yenPath
	for len(accepted) < k {
		prev := accepted[len(accepted)-1]
		for i := 0; i < len(prev.hops); i++ {
			spur := prev.nodes[i]
			root := prev.hops[:i]
			// Block the next move of every accepted path sharing this root,
			// and every root node but the spur node.
			for _, p := range accepted {
				if len(p.hops) > i && slices.Equal(p.hops[:i], root) {
					sp.blockedHop[p.hops[i]] = true
				}
			}
			for _, v := range prev.nodes[:i] {
				sp.blockedNode[v] = true
			}
			if tail, ok := sp.run(int(spur), dst); ok {
				hops := append(append([]hopRef(nil), root...), tail...)
				c := g.yenPath(src, hops)
				if key := c.key(); !seen[key] {
					seen[key] = true
					cands = append(cands, c)
				}
			}
			clear(sp.blockedHop)
			for _, v := range prev.nodes[:i] {
				sp.blockedNode[v] = false
			}
		}
		if len(cands) == 0 {
			break
		}
		best := 0
		for j := 1; j < len(cands); j++ {
			if cands[j].less(&cands[best]) {
				best = j
			}
		}
		accepted = append(accepted, cands[best])
		cands = slices.Delete(cands, best, best+1)
	}
	out := make([]Path, len(accepted))
	for i, p := range accepted {
		out[i] = g.pathOf(p)
	}
	return out
}

// hopRef names a move: the idx-th entry of adj[from].
type hopRef struct{ from, idx int32 }

type yenPath struct {
	hops    []hopRef
	nodes   []int32 // len(hops)+1
	delayMs float64
}

func (g *Graph) yenPath(src int, hops []hopRef) yenPath {
	p := yenPath{hops: hops, nodes: make([]int32, 0, len(hops)+1)}
	p.nodes = append(p.nodes, int32(src))
	for _, h := range hops {
		m := g.adj[h.from][h.idx]
		p.nodes = append(p.nodes, m.to)
		p.delayMs += g.links[m.arc.Link()].Delay.Ms()
	}
	return p
}

func (g *Graph) pathOf(p yenPath) Path {
	out := Path{Nodes: p.nodes, Arcs: make([]Arc, len(p.hops)), Delay: units.Ms(p.delayMs)}
	for i, h := range p.hops {
		out.Arcs[i] = g.adj[h.from][h.idx].arc
	}
	return out
}

func (p *yenPath) key() string {
	var b strings.Builder
	for _, h := range p.hops {
		fmt.Fprintf(&b, "%d.%d ", h.from, h.idx)
	}
	return b.String()
}

// less orders candidates by delay, then hop count, then node sequence, then
// move sequence.
func (p *yenPath) less(q *yenPath) bool {
	if p.delayMs != q.delayMs {
		return p.delayMs < q.delayMs
	}
	if len(p.hops) != len(q.hops) {
		return len(p.hops) < len(q.hops)
	}
	if c := slices.Compare(p.nodes, q.nodes); c != 0 {
		return c < 0
	}
	for i := range p.hops {
		a, b := p.hops[i], q.hops[i]
		if a != b {
			return a.from < b.from || (a.from == b.from && a.idx < b.idx)
		}
	}
	return false
}

// spurGraph is the graph as Yen's spur searches see it: blocked nodes and
// moves get weight +Inf, which routing.Dijkstra never takes, and every
// other move keeps its position in adj, so Pred and PredArc name moves.
type spurGraph struct {
	g           *Graph
	blockedNode []bool
	blockedHop  map[hopRef]bool
	to          []int32
	w           []float64
}

func (s *spurGraph) N() int           { return s.g.N() }
func (s *spurGraph) Relay(u int) bool { return s.g.relay[u] }

// Arcs returns u's moves (valid until the next call).
func (s *spurGraph) Arcs(u int) ([]int32, []float64) {
	s.to, s.w = s.to[:0], s.w[:0]
	for idx, h := range s.g.adj[u] {
		w := s.g.links[h.arc.Link()].Delay.Ms()
		if s.blockedNode[h.to] || s.blockedHop[hopRef{int32(u), int32(idx)}] {
			w = math.Inf(1)
		}
		s.to = append(s.to, h.to)
		s.w = append(s.w, w)
	}
	return s.to, s.w
}

// spWorkspace finds shortest paths avoiding blocked nodes and moves,
// reused across Yen's spur searches.
type spWorkspace struct {
	spurGraph
	d routing.Dijkstra
}

func (s *spWorkspace) init(g *Graph) {
	s.g = g
	s.blockedNode = make([]bool, g.N())
	s.blockedHop = map[hopRef]bool{}
}

// run finds a shortest path from src to dst avoiding blocked nodes and
// moves, expanding only src and relay nodes, and returns its moves.
// Ties between equal distances go to the lower node index.
func (s *spWorkspace) run(src, dst int) ([]hopRef, bool) {
	if !s.d.RunTo(&s.spurGraph, src, dst) {
		return nil, false
	}
	var hops []hopRef
	for v := int32(dst); int(v) != src; v = s.d.Pred[v] {
		hops = append(hops, hopRef{s.d.Pred[v], s.d.PredArc[v]})
	}
	slices.Reverse(hops)
	return hops, true
}
