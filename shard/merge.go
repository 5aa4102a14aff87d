package shard

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"orbitnet/analysis"
	"orbitnet/orbit/units"
	"orbitnet/sim"
	"orbitnet/starlink"
)

// Engine returns the analysis.Engine that replays the shards of plan p in
// dir (see Replay) for analysis.Run, which then writes the outputs orbitnet
// run writes, byte for byte. A shard that is missing or does not match is
// an analysis.InputError.
func Engine(dir string, p *Plan) analysis.Engine {
	return func(ctx context.Context, net *sim.Network, baseline bool, opts sim.Options, sink sim.Sink) (*sim.Result, error) {
		if opts.Progress != nil {
			inner := sink
			sink = sim.SinkFunc(func(r *sim.StepResult) error {
				err := inner.Step(r)
				opts.Progress(r.Index+1, p.Steps)
				return err
			})
		}
		res, err := Replay(ctx, dir, p, net, baseline, sink)
		if errors.Is(err, ErrBadShard) {
			return nil, &analysis.InputError{Err: err}
		}
		return res, err
	}
}

// Check verifies that dir holds every shard of the plan exactly once, each
// finished for this plan, with table files matching their hashes. The
// error (wrapping ErrBadShard) is one line naming the first problem.
func Check(dir string, p *Plan) error {
	folders, err := listShards(dir)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadShard, err)
	}
	var missing []int
	for _, s := range p.Shards {
		if _, ok := folders[s.Index]; !ok {
			missing = append(missing, s.Index)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s: %d of %d shards missing (%s): run orbitnet worker for them", ErrBadShard,
			filepath.Join(dir, PartsDir), len(missing), len(p.Shards), compactRanges(missing))
	}
	for i, name := range folders {
		if i >= len(p.Shards) {
			return fmt.Errorf("%w: %s: the plan has shards 0 to %d", ErrBadShard, filepath.Join(dir, PartsDir, name), len(p.Shards)-1)
		}
	}
	for _, s := range p.Shards {
		folder := filepath.Join(dir, PartsDir, folders[s.Index])
		if err := checkDone(folder, p, s); err != nil {
			return fmt.Errorf("%w: %v", ErrBadShard, err)
		}
		d, err := readDone(folder)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrBadShard, err)
		}
		for f, want := range d.Files {
			got, err := fileSum(filepath.Join(folder, f))
			if err != nil {
				return err
			}
			if got != want {
				return fmt.Errorf("%w: %s: sha256 %.12s…, its done marker says %.12s… (changed after the shard finished)", ErrBadShard, filepath.Join(folder, f), got, want)
			}
		}
	}
	return nil
}

// Replay feeds the recorded steps of every shard, in order, through a
// sim.Replayer and then to sink, as sim.Run would feed them; it returns
// the run's statistics. net must be built from the plan's scenario as the
// workers built it (Networks); baseline selects the what-if run without
// failures. Call Check first.
func Replay(ctx context.Context, dir string, p *Plan, net *sim.Network, baseline bool, sink sim.Sink) (*sim.Result, error) {
	prefix := ""
	if baseline {
		prefix = baselinePrefix
	}
	rep := sim.NewReplayer(net)
	pairs := len(net.PairList())
	detail := p.stepPairs(net)
	if err := rep.Detail(detail); err != nil {
		return nil, err
	}
	r := &sim.StepResult{Values: make([]sim.PairValue, pairs), Paths: make([][]int32, net.NumListed())}
	// the pairs recorded as statistics are unreachable for the sinks, which
	// read only the listed pairs' steps (analysis.ListedStepsOnly)
	for k := detail; k < pairs; k++ {
		r.Values[k] = sim.PairValue{Delay: units.Ms(math.Inf(1)), First: -1, Last: -1}
	}
	if net.Cfg.Mode == sim.Starlink {
		r.Parts = make([]starlink.Parts, pairs)
	}
	for _, s := range p.Shards {
		folder := filepath.Join(dir, PartsDir, ShardDir(s.Index))
		if err := replayShard(ctx, folder, prefix, s, net, rep, r, detail, sink); err != nil {
			return nil, err
		}
		if detail < pairs {
			if err := mergePairStats(filepath.Join(folder, prefix+tablePairStats+".parquet"), s, net, rep, detail); err != nil {
				return nil, err
			}
		}
	}
	res := rep.Result()
	if res.Steps != p.Steps {
		return nil, fmt.Errorf("%w: merged %d steps, the plan has %d", ErrBadShard, res.Steps, p.Steps)
	}
	return res, nil
}

