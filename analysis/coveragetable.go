package analysis

import (
	"fmt"
	"math"
	"path/filepath"
	"time"

	"orbitnet/region"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// CoverageTimes sets cfg's times for a coverage run: cfg.Step is
// DefaultCoverageStep unless step (a --step already applied by the caller,
// via apply) overrides it, and with no duration given the duration is
// lengthened to one orbital period (DefaultCoverageDuration, whose note it
// returns). apply applies the duration and step flags; the number of steps
// is then checked against scenario.MaxSteps.
func CoverageTimes(cfg *sim.Config, durationGiven bool, apply func(*sim.Config) error) (note string, err error) {
	cfg.Step = DefaultCoverageStep
	if err := apply(cfg); err != nil {
		return "", err
	}
	if !durationGiven {
		note = DefaultCoverageDuration(cfg)
	}
	if n := cfg.Duration / cfg.Step; n > scenario.MaxSteps {
		return "", inputf("--duration %v at --step %v is %d steps, more than %d", cfg.Duration, cfg.Step, n, scenario.MaxSteps)
	}
	return note, nil
}

// CoverageDir is a coverage run's default output folder:
// out/<scenario>/coverage-<region>.
func CoverageDir(sc *scenario.Scenario, reg *region.Region) string {
	return filepath.Join("out", sc.File.Name, "coverage-"+RegionSlug(reg))
}

// CoverageTable is the summary table `orbitnet coverage` prints.
type CoverageTable struct {
	Head []string    // the lines above the table (then a blank line)
	Rows [][4]string // what, region, worst cell, the worst cell's name and place
	// PoPs lists the nearest PoPs with their numbers of cells (with RTT);
	// nil without.
	PoPs []string
	Tail []string // the lines below it: satellites above the mask, notes
}

// Table shapes o's summary as the table `orbitnet coverage` prints.
func (o *CoverageOutcome) Table(r CoverageRun) *CoverageTable {
	res, doc := o.Result, o.Doc
	s := &res.Summary
	cfg := &r.Config
	name := r.Region.Name
	if r.Region.ISO != "" {
		name += " (" + r.Region.ISO + ")"
	}
	t := &CoverageTable{}
	t.Head = append(t.Head,
		fmt.Sprintf("%s: %d cells of %g km, %s km²; %s: %d satellites, %s routing, mask %g°", name, len(res.Cells), r.GridCell.Km(),
			GroupThousands(s.AreaKm2), r.Scenario.File.Name, len(cfg.Constellation.Sats), cfg.Mode, cfg.GSL.MinElevation),
		fmt.Sprintf("%d steps of %s from %s to %s", res.Steps, cfg.Step, cfg.Start.Format(TimeFormat),
			cfg.Start.Add(time.Duration(res.Steps-1)*cfg.Step).Format(TimeFormat)))
	cellAt := func(i int) string {
		if i < 0 {
			return ""
		}
		c := &res.Cells[i]
		return c.Name + " " + report.FormatLatLon(c.Lat, c.Lon, 2)
	}
	format := func(f string, scale float64) func(float64) string {
		return func(v float64) string {
			if math.IsNaN(v) {
				return "—"
			}
			return fmt.Sprintf(f, scale*v)
		}
	}
	pct, deg, ms := format("%.2f%%", 100), format("%.2f°", 1), format("%.3f ms", 1)
	row := func(what, region, worst, cell string) { t.Rows = append(t.Rows, [4]string{what, region, worst, cell}) }
	row("", "region", "worst cell", "")
	worstCov := ""
	if s.MinCoveredFrac < 1 {
		worstCov = cellAt(s.MinCoveredCell)
	}
	row("time with a satellite above the mask", pct(s.MeanCoveredFrac), pct(s.MinCoveredFrac), worstCov)
	row("area covered all the time", pct(s.FullyCoveredAreaFrac), "", "")
	row("area never covered", pct(s.NeverCoveredAreaFrac), "", "")
	row("time every cell is covered at once", pct(s.AllCoveredFrac), "", "")
	row("elevation of the highest satellite", deg(s.MeanBestElev.Deg()), deg(s.MinBestElev.Deg()), cellAt(s.MinBestElevCell))
	if res.Gateways {
		row("serving satellite sees a gateway", pct(s.GatewayFrac), pct(s.MinGatewayFrac), cellAt(s.MinGatewayCell))
	}
	if res.RTT {
		row("median RTT to the nearest PoP", ms(s.PoPRTTMedian.Ms()), ms(s.PoPRTTWorstMedian.Ms()), cellAt(s.WorstRTTCell))
		row("nearest PoP reachable", pct(s.PoPReachableFrac), pct(s.MinPoPReachableFrac), "")
		t.PoPs = []string{}
		for _, p := range doc.PoPs {
			t.PoPs = append(t.PoPs, fmt.Sprintf("%s (%d cells)", p.Name, p.Cells))
		}
	}
	t.Tail = append(t.Tail, fmt.Sprintf("satellites above the mask: %.2f on average, %d to %d at any cell and step", s.MeanVisible, s.MinVisible, s.MaxVisible))
	for _, n := range doc.Notes {
		t.Tail = append(t.Tail, "note: "+n)
	}
	return t
}
