package report

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"orbitnet/orbit/units"
)

// Plot geometry and style. The PNG is plotWidth × plotHeight at plotDPI
// (1000 × 500 pixels); the SVG has the same size in points (72 per inch).
const (
	plotWidth  = 10 * vg.Inch
	plotHeight = 5 * vg.Inch
	plotDPI    = 100

	lineWidth = 1.5 // points, for data lines

	// maxRTTSeries is the most series PlotRTT draws.
	maxRTTSeries = 10
	// maxCDFPoints is the most points PlotCDF draws.
	maxCDFPoints = 2000
	// PlotCDF ends the x axis at the cdfTailQuantile-quantile when the
	// maximum is more than cdfTailFactor times as far from the minimum, so
	// that a long thin tail does not squash the body of the distribution.
	cdfTailQuantile = 0.999
	cdfTailFactor   = 1.5
)

// plotFont is the typeface of all plot text: Liberation Sans, which gonum
// bundles, so PNGs look the same on every machine.
var plotFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// palette holds the line colours, in order of use. The first eight are the
// Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), distinct
// under the common colour-vision deficiencies, reordered so the strongest
// contrasts on white come first and yellow, the weakest, last; Paul Tol's
// wine and a mid grey extend it to maxRTTSeries.
var palette = [maxRTTSeries]color.RGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0x88, 0x22, 0x55, 0xFF}, // wine (Tol)
	{0x99, 0x99, 0x99, 0xFF}, // grey
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// dashes is the dash pattern of reference lines (geodesic RTT, quantiles).
var dashes = []vg.Length{vg.Points(6), vg.Points(3)}

// RTTSeries is one pair's round-trip time over a run.
type RTTSeries struct {
	Label       string      // e.g. "New York – London"
	TimeS       []float64   // seconds from start
	RTTMs       []float64   // NaN where unreachable (draw gaps, not zeros)
	GeodesicRTT units.Delay // RTT at c along the geodesic: drawn as a dashed horizontal line in the same colour
}

// PlotRTT draws the round-trip time of up to 10 series against time, each
// with its geodesic RTT as a dashed line of the same colour, on axes
// "time (s)" and "RTT (ms)". Only the first 10 series are drawn, and the
// title then says so ("(first 10 of 25 pairs)"). It writes a PNG to pngPath
// and an SVG to svgPath, each atomically; either path may be "" to skip
// that format.
//
// Non-finite RTTs (NaN, ±Inf) are gaps: the line is broken there, and a
// reachable sample with gaps on both sides is drawn as a dot. A series with
// no reachable sample keeps its legend entry, marked "unreachable". A
// GeodesicRTT that is NaN or not positive draws no dashed line. The y axis
// starts at 0 so that the stretch over the geodesic reads off the plot. The
// legend is to the right of the data.
//
// PlotRTT returns an error if series is empty, both paths are empty, a
// series' TimeS and RTTMs differ in length or a time is not finite.
func PlotRTT(title string, series []RTTSeries, pngPath, svgPath string) error {
	if len(series) == 0 {
		return errors.New("report: PlotRTT: no series to plot")
	}
	if pngPath == "" && svgPath == "" {
		return errors.New("report: PlotRTT: no output path")
	}
	if len(series) > maxRTTSeries {
		title += fmt.Sprintf(" (first %d of %d pairs)", maxRTTSeries, len(series))
		series = series[:maxRTTSeries]
	}

	// The time span of all series, for the geodesic lines.
	tmin, tmax := math.Inf(1), math.Inf(-1)
	for i, s := range series {
		if len(s.TimeS) != len(s.RTTMs) {
			return fmt.Errorf("report: PlotRTT: series %d (%q): %d times but %d RTTs", i, s.Label, len(s.TimeS), len(s.RTTMs))
		}
		for j, t := range s.TimeS {
			if !isFinite(t) {
				return fmt.Errorf("report: PlotRTT: series %d (%q): time %d is %v", i, s.Label, j, t)
			}
			tmin, tmax = min(tmin, t), max(tmax, t)
		}
	}
	if tmin > tmax { // no points at all
		tmin, tmax = 0, 1
	} else if tmin == tmax {
		tmin, tmax = tmin-1, tmax+1
	}

	p := newPlot(title, "time (s)", "RTT (ms)")
	p.Y.Min = 0
	legend := newLegend()
	anyGeodesic := false
	for i, s := range series {
		sty := draw.LineStyle{Color: palette[i], Width: vg.Points(lineWidth)}
		reachable, err := addGappedLine(p, s.TimeS, s.RTTMs, sty)
		if err != nil {
			return fmt.Errorf("report: PlotRTT: series %d (%q): %w", i, s.Label, err)
		}
		if g := s.GeodesicRTT.Ms(); isFinite(g) && g > 0 {
			ref, err := plotter.NewLine(plotter.XYs{{X: tmin, Y: g}, {X: tmax, Y: g}})
			if err != nil {
				return fmt.Errorf("report: PlotRTT: series %d (%q): %w", i, s.Label, err)
			}
			ref.LineStyle = sty
			ref.LineStyle.Dashes = dashes
			p.Add(ref)
			anyGeodesic = true
		}
		label := s.Label
		if reachable == 0 {
			label += " (unreachable)"
		}
		// The legend's thumbnail is a line of the series' style, whatever
		// pieces the data was drawn in.
		legend.Add(label, &plotter.Line{LineStyle: sty})
	}
	// The x axis spans every time given, reachable or not.
	p.X.Min, p.X.Max = tmin, tmax
	if p.Y.Max > 0 {
		p.Y.Max *= 1.05 // headroom, so the top line is not on the frame
	} else { // nothing reachable and no geodesic: an empty 0–1 axis
		p.Y.Max = 1
	}
	if anyGeodesic {
		grey := draw.LineStyle{Color: color.Gray{0x55}, Width: vg.Points(lineWidth), Dashes: dashes}
		legend.Add("dashed: geodesic RTT at c", &plotter.Line{LineStyle: grey})
	}
	return savePlot(p, legend, pngPath, svgPath)
}

