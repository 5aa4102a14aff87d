package routing

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// refBuilder holds the state of the reference build.
type refBuilder struct {
	n                int
	src, dst         []int32
	w                []float64
	relay            []bool
	count            []int32
	prevSrc, prevDst []int32
	prevW            []float64
	havePrev         bool
	gen              uint64
}

// build is Builder.Build as it was before its passes were fused (commit
// 5491864), kept to check the fused one against.
func (b *refBuilder) build(g *Graph) {
	n := b.n
	g.n = n
	if cap(b.count) < n+1 {
		b.count = make([]int32, n+1)
	}
	cnt := b.count[:n+1]
	for i := range cnt {
		cnt[i] = 0
	}
	for _, u := range b.src {
		cnt[u+1]++
	}
	for i := 1; i <= n; i++ {
		cnt[i] += cnt[i-1]
	}
	m := len(b.src)
	g.off = grow(g.off, n+1)
	copy(g.off, cnt)
	g.to = grow(g.to, m)
	g.w = growF(g.w, m)
	g.relOf = grow(g.relOf, m)
	g.relW = g.relW[:0]
	g.relAt = g.relAt[:0]
	for k, u := range b.src {
		p := cnt[u]
		cnt[u]++
		v := b.dst[k]
		g.to[p] = v
		g.w[p] = b.w[k]
		if b.relay[u] && b.relay[v] {
			g.relOf[p] = int32(len(g.relW))
			g.relW = append(g.relW, b.w[k])
			g.relAt = append(g.relAt, p)
		} else {
			g.relOf[p] = -1
		}
	}
	if cap(g.relay) < n {
		g.relay = make([]bool, n)
	}
	g.relay = g.relay[:n]
	copy(g.relay, b.relay)
	refRelayIn(g)
	g.leaves = g.leaves[:0]
	for v, r := range g.relay {
		if !r {
			g.leaves = append(g.leaves, int32(v))
		}
	}
	b.gen++
	g.from, g.gen = nil, b.gen

	// reverse arcs of non-relay nodes
	for i := range cnt {
		cnt[i] = 0
	}
	for k, v := range b.dst {
		if !b.relay[v] {
			_ = k
			cnt[v+1]++
		}
	}
	for i := 1; i <= n; i++ {
		cnt[i] += cnt[i-1]
	}
	g.inOff = grow(g.inOff, n+1)
	copy(g.inOff, cnt)
	mi := int(cnt[n])
	g.inFrom = grow(g.inFrom, mi)
	g.inW = growF(g.inW, mi)
	for k, v := range b.dst {
		if !b.relay[v] {
			p := cnt[v]
			cnt[v]++
			g.inFrom[p] = b.src[k]
			g.inW[p] = b.w[k]
		}
	}

	// compare relay-to-relay arcs with the previous build
	same := b.havePrev
	maxDW := 0.0
	j := 0
	for k, u := range b.src {
		v := b.dst[k]
		if !b.relay[u] || !b.relay[v] {
			continue
		}
		if same {
			if j >= len(b.prevSrc) || b.prevSrc[j] != u || b.prevDst[j] != v {
				same = false
			} else if d := math.Abs(b.w[k] - b.prevW[j]); d > maxDW {
				maxDW = d
			}
		}
		j++
	}
	if j != len(b.prevSrc) {
		same = false
	}
	g.RelaySame, g.MaxRelayDeltaW = same, maxDW
	b.prevSrc, b.prevDst, b.prevW = b.prevSrc[:0], b.prevDst[:0], b.prevW[:0]
	for k, u := range b.src {
		v := b.dst[k]
		if b.relay[u] && b.relay[v] {
			b.prevSrc = append(b.prevSrc, u)
			b.prevDst = append(b.prevDst, v)
			b.prevW = append(b.prevW, b.w[k])
		}
	}
	b.havePrev = true
}

