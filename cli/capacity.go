package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/capacity"
	"orbitnet/ground"
	"orbitnet/internal/limits"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
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
			var demands []capacity.Demand
			weights := "demand matrix from " + demandFile
			if demandFile != "" {
				data, err := readInput(demandFile, limits.Table)
				if err != nil {
					return usagef("--demand %w", err)
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
				outDir = filepath.Join("out", sc.File.Name, "capacity")
			}
			return runCapacity(cmd.Context(), env, capacityRun{sc: sc, cfg: cfg, demands: demands, weights: weights, k: k, every: every,
				outDir: outDir, quiet: quiet, csvMaxMB: csvMaxMB})
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
	cmd.Flags().Float64Var(&csvMaxMB, "csv-max-mb", defaultCSVMaxMB, "leave capacity.csv out when it would be larger, MB (capacity.parquet has the same rows; 0 = no limit)")
	return cmd
}

// defaultCSVMaxMB is --csv-max-mb's default: capacity.csv is left out (the
// same rows are in capacity.parquet) when it would be larger.
const defaultCSVMaxMB = 100

// capacityRun is one capacity command's resolved input.
type capacityRun struct {
	sc       *scenario.Scenario
	cfg      sim.Config
	demands  []capacity.Demand
	weights  string // how the demands were made (printed)
	k, every int
	outDir   string
	quiet    bool
	csvMaxMB float64 // ≤ 0: no limit
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

func runCapacity(ctx context.Context, env Env, r capacityRun) error {
	sc, cfg, demands, outDir := r.sc, r.cfg, r.demands, r.outDir
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		return usagef("%v", err)
	}
	total := (cfg.Steps() + r.every - 1) / r.every // steps computed
	rows := int64(total) * int64(len(demands))
	outs, err := newOutputs(outDir)
	if err != nil {
		return err
	}
	defer outs.abort() // no-op after commit
	pf, err := outs.create("capacity.parquet")
	if err != nil {
		return err
	}
	lf, err := outs.create("capacity_links.csv")
	if err != nil {
		return err
	}
	bf, err := outs.create("capacity_bottlenecks.csv")
	if err != nil {
		return err
	}
	gname := func(i int) string { return cfg.Ground[i].Name }
	// The first step goes to memory: its size tells whether capacity.csv
	// is written at all.
	var firstStep bytes.Buffer
	counted := &countingWriter{w: &firstStep}
	cw := capacity.NewCSVWriter(counted, gname, net.NodeName)
	csvOn := true
	var csvNote string
	pw := capacity.NewParquetWriter(pf, gname, net.NodeName)
	lw := capacity.NewSummaryWriter(lf)
	bw := capacity.NewBottleneckWriter(bf, net.NodeName)
	var util []float64
	var offered, carried float64
	steps := 0
	var last *capacity.Problem
	var lastA *capacity.Allocation
	bar := newProgressBar(env, r.quiet, total, sc.File.Name+" capacity")
	err = capacity.Run(ctx, net, capacity.RunConfig{Caps: capacity.Defaults(), Demands: demands, K: r.k, Every: r.every},
		func(off time.Duration, p *capacity.Problem, a *capacity.Allocation) error {
			if csvOn {
				if err := cw.WriteStep(off, p, a); err != nil {
					return err
				}
				if steps == 0 {
					// The size of the whole file, from the first step's.
					if err := cw.Flush(); err != nil {
						return err
					}
					est := float64(counted.n) * float64(total)
					mb := est / 1e6
					if r.csvMaxMB > 0 && mb > r.csvMaxMB {
						csvOn = false
						csvNote = fmt.Sprintf("capacity.csv left out: it would hold %s rows, about %s MB (over --csv-max-mb %g); capacity.parquet has the same rows (--csv-max-mb 0 writes it anyway)",
							groupThousands(float64(rows)), groupThousands(mb), r.csvMaxMB)
					} else {
						if mb > defaultCSVMaxMB {
							csvNote = fmt.Sprintf("capacity.csv will hold %s rows, about %s MB", groupThousands(float64(rows)), groupThousands(mb))
						}
						cf, err := outs.create("capacity.csv")
						if err != nil {
							return err
						}
						if _, err := cf.Write(firstStep.Bytes()); err != nil {
							return err
						}
						counted.w = cf
					}
					if csvNote != "" && !r.quiet {
						fmt.Fprintln(env.Stderr, "note: "+csvNote)
					}
				}
			}
			if err := pw.WriteStep(off, p, a); err != nil {
				return fmt.Errorf("capacity.parquet: %w", err)
			}
			if err := lw.WriteStep(off, capacity.Summarize(p, a)); err != nil {
				return err
			}
			if err := bw.WriteStep(off, p, a); err != nil {
				return err
			}
			for _, kind := range []capacity.LinkKind{capacity.KindISL, capacity.KindUserGSL, capacity.KindGatewayGSL, capacity.KindFiber} {
				for _, u := range p.Utilisation(a, kind, false) {
					if !math.IsNaN(u) && u > 0 {
						util = append(util, u)
					}
				}
			}
			for d, rate := range p.Throughput(a) {
				offered += float64(demands[d].Rate)
				carried += float64(rate)
			}
			steps++
			last, lastA = p, a
			if bar != nil {
				_ = bar.Set(steps)
			}
			return nil
		})
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: no output files were written to %s", outDir)
		}
		return err
	}
	var written []string
	if csvOn {
		if err := cw.Flush(); err != nil {
			return err
		}
		written = append(written, "capacity.csv")
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("capacity.parquet: %w", err)
	}
	written = append(written, "capacity.parquet", "capacity_links.csv", "capacity_bottlenecks.csv")
	if len(util) > 0 {
		if err := report.PlotCDF(sc.File.Name+": utilisation of loaded links (max-min fair)", "link utilisation (load / capacity)", util,
			outs.path("capacity_util.png"), outs.path("capacity_util.svg")); err != nil {
			return err
		}
		written = append(written, "capacity_util.png", "capacity_util.svg")
	}
	if err := outs.commit(); err != nil {
		return err
	}
	weights, k := r.weights, r.k
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
	if csvNote != "" {
		fmt.Fprintf(env.Stdout, "\nnote: %s\n", csvNote)
	}
	fmt.Fprintf(env.Stdout, "\n%d steps × %d demands; wrote %s in %s\n", steps, len(demands), strings.Join(written, ", "), outDir)
	return nil
}

// fmtUtil writes a utilisation with 3 decimals, "—" for none.
func fmtUtil(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.3f", v)
}
