package analysis

import (
	"fmt"

	"orbitnet/ground"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// output is one entry of a run's output table: the files it writes (as
// listed to the user), what it does with every step, and how it finishes
// once the steps, the summary and the what-if comparison are done; more
// files when finish returns some (the plots, which depend on the run).
// step and finish may be nil.
type output struct {
	files  []string
	step   func(*sim.StepResult) error
	finish func() (more []string, err error)
}

// noMore adapts a finishing function that writes no further files.
func noMore(f func() error) func() ([]string, error) {
	return func() ([]string, error) { return nil, f() }
}

// runOutputs is the table of a run's outputs, in the order their files
// are listed; the steps are fed to them in this order too. An output a
// scenario does not ask for is left out. A new output of run is one more
// entry here (a function of r returning its output).
func runOutputs(r *runState) ([]output, error) {
	var outs []output
	csvw, err := rttEventsOutput(r, &outs)
	if err != nil {
		return nil, err
	}
	terminalsOutput(r, &outs)
	outs = append(outs, summaryOutput(r))
	if r.sc.File.Output.Paths {
		if err := pathsOutput(r, csvw, &outs); err != nil {
			return nil, err
		}
	}
	if r.sc.File.Output.Forwarding {
		if err := forwardingOutput(r, &outs); err != nil {
			return nil, err
		}
	}
	plotsOutput(r, &outs)
	if *r.sc.File.Output.Parquet {
		if err := parquetOutput(r, &outs); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

// ListedStepsOnly reports whether the outputs of a run of sc read the
// step-by-step values of the listed pairs only (rtt.csv, events.csv,
// paths.csv, the RTT and what-if plots, the per-terminal files), besides
// every pair's statistics over the run (summary.json, pairs.parquet). It
// is false when rtt.parquet (every pair at every step) or the plots
// (rtt_cdf samples every pair's RTT stretch at every step) are asked for.
// Sharded runs of such a scenario record the other pairs of all_pairs as
// statistics instead of step by step (package shard). An output that
// reads other pairs' steps must be added here.
func ListedStepsOnly(sc *scenario.Scenario) bool {
	return !*sc.File.Output.Parquet && !*sc.File.Output.Plots
}

// rttEventsOutput writes rtt.csv (the listed pairs' RTT at every step) and
// events.csv (path changes and handovers).
func rttEventsOutput(r *runState, outs *[]output) (*report.CSVWriter, error) {
	rttF, err := r.outs.Create("rtt.csv")
	if err != nil {
		return nil, err
	}
	evF, err := r.outs.Create("events.csv")
	if err != nil {
		return nil, err
	}
	csvw, err := report.NewCSVWriter(rttF, evF, r.net, r.sc.PairNames)
	if err != nil {
		return nil, err
	}
	*outs = append(*outs, output{files: []string{"rtt.csv", "events.csv"}, step: csvw.Step, finish: noMore(csvw.Flush)})
	return csvw, nil
}

// summaryOutput writes summary.json: the statistics of every pair and,
// with failures, the what-if comparison; and pairs.parquet, every
// all-pairs entry, with output.parquet or when there are too many for
// summary.json (report.AllPairsJSONMax; summary.json then names the file).
func summaryOutput(r *runState) output {
	return output{files: []string{"summary.json"}, finish: func() ([]string, error) {
		var more []string
		if pairs, ok := r.summary.SplitAllPairs(*r.sc.File.Output.Parquet); ok {
			if err := report.WritePairsParquet(r.outs.Path(report.PairsParquetName), pairs, 0); err != nil {
				return nil, err
			}
			more = append(more, report.PairsParquetName)
		}
		js, err := r.summary.JSON()
		if err != nil {
			return nil, err
		}
		f, err := r.outs.Create("summary.json")
		if err != nil {
			return nil, err
		}
		_, err = f.Write(js)
		return more, err
	}}
}

// pathsOutput writes paths.csv (output.paths): the listed pairs' paths,
// written by the rtt.csv writer as it goes.
func pathsOutput(r *runState, csvw *report.CSVWriter, outs *[]output) error {
	f, err := r.outs.Create("paths.csv")
	if err != nil {
		return err
	}
	if err := csvw.WithPaths(f); err != nil {
		return err
	}
	*outs = append(*outs, output{files: []string{"paths.csv"}})
	return nil
}

// forwardingOutput writes forwarding.csv (output.forwarding).
func forwardingOutput(r *runState, outs *[]output) error {
	f, err := r.outs.Create("forwarding.csv")
	if err != nil {
		return err
	}
	w, err := report.NewForwardingWriter(f, r.net)
	if err != nil {
		return err
	}
	*outs = append(*outs, output{files: []string{"forwarding.csv"}, step: w.Step, finish: noMore(w.Flush)})
	return nil
}

// plotsOutput draws rtt.png/.svg (the plot series), whatif.png/.svg (with
// failures) and rtt_cdf.png/.svg (the stretch of every pair at every step,
// sampled) when output.plots asks for them; otherwise it adds nothing (the
// stretch samples, up to 16 MB, are only taken for the plot).
func plotsOutput(r *runState, outs *[]output) {
	if !*r.sc.File.Output.Plots {
		return
	}
	pairList := r.net.PairList()
	geoAll := make([]float64, len(pairList))
	for k, p := range pairList {
		rtt, _ := ground.GeodesicRTT(r.sc.Config.Ground[p[0]], r.sc.Config.Ground[p[1]])
		geoAll[k] = rtt.Ms()
	}
	stretch := report.NewSampler(r.sc.Config.Steps()*len(pairList), report.MaxStretchSamples)
	*outs = append(*outs, output{
		step: func(s *sim.StepResult) error {
			for k, v := range s.Values {
				if !v.Reachable() || geoAll[k] <= 0 {
					continue
				}
				stretch.Add(v.RTT().Ms() / geoAll[k])
			}
			return nil
		},
		finish: func() ([]string, error) { return r.plots(stretch) },
	})
}

// plots draws the run's plots and returns the files written.
func (r *runState) plots(stretch *report.Sampler) ([]string, error) {
	var files []string
	name := r.sc.File.Name
	if len(r.series.s) > 0 {
		if err := report.PlotRTT(name+": round-trip time", r.series.s,
			r.outs.Path("rtt.png"), r.outs.Path("rtt.svg")); err != nil {
			return nil, fmt.Errorf("rtt plot: %w", err)
		}
		files = append(files, "rtt.png", "rtt.svg")
	}
	if len(r.whatIfs) > 0 {
		var spans []report.TimeSpan
		for _, f := range r.sc.Config.Failures {
			spans = append(spans, report.TimeSpan{Label: f.Name, FromS: f.From.Seconds(), UntilS: f.Until.Seconds()})
		}
		if err := report.PlotWhatIf(name+": RTT without failures (solid) and with them (dashed)", r.whatIfs, spans,
			r.outs.Path("whatif.png"), r.outs.Path("whatif.svg")); err != nil {
			return nil, fmt.Errorf("what-if plot: %w", err)
		}
		files = append(files, "whatif.png", "whatif.svg")
	}
	if len(stretch.Values) > 0 {
		title := name + ": RTT stretch over the geodesic at c, all samples (pair × step)"
		if stretch.Stride > 1 {
			title += fmt.Sprintf("\nevery %s of %s samples", Ordinal(stretch.Stride), report.GroupDigits(stretch.Seen()))
		}
		if err := report.PlotCDF(title, "RTT / geodesic RTT at c (×)", stretch.Values,
			r.outs.Path("rtt_cdf.png"), r.outs.Path("rtt_cdf.svg")); err != nil {
			return nil, fmt.Errorf("cdf plot: %w", err)
		}
		files = append(files, "rtt_cdf.png", "rtt_cdf.svg")
	}
	return files, nil
}

// parquetOutput writes rtt.parquet (output.all_pairs): every pair at
// every step.
func parquetOutput(r *runState, outs *[]output) error {
	pq, err := report.NewParquetWriter(r.outs.Path("rtt.parquet"))
	if err != nil {
		return err
	}
	var rows []report.RTTRow
	*outs = append(*outs, output{files: []string{"rtt.parquet"},
		step: func(s *sim.StepResult) error {
			rows = rows[:0]
			t := s.Offset.Seconds()
			for k, v := range s.Values {
				row := report.RTTRow{TimeS: t, Src: pairName(r.sc, r.net, k, 0), Dst: pairName(r.sc, r.net, k, 1)}
				if v.Reachable() {
					rtt := v.RTT().Ms()
					row.RTTMs = &rtt
					row.Hops = v.Hops
				}
				rows = append(rows, row)
			}
			return pq.Write(rows)
		},
		finish: noMore(pq.Commit),
	})
	r.cleanup = append(r.cleanup, pq.Abort)
	return nil
}
