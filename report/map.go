package report

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
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

	"orbitnet/region"
)

// Map geometry. The PNG is mapWidth × mapHeight at plotDPI (1000 × 700
// pixels); the SVG has the same size in points.
const (
	mapWidth  = 10 * vg.Inch
	mapHeight = 7 * vg.Inch
	// mapBarColumn is the width of the colour-bar column right of the map.
	mapBarColumn = 1.7 * vg.Inch
	// mapMargin is the share of the data's extent added around it.
	mapMargin = 0.04
	// colourSteps is the number of bands drawn in the colour bar.
	colourSteps = 256
)

// noValueColour fills cells without a value (NaN).
var noValueColour = color.RGBA{0xC8, 0xC8, 0xC8, 0xFF}

// MapCell is one cell of a map: a longitude–latitude rectangle and its
// value.
type MapCell struct {
	Lat, Lon   float64 // centre, degrees north and east
	DLat, DLon float64 // height and width, degrees
	Value      float64 // NaN: no value, drawn grey (Map.NoValueLabel)
}

// Map is a map of grid cells coloured by value over a region's outline.
type Map struct {
	Title string
	Cells []MapCell
	// Outline holds rings (closed lists of points) drawn as black lines
	// over the cells, such as region.Region.Outline().
	Outline [][]region.Point
	// ValueLabel names the value along the colour bar, with its unit.
	ValueLabel string
	// Min and Max are the ends of the colour scale; values outside are
	// drawn in the end colours. When Min ≥ Max the scale spans the finite
	// values.
	Min, Max float64
	// Reverse gives low values the bright end of the scale, for values
	// where lower is better (a round-trip time), so that "good" has the
	// same colour on every map.
	Reverse bool
	// NoValueLabel is the colour bar's legend for grey cells (NaN), for
	// example "never reachable"; "no value" when empty. It is shown only
	// when some cell has no value.
	NoValueLabel string
}

// PlotMap draws m as a PNG at pngPath and an SVG at svgPath, each written
// atomically; either path may be "" to skip that format.
//
// The projection is equirectangular (plate carrée) with the longitude axis
// scaled by cos φ₀, φ₀ the middle latitude of the drawn area, so that
// distances near φ₀ have the same scale east–west and north–south; the
// axes are longitude and latitude, labelled with their hemisphere (30°S,
// 120°W), and the ranges are widened as needed to keep that aspect, the
// latitude range within ±90° (moved away from a pole, or cut to [−90°, 90°]
// if it would span more than 180°). Each cell is filled in the colour of its
// value on the viridis scale (perceptually uniform and readable with the
// common colour-vision deficiencies; van der Walt & Smith for matplotlib,
// CC0), shown by a colour bar on the right, and the outline is drawn over
// the cells in black on a white halo. A scale bar of a round length near a fifth of the map's width
// sits in the lower left corner.
//
// For a region that crosses the antimeridian with continuous outline
// longitudes (beyond ±180), cells west of the outline are moved by 360°
// to join it; a region whose parts are cut at ±180° (Natural Earth's
// Russia and Fiji) has its western parts moved by 360° when that leaves a
// narrower map (see joinAcrossAntimeridian).
//
// PlotMap returns an error when there is neither a cell nor an outline
// point, a coordinate is not finite, or both paths are empty.
func PlotMap(m Map, pngPath, svgPath string) error {
	if pngPath == "" && svgPath == "" {
		return errors.New("report: PlotMap: no output path")
	}
	b, err := mapBounds(&m)
	if err != nil {
		return err
	}
	lo, hi := m.Min, m.Max
	noValue := false
	if !(lo < hi) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, c := range m.Cells {
			if isFinite(c.Value) {
				lo, hi = min(lo, c.Value), max(hi, c.Value)
			}
		}
		switch {
		case lo > hi: // no finite value
			lo, hi = 0, 1
		case lo == hi:
			lo, hi = lo-0.5, hi+0.5
		}
	}
	for _, c := range m.Cells {
		noValue = noValue || !isFinite(c.Value)
	}
	scale := colourScale{lo: lo, hi: hi, reverse: m.Reverse}

	p := newPlot(m.Title, "longitude", "latitude")
	p.X.Tick.Marker = degreeTicks(10, false)
	p.Y.Tick.Marker = degreeTicks(8, true)
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(&cellLayer{cells: m.Cells, scale: scale})
	// The outline: a black line on a white halo, visible on every colour.
	for _, sty := range []draw.LineStyle{{Color: color.White, Width: vg.Points(2.5)}, {Color: color.Black, Width: vg.Points(1)}} {
		for _, ring := range m.Outline {
			xy := make(plotter.XYs, len(ring))
			for i, pt := range ring {
				xy[i] = plotter.XY{X: pt.Lon, Y: pt.Lat}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return fmt.Errorf("report: PlotMap: outline: %w", err)
			}
			l.LineStyle = sty
			p.Add(l)
		}
	}
	lat0 := (b.MinLat + b.MaxLat) / 2
	p.Add(&scaleBar{cosLat: math.Cos(lat0 * math.Pi / 180)})

	draw1 := func(c draw.Canvas) {
		c.SetColor(color.White)
		c.Fill(c.Rectangle.Path())
		mapC := draw.Crop(c, 0, -mapBarColumn, 0, 0)
		fitAspect(p, mapC, b, lat0)
		p.Draw(mapC)
		dc := p.DataCanvas(mapC)
		bar := draw.Crop(c, c.Size().X-mapBarColumn, 0, 0, 0)
		bar.Min.Y, bar.Max.Y = dc.Min.Y, dc.Max.Y
		drawColourBar(bar, scale, m.ValueLabel, noValue, m.NoValueLabel)
	}
	if pngPath != "" {
		c := vgimg.NewWith(vgimg.UseWH(mapWidth, mapHeight), vgimg.UseDPI(plotDPI))
		draw1(draw.New(c))
		if err := writeAtomicTo(pngPath, vgimg.PngCanvas{Canvas: c}); err != nil {
			return err
		}
	}
	if svgPath != "" {
		c := vgsvg.New(mapWidth, mapHeight)
		draw1(draw.New(c))
		if err := writeAtomicTo(svgPath, c); err != nil {
			return err
		}
	}
	return nil
}