func replayShard(ctx context.Context, folder, prefix string, s Shard, net *sim.Network, rep *sim.Replayer, r *sim.StepResult, detail int, sink sim.Sink) error {
	steps, err := openTable[StepRow](folder, prefix+tableSteps)
	if err != nil {
		return err
	}
	defer steps.close()
	values, err := openTable[ValueRow](folder, prefix+tableValues)
	if err != nil {
		return err
	}
	defer values.close()
	paths, err := openTable[PathRow](folder, prefix+tablePaths)
	if err != nil {
		return err
	}
	defer paths.close()
	var fwd *rowIter[ForwardingRow]
	if net.Cfg.Forwarding {
		if fwd, err = openTable[ForwardingRow](folder, prefix+tableForwarding); err != nil {
			return err
		}
		defer fwd.close()
	}
	var terms *rowIter[TerminalRow]
	if net.Cfg.TerminalStates {
		if terms, err = openTable[TerminalRow](folder, prefix+tableTerminals); err != nil {
			return err
		}
		defer terms.close()
	}
	nterm := len(net.Terminals())
	bad := func(table string, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrBadShard, filepath.Join(folder, prefix+table+".parquet"), fmt.Sprintf(format, args...))
	}
	for i := s.First; i < s.End; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := steps.peek()
		if err != nil {
			return err
		}
		if st == nil || int(st.Step) != i {
			return bad(tableSteps, "no row for step %d", i)
		}
		off := time.Duration(i) * net.Cfg.Step
		r.Index, r.Offset, r.Time = i, off, net.Cfg.Start.Add(off)
		r.ForcedHandovers, r.ActiveISLs = int(st.ForcedHandovers), int(st.ActiveISLs)
		steps.advance()
		for k := range r.Values[:detail] {
			v, err := values.peek()
			if err != nil {
				return err
			}
			if v == nil || int(v.Step) != i || int(v.Pair) != k {
				return bad(tableValues, "no row for step %d pair %d", i, k)
			}
			r.Values[k] = sim.PairValue{Delay: units.Ms(v.DelayMs), Hops: v.Hops, First: v.First, Last: v.Last, Hash: v.Hash}
			if r.Parts != nil {
				r.Parts[k] = starlink.Parts{Propagation: time.Duration(v.PropagationNs), Access: time.Duration(v.AccessNs),
					Processing: time.Duration(v.ProcessingNs), Queueing: time.Duration(v.QueueingNs), Terrestrial: time.Duration(v.TerrestrialNs)}
			}
			values.advance()
		}
		for k := range r.Paths {
			r.Paths[k] = r.Paths[k][:0]
		}
		for {
			pr, err := paths.peek()
			if err != nil {
				return err
			}
			if pr == nil || int(pr.Step) != i {
				break
			}
			if pr.Pair < 0 || int(pr.Pair) >= len(r.Paths) {
				return bad(tablePaths, "step %d: pair %d out of range", i, pr.Pair)
			}
			r.Paths[pr.Pair] = append(r.Paths[pr.Pair][:0], pr.Path...)
			paths.advance()
		}
		r.Forwarding = r.Forwarding[:0]
		for fwd != nil {
			fr, err := fwd.peek()
			if err != nil {
				return err
			}
			if fr == nil || int(fr.Step) != i {
				break
			}
			r.Forwarding = append(r.Forwarding, sim.NextHop{Dst: fr.Dst, Node: fr.Node, Next: fr.Next})
			fwd.advance()
		}
		r.Terminals = r.Terminals[:0]
		for terms != nil && len(r.Terminals) < nterm {
			tr, err := terms.peek()
			if err != nil {
				return err
			}
			k := len(r.Terminals)
			if tr == nil || int(tr.Step) != i || int(tr.Node) != net.Terminals()[k] {
				return bad(tableTerminals, "no row for step %d terminal %d", i, k)
			}
			if tr.Cause < 0 || tr.Cause > int32(sim.CauseNoRoute) || tr.Serving < -1 || int(tr.Serving) >= net.NSat ||
				tr.PoP < -1 || int(tr.PoP) >= net.NGnd {
				return bad(tableTerminals, "step %d terminal %d: bad serving satellite, cause or PoP", i, k)
			}
			r.Terminals = append(r.Terminals, sim.TerminalState{Node: tr.Node, Serving: tr.Serving, Visible: tr.Visible,
				ElevationSin: tr.ElevationSin, GatewayDirect: tr.GatewayDirect, Cause: sim.Cause(tr.Cause), PoP: tr.PoP})
			terms.advance()
		}
		if err := rep.Step(r, i == s.First); err != nil {
			return err
		}
		if err := sink.Step(r); err != nil {
			return err
		}
	}
	if st, _ := steps.peek(); st != nil {
		return bad(tableSteps, "rows beyond the shard's steps [%d, %d)", s.First, s.End)
	}
	if v, _ := values.peek(); v != nil {
		return bad(tableValues, "rows beyond the shard's steps [%d, %d) (step %d pair %d)", s.First, s.End, v.Step, v.Pair)
	}
	return nil
}

