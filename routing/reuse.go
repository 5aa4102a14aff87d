package routing

import (
	"math"
	"slices"
)

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
// are repaired by a Dijkstra seeded with the improved labels (which shifts
// a lowered node's subtree depth first, without the heap: see repair), and
// the repaired tree must pass the same check. Then the relay tree is the unique
// shortest-path tree, which is also what Dijkstra would return, with
// bit-identical distances (each Dist is summed along the same arcs in the
// same order). Leaves (nodes that do not relay, such as the cities at the
// ends of paths) cannot carry paths to anyone else, so each simply takes its
// best incoming arc, with Dijkstra's tie rule; a change there never forces a
// rerun. Any tie or violation among relays falls back to Dijkstra, so
// results never depend on which steps were computed before.
//
// Most steps need no check of every arc (a skim): a full check lists the
// nearly tight arcs, and while a bound on how much any arc's slack can have
// shrunk since stays below the listing threshold, only the listed arcs and
// the source's own arcs can violate the condition; of the listed arcs,
// only those whose slack when listed the bound has reached (the list is
// kept sorted by it, in buckets). Arcs they find improving
// are repaired at once, and only the arcs out of the nodes whose labels fell
// are checked again (and listed when nearly tight), so a skim survives a
// repair.
//
// Run only reads the graph, so the trees of several sources may run on one
// graph concurrently.
type Tree struct {
	D Dijkstra
	// Want, when not nil, lists the leaves whose Dist and Pred the caller
	// reads: after Run only they, the relays and the source are sure to be
	// exact (the other leaves' entries are unspecified), which spares
	// updating every leaf at every step.
	Want []int32
	// The reached relays other than the source, parents first: cv[i] is a
	// node (its parent is Pred[cv[i]]) and cj[i] the place of its tree arc
	// in the graph's relay-arc list (−1 for an arc from a source that does
	// not relay, or when the graph has no such list). pos[v] is v's place
	// in cv, −1 for nodes not in it. A node moved (after a repair gave it
	// a parent listed after it) leaves a hole, cv[i] = −1 and cj[i] = −2.
	// For the re-summing loop, which then
	// reads memory mostly in sequence, cd[i+1] is a copy of Dist[cv[i]]
	// and cd[0] the source's 0, and pp[i] the place in cd of cv[i]'s
	// parent.
	cv, cj, pp []int32
	cd         []float64
	pos        []int32
	// The listed tree's children as doubly linked lists: kFirst[p] is p's
	// first child, kNext/kPrev link siblings, kPar[v] is v's parent there
	// (−1 for none).
	kFirst, kNext, kPrev, kPar []int32
	remap                      []int32 // scratch of squeeze and relist
	tombs                      int     // places of cv left empty (−1) by moves
	// holeWork sums the holes the re-summing loops passed over since the
	// last squeeze (see resum).
	holeWork int
	// spare lists relist builds the depth-first list into (then swapped
	// with cv, cj, pp, cd), and the stack of its walk and of repair
	cv2, cj2, pp2 []int32
	cd2           []float64
	stack         []int32
	gone          []int32 // nodes detached by the current check's re-sum
	changed       []int32 // nodes whose label fell in the current check
	// ties met after an improvement (tails and CSR arc indices), checked
	// again once the labels have settled
	tieU, tieK []int32
	// tree arcs replaced in the current check (tails and CSR arc indices):
	// they become ordinary arcs, listed when nearly tight
	oldU, oldK []int32
	mark       []bool // scratch of confirm: node already rescanned
	// relMoved counts the consecutive checks whose graph's relay arcs were
	// not those of the graph before (laser links changed); from two on, a
	// full pass does not list tight arcs, which only a skim would use.
	relMoved int
	// treeJ[v]: place of v's tree arc in the relay-arc list, −1 if none;
	// when it is −1, PredArc[v] locates the tree arc.
	treeJ  []int32
	leaves []int32 // the non-relay nodes of the last graph
	src    int
	valid  bool
	// shape is the relay tree's generation (Generation): bumped wherever a
	// relay's Pred may change (Dijkstra, lower, a detachment) and by
	// Invalidate.
	shape uint64
	// drift bounds how much the slack Dist[u] + w − Dist[v] of any
	// relay-to-relay arc outside the tree can have shrunk since the last full
	// check, which listed in tight the arcs whose slack was below
	// the threshold then (see check and fullPass).
	drift  float64
	tightU []int32
	tightV []int32
	tightJ []int32 // index of the tight arc in the graph's relay-arc list, −1 if none
	// tightB[i] is the bucket of the i-th arc's slack when a full check
	// listed it: b when the slack was at least b·bucketW, so that its slack
	// now is at least b·bucketW − drift and a skim checks it only once the
	// drift has grown that far (0 for the arcs repairs list since).
	tightB []uint8
	// tightIn[j]: relay arc j is in the tight list's head (tightHead),
	// in its tail or in the list a full check is making (tightTail), or not
	// listed (0)
	tightIn []uint8
	listing bool // a full check is making the list
	// The first tightBase arcs (the head, listed by the last full check)
	// are in order of tightB (buckets of width bucketW): bucket b ends at
	// bucketEnd[b]. The arcs after them (the tail, listed by repairs since)
	// are checked at every skim.
	tightBase  int
	bucketW    float64
	bucketEnd  [tightBuckets]int32
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
	// LocalPasses counts repairs confirmed by rescanning only the arcs out
	// of the nodes whose labels fell (all of them); SkimRepairs, those
	// among them made during a skim (no full pass at all).
	LocalPasses, SkimRepairs int
	// Relists counts the lists rebuilt depth first (relist);
	// ShiftCapped, the repairs abandoned at shiftCap.
	Relists, ShiftCapped int
}