// mapBounds returns the extent of the cells and the outline, after moving
// cells across the antimeridian to meet an outline that extends past it.
func mapBounds(m *Map) (region.Rect, error) {
	b := region.Rect{MinLon: math.Inf(1), MinLat: math.Inf(1), MaxLon: math.Inf(-1), MaxLat: math.Inf(-1)}
	add := func(lon, lat float64) {
		b.MinLon, b.MaxLon = min(b.MinLon, lon), max(b.MaxLon, lon)
		b.MinLat, b.MaxLat = min(b.MinLat, lat), max(b.MaxLat, lat)
	}
	for i, ring := range m.Outline {
		for j, pt := range ring {
			if !isFinite(pt.Lon) || !isFinite(pt.Lat) {
				return b, fmt.Errorf("report: PlotMap: outline ring %d, point %d: (%v, %v) is not finite", i, j, pt.Lon, pt.Lat)
			}
			add(pt.Lon, pt.Lat)
		}
	}
	if b.MaxLon <= 180 && b.MinLon >= -180 {
		joinAcrossAntimeridian(m)
		b = region.Rect{MinLon: math.Inf(1), MinLat: math.Inf(1), MaxLon: math.Inf(-1), MaxLat: math.Inf(-1)}
		for _, ring := range m.Outline {
			for _, pt := range ring {
				add(pt.Lon, pt.Lat)
			}
		}
	}
	if b.MaxLon > 180 {
		cells := make([]MapCell, len(m.Cells))
		copy(cells, m.Cells)
		for i := range cells {
			if cells[i].Lon < b.MinLon && cells[i].Lon+360 <= b.MaxLon+cells[i].DLon {
				cells[i].Lon += 360
			}
		}
		m.Cells = cells
	}
	for i, c := range m.Cells {
		if !isFinite(c.Lon) || !isFinite(c.Lat) || !isFinite(c.DLon) || !isFinite(c.DLat) {
			return b, fmt.Errorf("report: PlotMap: cell %d: centre (%v, %v), size (%v, %v) is not finite", i, c.Lon, c.Lat, c.DLon, c.DLat)
		}
		add(c.Lon-c.DLon/2, c.Lat-c.DLat/2)
		add(c.Lon+c.DLon/2, c.Lat+c.DLat/2)
	}
	if b.MinLon > b.MaxLon {
		return b, errors.New("report: PlotMap: no cell and no outline to draw")
	}
	return b, nil
}