// openTable opens table name of a shard folder; a table that cannot be
// opened or read as Parquet is a bad shard.
func openTable[T any](folder, name string) (*rowIter[T], error) {
	path := filepath.Join(folder, name+".parquet")
	it, err := openRows[T](path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s: missing (a shard recorded for another plan or by another orbitnet?)", ErrBadShard, path)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadShard, err)
	}
	return it, nil
}

// mergePairStats adds the per-pair statistics of one shard (table
// pairstats: the pairs from detail on, in order) to the replay, checking
// every row against the plan and the network.
func mergePairStats(path string, s Shard, net *sim.Network, rep *sim.Replayer, detail int) error {
	it, err := openTable[PairStatsRow](filepath.Dir(path), strings.TrimSuffix(filepath.Base(path), ".parquet"))
	if err != nil {
		return err
	}
	defer it.close()
	pairs := net.PairList()
	steps := int64(s.End - s.First)
	var st sim.PairStats
	for k := detail; k < len(pairs); k++ {
		row, err := it.peek()
		if err != nil {
			return fmt.Errorf("%w: %v", ErrBadShard, err)
		}
		if row == nil {
			return fmt.Errorf("%w: %s: %d rows, want one per pair from %d to %d", ErrBadShard, path, k-detail, detail, len(pairs)-1)
		}
		bad := func(field, format string, args ...any) error {
			return fmt.Errorf("%w: %s: row %d (pair %d): %s: %s", ErrBadShard, path, k-detail, k, field, fmt.Sprintf(format, args...))
		}
		if int(row.Pair) != k {
			return bad("pair", "%d, want %d (one row per pair, in order)", row.Pair, k)
		}
		if int(row.Src) != pairs[k][0] || int(row.Dst) != pairs[k][1] {
			return bad("src, dst", "%d–%d, the run's pair is %d–%d", row.Src, row.Dst, pairs[k][0], pairs[k][1])
		}
		if err := pairStatsOf(row, steps, &st, bad); err != nil {
			return err
		}
		head := sim.PairValue{Delay: units.Ms(math.Inf(1)), Hash: row.HeadHash, First: row.HeadFirst, Last: row.HeadLast}
		tail := sim.PairValue{Delay: units.Ms(math.Inf(1)), Hash: row.TailHash, First: row.TailFirst, Last: row.TailLast}
		if row.HeadReachable {
			head.Delay = 0
		}
		if row.TailReachable {
			tail.Delay = 0
		}
		if err := rep.AddRange(k, &st, head, tail); err != nil {
			return err
		}
		it.advance()
	}
	if row, _ := it.peek(); row != nil {
		return fmt.Errorf("%w: %s: rows beyond the run's %d pairs (pair %d)", ErrBadShard, path, len(pairs), row.Pair)
	}
	return nil
}