// addGappedLine adds y against x to p as lines in sty, broken where y is
// not finite, an isolated finite point drawn as a dot; it returns the
// number of finite points.
func addGappedLine(p *plot.Plot, x, y []float64, sty draw.LineStyle) (int, error) {
	reachable := 0
	for _, seg := range finiteRuns(x, y) {
		reachable += len(seg)
		if len(seg) == 1 {
			dot, err := plotter.NewScatter(seg)
			if err != nil {
				return 0, err
			}
			dot.GlyphStyle = draw.GlyphStyle{Color: sty.Color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
			p.Add(dot)
			continue
		}
		line, err := plotter.NewLine(seg)
		if err != nil {
			return 0, err
		}
		line.LineStyle = sty
		p.Add(line)
	}
	return reachable, nil
}

// PlotCDF draws the empirical CDF of values (for example the RTT stretch,
// RTT over geodesic RTT at c, of every pair and step, or per-pair medians)
// against xLabel (for example "RTT stretch over geodesic RTT at c (×)"),
// with "fraction of samples" from 0 to 1 on the y axis. It writes a PNG to
// pngPath and an SVG to svgPath, each atomically; either path may be "" to
// skip that format. values is not modified.
//
// Non-finite values (NaN for an unreachable pair, ±Inf) are left out; the
// legend gives their count and the number n of values plotted. The median
// and 95th percentile are drawn as dashed vertical lines; they are computed
// as in summary.json (report's quantile: linear interpolation between order
// statistics), and the order statistics either side of each are plotted
// exactly. When a thin tail would squash the rest (the maximum is more than
// 1.5 times as far from the minimum as the 99.9th percentile is), the x axis
// ends at the 99.9th percentile and the legend says so and gives the
// maximum.
//
// Up to 1000 values the CDF is drawn exactly, as a step function. Beyond
// that it is drawn through the sorted values at about 2000 evenly spaced
// ranks and the order statistics around the quantiles, so the drawn curve is
// within 1/1000 of the empirical CDF everywhere and exact at the markers.
// Sorting the copy costs O(n log n), about 2 s for 10⁷ values.
//
// PlotCDF returns an error if there is no finite value or both paths are
// empty.
func PlotCDF(title, xLabel string, values []float64, pngPath, svgPath string) error {
	if pngPath == "" && svgPath == "" {
		return errors.New("report: PlotCDF: no output path")
	}
	sorted := make([]float64, 0, len(values))
	for _, v := range values {
		if isFinite(v) {
			sorted = append(sorted, v)
		}
	}
	skipped := len(values) - len(sorted)
	if len(sorted) == 0 {
		return fmt.Errorf("report: PlotCDF: no finite values to plot (%d given)", len(values))
	}
	slices.Sort(sorted)
	n := len(sorted)
	var keep []int // order statistics to plot exactly
	for _, q := range []float64{0.5, 0.95} {
		lo, hi := quantileNeighbours(n, q)
		keep = append(keep, lo, hi)
	}

	p := newPlot(title, xLabel, "fraction of samples")
	legend := newLegend()

	cdf, err := plotter.NewLine(cdfPoints(sorted, keep...))
	if err != nil {
		return fmt.Errorf("report: PlotCDF: %w", err)
	}
	cdf.LineStyle = draw.LineStyle{Color: palette[0], Width: vg.Points(lineWidth)}
	p.Add(cdf)
	legend.Add("empirical CDF", cdf)

	for _, m := range []struct {
		name string
		q    float64
		c    color.RGBA
	}{
		{"median", 0.5, palette[1]},
		{"95th percentile", 0.95, palette[2]},
	} {
		x := quantile(sorted, m.q) // sorted already: sorting again is O(n)
		marker, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 1}})
		if err != nil {
			return fmt.Errorf("report: PlotCDF: %w", err)
		}
		marker.LineStyle = draw.LineStyle{Color: m.c, Width: vg.Points(lineWidth), Dashes: dashes}
		p.Add(marker)
		legend.Add(m.name+" = "+formatValue(x), marker)
	}

	// Notes, without a thumbnail.
	legend.Add("n = " + groupDigits(n))
	if skipped > 0 {
		legend.Add(groupDigits(skipped) + " non-finite left out")
	}
	p.Y.Min, p.Y.Max = 0, 1
	lo, cut, hi := sorted[0], quantile(sorted, cdfTailQuantile), sorted[n-1]
	if cut > lo && hi-lo > cdfTailFactor*(cut-lo) {
		p.X.Min, p.X.Max = lo, cut
		legend.Add("x axis cut at p99.9,")
		legend.Add("max = " + formatValue(hi))
	}
	return savePlot(p, legend, pngPath, svgPath)
}

