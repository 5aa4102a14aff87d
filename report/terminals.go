package report

import (
	"bufio"
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"orbitnet/ground"
	"orbitnet/sim"
)

// maxTerminalSamples bounds the RTT samples kept per terminal for its
// percentiles and the samples kept for the terminal plot.
const maxTerminalSamples = 200_000

// TerminalSummary is one terminal's statistics over a run (summary.json's
// "terminals" and a row of terminals.csv). Times are in seconds; a step
// counts for its full step length.
type TerminalSummary struct {
	Name   string `json:"name"`
	Moving bool   `json:"moving"`
	// Pair is the listed pair whose RTT is reported (the terminal's first
	// listed pair), "" when it is in none.
	Pair      string  `json:"pair,omitempty"`
	Handovers int     `json:"handovers"`
	InService float64 `json:"in_service_s"`
	// LaserOnly: in service but no gateway saw the serving satellite, so a
	// gateway was reachable only over lasers (if at all).
	LaserOnly float64 `json:"laser_only_s"`
	// Outage by cause (seconds) and in total.
	Outage map[string]float64 `json:"outage_s"`
	// Between handovers: time from one handover to the next (s).
	BetweenHandovers Quantiles `json:"between_handovers_s"`
	RTT              Quantiles `json:"rtt_ms"`
	Satellites       int       `json:"distinct_satellites"`
	// LongestLaserOnly is the longest unbroken laser-only stretch (null
	// when there is none).
	LongestLaserOnly *Span `json:"longest_laser_only"`
}

// Span is a time interval [FromS, UntilS) in seconds from the start.
type Span struct {
	FromS  float64 `json:"from_s"`
	UntilS float64 `json:"until_s"`
}

// Quantiles is a distribution summary; null fields when it has no samples.
type Quantiles struct {
	Count  int      `json:"count"`
	Min    *float64 `json:"min"`
	Median *float64 `json:"median"`
	P95    *float64 `json:"p95"`
	Max    *float64 `json:"max"`
}

func quantilesOf(v []float64) Quantiles {
	q := Quantiles{Count: len(v)}
	if len(v) == 0 {
		return q
	}
	f := func(x float64) *float64 { return &x }
	q.Median = f(quantile(v, 0.5)) // sorts v
	q.P95 = f(quantile(v, 0.95))
	q.Min, q.Max = f(v[0]), f(v[len(v)-1])
	return q
}

// TerminalInterval is one row of terminal_timeline.csv: a terminal served
// by one satellite (or in outage, Satellite "" and Cause set) and homed to
// one PoP (routing mode starlink; "" otherwise) over [From, Until) seconds.
type TerminalInterval struct {
	Terminal      string  `parquet:"terminal,dict"`
	FromS         float64 `parquet:"from_s"`
	UntilS        float64 `parquet:"until_s"`
	Satellite     string  `parquet:"satellite,dict"`
	Cause         string  `parquet:"cause,dict"`
	GatewayDirect bool    `parquet:"gateway_direct"`
	PoP           string  `parquet:"pop,dict"`
	term          int     // index in Network.Terminals, for the order
}

type termAcc struct {
	node      int
	pair      int // listed pair index, −1
	pairs     []int
	serving   int32
	cause     sim.Cause
	gwDirect  bool
	pop       int32   // home PoP, −1 outside starlink mode
	since     float64 // start of the current interval
	lastHO    float64
	index     int // in Network.Terminals // time of the last handover, NaN before the first
	between   []float64
	rtt       *Sampler
	sats      map[int32]bool
	handovers int
	inSvc     float64
	laser     float64
	outage    [5]float64
	started   bool
	laserFrom float64 // start of the current laser-only run, NaN outside one
	longest   *Span
}

// Terminals collects per-terminal statistics from the step results, in
// time order (a sim.Sink's order).
type Terminals struct {
	net      *sim.Network
	names    [][2]string
	accs     []termAcc
	step     float64
	end      float64
	timeline []TerminalInterval
	// plot: the first moving terminal, else the first terminal
	plotAt    int
	plotT     []float64
	plotSat   []float64
	plotRTT   []float64
	every     int
	plotLaser []Span // laser-only runs of the plotted terminal
	gateways  bool   // the scenario has gateways (else nothing is laser-only)
}