// refRelayIn is Graph.relayIn as it was before the fusion.
func refRelayIn(g *Graph) {
	n := g.n
	g.rinOff = grow(g.rinOff, n+1)
	clear(g.rinOff)
	for _, k := range g.relAt {
		g.rinOff[g.to[k]+1]++
	}
	for i := 1; i <= n; i++ {
		g.rinOff[i] += g.rinOff[i-1]
	}
	m := len(g.relAt)
	g.rinArc = grow(g.rinArc, m)
	g.rinFrom = grow(g.rinFrom, m)
	// fill in tail order (u ascending), so each list is sorted by tail
	pos := g.rinOff[:n] // advanced while filling, restored after
	for u := 0; u < n; u++ {
		for k := g.off[u]; k < g.off[u+1]; k++ {
			if g.relOf[k] < 0 {
				continue
			}
			v := g.to[k]
			p := pos[v]
			g.rinArc[p] = k
			g.rinFrom[p] = int32(u)
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

// TestBuildMatchesReference feeds the same random arc sequences to
// Builder.Build and to the unfused reference and requires every field of the
// graphs to match, RelaySame and MaxRelayDeltaW included, over sequences of
// builds where the relay arcs stay, change weight, change order, grow,
// shrink, and after ForgetPrevious. Graphs rotate through a ring, as in
// the engine, so storage of every size is reused.
func TestBuildMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	var b Builder
	var rb refBuilder
	var ring [3]Graph
	var ref Graph
	type arc struct {
		u, v int32
		w    float64
	}
	var arcs []arc
	var relay []bool
	for step := 0; step < 3000; step++ {
		mutate := rng.IntN(8)
		switch {
		case step == 0 || mutate == 0: // a new graph
			n := 1 + rng.IntN(40)
			if rng.IntN(10) == 0 {
				n = 1 + rng.IntN(3)
			}
			relay = make([]bool, n)
			for i := range relay {
				relay[i] = rng.IntN(4) != 0
			}
			arcs = arcs[:0]
			for range rng.IntN(6 * n) {
				arcs = append(arcs, arc{int32(rng.IntN(n)), int32(rng.IntN(n)), float64(rng.IntN(50)) / 4})
			}
		case mutate == 1: // weights move
			for i := range arcs {
				arcs[i].w += rng.Float64() - 0.5
				arcs[i].w = math.Abs(arcs[i].w)
			}
		case mutate == 2 && len(arcs) > 1: // two arcs swap
			i, j := rng.IntN(len(arcs)), rng.IntN(len(arcs))
			arcs[i], arcs[j] = arcs[j], arcs[i]
		case mutate == 3 && len(arcs) > 0: // an arc goes
			i := rng.IntN(len(arcs))
			arcs = slices.Delete(arcs, i, i+1)
		case mutate == 4: // an arc comes
			n := len(relay)
			arcs = append(arcs, arc{int32(rng.IntN(n)), int32(rng.IntN(n)), rng.Float64() * 10})
		case mutate == 5: // a relay flag flips
			i := rng.IntN(len(relay))
			relay[i] = !relay[i]
		case mutate == 6:
			b.ForgetPrevious()
			rb.havePrev = false
		}
		n := len(relay)
		b.Reset(n)
		rb.n = n
		rb.src, rb.dst, rb.w = rb.src[:0], rb.dst[:0], rb.w[:0]
		rb.relay = append(rb.relay[:0], relay...)
		for u, r := range relay {
			b.SetRelay(u, r)
		}
		for _, a := range arcs {
			b.Arc(int(a.u), int(a.v), a.w)
			rb.src, rb.dst, rb.w = append(rb.src, a.u), append(rb.dst, a.v), append(rb.w, a.w)
		}
		g := &ring[step%len(ring)]
		b.Build(g)
		rb.build(&ref)
		if msg := graphDiff(g, &ref); msg != "" {
			t.Fatalf("step %d (n %d, %d arcs): %s", step, n, len(arcs), msg)
		}
		if g.from != &b || g.gen != rb.gen {
			t.Fatalf("step %d: build identity %p/%d, want %p/%d", step, g.from, g.gen, &b, rb.gen)
		}
	}
}

// graphDiff names the first field in which g and h differ ("" if none),
// comparing lengths and contents, not capacities nor the builder.
func graphDiff(g, h *Graph) string {
	switch {
	case g.n != h.n:
		return "n"
	case !slices.Equal(g.off[:g.n+1], h.off[:h.n+1]):
		return "off"
	case !slices.Equal(g.to, h.to):
		return "to"
	case !eqBits(g.w, h.w):
		return "w"
	case !slices.Equal(g.relay, h.relay):
		return "relay"
	case !slices.Equal(g.inOff[:g.n+1], h.inOff[:h.n+1]):
		return "inOff"
	case !slices.Equal(g.inFrom, h.inFrom):
		return "inFrom"
	case !eqBits(g.inW, h.inW):
		return "inW"
	case g.RelaySame != h.RelaySame:
		return "RelaySame"
	case math.Float64bits(g.MaxRelayDeltaW) != math.Float64bits(h.MaxRelayDeltaW):
		return "MaxRelayDeltaW"
	case !slices.Equal(g.leaves, h.leaves):
		return "leaves"
	case !eqBits(g.relW, h.relW):
		return "relW"
	case !slices.Equal(g.relOf, h.relOf):
		return "relOf"
	case !slices.Equal(g.relAt, h.relAt):
		return "relAt"
	case !slices.Equal(g.rinOff[:g.n+1], h.rinOff[:h.n+1]):
		return "rinOff"
	case !slices.Equal(g.rinArc, h.rinArc):
		return "rinArc"
	case !slices.Equal(g.rinFrom, h.rinFrom):
		return "rinFrom"
	}
	return ""
}

func eqBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
