package routing

import "math"

// Tree is a shortest-path tree from one source that is carried from one time
// step to the next. Between steps a few milliseconds apart the links change
// little, and usually last step's tree is still the unique shortest-path
// tree: Run then only re-sums the delays along it and checks every arc, in
// O(V + E) with no heap, instead of running Dijkstra.
//
// The check is exact: the tree is kept only if every other arc u→v out of
// a reached relaying node into another relay satisfies Dist[u] + w >
// Dist[v] strictly, and no new relay became reachable. Arcs that improve on
// the tree, and tree arcs that disappeared (their subtrees are detached),
// are repaired by a Dijkstra seeded with the improved labels, and the
// repaired tree must pass the same check. Then the relay tree is the unique shortest-path tree, which is
// also what Dijkstra would return, with bit-identical distances (each Dist
// is summed along the same arcs in the same order). Leaves (nodes that do
// not relay, such as the cities at the ends of paths) cannot carry paths to
// anyone else, so each simply takes its best incoming arc, with Dijkstra's
// tie rule; a change there never forces a rerun. Any tie or violation among
// relays falls back to Dijkstra, so results never depend on which steps were
// computed before.
//
// Run only reads the graph, so the trees of several sources may run on one
// graph concurrently.
type Tree struct {
	D     Dijkstra
	order []int32 // every node, reached or not, parents first (see rebuildOrder)
	// scratch of rebuildOrder: the tree's children in CSR form
	kidOff, kids, kidNext []int32
	pos                   []int32 // pos[v]: v's place in order
	changed               []int32 // nodes given a new parent by the last repair
	// ties met by a seeding full pass after an improvement (arc indices,
	// with their tails), for the local pass after the repair
	tieU, tieK []int32
	mark       []bool // scratch of localPass: node already rescanned
	// relMoved counts the consecutive checks whose graph's relay arcs were
	// not those of the graph before (laser links changed); from two on, a
	// full pass does not list tight arcs, which only a skim would use.
	relMoved int
	// repairs counts the consecutive checks that ended in a repair: a tree
	// repaired at every step (such as at 1 s steps, where the source's own
	// ground links change) will not be skimmed, so its repairs are
	// confirmed by localPass and its full passes list no tight arcs.
	repairs int
	treeJ   []int32 // treeJ[v]: place of v's tree arc in the relay-arc list, −1 if none
	src     int
	valid   bool
	// drift bounds how much the slack Dist[u] + w − Dist[v] of any
	// relay-to-relay arc outside the tree can have shrunk since the last full
	// check, which listed in tight the arcs whose slack was below
	// the threshold then (see check and fullPass).
	drift      float64
	tightU     []int32
	tightV     []int32
	tightJ     []int32 // index of the tight arc in the graph's relay-arc list, −1 if none
	slack      float64 // the threshold of the last full check (ms)
	incAvg     float64 // moving average of the bound's growth per step (ms)
	checkedAll bool
	// the graph of the last Run (Graph.follows)
	from    *Builder
	gen     uint64
	Reused  int // number of Run calls answered by the kept tree
	Full    int // number of Run calls that ran Dijkstra
	Skims   int // of Reused, those that skipped the arc-by-arc check (slack bound)
	Repairs int // of Reused, those where the tree changed and was repaired
	// Detached counts tree arcs found gone and repaired around; Ties,
	// checks that ran Dijkstra because of a tie.
	Detached, Ties int
	// LocalPasses counts repairs confirmed by localPass.
	LocalPasses int
}

// Invalidate forgets the kept tree.
func (t *Tree) Invalidate() { t.valid = false }

// Run computes shortest paths from src in g into t.D.Dist and t.D.Pred.
// It only reads g, so trees of different sources may run on one graph
// concurrently.
func (t *Tree) Run(g *Graph, src int) {
	consecutive := g.follows(t.from, t.gen)
	t.from, t.gen = g.from, g.gen
	if t.valid && t.src == src && len(t.D.Dist) == g.n && t.check(g, consecutive) {
		t.Reused++
		return
	}
	t.Full++
	t.D.Run(g, src)
	t.src = src
	t.checkedAll, t.drift = false, 0 // the next check is a full one
	t.repairs = 0
	t.order = t.order[:0]
	// settle order as Dijkstra settled, then the unreached nodes: leaves
	// among them may be reached later without the tree changing; an
	// unreached relay fails the check as soon as an arc reaches it.
	t.order = append(t.order, t.D.Order...)
	for v, d := range t.D.Dist {
		if d == Unreachable {
			t.order = append(t.order, int32(v))
		}
	}
	t.setPos()
	t.treeJ = grow(t.treeJ, g.n)
	t.setTreeJ(g, t.order)
	t.valid = true
}

