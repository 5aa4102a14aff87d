package cli

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/capacity"
	"orbitnet/internal/limits"
)

func newCapacityCmd(env Env) *cobra.Command {
	var demandFile, duration, step, outDir string
	var total, csvMaxMB float64
	var k, every int
	var quiet bool
	cmd := &cobra.Command{
		Use:   "capacity [SCENARIO]",
		Short: "Flow-level capacity: max-min fair throughput of a demand matrix, link utilisation, bottlenecks",
		Long: `capacity routes a demand matrix over the scenario's network at each step
(shortest paths by delay from the engine, or the k shortest with --k) and
computes the max-min fair allocation on links with capacities (docs/capacity.md:
laser ISL 100 Gb/s, user beam 2 Gb/s, gateway antenna 20 Gb/s, fibre 100 Gb/s).
Demand: a gravity model among the scenario's stations and terminals
(population-weighted where every endpoint has a population, as the embedded
city lists do from GeoNames; equal weights otherwise) totalling
--total-gbps, or a CSV file src,dst,gbps with --demand. Writes, into
out/<scenario>/capacity by default, capacity.parquet and capacity.csv (per
step and demand; the CSV is left out when it would pass --csv-max-mb),
capacity_links.csv (utilisation summary per link class and step),
capacity_bottlenecks.csv and capacity_util.png (CDF of link utilisation).
See docs/capacity.md.`,
		Example: `  orbitnet capacity --total-gbps 2000 --duration 60s --step 10s
  orbitnet capacity ukraine --demand demands.csv --k 3 --every 30`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := loadScenarioArg(args)
			if err != nil {
				return err
			}
			if !(total > 0) || math.IsInf(total, 0) {
				return usagef("--total-gbps %v: must be positive", total)
			}
			if k < 1 || k > 20 {
				return usagef("--k %d: must be in [1, 20]", k)
			}
			if !(csvMaxMB >= 0) || math.IsInf(csvMaxMB, 0) {
				return usagef("--csv-max-mb %v: must be ≥ 0 (0 = no limit)", csvMaxMB)
			}
			if every < 1 {
				return usagef("--every %d: must be ≥ 1", every)
			}
			cfg := sc.Config
			if err := overrideTimes(&cfg, duration, step); err != nil {
				return err
			}
			var data []byte
			if demandFile != "" {
				if data, err = readInput(demandFile, limits.Table); err != nil {
					return usagef("--demand %w", err)
				}
			}
			demands, weights, err := analysis.Demands(&cfg, demandFile, data, total)
			if err != nil {
				return err
			}
			if len(demands) == 0 {
				return usagef("no demands")
			}
			if outDir == "" {
				outDir = filepath.Join("out", sc.File.Name, "capacity")
			}
			return runCapacity(cmd.Context(), env, analysis.CapacityRun{Scenario: sc, Config: cfg, Demands: demands, K: k, Every: every,
				Dir: outDir, CSVMaxMB: csvMaxMB}, weights, quiet)
		},
	}
	cmd.Flags().StringVar(&demandFile, "demand", "", "demand matrix CSV: src,dst,gbps (names of the scenario's ground nodes)")
	cmd.Flags().Float64Var(&total, "total-gbps", 1000, "total offered load of the gravity model, Gb/s")
	cmd.Flags().IntVar(&k, "k", 1, "paths per demand (k shortest by delay, Yen)")
	cmd.Flags().IntVar(&every, "every", 1, "compute one step in every N")
	cmd.Flags().StringVar(&duration, "duration", "", "override the scenario's duration")
	cmd.Flags().StringVar(&step, "step", "", "override the scenario's step")
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario>/capacity)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar")
	cmd.Flags().Float64Var(&csvMaxMB, "csv-max-mb", analysis.DefaultCSVMaxMB, "leave capacity.csv out when it would be larger, MB (capacity.parquet has the same rows; 0 = no limit)")
	return cmd
}

// runCapacity runs the analysis r and prints its tables; weights says how
// the demands were made.
func runCapacity(ctx context.Context, env Env, r analysis.CapacityRun, weights string, quiet bool) error {
	bar := newProgressBar(env, quiet, analysis.CapacitySteps(&r.Config, r.Every), r.Scenario.File.Name+" capacity")
	if bar != nil {
		r.Progress = func(done, _ int) { _ = bar.Set(done) }
	}
	if !quiet {
		r.Note = func(note string) { fmt.Fprintln(env.Stderr, "note: "+note) }
	}
	o, err := analysis.Capacity(ctx, r)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	sc, demands, k, steps, last, lastA := r.Scenario, r.Demands, r.K, o.Steps, o.Last, o.LastAlloc
	offered, carried, csvNote := o.Offered, o.Carried, o.CSVNote
	fmt.Fprintf(env.Stdout, "%s: %d demands (%s), %d steps, %d path(s) per demand\n", sc.File.Name, len(demands), weights, steps, k)
	if offered > 0 {
		fmt.Fprintf(env.Stdout, "carried %.1f%% of the offered load (%.1f of %.1f Gb/s on average per step)\n",
			100*carried/offered, carried/float64(steps), offered/float64(steps))
	}
	if last != nil {
		fmt.Fprintln(env.Stdout, "\nlink classes at the last step:")
		fmt.Fprintf(env.Stdout, "%-20s %9s %9s %9s %8s %8s %8s\n", "class", "links", "loaded", "saturated", "mean", "p90", "max")
		for _, s := range capacity.Summarize(last, lastA) {
			fmt.Fprintf(env.Stdout, "%-20s %9d %9d %9d %8s %8s %8s\n", s.Name(), s.Resources, s.Loaded, s.Saturated, fmtUtil(s.Mean), fmtUtil(s.P90), fmtUtil(s.Max))
		}
		if bs := o.Bottlenecks(5); len(bs) > 0 {
			fmt.Fprintln(env.Stdout, "\nbottlenecks at the last step (flows limited):")
			for _, b := range bs {
				fmt.Fprintf(env.Stdout, "  %-60s %d\n", b.Name, b.Flows)
			}
		}
	}
	if csvNote != "" {
		fmt.Fprintf(env.Stdout, "\nnote: %s\n", csvNote)
	}
	fmt.Fprintf(env.Stdout, "\n%d steps × %d demands; wrote %s in %s\n", steps, len(demands), strings.Join(o.Files, ", "), r.Dir)
	return nil
}

// fmtUtil writes a utilisation with 3 decimals, "—" for none.
func fmtUtil(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.3f", v)
}
