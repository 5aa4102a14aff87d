package shard

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
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
	r := &sim.StepResult{Values: make([]sim.PairValue, pairs), Paths: make([][]int32, net.NumListed())}
	if net.Cfg.Mode == sim.Starlink {
		r.Parts = make([]starlink.Parts, pairs)
	}
	for _, s := range p.Shards {
		if err := replayShard(ctx, filepath.Join(dir, PartsDir, ShardDir(s.Index)), prefix, s, net, rep, r, sink); err != nil {
			return nil, err
		}
	}
	res := rep.Result()
	if res.Steps != p.Steps {
		return nil, fmt.Errorf("%w: merged %d steps, the plan has %d", ErrBadShard, res.Steps, p.Steps)
	}
	return res, nil
}

func replayShard(ctx context.Context, folder, prefix string, s Shard, net *sim.Network, rep *sim.Replayer, r *sim.StepResult, sink sim.Sink) error {
	steps, err := openRows[StepRow](filepath.Join(folder, prefix+tableSteps+".parquet"))
	if err != nil {
		return err
	}
	defer steps.close()
	values, err := openRows[ValueRow](filepath.Join(folder, prefix+tableValues+".parquet"))
	if err != nil {
		return err
	}
	defer values.close()
	paths, err := openRows[PathRow](filepath.Join(folder, prefix+tablePaths+".parquet"))
	if err != nil {
		return err
	}
	defer paths.close()
	var fwd *rowIter[ForwardingRow]
	if net.Cfg.Forwarding {
		if fwd, err = openRows[ForwardingRow](filepath.Join(folder, prefix+tableForwarding+".parquet")); err != nil {
			return err
		}
		defer fwd.close()
	}
	var terms *rowIter[TerminalRow]
	if net.Cfg.TerminalStates {
		if terms, err = openRows[TerminalRow](filepath.Join(folder, prefix+tableTerminals+".parquet")); err != nil {
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
		for k := range r.Values {
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
			if tr.Cause < 0 || tr.Cause > int32(sim.CauseNoRoute) || tr.Serving < -1 || int(tr.Serving) >= net.NSat {
				return bad(tableTerminals, "step %d terminal %d: bad serving satellite or cause", i, k)
			}
			r.Terminals = append(r.Terminals, sim.TerminalState{Node: tr.Node, Serving: tr.Serving, Visible: tr.Visible,
				ElevationSin: tr.ElevationSin, GatewayDirect: tr.GatewayDirect, Cause: sim.Cause(tr.Cause)})
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
