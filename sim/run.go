package sim

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"orbitnet/orbit/units"
	"orbitnet/starlink"
	"orbitnet/topology"
)

// EventKind names a routing event.
type EventKind string

// Event kinds. A path change is any change of the node path between two
// consecutive steps where the pair is reachable at both; a handover is a
// change of the first or last satellite on the path, or both, between two
// such steps (it is also a path change, and counts once per step).
// Outages are reported when a pair loses or regains every path.
const (
	PathChange  EventKind = "path_change"
	Handover    EventKind = "handover"
	OutageStart EventKind = "outage_start"
	OutageEnd   EventKind = "outage_end"
)

// Event is a change for a listed pair between the previous step and this one.
type Event struct {
	Pair int // index into Network.PairList
	Kind EventKind
	// Handover: the first (uplink) and last (downlink) satellites before and
	// after; an end that did not change has equal from and to.
	FirstFrom, FirstTo int32
	LastFrom, LastTo   int32
	OldDelay           units.Delay // one-way, before and after
	NewDelay           units.Delay
}

// StepResult is the engine's output for one step.
type StepResult struct {
	Index  int
	Offset time.Duration
	Time   time.Time
	// Values holds every pair of Network.PairList at this step.
	Values []PairValue
	// Paths holds the routing-node path of each listed pair (nil when
	// unreachable), as the engine stores it; read it with Path.
	Paths  [][]int32
	Events []Event
	// ForcedHandovers counts slot-scheduler reassignments within a slot at
	// this step (slot policy only).
	ForcedHandovers int
	// ActiveISLs is the number of laser links up at this step.
	ActiveISLs int
	// Forwarding (Config.Forwarding) lists the forwarding entries that
	// changed since the previous step, in (destination, node) order; at
	// the first step, every entry that has a route. Next is −1 when a node
	// lost its route.
	Forwarding []NextHop
	fwdRaw     []NextHop // as computed by the worker
	fwdFull    bool      // fwdRaw is a full table, not a change list

	// Parts (starlink mode) splits each pair's RTT, as Values; nil in the
	// geometry modes.
	Parts []starlink.Parts

	// Terminals is the state of each node of Network.Terminals at this
	// step (terminals.go).
	Terminals []TerminalState
}

