package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

func newRunCmd(env Env) *cobra.Command {
	var outDir string
	var workers int
	var quiet bool
	var cpuProfile string
	cmd := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Run a scenario: RTT series, events, statistics and plots",
		Long: `Run simulates a scenario (an embedded scenario's name or a YAML file) step by
step and writes rtt.csv, events.csv, summary.json, plots and, with
output.all_pairs, rtt.parquet into the output folder (default out/<name>).
With no SCENARIO it runs the embedded default, ` + scenario.Default + `.`,
		Example: `  orbitnet run
  orbitnet run starlink-gen1 -o out/gen1
  orbitnet run my-scenario.yaml --workers 2 --quiet`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := loadScenarioArg(args)
			if err != nil {
				return err
			}
			if workers < 0 {
				return usagef("--workers %d: must be ≥ 1 (0 = all cores)", workers)
			}
			if outDir == "" {
				outDir = filepath.Join("out", sc.File.Name)
			}
			if cpuProfile != "" {
				f, err := os.Create(cpuProfile)
				if err != nil {
					return usagef("--cpuprofile: %v", err)
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			return runScenario(cmd.Context(), env, sc, outDir, workers, quiet, localEngine)
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario name>)")
	cmd.Flags().IntVar(&workers, "workers", 0, "worker goroutines (default: all cores)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a Go CPU profile to this file")
	_ = cmd.Flags().MarkHidden("cpuprofile")
	return cmd
}

// outputs is a command's output folder, committed all or nothing: files are
// written into a staging folder next to it and swapped in by commit (see
// report.OutputDir); abort, or an error before commit, leaves the folder as
// it was.
type outputs struct {
	dir *report.OutputDir
}

// newOutputs prepares the output folder dir, removing what killed runs left
// there.
func newOutputs(dir string) (*outputs, error) {
	d, err := report.CreateOutputDir(dir)
	if err != nil {
		return nil, asUsage(err)
	}
	return &outputs{dir: d}, nil
}

// path returns where to write the output called name (in the staging folder).
func (o *outputs) path(name string) string { return o.dir.File(name) }

// create creates the output file called name.
func (o *outputs) create(name string) (*report.AtomicFile, error) {
	return o.dir.Create(name)
}

func (o *outputs) abort() { o.dir.Abort() }

func (o *outputs) commit() error { return o.dir.Commit() }

func runScenario(ctx context.Context, env Env, sc *scenario.Scenario, outDir string, workers int, quiet bool, eng engine) error {
	// forwarding.csv is run's output: only run asks the engine for it
	cfg := sc.Config
	cfg.Forwarding = sc.File.Output.Forwarding
	cfg.TerminalStates = sc.WantsTerminals()
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		return &UsageError{Err: fmt.Errorf("%s: %w", sc.Source, err)}
	}
	outs, err := newOutputs(outDir)
	if err != nil {
		return err
	}
	defer outs.abort() // no-op after commit
	rttF, err := outs.create("rtt.csv")
	if err != nil {
		return err
	}
	evF, err := outs.create("events.csv")
	if err != nil {
		return err
	}
	csvw, err := report.NewCSVWriter(rttF, evF, net, sc.PairNames)
	if err != nil {
		return err
	}
	written := []string{"rtt.csv", "events.csv", "summary.json"}
	if sc.File.Output.Paths {
		pf, err := outs.create("paths.csv")
		if err != nil {
			return err
		}
		if err := csvw.WithPaths(pf); err != nil {
			return err
		}
		written = append(written, "paths.csv")
	}
	var fwdw *report.ForwardingWriter
	if sc.File.Output.Forwarding {
		ff, err := outs.create("forwarding.csv")
		if err != nil {
			return err
		}
		if fwdw, err = report.NewForwardingWriter(ff, net); err != nil {
			return err
		}
		written = append(written, "forwarding.csv")
	}
	terms := newTerminals(sc, net)
	var pq *report.ParquetWriter
	if *sc.File.Output.Parquet {
		pq, err = report.NewParquetWriter(outs.path("rtt.parquet"))
		if err != nil {
			return err
		}
		defer pq.Abort()
	}
	// series kept for the plot (listed pairs, at most 10, decimated to ≤ 4000 points)
	plotPairs := min(len(sc.PairNames), 10)
	steps := sc.Config.Steps()
	every := max(1, steps/4000)
	series := make([]report.RTTSeries, plotPairs)
	for k := range series {
		a, b := sc.Config.Ground[sc.Config.Pairs[k][0]], sc.Config.Ground[sc.Config.Pairs[k][1]]
		geo, _ := report.GeodesicRTTMs(a, b)
		series[k] = report.RTTSeries{Label: sc.PairNames[k][0] + " – " + sc.PairNames[k][1], GeodesicRTTMs: geo}
	}
	pairList := net.PairList()
	geoAll := make([]float64, len(pairList))
	for k, p := range pairList {
		geoAll[k], _ = report.GeodesicRTTMs(sc.Config.Ground[p[0]], sc.Config.Ground[p[1]])
	}
	// stretch samples for rtt_cdf.png: at most report.MaxStretchSamples
	stretch := report.NewSampler(steps*len(pairList), report.MaxStretchSamples)
	var rows []report.RTTRow
	var bar *progressbar.ProgressBar
	if env.IsTerminal && !quiet {
		bar = progressbar.NewOptions(steps, progressbar.OptionSetWriter(env.Stderr),
			progressbar.OptionSetDescription(sc.File.Name), progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	started := time.Now()
	sink := sim.SinkFunc(func(r *sim.StepResult) error {
		if err := csvw.Step(r); err != nil {
			return err
		}
		if terms != nil {
			if err := terms.Step(r); err != nil {
				return err
			}
		}
		if fwdw != nil {
			if err := fwdw.Step(r); err != nil {
				return err
			}
		}
		if r.Index%every == 0 {
			for k := range series {
				v := r.Values[k]
				series[k].TimeS = append(series[k].TimeS, r.Offset.Seconds())
				rtt := math.NaN()
				if v.Reachable() {
					rtt = v.RTTMs()
				}
				series[k].RTTMs = append(series[k].RTTMs, rtt)
			}
		}
		for k, v := range r.Values {
			if !v.Reachable() || geoAll[k] <= 0 {
				continue
			}
			stretch.Add(v.RTTMs() / geoAll[k])
		}
		if pq != nil {
			rows = rows[:0]
			t := r.Offset.Seconds()
			for k, v := range r.Values {
				row := report.RTTRow{TimeS: t, Src: pairName(sc, net, k, 0), Dst: pairName(sc, net, k, 1)}
				if v.Reachable() {
					rtt := v.RTTMs()
					row.RTTMs = &rtt
					row.Hops = v.Hops
				}
				rows = append(rows, row)
			}
			if err := pq.Write(rows); err != nil {
				return err
			}
		}
		return nil
	})
	opts := sim.Options{Workers: workers}
	if bar != nil {
		opts.Progress = func(done, total int) { _ = bar.Set(done) }
	}
	res, err := eng(ctx, net, false, opts, sink)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: no output files were written to %s", outDir)
		}
		return err
	}
	if err := csvw.Flush(); err != nil {
		return err
	}
	if fwdw != nil {
		if err := fwdw.Flush(); err != nil {
			return err
		}
	}
	summary := report.BuildSummary(Version, sc.File, net, res, sc.PairNames)
	var whatIfSeries []report.WhatIfSeries
	if len(sc.Config.Failures) > 0 {
		baseCfg := sc.Config
		baseCfg.Failures = nil
		baseNet, err := sim.NewNetwork(baseCfg)
		if err != nil {
			return err
		}
		if !quiet && env.IsTerminal {
			fmt.Fprintln(env.Stderr, "computing the same scenario without failures for comparison")
		}
		base := make([]report.RTTSeries, min(len(series), 3))
		baseRes, err := eng(ctx, baseNet, true, sim.Options{Workers: workers}, sim.SinkFunc(func(r *sim.StepResult) error {
			if r.Index%every == 0 {
				for k := range base {
					v := r.Values[k]
					rtt := math.NaN()
					if v.Reachable() {
						rtt = v.RTTMs()
					}
					base[k].TimeS = append(base[k].TimeS, r.Offset.Seconds())
					base[k].RTTMs = append(base[k].RTTMs, rtt)
				}
			}
			return nil
		}))
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return fmt.Errorf("interrupted: no output files were written to %s", outDir)
			}
			return err
		}
		var names []string
		for _, f := range sc.File.Failures {
			names = append(names, f.Name+" ("+f.Kind+")")
		}
		summary.WhatIf = report.BuildWhatIf(names, baseRes, res, sc.PairNames)
		for k := range base {
			whatIfSeries = append(whatIfSeries, report.WhatIfSeries{Label: series[k].Label, TimeS: series[k].TimeS,
				BaselineMs: base[k].RTTMs, WithFailures: series[k].RTTMs})
		}
	}
	if terms != nil {
		if written, err = writeTerminals(outs, sc, terms, summary, written); err != nil {
			return err
		}
	}
	js, err := summary.JSON()
	if err != nil {
		return err
	}
	sumF, err := outs.create("summary.json")
	if err != nil {
		return err
	}
	if _, err := sumF.Write(js); err != nil {
		return err
	}
	if *sc.File.Output.Plots {
		if len(series) > 0 {
			if err := report.PlotRTT(sc.File.Name+": round-trip time", series,
				outs.path("rtt.png"), outs.path("rtt.svg")); err != nil {
				return fmt.Errorf("rtt plot: %w", err)
			}
			written = append(written, "rtt.png", "rtt.svg")
		}
		if len(whatIfSeries) > 0 {
			var spans []report.TimeSpan
			for _, f := range sc.Config.Failures {
				spans = append(spans, report.TimeSpan{Label: f.Name, FromS: f.From.Seconds(), UntilS: f.Until.Seconds()})
			}
			if err := report.PlotWhatIf(sc.File.Name+": RTT without failures (solid) and with them (dashed)", whatIfSeries, spans,
				outs.path("whatif.png"), outs.path("whatif.svg")); err != nil {
				return fmt.Errorf("what-if plot: %w", err)
			}
			written = append(written, "whatif.png", "whatif.svg")
		}
		if len(stretch.Values) > 0 {
			title := sc.File.Name + ": RTT stretch over the geodesic at c, all samples (pair × step)"
			if stretch.Stride > 1 {
				title += fmt.Sprintf("\nevery %s of %s samples", ordinal(stretch.Stride), report.GroupDigits(stretch.Seen()))
			}
			if err := report.PlotCDF(title, "RTT / geodesic RTT at c (×)", stretch.Values,
				outs.path("rtt_cdf.png"), outs.path("rtt_cdf.svg")); err != nil {
				return fmt.Errorf("cdf plot: %w", err)
			}
			written = append(written, "rtt_cdf.png", "rtt_cdf.svg")
		}
	}
	if pq != nil {
		if err := pq.Commit(); err != nil {
			return err
		}
		written = append(written, "rtt.parquet")
	}
	if err := outs.commit(); err != nil {
		return err
	}
	printTable(env.Stdout, sc, summary)
	printTerminals(env.Stdout, summary.Terminals)
	if w := summary.WhatIf; w != nil {
		fmt.Fprintf(env.Stdout, "\nwhat-if: the same scenario without failures (baseline) against the run above (with %s):\n", strings.Join(w.Failures, ", "))
		fmt.Fprintf(env.Stdout, "%-40s %25s %25s\n", "", "baseline (no failures)", "with failures")
		fmt.Fprintf(env.Stdout, "%-40s %12s %12s %12s %12s\n", "pair", "reachable", "median ms", "reachable", "median ms")
		for _, p := range w.Pairs {
			fmt.Fprintf(env.Stdout, "%-40s %11.1f%% %12s %11.1f%% %12s\n", clipName(p.Src+" – "+p.Dst, 40),
				100*p.Baseline.ReachableFrac, fmtOpt(p.Baseline.MedianRTTMs), 100*p.WithFailures.ReachableFrac, fmtOpt(p.WithFailures.MedianRTTMs))
		}
		o := w.Overall
		fmt.Fprintf(env.Stdout, "all %d pairs, baseline → with failures: reachable %.1f%% → %.1f%%, median RTT %s → %s ms, %d pairs never reachable with failures\n",
			o.Pairs, 100*o.BaselineReachableFrac, 100*o.WithFailuresReachable, fmtOpt(o.BaselineMedianRTTMs), fmtOpt(o.WithFailuresMedianRTTMs), o.PairsLosingAllPaths)
	}
	fmt.Fprintf(env.Stdout, "\n%d steps × %d pairs in %.1f s (%d workers); wrote %s in %s\n",
		res.Steps, len(pairList), time.Since(started).Seconds(), effectiveWorkers(workers), strings.Join(written, ", "), outDir)
	return nil
}