func (t *Tree) check(g *Graph, consecutive bool) bool {
	dist, pred, predArc := t.D.Dist, t.D.Pred, t.D.PredArc
	src := int32(t.src)
	relay := g.relay // the source expands whatever its flag: see isRelay
	// 1. re-sum along the tree in t.order (parents first);
	// leaves (non-relay nodes other than the source) are redone below.
	// maxDD is the largest change of a relay's distance.
	maxDD := 0.0
	relOf := g.relOf
	if len(relOf) != len(g.to) {
		relOf = nil
	}
	sameRel := relOf != nil && g.RelaySame && consecutive
	if g.RelaySame && consecutive {
		t.relMoved = 0
	} else {
		t.relMoved++
	}
	for _, v := range t.order {
		if !relay[v] && v != src {
			dist[v], pred[v] = Unreachable, -1
			continue
		}
		p := pred[v]
		if p < 0 || dist[p] == Unreachable {
			if p >= 0 {
				pred[v] = -1 // below a detached node
			}
			if v == src {
				dist[v] = 0
			} else {
				dist[v] = Unreachable // an unreached relay stays so, or the check fails
			}
			continue
		}
		// predArc holds the arc's position within p's arc list, which stays
		// put while p's own links do (arcs are added in a fixed order)
		// With the same relay arcs as the last graph, the tree arc is
		// known by its place j in the relay-arc list (exactly, even among
		// parallel arcs); otherwise the full pass below checks every arc.
		base, end := g.off[p], g.off[p+1]
		ai := base + predArc[v]
		var w float64
		if j := t.treeJ[v]; sameRel && j >= 0 {
			if ai >= end || relOf[ai] != j {
				for ai = base; ai < end && relOf[ai] != j; ai++ {
				}
				predArc[v] = ai - base
			}
			w = g.w[ai]
		} else if ai < end && g.to[ai] == v {
			w = g.w[ai]
			if relOf != nil {
				t.treeJ[v] = relOf[ai]
			}
		} else {
			var ok bool
			if ai, ok = arcIndex(g, int(p), v); !ok {
				// the tree arc is gone: detach v (and so its subtree)
				// and let the repair below find it a new parent
				if d := dist[v]; d != Unreachable {
					maxDD = Unreachable
				}
				dist[v], pred[v] = Unreachable, -1
				t.Detached++
				continue
			}
			predArc[v] = ai - base
			w = g.w[ai]
			if relOf != nil {
				t.treeJ[v] = relOf[ai]
			}
		}
		nd := dist[p] + w
		if d := math.Abs(nd - dist[v]); d > maxDD {
			maxDD = d
		}
		dist[v] = nd
	}
	// 2. Slack bound. Between two steps with the same relay-to-relay arcs,
	// the slack of such an arc u→v outside the tree changes by
	// ΔDist[u] + Δw − ΔDist[v] ≥ −(2·maxDD + MaxRelayDeltaW). While the
	// accumulated bound stays below the threshold, an arc that had at least
	// that much slack at the last full check is still slack: only the arcs
	// listed as tight then, the source's own arcs (it need not relay) and
	// the leaves need looking at.
	if g.RelaySame && consecutive && t.checkedAll {
		inc := 2*maxDD + g.MaxRelayDeltaW
		t.drift += inc
		if !math.IsInf(inc, 1) {
			t.incAvg += (inc - t.incAvg) / 8
		}
		if t.drift+slackMargin < t.slack {
			if t.checkTight(g) && t.checkSource(g) {
				t.updateLeaves(g)
				t.Skims++
				t.repairs = 0
				return true
			}
		}
	}
	// 3. Check every arc. If some arcs now improve on the tree, repair it:
	// a Dijkstra seeded with the improvements, starting from the current
	// labels (lengths of real paths, hence upper bounds), ends with the
	// exact distances; a second full pass then confirms there is no tie.
	t.D.heap.Reset()
	t.changed = t.changed[:0]
	t.tieU, t.tieK = t.tieU[:0], t.tieK[:0]
	switch t.fullPass(g, true) {
	case passOK:
		t.repairs = 0
		return true
	case passTie:
		t.Ties++
		t.valid = false
		return false
	}
	t.repair(g)
	// Confirm the repaired tree: by a second full pass, which also lists
	// the tight arcs for skims at the next steps; or, when no skim is
	// likely next (the relay arcs changed, or the last check was a repair
	// too), only where the first pass's verdicts may have changed
	// (localPass).
	var second passResult
	if t.relMoved == 0 && t.repairs < 2 {
		second = t.fullPass(g, false)
	} else {
		second = t.localPass(g)
	}
	if second != passOK {
		t.valid = false
		return false
	}
	t.setTreeJ(g, t.changed)
	// The order stays good if every node with a new parent still comes
	// after it.
	for _, v := range t.changed {
		if p := t.D.Pred[v]; p >= 0 && t.pos[p] > t.pos[v] {
			t.rebuildOrder()
			break
		}
	}
	t.Repairs++
	t.repairs++
	return true
}