// joinAcrossAntimeridian moves the western parts of a map whose outline
// rings and cells lie within ±180° by +360° when the widest stretch of
// longitude they leave empty is not the one at the antimeridian, so that a
// region split by it (Russia's Chukotka, Fiji) is drawn in one piece:
// Russia spans 19°E to 191°E (169°W) rather than the whole world. Rings and
// cells are copied, not changed in place.
func joinAcrossAntimeridian(m *Map) {
	type span struct{ lo, hi float64 }
	var spans []span
	for _, ring := range m.Outline {
		if len(ring) == 0 {
			continue
		}
		sp := span{math.Inf(1), math.Inf(-1)}
		for _, pt := range ring {
			sp.lo, sp.hi = min(sp.lo, pt.Lon), max(sp.hi, pt.Lon)
		}
		spans = append(spans, sp)
	}
	for _, c := range m.Cells {
		if isFinite(c.Lon) && isFinite(c.DLon) {
			spans = append(spans, span{c.Lon - c.DLon/2, c.Lon + c.DLon/2})
		}
	}
	if len(spans) < 2 {
		return
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	// The widest gap between the merged spans, west to east.
	end, gapLo, gapHi := spans[0].hi, 0.0, 0.0
	for _, sp := range spans[1:] {
		if sp.lo > end && sp.lo-end > gapHi-gapLo {
			gapLo, gapHi = end, sp.lo
		}
		end = max(end, sp.hi)
	}
	wrap := spans[0].lo + 360 - end // the gap across the antimeridian
	if gapHi-gapLo <= wrap {
		return
	}
	outline := make([][]region.Point, len(m.Outline))
	for i, ring := range m.Outline {
		outline[i] = ring
		if len(ring) > 0 && ring[0].Lon <= gapLo {
			moved := make([]region.Point, len(ring))
			for j, pt := range ring {
				moved[j] = region.Point{Lon: pt.Lon + 360, Lat: pt.Lat}
			}
			outline[i] = moved
		}
	}
	cells := make([]MapCell, len(m.Cells))
	copy(cells, m.Cells)
	for i := range cells {
		if cells[i].Lon <= gapLo {
			cells[i].Lon += 360
		}
	}
	m.Outline, m.Cells = outline, cells
}

// fitAspect sets p's axis ranges to b plus a margin, widened on one axis
// so that a degree of latitude and cos(lat0) degrees of longitude have the
// same length on the canvas. The data area depends on the width of the
// tick labels, which depends on the ranges, so the fit is repeated.
func fitAspect(p *plot.Plot, c draw.Canvas, b region.Rect, lat0 float64) {
	k := math.Max(math.Cos(lat0*math.Pi/180), 0.05)
	w, h := (b.MaxLon-b.MinLon)*k, b.MaxLat-b.MinLat
	pad := mapMargin * max(w, h, 0.1)
	w, h = w+2*pad, h+2*pad
	cx, cy := (b.MinLon+b.MaxLon)/2, (b.MinLat+b.MaxLat)/2
	for range 3 {
		dc := p.DataCanvas(c)
		sx, sy := float64(dc.Size().X), float64(dc.Size().Y)
		// Lengths per degree (of latitude) if w or h fills its axis.
		perDeg := math.Min(sx/w, sy/h)
		xr, yr := sx/perDeg/k, sy/perDeg
		p.X.Min, p.X.Max = cx-xr/2, cx+xr/2
		p.Y.Min, p.Y.Max = clampLat(cy-yr/2, cy+yr/2)
	}
}

// clampLat moves the latitude range [lo, hi] inside [−90, 90] keeping its
// length, or cuts it to [−90, 90] when it is longer.
func clampLat(lo, hi float64) (float64, float64) {
	if hi-lo >= 180 {
		return -90, 90
	}
	if lo < -90 {
		lo, hi = -90, hi+(-90-lo)
	}
	if hi > 90 {
		lo, hi = lo-(hi-90), 90
	}
	return lo, hi
}

// colourScale maps values onto viridis.
type colourScale struct {
	lo, hi  float64
	reverse bool
}

// At returns the colour of v (NaN: noValueColour).
func (s colourScale) At(v float64) color.RGBA {
	if math.IsNaN(v) {
		return noValueColour
	}
	t := (v - s.lo) / (s.hi - s.lo)
	if s.reverse {
		t = 1 - t
	}
	return viridis(t)
}

// viridisStops samples matplotlib's viridis colour map (CC0) at 0, 1/8, …,
// 1; viridis interpolates linearly between them, within a few units of
// the 256-entry table.
var viridisStops = [...]color.RGBA{
	{0x44, 0x01, 0x54, 0xFF},
	{0x47, 0x2D, 0x7B, 0xFF},
	{0x3B, 0x52, 0x8B, 0xFF},
	{0x2C, 0x72, 0x8E, 0xFF},
	{0x21, 0x91, 0x8C, 0xFF},
	{0x28, 0xAE, 0x80, 0xFF},
	{0x5E, 0xC9, 0x62, 0xFF},
	{0xAD, 0xDC, 0x30, 0xFF},
	{0xFD, 0xE7, 0x25, 0xFF},
}

// viridis returns the colour at t in [0, 1] (clamped).
func viridis(t float64) color.RGBA {
	t = min(max(t, 0), 1) * float64(len(viridisStops)-1)
	i := min(int(t), len(viridisStops)-2)
	f := t - float64(i)
	a, b := viridisStops[i], viridisStops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xFF}
}

