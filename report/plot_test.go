package report

import (
	"bytes"
	"flag"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"orbitnet/orbit/units"
)

// cdfSlack is how far a plotted CDF point may stand outside the true CDF's
// step at its x: the thinned curve stays within 1/1000 of the empirical
// CDF (see report/plot.go).
const cdfSlack = 1e-3

// plotDirFlag names a directory to keep the test plots in, to look at them:
// go test ./report -run Plot -plotdir /tmp/plots
var plotDirFlag = flag.String("plotdir", "", "write test plots to this existing directory instead of a temporary one")

// plotDir returns the directory to write test plots in.
func plotDir(t *testing.T) string {
	if *plotDirFlag != "" {
		return *plotDirFlag
	}
	return t.TempDir()
}

// Expected PNG size in pixels: plotWidth × plotHeight at plotDPI.
const wantPNGWidth, wantPNGHeight = 1000, 500

// syntheticRTT returns n pairs of an hour at 15 s steps: RTT about 1.3 times
// the geodesic RTT, with handover steps, jitter and a few outages.
func syntheticRTT(n int) []RTTSeries {
	names := []string{"New York", "London", "Tokyo", "São Paulo", "Johannesburg", "Sydney", "Singapore", "Frankfurt", "Los Angeles", "Nairobi", "Lima", "Seoul"}
	rng := rand.New(rand.NewPCG(1, 2))
	series := make([]RTTSeries, n)
	for i := range series {
		geo := 20 + 25*float64(i)
		s := RTTSeries{
			Label:       names[i%len(names)] + " – " + names[(i+1)%len(names)],
			GeodesicRTT: units.Ms(geo),
		}
		for k := range 240 {
			t := float64(k) * 15
			rtt := geo*1.3 + 3*math.Sin(t/600+float64(i)) + float64((k/20)%3)*2 + rng.Float64()
			if (k+7*i)%97 < 6 { // an outage of six steps
				rtt = math.NaN()
			}
			s.TimeS = append(s.TimeS, t)
			s.RTTMs = append(s.RTTMs, rtt)
		}
		series[i] = s
	}
	return series
}

// checkPNG decodes the PNG at path and checks its size and that it is not
// blank: it must have many distinct colours and a fair share of non-white
// pixels. It returns the number of pixels of each colour (8 bits a channel).
func checkPNG(t *testing.T, path string) map[color.RGBA]int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	if b.Dx() != wantPNGWidth || b.Dy() != wantPNGHeight {
		t.Errorf("%s: %d×%d pixels, want %d×%d", path, b.Dx(), b.Dy(), wantPNGWidth, wantPNGHeight)
	}
	hist := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			hist[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	if len(hist) < 50 {
		t.Errorf("%s: only %d distinct colours", path, len(hist))
	}
	white := hist[color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}]
	if frac := 1 - float64(white)/float64(b.Dx()*b.Dy()); frac < 0.01 {
		t.Errorf("%s: only %.2f%% of pixels are not white", path, 100*frac)
	}
	return hist
}

// checkSVG checks that the file at path looks like an SVG document and
// contains each of texts.
func checkSVG(t *testing.T, path string, texts ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.HasPrefix(s, "<?xml") && !strings.HasPrefix(s, "<svg") {
		t.Errorf("%s: starts %q, not like SVG", path, s[:min(len(s), 40)])
	}
	if !strings.Contains(s, "</svg>") {
		t.Errorf("%s: no closing </svg>", path)
	}
	for _, text := range texts {
		if !strings.Contains(s, text) {
			t.Errorf("%s: text %q not found", path, text)
		}
	}
}

// countColour counts the pixels in hist within 8 levels of c on each
// channel (antialiasing blends the edges of lines).
func countColour(hist map[color.RGBA]int, c color.RGBA) int {
	near := func(a, b uint8) bool { return int(a)-int(b) <= 8 && int(b)-int(a) <= 8 }
	n := 0
	for h, k := range hist {
		if near(h.R, c.R) && near(h.G, c.G) && near(h.B, c.B) {
			n += k
		}
	}
	return n
}

func TestPlotRTT(t *testing.T) {
	dir := plotDir(t)
	pngPath, svgPath := filepath.Join(dir, "rtt.png"), filepath.Join(dir, "rtt.svg")
	series := syntheticRTT(5)
	if err := PlotRTT("RTT, Starlink Gen1, 1 h", series, pngPath, svgPath); err != nil {
		t.Fatal(err)
	}
	hist := checkPNG(t, pngPath)
	checkSVG(t, svgPath, "time (s)", "RTT (ms)", "New York", "geodesic")
	// Each of the five series' colours appears (its line and legend).
	for i := range series {
		if n := countColour(hist, palette[i]); n < 200 {
			t.Errorf("series %d colour %v: %d pixels", i, palette[i], n)
		}
	}
	// No temporary files are left.
	if matches, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(matches) > 0 {
		t.Errorf("temporary files left: %q", matches)
	}
}

