package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"

	"orbitnet/ground"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// Engine computes a scenario's steps and feeds them to sink in order:
// sim.Run on this machine (Local), or the recorded shards of a plan
// replayed in order (package shard), so that both write the same files
// byte for byte. baseline marks the what-if comparison run without
// failures.
type Engine func(ctx context.Context, net *sim.Network, baseline bool, opts sim.Options, sink sim.Sink) (*sim.Result, error)

// Local is the Engine that computes the steps here with sim.Run.
func Local(ctx context.Context, net *sim.Network, _ bool, opts sim.Options, sink sim.Sink) (*sim.Result, error) {
	return sim.Run(ctx, net, opts, sink)
}

// Networks builds the engine networks of a run of sc: the scenario (with
// forwarding state when output.forwarding asks for it) and, when it has
// failures, the what-if baseline without them (nil otherwise).
func Networks(sc *scenario.Scenario) (net, base *sim.Network, err error) {
	cfg := sc.Config
	cfg.Forwarding = sc.File.Output.Forwarding // forwarding.csv is run's output
	cfg.TerminalStates = sc.WantsTerminals()   // terminals.csv
	if net, err = sim.NewNetwork(cfg); err != nil {
		return nil, nil, &InputError{Err: fmt.Errorf("%s: %w", sc.Source, err)}
	}
	if len(sc.Config.Failures) > 0 {
		bc := sc.Config
		bc.Failures = nil
		if base, err = sim.NewNetwork(bc); err != nil {
			return nil, nil, err
		}
	}
	return net, base, nil
}

// RunOptions are the choices of a scenario run.
type RunOptions struct {
	Workers int    // worker goroutines (0: all cores)
	Engine  Engine // nil: Local
	Version string // orbitnet's version, recorded in summary.json
	// Progress, when set, is called as the steps of the scenario complete.
	Progress func(done, total int)
	// Baseline, when set, is called once the scenario's steps are done and
	// before the what-if baseline (a scenario with failures) is computed.
	Baseline func()
}

// RunResult is what a scenario run wrote and found.
type RunResult struct {
	Summary *report.Summary
	Result  *sim.Result
	Pairs   int      // pairs computed at every step
	Files   []string // the files written, in the order of the output table
}