// pairStatsOf reads a pairstats row of a shard of steps steps into st,
// checking that its fields agree with each other; bad describes a field's
// problem.
func pairStatsOf(row *PairStatsRow, steps int64, st *sim.PairStats, bad func(field, format string, args ...any) error) error {
	hist, partStats := st.Hist, st.Parts // their memory is reused (the replay copies what it keeps)
	*st = sim.PairStats{Src: int(row.Src), Dst: int(row.Dst), Steps: row.Steps, Unreachable: row.Unreachable,
		MinRTT: units.Ms(row.MinRTTMs), MaxRTT: units.Ms(row.MaxRTTMs), MinHops: row.MinHops, MaxHops: row.MaxHops,
		PathChanges: row.PathChanges, Handovers: row.Handovers, Hist: hist}
	if row.Steps != steps {
		return bad("steps", "%d, the shard has %d steps (a table of another shard?)", row.Steps, steps)
	}
	if row.Unreachable < 0 || row.Unreachable > steps {
		return bad("unreachable", "%d of %d steps", row.Unreachable, steps)
	}
	reach := steps - row.Unreachable
	if row.PathChanges < 0 || row.Handovers < 0 || row.PathChanges > reach || row.Handovers > reach {
		return bad("path_changes, handovers", "%d and %d over %d reachable steps", row.PathChanges, row.Handovers, reach)
	}
	if err := st.Hist.UnmarshalBinary(row.RTTHist); err != nil {
		return bad("rtt_hist", "%v", err)
	}
	if st.Hist.N() != reach {
		return bad("rtt_hist", "%d values, the pair was reachable at %d steps", st.Hist.N(), reach)
	}
	if reach > 0 {
		lo, hi := math.Round((st.Hist.Quantile(0) * 1000).Ms()), math.Round((st.Hist.Quantile(1) * 1000).Ms())
		if math.IsNaN(row.MinRTTMs) || math.IsNaN(row.MaxRTTMs) || math.Round(row.MinRTTMs*1000) != lo || math.Round(row.MaxRTTMs*1000) != hi {
			return bad("min_rtt_ms, max_rtt_ms", "%v and %v, the histogram spans %v to %v ms", row.MinRTTMs, row.MaxRTTMs, lo/1000, hi/1000)
		}
		if row.MinHops < 0 || row.MinHops > row.MaxHops || row.HopSum < int64(row.MinHops)*reach || row.HopSum > int64(row.MaxHops)*reach {
			return bad("min_hops, max_hops, hop_sum", "%d, %d and %d over %d reachable steps", row.MinHops, row.MaxHops, row.HopSum, reach)
		}
	} else if row.MinRTTMs != 0 || row.MaxRTTMs != 0 || row.MinHops != 0 || row.MaxHops != 0 || row.HopSum != 0 || row.HeadReachable || row.TailReachable {
		return bad("min_rtt_ms … tail_reachable", "set for a pair never reachable in the shard")
	}
	st.SetHopSum(row.HopSum)
	parts := [...]struct {
		name string
		data []byte
	}{{"propagation_hist", row.PropagationHist}, {"access_hist", row.AccessHist}, {"processing_hist", row.ProcessingHist},
		{"queueing_hist", row.QueueingHist}, {"terrestrial_hist", row.TerrestrialHist}}
	empty := 0
	for _, p := range parts {
		if len(p.data) == 0 {
			empty++
		}
	}
	switch empty {
	case len(parts):
	case 0:
		st.Parts = partStats
		if st.Parts == nil {
			st.Parts = &sim.PartStats{}
		}
		for i, h := range []*sim.Hist{&st.Parts.Propagation, &st.Parts.Access, &st.Parts.Processing, &st.Parts.Queueing, &st.Parts.Terrestrial} {
			if err := h.UnmarshalBinary(parts[i].data); err != nil {
				return bad(parts[i].name, "%v", err)
			}
			if h.N() != reach {
				return bad(parts[i].name, "%d values, the pair was reachable at %d steps", h.N(), reach)
			}
		}
	default:
		return bad("propagation_hist … terrestrial_hist", "%d of the 5 empty (all or none)", empty)
	}
	return nil
}

func readDone(folder string) (*Done, error) {
	var d Done
	data, err := readSmall(filepath.Join(folder, DoneFile))
	if err != nil {
		return nil, err
	}
	if err := jsonUnmarshalStrict(data, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(folder, DoneFile), err)
	}
	return &d, nil
}
