package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/orbit/units"
	"orbitnet/scenario"
	"orbitnet/sim"
)

func newCoverageCmd(env Env) *cobra.Command {
	var regionArg, scen, duration, step, outDir string
	var gridKm float64
	var workers int
	var quiet, jsonOut bool
	cmd := &cobra.Command{
		Use:   "coverage --region NAME|FILE.geojson",
		Short: "What a constellation gives a region: coverage, satellites in view, elevation, gateways, RTT to the nearest PoP",
		Long: `coverage samples a region (a country by name or ISO code, or a GeoJSON file) on
an equal-area grid of cells about --grid-km on a side and reports, for every
cell and for the region, over the scenario's time span:

  - the fraction of time with at least one satellite above the elevation mask;
  - the number of satellites above the mask (min, mean, max);
  - the elevation of the highest satellite (mean, and worst case);
  - with gateways: how often the highest satellite also sees a gateway;
  - with PoPs (bent-pipe or hybrid routing): the RTT to the nearest PoP
    through the engine's routing (median over time, fraction reachable).

It writes coverage.csv (one row per cell), coverage.json (the region summary
and the parameters), and maps into the output folder, default
out/<scenario>/coverage-<region>: coverage.png/.svg (mean satellites above
the mask), coverage_time.png/.svg (fraction of time covered, when some cell
is not covered all the time) and coverage_rtt.png/.svg (with PoPs).
The time step defaults to 10 s whatever the scenario says; the duration
defaults to the scenario's or one orbital period of the constellation
(its slowest satellite, rounded up to a minute), whichever is longer.
--json prints the summary (coverage.json) on stdout instead of the table.
See docs/coverage.md.`,
		Example: `  orbitnet coverage --region Ukraine --duration 10m
  orbitnet coverage --region UA --scenario starlink-gen1 --duration 10m --grid-km 50
  orbitnet coverage --region my-area.geojson --grid-km 10 -o out/my-area`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !(gridKm >= 1 && gridKm <= 5000) {
				return usagef("--grid-km %v: must be in [1, 5000] km", gridKm)
			}
			if workers < 0 {
				return usagef("--workers %d: must be ≥ 1 (0 = all cores)", workers)
			}
			reg, src, err := analysis.LoadRegion(regionArg)
			if err != nil {
				return asUsage(err)
			}
			sc, err := scenario.Load(scen)
			if err != nil {
				return asUsage(err)
			}
			cfg := sc.Config
			durationNote, err := analysis.CoverageTimes(&cfg, duration != "", func(c *sim.Config) error { return overrideTimes(c, duration, step) })
			if err != nil {
				return err
			}
			if outDir == "" {
				outDir = analysis.CoverageDir(sc, reg)
			}
			return runCoverage(cmd.Context(), env, analysis.CoverageRun{Scenario: sc, Config: cfg, Region: reg, RegionSource: src,
				GridCell: units.Km(gridKm), Dir: outDir, Workers: workers, DurationNote: durationNote, Version: Version}, quiet, jsonOut)
		},
	}
	f := cmd.Flags()
	f.StringVar(&regionArg, "region", "", "country name or ISO code (Ukraine, UA, UKR), or a GeoJSON file")
	f.StringVar(&scen, "scenario", scenario.Default, "embedded scenario name or YAML file")
	f.Float64Var(&gridKm, "grid-km", analysis.DefaultCoverageGridKm, "grid cell size, km")
	f.StringVar(&duration, "duration", "", "time span (default: the scenario's, at least one orbital period)")
	f.StringVar(&step, "step", "", "time step (default 10s)")
	f.StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario>/coverage-<region>)")
	f.IntVar(&workers, "workers", 0, "worker goroutines (default: all cores)")
	f.BoolVar(&quiet, "quiet", false, "no progress bar")
	f.BoolVar(&jsonOut, "json", false, "print the summary as JSON (coverage.json) on stdout instead of the table")
	_ = cmd.MarkFlagRequired("region")
	return cmd
}

// runCoverage runs the analysis r and prints its summary: the table, or
// with jsonOut coverage.json alone on stdout.
func runCoverage(ctx context.Context, env Env, r analysis.CoverageRun, quiet, jsonOut bool) error {
	var bar *progressbar.ProgressBar
	if env.IsTerminal && !quiet {
		r.Progress = func(done, total int) {
			if bar == nil { // the total is known once the grid is
				bar = newProgressBar(env, quiet, total, "coverage "+r.Region.Name)
			}
			_ = bar.Set(done)
		}
	}
	started := time.Now()
	out, err := analysis.Coverage(ctx, r)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	res := out.Result
	done := fmt.Sprintf("%d cells × %d steps in %.1f s (%d workers); wrote %s in %s\n",
		len(res.Cells), res.Steps, time.Since(started).Seconds(), analysis.Workers(r.Workers), strings.Join(out.Files, ", "), r.Dir)
	if jsonOut {
		// stdout holds the JSON document alone
		if _, err := env.Stdout.Write(out.JSON); err != nil {
			return err
		}
		if !quiet {
			fmt.Fprint(env.Stderr, done)
		}
		return nil
	}
	printCoverage(env.Stdout, out.Table(r))
	fmt.Fprint(env.Stdout, "\n"+done)
	return nil
}

// printCoverage prints the summary table.
func printCoverage(w io.Writer, t *analysis.CoverageTable) {
	fmt.Fprint(w, strings.Join(t.Head, "\n")+"\n\n")
	for _, r := range t.Rows {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%-36s %12s %12s  %s", r[0], r[1], r[2], r[3]), " "))
	}
	if t.PoPs != nil {
		fmt.Fprintf(w, "nearest PoPs: %s\n", strings.Join(t.PoPs, ", "))
	}
	for _, l := range t.Tail {
		fmt.Fprintln(w, l)
	}
}