// Invalidate forgets the kept tree.
func (t *Tree) Invalidate() { t.valid = false; t.shape++ }

// Generation identifies the relay tree: while it returns the same number
// from one Run to the next, the source, the graph's size, the set of reached
// relays and every relay's Pred are unchanged, so every relay's path from
// the source is the same node sequence (its Dist may differ). A leaf's path
// is its Pred's path and the leaf: it too is unchanged when, in addition,
// the leaf's Pred is. The number changes whenever a relay's Pred may have
// changed (sometimes when it did not); it is never 0 after a Run.
func (t *Tree) Generation() uint64 { return t.shape }

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
	t.shape++ // a new tree, whatever it looks like
	t.D.Run(g, src)
	t.src = src
	t.checkedAll, t.drift = false, 0 // the next check is a full one
	t.leaves = append(t.leaves[:0], g.leaves...)
	t.treeJ = grow(t.treeJ, g.n)
	t.setTreeJ(g, t.D.Order)
	// Dijkstra's settle order lists parents first.
	t.resetList()
	t.pos = grow(t.pos, g.n)
	for i := range t.pos {
		t.pos[i] = -1
	}
	t.kFirst = grow(t.kFirst, g.n)
	t.kNext = grow(t.kNext, g.n)
	t.kPrev = grow(t.kPrev, g.n)
	t.kPar = grow(t.kPar, g.n)
	for i := range t.kFirst {
		t.kFirst[i], t.kPar[i] = -1, -1
	}
	for _, v := range t.D.Order {
		if int(v) != src && g.relay[v] {
			t.appendNode(v)
			t.link(v, t.D.Pred[v])
		}
	}
	if len(t.cv) >= depthFirstMin {
		t.relist()
	}
	t.valid = true
}

func (t *Tree) resetList() {
	if n := len(t.D.Dist); cap(t.cv) < n {
		t.cv, t.cj, t.pp = make([]int32, 0, n), make([]int32, 0, n), make([]int32, 0, n)
		t.cd = make([]float64, 0, n+1)
	}
	t.cv, t.cj, t.pp = t.cv[:0], t.cj[:0], t.pp[:0]
	t.cd = append(t.cd[:0], 0)
	t.tombs, t.holeWork = 0, 0
}

// link makes v a child of p in the child lists.
func (t *Tree) link(v, p int32) {
	f := t.kFirst[p]
	t.kNext[v], t.kPrev[v], t.kPar[v] = f, -1, p
	if f >= 0 {
		t.kPrev[f] = v
	}
	t.kFirst[p] = v
}

// unlink removes v from its parent's child list.
func (t *Tree) unlink(v int32) {
	p := t.kPar[v]
	if p < 0 {
		return
	}
	nx, pv := t.kNext[v], t.kPrev[v]
	if pv >= 0 {
		t.kNext[pv] = nx
	} else {
		t.kFirst[p] = nx
	}
	if nx >= 0 {
		t.kPrev[nx] = pv
	}
	t.kPar[v] = -1
}

// hole empties v's place in the list.
func (t *Tree) hole(v int32) {
	if i := t.pos[v]; i >= 0 {
		t.cv[i], t.cj[i] = -1, -2
		t.pos[v] = -1
		t.tombs++
	}
}

// appendNode lists v after its parent.
func (t *Tree) appendNode(v int32) {
	t.pos[v] = int32(len(t.cv))
	p := t.D.Pred[v]
	t.cv = append(t.cv, v)
	t.cj = append(t.cj, t.treeJ[v])
	t.pp = append(t.pp, t.parentPlace(p))
	t.cd = append(t.cd, t.D.Dist[v])
}

// parentPlace returns the place in cd of listed node (or source) p.
func (t *Tree) parentPlace(p int32) int32 {
	if int(p) == t.src {
		return 0
	}
	return t.pos[p] + 1
}

// relLists returns g's relay-arc index of each CSR arc and the CSR arc of
// each relay arc, or nils when g has no relay-arc list (a transpose).
func relLists(g *Graph) (relOf, relAt []int32) {
	if len(g.relOf) != len(g.to) {
		return nil, nil
	}
	return g.relOf, g.relAt
}

func (t *Tree) check(g *Graph, consecutive bool) bool {
	if !slices.Equal(t.leaves, g.leaves) {
		return false // a node's relay flag changed
	}
	relOf, _ := relLists(g)
	sameRel := relOf != nil && g.RelaySame && consecutive
	if g.RelaySame && consecutive {
		t.relMoved = 0
	} else {
		t.relMoved++
	}
	// 1. Re-sum along the tree, parents first. spread is the largest
	// difference between the changes of two relays' distances.
	spread, detached := t.resum(g, sameRel)
	if detached {
		t.shape++ // resum left the detached relays without a Pred
	}

	// 2. Slack bound. Between two steps with the same relay-to-relay arcs,
	// the slack of such an arc u→v outside the tree changes by
	// ΔDist[u] + Δw − ΔDist[v] ≥ −(spread + MaxRelayDeltaW): both changes
	// lie between the smallest and the largest change of any relay's
	// distance (some labels rise while others fall, but this is still
	// below twice the largest change, the bound used before). While the
	// accumulated bound stays below the threshold, an arc that had at least
	// that much slack at the last full check is still slack: only the arcs
	// listed as tight then, the source's own arcs (it need not relay) and
	// the leaves need looking at.
	// A detached subtree is repaired locally only with the relay arcs into
	// its nodes at hand.
	if g.RelaySame && consecutive && t.checkedAll && (!detached || len(g.rinOff) == g.n+1) {
		inc := spread + g.MaxRelayDeltaW
		t.drift += inc
		if !math.IsInf(inc, 1) {
			t.incAvg += (inc - t.incAvg) / 8
		}
		if t.drift+slackMargin < t.slack {
			switch t.skim(g) {
			case skimOK:
				t.updateLeaves(g)
				t.Skims++
				return true
			case skimRepaired:
				t.updateLeaves(g)
				t.Skims++
				t.Repairs++
				t.SkimRepairs++
				t.LocalPasses++
				return true
			case skimTie:
				t.Ties++
				t.valid = false
				return false
			case skimFailed:
				t.valid = false
				return false
			}
			// skimFull: nothing changed, check every arc
		}
	}
	// 3. Check every arc. If some arcs now improve on the tree, repair it:
	// a Dijkstra seeded with the improvements, starting from the current
	// labels (lengths of real paths, hence upper bounds), ends with the
	// exact distances; then the arcs out of the nodes whose labels fell,
	// the only ones whose verdict can have changed, are checked again.
	src := int32(t.src)
	for _, v := range g.leaves {
		if v != src {
			t.D.Dist[v], t.D.Pred[v] = Unreachable, -1
		}
	}
	t.startChanges()
	switch t.fullPass(g) {
	case passOK:
		if detached {
			t.applyChanges(g) // drop the nodes left unreached
		}
		return true
	case passTie:
		t.Ties++
		t.valid = false
		return false
	}
	listTight := t.relMoved < 2
	if !t.repair(g) || !t.confirm(g, true, listTight) {
		t.valid = false
		return false
	}
	t.LocalPasses++
	t.checkedAll, t.drift = listTight, 0
	t.sortTight()
	t.applyChanges(g)
	t.Repairs++
	return true
}

