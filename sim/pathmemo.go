package sim

import (
	"math"

	"orbitnet/orbit/units"
	"orbitnet/routing"
)

// pathMemo spares walking and hashing a pair's path when it cannot have
// changed since its source's tree last ran, which is most steps: usually the
// kept tree (routing.Tree) only re-sums its delays.
//
// A destination's path is its Pred's path in the tree and then itself. While
// routing.Tree.Generation stays the same from one Run to the next, every
// relay (and the source) keeps its Pred, so every relay's path is the same
// node sequence; if the destination's Pred is also the same and the pair is
// reachable both times, so is its path. Hops, First, Last and Hash are
// functions of the node sequence alone: node ids denote the same node at
// every step of a network (sim/node.go numbers satellites, ground nodes and
// uplink copies from the network's fixed counts, and every policy builds a
// graph of the same size at every step), so they are last time's, and only
// the delay is read anew.
//
// The memo is per tree: gen and pred describe the tree's last Run, and the
// previous values the caller passes (pairValue's prev) must be those read
// from that Run.
type pathMemo struct {
	gen  []uint64 // per source: its tree's Generation at the last Run (0: none)
	pred []int32  // per pair: the destination's Pred at that Run
	// val holds, for a workspace (RouteAll), each pair's value from its
	// tree's last Run; the source-split engine keeps its own (splitState.prev).
	val []PairValue
}

// init sizes the memo for n's sources and pairs, with no Run remembered.
func (m *pathMemo) init(n *Network, withValues bool) {
	m.gen = make([]uint64, len(n.sources))
	m.pred = make([]int32, n.nPairs)
	if withValues {
		m.val = make([]PairValue, n.nPairs)
	}
}

// begin records the Generation of source si's tree t, which has just run,
// and reports whether it is the one of t's previous Run (whose pairs'
// values the memo describes).
func (m *pathMemo) begin(si int, t *routing.Tree) bool {
	gen := t.Generation()
	same := gen != 0 && m.gen[si] == gen
	m.gen[si] = gen
	return same
}

// pairValue reads pair k's value from its source's tree t, which has just
// run (same: begin's answer), and a listed pair's node path into paths[k].
// *prev must be pair k's value read from t's previous Run; the memo decides
// whether it can serve. A path that may have changed is walked
// (Network.value), as is every listed pair's, whose nodes are wanted.
// scratch is the path buffer of the pairs not listed; pairValue returns it.
func (n *Network) pairValue(k int, t *routing.Tree, same bool, m *pathMemo, prev *PairValue, paths [][]int32, scratch []int32) (PairValue, []int32) {
	var v PairValue
	scratch = n.pairValueTo(&v, k, t, same, m, prev, paths, scratch)
	return v, scratch
}

// pairValueTo is pairValue writing the value into *out (which may not be
// prev), field by field: a PairValue returned and copied on goes through
// the stack in pieces that the copy reads back whole, which stalls (it
// showed in W1 profiles as the hottest instruction of the pair loop).
func (n *Network) pairValueTo(out *PairValue, k int, t *routing.Tree, same bool, m *pathMemo, prev *PairValue, paths [][]int32, scratch []int32) []int32 {
	dst := n.pairs[k][1]
	v := n.Node(dst)
	p, was := t.D.Pred[v], m.pred[k]
	m.pred[k] = p
	if k < n.NumListed() {
		*out, paths[k] = n.value(&t.D, dst, paths[k][:0])
		return scratch
	}
	if d := t.D.Dist[v]; same && p == was && d != routing.Unreachable && reachable(prev.Delay) {
		out.Delay, out.Hops, out.First, out.Last, out.Hash = units.Ms(d), prev.Hops, prev.First, prev.Last, prev.Hash
		return scratch
	}
	*out, scratch = n.value(&t.D, dst, scratch[:0])
	return scratch
}

// reachable is PairValue.Reachable on the delay alone, for loops that must
// not copy whole values (see pairValueTo).
func reachable(d units.Delay) bool { return !math.IsInf(d.Ms(), 1) }