// NewTerminals prepares the collector. pairNames are the listed pairs'
// names (for the summary).
func NewTerminals(net *sim.Network, pairNames [][2]string) *Terminals {
	terms := net.Terminals()
	t := &Terminals{net: net, names: pairNames, accs: make([]termAcc, len(terms)), step: net.Cfg.Step.Seconds(), plotAt: -1}
	steps := net.Cfg.Steps()
	t.every = max(1, steps/4000)
	listed := net.Cfg.Pairs
	for i, g := range terms {
		a := &t.accs[i]
		a.node, a.pair, a.serving, a.lastHO, a.laserFrom = g, -1, -2, math.NaN(), math.NaN()
		a.rtt = NewSampler(steps, maxTerminalSamples)
		a.index = i
		a.sats = map[int32]bool{}
		for k, p := range listed {
			if p[0] == g || p[1] == g {
				if a.pair < 0 {
					a.pair = k
				}
				a.pairs = append(a.pairs, k)
			}
		}
		if t.plotAt < 0 && net.Moving(g) {
			t.plotAt = i
		}
	}
	for _, nd := range net.Cfg.Ground {
		if nd.Kind == ground.Gateway {
			t.gateways = true
		}
	}
	if t.plotAt < 0 && len(terms) > 0 {
		t.plotAt = 0
	}
	return t
}

// Step adds one step.
func (t *Terminals) Step(r *sim.StepResult) error {
	if len(r.Terminals) != len(t.accs) {
		return fmt.Errorf("report: step %d has %d terminal states, want %d (per-terminal statistics need sim.Config.TerminalStates)", r.Index, len(r.Terminals), len(t.accs))
	}
	now := r.Offset.Seconds()
	t.end = now + t.step
	for i := range t.accs {
		a := &t.accs[i]
		st := r.Terminals[i]
		cause := st.Cause
		if cause == sim.InService && len(a.pairs) > 0 {
			cause = sim.CauseNoRoute
			for _, k := range a.pairs {
				if r.Values[k].Reachable() {
					cause = sim.InService
					break
				}
			}
		}
		serving := st.Serving
		if cause != sim.InService {
			serving = -1
		}
		if !a.started || serving != a.serving || cause != a.cause || st.GatewayDirect != a.gwDirect || st.PoP != a.pop {
			if a.started {
				t.closeInterval(a, now)
			}
			if a.started && serving >= 0 && a.serving >= 0 && serving != a.serving {
				a.handovers++
				if !math.IsNaN(a.lastHO) {
					a.between = append(a.between, now-a.lastHO)
				}
				a.lastHO = now
			}
			a.serving, a.cause, a.gwDirect, a.pop, a.since, a.started = serving, cause, st.GatewayDirect, st.PoP, now, true
		}
		if laserNow := t.gateways && cause == sim.InService && !st.GatewayDirect; laserNow && math.IsNaN(a.laserFrom) {
			a.laserFrom = now
		} else if !laserNow && !math.IsNaN(a.laserFrom) {
			t.closeLaser(i, now)
		}
		if cause == sim.InService {
			a.inSvc += t.step
			a.sats[serving] = true
			if t.gateways && !st.GatewayDirect {
				a.laser += t.step
			}
		} else {
			a.outage[cause] += t.step
		}
		rtt := math.NaN()
		if a.pair >= 0 && r.Values[a.pair].Reachable() {
			rtt = r.Values[a.pair].RTT().Ms()
			a.rtt.Add(rtt)
		}
		if i == t.plotAt && r.Index%t.every == 0 {
			t.plotT = append(t.plotT, now)
			s := math.NaN()
			if serving >= 0 {
				s = float64(serving)
			}
			t.plotSat = append(t.plotSat, s)
			t.plotRTT = append(t.plotRTT, rtt)
		}
	}
	return nil
}

// closeLaser ends terminal i's laser-only run at until.
func (t *Terminals) closeLaser(i int, until float64) {
	a := &t.accs[i]
	sp := Span{FromS: a.laserFrom, UntilS: until}
	if a.longest == nil || sp.UntilS-sp.FromS > a.longest.UntilS-a.longest.FromS {
		a.longest = &sp
	}
	if i == t.plotAt {
		t.plotLaser = append(t.plotLaser, sp)
	}
	a.laserFrom = math.NaN()
}

func (t *Terminals) closeInterval(a *termAcc, until float64) {
	iv := TerminalInterval{Terminal: t.net.Cfg.Ground[a.node].Name, FromS: a.since, UntilS: until,
		GatewayDirect: t.gateways && a.gwDirect && a.serving >= 0, term: a.index}
	if a.pop >= 0 {
		iv.PoP = t.net.Cfg.Ground[a.pop].Name
	}
	if a.serving >= 0 {
		iv.Satellite = t.net.Cfg.Constellation.Sats[a.serving].Name
	} else {
		iv.Cause = a.cause.String()
	}
	t.timeline = append(t.timeline, iv)
}

// Finish closes the open intervals; call it once after the last step.
func (t *Terminals) Finish() {
	for i := range t.accs {
		if t.accs[i].started {
			t.closeInterval(&t.accs[i], t.end)
			t.accs[i].started = false
		}
		if !math.IsNaN(t.accs[i].laserFrom) {
			t.closeLaser(i, t.end)
		}
	}
	// by terminal, then time (intervals were appended as they closed)
	sort.SliceStable(t.timeline, func(i, j int) bool { return t.timeline[i].term < t.timeline[j].term })
}

