package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"orbitnet/constellation"
	"orbitnet/coverage"
	"orbitnet/ground"
	"orbitnet/region"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// Defaults of the coverage command.
const (
	defaultCoverageGridKm = 25.0
	defaultCoverageStep   = 10 * time.Second
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
			reg, src, err := loadRegion(regionArg)
			if err != nil {
				return asUsage(err)
			}
			sc, err := scenario.Load(scen)
			if err != nil {
				return asUsage(err)
			}
			cfg := sc.Config
			cfg.Step = defaultCoverageStep
			if err := overrideTimes(&cfg, duration, step); err != nil {
				return err
			}
			var durationNote string
			if duration == "" {
				durationNote = defaultCoverageDuration(&cfg)
			}
			if n := cfg.Duration / cfg.Step; n > scenario.MaxSteps {
				return usagef("--duration %v at --step %v is %d steps, more than %d", cfg.Duration, cfg.Step, n, scenario.MaxSteps)
			}
			if outDir == "" {
				outDir = filepath.Join("out", sc.File.Name, "coverage-"+regionSlug(reg))
			}
			return runCoverage(cmd.Context(), env, coverageRun{sc: sc, cfg: cfg, reg: reg, regionSource: src,
				gridKm: gridKm, outDir: outDir, workers: workers, quiet: quiet, jsonOut: jsonOut, durationNote: durationNote})
		},
	}
	f := cmd.Flags()
	f.StringVar(&regionArg, "region", "", "country name or ISO code (Ukraine, UA, UKR), or a GeoJSON file")
	f.StringVar(&scen, "scenario", scenario.Default, "embedded scenario name or YAML file")
	f.Float64Var(&gridKm, "grid-km", defaultCoverageGridKm, "grid cell size, km")
	f.StringVar(&duration, "duration", "", "time span (default: the scenario's, at least one orbital period)")
	f.StringVar(&step, "step", "", "time step (default 10s)")
	f.StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario>/coverage-<region>)")
	f.IntVar(&workers, "workers", 0, "worker goroutines (default: all cores)")
	f.BoolVar(&quiet, "quiet", false, "no progress bar")
	f.BoolVar(&jsonOut, "json", false, "print the summary as JSON (coverage.json) on stdout instead of the table")
	_ = cmd.MarkFlagRequired("region")
	return cmd
}

// orbitalPeriod returns the longest orbital period of the satellites
// placed in shells (of every satellite when none is), from their Kozai mean
// motion: one day over the revolutions per day. It returns 0 for no
// satellite with a positive mean motion.
func orbitalPeriod(c *constellation.Constellation) time.Duration {
	minRevs := math.Inf(1)
	for _, sat := range c.Sats {
		if n := sat.Elements.MeanMotion; n > 0 && (sat.Shell >= 0 || len(c.Unplaced) == len(c.Sats)) {
			minRevs = min(minRevs, n)
		}
	}
	if math.IsInf(minRevs, 1) {
		return 0
	}
	return time.Duration(float64(24*time.Hour) / minRevs)
}

// defaultCoverageDuration lengthens cfg's duration (the scenario's) to one
// orbital period of the constellation rounded up to a whole minute when it
// is shorter, so that every satellite passes once through every point of
// its orbit: a shorter span can show a region covered all the time only
// because the satellites' gaps have not come round yet. It returns a note
// saying so, or "".
func defaultCoverageDuration(cfg *sim.Config) string {
	if cfg.Constellation == nil {
		return ""
	}
	period := orbitalPeriod(cfg.Constellation)
	if period <= 0 {
		return ""
	}
	d := (period + time.Minute - 1).Truncate(time.Minute)
	if cfg.Duration >= d {
		return ""
	}
	note := fmt.Sprintf("duration %s: one orbital period of the constellation (%.1f min) rounded up to a minute; the scenario's %s is shorter (--duration to change)",
		shortDuration(d), period.Minutes(), shortDuration(cfg.Duration))
	cfg.Duration = d
	return note
}

