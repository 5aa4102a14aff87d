package sim

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"orbitnet/routing"
)

// The source-split engine. Every step is computed in order: one goroutine
// builds the network of the next step (positions, links, graph) while the
// workers route the current one, each taking sources (and forwarding
// destinations) from a shared counter. The shortest-path tree of a source
// is kept from each step to the next over the whole run, so it is verified
// and reused (routing.Tree) rather than recomputed at every block start,
// and the per-pair statistics are accumulated by the worker that routed the
// pair's source. A step's results are the same whichever worker routed
// which source: a tree's answer never depends on the steps before
// (routing.Tree), and every pair belongs to exactly one source.

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

// splitState is what the routing tasks share: one tree per source and per
// forwarding destination, and each pair's previous value.
type splitState struct {
	n        *Network
	res      *Result
	trees    []routing.Tree
	fwdTrees []routing.Tree
	fwdPrev  [][]int32
	fwdOut   [][]NextHop
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

func runBySource(ctx context.Context, n *Network, opts Options, workers, window, first, end int, sink Sink, res *Result) (*Result, error) {
	total := end // progress counts steps up to end
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	st := &splitState{
		n:        n,
		res:      res,
		trees:    make([]routing.Tree, len(n.sources)),
		fwdTrees: make([]routing.Tree, len(n.fwdDst)),
		fwdPrev:  make([][]int32, len(n.fwdDst)),
		fwdOut:   make([][]NextHop, len(n.fwdDst)),
		prev:     make([]PairValue, n.nPairs),
		first:    first,
	}
	st.memo.init(n, false)
	for i := range st.fwdPrev {
		st.fwdPrev[i] = make([]int32, n.NumNodes())
	}
	forwarding := len(n.fwdDst) > 0

	// Build stage: a goroutine of its own with several workers, inline with one.
	bw := n.NewWorkspace()
	build := func(f *stepNet, i int) {
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
	var frames chan *stepNet
	freeFrames := make(chan *stepNet, 3)
	if workers > 1 {
		for range cap(freeFrames) {
			freeFrames <- new(stepNet)
		}
		frames = make(chan *stepNet, cap(freeFrames))
		go func() {
			defer close(frames)
			for i := first; i < end; i++ {
				var f *stepNet
				select {
				case f = <-freeFrames:
				case <-ctx.Done():
					return
				}
				build(f, i)
				select {
				case frames <- f:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	inline := new(stepNet)
	nextFrame := func(i int) *stepNet {
		if frames == nil {
			build(inline, i)
			return inline
		}
		f, ok := <-frames
		if !ok {
			return nil
		}
		return f
	}

	// Routing stage: the coordinator and workers−1 helpers share each step.
	// A step's job counts its tasks out and back: whoever finishes the last
	// task closes finished, so the coordinator never waits for a helper
	// that the host did not schedule in time (it then finds the job spent).
	nsrc := len(n.sources)
	ntask := int64(nsrc + len(n.fwdDst))
	type job struct {
		f         *stepNet
		r         *StepResult
		next      atomic.Int64
		remaining atomic.Int64
		finished  chan struct{}
	}
	work := func(j *job, scratch *[]int32) {
		for {
			t := j.next.Add(1) - 1
			if t >= ntask {
				return
			}
			if int(t) < nsrc {
				st.source(int(t), j.f, j.r, scratch)
			} else {
				st.forward(int(t)-nsrc, j.f)
			}
			if j.remaining.Add(-1) == 0 {
				close(j.finished)
			}
		}
	}
	helpers := make([]chan *job, workers-1)
	var helpersWG sync.WaitGroup
	for h := range helpers {
		// room for every step in flight, so the coordinator never blocks
		helpers[h] = make(chan *job, window+4)
		helpersWG.Add(1)
		go func(in chan *job) {
			defer helpersWG.Done()
			var scratch []int32
			for j := range in {
				work(j, &scratch)
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
		for i := first; i < end; i++ {
			f := nextFrame(i)
			if f == nil || ctx.Err() != nil {
				return
			}
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
			r.Index, r.Offset, r.Time = i, f.offset, f.time
			r.Events = r.Events[:0]
			r.ForcedHandovers, r.ActiveISLs = f.forced, f.activeISLs
			r.Terminals = append(r.Terminals[:0], f.terminals...)
			j := &job{f: f, r: r, finished: make(chan struct{})}
			j.remaining.Store(ntask)
			if ntask > 0 {
				for _, h := range helpers {
					select {
					case h <- j:
					default: // that helper is far behind: the others do its share
					}
				}
				work(j, &scratch)
				<-j.finished
			}
			r.fwdRaw, r.fwdFull = r.fwdRaw[:0], false
			if forwarding {
				for _, o := range st.fwdOut {
					r.fwdRaw = append(r.fwdRaw, o...)
				}
				r.fwdFull = i == first
			}
			if frames != nil {
				freeFrames <- f
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return
			}
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
		var v PairValue
		v, *scratch = n.pairValue(k, t, same, &st.memo, &st.prev[k], r.Paths, *scratch)
		r.Values[k] = v
		ps := &st.res.Stats[k]
		ps.add(v)
		if !first {
			if p := st.prev[k]; p.Reachable() && v.Reachable() {
				if p.Hash != v.Hash {
					ps.PathChanges++
				}
				if p.First != v.First || p.Last != v.Last {
					ps.Handovers++
				}
			}
		}
		st.prev[k] = v
	}
}

// forward computes the next hops toward forwarding destination i at stepNet
// f: every entry with a route at the first step, the changes afterwards.
func (st *splitState) forward(i int, f *stepNet) {
	n := st.n
	t := &st.fwdTrees[i]
	t.Run(&f.gt, n.Node(n.fwdDst[i]))
	full := f.index == st.first
	prev := st.fwdPrev[i]
	out := st.fwdOut[i][:0]
	for v, next := range t.D.Pred {
		if (full && next >= 0) || (!full && next != prev[v]) {
			out = append(out, NextHop{Dst: int32(i), Node: int32(v), Next: next})
		}
	}
	copy(prev, t.D.Pred)
	st.fwdOut[i] = out
}
