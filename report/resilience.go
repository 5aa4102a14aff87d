package report

import (
	"errors"
	"fmt"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ResilienceGroup is one curve of a resilience plot: points (x, y), several
// per x when a sweep repeats a setting over random seeds.
type ResilienceGroup struct {
	Label string
	X, Y  []float64
}

// PlotResilience draws a sweep's outcome, for example the fraction of
// pair-steps with a path against the fraction of satellites failed: per
// group a line through the mean y at each x, a vertical bar from the
// smallest to the largest y at that x (the spread over seeds) and a dot per
// point. It writes a PNG and an SVG (either path may be ""), atomically.
// The y axis starts at 0. Non-finite values are left out. It returns an error if groups is empty,
// a group's X and Y differ in length, or both paths are empty.
func PlotResilience(title, xLabel, yLabel string, groups []ResilienceGroup, pngPath, svgPath string) error {
	if len(groups) == 0 {
		return errors.New("report: PlotResilience: no groups")
	}
	if pngPath == "" && svgPath == "" {
		return errors.New("report: PlotResilience: no output path")
	}
	if len(groups) > len(palette) {
		title += fmt.Sprintf(" (first %d of %d groups)", len(palette), len(groups))
		groups = groups[:len(palette)]
	}
	p := newPlot(title, xLabel, yLabel)
	legend := newLegend()
	for i, g := range groups {
		if len(g.X) != len(g.Y) {
			return fmt.Errorf("report: PlotResilience: group %q: %d x but %d y", g.Label, len(g.X), len(g.Y))
		}
		byX := map[float64][]float64{}
		var dots plotter.XYs
		for k := range g.X {
			if isFinite(g.X[k]) && isFinite(g.Y[k]) {
				byX[g.X[k]] = append(byX[g.X[k]], g.Y[k])
				dots = append(dots, plotter.XY{X: g.X[k], Y: g.Y[k]})
			}
		}
		xs := make([]float64, 0, len(byX))
		for x := range byX {
			xs = append(xs, x)
		}
		sort.Float64s(xs)
		sty := draw.LineStyle{Color: palette[i], Width: vg.Points(lineWidth)}
		var mean plotter.XYs
		for _, x := range xs {
			ys := byX[x]
			lo, hi, sum := ys[0], ys[0], 0.0
			for _, y := range ys {
				lo, hi, sum = min(lo, y), max(hi, y), sum+y
			}
			mean = append(mean, plotter.XY{X: x, Y: sum / float64(len(ys))})
			if hi > lo {
				bar, err := plotter.NewLine(plotter.XYs{{X: x, Y: lo}, {X: x, Y: hi}})
				if err != nil {
					return fmt.Errorf("report: PlotResilience: %w", err)
				}
				bar.LineStyle = sty
				p.Add(bar)
			}
		}
		if len(mean) > 1 {
			line, err := plotter.NewLine(mean)
			if err != nil {
				return fmt.Errorf("report: PlotResilience: %w", err)
			}
			line.LineStyle = sty
			p.Add(line)
		}
		if len(dots) > 0 {
			sc, err := plotter.NewScatter(dots)
			if err != nil {
				return fmt.Errorf("report: PlotResilience: %w", err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: palette[i], Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
			p.Add(sc)
		}
		legend.Add(g.Label, &plotter.Line{LineStyle: sty})
	}
	p.Y.Min = 0 // the axis starts at zero so that damage reads in proportion
	p.Y.Max *= 1.03
	legend.Add("line: mean; bar: min–max over seeds", &plotter.Line{})
	return savePlot(p, legend, pngPath, svgPath)
}
