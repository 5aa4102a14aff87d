package sim

import (
	"encoding/binary"
	"fmt"
	"slices"

	"orbitnet/topology"
)

// Computing a range of steps apart from merging them
//
// Run computes contiguous blocks of steps and merges them in time order in
// one ordered stage (events, statistics, forwarding changes). A block's
// results depend only on its first step, provided that step starts a slot
// when the slot scheduler is on. Options.First and Options.End let a run
// compute one such range on its own (a shard on another machine), and a
// Replayer merges recorded ranges in order through the same ordered stage,
// so that the merged steps, events and statistics equal those of one Run.
//
// What a range must record per step for an exact merge: every pair's
// PairValue, the listed pairs' paths (when wanted), ForcedHandovers,
// ActiveISLs and, with Config.Forwarding, the step's Forwarding list (a full
// table at the range's first step, changes after it).

// stepRange returns the steps [first, end) opts asks for.
func (n *Network) stepRange(opts Options) (first, end int, err error) {
	steps := n.Cfg.Steps()
	first, end = opts.First, opts.End
	if end == 0 {
		end = steps
	}
	if first < 0 || end > steps || first > end {
		return 0, 0, fmt.Errorf("sim: steps [%d, %d): outside the run's %d steps", first, end, steps)
	}
	if first > 0 && first < end && n.Cfg.GSL.Policy == topology.SlotScheduled && !n.slotStart(first) {
		return 0, 0, fmt.Errorf("sim: step %d does not start a scheduler slot", first)
	}
	return first, end, nil
}

func (n *Network) slotStart(i int) bool {
	return i == 0 || topology.SlotIndex(n.stepTime(i)) != topology.SlotIndex(n.stepTime(i-1))
}

// SplitSteps divides the steps of cfg into at most parts contiguous ranges
// [first, end) of nearly equal length, each starting a scheduler slot when
// the slot policy is on (so a range can be computed on its own and merged
// exactly). Fewer ranges come back when there are fewer steps (or slots)
// than parts.
func SplitSteps(cfg *Config, parts int) [][2]int {
	steps := cfg.Steps()
	if parts < 1 || steps == 0 {
		return nil
	}
	n := &Network{Cfg: *cfg}
	slot := cfg.GSL.Policy == topology.SlotScheduled
	var out [][2]int
	start := 0
	for k := 0; k < parts && start < steps; k++ {
		end := steps
		if k < parts-1 {
			end = max(start+1, (k+1)*steps/parts)
		}
		for slot && end < steps && !n.slotStart(end) {
			end++
		}
		out = append(out, [2]int{start, end})
		start = end
	}
	if start < steps { // unreachable: the last range ends at steps
		out[len(out)-1][1] = steps
	}
	return out
}

// Replayer merges recorded steps, in time order, through Run's ordered
// stage: it finds events by comparing each step with the one before,
// turns forwarding tables into changes and accumulates the statistics.
type Replayer struct {
	res  *Result
	ord  *ordered
	next int // index of the step expected next
	// the pairs from ord.detail on, handed over as statistics per range:
	// each one's value at the last step of the ranges added so far
	tails []PairValue
	added []bool
}

// NewReplayer starts a merge of the steps of n from step 0.
func NewReplayer(n *Network) *Replayer {
	res := &Result{Stats: make([]PairStats, n.nPairs)}
	for k, p := range n.pairs {
		res.Stats[k].Src, res.Stats[k].Dst = p[0], p[1]
		res.Stats[k].expectSteps(n.Cfg.Steps())
	}
	return &Replayer{res: res, ord: newOrdered(n, res)}
}

// Detail tells that the steps to come carry the values of the first k
// pairs of Network.PairList only (the listed pairs first: k ≥ NumListed);
// the statistics of the others come whole, range by range, through
// AddRange. Call it before the first step. Their Values beyond k are
// ignored (sinks should find them unreachable).
func (p *Replayer) Detail(k int) error {
	n := len(p.res.Stats)
	if p.next != 0 || k < p.ord.n.NumListed() || k > n {
		return fmt.Errorf("sim: replay: detail %d: want %d to %d pairs, before the first step", k, p.ord.n.NumListed(), n)
	}
	p.ord.detail = k
	p.tails = make([]PairValue, n-k)
	p.added = make([]bool, n-k)
	return nil
}

// AddRange adds the statistics of pair k (k ≥ the Detail) over the next
// range of steps, computed apart: st as that range's run gave them, head
// and tail the pair's values at the range's first and last steps. The path
// change and handover between the end of the previous range and head count
// as in one run. Call it once per range for every such pair, ranges in
// time order.
func (p *Replayer) AddRange(k int, st *PairStats, head, tail PairValue) error {
	d := p.ord.detail
	if k < d || k >= len(p.res.Stats) {
		return fmt.Errorf("sim: replay: pair %d is not handed over as statistics (pairs %d to %d are)", k, d, len(p.res.Stats)-1)
	}
	dst := &p.res.Stats[k]
	if i := k - d; p.added[i] {
		prev := p.tails[i]
		if prev.Reachable() && head.Reachable() {
			if prev.Hash != head.Hash {
				dst.PathChanges++
			}
			if prev.First != head.First || prev.Last != head.Last {
				dst.Handovers++
			}
		}
	}
	p.tails[k-d], p.added[k-d] = tail, true
	dst.Merge(st)
	return nil
}

// Step merges the next step. r holds what a range run recorded (Values,
// Paths, ForcedHandovers, ActiveISLs, Forwarding); rangeStart tells that r
// is the first step of its range, whose Forwarding is a full table. On
// return r.Events and r.Forwarding are as Run would have given its sink.
func (p *Replayer) Step(r *StepResult, rangeStart bool) error {
	if r.Index != p.next {
		return fmt.Errorf("sim: replay: step %d where step %d was expected", r.Index, p.next)
	}
	if len(r.Values) != len(p.res.Stats) {
		return fmt.Errorf("sim: replay: step %d has %d pair values, want %d", r.Index, len(r.Values), len(p.res.Stats))
	}
	p.next++
	r.fwdRaw = append(r.fwdRaw[:0], r.Forwarding...)
	r.fwdFull = rangeStart
	r.Events = r.Events[:0]
	p.ord.process(r)
	p.res.Steps++
	return nil
}

// Result returns the statistics of the steps merged so far.
func (p *Replayer) Result() *Result { return p.res }

// Merge adds every value of o to h (in O(values of o)), so quantiles of
// merged statistics are exact whichever form (list or histogram) each holds.
func (h *Hist) Merge(o *Hist) {
	if o.n == 0 {
		return
	}
	if h.n == 0 { // a copy of o, at its size
		*h = Hist{list: slices.Clone(o.list), last: o.last, sorted: o.sorted, lo: o.lo, hi: o.hi,
			base: o.base, counts: slices.Clone(o.counts), n: o.n, expect: h.expect}
		return
	}
	if o.counts == nil {
		if h.counts == nil { // room for o's values at about their size
			h.list = slices.Grow(h.list, len(o.list)+binary.MaxVarintLen64)
		}
		v, l := o.base, o.list
		for len(l) > 0 {
			d, k := binary.Varint(l)
			l = l[k:]
			v += d
			h.addUS(v)
		}
		return
	}
	for i, c := range o.counts {
		for range c {
			h.addUS(o.base + int64(i))
		}
	}
}
