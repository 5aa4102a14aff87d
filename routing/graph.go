// Package routing finds shortest paths by delay in a network snapshot.
//
// A Graph is a directed graph in compressed sparse row form with
// non-negative arc weights (one-way delays, milliseconds) and a relay flag
// per node: a node that may not relay (a user terminal or a city endpoint)
// can start or end a path but never sits inside one. Graphs are rebuilt every
// time step from a Builder that reuses its buffers, and Dijkstra reuses its
// workspace, so a step allocates nothing once buffers have grown.
//
// Ties: among shortest paths, Dijkstra gives each node the predecessor that
// was settled first, nodes being settled in increasing (distance, index)
// order. FloydWarshall exists to check Dijkstra on small graphs.
package routing

import "math"

// Graph is a directed graph with weighted arcs in CSR form.
type Graph struct {
	n     int
	off   []int32 // arcs of node u are to[off[u]:off[u+1]]
	to    []int32
	w     []float64
	relay []bool
	// In-arcs of the nodes that do not relay: from inFrom[inOff[v]:inOff[v+1]].
	inOff  []int32
	inFrom []int32
	inW    []float64
	// Relay-to-relay arcs compared with the previous Build of the same
	// Builder: RelaySame is true when they are the same arcs in the same
	// order, and MaxRelayDeltaW is then the largest change of a weight.
	RelaySame      bool
	MaxRelayDeltaW float64
	// leaves lists the nodes that do not relay, in index order.
	leaves []int32
	// Relay-to-relay arcs in the order they were added (Builder graphs
	// only): relW[j] is the weight of the j-th, relOf[k] the j of CSR arc k
	// (−1 for other arcs). With RelaySame, the j-th arc of this graph is the
	// j-th of the previous Build's.
	relW  []float64
	relOf []int32
	relAt []int32 // relAt[j]: the CSR index of the j-th relay-to-relay arc
	// Relay-to-relay arcs into each node (Builder graphs only): the CSR
	// indices rinArc[rinOff[v]:rinOff[v+1]] and their tails rinFrom.
	rinOff, rinArc, rinFrom []int32
	// from and gen identify the Build that made the graph: gen counts the
	// Builds of from. RelaySame compares with the Build of gen − 1.
	from *Builder
	gen  uint64
}

// N returns the number of nodes.
func (g *Graph) N() int { return g.n }

// Arcs returns the heads and weights of u's outgoing arcs (do not modify).
func (g *Graph) Arcs(u int) (to []int32, w []float64) {
	a, b := g.off[u], g.off[u+1]
	return g.to[a:b], g.w[a:b]
}

// Relay reports whether node u may forward traffic.
func (g *Graph) Relay(u int) bool { return g.relay[u] }

// Builder accumulates arcs for a Graph.
type Builder struct {
	n     int
	src   []int32
	dst   []int32
	w     []float64
	relay []bool
	count []int32
	inCnt []int32 // Build: next free slot of each node's in-arcs
	// previous Build's relay-to-relay arcs
	prevSrc, prevDst []int32
	prevW            []float64
	havePrev         bool
	gen              uint64 // number of Builds
}

// ForgetPrevious makes the next Build report RelaySame = false.
func (b *Builder) ForgetPrevious() { b.havePrev = false }

// Reset starts a new graph of n nodes, all relays.
func (b *Builder) Reset(n int) {
	b.n = n
	b.src, b.dst, b.w = b.src[:0], b.dst[:0], b.w[:0]
	if cap(b.relay) < n {
		b.relay = make([]bool, n)
	}
	b.relay = b.relay[:n]
	for i := range b.relay {
		b.relay[i] = true
	}
}

// SetRelay sets whether node u may forward traffic.
func (b *Builder) SetRelay(u int, relay bool) { b.relay[u] = relay }

// Arc adds the arc u→v with weight w ≥ 0.
func (b *Builder) Arc(u, v int, w float64) {
	b.src = append(b.src, int32(u))
	b.dst = append(b.dst, int32(v))
	b.w = append(b.w, w)
}

// Edge adds arcs u→v and v→u, both with weight w.
func (b *Builder) Edge(u, v int, w float64) {
	b.Arc(u, v, w)
	b.Arc(v, u, w)
}