// quantileNeighbours returns the indices, in a sorted slice of n > 0
// values, of the order statistics between which quantile interpolates the
// q-quantile: ⌊q·(n−1)⌋ and the next, clamped to n−1.
func quantileNeighbours(n int, q float64) (lo, hi int) {
	lo = min(max(int(math.Floor(q*float64(n-1))), 0), n-1)
	return lo, min(lo+1, n-1)
}

// cdfPoints returns the points to draw for the empirical CDF of sorted
// (ascending, finite, non-empty), at most maxCDFPoints of them, including
// the CDF's value at each index in keep.
func cdfPoints(sorted []float64, keep ...int) plotter.XYs {
	n := len(sorted)
	fn := float64(n)
	if 2*n <= maxCDFPoints {
		// Exact: a riser at each value, treads between.
		pts := make(plotter.XYs, 0, 2*n)
		for i, x := range sorted {
			pts = append(pts, plotter.XY{X: x, Y: float64(i) / fn}, plotter.XY{X: x, Y: float64(i+1) / fn})
		}
		return pts
	}
	// The start (x₀, 0), then (x_i, (i+1)/n) at evenly spaced ranks i from
	// 0 to n−1 and at the kept indices.
	m := maxCDFPoints - 1 - len(keep)
	idx := make([]int, 0, m+len(keep))
	for k := range m {
		idx = append(idx, int(math.Round(float64(k)*float64(n-1)/float64(m-1))))
	}
	idx = append(idx, keep...)
	slices.Sort(idx)
	idx = slices.Compact(idx)
	pts := make(plotter.XYs, 0, 1+len(idx))
	pts = append(pts, plotter.XY{X: sorted[0], Y: 0})
	for _, i := range idx {
		pts = append(pts, plotter.XY{X: sorted[i], Y: float64(i+1) / fn})
	}
	return pts
}

