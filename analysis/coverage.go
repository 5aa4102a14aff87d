package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"orbitnet/constellation"
	"orbitnet/coverage"
	"orbitnet/ground"
	"orbitnet/orbit/units"
	"orbitnet/region"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Defaults of a coverage analysis.
const (
	DefaultCoverageGridKm = 25.0
	DefaultCoverageStep   = 10 * time.Second
)

// OrbitalPeriod returns the longest orbital period of the satellites
// placed in shells (of every satellite when none is), from their Kozai mean
// motion: one day over the revolutions per day. It returns 0 for no
// satellite with a positive mean motion.
func OrbitalPeriod(c *constellation.Constellation) time.Duration {
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

// DefaultCoverageDuration lengthens cfg's duration (the scenario's) to one
// orbital period of the constellation rounded up to a whole minute when it
// is shorter, so that every satellite passes once through every point of
// its orbit: a shorter span can show a region covered all the time only
// because the satellites' gaps have not come round yet. It returns a note
// saying so, or "".
func DefaultCoverageDuration(cfg *sim.Config) string {
	if cfg.Constellation == nil {
		return ""
	}
	period := OrbitalPeriod(cfg.Constellation)
	if period <= 0 {
		return ""
	}
	d := (period + time.Minute - 1).Truncate(time.Minute)
	if cfg.Duration >= d {
		return ""
	}
	note := fmt.Sprintf("duration %s: one orbital period of the constellation (%.1f min) rounded up to a minute; the scenario's %s is shorter (--duration to change)",
		ShortDuration(d), period.Minutes(), ShortDuration(cfg.Duration))
	cfg.Duration = d
	return note
}

// LoadRegion reads a GeoJSON file when arg names one (it ends in .geojson
// or .json, or holds a path separator), and looks up a country otherwise.
// It also says where the outline came from.
func LoadRegion(arg string) (*region.Region, string, error) {
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

// RegionSlug names a region's output folder: its ISO code in lower case,
// else its name with everything but letters and digits turned into '-'.
func RegionSlug(r *region.Region) string {
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

// CoverageRun is one coverage analysis's resolved input.
type CoverageRun struct {
	Scenario     *scenario.Scenario
	Config       sim.Config // the scenario's, with the coverage run's times
	Region       *region.Region
	RegionSource string       // where the outline came from
	GridCell     units.Length // grid cell size
	Dir          string       // the output folder
	Workers      int
	DurationNote string // why the duration is not the scenario's, or ""
	Version      string // orbitnet's version, recorded in coverage.json
	// Progress, when set, is called as the steps complete.
	Progress func(done, total int)
}

// CoverageOutcome is what a coverage analysis found and wrote.
type CoverageOutcome struct {
	Result *coverage.Result
	Doc    *CoverageJSON // coverage.json
	JSON   []byte        // coverage.json's bytes
	Files  []string      // the files written
}

// Coverage computes the coverage of r.Region and writes coverage.csv,
// coverage.json and the maps into r.Dir, all or nothing.
func Coverage(ctx context.Context, r CoverageRun) (*CoverageOutcome, error) {
	cells := r.Region.Grid(r.GridCell.Km())
	outs, err := NewOutputs(r.Dir)
	if err != nil {
		return nil, err
	}
	defer outs.Abort() // no-op after commit
	res, err := coverage.Compute(ctx, coverage.Config{Cells: cells, Network: r.Config, Workers: r.Workers}, r.Progress)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, interrupted(r.Dir)
		}
		return nil, err
	}
	written := []string{"coverage.csv", "coverage.json"}
	csvF, err := outs.Create("coverage.csv")
	if err != nil {
		return nil, err
	}
	if err := res.WriteCSV(csvF); err != nil {
		return nil, fmt.Errorf("coverage.csv: %w", err)
	}
	doc := coverageDoc(r, res)
	maps, err := plotCoverage(r, outs.Staging(), res) // the maps go with the other outputs
	if err != nil {
		return nil, err
	}
	written = append(written, maps...)
	doc.Files = written
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	js = append(js, '\n')
	jsF, err := outs.Create("coverage.json")
	if err != nil {
		return nil, err
	}
	if _, err := jsF.Write(js); err != nil {
		return nil, err
	}
	if err := outs.Commit(); err != nil {
		return nil, err
	}
	return &CoverageOutcome{Result: res, Doc: doc, JSON: js, Files: written}, nil
}

// plotCoverage draws the maps into dir and returns the names of the files written.
func plotCoverage(r CoverageRun, dir string, res *coverage.Result) ([]string, error) {
	sub := fmt.Sprintf("%s, %s every %s from %s, %d cells of %g km", r.Scenario.File.Name, ShortDuration(r.Config.Duration), ShortDuration(r.Config.Step),
		r.Config.Start.Format("2006-01-02 15:04 UTC"), len(res.Cells), r.GridCell.Km())
	cells := make([]report.MapCell, len(res.Cells))
	allCovered := true
	for i, c := range res.Cells {
		dLat, dLon := GridCellSize(r.GridCell.Km(), c.Lat)
		cells[i] = report.MapCell{Lat: c.Lat, Lon: c.Lon, DLat: dLat, DLon: dLon, Value: c.MeanVisible}
		allCovered = allCovered && c.CoveredFrac == 1
	}
	outline := r.Region.Outline()
	covered := fmt.Sprintf("covered %.2f%% of the time (area-weighted)", 100*res.Summary.MeanCoveredFrac)
	if allCovered {
		covered = "every cell covered all the time"
	}
	// The default map: satellites in view, on a scale spanning the cells'
	// values, which varies even where every cell is always covered.
	m := report.Map{
		Title:      fmt.Sprintf("%s: mean number of satellites above %g°; %s\n%s", r.Region.Name, r.Config.GSL.MinElevation, covered, sub),
		Cells:      cells,
		Outline:    outline,
		ValueLabel: fmt.Sprintf("mean satellites above %g°", r.Config.GSL.MinElevation),
	}
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
			Title:      fmt.Sprintf("%s: fraction of time with a satellite above %g°\n%s", r.Region.Name, r.Config.GSL.MinElevation, sub),
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
		rtt[i].Value = c.PoPRTTMedian.Ms()
	}
	m = report.Map{
		Title:        fmt.Sprintf("%s: median RTT to the nearest PoP (%s routing)\n%s", r.Region.Name, r.Config.Mode, sub),
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

// GridCellSize returns the height and width, in degrees, of the cell of
// region.Grid(cellKm) whose centre is at latitude lat, by the same rule:
// rows of 180°/round(πR/cellKm), and round(2πR·cos φ/cellKm) cells (at
// least 1) per row, R = region.EarthRadiusKm.
func GridCellSize(cellKm, lat float64) (dLat, dLon float64) {
	R := region.EarthRadiusKm
	rows := max(1, math.Round(math.Pi*R/cellKm))
	m := max(1, math.Round(2*math.Pi*R*math.Cos(lat*math.Pi/180)/cellKm))
	return 180 / rows, 360 / m
}

// The JSON document, coverage.json (docs/coverage.md). Values that do not
// apply are null.
type (
	CoverageJSON struct {
		Version  string            `json:"orbitnet_version"`
		Region   CoverageRegion    `json:"region"`
		Scenario CoverageScenario  `json:"scenario"`
		Start    string            `json:"start"`
		Duration string            `json:"duration"`
		DurS     float64           `json:"duration_s"`
		Step     string            `json:"step"`
		StepS    float64           `json:"step_s"`
		Steps    int               `json:"steps"`
		MaskDeg  float64           `json:"min_elevation_deg"`
		RangeKm  float64           `json:"max_range_km"`
		Summary  CoverageSummary   `json:"summary"`
		PoPs     []CoveragePoPArea `json:"nearest_pops,omitempty"`
		Notes    []string          `json:"notes,omitempty"`
		Files    []string          `json:"files"`
	}
	CoverageRegion struct {
		Name         string  `json:"name"`
		ISO          string  `json:"iso,omitempty"`
		ISO2         string  `json:"iso2,omitempty"`
		Source       string  `json:"source"`
		AreaKm2      float64 `json:"area_km2"`
		GridKm       float64 `json:"grid_km"`
		Cells        int     `json:"cells"`
		CellsAreaKm2 float64 `json:"cells_area_km2"`
	}
	CoverageScenario struct {
		Name       string `json:"name"`
		Source     string `json:"source"`
		Satellites int    `json:"satellites"`
		Mode       string `json:"routing_mode"`
		GSLPolicy  string `json:"gsl_policy"`
		Gateways   int    `json:"gateways"`
		PoPs       int    `json:"pops"`
	}
	CoverageSummary struct {
		MeanCoveredFrac      float64      `json:"mean_covered_frac"`
		FullyCoveredAreaFrac float64      `json:"fully_covered_area_frac"`
		NeverCoveredAreaFrac float64      `json:"never_covered_area_frac"`
		AllCoveredFrac       float64      `json:"all_cells_covered_frac"`
		MinCoveredFrac       float64      `json:"min_covered_frac"`
		MinCoveredCell       *CoverageRef `json:"min_covered_cell"`
		MinVisible           int          `json:"min_visible"`
		MeanVisible          float64      `json:"mean_visible"`
		MaxVisible           int          `json:"max_visible"`
		MeanBestElevDeg      *float64     `json:"mean_best_elev_deg"`
		MinBestElevDeg       *float64     `json:"min_best_elev_deg"`
		MinBestElevCell      *CoverageRef `json:"min_best_elev_cell"`
		GatewayFrac          *float64     `json:"gateway_frac"`
		MinGatewayFrac       *float64     `json:"min_gateway_frac"`
		MinGatewayCell       *CoverageRef `json:"min_gateway_cell"`
		RTTMedianMs          *float64     `json:"pop_rtt_median_ms"`
		RTTWorstMedianMs     *float64     `json:"pop_rtt_worst_median_ms"`
		WorstRTTCell         *CoverageRef `json:"worst_rtt_cell"`
		ReachableFrac        *float64     `json:"pop_reachable_frac"`
		MinReachableFrac     *float64     `json:"min_pop_reachable_frac"`
	}
	CoverageRef struct {
		Cell   string  `json:"cell"`
		LatDeg float64 `json:"lat_deg"`
		LonDeg float64 `json:"lon_deg"`
	}
	CoveragePoPArea struct {
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

func coverageDoc(r CoverageRun, res *coverage.Result) *CoverageJSON {
	cfg := &r.Config
	var nGW, nPoP int
	for _, g := range cfg.Ground {
		switch g.Kind {
		case ground.Gateway:
			nGW++
		case ground.PoP:
			nPoP++
		}
	}
	ref := func(i int) *CoverageRef {
		if i < 0 {
			return nil
		}
		c := &res.Cells[i]
		return &CoverageRef{Cell: c.Name, LatDeg: round6(c.Lat), LonDeg: round6(c.Lon)}
	}
	s := &res.Summary
	doc := &CoverageJSON{
		Version: r.Version,
		Region: CoverageRegion{Name: r.Region.Name, ISO: r.Region.ISO, ISO2: r.Region.ISO2, Source: r.RegionSource,
			AreaKm2: round6(r.Region.AreaKm2()), GridKm: r.GridCell.Km(), Cells: len(res.Cells), CellsAreaKm2: round6(s.AreaKm2)},
		Scenario: CoverageScenario{Name: r.Scenario.File.Name, Source: r.Scenario.Source, Satellites: len(cfg.Constellation.Sats),
			Mode: string(cfg.Mode), GSLPolicy: string(cfg.GSL.Policy), Gateways: nGW, PoPs: nPoP},
		Start: cfg.Start.Format(time.RFC3339), Duration: cfg.Duration.String(), DurS: cfg.Duration.Seconds(),
		Step: cfg.Step.String(), StepS: cfg.Step.Seconds(), Steps: res.Steps,
		MaskDeg: cfg.GSL.MinElevation.Deg(), RangeKm: cfg.GSL.MaxRange.Km(),
		Summary: CoverageSummary{
			MeanCoveredFrac: round6(s.MeanCoveredFrac), FullyCoveredAreaFrac: round6(s.FullyCoveredAreaFrac),
			NeverCoveredAreaFrac: round6(s.NeverCoveredAreaFrac), AllCoveredFrac: round6(s.AllCoveredFrac),
			MinCoveredFrac: round6(s.MinCoveredFrac), MinCoveredCell: ref(s.MinCoveredCell),
			MinVisible: s.MinVisible, MeanVisible: round6(s.MeanVisible), MaxVisible: s.MaxVisible,
			MeanBestElevDeg: opt6(s.MeanBestElev.Deg()), MinBestElevDeg: opt6(s.MinBestElev.Deg()), MinBestElevCell: ref(s.MinBestElevCell),
			GatewayFrac: opt6(s.GatewayFrac), MinGatewayFrac: opt6(s.MinGatewayFrac), MinGatewayCell: ref(s.MinGatewayCell),
			RTTMedianMs: opt6(s.PoPRTTMedian.Ms()), RTTWorstMedianMs: opt6(s.PoPRTTWorstMedian.Ms()), WorstRTTCell: ref(s.WorstRTTCell),
			ReachableFrac: opt6(s.PoPReachableFrac), MinReachableFrac: opt6(s.MinPoPReachableFrac),
		},
	}
	if res.RTT {
		byPoP := map[string]*CoveragePoPArea{}
		for _, c := range res.Cells {
			p := byPoP[c.PoPName]
			if p == nil {
				p = &CoveragePoPArea{Name: c.PoPName}
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
	if r.DurationNote != "" {
		doc.Notes = append(doc.Notes, r.DurationNote)
	}
	if res.RTTNote != "" {
		doc.Notes = append(doc.Notes, res.RTTNote)
	}
	if len(cfg.Failures) > 0 {
		doc.Notes = append(doc.Notes, "the scenario's what-if failures are applied: failed satellites and gateways are not seen, and cells inside a jammed area see no satellite while it is jammed")
	}
	return doc
}

// ShortDuration writes d without trailing zero units: 10m, 1h30m, 10s.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