func TestPlotRTTManySeries(t *testing.T) {
	dir := plotDir(t)
	svgPath := filepath.Join(dir, "rtt-many.svg")
	if err := PlotRTT("RTT", syntheticRTT(12), "", svgPath); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, svgPath, "first 10 of 12 pairs")
	data, _ := os.ReadFile(svgPath)
	// Series 11 and 12 (Lima – Seoul, Seoul – New York) are not drawn.
	if strings.Contains(string(data), "Lima – Seoul") {
		t.Error("the 11th series is in the legend")
	}
	if _, err := os.Stat(filepath.Join(dir, "rtt-many.png")); err == nil {
		t.Error("a PNG was written with pngPath empty")
	}
}

func TestPlotRTTEdgeCases(t *testing.T) {
	dir := plotDir(t)
	nan := math.NaN()
	allNaN := RTTSeries{Label: "Nairobi – Lima", TimeS: []float64{0, 15, 30}, RTTMs: []float64{nan, nan, nan}, GeodesicRTT: 80}
	single := RTTSeries{Label: "Seoul – Tokyo", TimeS: []float64{42}, RTTMs: []float64{12.5}, GeodesicRTT: 8}
	isolated := RTTSeries{Label: "Lima – Seoul", TimeS: []float64{0, 15, 30, 45, 60}, RTTMs: []float64{nan, 120, nan, 121, 122}}

	for _, tc := range []struct {
		name   string
		series []RTTSeries
		texts  []string // in the SVG
	}{
		{"all-nan", []RTTSeries{allNaN}, []string{"Nairobi – Lima (unreachable)"}},
		{"all-nan-no-geodesic", []RTTSeries{{Label: "x", TimeS: []float64{0, 1}, RTTMs: []float64{nan, nan}, GeodesicRTT: units.Ms(nan)}}, nil},
		{"single-point", []RTTSeries{single}, []string{"Seoul – Tokyo"}},
		{"isolated-points", []RTTSeries{isolated, single, allNaN}, []string{"Lima – Seoul"}},
		{"no-points", []RTTSeries{{Label: "empty"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pngPath, svgPath := filepath.Join(dir, tc.name+".png"), filepath.Join(dir, tc.name+".svg")
			if err := PlotRTT(tc.name, tc.series, pngPath, svgPath); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(pngPath)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, svgPath, tc.texts...)
		})
	}
}

func TestPlotRTTErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.png")
	for _, tc := range []struct {
		name   string
		series []RTTSeries
		png    string
		want   string // in the error
	}{
		{"no series", nil, out, "no series"},
		{"no paths", syntheticRTT(1), "", "no output path"},
		{"length mismatch", []RTTSeries{{Label: "a – b", TimeS: []float64{0, 1}, RTTMs: []float64{3}}}, out, `("a – b"): 2 times but 1 RTTs`},
		{"NaN time", []RTTSeries{{Label: "a", TimeS: []float64{0, math.NaN()}, RTTMs: []float64{3, 4}}}, out, "time 1 is NaN"},
		{"missing directory", syntheticRTT(1), filepath.Join(dir, "no", "x.png"), "no such file"},
	} {
		err := PlotRTT("t", tc.series, tc.png, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("failed calls left %q", names)
	}
}

func TestPlotCDF(t *testing.T) {
	dir := plotDir(t)
	rng := rand.New(rand.NewPCG(3, 4))
	// A stretch-like sample: 1 + lognormal, with some unreachable (NaN).
	values := make([]float64, 200_000)
	for i := range values {
		values[i] = 1 + math.Exp(rng.NormFloat64()*0.6-1.5)
		if i%50 == 0 {
			values[i] = math.NaN()
		}
	}
	orig := append([]float64(nil), values[:10]...)
	pngPath, svgPath := filepath.Join(dir, "cdf.png"), filepath.Join(dir, "cdf.svg")
	if err := PlotCDF("RTT stretch, all pairs and steps", "RTT stretch over geodesic RTT at c (×)", values, pngPath, svgPath); err != nil {
		t.Fatal(err)
	}
	for i, v := range orig {
		if v != values[i] && !(math.IsNaN(v) && math.IsNaN(values[i])) {
			t.Fatalf("values[%d] changed from %v to %v", i, v, values[i])
		}
	}
	checkPNG(t, pngPath)
	checkSVG(t, svgPath, "fraction of samples", "median = ", "95th percentile = ", "4\u2009000 non-finite left out")
}