// Build writes the graph into g, reusing g's storage. Arcs of a node keep
// the order in which they were added.
//
// Two passes over the arcs do the work: the first counts each node's
// out-arcs, its in-arcs if it does not relay, its relay-to-relay in-arcs
// and the relay-to-relay arcs; the second places every arc in CSR order,
// lists the relay-to-relay arcs (relW, relAt, relOf), compares them with
// the previous Build's in place (prevSrc, prevDst, prevW are overwritten
// behind the comparison) and files the in-arcs of the nodes that do not
// relay. A third walk, over the relay nodes' CSR arcs, lists the
// relay-to-relay arcs into each node in tail order (relayIn).
func (b *Builder) Build(g *Graph) {
	n := b.n
	g.n = n
	m := len(b.src)
	src, dst, wt := b.src[:m], b.dst[:m], b.w[:m]
	relay := b.relay[:n]
	b.count = grow(b.count, n+1)
	b.inCnt = grow(b.inCnt, n+1)
	cnt, inCnt := b.count, b.inCnt
	clear(cnt)
	g.inOff = grow(g.inOff, n+1)
	g.rinOff = grow(g.rinOff, n+1)
	inOff, rinOff := g.inOff, g.rinOff
	clear(inOff)
	clear(rinOff)
	nrel := 0
	for k, u := range src {
		v := dst[k]
		cnt[u+1]++
		if !relay[v] {
			inOff[v+1]++
		} else if relay[u] {
			rinOff[v+1]++
			nrel++
		}
	}
	for i := 1; i <= n; i++ {
		cnt[i] += cnt[i-1]
		inOff[i] += inOff[i-1]
		rinOff[i] += rinOff[i-1]
	}
	g.off = grow(g.off, n+1)
	copy(g.off, cnt)
	copy(inCnt, inOff)
	g.to = grow(g.to, m)
	g.w = growF(g.w, m)
	g.relOf = grow(g.relOf, m)
	g.relW = growF(g.relW, nrel)
	g.relAt = grow(g.relAt, nrel)
	mi := int(inOff[n])
	g.inFrom = grow(g.inFrom, mi)
	g.inW = growF(g.inW, mi)

	// The previous Build's relay-to-relay arcs are read at j and then
	// overwritten with this Build's j-th: only the first nPrev are old.
	nPrev := len(b.prevSrc)
	b.prevSrc = growKeep(b.prevSrc, nrel)
	b.prevDst = growKeep(b.prevDst, nrel)
	b.prevW = growKeepF(b.prevW, nrel)
	prevSrc, prevDst, prevW := b.prevSrc, b.prevDst, b.prevW
	to, w, relOf := g.to[:m], g.w[:m], g.relOf[:m]
	relW, relAt := g.relW[:nrel], g.relAt[:nrel]
	inFrom, inW := g.inFrom[:mi], g.inW[:mi]
	same := b.havePrev
	maxDW := 0.0
	j := 0
	for k, u := range src {
		v := dst[k]
		x := wt[k]
		p := cnt[u]
		cnt[u]++
		to[p] = v
		w[p] = x
		rv := relay[v]
		if rv && relay[u] {
			relOf[p] = int32(j)
			relW[j] = x
			relAt[j] = p
			if same {
				if j >= nPrev || prevSrc[j] != u || prevDst[j] != v {
					same = false
				} else if d := math.Abs(x - prevW[j]); d > maxDW {
					maxDW = d
				}
			}
			prevSrc[j], prevDst[j], prevW[j] = u, v, x
			j++
		} else {
			relOf[p] = -1
		}
		if !rv {
			q := inCnt[v]
			inCnt[v]++
			inFrom[q] = u
			inW[q] = x
		}
	}
	if j != nPrev {
		same = false
	}
	g.RelaySame, g.MaxRelayDeltaW = same, maxDW
	b.havePrev = true

	if cap(g.relay) < n {
		g.relay = make([]bool, n)
	}
	g.relay = g.relay[:n]
	copy(g.relay, relay)
	g.relayIn()
	g.leaves = g.leaves[:0]
	for v, r := range g.relay {
		if !r {
			g.leaves = append(g.leaves, int32(v))
		}
	}
	b.gen++
	g.from, g.gen = b, b.gen
}

// relayIn lists the relay-to-relay arcs into each node, rinOff being
// already the prefix sums of their counts (Build).
func (g *Graph) relayIn() {
	n := g.n
	m := int(g.rinOff[n])
	g.rinArc = grow(g.rinArc, m)
	g.rinFrom = grow(g.rinFrom, m)
	rinArc, rinFrom, to, relOf := g.rinArc[:m], g.rinFrom[:m], g.to, g.relOf
	// fill in tail order (u ascending), so each list is sorted by tail;
	// only a relay has relay-to-relay arcs out
	pos := g.rinOff[:n] // advanced while filling, restored after
	for u := 0; u < n; u++ {
		if !g.relay[u] {
			continue
		}
		for k := g.off[u]; k < g.off[u+1]; k++ {
			if relOf[k] < 0 {
				continue
			}
			v := to[k]
			p := pos[v]
			rinArc[p] = k
			rinFrom[p] = int32(u)
			pos[v]++
		}
	}
	// pos[v] is now the end of v's list, the start of v+1's
	for v := n - 1; v > 0; v-- {
		g.rinOff[v] = g.rinOff[v-1]
	}
	if n > 0 {
		g.rinOff[0] = 0
	}
}

// InArcs returns the tails and weights of the arcs into a non-relay node v
// (empty for relays).
func (g *Graph) InArcs(v int) (from []int32, w []float64) {
	a, b := g.inOff[v], g.inOff[v+1]
	return g.inFrom[a:b], g.inW[a:b]
}