// Summaries returns one summary per terminal, in Network.Terminals order.
func (t *Terminals) Summaries() []TerminalSummary {
	out := make([]TerminalSummary, len(t.accs))
	for i := range t.accs {
		a := &t.accs[i]
		s := TerminalSummary{Name: t.net.Cfg.Ground[a.node].Name, Moving: t.net.Moving(a.node), Handovers: a.handovers,
			InService: round6(a.inSvc), LaserOnly: round6(a.laser), Satellites: len(a.sats),
			Outage: map[string]float64{}, BetweenHandovers: quantilesOf(append([]float64(nil), a.between...)),
			RTT: quantilesOf(append([]float64(nil), a.rtt.Values...)), LongestLaserOnly: a.longest}
		if a.pair >= 0 && a.pair < len(t.names) {
			s.Pair = t.names[a.pair][0] + " – " + t.names[a.pair][1]
		}
		total := 0.0
		for c := sim.CauseFailure; c <= sim.CauseNoRoute; c++ {
			s.Outage[c.String()] = round6(a.outage[c])
			total += a.outage[c]
		}
		s.Outage["total"] = round6(total)
		out[i] = s
	}
	return out
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// WriteTerminalsCSV writes terminals.csv: one row per terminal.
func WriteTerminalsCSV(w io.Writer, s []TerminalSummary) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "terminal,moving,pair,handovers,in_service_s,laser_only_s,outage_s,outage_no_satellite_s,outage_no_route_s,outage_jamming_s,outage_failure_s,between_handovers_median_s,between_handovers_p95_s,rtt_median_ms,rtt_p95_ms,distinct_satellites,longest_laser_only_from_s,longest_laser_only_until_s")
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', 3, 64)
	}
	for _, t := range s {
		var lf, lu string
		if sp := t.LongestLaserOnly; sp != nil {
			lf, lu = fmtS(sp.FromS), fmtS(sp.UntilS)
		}
		fmt.Fprintf(bw, "%s,%t,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s\n", csvField(t.Name), t.Moving, csvField(t.Pair), t.Handovers,
			fmtS(t.InService), fmtS(t.LaserOnly), fmtS(t.Outage["total"]), fmtS(t.Outage["no_satellite"]), fmtS(t.Outage["no_route"]),
			fmtS(t.Outage["jamming"]), fmtS(t.Outage["failure"]), opt(t.BetweenHandovers.Median), opt(t.BetweenHandovers.P95),
			opt(t.RTT.Median), opt(t.RTT.P95), t.Satellites, lf, lu)
	}
	return bw.Flush()
}

// WriteTimelineCSV writes terminal_timeline.csv: the serving satellite (or
// the outage cause) and, in starlink mode, the home PoP of each terminal
// over time, one row per interval.
func (t *Terminals) WriteTimelineCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "terminal,from_s,until_s,satellite,gateway_direct,cause,pop")
	for _, iv := range t.timeline {
		fmt.Fprintf(bw, "%s,%s,%s,%s,%t,%s,%s\n", csvField(iv.Terminal), fmtS(iv.FromS), fmtS(iv.UntilS), csvField(iv.Satellite), iv.GatewayDirect, iv.Cause, csvField(iv.PoP))
	}
	return bw.Flush()
}

// WriteTimelineParquet writes the timeline as Parquet (zstd).
func (t *Terminals) WriteTimelineParquet(path string) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	pw := parquet.NewGenericWriter[TerminalInterval](f, parquet.Compression(&parquet.Zstd))
	if _, err := pw.Write(t.timeline); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	return f.Commit()
}