// resum recomputes the distance of every reached relay along its tree arc,
// parents first, and returns the largest change among the nodes still
// attached. When a tree arc is gone, its subtree is detached, with
// Unreachable labels and no parents (listed in t.gone), and detached is
// true. With sameRel (the graph's relay arcs are those of the graph
// before, in the same order), a tree arc between relays is known by its
// place in the relay-arc list.
func (t *Tree) resum(g *Graph, sameRel bool) (spread float64, detached bool) {
	dist := t.D.Dist
	dist[t.src] = 0
	// A hole costs the re-summing loops a little at every step; a squeeze
	// costs about as much per entry of the list, once. Squeezing when the
	// holes passed over since the last squeeze add up to the list's length
	// (rent or buy) spends at most twice the best schedule's cost whatever
	// the rate of moves. (Squeezing as soon as the holes outnumbered
	// 2√len, as before, squeezed every few steps on W3's 30,000-node trees.)
	t.holeWork += t.tombs
	if t.tombs > 0 && t.holeWork >= len(t.cv) {
		if len(t.cv)-t.tombs < depthFirstMin || !t.relist() {
			t.squeeze()
		}
	}
	cv, cd := t.cv, t.cd[:len(t.cv)+1]
	// the largest and smallest change of a relay's distance (a NaN, from
	// Inf − Inf, is passed over)
	hi, lo := math.Inf(-1), math.Inf(1)
	for i := 0; i < len(cv); i++ {
		// The common cases run in loops of their own (no call, so nothing
		// is spilled): with sameRel, a run of nodes whose tree arcs are
		// relay arcs; otherwise, a run of nodes whose tree arcs are where
		// PredArc says.
		if sameRel {
			i, hi, lo = resumRelay(cv, t.cj, t.pp, cd, g.relW, dist, i, hi, lo)
		} else {
			i, hi, lo = t.resumFound(g, i, hi, lo)
		}
		if i == len(cv) {
			break
		}
		v := cv[i]
		if v < 0 {
			continue // a hole
		}
		nd, ok := t.resumArc(g, i)
		if !ok {
			detached = true
			t.Detached++
			dist[v], cd[i+1] = Unreachable, Unreachable
			continue
		}
		if nd != Unreachable { // (a node below a detached one does not count)
			hi, lo = max(hi, nd-cd[i+1]), min(lo, nd-cd[i+1])
		}
		dist[v], cd[i+1] = nd, nd
	}
	t.gone = t.gone[:0]
	if detached {
		// below a detached node: no parent
		pred := t.D.Pred
		for _, v := range cv {
			if v >= 0 && dist[v] == Unreachable {
				pred[v] = -1
				t.gone = append(t.gone, v)
			}
		}
	}
	if hi < lo {
		return 0, detached // no relay counted
	}
	return hi - lo, detached
}

// resumRelay re-sums the list from place i on while the tree arcs are relay
// arcs (cj ≥ 0, weights in relW), as resum does, and returns the place of
// the first other entry (or len(cv)) and the largest and smallest changes
// so far.
func resumRelay(cv, cj, pp []int32, cd, relW, dist []float64, i int, hi, lo float64) (int, float64, float64) {
	cj, pp = cj[:len(cv)], pp[:len(cv)]
	cn := cd[1 : len(cv)+1] // cn[i]: cv[i]'s distance
	for ; i < len(cv); i++ {
		j := cj[i]
		if j < 0 {
			break
		}
		nd := cd[pp[i]] + relW[j]
		if d := nd - cn[i]; (d > hi || d < lo) && nd != Unreachable {
			// (a node below a detached one does not count)
			hi, lo = max(hi, d), min(lo, d)
		}
		dist[cv[i]], cn[i] = nd, nd
	}
	return i, hi, lo
}

