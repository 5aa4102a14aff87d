package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RealismRow is one site of the realism report: measured figures (NaN when
// the source gives none) and the model's.
type RealismRow struct {
	Site                           string
	MeasuredMedian                 float64
	MeasuredLo, MeasuredHi         float64 // the source's percentiles, or NaN
	MeasuredMin                    float64
	ModelP5, ModelMedian, ModelP95 float64
}

// PlotRealism draws measured against modelled RTT per site: the model's
// 5th–95th percentile range and median, the measured percentile range,
// median and minimum.
func PlotRealism(title string, rows []RealismRow, pngPath, svgPath string) error {
	p := newPlot(title, "RTT (ms)", "")
	legend := newLegend()
	var ticks []plot.Tick
	modelCol := color.RGBA{0x1f, 0x77, 0xb4, 0xff}
	measCol := color.RGBA{0xd6, 0x27, 0x28, 0xff}
	var modelMed, measMed, measMin plotter.XYs
	addRange := func(lo, hi, y float64, c color.Color) error {
		if math.IsNaN(lo) || math.IsNaN(hi) {
			return nil
		}
		l, err := plotter.NewLine(plotter.XYs{{X: lo, Y: y}, {X: hi, Y: y}})
		if err != nil {
			return err
		}
		l.Color, l.Width = c, vg.Points(4)
		p.Add(l)
		return nil
	}
	for i, r := range rows {
		y := float64(len(rows) - 1 - i)
		ticks = append(ticks, plot.Tick{Value: y, Label: r.Site})
		if err := addRange(r.ModelP5, r.ModelP95, y+0.12, modelCol); err != nil {
			return err
		}
		if err := addRange(r.MeasuredLo, r.MeasuredHi, y-0.12, measCol); err != nil {
			return err
		}
		if !math.IsNaN(r.ModelMedian) {
			modelMed = append(modelMed, plotter.XY{X: r.ModelMedian, Y: y + 0.12})
		}
		if !math.IsNaN(r.MeasuredMedian) {
			measMed = append(measMed, plotter.XY{X: r.MeasuredMedian, Y: y - 0.12})
		}
		if !math.IsNaN(r.MeasuredMin) {
			measMin = append(measMin, plotter.XY{X: r.MeasuredMin, Y: y - 0.12})
		}
	}
	scatter := func(xys plotter.XYs, c color.Color, shape draw.GlyphDrawer, name string) error {
		if len(xys) == 0 {
			return nil
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(5), Shape: shape}
		p.Add(s)
		legend.Add(name, s)
		return nil
	}
	if err := scatter(modelMed, modelCol, draw.CircleGlyph{}, "model median (bar: p5–p95)"); err != nil {
		return err
	}
	if err := scatter(measMed, measCol, draw.BoxGlyph{}, "measured median (bar: published percentiles)"); err != nil {
		return err
	}
	if err := scatter(measMin, measCol, draw.TriangleGlyph{}, "measured minimum"); err != nil {
		return err
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	p.X.Min = 0
	return savePlot(p, legend, pngPath, svgPath)
}