// cellLayer fills the cells.
type cellLayer struct {
	cells []MapCell
	scale colourScale
}

// Plot implements plot.Plotter. Each cell is filled and outlined in its
// own colour with a hairline, which hides the seams that anti-aliasing
// leaves between neighbours.
func (l *cellLayer) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, cell := range l.cells {
		x0, x1 := tx(cell.Lon-cell.DLon/2), tx(cell.Lon+cell.DLon/2)
		y0, y1 := ty(cell.Lat-cell.DLat/2), ty(cell.Lat+cell.DLat/2)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		col := l.scale.At(cell.Value)
		c.FillPolygon(col, c.ClipPolygonXY(pts))
		c.StrokeLines(draw.LineStyle{Color: col, Width: vg.Points(0.5)}, c.ClipLinesXY(append(pts, pts[0]))...)
	}
}

// scaleBar draws a scale bar in the lower left corner of the data area.
type scaleBar struct {
	cosLat float64 // cos φ₀: km per degree of longitude over km per degree of latitude
}

// Plot implements plot.Plotter.
func (s *scaleBar) Plot(c draw.Canvas, p *plot.Plot) {
	kmPerDegLon := math.Pi / 180 * region.EarthRadiusKm * s.cosLat
	widthKm := (p.X.Max - p.X.Min) * kmPerDegLon
	km := roundLength(widthKm / 5)
	tx, _ := p.Transforms(&c)
	length := tx(p.X.Min+km/kmPerDegLon) - tx(p.X.Min)
	sty := draw.TextStyle{Color: color.Black, Font: font.From(plotFont, 10), XAlign: draw.XCenter, YAlign: draw.YBottom,
		Handler: p.TextHandler}
	label := strconv.FormatFloat(km, 'f', -1, 64) + " km"
	x0, y0 := c.Min.X+vg.Points(14), c.Min.Y+vg.Points(12)
	tick := vg.Points(4)
	// A white box behind the bar and its label keeps them readable over
	// the cells.
	th := sty.Rectangle(label).Size().Y
	box := vg.Rectangle{Min: vg.Point{X: x0 - vg.Points(6), Y: y0 - vg.Points(6)},
		Max: vg.Point{X: x0 + max(length, sty.Width(label)) + vg.Points(6), Y: y0 + tick + th + vg.Points(4)}}
	c.SetColor(color.NRGBA{0xFF, 0xFF, 0xFF, 0xE0})
	c.Fill(box.Path())
	line := draw.LineStyle{Color: color.Black, Width: vg.Points(1.5)}
	c.StrokeLine2(line, x0, y0, x0+length, y0)
	c.StrokeLine2(line, x0, y0-tick/2, x0, y0+tick)
	c.StrokeLine2(line, x0+length, y0-tick/2, x0+length, y0+tick)
	c.FillText(sty, vg.Point{X: x0 + length/2, Y: y0 + tick}, label)
}