func TestPlotCDFEdgeCases(t *testing.T) {
	dir := plotDir(t)
	for _, tc := range []struct {
		name   string
		values []float64
	}{
		{"cdf-single", []float64{1.25}},
		{"cdf-constant", []float64{2, 2, 2, 2}},
		{"cdf-small", []float64{3, 1, 2, 5, 4}},
	} {
		pngPath := filepath.Join(dir, tc.name+".png")
		if err := PlotCDF(tc.name, "x (×)", tc.values, pngPath, ""); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		checkPNG(t, pngPath)
	}
	for _, tc := range []struct {
		name   string
		values []float64
		png    string
		want   string
	}{
		{"empty", nil, filepath.Join(dir, "e.png"), "no finite values"},
		{"all NaN", []float64{math.NaN(), math.Inf(1)}, filepath.Join(dir, "e.png"), "no finite values to plot (2 given)"},
		{"no paths", []float64{1}, "", "no output path"},
	} {
		err := PlotCDF("t", "x", tc.values, tc.png, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestQuantileNeighbours(t *testing.T) {
	for _, tc := range []struct {
		n      int
		q      float64
		lo, hi int
	}{
		{1, 0.5, 0, 0}, {1, 0.95, 0, 0},
		{2, 0.5, 0, 1}, {3, 0.5, 1, 2}, {4, 0.5, 1, 2},
		{20, 0.95, 18, 19}, {21, 0.95, 19, 20}, {101, 0.95, 95, 96},
		{10, 0, 0, 1}, {10, 1, 9, 9},
	} {
		lo, hi := quantileNeighbours(tc.n, tc.q)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("quantileNeighbours(%d, %v) = %d, %d, want %d, %d", tc.n, tc.q, lo, hi, tc.lo, tc.hi)
		}
		// They bracket the interpolated quantile of 0, 1, ..., n−1.
		v := make([]float64, tc.n)
		for i := range v {
			v[i] = float64(i)
		}
		if x := quantile(v, tc.q); x < float64(lo) || x > float64(hi) {
			t.Errorf("n=%d q=%v: quantile %v outside [%d, %d]", tc.n, tc.q, x, lo, hi)
		}
	}
}

// TestCDFPoints checks the downsampled CDF against the exact empirical CDF:
// at most maxCDFPoints points, non-decreasing, through the kept points,
// and within 1/1000 of the true CDF at every plotted x.
func TestCDFPoints(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 7, maxCDFPoints / 2, maxCDFPoints/2 + 1, 12_345, 1_000_003} {
		sorted := make([]float64, n)
		for i := range sorted {
			sorted[i] = math.Round(rng.ExpFloat64()*1000) / 100 // ties too
		}
		slices.Sort(sorted)
		mlo, mhi := quantileNeighbours(n, 0.5)
		plo, phi := quantileNeighbours(n, 0.95)
		keep := []int{mlo, mhi, plo, phi}
		pts := cdfPoints(sorted, keep...)
		if len(pts) > maxCDFPoints {
			t.Errorf("n=%d: %d points", n, len(pts))
		}
		if pts[0].Y != 0 || pts[len(pts)-1].Y != 1 || pts[0].X != sorted[0] || pts[len(pts)-1].X != sorted[n-1] {
			t.Errorf("n=%d: runs from %v to %v", n, pts[0], pts[len(pts)-1])
		}
		for _, q := range keep {
			found := false
			for _, p := range pts {
				if p.X == sorted[q] && p.Y == float64(q+1)/float64(n) {
					found = true
				}
			}
			if !found {
				t.Errorf("n=%d: order statistic %d, (%v, %v), not plotted", n, q, sorted[q], float64(q+1)/float64(n))
			}
		}
		for i, p := range pts {
			if i > 0 && (p.X < pts[i-1].X || p.Y < pts[i-1].Y) {
				t.Fatalf("n=%d: point %d %v before %v: not monotone", n, i, pts[i-1], p)
			}
			// The true CDF just below and at p.X bracket p.Y.
			lo := float64(sort.SearchFloat64s(sorted, p.X)) / float64(n)
			hi := float64(sort.Search(n, func(i int) bool { return sorted[i] > p.X })) / float64(n)
			if p.Y < lo-cdfSlack || p.Y > hi+cdfSlack {
				t.Fatalf("n=%d: point %v, CDF there is [%v, %v]", n, p, lo, hi)
			}
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1\u2009000", 12345678: "12\u2009345\u2009678", -4000: "-4\u2009000",
	} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkPlotCDF10M plots the CDF of ten million values, the size of an
// all-pairs stretch sample, to a PNG.
func BenchmarkPlotCDF10M(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	values := make([]float64, 10_000_000)
	for i := range values {
		values[i] = 1 + math.Exp(rng.NormFloat64()*0.6-1.5)
	}
	path := filepath.Join(b.TempDir(), "cdf.png")
	for b.Loop() {
		if err := PlotCDF("stretch", "RTT stretch (×)", values, path, ""); err != nil {
			b.Fatal(err)
		}
	}
}