type passResult int

const (
	passOK passResult = iota
	passImproved
	passTie
)

// fullPass checks every arc out of a reached relaying node: into a relay it
// must not improve or tie (uniqueness); into a leaf it offers a candidate,
// and the leaf takes the best, ties going to the predecessor Dijkstra would
// settle first (smallest distance, then index). Nodes are visited in index
// order so the arc arrays are read sequentially. On success it lists the
// nearly tight arcs for the slack bound.
//
// With seed, an improving arc u→v between relays lowers v's label and
// seeds the repair's heap, and the pass goes on (reporting passImproved at
// the end, or passTie at a tie met before any improvement); without, the
// pass stops at the first arc that improves or ties.
func (t *Tree) fullPass(g *Graph, seed bool) passResult {
	improved := false
	dist, pred, predArc := t.D.Dist, t.D.Pred, t.D.PredArc
	src := int32(t.src)
	relay := g.relay
	t.tightU, t.tightV, t.tightJ = t.tightU[:0], t.tightV[:0], t.tightJ[:0]
	// Tight arcs serve only skims, which need the relay arcs of the step
	// before and no repair: when the relay arcs have just changed twice
	// running, or the tree was repaired at the last two checks, list none
	// (and leave checkedAll false, so the next check is a full one).
	listTight := t.relMoved < 2 && t.repairs < 3
	// The threshold adapts to how fast the slack bound has been growing, so
	// that a full check comes about every 16 steps: 0.25 ms at 100 ms steps
	// of a 550 km shell, more at 1 s steps.
	slack := min(maxTightSlack, max(tightSlack, 16*t.incAvg))
	t.slack = slack
	off, to, wt := g.off, g.to, g.w
	relOf := g.relOf
	if len(relOf) != len(to) {
		relOf = nil
	}
	for u := int32(0); int(u) < g.n; u++ {
		du := dist[u]
		if (!relay[u] && u != src) || du == Unreachable {
			continue
		}
		a, b := off[u], off[u+1]
		for k := a; k < b; k++ {
			v := to[k]
			nd := du + wt[k]
			dv := dist[v]
			if !relay[v] && v != src {
				if pv := pred[v]; nd < dv || (nd == dv && (du < dist[pv] || (du == dist[pv] && u < pv))) {
					dist[v], pred[v], predArc[v] = nd, u, k-a
				}
				continue
			}
			// The tree arc is the one at predArc: another arc u→v (a
			// parallel arc) is checked and listed like any other, so that
			// a lighter one is never missed.
			tree := pred[v] == u && k-a == predArc[v]
			if nd <= dv && (nd < dv || !tree || dv == Unreachable) {
				t.checkedAll = false
				switch {
				case seed && nd < dv:
					improved = true
					dist[v], pred[v], predArc[v] = nd, u, k-a
					t.D.heap.Push(nd, v)
					t.changed = append(t.changed, v)
					continue
				case improved:
					// labels are still falling: the second pass decides
					t.tieU = append(t.tieU, u)
					t.tieK = append(t.tieK, k)
					continue
				case nd < dv:
					return passImproved
				}
				return passTie
			}
			if listTight && !tree && u != src && nd-dv < slack {
				t.tightU = append(t.tightU, u)
				t.tightV = append(t.tightV, v)
				j := int32(-1)
				if relOf != nil {
					j = relOf[k]
				}
				t.tightJ = append(t.tightJ, j)
			}
		}
	}
	if improved {
		return passImproved
	}
	t.checkedAll, t.drift = listTight, 0
	return passOK
}