// roundLength returns the largest 1, 2 or 5 × 10^k not above v (v > 0).
func roundLength(v float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if m*mag <= v {
			return m * mag
		}
	}
	return mag
}

// drawColourBar draws the colour scale in c (the bar's column, spanning
// the map's data area vertically): a vertical bar with ticks and labels on
// its right and the value label beside them, and below it a grey swatch
// for cells without a value when there are any.
func drawColourBar(c draw.Canvas, s colourScale, label string, noValue bool, noValueLabel string) {
	const barWidth = 16 // points
	small := draw.TextStyle{Color: color.Black, Font: font.From(plotFont, 10), XAlign: draw.XLeft, YAlign: draw.YCenter,
		Handler: plot.DefaultTextHandler}
	x0 := c.Min.X + vg.Points(14)
	x1 := x0 + vg.Points(barWidth)
	yBot, yTop := c.Min.Y, c.Max.Y
	if noValue {
		yBot += vg.Points(30)
	}
	h := yTop - yBot
	for i := range colourSteps {
		v := s.lo + (s.hi-s.lo)*(float64(i)+0.5)/colourSteps
		ya := yBot + h*vg.Length(i)/colourSteps
		yb := yBot + h*vg.Length(i+1)/colourSteps
		c.SetColor(s.At(v))
		// Overlap the next band by a hair so that no seam shows.
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: ya}, Max: vg.Point{X: x1, Y: yb + 0.3}}.Path())
	}
	frame := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	c.StrokeLines(frame, []vg.Point{{X: x0, Y: yBot}, {X: x1, Y: yBot}, {X: x1, Y: yTop}, {X: x0, Y: yTop}, {X: x0, Y: yBot}})
	labelsRight := x1
	for _, t := range niceTicks(6).Ticks(s.lo, s.hi) {
		if t.Label == "" || t.Value < s.lo-1e-9*(s.hi-s.lo) || t.Value > s.hi+1e-9*(s.hi-s.lo) {
			continue
		}
		y := yBot + h*vg.Length((t.Value-s.lo)/(s.hi-s.lo))
		c.StrokeLine2(frame, x1, y, x1+vg.Points(4), y)
		c.FillText(small, vg.Point{X: x1 + vg.Points(6), Y: y}, t.Label)
		labelsRight = max(labelsRight, x1+vg.Points(6)+small.Width(t.Label))
	}
	if label != "" {
		sty := draw.TextStyle{Color: color.Black, Font: font.From(plotFont, 12), XAlign: draw.XCenter, YAlign: draw.YTop,
			Rotation: math.Pi / 2, Handler: plot.DefaultTextHandler}
		c.FillText(sty, vg.Point{X: labelsRight + vg.Points(6), Y: (yBot + yTop) / 2}, label)
	}
	y := c.Min.Y + vg.Points(6)
	if noValue {
		c.SetColor(noValueColour)
		sw := vg.Rectangle{Min: vg.Point{X: x0, Y: y - vg.Points(6)}, Max: vg.Point{X: x1, Y: y + vg.Points(6)}}
		c.Fill(sw.Path())
		c.StrokeLines(frame, []vg.Point{sw.Min, {X: sw.Max.X, Y: sw.Min.Y}, sw.Max, {X: sw.Min.X, Y: sw.Max.Y}, sw.Min})
		if noValueLabel == "" {
			noValueLabel = "no value"
		}
		c.FillText(small, vg.Point{X: x1 + vg.Points(6), Y: y}, noValueLabel)
	}
}