// resumFound re-sums the list from place i on, as resum does, while each
// node's tree arc is at its recorded position in g (PredArc) and its parent
// is reached, recording the arcs' places in the relay-arc list; it passes
// over holes. It returns the place of the first node it leaves to
// resumArc (or len(cv)) and the largest and smallest changes so far.
func (t *Tree) resumFound(g *Graph, i int, hi, lo float64) (int, float64, float64) {
	cv := t.cv
	cj, pp, treeJ := t.cj[:len(cv)], t.pp[:len(cv)], t.treeJ
	cd := t.cd[:len(cv)+1]
	dist, pred, predArc := t.D.Dist, t.D.Pred, t.D.PredArc
	off, to, w := g.off, g.to, g.w
	relOf, _ := relLists(g)
	for ; i < len(cv); i++ {
		v := cv[i]
		if v < 0 {
			continue // a hole
		}
		dp := cd[pp[i]] // = Dist[Pred[v]], summed already
		p := pred[v]
		ai := off[p] + predArc[v]
		if dp == Unreachable || ai >= off[p+1] || to[ai] != v {
			break
		}
		j := int32(-1)
		if relOf != nil {
			j = relOf[ai]
		}
		cj[i], treeJ[v] = j, j
		nd := dp + w[ai]
		if d := nd - cd[i+1]; (d > hi || d < lo) && nd != Unreachable {
			// (an arc of weight +Inf does not count)
			hi, lo = max(hi, d), min(lo, d)
		}
		dist[v], cd[i+1] = nd, nd
	}
	return i, hi, lo
}

// resumArc finds the tree arc of cv[i] in g (it reports false if it is
// gone) and returns the new distance, recording the arc's place.
func (t *Tree) resumArc(g *Graph, i int) (float64, bool) {
	dist, predArc := t.D.Dist, t.D.PredArc
	v := t.cv[i]
	p := t.D.Pred[v]
	dp := dist[p]
	if dp == Unreachable {
		return Unreachable, true // below a detached node
	}
	// PredArc holds the arc's position within p's arc list, which stays put
	// while p's own links do (arcs are added in a fixed order).
	base, end := g.off[p], g.off[p+1]
	ai := base + predArc[v]
	if ai >= end || g.to[ai] != v {
		var ok bool
		if ai, ok = arcIndex(g, int(p), v); !ok {
			return 0, false
		}
		predArc[v] = ai - base
	}
	j := int32(-1)
	if relOf, _ := relLists(g); relOf != nil {
		j = relOf[ai]
	}
	t.cj[i], t.treeJ[v] = j, j
	return dp + g.w[ai], true
}

// isTreeArc reports whether CSR arc k (out of pred[v]) is v's tree arc.
func (t *Tree) isTreeArc(g *Graph, relOf []int32, v, k int32) bool {
	if j := t.treeJ[v]; j >= 0 && relOf != nil {
		return relOf[k] == j
	}
	return k-g.off[t.D.Pred[v]] == t.D.PredArc[v]
}

// treeArc returns the CSR index of v's tree arc.
func (t *Tree) treeArc(g *Graph, relAt []int32, v int32) int32 {
	if j := t.treeJ[v]; j >= 0 && relAt != nil {
		return relAt[j]
	}
	return g.off[t.D.Pred[v]] + t.D.PredArc[v]
}

func (t *Tree) startChanges() {
	t.D.heap.Reset()
	t.changed = t.changed[:0]
	t.tieU, t.tieK = t.tieU[:0], t.tieK[:0]
	t.oldU, t.oldK = t.oldU[:0], t.oldK[:0]
}

// lower gives relay v the label nd through CSR arc k from u, remembering
// v's former tree arc, and queues v for the repair.
func (t *Tree) lower(g *Graph, relOf, relAt []int32, v, u, k int32, nd float64) {
	d := &t.D
	t.shape++ // v gets a new Pred (or is newly reached)
	if p := d.Pred[v]; p >= 0 {
		t.oldU = append(t.oldU, p)
		t.oldK = append(t.oldK, t.treeArc(g, relAt, v))
	}
	d.Dist[v], d.Pred[v], d.PredArc[v] = nd, u, k-g.off[u]
	j := int32(-1)
	if relOf != nil {
		j = relOf[k]
	}
	t.treeJ[v] = j
	d.heap.Push(nd, v)
	t.changed = append(t.changed, v)
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
// order so the arc arrays are read sequentially. It lists the nearly tight
// arcs for the slack bound.
//
// An improving arc u→v between relays lowers v's label and seeds the
// repair's heap, and the pass goes on (reporting passImproved at the end,
// or passTie at a tie met before any improvement; ties met after one are
// kept for confirm).
func (t *Tree) fullPass(g *Graph) passResult {
	improved := false
	dist, pred, predArc := t.D.Dist, t.D.Pred, t.D.PredArc
	src := int32(t.src)
	relay := g.relay
	for _, j := range t.tightJ {
		if j >= 0 {
			t.tightIn[j] = 0
		}
	}
	t.tightU, t.tightV, t.tightJ, t.tightB = t.tightU[:0], t.tightV[:0], t.tightJ[:0], t.tightB[:0]
	t.tightBase, t.listing = 0, true // no head while listing
	if len(t.tightIn) < len(g.relW) {
		t.tightIn = append(t.tightIn, make([]uint8, len(g.relW)-len(t.tightIn))...)
	}
	// the slacks listed are those of this check: the drift starts again
	t.checkedAll, t.drift = false, 0
	// Tight arcs serve only skims, which need the relay arcs of the step
	// before: when the relay arcs have just changed twice running, list
	// none (and leave checkedAll false, so the next check is a full one).
	listTight := t.relMoved < 2
	// The threshold adapts to how fast the slack bound has been growing, so
	// that a full check comes about every 16 steps: 0.25 ms at 100 ms steps
	// of a 550 km shell, more at 1 s steps.
	slack := min(maxTightSlack, max(tightSlack, 16*t.incAvg))
	t.slack, t.bucketW = slack, slack/tightBuckets
	off, to, wt := g.off, g.to, g.w
	relOf, relAt := relLists(g)
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
			if nd > dv {
				if listTight && u != src && nd-dv < slack {
					t.listArc(relOf, u, v, k, nd-dv)
				}
				continue
			}
			// The tree arc is the one recorded: another arc u→v (a
			// parallel arc) is checked and listed like any other, so that
			// a lighter one is never missed.
			tree := pred[v] == u && dv != Unreachable && t.isTreeArc(g, relOf, v, k)
			switch {
			case nd < dv:
				improved = true
				t.lower(g, relOf, relAt, v, u, k, nd)
			case tree:
			case improved:
				// labels are still falling: confirm decides
				t.tieU = append(t.tieU, u)
				t.tieK = append(t.tieK, k)
			default:
				return passTie
			}
		}
	}
	if improved {
		return passImproved
	}
	t.checkedAll, t.drift = listTight, 0
	t.sortTight()
	return passOK
}

