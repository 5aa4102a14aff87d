package analysis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"orbitnet/capacity"
	"orbitnet/ground"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
	"sort"
	"time"
)

// DefaultCSVMaxMB is the default limit of capacity.csv's size: it is left
// out (the same rows are in capacity.parquet) when it would be larger.
const DefaultCSVMaxMB = 100

// CapacityRun is one capacity analysis's resolved input.
type CapacityRun struct {
	Scenario *scenario.Scenario
	Config   sim.Config // the scenario's, with the run's times; its pairs are the demands'
	Demands  []capacity.Demand
	K, Every int     // paths per demand; one step in every Every
	Dir      string  // the output folder
	CSVMaxMB float64 // ≤ 0: no limit
	// Progress, when set, is called as the steps complete.
	Progress func(done, total int)
	// Note, when set, is told about capacity.csv's size (left out, or
	// large) once the first step is done.
	Note func(string)
}

// CapacityOutcome is what a capacity analysis found and wrote.
type CapacityOutcome struct {
	Net              *sim.Network
	Steps            int     // steps computed
	Offered, Carried float64 // Gb/s summed over the steps
	// Last and LastAlloc are the last step's problem and allocation (nil
	// for no step).
	Last      *capacity.Problem
	LastAlloc *capacity.Allocation
	CSVNote   string   // about capacity.csv's size, or ""
	Files     []string // the files written
}

// CapacitySteps returns how many steps a capacity run over cfg computes,
// one in every every.
func CapacitySteps(cfg *sim.Config, every int) int { return (cfg.Steps() + every - 1) / every }

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

// Capacity routes r.Demands at every r.Every-th step, computes the
// max-min fair allocation and writes capacity.parquet, capacity.csv (unless
// too large), capacity_links.csv, capacity_bottlenecks.csv and the
// utilisation plot into r.Dir, all or nothing.
func Capacity(ctx context.Context, r CapacityRun) (*CapacityOutcome, error) {
	sc, demands, outDir := r.Scenario, r.Demands, r.Dir
	cfg := r.Config
	cfg.Pairs = make([][2]int, len(demands))
	for i, d := range demands {
		cfg.Pairs[i] = [2]int{d.Src, d.Dst}
	}
	cfg.AllPairs = false
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	total := CapacitySteps(&cfg, r.Every) // steps computed
	rows := int64(total) * int64(len(demands))
	outs, err := NewOutputs(outDir)
	if err != nil {
		return nil, err
	}
	defer outs.Abort() // no-op after commit
	pf, err := outs.Create("capacity.parquet")
	if err != nil {
		return nil, err
	}
	lf, err := outs.Create("capacity_links.csv")
	if err != nil {
		return nil, err
	}
	bf, err := outs.Create("capacity_bottlenecks.csv")
	if err != nil {
		return nil, err
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
	err = capacity.Run(ctx, net, capacity.RunConfig{Caps: capacity.Defaults(), Demands: demands, K: r.K, Every: r.Every},
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
					if r.CSVMaxMB > 0 && mb > r.CSVMaxMB {
						csvOn = false
						csvNote = fmt.Sprintf("capacity.csv left out: it would hold %s rows, about %s MB (over --csv-max-mb %g); capacity.parquet has the same rows (--csv-max-mb 0 writes it anyway)",
							GroupThousands(float64(rows)), GroupThousands(mb), r.CSVMaxMB)
					} else {
						if mb > DefaultCSVMaxMB {
							csvNote = fmt.Sprintf("capacity.csv will hold %s rows, about %s MB", GroupThousands(float64(rows)), GroupThousands(mb))
						}
						cf, err := outs.Create("capacity.csv")
						if err != nil {
							return err
						}
						if _, err := cf.Write(firstStep.Bytes()); err != nil {
							return err
						}
						counted.w = cf
					}
					if csvNote != "" && r.Note != nil {
						r.Note(csvNote)
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
			if r.Progress != nil {
				r.Progress(steps, total)
			}
			return nil
		})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, interrupted(outDir)
		}
		return nil, err
	}
	var written []string
	if csvOn {
		if err := cw.Flush(); err != nil {
			return nil, err
		}
		written = append(written, "capacity.csv")
	}
	if err := pw.Close(); err != nil {
		return nil, fmt.Errorf("capacity.parquet: %w", err)
	}
	written = append(written, "capacity.parquet", "capacity_links.csv", "capacity_bottlenecks.csv")
	if len(util) > 0 {
		if err := report.PlotCDF(sc.File.Name+": utilisation of loaded links (max-min fair)", "link utilisation (load / capacity)", util,
			outs.Path("capacity_util.png"), outs.Path("capacity_util.svg")); err != nil {
			return nil, err
		}
		written = append(written, "capacity_util.png", "capacity_util.svg")
	}
	if err := outs.Commit(); err != nil {
		return nil, err
	}
	return &CapacityOutcome{Net: net, Steps: steps, Offered: offered, Carried: carried, Last: last, LastAlloc: lastA,
		CSVNote: csvNote, Files: written}, nil
}

// Demands makes the demand matrix of a capacity run over cfg: read from
// the CSV data of file (src,dst,gbps with the names of cfg's ground nodes)
// when file is not "", else a gravity model among cfg's stations and
// terminals totalling total Gb/s. It also says how the demands were made.
func Demands(cfg *sim.Config, file string, data []byte, total float64) ([]capacity.Demand, string, error) {
	if file != "" {
		names := make([]string, len(cfg.Ground))
		for i, g := range cfg.Ground {
			names[i] = g.Name
		}
		demands, err := capacity.ReadDemandCSV(bytes.NewReader(data), file, names)
		if err != nil {
			return nil, "", &InputError{Err: err}
		}
		return demands, "demand matrix from " + file, nil
	}
	var eps []capacity.Endpoint
	for i, g := range cfg.Ground {
		if g.Kind == ground.Station || g.Kind == ground.Terminal {
			eps = append(eps, capacity.Endpoint{Node: i, Population: g.Population})
		}
	}
	gd, err := capacity.Gravity(eps, capacity.Gbps(total))
	if err != nil {
		return nil, "", &InputError{Err: err}
	}
	return gd.Demands, capacity.DescribeGravity(gd, eps, cfg.Ground), nil
}

// CapacityBottleneck is one of the last step's saturated resources.
type CapacityBottleneck struct {
	Name  string // capacity.Problem.ResourceName
	Flows int    // flows it limits
}

// Bottlenecks returns at most n of the last step's saturated resources,
// those limiting the most flows first (ties in resource order).
func (o *CapacityOutcome) Bottlenecks(n int) []CapacityBottleneck {
	if o.Last == nil {
		return nil
	}
	bs := append([]capacity.Bottleneck(nil), o.LastAlloc.Saturated...)
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Flows > bs[j].Flows })
	var out []CapacityBottleneck
	for _, b := range bs[:min(n, len(bs))] {
		out = append(out, CapacityBottleneck{Name: o.Last.ResourceName(b.Resource, o.Net.NodeName), Flows: b.Flows})
	}
	return out
}