// Sink receives step results in time order. The result is only valid during
// the call.
type Sink interface {
	Step(r *StepResult) error
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(r *StepResult) error

// Step calls f.
func (f SinkFunc) Step(r *StepResult) error { return f(r) }

// Options tunes Run.
type Options struct {
	// Workers: number of goroutines (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called from the ordered stage after each step
	// with the number of steps done and the total.
	Progress func(done, total int)
	// BlockSteps is the target number of contiguous steps per work unit
	// (default 64). When Run splits each step across sources (one worker,
	// or at least four sources per worker), it bounds instead the steps
	// computed ahead of the ordered stage (also kept within 256 MB of pair
	// values).
	BlockSteps int
	// First and End restrict the run to steps [First, End) (End 0: to the
	// last step); see block.go. With the slot policy First must start a
	// slot (SplitSteps gives such ranges).
	First, End int
}

// Result is the summary of a run.
type Result struct {
	Steps           int
	Stats           []PairStats // one per pair of Network.PairList
	ForcedHandovers int64
	TreesReused     int64 // shortest-path computations answered by a kept tree
	TreesComputed   int64 // full Dijkstra runs
}

// resultBudget bounds the memory of the step results computed ahead of the
// ordered stage (source-split engine): with 499,500 pairs a step's values
// take 16 MB.
const resultBudget = 256 << 20

// block is a contiguous range of steps computed by one worker.
type block struct {
	index      int
	first, end int // steps [first, end)
	results    []*StepResult
}

// blocks splits the run into contiguous ranges of about target steps. With
// the slot policy every block starts on the first step of a slot so that a
// worker can start its scheduler afresh there and still match a sequential
// run.
func (n *Network) blocks(target, first, steps int) []block {
	var out []block
	start := first
	slotAligned := n.Cfg.GSL.Policy == topology.SlotScheduled
	for start < steps {
		end := min(start+target, steps)
		if slotAligned {
			for end < steps && topology.SlotIndex(n.stepTime(end)) == topology.SlotIndex(n.stepTime(end-1)) {
				end++
			}
		}
		out = append(out, block{index: len(out), first: start, end: end})
		start = end
	}
	return out
}

func (n *Network) stepOffset(i int) time.Duration { return time.Duration(i) * n.Cfg.Step }
func (n *Network) stepTime(i int) time.Time       { return n.Cfg.Start.Add(n.stepOffset(i)) }

// Run simulates every step and feeds the results to sink in time order.
// It returns per-pair statistics. The context cancels the run; the error is
// then ctx.Err().
func Run(ctx context.Context, n *Network, opts Options, sink Sink) (*Result, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	target := opts.BlockSteps
	if target <= 0 {
		target = 64
	}
	first, end, err := n.stepRange(opts)
	if err != nil {
		return nil, err
	}
	total := end
	res := &Result{Steps: end - first, Stats: make([]PairStats, n.nPairs)}
	for k, p := range n.pairs {
		res.Stats[k].Src, res.Stats[k].Dst = p[0], p[1]
		res.Stats[k].expectSteps(end - first)
	}
	if end-first == 0 {
		return res, nil
	}
	if useSourceSplit(n, workers) {
		// steps in flight: BlockSteps, within about resultBudget bytes of
		// pair values, and enough to keep the stages busy
		window := max(2*workers+2, min(target, resultBudget/max(1, n.nPairs*int(unsafe.Sizeof(PairValue{})))))
		return runBySource(ctx, n, opts, workers, window, first, end, sink, res)
	}
	blocks := n.blocks(target, first, end)
	if len(blocks) == 0 {
		return res, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// At most `window` blocks are in flight (computed but not yet consumed).
	window := 2 * workers
	tokens := make(chan struct{}, window)
	jobs := make(chan *block)
	done := make(chan *block, window)
	free := make(chan *StepResult, window*target)
	var wg sync.WaitGroup
	var reusedMu sync.Mutex
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws := n.NewWorkspace()
			for b := range jobs {
				ws.Reset()
				for i := b.first; i < b.end; i++ {
					if ctx.Err() != nil {
						break
					}
					r := getResult(free, n)
					n.computeStep(ws, i, r)
					b.results = append(b.results, r)
				}
				done <- b
			}
			reusedMu.Lock()
			for i := range ws.trees {
				res.TreesReused += int64(ws.trees[i].Reused)
				res.TreesComputed += int64(ws.trees[i].Full)
			}
			reusedMu.Unlock()
		}()
	}
	go func() {
		defer close(jobs)
		for i := range blocks {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- &blocks[i]:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()

	ord := newOrdered(n, res)
	pending := map[int]*block{}
	next := 0
	var runErr error
	for b := range done {
		if runErr != nil || ctx.Err() != nil {
			continue // drain
		}
		pending[b.index] = b
		for {
			pb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			for _, r := range pb.results {
				if runErr == nil {
					ord.process(r)
					if err := sink.Step(r); err != nil {
						runErr = err
						cancel()
					}
					if opts.Progress != nil {
						opts.Progress(r.Index+1, total)
					}
				}
				select {
				case free <- r:
				default:
				}
			}
			pb.results = nil
			next++
			<-tokens
		}
	}
	if runErr != nil {
		return nil, runErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if next != len(blocks) {
		return nil, errors.New("sim: internal error: not every block was processed")
	}
	return res, nil
}

func getResult(free chan *StepResult, n *Network) *StepResult {
	select {
	case r := <-free:
		return r
	default:
		return &StepResult{Values: make([]PairValue, n.nPairs), Paths: make([][]int32, n.NumListed())}
	}
}

// computeStep fills r with step i (everything but events).
func (n *Network) computeStep(ws *Workspace, i int, r *StepResult) {
	off := n.stepOffset(i)
	ws.Build(off)
	r.Index = i
	r.Offset = off
	r.Time = ws.Time
	r.Events = r.Events[:0]
	r.ForcedHandovers = ws.Forced
	r.ActiveISLs = len(ws.ISLs)
	r.Terminals = ws.terminalStates(r.Terminals)
	ws.RouteAll(r.Values, r.Paths)
	r.Parts = ws.stepParts(r.Parts)
	r.fwdRaw, r.fwdFull = ws.Forwarding(r.fwdRaw[:0])
}

// ordered is the sequential stage: it compares each step with the previous
// one to find events and accumulates statistics.
type ordered struct {
	n     *Network
	res   *Result
	prev  []PairValue
	first bool
	// forwarding state as of the last step processed, per destination and
	// routing node, and a scratch table
	fwd     [][]int32
	fwdNext []int32
	// statsDone: the workers accumulated the statistics; only the events
	// of the listed pairs are left to find here.
	statsDone bool
	// detail: the steps carry the values of the first detail pairs (a
	// Replayer's Detail; nPairs otherwise).
	detail int
}

func newOrdered(n *Network, res *Result) *ordered {
	o := &ordered{n: n, res: res, prev: make([]PairValue, n.nPairs), first: true, detail: n.nPairs}
	if len(n.fwdDst) > 0 {
		o.fwd = make([][]int32, len(n.fwdDst))
		for i := range o.fwd {
			o.fwd[i] = make([]int32, n.NumNodes())
			for v := range o.fwd[i] {
				o.fwd[i][v] = -1
			}
		}
		o.fwdNext = make([]int32, n.NumNodes())
	}
	return o
}

// forwarding turns the worker's forwarding output into the changes since
// the previous step: a worker starting a block hands over a full table,
// which is compared here with the state the previous block left.
func (o *ordered) forwarding(r *StepResult) {
	r.Forwarding = r.Forwarding[:0]
	if o.fwd == nil {
		return
	}
	if !r.fwdFull {
		for _, h := range r.fwdRaw {
			o.fwd[h.Dst][h.Node] = h.Next
		}
		r.Forwarding = append(r.Forwarding, r.fwdRaw...)
		return
	}
	raw := r.fwdRaw
	for i, state := range o.fwd {
		next := o.fwdNext
		for v := range next {
			next[v] = -1
		}
		for len(raw) > 0 && int(raw[0].Dst) == i {
			next[raw[0].Node] = raw[0].Next
			raw = raw[1:]
		}
		for v, x := range next {
			if x != state[v] {
				r.Forwarding = append(r.Forwarding, NextHop{Dst: int32(i), Node: int32(v), Next: x})
				state[v] = x
			}
		}
	}
}

func (o *ordered) process(r *StepResult) {
	o.forwarding(r)
	listed := o.n.NumListed()
	o.res.ForcedHandovers += int64(r.ForcedHandovers)
	values := r.Values[:o.detail]
	if o.statsDone {
		values = values[:listed]
	}
	var scratch PairStats
	for k := range values {
		v := values[k]
		st := &scratch
		if !o.statsDone {
			st = &o.res.Stats[k]
			st.add(&v)
			if r.Parts != nil && v.Reachable() {
				st.addParts(r.Parts[k])
			}
		}
		if !o.first {
			p := o.prev[k]
			switch {
			case p.Reachable() && v.Reachable():
				if p.Hash != v.Hash {
					st.PathChanges++
					if k < listed {
						r.Events = append(r.Events, Event{Pair: k, Kind: PathChange, OldDelay: p.Delay, NewDelay: v.Delay})
					}
				}
				if p.First != v.First || p.Last != v.Last {
					st.Handovers++
					if k < listed {
						r.Events = append(r.Events, Event{Pair: k, Kind: Handover, FirstFrom: p.First, FirstTo: v.First,
							LastFrom: p.Last, LastTo: v.Last, OldDelay: p.Delay, NewDelay: v.Delay})
					}
				}
			case p.Reachable() && !v.Reachable():
				if k < listed {
					r.Events = append(r.Events, Event{Pair: k, Kind: OutageStart, OldDelay: p.Delay, NewDelay: v.Delay})
				}
			case !p.Reachable() && v.Reachable():
				if k < listed {
					r.Events = append(r.Events, Event{Pair: k, Kind: OutageEnd, OldDelay: p.Delay, NewDelay: v.Delay})
				}
			}
		}
		o.prev[k] = v
	}
	o.first = false
}

// Path returns listed pair k's path at this step (empty when unreachable).
func (r *StepResult) Path(k int) Path { return r.Paths[k] }