func fmtS(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// PlotTerminal draws the serving satellite (index) and the RTT of one
// terminal against time, two panels sharing the time axis. It returns the
// terminal's name, "" when there is nothing to plot.
func (t *Terminals) PlotTerminal(title, pngPath, svgPath string) (string, error) {
	if t.plotAt < 0 || len(t.plotT) == 0 {
		return "", nil
	}
	name := t.net.Cfg.Ground[t.accs[t.plotAt].node].Name
	top := newPlot(title+": "+name, "", "serving satellite (index)")
	bottom := newPlot("", "time from start (s)", "RTT (ms)")
	if len(t.plotLaser) > 0 {
		bottom.Y.Label.Text = "RTT (ms); shaded: laser-only"
		top.Add(&laserShade{t.plotLaser})
		bottom.Add(&laserShade{t.plotLaser})
	}
	sc, err := plotter.NewScatter(xyOf(t.plotT, t.plotSat))
	if err != nil {
		return "", err
	}
	sc.GlyphStyle.Radius = vg.Points(1.2)
	sc.GlyphStyle.Color = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	top.Add(sc)
	if _, err := addGappedLine(bottom, t.plotT, t.plotRTT, draw.LineStyle{Color: color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, Width: vg.Points(1)}); err != nil {
		return "", err
	}
	bottom.X.Min, bottom.X.Max = top.X.Min, top.X.Max
	draw2 := func(c draw.Canvas) {
		c.SetColor(color.White)
		c.Fill(c.Rectangle.Path())
		plots := [][]*plot.Plot{{top}, {bottom}}
		tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(6)}
		canv := plot.Align(plots, tiles, c)
		top.Draw(canv[0][0])
		bottom.Draw(canv[1][0])
	}
	if pngPath != "" {
		c := vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight), vgimg.UseDPI(plotDPI))
		draw2(draw.New(c))
		if err := writeAtomicTo(pngPath, vgimg.PngCanvas{Canvas: c}); err != nil {
			return "", err
		}
	}
	if svgPath != "" {
		c := vgsvg.New(plotWidth, plotHeight)
		draw2(draw.New(c))
		if err := writeAtomicTo(svgPath, c); err != nil {
			return "", err
		}
	}
	return name, nil
}

func xyOf(x, y []float64) plotter.XYs {
	var out plotter.XYs
	for i := range x {
		if !math.IsNaN(y[i]) {
			out = append(out, plotter.XY{X: x[i], Y: y[i]})
		}
	}
	return out
}

// laserShade shades the laser-only runs over the data area's height.
type laserShade struct{ spans []Span }

// laserColour is a light blue.
var laserColour = color.RGBA{R: 0xd8, G: 0xe8, B: 0xf8, A: 0xff}

// Plot implements plot.Plotter.
func (l *laserShade) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	c.SetColor(laserColour)
	for _, sp := range l.spans {
		x0, x1 := tx(sp.FromS), tx(sp.UntilS)
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}.Path())
	}
}

// terminalRow is one row of terminals.parquet: terminals.csv's columns
// (null where the CSV is empty).
type terminalRow struct {
	Terminal           string   `parquet:"terminal"`
	Moving             bool     `parquet:"moving"`
	Pair               string   `parquet:"pair"`
	Handovers          int64    `parquet:"handovers"`
	InServiceS         float64  `parquet:"in_service_s"`
	LaserOnlyS         float64  `parquet:"laser_only_s"`
	OutageS            float64  `parquet:"outage_s"`
	OutageNoSatelliteS float64  `parquet:"outage_no_satellite_s"`
	OutageNoRouteS     float64  `parquet:"outage_no_route_s"`
	OutageJammingS     float64  `parquet:"outage_jamming_s"`
	OutageFailureS     float64  `parquet:"outage_failure_s"`
	BetweenMedianS     *float64 `parquet:"between_handovers_median_s,optional"`
	BetweenP95S        *float64 `parquet:"between_handovers_p95_s,optional"`
	RTTMedianMs        *float64 `parquet:"rtt_median_ms,optional"`
	RTTP95Ms           *float64 `parquet:"rtt_p95_ms,optional"`
	DistinctSatellites int64    `parquet:"distinct_satellites"`
	LongestLaserFromS  *float64 `parquet:"longest_laser_only_from_s,optional"`
	LongestLaserUntilS *float64 `parquet:"longest_laser_only_until_s,optional"`
}

// WriteTerminalsParquet writes terminals.parquet (zstd): terminals.csv's
// rows and columns, null where the CSV is empty.
func WriteTerminalsParquet(path string, s []TerminalSummary) error {
	rows := make([]terminalRow, len(s))
	for i, t := range s {
		r := terminalRow{Terminal: t.Name, Moving: t.Moving, Pair: t.Pair, Handovers: int64(t.Handovers),
			InServiceS: t.InService, LaserOnlyS: t.LaserOnly, OutageS: t.Outage["total"], OutageNoSatelliteS: t.Outage["no_satellite"],
			OutageNoRouteS: t.Outage["no_route"], OutageJammingS: t.Outage["jamming"], OutageFailureS: t.Outage["failure"],
			BetweenMedianS: t.BetweenHandovers.Median, BetweenP95S: t.BetweenHandovers.P95, RTTMedianMs: t.RTT.Median, RTTP95Ms: t.RTT.P95,
			DistinctSatellites: int64(t.Satellites)}
		if sp := t.LongestLaserOnly; sp != nil {
			r.LongestLaserFromS, r.LongestLaserUntilS = &sp.FromS, &sp.UntilS
		}
		rows[i] = r
	}
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	pw := parquet.NewGenericWriter[terminalRow](f, parquet.Compression(&parquet.Zstd))
	if _, err := pw.Write(rows); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	return f.Commit()
}
