package report

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WhatIfSeries is one pair's round-trip time in the run without failures
// (the baseline) and in the run with them, at the same times.
type WhatIfSeries struct {
	Label        string    // e.g. "Kyiv – Frankfurt"
	TimeS        []float64 // seconds from start
	BaselineMs   []float64 // RTT without failures; NaN where unreachable
	WithFailures []float64 // RTT with failures; NaN where unreachable
}

// TimeSpan is an interval of a run, in seconds from the start, such as the
// time a failure is in force. UntilS ≤ FromS or not finite: to the end of
// the plot.
type TimeSpan struct {
	Label         string
	FromS, UntilS float64
}

// failureShade fills the time failures are in force on what-if plots.
var failureShade = color.NRGBA{0xD5, 0x5E, 0x00, 0x1C}

// PlotWhatIf draws, for up to 10 pairs, the RTT without failures as a solid
// line and the RTT with failures as a dashed line of the same colour, on
// axes "time (s)" and "RTT (ms)", and marks each span (the failures in
// force) with a light shade between dotted vertical lines at its start and,
// when it ends within the plot, its end. Where the two runs agree the
// dashed line lies on the solid one. The legend names each pair's two runs
// and lists the spans. It writes a PNG to pngPath and an SVG to svgPath,
// each atomically; either may be "".
//
// PlotWhatIf returns an error if series is empty, both paths are empty, or
// a series' slices differ in length or hold a non-finite time.
func PlotWhatIf(title string, series []WhatIfSeries, spans []TimeSpan, pngPath, svgPath string) error {
	if len(series) == 0 {
		return errors.New("report: PlotWhatIf: no series to plot")
	}
	if pngPath == "" && svgPath == "" {
		return errors.New("report: PlotWhatIf: no output path")
	}
	if len(series) > maxRTTSeries {
		title += fmt.Sprintf(" (first %d of %d pairs)", maxRTTSeries, len(series))
		series = series[:maxRTTSeries]
	}
	tmin, tmax := math.Inf(1), math.Inf(-1)
	for i, s := range series {
		if len(s.TimeS) != len(s.BaselineMs) || len(s.TimeS) != len(s.WithFailures) {
			return fmt.Errorf("report: PlotWhatIf: series %d (%q): %d times, %d baseline and %d with-failure RTTs",
				i, s.Label, len(s.TimeS), len(s.BaselineMs), len(s.WithFailures))
		}
		for j, t := range s.TimeS {
			if !isFinite(t) {
				return fmt.Errorf("report: PlotWhatIf: series %d (%q): time %d is %v", i, s.Label, j, t)
			}
			tmin, tmax = min(tmin, t), max(tmax, t)
		}
	}
	if tmin > tmax {
		tmin, tmax = 0, 1
	} else if tmin == tmax {
		tmin, tmax = tmin-1, tmax+1
	}

	p := newPlot(title, "time (s)", "RTT (ms)")
	p.Y.Min = 0
	legend := newLegend()
	marks := &spanLayer{tmin: tmin, tmax: tmax}
	for _, sp := range spans {
		from, until := max(sp.FromS, tmin), sp.UntilS
		if !isFinite(until) || until <= sp.FromS || until > tmax {
			until = math.Inf(1)
		}
		if from > tmax || (isFinite(until) && until < tmin) {
			continue // outside the plot
		}
		marks.spans = append(marks.spans, TimeSpan{Label: sp.Label, FromS: from, UntilS: until})
	}
	p.Add(marks) // under the data
	for i, s := range series {
		solid := draw.LineStyle{Color: palette[i], Width: vg.Points(lineWidth)}
		dashed := solid
		dashed.Dashes = dashes
		nb, err := addGappedLine(p, s.TimeS, s.BaselineMs, solid)
		if err != nil {
			return fmt.Errorf("report: PlotWhatIf: series %d (%q): %w", i, s.Label, err)
		}
		nf, err := addGappedLine(p, s.TimeS, s.WithFailures, dashed)
		if err != nil {
			return fmt.Errorf("report: PlotWhatIf: series %d (%q): %w", i, s.Label, err)
		}
		lb, lf := s.Label+", no failures", s.Label+", with failures"
		if nb == 0 {
			lb += " (unreachable)"
		}
		if nf == 0 {
			lf += " (unreachable)"
		}
		legend.Add(lb, &plotter.Line{LineStyle: solid})
		legend.Add(lf, &plotter.Line{LineStyle: dashed})
	}
	for _, sp := range marks.spans {
		what := fmt.Sprintf("%s: from %s s", sp.Label, formatValue(sp.FromS))
		if isFinite(sp.UntilS) {
			what += fmt.Sprintf(" to %s s", formatValue(sp.UntilS))
		}
		legend.Add(what, &spanThumb{})
	}
	p.X.Min, p.X.Max = tmin, tmax
	if p.Y.Max > 0 {
		p.Y.Max *= 1.05
	} else {
		p.Y.Max = 1
	}
	return savePlot(p, legend, pngPath, svgPath)
}

// spanLayer shades time spans over the whole height of the data area and
// draws a dotted line at each end inside the plot.
type spanLayer struct {
	tmin, tmax float64
	spans      []TimeSpan
}

var spanEdge = draw.LineStyle{Color: color.RGBA{0x80, 0x30, 0x00, 0xFF}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}

// Plot implements plot.Plotter.
func (l *spanLayer) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	for _, sp := range l.spans {
		x0 := tx(sp.FromS)
		x1 := c.Max.X
		if isFinite(sp.UntilS) {
			x1 = tx(sp.UntilS)
		}
		c.SetColor(failureShade)
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}.Path())
		if sp.FromS > l.tmin {
			c.StrokeLine2(spanEdge, x0, c.Min.Y, x0, c.Max.Y)
		}
		if isFinite(sp.UntilS) && sp.UntilS < l.tmax {
			c.StrokeLine2(spanEdge, x1, c.Min.Y, x1, c.Max.Y)
		}
	}
}

// spanThumb is a span's legend thumbnail: a shaded box with a dotted edge.
type spanThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (spanThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.SetColor(failureShade)
	c.Fill(r.Path())
	c.StrokeLine2(spanEdge, r.Min.X, r.Min.Y, r.Min.X, r.Max.Y)
}

// DataRange implements plot.DataRanger so that the spans do not widen the
// axes beyond the data.
func (l *spanLayer) DataRange() (xmin, xmax, ymin, ymax float64) {
	return l.tmin, l.tmax, 0, 0
}
