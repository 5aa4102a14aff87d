package sim

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"orbitnet/routing"
)

// The source-split engine. Steps are computed in blocks of consecutive
// steps. While the coordinator builds the networks of the next block
// (positions, links, graph), the workers share the current block's
// tasks: one per source (and forwarding destination), which runs the
// source's tree over every step of the block. The
// shortest-path tree of a source is kept from each step to the next over
// the whole run, so it is verified and reused (routing.Tree) rather than
// recomputed, and the per-pair statistics are accumulated by the worker that
// routed the pair's source.
//
// Blocks are for the caches: a tree's state and its pairs' statistics are
// read and written at every step, and a source's are far smaller than all
// sources' together; routed step by step, each source's came back from
// memory (or from the other core's cache) at every step, while within a
// block they stay in one core's cache for all its steps.
//
// Cores share little: on the development VM a cache line written by one
// core costs the other ~200 ns (a 430 ns round trip), and with the build
// and the sources handed out to whichever worker came first, two workers
// spent 15–19 % more CPU than one. So the build stays on the coordinator
// (its workspace, ~1 MB of positions, culling grid and link lists, stays
// in one core's cache), and the coordinator takes the sources from the
// front of the list while the helpers take them from the back (taskSpan):
// a source is routed by the same core from block to block except near
// where the two meet, so its tree and its pairs' statistics stay put.
// Interleaved in-process runs (BenchmarkW1Speedup) put the extra CPU of
// two workers at about 9 % with this split against 19 % with one shared
// counter (docs/performance.md).
//
// A step's results are the same whichever worker routed which source and
// whatever the block length: a tree's answer never depends on the steps
// before (routing.Tree), every pair belongs to exactly one source, and each
// source's steps are routed in order.

// maxBlockSteps caps the steps of a block, and blockGraphBytes the bytes
// of the graphs of a block's steps: a block's graphs are read once per
// source, so they had better stay in cache. On W1 (graphs of 293 kB),
// blocks of 16 steps were faster than blocks of 4, and blocks of 64 much
// slower; on W3 (5.3 MB) blocks of 16 steps were a third slower than
// single steps (docs/performance.md).
const maxBlockSteps = 16

var blockGraphBytes = 6 << 20 // a variable for the tests

// blockSteps returns the steps of the blocks after the first, whose graph
// g shows how large a step's graph is; at most half the window of
// results in flight, so that one block is routed while the one before is
// consumed.
func blockSteps(g *routing.Graph, window int) int {
	return max(1, min(maxBlockSteps, window/2, blockGraphBytes/max(1, g.Bytes())))
}

// stepNet is one step's network as the routing stage reads it.
type stepNet struct {
	index      int
	offset     time.Duration
	time       time.Time
	forced     int
	activeISLs int
	terminals  []TerminalState
	g          routing.Graph
	gt         routing.Graph // transposed (forwarding only)
}

// netBlock is a block of consecutive steps' networks: nets[:m] are steps
// nets[0].index to nets[0].index+m−1.
type netBlock struct {
	nets []*stepNet
	m    int
}

// splitState is what the routing tasks share: one tree per source and per
// forwarding destination, and each pair's previous value.
type splitState struct {
	n        *Network
	res      *Result
	trees    []routing.Tree
	fwdTrees []routing.Tree
	fwdPrev  [][]int32
	fwdOut   [][][]NextHop // [step of the block][destination]
	prev     []PairValue
	memo     pathMemo // which paths cannot have changed since prev (pathmemo.go)
	first    int      // the run's first step: no events or changes before it
}

// useSourceSplit reports whether Run splits each step across sources:
// always with one worker (the trees then live over the whole run), and with
// more when there are enough sources to keep every worker busy; otherwise
// workers take blocks of contiguous steps.
func useSourceSplit(n *Network, workers int) bool {
	if n.sl != nil {
		return false // the starlink model routes on its own trees (sim/starlink.go)
	}
	return workers == 1 || len(n.sources)+len(n.fwdDst) >= 4*workers
}