// localPass confirms, after a repair, what a second full pass (without
// seeding) would: every arc out of a reached relay into a relay is slack
// (not improving, no tie) and every leaf has its best incoming arc. Only
// lowered labels can change the first pass's verdicts: an arc's slack
// du + w − dv only shrinks when du falls, and a leaf's choice only changes
// through its candidates' labels. So it rescans the out-arcs of the nodes
// the first pass and the repair lowered (t.changed) and the ties the first
// pass met after its first improvement (tieU, tieK); every other arc keeps
// the verdict of the first pass: slack, or the tree arc. It lists no tight
// arcs, so the next check is a full one (checkedAll is false).
func (t *Tree) localPass(g *Graph) passResult {
	dist, pred, predArc := t.D.Dist, t.D.Pred, t.D.PredArc
	src := int32(t.src)
	relay := g.relay
	off, to, wt := g.off, g.to, g.w
	t.checkedAll = false
	if cap(t.mark) < g.n {
		t.mark = make([]bool, g.n)
	}
	t.mark = t.mark[:g.n]
	t.LocalPasses++
	res := passOK
	arc := func(u, k int32) passResult {
		v := to[k]
		du := dist[u]
		nd := du + wt[k]
		dv := dist[v]
		a := off[u]
		if !relay[v] && v != src {
			if pv := pred[v]; nd < dv || (nd == dv && (du < dist[pv] || (du == dist[pv] && u < pv))) {
				dist[v], pred[v], predArc[v] = nd, u, k-a
			}
			return passOK
		}
		tree := pred[v] == u && k-a == predArc[v]
		if nd <= dv && (nd < dv || !tree || dv == Unreachable) {
			if nd < dv {
				return passImproved
			}
			return passTie
		}
		return passOK
	}
	for _, u := range t.changed {
		if t.mark[u] || dist[u] == Unreachable || (!relay[u] && u != src) {
			continue
		}
		t.mark[u] = true
		for k := off[u]; k < off[u+1]; k++ {
			if res = arc(u, k); res != passOK {
				break
			}
		}
		if res != passOK {
			break
		}
	}
	for _, u := range t.changed {
		t.mark[u] = false
	}
	for i := 0; res == passOK && i < len(t.tieU); i++ {
		res = arc(t.tieU[i], t.tieK[i])
	}
	return res
}

// repair lowers labels until no arc between relays improves on them: the
// improving arcs found by the first full pass seeded the heap, and
// Dijkstra's loop runs from there. Every lowered label is pushed and its
// arcs relaxed when popped, so the labels end exact.
func (t *Tree) repair(g *Graph) {
	d := &t.D
	dist, pred, predArc := d.Dist, d.Pred, d.PredArc
	relay := g.relay
	src := int32(t.src)
	for d.heap.Len() > 0 {
		du, u := d.heap.Pop()
		if du > dist[u] {
			continue
		}
		a, b := g.off[u], g.off[u+1]
		for k := a; k < b; k++ {
			v := g.to[k]
			if !relay[v] && v != src {
				continue
			}
			if nd := du + g.w[k]; nd < dist[v] {
				dist[v], pred[v], predArc[v] = nd, u, k-a
				d.heap.Push(nd, v)
				t.changed = append(t.changed, v)
			}
		}
	}
}

