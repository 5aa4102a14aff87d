package sim

import (
	"fmt"

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
}

// NewReplayer starts a merge of the steps of n from step 0.
func NewReplayer(n *Network) *Replayer {
	res := &Result{Stats: make([]PairStats, n.nPairs)}
	for k, p := range n.pairs {
		res.Stats[k].Src, res.Stats[k].Dst = p[0], p[1]
	}
	return &Replayer{res: res, ord: newOrdered(n, res)}
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
	if o.counts == nil {
		for _, v := range o.values(make([]int64, 0, o.n)) {
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