// listArc adds CSR arc k = u→v, whose slack is sl, to the tight list. A
// relay arc is listed once in the tail, which every skim checks whatever
// the buckets: once more if it is in the head. In the list a full check is
// making, an arc listed again keeps both buckets (a skim checks it when
// the drift reaches the smaller).
func (t *Tree) listArc(relOf []int32, u, v, k int32, sl float64) {
	j := int32(-1)
	if relOf != nil {
		if j = relOf[k]; j >= 0 {
			if t.tightIn[j] == tightTail && !t.listing {
				return
			}
			t.tightIn[j] = tightTail
		}
	}
	b := uint8(0)
	if t.listing {
		b = t.bucket(sl) // (the drift is 0)
	}
	t.tightU = append(t.tightU, u)
	t.tightV = append(t.tightV, v)
	t.tightJ = append(t.tightJ, j)
	t.tightB = append(t.tightB, b)
}

// states of a relay arc in tightIn
const (
	tightHead = 1
	tightTail = 2
)

// tightBuckets is the number of buckets the head of the tight list is
// sorted into.
const tightBuckets = 32

// sortTight makes the whole tight list, just listed by a full check, the
// head: its arcs in order of bucket (a counting sort in place).
func (t *Tree) sortTight() {
	n := len(t.tightU)
	t.tightBase, t.listing = n, false
	var next, end [tightBuckets]int32
	for _, b := range t.tightB {
		end[b]++
	}
	for b, c := 1, end[0]; b < tightBuckets; b++ {
		next[b] = c
		c += end[b]
		end[b] = c
	}
	// Each place is filled with an arc of its bucket by swapping the arc
	// there into the next free place of its own bucket.
	us, vs, js, bs := t.tightU, t.tightV, t.tightJ, t.tightB
	for b := range next {
		for i := next[b]; i < end[b]; i = next[b] {
			c := bs[i]
			if int(c) == b {
				next[b]++
				continue
			}
			p := next[c]
			next[c]++
			us[i], us[p] = us[p], us[i]
			vs[i], vs[p] = vs[p], vs[i]
			js[i], js[p] = js[p], js[i]
			bs[i], bs[p] = bs[p], bs[i]
		}
	}
	t.bucketEnd = end
	for _, j := range js {
		if j >= 0 {
			t.tightIn[j] = tightHead
		}
	}
}

// bucket returns the bucket of slack s in the tight list.
func (t *Tree) bucket(s float64) uint8 {
	if !(s > 0) {
		return 0
	}
	return uint8(min(int(s/t.bucketW), tightBuckets-1))
}

// headEnd returns the end of the part of the head a skim checks: the
// buckets that may hold slacks up to the drift (plus a bucket for rounding).
func (t *Tree) headEnd() int {
	lim := (t.drift + slackMargin) / t.bucketW
	if !(lim < tightBuckets-2) {
		return t.tightBase
	}
	return int(t.bucketEnd[int(lim)+1])
}