func effectiveWorkers(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

func pairName(sc *scenario.Scenario, net *sim.Network, k, end int) string {
	if k < len(sc.PairNames) {
		return sc.PairNames[k][end]
	}
	return sc.Config.Ground[net.PairList()[k][end]].Name
}

// printTable prints the per-pair table of a run.
func printTable(w io.Writer, sc *scenario.Scenario, s *report.Summary) {
	fmt.Fprintf(w, "%s: %d satellites, %d ground nodes, %d steps of %gs\n\n", sc.File.Name, s.Counts.Satellites, s.Counts.GroundNodes, s.Counts.Steps, s.Counts.StepS)
	if s.WhatIf != nil {
		fmt.Fprintf(w, "with failures (%s); the baseline without them is in the what-if table below\n", strings.Join(s.WhatIf.Failures, ", "))
	}
	if len(s.Pairs) > 0 {
		fmt.Fprintf(w, "%-40s %9s %9s %9s %7s %9s %9s\n", "pair", "min ms", "median", "p95", "paths", "handover", "geo ms")
		for i, p := range s.Pairs {
			if i == 20 {
				fmt.Fprintf(w, "… %d more pairs in summary.json\n", len(s.Pairs)-20)
				break
			}
			fmt.Fprintf(w, "%-40s %9s %9s %9s %7d %9d %9.3f\n", clipName(p.Src+" – "+p.Dst, 40),
				fmtOpt(p.MinRTTMs), fmtOpt(p.MedianRTTMs), fmtOpt(p.P95RTTMs), p.PathChanges, p.Handovers, p.GeodesicRTTMs)
		}
	}
	if a := s.AllPairs; a != nil {
		fmt.Fprintf(w, "\nall %d endpoint pairs, median of the per-pair medians: RTT %s ms, stretch %s× (p95 %s×); %d never reachable, %d path changes, %d handovers\n",
			a.Count, fmtOpt(a.MedianOfMedianRTT), fmtOpt(a.MedianStretch), fmtOpt(a.P95Stretch), a.NeverReachable, a.TotalPathChanges, a.TotalHandovers)
	}
}

func fmtOpt(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *v)
}

func clipName(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
