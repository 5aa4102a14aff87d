package report

import (
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"orbitnet/region"
)

// Test tolerances, named by what they mean where they are used.
const (
	// aspectRel: the map's scale east–west against north–south, equal to
	// 0.1% (the canvas is whole points, a few hundred of them).
	aspectRel = 1e-3
	// roundoff: the rounding of a few operations on values of order 1–100.
	roundoff = 1e-12
)

// square returns a closed ring around a box, degrees.
func square(west, south, east, north float64) []region.Point {
	return []region.Point{{Lon: west, Lat: south}, {Lon: east, Lat: south}, {Lon: east, Lat: north}, {Lon: west, Lat: north}, {Lon: west, Lat: south}}
}

// testMap is a 4 × 3 grid of 1° cells over a box at 50°N with values
// from 0 to 1 and one cell without a value.
func testMap() Map {
	var cells []MapCell
	for i := range 4 {
		for j := range 3 {
			cells = append(cells, MapCell{Lat: 48.5 + float64(j), Lon: 20.5 + float64(i), DLat: 1, DLon: 1, Value: float64(i*3+j) / 11})
		}
	}
	cells[5].Value = math.NaN()
	return Map{Title: "Test: coverage", Cells: cells, Outline: [][]region.Point{square(20, 48, 24, 51)},
		ValueLabel: "fraction", Min: 0, Max: 1, NoValueLabel: "never"}
}

func TestPlotMap(t *testing.T) {
	dir := t.TempDir()
	pngPath, svgPath := filepath.Join(dir, "map.png"), filepath.Join(dir, "map.svg")
	if err := PlotMap(testMap(), pngPath, svgPath); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 700 {
		t.Errorf("PNG is %d × %d, want 1000 × 700", b.Dx(), b.Dy())
	}
	// The cell of value 1 is filled with viridis' bright end, the NaN cell
	// grey (each covers thousands of pixels; the colour bar and the NaN
	// swatch add some more).
	count := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			count[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}]++
		}
	}
	for name, c := range map[string]color.RGBA{"value 1": viridis(1), "value 0": viridis(0), "no value": noValueColour} {
		if count[c] < 2000 {
			t.Errorf("%s: %d pixels of %v", name, count[c], c)
		}
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Test: coverage", "longitude", "latitude", "°E", "°N", "fraction", "never", "km"} {
		if !strings.Contains(string(svg), w) {
			t.Errorf("SVG lacks %q", w)
		}
	}
}

// TestMapAspect: after fitting, a degree of latitude and cos φ₀ degrees of
// longitude are equally long on the canvas, and the data fit inside.
func TestMapAspect(t *testing.T) {
	for _, b := range []region.Rect{{MinLon: 20, MinLat: 44, MaxLon: 40, MaxLat: 52}, {MinLon: 4, MinLat: 57, MaxLon: 31, MaxLat: 81}, {MinLon: -1, MinLat: -1, MaxLon: 1, MaxLat: 1}} {
		p := newPlot("t", "x", "y")
		p.X.Padding, p.Y.Padding = 0, 0
		c := draw.New(vgimg.New(mapWidth-mapBarColumn, mapHeight))
		lat0 := (b.MinLat + b.MaxLat) / 2
		fitAspect(p, c, b, lat0)
		dc := p.DataCanvas(c)
		xPerDeg := float64(dc.Size().X) / ((p.X.Max - p.X.Min) * math.Cos(lat0*math.Pi/180))
		yPerDeg := float64(dc.Size().Y) / (p.Y.Max - p.Y.Min)
		if math.Abs(xPerDeg/yPerDeg-1) > aspectRel {
			t.Errorf("%v: %.4f pt per degree east–west (scaled), %.4f north–south", b, xPerDeg, yPerDeg)
		}
		if p.X.Min > b.MinLon || p.X.Max < b.MaxLon || p.Y.Min > b.MinLat || p.Y.Max < b.MaxLat {
			t.Errorf("%v: axes [%v, %v] × [%v, %v] cut the data", b, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
		}
	}
}

func TestMapAntimeridian(t *testing.T) {
	m := Map{Cells: []MapCell{{Lat: 65, Lon: -175, DLat: 1, DLon: 2}, {Lat: 65, Lon: 175, DLat: 1, DLon: 2}},
		Outline: [][]region.Point{square(170, 60, 190, 70)}}
	b, err := mapBounds(&m)
	if err != nil {
		t.Fatal(err)
	}
	if m.Cells[0].Lon != 185 || m.Cells[1].Lon != 175 || b.MinLon != 170 || b.MaxLon != 190 {
		t.Errorf("cells at %v and %v, bounds %v", m.Cells[0].Lon, m.Cells[1].Lon, b)
	}
}

func TestPlotMapErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "m.png")
	bad := testMap()
	bad.Cells[0].Lat = math.Inf(1)
	for name, c := range map[string]struct {
		m    Map
		path string
	}{
		"no path":   {testMap(), ""},
		"nothing":   {Map{Title: "empty"}, out},
		"bad cell":  {bad, out},
		"bad point": {Map{Outline: [][]region.Point{{{Lon: math.NaN(), Lat: 0}}}}, out},
	} {
		if err := PlotMap(c.m, c.path, ""); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a map was written despite the errors")
	}
}

func TestViridisAndScale(t *testing.T) {
	if viridis(0) != viridisStops[0] || viridis(1) != viridisStops[len(viridisStops)-1] || viridis(-3) != viridis(0) || viridis(7) != viridis(1) {
		t.Error("viridis ends")
	}
	s := colourScale{lo: 10, hi: 30, reverse: true}
	if s.At(10) != viridis(1) || s.At(30) != viridis(0) || s.At(math.NaN()) != noValueColour {
		t.Error("reversed scale")
	}
	for v, want := range map[float64]float64{1: 1, 1.9: 1, 2: 2, 4.99: 2, 5: 5, 99: 50, 180: 100, 0.37: 0.2} {
		if got := roundLength(v); math.Abs(got-want) > roundoff {
			t.Errorf("roundLength(%v) = %v, want %v", v, got, want)
		}
	}
}
