package analysis

import (
	"context"
	"fmt"
	"io"
	"math"
	"orbitnet/ground"
	"orbitnet/orbit/units"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/starlink"
	"strings"
	"time"
)

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

// RealismResult is the starlink model's RTT for the site of one
// published measurement, over all the windows (ms).
type RealismResult struct {
	M                starlink.Measurement
	Dest             string   // the PoP or server the site's RTT is measured to
	Hist             sim.Hist // the model's RTT at every reachable step
	Unreachable, All int64    // steps unreachable, and all steps
	MedProp, MedTerr float64  // median propagation and terrestrial parts
	Lo, Hi, P5, P95  float64  // the model's values at the source's percentiles (NaN: none), 5th, 95th
	Med, Min         float64
}

// Realism runs the starlink model for the site of every published
// measurement over windows windows of length d spread over a day from
// 2026-02-23T00:00:12Z, and writes realism.csv and realism.png/.svg into
// outDir, all or nothing.
func Realism(ctx context.Context, outDir string, d time.Duration, windows int) ([]RealismResult, error) {
	ms, err := starlink.Measurements()
	if err != nil {
		return nil, err
	}
	pops, err := ground.Preset("starlink-pops")
	if err != nil {
		return nil, err
	}
	base := time.Date(2026, 2, 23, 0, 0, 12, 0, time.UTC)
	var results []RealismResult
	for _, m := range ms {
		res := RealismResult{M: m}
		dest := m.Dest
		if dest == "home" {
			nd, err := ground.ParsePlace(m.Place)
			if err != nil {
				return nil, fmt.Errorf("measurements.csv: site %s: place: %w", m.Site, err)
			}
			h := starlink.Home(pops, nd)
			if h < 0 {
				return nil, fmt.Errorf("site %s: no PoP", m.Site)
			}
			dest = pops[h].Name
		}
		res.Dest = dest
		var prop, terr sim.Hist
		for w := range windows {
			start := base.Add(time.Duration(w) * 24 * time.Hour / time.Duration(windows))
			start = starlink.SlotStartAfter(start)
			sc, err := scenario.Parse("realism "+m.Site, "", []byte(realismYAML(m.Place, dest, start, d)))
			if err != nil {
				return nil, fmt.Errorf("site %s: %w", m.Site, err)
			}
			net, err := sim.NewNetwork(sc.Config)
			if err != nil {
				return nil, fmt.Errorf("site %s: %w", m.Site, err)
			}
			_, err = sim.Run(ctx, net, sim.Options{}, sim.SinkFunc(func(r *sim.StepResult) error {
				res.All++
				v := r.Values[0]
				if !v.Reachable() {
					res.Unreachable++
					return nil
				}
				res.Hist.Add(v.RTT())
				prop.Add(units.Ms(float64(r.Parts[0].Propagation) / 1e6))
				terr.Add(units.Ms(float64(r.Parts[0].Terrestrial) / 1e6))
				return nil
			}))
			if err != nil {
				return nil, err
			}
		}
		// NaN quantiles (QLo, QHi unset) read as NaN
		q := res.Hist.AppendQuantiles(nil, 0.05, 0.5, 0.95, 0, m.QLo, m.QHi)
		res.P5, res.Med, res.P95, res.Min = q[0].Ms(), q[1].Ms(), q[2].Ms(), q[3].Ms()
		res.Lo, res.Hi = q[4].Ms(), q[5].Ms()
		res.MedProp, res.MedTerr = prop.Quantile(0.5).Ms(), terr.Quantile(0.5).Ms()
		results = append(results, res)
	}
	outs, err := NewOutputs(outDir)
	if err != nil {
		return nil, err
	}
	defer outs.Abort() // no-op after commit
	if err := writeRealismCSV(outs, results); err != nil {
		return nil, err
	}
	var rows []report.RealismRow
	for _, r := range results {
		rows = append(rows, report.RealismRow{Site: r.M.Site, MeasuredMedian: r.M.Median.Ms(),
			MeasuredLo: r.M.Lo.Ms(), MeasuredHi: r.M.Hi.Ms(), MeasuredMin: r.M.Min.Ms(),
			ModelP5: r.P5, ModelMedian: r.Med, ModelP95: r.P95})
	}
	if err := report.PlotRealism("Starlink RTT: published measurements and the starlink model", rows,
		outs.Path("realism.png"), outs.Path("realism.svg")); err != nil {
		return nil, err
	}
	if err := outs.Commit(); err != nil {
		return nil, err
	}
	return results, nil
}

// InRange says whether the measured median lies within the model's 5th–95th
// percentile range (for a site with only a minimum: whether the model's
// minimum is at or below it).
func InRange(r RealismResult) string {
	switch {
	case !math.IsNaN(r.M.Median.Ms()):
		if r.M.Median.Ms() >= r.P5 && r.M.Median.Ms() <= r.P95 {
			return "yes"
		}
		return "no"
	case !math.IsNaN(r.M.Min.Ms()):
		if r.Min <= r.M.Min.Ms() {
			return "yes"
		}
		return "no"
	}
	return "–"
}

// writeRealismCSV writes realism.csv into outs.
func writeRealismCSV(outs *Outputs, rs []RealismResult) error {
	f, err := outs.Create("realism.csv")
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("site,set,dest,measured_median_ms,model_median_ms,q_lo,measured_lo_ms,model_lo_ms,q_hi,measured_hi_ms,model_hi_ms,measured_min_ms,model_min_ms,model_p5_ms,model_p95_ms,model_median_propagation_ms,model_median_terrestrial_ms,unreachable_steps,steps,laser,verified,source\n")
	for _, r := range rs {
		set := "held-out"
		if r.M.Calibration {
			set = "calibration"
		}
		num := func(v float64) string {
			if math.IsNaN(v) {
				return ""
			}
			return fmt.Sprintf("%.3f", v)
		}
		fields := []string{r.M.Site, set, r.Dest, num(r.M.Median.Ms()), num(r.Med), num(r.M.QLo), num(r.M.Lo.Ms()), num(r.Lo),
			num(r.M.QHi), num(r.M.Hi.Ms()), num(r.Hi), num(r.M.Min.Ms()), num(r.Min), num(r.P5), num(r.P95),
			num(r.MedProp), num(r.MedTerr), fmt.Sprint(r.Unreachable), fmt.Sprint(r.All),
			fmt.Sprint(r.M.Laser), fmt.Sprint(r.M.Verified), r.M.Source}
		for i, s := range fields {
			if strings.ContainsAny(s, ",\"\n") {
				fields[i] = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
			}
		}
		b.WriteString(strings.Join(fields, ",") + "\n")
	}
	_, err = io.WriteString(f, b.String())
	return err
}