func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

func growF(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n, n+n/4)
	}
	return s[:n]
}

// growKeep is grow keeping the elements of s.
func growKeep(s []int32, n int) []int32 {
	if cap(s) < n {
		t := make([]int32, n, n+n/4)
		copy(t, s)
		return t
	}
	return s[:n]
}

// growKeepF is growF keeping the elements of s.
func growKeepF(s []float64, n int) []float64 {
	if cap(s) < n {
		t := make([]float64, n, n+n/4)
		copy(t, s)
		return t
	}
	return s[:n]
}

// follows reports whether g was built by the Build right after the one
// that built a graph identified by (from, gen), so that RelaySame and
// MaxRelayDeltaW describe the change since then.
func (g *Graph) follows(from *Builder, gen uint64) bool {
	return g.from != nil && g.from == from && g.gen == gen+1
}

// Unreachable is the distance of a node no path reaches.
var Unreachable = math.Inf(1)

// Transpose writes into t the graph with every arc of g reversed (u→v with
// weight w becomes v→u with weight w) and the same relay flags, reusing t's
// storage. Shortest paths in t from a node d are the shortest paths to d in
// g, read backwards: after a Dijkstra run on t from d, Dist[v] is the delay
// of the best path v → … → d in g and Pred[v] is v's next hop on it. The
// arcs of each node of t are ordered by the tail's index in g, then by their
// order in g, so the transpose is a function of g alone, and RelaySame and
// MaxRelayDeltaW carry over from g: the relay-to-relay arcs of t are those
// of g reversed, in an order fixed by g's.
func (g *Graph) Transpose(t *Graph) {
	n := g.n
	t.n = n
	m := len(g.to)
	t.off = grow(t.off, n+1)
	clear(t.off)
	for _, v := range g.to[:g.off[n]] {
		t.off[v+1]++
	}
	for i := 1; i <= n; i++ {
		t.off[i] += t.off[i-1]
	}
	t.to = grow(t.to, m)
	t.w = growF(t.w, m)
	// t.inOff is scratch here: the next free slot of each node's arcs.
	t.inOff = grow(t.inOff, n+1)
	copy(t.inOff, t.off)
	for u := 0; u < n; u++ {
		for k := g.off[u]; k < g.off[u+1]; k++ {
			v := g.to[k]
			p := t.inOff[v]
			t.inOff[v]++
			t.to[p] = int32(u)
			t.w[p] = g.w[k]
		}
	}
	if cap(t.relay) < n {
		t.relay = make([]bool, n)
	}
	t.relay = t.relay[:n]
	copy(t.relay, g.relay)
	t.leaves = append(t.leaves[:0], g.leaves...)
	// t's relay arcs are g's in another order: no relay-arc list, but the
	// same Build identity, so that RelaySame still compares consecutive
	// transposes.
	t.relW, t.relOf, t.relAt = t.relW[:0], t.relOf[:0], t.relAt[:0]
	t.rinOff, t.rinArc, t.rinFrom = t.rinOff[:0], t.rinArc[:0], t.rinFrom[:0]
	t.from, t.gen = g.from, g.gen

	// In-arcs of t's non-relay nodes are g's out-arcs of those nodes.
	clear(t.inOff)
	for u := 0; u < n; u++ {
		c := int32(0)
		if !g.relay[u] {
			c = g.off[u+1] - g.off[u]
		}
		t.inOff[u+1] = t.inOff[u] + c
	}
	mi := int(t.inOff[n])
	t.inFrom = grow(t.inFrom, mi)
	t.inW = growF(t.inW, mi)
	for u := 0; u < n; u++ {
		if !g.relay[u] {
			copy(t.inFrom[t.inOff[u]:t.inOff[u+1]], g.to[g.off[u]:g.off[u+1]])
			copy(t.inW[t.inOff[u]:t.inOff[u+1]], g.w[g.off[u]:g.off[u+1]])
		}
	}
	t.RelaySame, t.MaxRelayDeltaW = g.RelaySame, g.MaxRelayDeltaW
}

// NumArcs returns the number of arcs added since the last Reset.
func (b *Builder) NumArcs() int { return len(b.src) }

// ArcAt returns the i-th arc added since the last Reset (i in [0,
// NumArcs)), in the order it was added.
func (b *Builder) ArcAt(i int) (u, v int32, w float64) { return b.src[i], b.dst[i], b.w[i] }

// Bytes returns about how many bytes of arrays the graph holds: what a pass
// over all of it reads.
func (g *Graph) Bytes() int {
	return 4*(len(g.off)+len(g.to)+len(g.inOff)+len(g.inFrom)+len(g.leaves)+len(g.relOf)+len(g.relAt)+
		len(g.rinOff)+len(g.rinArc)+len(g.rinFrom)) +
		8*(len(g.w)+len(g.inW)+len(g.relW)) + len(g.relay)
}
