package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/capacity"
	"orbitnet/ground"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

func newCapacityCmd(env Env) *cobra.Command {
	var demandFile, duration, step, outDir string
	var total float64
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
--total-gbps, or a CSV file src,dst,gbps with --demand. Writes capacity.csv
(per step and demand), capacity_links.csv (utilisation summary per link
class and step), capacity_bottlenecks.csv and capacity_util.png (CDF of
link utilisation).`,
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
			if every < 1 {
				return usagef("--every %d: must be ≥ 1", every)
			}
			cfg := sc.Config
			if err := overrideTimes(&cfg, duration, step); err != nil {
				return err
			}
			var demands []capacity.Demand
			weights := "demand matrix from " + demandFile
			if demandFile != "" {
				data, err := os.ReadFile(demandFile)
				if err != nil {
					return usagef("--demand %s: %v", demandFile, errors.Unwrap(err))
				}
				names := make([]string, len(cfg.Ground))
				for i, g := range cfg.Ground {
					names[i] = g.Name
				}
				if demands, err = capacity.ReadDemandCSV(bytes.NewReader(data), demandFile, names); err != nil {
					return asUsage(err)
				}
			} else {
				var eps []capacity.Endpoint
				for i, g := range cfg.Ground {
					if g.Kind == ground.Station || g.Kind == ground.Terminal {
						eps = append(eps, capacity.Endpoint{Node: i, Population: g.Population})
					}
				}
				gd, err := capacity.Gravity(eps, capacity.Gbps(total))
				if err != nil {
					return usagef("%v", err)
				}
				demands, weights = gd.Demands, capacity.DescribeGravity(gd, eps, cfg.Ground)
			}
			if len(demands) == 0 {
				return usagef("no demands")
			}
			cfg.Pairs = make([][2]int, len(demands))
			for i, d := range demands {
				cfg.Pairs[i] = [2]int{d.Src, d.Dst}
			}
			cfg.AllPairs = false
			if outDir == "" {
				outDir = filepath.Join("out", sc.File.Name+"-capacity")
			}
			return runCapacity(cmd.Context(), env, sc, cfg, demands, weights, k, every, outDir, quiet)
		},
	}
	cmd.Flags().StringVar(&demandFile, "demand", "", "demand matrix CSV: src,dst,gbps (names of the scenario's ground nodes)")
	cmd.Flags().Float64Var(&total, "total-gbps", 1000, "total offered load of the gravity model, Gb/s")
	cmd.Flags().IntVar(&k, "k", 1, "paths per demand (k shortest by delay, Yen)")
	cmd.Flags().IntVar(&every, "every", 1, "compute one step in every N")
	cmd.Flags().StringVar(&duration, "duration", "", "override the scenario's duration")
	cmd.Flags().StringVar(&step, "step", "", "override the scenario's step")
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario>-capacity)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "fewer messages")
	return cmd
}

func runCapacity(ctx context.Context, env Env, sc *scenario.Scenario, cfg sim.Config, demands []capacity.Demand, weights string, k, every int, outDir string, quiet bool) error {
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		return usagef("%v", err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	var outs outputs
	defer outs.abort()
	cf, err := outs.create(filepath.Join(outDir, "capacity.csv"))
	if err != nil {
		return err
	}
	lf, err := outs.create(filepath.Join(outDir, "capacity_links.csv"))
	if err != nil {
		return err
	}
	bf, err := outs.create(filepath.Join(outDir, "capacity_bottlenecks.csv"))
	if err != nil {
		return err
	}
	gname := func(i int) string { return cfg.Ground[i].Name }
	cw := capacity.NewCSVWriter(cf, gname, net.NodeName)
	var util []float64
	var offered, carried float64
	steps := 0
	var last *capacity.Problem
	var lastA *capacity.Allocation
	err = capacity.Run(ctx, net, capacity.RunConfig{Caps: capacity.Defaults(), Demands: demands, K: k, Every: every},
		func(off time.Duration, p *capacity.Problem, a *capacity.Allocation) error {
			if err := cw.WriteStep(off, p, a); err != nil {
				return err
			}
			if err := capacity.WriteSummaryCSV(lf, off, capacity.Summarize(p, a)); err != nil {
				return err
			}
			if err := capacity.WriteBottleneckCSV(bf, off, p, a, net.NodeName); err != nil {
				return err
			}
			for _, kind := range []capacity.LinkKind{capacity.KindISL, capacity.KindUserGSL, capacity.KindGatewayGSL, capacity.KindFiber} {
				for _, u := range p.Utilisation(a, kind, false) {
					if !math.IsNaN(u) && u > 0 {
						util = append(util, u)
					}
				}
			}
			for d, r := range p.Throughput(a) {
				offered += float64(demands[d].Rate)
				carried += float64(r)
			}
			steps++
			last, lastA = p, a
			if !quiet && env.IsTerminal {
				fmt.Fprintf(env.Stderr, "\rstep %d of %d", steps, (cfg.Steps()+every-1)/every)
			}
			return nil
		})
	if !quiet && env.IsTerminal {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: no output files were written to %s", outDir)
		}
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	written := []string{"capacity.csv", "capacity_links.csv", "capacity_bottlenecks.csv"}
	if len(util) > 0 {
		if err := report.PlotCDF(sc.File.Name+": utilisation of loaded links (max-min fair)", "link utilisation (load / capacity)", util,
			filepath.Join(outDir, "capacity_util.png"), filepath.Join(outDir, "capacity_util.svg")); err != nil {
			return err
		}
		written = append(written, "capacity_util.png", "capacity_util.svg")
	}
	if err := outs.commit(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d demands (%s), %d steps, %d path(s) per demand\n", sc.File.Name, len(demands), weights, steps, k)
	if offered > 0 {
		fmt.Fprintf(env.Stdout, "carried %.1f%% of the offered load (%.1f of %.1f Gb/s on average per step)\n",
			100*carried/offered, carried/float64(steps), offered/float64(steps))
	}
	if last != nil {
		fmt.Fprintln(env.Stdout, "\nlink classes at the last step:")
		fmt.Fprintf(env.Stdout, "%-20s %9s %9s %9s %8s %8s %8s\n", "class", "links", "loaded", "saturated", "mean", "p90", "max")
		for _, s := range capacity.Summarize(last, lastA) {
			fmt.Fprintf(env.Stdout, "%-20s %9d %9d %9d %8.3f %8.3f %8.3f\n", s.Name(), s.Resources, s.Loaded, s.Saturated, s.Mean, s.P90, s.Max)
		}
		bs := append([]capacity.Bottleneck(nil), lastA.Saturated...)
		sort.SliceStable(bs, func(i, j int) bool { return bs[i].Flows > bs[j].Flows })
		if len(bs) > 0 {
			fmt.Fprintln(env.Stdout, "\nbottlenecks at the last step (flows limited):")
			for i, b := range bs {
				if i == 5 {
					break
				}
				fmt.Fprintf(env.Stdout, "  %-60s %d\n", last.ResourceName(b.Resource, net.NodeName), b.Flows)
			}
		}
	}
	fmt.Fprintf(env.Stdout, "\nwrote %v in %s\n", written, outDir)
	return nil
}