// rebuildOrder lists the nodes parents first after a repair: the tree
// breadth-first from the source (children by index), then the unreached
// nodes by index. Any order with parents first serves the re-summing in
// check; this one costs O(V) however much the tree changed.
func (t *Tree) rebuildOrder() {
	pred := t.D.Pred
	n := len(pred)
	off := grow(t.kidOff, n+1)
	clear(off)
	for _, p := range pred {
		if p >= 0 {
			off[p+1]++
		}
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	kids := grow(t.kids, int(off[n]))
	next := grow(t.kidNext, n)
	copy(next, off[:n])
	for v, p := range pred {
		if p >= 0 {
			kids[next[p]] = int32(v)
			next[p]++
		}
	}
	o := append(t.order[:0], int32(t.src))
	for i := 0; i < len(o); i++ {
		u := o[i]
		o = append(o, kids[off[u]:off[u+1]]...)
	}
	for v, p := range pred {
		if p < 0 && v != t.src {
			o = append(o, int32(v))
		}
	}
	t.order, t.kidOff, t.kids, t.kidNext = o, off, kids, next
	t.setPos()
}

// setTreeJ records, for the nodes vs, the place of their tree arc in g's
// relay-arc list (−1 when it has none).
func (t *Tree) setTreeJ(g *Graph, vs []int32) {
	relOf := g.relOf
	if len(relOf) != len(g.to) {
		relOf = nil
	}
	pred, predArc := t.D.Pred, t.D.PredArc
	for _, v := range vs {
		j := int32(-1)
		if p := pred[v]; p >= 0 && relOf != nil {
			j = relOf[g.off[p]+predArc[v]]
		}
		t.treeJ[v] = j
	}
}

// setPos records each node's place in the order.
func (t *Tree) setPos() {
	t.pos = grow(t.pos, len(t.order))
	for i, v := range t.order {
		t.pos[v] = int32(i)
	}
}

// tightSlack (ms) is the slack below which an arc is re-checked at every
// step between full checks. Satellite motion changes path delays by a few
// µs per 100 ms step, so a full check comes about every 30 steps.
const tightSlack = 0.25

// maxTightSlack (ms) caps the adaptive threshold: the tight list grows with
// it.
const maxTightSlack = 4.0

// checkTight checks the arcs that were nearly tight at the last full check.
// The graph's relay arcs being those of that check (RelaySame), an arc
// listed with its place j in the relay-arc list is the j-th arc there.
func (t *Tree) checkTight(g *Graph) bool {
	dist, pred := t.D.Dist, t.D.Pred
	relW := g.relW
	if len(g.relOf) != len(g.to) {
		relW = nil
	}
	for i, u := range t.tightU {
		v := t.tightV[i]
		var w float64
		if j := t.tightJ[i]; j >= 0 && relW != nil {
			w = relW[j]
		} else {
			ai, ok := arcIndex(g, int(u), v)
			if !ok {
				return false
			}
			w = g.w[ai]
		}
		nd, dv := dist[u]+w, dist[v]
		if nd <= dv && (nd < dv || pred[v] != u || dv == Unreachable) {
			return false
		}
	}
	return true
}

// slackMargin (ms) absorbs floating-point rounding in the slack bound: the
// sums involved are below 1e3 ms, whose rounding errors are below 1e-12 ms.
const slackMargin = 1e-9

// checkSource checks the source's own out-arcs exactly (they change with
// its ground links and are not covered by the slack bound).
func (t *Tree) checkSource(g *Graph) bool {
	dist, pred := t.D.Dist, t.D.Pred
	src := int32(t.src)
	a, b := g.off[src], g.off[src+1]
	for k := a; k < b; k++ {
		v := g.to[k]
		if !g.relay[v] {
			continue // leaves are done by updateLeaves
		}
		nd, dv := g.w[k], dist[v]
		if nd <= dv && (nd < dv || pred[v] != src || dv == Unreachable) {
			return false
		}
	}
	return true
}

// updateLeaves gives every leaf its best incoming arc from a reached relay
// (or the source), with Dijkstra's tie rule.
func (t *Tree) updateLeaves(g *Graph) {
	dist, pred := t.D.Dist, t.D.Pred
	src := int32(t.src)
	for _, v := range g.leaves {
		if v == src {
			continue
		}
		best, bu := Unreachable, int32(-1)
		a, b := g.inOff[v], g.inOff[v+1]
		for k := a; k < b; k++ {
			u := g.inFrom[k]
			du := dist[u]
			if du == Unreachable || (u != src && !g.relay[u]) {
				continue
			}
			nd := du + g.inW[k]
			if nd < best || (nd == best && (du < dist[bu] || (du == dist[bu] && u < bu))) {
				best, bu = nd, u
			}
		}
		dist[v], pred[v] = best, bu // a leaf's predArc is never used
	}
}

// arcIndex returns the index of the lightest arc u→v.
func arcIndex(g *Graph, u int, v int32) (int32, bool) {
	a, b := g.off[u], g.off[u+1]
	best, at := Unreachable, int32(-1)
	for k := a; k < b; k++ {
		if g.to[k] == v && g.w[k] < best {
			best, at = g.w[k], k
		}
	}
	return at, at >= 0
}