// Run runs sc (and its what-if baseline when it has failures) and writes
// the outputs of the output table (see runOutputs) into dir, all or
// nothing.
func Run(ctx context.Context, sc *scenario.Scenario, dir string, o RunOptions) (*RunResult, error) {
	eng := o.Engine
	if eng == nil {
		eng = Local
	}
	net, baseNet, err := Networks(sc)
	if err != nil {
		return nil, err
	}
	outs, err := NewOutputs(dir)
	if err != nil {
		return nil, err
	}
	defer outs.Abort() // no-op after commit
	r := &runState{sc: sc, net: net, outs: outs}
	defer r.clean()
	r.series = newSeries(sc, r.every())
	outputs, err := runOutputs(r)
	if err != nil {
		return nil, err
	}
	sink := sim.SinkFunc(func(s *sim.StepResult) error {
		r.series.add(s)
		for _, out := range outputs {
			if out.step != nil {
				if err := out.step(s); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if r.res, err = eng(ctx, net, false, sim.Options{Workers: o.Workers, Progress: o.Progress}, sink); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, interrupted(dir)
		}
		return nil, err
	}
	r.summary = report.BuildSummary(o.Version, sc.File, net, r.res, sc.PairNames, Workers(o.Workers))
	if baseNet != nil {
		if o.Baseline != nil {
			o.Baseline()
		}
		if err := r.whatIf(ctx, eng, baseNet, o.Workers); err != nil {
			if errors.Is(err, context.Canceled) {
				return nil, interrupted(dir)
			}
			return nil, err
		}
	}
	var files []string
	for _, out := range outputs {
		files = append(files, out.files...)
		if out.finish != nil {
			more, err := out.finish()
			if err != nil {
				return nil, err
			}
			files = append(files, more...)
		}
	}
	if err := outs.Commit(); err != nil {
		return nil, err
	}
	return &RunResult{Summary: r.summary, Result: r.res, Pairs: len(net.PairList()), Files: files}, nil
}

// runState is what the outputs of a run share: the scenario, its network,
// the output folder, and once the steps are done the engine's result and
// the summary (with the what-if comparison).
type runState struct {
	sc      *scenario.Scenario
	net     *sim.Network
	outs    *Outputs
	series  *series
	res     *sim.Result
	summary *report.Summary
	whatIfs []report.WhatIfSeries // the plot's pairs without and with failures
	cleanup []func()              // run when Run returns (aborting what was not committed)
}

func (r *runState) clean() {
	for _, f := range r.cleanup {
		f()
	}
}

// every is the plot series' stride: at most about MaxPlotPoints points.
func (r *runState) every() int { return max(1, r.sc.Config.Steps()/MaxPlotPoints) }

// whatIf runs the baseline without failures on baseNet and adds the
// comparison to the summary and the what-if plot's series.
func (r *runState) whatIf(ctx context.Context, eng Engine, baseNet *sim.Network, workers int) error {
	base := &series{every: r.series.every, s: make([]report.RTTSeries, min(len(r.series.s), MaxWhatIfPairs))}
	baseRes, err := eng(ctx, baseNet, true, sim.Options{Workers: workers}, sim.SinkFunc(func(s *sim.StepResult) error {
		base.add(s)
		return nil
	}))
	if err != nil {
		return err
	}
	var names []string
	for _, f := range r.sc.File.Failures {
		names = append(names, f.Name+" ("+f.Kind+")")
	}
	r.summary.WhatIf = report.BuildWhatIf(names, baseRes, r.res, r.sc.PairNames)
	for k := range base.s {
		with := r.series.s[k]
		r.whatIfs = append(r.whatIfs, report.WhatIfSeries{Label: with.Label, TimeS: with.TimeS,
			BaselineMs: base.s[k].RTTMs, WithFailures: with.RTTMs})
	}
	return nil
}

// Plot limits of a run.
const (
	MaxPlotPairs   = 10   // listed pairs drawn in rtt.png
	MaxPlotPoints  = 4000 // points per pair, about: the series are decimated to this
	MaxWhatIfPairs = 3    // pairs drawn in whatif.png
)

// series samples the RTT of the first listed pairs every every steps for
// the plots (NaN when unreachable).
type series struct {
	every int
	s     []report.RTTSeries
}

func newSeries(sc *scenario.Scenario, every int) *series {
	s := &series{every: every, s: make([]report.RTTSeries, min(len(sc.PairNames), MaxPlotPairs))}
	for k := range s.s {
		a, b := sc.Config.Ground[sc.Config.Pairs[k][0]], sc.Config.Ground[sc.Config.Pairs[k][1]]
		geo, _ := ground.GeodesicRTT(a, b)
		s.s[k] = report.RTTSeries{Label: sc.PairNames[k][0] + " – " + sc.PairNames[k][1], GeodesicRTT: geo}
	}
	return s
}

func (s *series) add(r *sim.StepResult) {
	if r.Index%s.every != 0 {
		return
	}
	for k := range s.s {
		v := r.Values[k]
		rtt := math.NaN()
		if v.Reachable() {
			rtt = v.RTT().Ms()
		}
		s.s[k].TimeS = append(s.s[k].TimeS, r.Offset.Seconds())
		s.s[k].RTTMs = append(s.s[k].RTTMs, rtt)
	}
}

// pairName names end (0 or 1) of the engine's pair k: the scenario's name
// for a listed pair, else the ground node's.
func pairName(sc *scenario.Scenario, net *sim.Network, k, end int) string {
	if k < len(sc.PairNames) {
		return sc.PairNames[k][end]
	}
	return sc.Config.Ground[net.PairList()[k][end]].Name
}