// finiteRuns splits (x[i], y[i]) into maximal runs of points whose y is
// finite.
func finiteRuns(x, y []float64) []plotter.XYs {
	var runs []plotter.XYs
	var cur plotter.XYs
	for i := range y {
		if !isFinite(y[i]) {
			if len(cur) > 0 {
				runs = append(runs, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, plotter.XY{X: x[i], Y: y[i]})
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// formatValue formats a value for a legend: four significant digits.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// niceTicks returns a plot.Ticker with about n labelled ticks at multiples
// of 1, 2 or 5 × 10^k, and unlabelled minor ticks between them. gonum's
// default aims at three labels, too few for a 10-inch plot.
func niceTicks(n int) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		if !(hi > lo) || !isFinite(lo) || !isFinite(hi) {
			return []plot.Tick{{Value: lo, Label: formatValue(lo)}}
		}
		raw := (hi - lo) / float64(n)
		mag := math.Pow(10, math.Floor(math.Log10(raw)))
		// The candidate nearest raw on a log scale.
		step, minors := 10*mag, 5
		switch r := raw / mag; {
		case r < math.Sqrt(2):
			step = mag
		case r < math.Sqrt(10):
			step, minors = 2*mag, 4
		case r < math.Sqrt(50):
			step = 5 * mag
		}
		decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
		var ticks []plot.Tick
		first := math.Ceil(lo/step-1e-9) - 1 // one step early, for the minors before it
		for k := first; ; k++ {
			v := k * step
			if v > hi+step*1e-9 {
				break
			}
			if v >= lo-step*1e-9 {
				label := strconv.FormatFloat(v, 'f', decimals, 64)
				if v == 0 {
					label = strconv.FormatFloat(0, 'f', decimals, 64) // not "-0"
				}
				ticks = append(ticks, plot.Tick{Value: v, Label: label})
			}
			for j := 1; j < minors; j++ {
				if m := v + float64(j)*step/float64(minors); m >= lo && m <= hi {
					ticks = append(ticks, plot.Tick{Value: m})
				}
			}
		}
		return ticks
	})
}

// groupDigits formats n with thin-space thousands separators (12 345 678),
// as the SI brochure recommends.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, "\u2009"...)
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// newPlot returns a plot with the house style: sans-serif text, a light
// grid and the given title and axis labels.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // drawWithLegend fills the whole canvas
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(plotFont, 14)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(plotFont, 12)
		a.Tick.Label.Font = font.From(plotFont, 10)
	}
	p.X.Tick.Marker = niceTicks(10)
	p.Y.Tick.Marker = niceTicks(8)
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{0xDD}
	grid.Horizontal.Color = color.Gray{0xDD}
	p.Add(grid)
	return p
}

// newLegend returns an empty legend with the house style.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = font.From(plotFont, 11)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(28)
	l.Padding = vg.Points(3)
	return l
}

// drawWithLegend draws p on c with legend in a column to the right of it,
// top-aligned with the data area, so that the legend never hides data.
//
// The column is sized with Liberation Sans metrics plus 15% spare: an SVG
// names its font rather than embedding it, and a viewer without Liberation
// Sans (or the metric-compatible Arial) substitutes a sans-serif that is
// often wider, such as DejaVu Sans.
func drawWithLegend(c draw.Canvas, p *plot.Plot, legend plot.Legend) {
	const gap = 12 // points between the plot and the legend
	text := legend.Rectangle(c).Size().X
	width := text + vg.Points(gap) + text*0.15
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	p.Draw(draw.Crop(c, 0, -width, 0, 0))

	lc := draw.Crop(c, c.Size().X-width+vg.Points(gap), 0, 0, 0)
	if p.Title.Text != "" {
		lc.Max.Y -= p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding
	}
	legend.Draw(lc)
}

// savePlot renders p with its legend to a PNG at pngPath and an SVG at
// svgPath, skipping either that is "", each written atomically.
func savePlot(p *plot.Plot, legend plot.Legend, pngPath, svgPath string) error {
	if pngPath != "" {
		c := vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight), vgimg.UseDPI(plotDPI))
		drawWithLegend(draw.New(c), p, legend)
		if err := writeAtomicTo(pngPath, vgimg.PngCanvas{Canvas: c}); err != nil {
			return err
		}
	}
	if svgPath != "" {
		c := vgsvg.New(plotWidth, plotHeight)
		drawWithLegend(draw.New(c), p, legend)
		if err := writeAtomicTo(svgPath, c); err != nil {
			return err
		}
	}
	return nil
}

// writeAtomicTo writes what w produces to path atomically.
func writeAtomicTo(path string, w io.WriterTo) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := w.WriteTo(f); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	return f.Commit()
}

// GroupDigits formats n with thin-space thousands separators, as the plots
// do (12 345 678).
func GroupDigits(n int) string { return groupDigits(n) }