// loadRegion reads a GeoJSON file when arg names one (it ends in .geojson
// or .json, or holds a path separator), and looks up a country otherwise.
// It also says where the outline came from.
func loadRegion(arg string) (*region.Region, string, error) {
	lower := strings.ToLower(arg)
	if strings.HasSuffix(lower, ".geojson") || strings.HasSuffix(lower, ".json") || strings.ContainsAny(arg, `/\`) {
		r, err := region.Load(arg)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, "", fmt.Errorf("--region %s: no such file", arg)
			}
			return nil, "", err
		}
		return r, arg, nil
	}
	r, err := region.Lookup(arg)
	if err != nil {
		return nil, "", err
	}
	src := "Natural Earth 1:110m admin-0 v4.0.0"
	if r.ISO == "UKR" {
		src = "Ukraine with Crimea (region/data/ukraine-outline)"
	}
	return r, src, nil
}

// regionSlug names a region's output folder: its ISO code in lower case,
// else its name with everything but letters and digits turned into '-'.
func regionSlug(r *region.Region) string {
	if r.ISO != "" {
		return strings.ToLower(r.ISO)
	}
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(r.Name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		s = "region"
	}
	return s
}

// coverageRun is one coverage command's resolved input.
type coverageRun struct {
	sc           *scenario.Scenario
	cfg          sim.Config
	reg          *region.Region
	regionSource string
	gridKm       float64
	outDir       string
	workers      int
	quiet        bool
	jsonOut      bool   // --json: the summary as JSON on stdout
	durationNote string // why the duration is not the scenario's, or ""
}

func runCoverage(ctx context.Context, env Env, r coverageRun) error {
	cells := r.reg.Grid(r.gridKm)
	outs, err := newOutputs(r.outDir)
	if err != nil {
		return err
	}
	defer outs.abort() // no-op after commit
	var bar *progressbar.ProgressBar
	progress := func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr),
				progressbar.OptionSetDescription("coverage "+r.reg.Name), progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish())
		}
		_ = bar.Set(done)
	}
	if !env.IsTerminal || r.quiet {
		progress = nil
	}
	started := time.Now()
	res, err := coverage.Compute(ctx, coverage.Config{Cells: cells, Network: r.cfg, Workers: r.workers}, progress)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: no output files were written to %s", r.outDir)
		}
		return err
	}
	elapsed := time.Since(started)

	written := []string{"coverage.csv", "coverage.json"}
	csvF, err := outs.create("coverage.csv")
	if err != nil {
		return err
	}
	if err := res.WriteCSV(csvF); err != nil {
		return fmt.Errorf("coverage.csv: %w", err)
	}
	doc := coverageDoc(r, res)
	staged := r
	staged.outDir = outs.dir.Dir() // the maps go with the other outputs
	maps, err := plotCoverage(staged, res)
	if err != nil {
		return err
	}
	written = append(written, maps...)
	doc.Files = written
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	jsF, err := outs.create("coverage.json")
	if err != nil {
		return err
	}
	if _, err := jsF.Write(append(js, '\n')); err != nil {
		return err
	}
	if err := outs.commit(); err != nil {
		return err
	}
	done := fmt.Sprintf("%d cells × %d steps in %.1f s (%d workers); wrote %s in %s\n",
		len(res.Cells), res.Steps, elapsed.Seconds(), effectiveWorkers(r.workers), strings.Join(written, ", "), r.outDir)
	if r.jsonOut {
		// stdout holds the JSON document alone
		if _, err := env.Stdout.Write(append(js, '\n')); err != nil {
			return err
		}
		if !r.quiet {
			fmt.Fprint(env.Stderr, done)
		}
		return nil
	}
	printCoverage(env.Stdout, r, res, doc)
	fmt.Fprint(env.Stdout, "\n"+done)
	return nil
}

// plotCoverage draws the maps and returns the names of the files written.
func plotCoverage(r coverageRun, res *coverage.Result) ([]string, error) {
	sub := fmt.Sprintf("%s, %s every %s from %s, %d cells of %g km", r.sc.File.Name, shortDuration(r.cfg.Duration), shortDuration(r.cfg.Step),
		r.cfg.Start.Format("2006-01-02 15:04 UTC"), len(res.Cells), r.gridKm)
	cells := make([]report.MapCell, len(res.Cells))
	allCovered := true
	for i, c := range res.Cells {
		dLat, dLon := gridCellSize(r.gridKm, c.Lat)
		cells[i] = report.MapCell{Lat: c.Lat, Lon: c.Lon, DLat: dLat, DLon: dLon, Value: c.MeanVisible}
		allCovered = allCovered && c.CoveredFrac == 1
	}
	outline := r.reg.Outline()
	covered := fmt.Sprintf("covered %.2f%% of the time (area-weighted)", 100*res.Summary.MeanCoveredFrac)
	if allCovered {
		covered = "every cell covered all the time"
	}
	// The default map: satellites in view, on a scale spanning the cells'
	// values, which varies even where every cell is always covered.
	m := report.Map{
		Title:      fmt.Sprintf("%s: mean number of satellites above %g°; %s\n%s", r.reg.Name, r.cfg.GSL.MinElevationDeg, covered, sub),
		Cells:      cells,
		Outline:    outline,
		ValueLabel: fmt.Sprintf("mean satellites above %g°", r.cfg.GSL.MinElevationDeg),
	}
	dir := r.outDir
	if err := report.PlotMap(m, filepath.Join(dir, "coverage.png"), filepath.Join(dir, "coverage.svg")); err != nil {
		return nil, fmt.Errorf("coverage map: %w", err)
	}
	files := []string{"coverage.png", "coverage.svg"}
	if !allCovered {
		frac := make([]report.MapCell, len(cells))
		for i, c := range res.Cells {
			frac[i] = cells[i]
			frac[i].Value = c.CoveredFrac
		}
		m = report.Map{
			Title:      fmt.Sprintf("%s: fraction of time with a satellite above %g°\n%s", r.reg.Name, r.cfg.GSL.MinElevationDeg, sub),
			Cells:      frac,
			Outline:    outline,
			ValueLabel: "fraction of time covered",
			Min:        0, Max: 1,
		}
		if err := report.PlotMap(m, filepath.Join(dir, "coverage_time.png"), filepath.Join(dir, "coverage_time.svg")); err != nil {
			return nil, fmt.Errorf("coverage time map: %w", err)
		}
		files = append(files, "coverage_time.png", "coverage_time.svg")
	}
	if !res.RTT {
		return files, nil
	}
	rtt := make([]report.MapCell, len(cells))
	for i, c := range res.Cells {
		rtt[i] = cells[i]
		rtt[i].Value = c.PoPRTTMedianMs
	}
	m = report.Map{
		Title:        fmt.Sprintf("%s: median RTT to the nearest PoP (%s routing)\n%s", r.reg.Name, r.cfg.Mode, sub),
		Cells:        rtt,
		Outline:      outline,
		ValueLabel:   "median RTT (ms)",
		Reverse:      true,
		NoValueLabel: "never reachable",
	}
	if err := report.PlotMap(m, filepath.Join(dir, "coverage_rtt.png"), filepath.Join(dir, "coverage_rtt.svg")); err != nil {
		return nil, fmt.Errorf("RTT map: %w", err)
	}
	return append(files, "coverage_rtt.png", "coverage_rtt.svg"), nil
}

// gridCellSize returns the height and width, in degrees, of the cell of
// region.Grid(cellKm) whose centre is at latitude lat, by the same rule:
// rows of 180°/round(πR/cellKm), and round(2πR·cos φ/cellKm) cells (at
// least 1) per row, R = region.EarthRadiusKm.
func gridCellSize(cellKm, lat float64) (dLat, dLon float64) {
	R := region.EarthRadiusKm
	rows := max(1, math.Round(math.Pi*R/cellKm))
	m := max(1, math.Round(2*math.Pi*R*math.Cos(lat*math.Pi/180)/cellKm))
	return 180 / rows, 360 / m
}

// The JSON document, coverage.json (docs/coverage.md). Values that do not
// apply are null.
type (
	coverageJSON struct {
		Version  string            `json:"orbitnet_version"`
		Region   coverageRegion    `json:"region"`
		Scenario coverageScenario  `json:"scenario"`
		Start    string            `json:"start"`
		Duration string            `json:"duration"`
		DurS     float64           `json:"duration_s"`
		Step     string            `json:"step"`
		StepS    float64           `json:"step_s"`
		Steps    int               `json:"steps"`
		MaskDeg  float64           `json:"min_elevation_deg"`
		RangeKm  float64           `json:"max_range_km"`
		Summary  coverageSummary   `json:"summary"`
		PoPs     []coveragePoPArea `json:"nearest_pops,omitempty"`
		Notes    []string          `json:"notes,omitempty"`
		Files    []string          `json:"files"`
	}
	coverageRegion struct {
		Name         string  `json:"name"`
		ISO          string  `json:"iso,omitempty"`
		ISO2         string  `json:"iso2,omitempty"`
		Source       string  `json:"source"`
		AreaKm2      float64 `json:"area_km2"`
		GridKm       float64 `json:"grid_km"`
		Cells        int     `json:"cells"`
		CellsAreaKm2 float64 `json:"cells_area_km2"`
	}
	coverageScenario struct {
		Name       string `json:"name"`
		Source     string `json:"source"`
		Satellites int    `json:"satellites"`
		Mode       string `json:"routing_mode"`
		GSLPolicy  string `json:"gsl_policy"`
		Gateways   int    `json:"gateways"`
		PoPs       int    `json:"pops"`
	}
	coverageSummary struct {
		MeanCoveredFrac      float64      `json:"mean_covered_frac"`
		FullyCoveredAreaFrac float64      `json:"fully_covered_area_frac"`
		NeverCoveredAreaFrac float64      `json:"never_covered_area_frac"`
		AllCoveredFrac       float64      `json:"all_cells_covered_frac"`
		MinCoveredFrac       float64      `json:"min_covered_frac"`
		MinCoveredCell       *coverageRef `json:"min_covered_cell"`
		MinVisible           int          `json:"min_visible"`
		MeanVisible          float64      `json:"mean_visible"`
		MaxVisible           int          `json:"max_visible"`
		MeanBestElevDeg      *float64     `json:"mean_best_elev_deg"`
		MinBestElevDeg       *float64     `json:"min_best_elev_deg"`
		MinBestElevCell      *coverageRef `json:"min_best_elev_cell"`
		GatewayFrac          *float64     `json:"gateway_frac"`
		MinGatewayFrac       *float64     `json:"min_gateway_frac"`
		MinGatewayCell       *coverageRef `json:"min_gateway_cell"`
		RTTMedianMs          *float64     `json:"pop_rtt_median_ms"`
		RTTWorstMedianMs     *float64     `json:"pop_rtt_worst_median_ms"`
		WorstRTTCell         *coverageRef `json:"worst_rtt_cell"`
		ReachableFrac        *float64     `json:"pop_reachable_frac"`
		MinReachableFrac     *float64     `json:"min_pop_reachable_frac"`
	}
	coverageRef struct {
		Cell   string  `json:"cell"`
		LatDeg float64 `json:"lat_deg"`
		LonDeg float64 `json:"lon_deg"`
	}
	coveragePoPArea struct {
		Name     string  `json:"name"`
		Cells    int     `json:"cells"`
		AreaFrac float64 `json:"area_frac"`
	}
)

// round6 rounds to 6 decimals, as the CSV prints.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// opt6 is round6 as a JSON value, null for NaN.
func opt6(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	x := round6(v)
	return &x
}

func coverageDoc(r coverageRun, res *coverage.Result) *coverageJSON {
	cfg := &r.cfg
	var nGW, nPoP int
	for _, g := range cfg.Ground {
		switch g.Kind {
		case ground.Gateway:
			nGW++
		case ground.PoP:
			nPoP++
		}
	}
	ref := func(i int) *coverageRef {
		if i < 0 {
			return nil
		}
		c := &res.Cells[i]
		return &coverageRef{Cell: c.Name, LatDeg: round6(c.Lat), LonDeg: round6(c.Lon)}
	}
	s := &res.Summary
	doc := &coverageJSON{
		Version: Version,
		Region: coverageRegion{Name: r.reg.Name, ISO: r.reg.ISO, ISO2: r.reg.ISO2, Source: r.regionSource,
			AreaKm2: round6(r.reg.AreaKm2()), GridKm: r.gridKm, Cells: len(res.Cells), CellsAreaKm2: round6(s.AreaKm2)},
		Scenario: coverageScenario{Name: r.sc.File.Name, Source: r.sc.Source, Satellites: len(cfg.Constellation.Sats),
			Mode: string(cfg.Mode), GSLPolicy: string(cfg.GSL.Policy), Gateways: nGW, PoPs: nPoP},
		Start: cfg.Start.Format(time.RFC3339), Duration: cfg.Duration.String(), DurS: cfg.Duration.Seconds(),
		Step: cfg.Step.String(), StepS: cfg.Step.Seconds(), Steps: res.Steps,
		MaskDeg: cfg.GSL.MinElevationDeg, RangeKm: cfg.GSL.MaxRangeKm,
		Summary: coverageSummary{
			MeanCoveredFrac: round6(s.MeanCoveredFrac), FullyCoveredAreaFrac: round6(s.FullyCoveredAreaFrac),
			NeverCoveredAreaFrac: round6(s.NeverCoveredAreaFrac), AllCoveredFrac: round6(s.AllCoveredFrac),
			MinCoveredFrac: round6(s.MinCoveredFrac), MinCoveredCell: ref(s.MinCoveredCell),
			MinVisible: s.MinVisible, MeanVisible: round6(s.MeanVisible), MaxVisible: s.MaxVisible,
			MeanBestElevDeg: opt6(s.MeanBestElevDeg), MinBestElevDeg: opt6(s.MinBestElevDeg), MinBestElevCell: ref(s.MinBestElevCell),
			GatewayFrac: opt6(s.GatewayFrac), MinGatewayFrac: opt6(s.MinGatewayFrac), MinGatewayCell: ref(s.MinGatewayCell),
			RTTMedianMs: opt6(s.PoPRTTMedianMs), RTTWorstMedianMs: opt6(s.PoPRTTWorstMedianMs), WorstRTTCell: ref(s.WorstRTTCell),
			ReachableFrac: opt6(s.PoPReachableFrac), MinReachableFrac: opt6(s.MinPoPReachableFrac),
		},
	}
	if res.RTT {
		byPoP := map[string]*coveragePoPArea{}
		for _, c := range res.Cells {
			p := byPoP[c.PoPName]
			if p == nil {
				p = &coveragePoPArea{Name: c.PoPName}
				byPoP[c.PoPName] = p
			}
			p.Cells++
			p.AreaFrac += c.AreaKm2 / s.AreaKm2
		}
		for _, p := range byPoP {
			p.AreaFrac = round6(p.AreaFrac)
			doc.PoPs = append(doc.PoPs, *p)
		}
		sort.Slice(doc.PoPs, func(i, j int) bool {
			a, b := doc.PoPs[i], doc.PoPs[j]
			return a.Cells > b.Cells || (a.Cells == b.Cells && a.Name < b.Name)
		})
	}
	if r.durationNote != "" {
		doc.Notes = append(doc.Notes, r.durationNote)
	}
	if res.RTTNote != "" {
		doc.Notes = append(doc.Notes, res.RTTNote)
	}
	if len(cfg.Failures) > 0 {
		doc.Notes = append(doc.Notes, "the scenario's what-if failures are applied: failed satellites and gateways are not seen, and cells inside a jammed area see no satellite while it is jammed")
	}
	return doc
}

// printCoverage prints the summary table.
func printCoverage(w io.Writer, r coverageRun, res *coverage.Result, doc *coverageJSON) {
	s := &res.Summary
	cfg := &r.cfg
	name := r.reg.Name
	if r.reg.ISO != "" {
		name += " (" + r.reg.ISO + ")"
	}
	fmt.Fprintf(w, "%s: %d cells of %g km, %s km²; %s: %d satellites, %s routing, mask %g°\n", name, len(res.Cells), r.gridKm,
		groupThousands(s.AreaKm2), r.sc.File.Name, len(cfg.Constellation.Sats), cfg.Mode, cfg.GSL.MinElevationDeg)
	fmt.Fprintf(w, "%d steps of %s from %s to %s\n\n", res.Steps, cfg.Step, cfg.Start.Format(TimeFormat),
		cfg.Start.Add(time.Duration(res.Steps-1)*cfg.Step).Format(TimeFormat))
	cellAt := func(i int) string {
		if i < 0 {
			return ""
		}
		c := &res.Cells[i]
		return c.Name + " " + report.FormatLatLon(c.Lat, c.Lon, 2)
	}
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "—"
		}
		return fmt.Sprintf("%.2f%%", 100*v)
	}
	row := func(what, region, worst, cell string) {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%-36s %12s %12s  %s", what, region, worst, cell), " "))
	}
	row("", "region", "worst cell", "")
	worstCov := ""
	if s.MinCoveredFrac < 1 {
		worstCov = cellAt(s.MinCoveredCell)
	}
	row("time with a satellite above the mask", pct(s.MeanCoveredFrac), pct(s.MinCoveredFrac), worstCov)
	row("area covered all the time", pct(s.FullyCoveredAreaFrac), "", "")
	row("area never covered", pct(s.NeverCoveredAreaFrac), "", "")
	row("time every cell is covered at once", pct(s.AllCoveredFrac), "", "")
	deg := func(v float64) string {
		if math.IsNaN(v) {
			return "—"
		}
		return fmt.Sprintf("%.2f°", v)
	}
	row("elevation of the highest satellite", deg(s.MeanBestElevDeg), deg(s.MinBestElevDeg), cellAt(s.MinBestElevCell))
	if res.Gateways {
		row("serving satellite sees a gateway", pct(s.GatewayFrac), pct(s.MinGatewayFrac), cellAt(s.MinGatewayCell))
	}
	if res.RTT {
		ms := func(v float64) string {
			if math.IsNaN(v) {
				return "—"
			}
			return fmt.Sprintf("%.3f ms", v)
		}
		row("median RTT to the nearest PoP", ms(s.PoPRTTMedianMs), ms(s.PoPRTTWorstMedianMs), cellAt(s.WorstRTTCell))
		row("nearest PoP reachable", pct(s.PoPReachableFrac), pct(s.MinPoPReachableFrac), "")
		var names []string
		for _, p := range doc.PoPs {
			names = append(names, fmt.Sprintf("%s (%d cells)", p.Name, p.Cells))
		}
		fmt.Fprintf(w, "nearest PoPs: %s\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(w, "satellites above the mask: %.2f on average, %d to %d at any cell and step\n", s.MeanVisible, s.MinVisible, s.MaxVisible)
	for _, n := range doc.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

// groupThousands formats v rounded to an integer with commas: 603,550.
func groupThousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// shortDuration writes d without trailing zero units: 10m, 1h30m, 10s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