// confirm checks, after a repair, what a full pass would: every arc out of
// a reached relay into a relay is slack (not improving, no tie) and, with
// leaves, every leaf has its best incoming arc. Only lowered labels can
// change the verdicts met before the repair (an arc's slack du + w − dv
// only shrinks when du falls, and a leaf's choice only changes through its
// candidates' labels), so it rescans the out-arcs of the nodes whose labels
// fell (t.changed) and the ties met after the first improvement (tieU,
// tieK); every other arc keeps its earlier verdict: slack, or the tree arc.
//
// With list, it also keeps the tight list complete: an arc it rescans, a
// tie that resolved and a former tree arc (oldU, oldK), whose slack is
// below the threshold, are listed (the rest only gained slack).
func (t *Tree) confirm(g *Graph, leaves, list bool) bool {
	dist := t.D.Dist
	src := int32(t.src)
	relay := g.relay
	off := g.off
	if cap(t.mark) < g.n {
		t.mark = make([]bool, g.n)
	}
	t.mark = t.mark[:g.n]
	arc := func(u, k int32) bool { return t.confirmArc(g, u, k, leaves, list) }
	ok := true
	for _, u := range t.changed {
		if t.mark[u] || dist[u] == Unreachable || (!relay[u] && u != src) {
			continue
		}
		t.mark[u] = true
		for k := off[u]; k < off[u+1]; k++ {
			if !arc(u, k) {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
	}
	for _, u := range t.changed {
		t.mark[u] = false
	}
	for i := 0; ok && i < len(t.tieU); i++ {
		ok = arc(t.tieU[i], t.tieK[i])
	}
	// A former tree arc whose tail was not rescanned: its slack is what its
	// head gained.
	for i := 0; ok && list && i < len(t.oldU); i++ {
		ok = arc(t.oldU[i], t.oldK[i])
	}
	return ok
}

// confirmArc checks CSR arc k out of u for confirm: a leaf takes it if it is
// better (with leaves); an arc into a relay must be slack or the tree arc,
// and with list it is listed when nearly tight.
func (t *Tree) confirmArc(g *Graph, u, k int32, leaves, list bool) bool {
	dist, pred := t.D.Dist, t.D.Pred
	src := int32(t.src)
	v := g.to[k]
	du := dist[u]
	if du == Unreachable {
		return true
	}
	nd := du + g.w[k]
	dv := dist[v]
	if !g.relay[v] && v != src {
		if leaves {
			if pv := pred[v]; nd < dv || (nd == dv && (du < dist[pv] || (du == dist[pv] && u < pv))) {
				dist[v], pred[v], t.D.PredArc[v] = nd, u, k-g.off[u]
			}
		}
		return true
	}
	relOf, _ := relLists(g)
	if nd > dv {
		if list && u != src && nd-dv < t.slack {
			t.listArc(relOf, u, v, k, nd-dv)
		}
		return true
	}
	return nd == dv && pred[v] == u && dv != Unreachable && t.isTreeArc(g, relOf, v, k)
}

// repair lowers labels until no arc between relays improves on them: the
// improving arcs found before seeded the heap, and Dijkstra's loop runs
// from there, with one difference. When a node's label falls, so do its
// tree children's through the same arcs (a whole subtree shifts, which is
// most of what a repair lowers): those are relaxed at once, depth first,
// without the heap. Labels may then fall more than once, but every label
// stays the length of a real path (an upper bound) and every lowered label
// has its arcs relaxed after its last fall, so when the heap empties no
// arc improves and the labels are exact, each summed along its final tree
// arc as Dijkstra sums it; the checks that follow (confirm) are those of
// any repair. A node shifts again each time an ancestor falls again, which
// in a contrived graph could cost far more than Dijkstra: past shiftCap
// shifts per node of the graph, repair gives up (it reports false and the
// tree is recomputed).
func (t *Tree) repair(g *Graph) bool {
	d := &t.D
	dist, pred := d.Dist, d.Pred
	relay := g.relay
	src := int32(t.src)
	relOf, relAt := relLists(g)
	off, to, w := g.off, g.to, g.w
	stack := t.stack[:0]
	budget := shiftCap * g.n
	for d.heap.Len() > 0 {
		du, u := d.heap.Pop()
		if du > dist[u] {
			continue
		}
		stack = append(stack, u)
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			du := dist[u]
			for k := off[u]; k < off[u+1]; k++ {
				v := to[k]
				if !relay[v] && v != src {
					continue
				}
				nd := du + w[k]
				if nd >= dist[v] {
					continue
				}
				if pred[v] == u && t.isTreeArc(g, relOf, v, k) {
					// the same tree arc: Pred, PredArc and the
					// generation stay
					if budget--; budget < 0 {
						t.stack = stack
						t.ShiftCapped++
						return false
					}
					dist[v] = nd
					t.changed = append(t.changed, v)
					stack = append(stack, v)
				} else {
					t.lower(g, relOf, relAt, v, u, k, nd)
				}
			}
		}
	}
	t.stack = stack
	return true
}

// shiftCap bounds the subtree shifts of one repair, per node of the graph
// (see repair). W3's repairs shift about 600 nodes of 30,000.
var shiftCap = 4

// applyChanges updates the parents-first list and the child lists after a
// repair or a detachment, in time proportional to what changed: a node
// given a new parent stays in place if the parent is listed before it;
// otherwise it moves to the end of the list with its subtree (parents
// first), leaving holes; detached nodes left unreached are dropped. Past a
// point the holes are squeezed out.
func (t *Tree) applyChanges(g *Graph) {
	src := int32(t.src)
	pred, dist := t.D.Pred, t.D.Dist
	if cap(t.mark) < g.n {
		t.mark = make([]bool, g.n)
	}
	t.mark = t.mark[:g.n]
	for _, v := range t.changed {
		if t.mark[v] {
			continue
		}
		t.mark[v] = true
		if p := pred[v]; t.kPar[v] != p {
			t.unlink(v)
			t.link(v, p)
		}
	}
	for _, v := range t.changed {
		t.mark[v] = false
	}
	for _, v := range t.gone {
		if dist[v] == Unreachable {
			t.unlink(v)
			t.hole(v)
		}
	}
	for _, v := range t.changed {
		p, i := pred[v], t.pos[v]
		if i < 0 || (p != src && (t.pos[p] < 0 || t.pos[p] > i)) {
			t.move(v)
		}
	}
	for _, v := range t.changed {
		i := t.pos[v]
		t.cj[i] = t.treeJ[v]
		t.pp[i] = t.parentPlace(pred[v])
		t.cd[i+1] = dist[v]
	}
}

// move lists v's subtree at the end of the list, parents first (the
// appended part of the list is the queue of a breadth-first walk).
func (t *Tree) move(v int32) {
	start := len(t.cv)
	t.hole(v)
	t.appendNode(v)
	for i := start; i < len(t.cv); i++ {
		for c := t.kFirst[t.cv[i]]; c >= 0; c = t.kNext[c] {
			t.hole(c)
			t.appendNode(c)
		}
	}
}

// squeeze removes the holes from the list, keeping its order. A listed
// node's parent place pp[i] is already its parent's place (the list's
// invariant, which checkTight verifies in the tests), so it is renumbered
// through the table of new places (remap[old place] = new place, in cd's
// numbering: the source 0, list place i as i+1), which squeeze fills in
// list order, parents first; looking up each node's parent and its place
// instead cost two scattered reads per node (4.6 % of a W3 profile).
func (t *Tree) squeeze() {
	t.remap = grow(t.remap, len(t.cv)+1)
	remap := t.remap
	remap[0] = 0
	k := 0
	for i, v := range t.cv {
		if v < 0 {
			continue
		}
		remap[i+1] = int32(k + 1)
		t.cv[k], t.cj[k], t.cd[k+1] = v, t.cj[i], t.cd[i+1]
		t.pos[v] = int32(k)
		t.pp[k] = remap[t.pp[i]]
		k++
	}
	t.cv, t.cj, t.pp, t.cd = t.cv[:k], t.cj[:k], t.pp[:k], t.cd[:k+1]
	t.tombs, t.holeWork = 0, 0
}

// depthFirstMin is the number of listed relays from which the list is kept
// in depth-first order (relist) rather than in Dijkstra's settle order.
// Depth-first, a node mostly follows its parent, which on a +Grid is the
// next satellite in the plane: the re-sum then writes Dist and reads the
// graph's weights almost in sequence, but each sum waits for the one
// before. On W3's trees of 30,000 relays (3 MB each, beyond the caches)
// the order saved 3–7 % of a step; on W1's trees of 1,584 relays, which
// stay in cache, it cost 5 % (docs/performance.md).
var depthFirstMin = 8192

// relist rebuilds the list without holes in depth-first preorder of the
// child lists, parents first as before; it reports false, changing
// nothing, if the child lists do not reach exactly the listed nodes.
func (t *Tree) relist() bool {
	n := len(t.cv) - t.tombs
	if cap(t.cv2) < n || cap(t.cd2) < n+1 {
		c := max(cap(t.cv), n)
		t.cv2, t.cj2, t.pp2 = make([]int32, 0, c), make([]int32, 0, c), make([]int32, 0, c)
		t.cd2 = make([]float64, 0, c+1)
	}
	ncv, ncj, npp, ncd := t.cv2[:n], t.cj2[:n], t.pp2[:n], t.cd2[:n+1]
	// remap[i+1]: the new place in cd of the node at old place i
	t.remap = grow(t.remap, len(t.cv)+1)
	remap := t.remap
	remap[0] = 0
	ncd[0] = 0
	pos := t.pos
	sp := t.stack[:0]
	for c := t.kFirst[t.src]; c >= 0; c = t.kNext[c] {
		sp = append(sp, c)
	}
	k := 0
	for len(sp) > 0 {
		v := sp[len(sp)-1]
		sp = sp[:len(sp)-1]
		i := pos[v]
		if k == n || i < 0 || t.cv[i] != v {
			t.stack = sp
			return false
		}
		ncv[k], ncj[k], ncd[k+1] = v, t.cj[i], t.cd[i+1]
		npp[k] = remap[t.pp[i]] // the parent is placed already
		remap[i+1] = int32(k + 1)
		k++
		for c := t.kFirst[v]; c >= 0; c = t.kNext[c] {
			sp = append(sp, c)
		}
	}
	t.stack = sp
	if k != n {
		return false
	}
	for i, v := range ncv {
		pos[v] = int32(i)
	}
	t.cv, t.cv2 = ncv, t.cv[:0]
	t.cj, t.cj2 = ncj, t.cj[:0]
	t.pp, t.pp2 = npp, t.pp[:0]
	t.cd, t.cd2 = ncd, t.cd[:0]
	t.tombs, t.holeWork = 0, 0
	t.Relists++
	return true
}

// setTreeJ records, for the nodes vs, the place of their tree arc in g's
// relay-arc list (−1 when it has none).
func (t *Tree) setTreeJ(g *Graph, vs []int32) {
	relOf, _ := relLists(g)
	pred, predArc := t.D.Pred, t.D.PredArc
	for _, v := range vs {
		j := int32(-1)
		if p := pred[v]; p >= 0 && relOf != nil {
			j = relOf[g.off[p]+predArc[v]]
		}
		t.treeJ[v] = j
	}
}

// tightSlack (ms) is the slack below which an arc is re-checked at every
// step between full checks. Satellite motion changes path delays by a few
// µs per 100 ms step, so a full check comes about every 30 steps.
const tightSlack = 0.25

// maxTightSlack (ms) caps the adaptive threshold: the tight list grows with
// it.
const maxTightSlack = 4.0

// slackMargin (ms) absorbs floating-point rounding in the slack bound: the
// sums involved are below 1e3 ms, whose rounding errors are below 1e-12 ms.
const slackMargin = 1e-9

type skimResult int

const (
	skimOK       skimResult = iota // the tree stands
	skimRepaired                   // repaired and confirmed
	skimFull                       // undecided, nothing changed: check every arc
	skimTie                        // a tie among relays: run Dijkstra
	skimFailed                     // the repair did not confirm: run Dijkstra
)

// skim checks, under the slack bound, the arcs that were nearly tight at
// the last full check and the source's own out-arcs exactly (they change
// with its ground links and are not covered by the bound); every other
// relay arc is strictly slack. Improving arcs among them seed a repair,
// which confirm then checks locally, keeping the tight list complete. The
// graph's relay arcs being those of that check (RelaySame), an arc listed
// with its place j in the relay-arc list is the j-th arc there.
func (t *Tree) skim(g *Graph) skimResult {
	dist, pred := t.D.Dist, t.D.Pred
	relOf, relAt := relLists(g)
	src := int32(t.src)
	t.startChanges()
	improved := false
	// visit handles CSR arc k = u→v into a relay.
	visit := func(u, v, k int32) {
		du := dist[u]
		if du == Unreachable {
			return
		}
		nd, dv := du+g.w[k], dist[v]
		switch {
		case nd > dv:
		case nd < dv:
			improved = true
			t.lower(g, relOf, relAt, v, u, k, nd)
		case pred[v] == u && dv != Unreachable:
			// the tree arc, or one parallel to it and as light
		default:
			t.tieU = append(t.tieU, u)
			t.tieK = append(t.tieK, k)
		}
	}
	relW := g.relW
	// The head up to the buckets the drift has reached, and the tail.
	for _, r := range [2][2]int{{0, t.headEnd()}, {t.tightBase, len(t.tightU)}} {
		us := t.tightU[:r[1]]
		for i := r[0]; i < len(us); i++ {
			if relAt != nil {
				// the common case: slack arcs, passed over in a loop of
				// their own (no call)
				if i = skimSlack(us, t.tightV, t.tightJ, dist, relW, i); i == len(us) {
					break
				}
			}
			u, v := us[i], t.tightV[i]
			var k int32
			if j := t.tightJ[i]; j >= 0 && relAt != nil {
				du, dv := dist[u], dist[v]
				if nd := du + relW[j]; nd > dv || du == Unreachable ||
					(nd == dv && pred[v] == u && dv != Unreachable) {
					// slack, unreached, or (what visit passes over) the
					// tree arc or an arc parallel to it and as light:
					// spared looking up the arc in g (a cache miss)
					continue
				}
				k = relAt[j]
			} else {
				var ok bool
				if k, ok = arcIndex(g, int(u), v); !ok {
					if improved || len(t.tieU) > 0 {
						return skimFailed
					}
					return skimFull
				}
			}
			visit(u, v, k)
		}
	}
	for k := g.off[src]; k < g.off[src+1]; k++ {
		if v := g.to[k]; g.relay[v] {
			visit(src, v, k)
		}
	}
	// Detached nodes: every relay arc into them (the source's are above).
	// The best arc first, so that a node is lowered (and queued) once
	// rather than once per better arc; then the others, which can only
	// tie with it.
	for _, v := range t.gone {
		a, b := g.rinOff[v], g.rinOff[v+1]
		best, bd := int32(-1), dist[v]
		for x := a; x < b; x++ {
			if du := dist[g.rinFrom[x]]; du != Unreachable {
				if nd := du + g.w[g.rinArc[x]]; nd < bd {
					best, bd = x, nd
				}
			}
		}
		if best >= 0 {
			visit(g.rinFrom[best], v, g.rinArc[best])
		}
		for x := a; x < b; x++ {
			if x != best {
				visit(g.rinFrom[x], v, g.rinArc[x])
			}
		}
	}
	if !improved && len(t.gone) == 0 {
		if len(t.tieU) > 0 {
			return skimTie
		}
		return skimOK
	}
	if !t.repair(g) || !t.confirm(g, false, true) {
		return skimFailed
	}
	// The arcs into detached nodes lost slack: check and list them again.
	for _, v := range t.gone {
		for x := g.rinOff[v]; x < g.rinOff[v+1]; x++ {
			if !t.confirmArc(g, g.rinFrom[x], g.rinArc[x], false, true) {
				return skimFailed
			}
		}
	}
	t.applyChanges(g)
	// Arcs accumulate in the tight list (some of them no longer tight):
	// past a point, check every arc next time, which lists afresh.
	if len(t.tightU) > 2*t.tightBase+1024 {
		t.checkedAll = false
	}
	return skimRepaired
}

// skimSlack returns the place, from i on, of the first arc of the tight
// list (us, vs, js) that is not a relay arc (js < 0) or not strictly slack
// (dist[u] + relW[j] ≤ dist[v]), or len(us).
func skimSlack(us, vs, js []int32, dist, relW []float64, i int) int {
	vs, js = vs[:len(us)], js[:len(us)]
	for ; i < len(us); i++ {
		j := js[i]
		if j < 0 || dist[us[i]]+relW[j] <= dist[vs[i]] {
			break
		}
	}
	return i
}

// updateLeaves gives every leaf (or every one in Want) its best incoming
// arc from a reached relay (or the source), with Dijkstra's tie rule.
func (t *Tree) updateLeaves(g *Graph) {
	dist, pred := t.D.Dist, t.D.Pred
	src := int32(t.src)
	relay := g.relay
	leaves := g.leaves
	if t.Want != nil {
		leaves = t.Want
	}
	for _, v := range leaves {
		if v == src || int(v) >= g.n || relay[v] {
			continue
		}
		a, b := g.inOff[v], g.inOff[v+1]
		from, w := g.inFrom[a:b], g.inW[a:b]
		best, bu, tie := minInArc(from, w, dist, relay, src)
		if tie && best != infBits {
			bu = t.bestInArc(from, w, relay)
		}
		dist[v], pred[v] = math.Float64frombits(best), bu // a leaf's predArc is never used
	}
}

// minInArc returns the bits of the smallest label dist[u] + w[k] over the
// arcs from a relay or src, the tail of the first arc giving it (−1 if
// none does: infBits), and whether some arc gave a label equal to the best
// so far (a shared best needs Dijkstra's tie rule: bestInArc). The labels
// and weights are ≥ 0, so their bit patterns order like their values: the
// loop compares integers, which the compiler makes branch-free.
func minInArc(from []int32, w, dist []float64, relay []bool, src int32) (best uint64, bu int32, tie bool) {
	w = w[:len(from)]
	best, bu = infBits, -1
	for k, u := range from {
		if u != src && !relay[u] {
			continue
		}
		nd := math.Float64bits(dist[u] + w[k])
		tie = tie || nd == best
		if nd < best {
			best, bu = nd, u
		}
	}
	return best, bu, tie
}

// infBits is the bit pattern of Unreachable (+Inf).
var infBits = math.Float64bits(math.Inf(1))

// bestInArc returns the tail of the best arc among the in-arcs (from, w)
// of a leaf from a reached relay or the source, with Dijkstra's tie rule
// (smallest label, then smallest index), −1 if there is none.
func (t *Tree) bestInArc(from []int32, w []float64, relay []bool) int32 {
	dist := t.D.Dist
	src := int32(t.src)
	best, bu := Unreachable, int32(-1)
	for k, u := range from {
		du := dist[u]
		if du == Unreachable || (u != src && !relay[u]) {
			continue
		}
		nd := du + w[k]
		if nd < best || (nd == best && (du < dist[bu] || (du == dist[bu] && u < bu))) {
			best, bu = nd, u
		}
	}
	return bu
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
