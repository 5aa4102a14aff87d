package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/report"
	"orbitnet/scenario"
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
			return runScenario(cmd.Context(), env, sc, outDir, workers, quiet, analysis.Local)
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario name>)")
	cmd.Flags().IntVar(&workers, "workers", 0, "worker goroutines (default: all cores)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a Go CPU profile to this file")
	_ = cmd.Flags().MarkHidden("cpuprofile")
	return cmd
}

// runScenario runs sc into outDir with the engine eng (analysis.Local, or
// a plan's shards replayed by merge) and prints the tables.
func runScenario(ctx context.Context, env Env, sc *scenario.Scenario, outDir string, workers int, quiet bool, eng analysis.Engine) error {
	o := analysis.RunOptions{Workers: workers, Engine: eng, Version: Version}
	bar := newProgressBar(env, quiet, sc.Config.Steps(), sc.File.Name)
	if bar != nil {
		o.Progress = func(done, total int) { _ = bar.Set(done) }
		o.Baseline = func() {
			_ = bar.Finish()
			fmt.Fprintln(env.Stderr, "computing the same scenario without failures for comparison")
		}
	}
	started := time.Now()
	res, err := analysis.Run(ctx, sc, outDir, o)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	summary := res.Summary
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
		res.Result.Steps, res.Pairs, time.Since(started).Seconds(), analysis.Workers(workers), strings.Join(res.Files, ", "), outDir)
	return nil
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
