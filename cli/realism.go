package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/ground"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/starlink"
)

func newRealismCmd(env Env) *cobra.Command {
	var outDir, duration string
	var windows int
	cmd := &cobra.Command{
		Use:   "realism",
		Short: "Compare the starlink model with published Starlink RTT measurements",
		Long: `realism runs the starlink traffic model for the sites of published Starlink
measurements (an embedded, cited table: starlink/data/measurements.csv) and
prints measured against modelled RTT: median, the source's percentiles and
the model's 5th and 95th. Each site is a user terminal on Starlink Gen1 with
the real gateways and PoPs, the slot scheduler and routing mode starlink
with its default parameters, over several windows spread over a day. It
writes realism.csv and realism.png/.svg into the output directory.
docs/realism.md discusses the result.`,
		Example: `  orbitnet realism
  orbitnet realism -o out/realism --windows 6 --duration 5m`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := time.ParseDuration(duration)
			if err != nil || d <= 0 || d > 24*time.Hour {
				return usagef("--duration %q: want a positive duration up to 24h", duration)
			}
			if windows < 1 || windows > 48 {
				return usagef("--windows %d: want 1 to 48", windows)
			}
			return runRealism(cmd.Context(), env, outDir, d, windows)
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", filepath.Join("out", "realism"), "output directory")
	cmd.Flags().StringVar(&duration, "duration", "10m", "length of each window (1 s steps)")
	cmd.Flags().IntVar(&windows, "windows", 3, "windows, spread evenly over 24 h from 2026-02-23T00:00:12Z")
	return cmd
}

// realismYAML is the scenario of one site and window.
func realismYAML(place, dest string, start time.Time, d time.Duration) string {
	return fmt.Sprintf(`name: realism
start: %s
duration: %s
step: 1s
constellation: {preset: starlink-gen1}
ground:
  terminals: {cities: [%q]}
  gateways: {preset: starlink-gateways}
  pops: {preset: starlink-pops}
links:
  isl: {pattern: plus-grid, max_range_km: 5016, min_altitude_km: 80}
  gsl: {min_elevation_deg: 25, policy: slot, selection: highest-elevation}
routing: {mode: starlink}
pairs: [[%q, %q]]
output: {plots: false}
`, start.Format(time.RFC3339), d, place, place, dest)
}

type realismResult struct {
	m                starlink.Measurement
	dest             string
	hist             sim.Hist
	unreachable, all int64
	medProp, medTerr float64
	lo, hi, p5, p95  float64
	med, min         float64
}

func runRealism(ctx context.Context, env Env, outDir string, d time.Duration, windows int) error {
	ms, err := starlink.Measurements()
	if err != nil {
		return err
	}
	pops, err := ground.Preset("starlink-pops")
	if err != nil {
		return err
	}
	base := time.Date(2026, 2, 23, 0, 0, 12, 0, time.UTC)
	var results []realismResult
	for _, m := range ms {
		res := realismResult{m: m}
		dest := m.Dest
		if dest == "home" {
			nd, err := ground.ParsePlace(m.Place)
			if err != nil {
				return fmt.Errorf("measurements.csv: site %s: place: %w", m.Site, err)
			}
			h := starlink.Home(pops, nd)
			if h < 0 {
				return fmt.Errorf("site %s: no PoP", m.Site)
			}
			dest = pops[h].Name
		}
		res.dest = dest
		var prop, terr sim.Hist
		for w := range windows {
			start := base.Add(time.Duration(w) * 24 * time.Hour / time.Duration(windows))
			start = starlink.SlotStartAfter(start)
			sc, err := scenario.Parse("realism "+m.Site, "", []byte(realismYAML(m.Place, dest, start, d)))
			if err != nil {
				return fmt.Errorf("site %s: %w", m.Site, err)
			}
			net, err := sim.NewNetwork(sc.Config)
			if err != nil {
				return fmt.Errorf("site %s: %w", m.Site, err)
			}
			_, err = sim.Run(ctx, net, sim.Options{}, sim.SinkFunc(func(r *sim.StepResult) error {
				res.all++
				v := r.Values[0]
				if !v.Reachable() {
					res.unreachable++
					return nil
				}
				res.hist.Add(v.RTTMs())
				prop.Add(float64(r.Parts[0].Propagation) / 1e6)
				terr.Add(float64(r.Parts[0].Terrestrial) / 1e6)
				return nil
			}))
			if err != nil {
				return err
			}
		}
		q := res.hist.Quantile
		res.p5, res.med, res.p95, res.min = q(0.05), q(0.5), q(0.95), q(0)
		res.lo, res.hi = math.NaN(), math.NaN()
		if !math.IsNaN(m.QLo) {
			res.lo = q(m.QLo)
		}
		if !math.IsNaN(m.QHi) {
			res.hi = q(m.QHi)
		}
		res.medProp, res.medTerr = prop.Quantile(0.5), terr.Quantile(0.5)
		results = append(results, res)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := writeRealismCSV(filepath.Join(outDir, "realism.csv"), results); err != nil {
		return err
	}
	var rows []report.RealismRow
	for _, r := range results {
		rows = append(rows, report.RealismRow{Site: r.m.Site, MeasuredMedian: r.m.MedianMs,
			MeasuredLo: r.m.MsLo, MeasuredHi: r.m.MsHi, MeasuredMin: r.m.MinMs,
			ModelP5: r.p5, ModelMedian: r.med, ModelP95: r.p95})
	}
	if err := report.PlotRealism("Starlink RTT: published measurements and the starlink model", rows,
		filepath.Join(outDir, "realism.png"), filepath.Join(outDir, "realism.svg")); err != nil {
		return err
	}
	printRealism(env.Stdout, results, windows, d)
	fmt.Fprintf(env.Stdout, "wrote realism.csv, realism.png, realism.svg in %s\n", outDir)
	return nil
}

func fmtMs(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.1f", v)
}

func fmtQ(q float64) string {
	if math.IsNaN(q) {
		return ""
	}
	return fmt.Sprintf("p%g", math.Round(q*100))
}

func printRealism(w io.Writer, rs []realismResult, windows int, d time.Duration) {
	fmt.Fprintf(w, "starlink model (defaults) against published measurements; %d windows of %s at 1 s per site\n\n", windows, d)
	fmt.Fprintf(w, "%-20s %-11s %-16s %15s %19s %19s %11s %15s %9s\n", "site", "set", "to", "median meas/mod",
		"low pct meas/mod", "high pct meas/mod", "min meas/mod", "model p5–p95", "in range")
	for _, r := range rs {
		set := "held-out"
		if r.m.Calibration {
			set = "calibration"
		}
		lo := fmt.Sprintf("%s %s/%s", fmtQ(r.m.QLo), fmtMs(r.m.MsLo), fmtMs(r.lo))
		hi := fmt.Sprintf("%s %s/%s", fmtQ(r.m.QHi), fmtMs(r.m.MsHi), fmtMs(r.hi))
		if math.IsNaN(r.m.QLo) {
			lo = "–"
		}
		if math.IsNaN(r.m.QHi) {
			hi = "–"
		}
		fmt.Fprintf(w, "%-20s %-11s %-16s %15s %19s %19s %11s %15s %9s\n", clipName(r.m.Site, 20), set, clipName(r.dest, 16),
			fmtMs(r.m.MedianMs)+"/"+fmtMs(r.med), lo, hi, fmtMs(r.m.MinMs)+"/"+fmtMs(r.min),
			fmtMs(r.p5)+"–"+fmtMs(r.p95), inRange(r))
	}
}

// inRange says whether the measured median lies within the model's 5th–95th
// percentile range (for a site with only a minimum: whether the model's
// minimum is at or below it).
func inRange(r realismResult) string {
	switch {
	case !math.IsNaN(r.m.MedianMs):
		if r.m.MedianMs >= r.p5 && r.m.MedianMs <= r.p95 {
			return "yes"
		}
		return "no"
	case !math.IsNaN(r.m.MinMs):
		if r.min <= r.m.MinMs {
			return "yes"
		}
		return "no"
	}
	return "–"
}

func writeRealismCSV(path string, rs []realismResult) error {
	f, err := report.CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	var b strings.Builder
	b.WriteString("site,set,dest,measured_median_ms,model_median_ms,q_lo,measured_lo_ms,model_lo_ms,q_hi,measured_hi_ms,model_hi_ms,measured_min_ms,model_min_ms,model_p5_ms,model_p95_ms,model_median_propagation_ms,model_median_terrestrial_ms,unreachable_steps,steps,laser,verified,source\n")
	for _, r := range rs {
		set := "held-out"
		if r.m.Calibration {
			set = "calibration"
		}
		num := func(v float64) string {
			if math.IsNaN(v) {
				return ""
			}
			return fmt.Sprintf("%.3f", v)
		}
		fields := []string{r.m.Site, set, r.dest, num(r.m.MedianMs), num(r.med), num(r.m.QLo), num(r.m.MsLo), num(r.lo),
			num(r.m.QHi), num(r.m.MsHi), num(r.hi), num(r.m.MinMs), num(r.min), num(r.p5), num(r.p95),
			num(r.medProp), num(r.medTerr), fmt.Sprint(r.unreachable), fmt.Sprint(r.all),
			fmt.Sprint(r.m.Laser), fmt.Sprint(r.m.Verified), r.m.Source}
		for i, s := range fields {
			if strings.ContainsAny(s, ",\"\n") {
				fields[i] = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
			}
		}
		b.WriteString(strings.Join(fields, ",") + "\n")
	}
	if _, err := io.WriteString(f, b.String()); err != nil {
		return err
	}
	return f.Commit()
}