// runBySource runs steps first..end−1 with the source-split engine; at most
// window step results are in flight.
func runBySource(ctx context.Context, n *Network, opts Options, workers, window, first, end int, sink Sink, res *Result) (*Result, error) {
	total := end // progress counts steps up to end
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Blocks: the first of one step, whose graph sets the length of the
	// others (blockSteps), which the build stage decides; at most bmax.
	bmax := max(1, min(maxBlockSteps, window/2))
	st := &splitState{
		n:        n,
		res:      res,
		trees:    make([]routing.Tree, len(n.sources)),
		fwdTrees: make([]routing.Tree, len(n.fwdDst)),
		fwdPrev:  make([][]int32, len(n.fwdDst)),
		fwdOut:   make([][][]NextHop, bmax),
		prev:     make([]PairValue, n.nPairs),
		first:    first,
	}
	st.memo.init(n, false)
	for i := range st.fwdPrev {
		st.fwdPrev[i] = make([]int32, n.NumNodes())
	}
	for k := range st.fwdOut {
		st.fwdOut[k] = make([][]NextHop, len(n.fwdDst))
	}
	forwarding := len(n.fwdDst) > 0

	// Build stage: the coordinator builds the networks of the next block
	// into the other of two blocks while the helpers start on the current
	// block's sources, then joins them. A goroutine of its own made three
	// busy goroutines on two cores with two workers, which the runtime
	// then preempted by signal (runtime.asyncPreempt took a tenth of W1's
	// samples).
	bw := n.NewWorkspace()
	bsteps := 1 // the steps of the next block
	build := func(b *netBlock, from int) {
		b.m = min(bsteps, end-from)
		for k, f := range b.nets[:b.m] {
			i := from + k
			off := n.stepOffset(i)
			bw.Build(off)
			f.index, f.offset, f.time = i, off, bw.Time
			f.forced, f.activeISLs = bw.Forced, len(bw.ISLs)
			f.terminals = bw.terminalStates(f.terminals)
			f.g, bw.G = bw.G, f.g // hand the graph over, reuse the stepNet's storage
			if forwarding {
				f.g.Transpose(&f.gt)
			}
		}
		if from == first {
			bsteps = blockSteps(&b.nets[0].g, window)
		}
	}
	newBlock := func() *netBlock {
		b := &netBlock{nets: make([]*stepNet, bmax)}
		for k := range b.nets {
			b.nets[k] = new(stepNet)
		}
		return b
	}

	// Routing stage: the coordinator and workers−1 helpers share each
	// block's job: the sources and the forwarding destinations (and the
	// coordinator builds the next block first). A job counts its
	// tasks out and back: whoever finishes the last task closes finished,
	// so the coordinator never waits for a helper that the host did not
	// schedule in time (it then finds the job spent).
	nsrc := len(n.sources)
	type job struct {
		b         *netBlock // the block routed
		nb        *netBlock // the block built (nil: none)
		from      int       // nb's first step
		rs        []*StepResult
		ntask     int64
		span      taskSpan
		remaining atomic.Int64
		finished  chan struct{}
	}
	work := func(j *job, scratch *[]int32, back bool) {
		for {
			t := j.span.take(back)
			if t < 0 {
				return
			}
			switch {
			case int(t) < nsrc:
				for k, f := range j.b.nets[:j.b.m] {
					st.source(int(t), f, j.rs[k], scratch)
				}
			default:
				for k, f := range j.b.nets[:j.b.m] {
					st.forward(int(t)-nsrc, f, st.fwdOut[k])
				}
			}
			if j.remaining.Add(-1) == 0 {
				close(j.finished)
			}
		}
	}
	helpers := make([]chan *job, workers-1)
	var helpersWG sync.WaitGroup
	for h := range helpers {
		// room for every block in flight, so the coordinator never blocks
		helpers[h] = make(chan *job, window+4)
		helpersWG.Add(1)
		go func(in chan *job) {
			defer helpersWG.Done()
			var scratch []int32
			for j := range in {
				work(j, &scratch, true)
			}
		}(helpers[h])
	}

	out := make(chan *StepResult, window)
	free := make(chan *StepResult, window)
	go func() {
		defer close(out)
		defer func() {
			for _, h := range helpers {
				close(h)
			}
			helpersWG.Wait()
		}()
		created := 0
		var scratch []int32
		rs := make([]*StepResult, bmax)
		cur, spare := newBlock(), newBlock()
		build(cur, first)
		for cur != nil {
			if ctx.Err() != nil {
				return
			}
			for k, f := range cur.nets[:cur.m] {
				var r *StepResult
				select {
				case r = <-free:
				default:
					if created < window {
						r = &StepResult{Values: make([]PairValue, n.nPairs), Paths: make([][]int32, n.NumListed())}
						created++
					} else {
						select {
						case r = <-free:
						case <-ctx.Done():
							return
						}
					}
				}
				r.Index, r.Offset, r.Time = f.index, f.offset, f.time
				r.Events = r.Events[:0]
				r.ForcedHandovers, r.ActiveISLs = f.forced, f.activeISLs
				r.Terminals = append(r.Terminals[:0], f.terminals...)
				rs[k] = r
			}
			j := &job{b: cur, rs: rs[:cur.m], ntask: int64(nsrc + len(n.fwdDst)), finished: make(chan struct{})}
			if j.from = cur.nets[0].index + cur.m; j.from < end {
				j.nb = spare
			}
			j.remaining.Store(j.ntask)
			j.span.set(j.ntask)
			if j.ntask > 0 {
				for _, h := range helpers {
					select {
					case h <- j:
					default: // that helper is far behind: the others do its share
					}
				}
			}
			if j.nb != nil {
				build(j.nb, j.from) // while the helpers route
			}
			if j.ntask > 0 {
				work(j, &scratch, false)
				<-j.finished
			}
			for k, r := range j.rs {
				r.fwdRaw, r.fwdFull = r.fwdRaw[:0], false
				if forwarding {
					for _, o := range st.fwdOut[k] {
						r.fwdRaw = append(r.fwdRaw, o...)
					}
					r.fwdFull = r.Index == first
				}
			}
			for _, r := range j.rs {
				select {
				case out <- r:
				case <-ctx.Done():
					return
				}
			}
			cur, spare = j.nb, cur
		}
	}()

	ord := newOrdered(n, res)
	ord.statsDone = true
	done := 0
	var runErr error
	for r := range out {
		if runErr != nil || ctx.Err() != nil {
			continue // drain
		}
		ord.process(r)
		if err := sink.Step(r); err != nil {
			runErr = err
			cancel()
			continue
		}
		done++
		if opts.Progress != nil {
			opts.Progress(r.Index+1, total)
		}
		free <- r
	}
	if runErr != nil {
		return nil, runErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if done != end-first {
		return nil, errors.New("sim: internal error: not every step was processed")
	}
	for i := range st.trees {
		res.TreesReused += int64(st.trees[i].Reused)
		res.TreesComputed += int64(st.trees[i].Full)
	}
	return res, nil
}

// taskSpan hands out a job's tasks 0..n−1: the coordinator takes them
// from the front and the helpers from the back, so that each source's tree
// and its pairs' statistics are mostly routed by the same core from block
// to block rather than moving between the cores' caches.
type taskSpan struct {
	v atomic.Uint64 // tasks not yet taken: [lo, hi) as lo | hi<<32
}

func (s *taskSpan) set(n int64) { s.v.Store(uint64(n) << 32) }

// take returns the next task from the front (or the back), or −1 when
// none is left.
func (s *taskSpan) take(back bool) int64 {
	for {
		v := s.v.Load()
		lo, hi := v&(1<<32-1), v>>32
		if lo >= hi {
			return -1
		}
		if back {
			if s.v.CompareAndSwap(v, lo|(hi-1)<<32) {
				return int64(hi - 1)
			}
		} else if s.v.CompareAndSwap(v, v+1) {
			return int64(lo)
		}
	}
}

// source routes source si at step network f into r and accumulates the statistics
// of its pairs.
func (st *splitState) source(si int, f *stepNet, r *StepResult, scratch *[]int32) {
	n := st.n
	s := &n.sources[si]
	t := &st.trees[si]
	if t.Want == nil {
		t.Want = n.wantedLeaves(s)
	}
	t.Run(&f.g, n.Node(s.node))
	same := st.memo.begin(si, t)
	first := f.index == st.first
	for _, k := range s.pairs {
		// st.prev[k] is the value read from this tree's previous Run.
		v, p := &r.Values[k], &st.prev[k]
		*scratch = n.pairValueTo(v, k, t, same, &st.memo, p, r.Paths, *scratch)
		ps := &st.res.Stats[k]
		ps.add(v)
		if !first && reachable(p.Delay) && reachable(v.Delay) {
			if p.Hash != v.Hash {
				ps.PathChanges++
			}
			if p.First != v.First || p.Last != v.Last {
				ps.Handovers++
			}
		}
		p.Delay, p.Hops, p.First, p.Last, p.Hash = v.Delay, v.Hops, v.First, v.Last, v.Hash
	}
}

// forward computes the next hops toward forwarding destination i at stepNet
// f into outs[i]: every entry with a route at the first step, the changes
// afterwards.
func (st *splitState) forward(i int, f *stepNet, outs [][]NextHop) {
	n := st.n
	t := &st.fwdTrees[i]
	t.Run(&f.gt, n.Node(n.fwdDst[i]))
	full := f.index == st.first
	prev := st.fwdPrev[i]
	out := outs[i][:0]
	for v, next := range t.D.Pred {
		if (full && next >= 0) || (!full && next != prev[v]) {
			out = append(out, NextHop{Dst: int32(i), Node: int32(v), Next: next})
		}
	}
	copy(prev, t.D.Pred)
	outs[i] = out
}
