// Command costplot draws the per-step cost model of docs/performance.md
// from the output of `go test ./sim -bench Phases` (one or more files, e.g.
// with -count 3; the median of each benchmark is used): a log–log plot of
// milliseconds per step against satellites, one line per phase and number
// of cities, and the same figures as a Markdown table on stdout.
//
//	costplot OUT.png BENCH.txt [BENCH.txt ...]
//
// Lines it reads look like
//
//	BenchmarkPhases/4408sats-100cities/routing-kept-2   20   128000000 ns/op
//
// (the -N suffix is GOMAXPROCS). Anything else in the files is ignored.
// Extra points measured from whole runs (bench/run.sh) can be given as
// lines "point LABEL SATELLITES MS_PER_STEP" in the same files; they are
// drawn as separate marks.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var benchLine = regexp.MustCompile(`^BenchmarkPhases/(\d+)sats-(\d+)cities/([a-z-]+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op`)

// key names one benchmark.
type key struct {
	sats, cities int
	phase        string
}

// point is a whole-run figure.
type point struct {
	label string
	sats  int
	ms    float64
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "costplot:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) < 2 {
		return errors.New("usage: costplot OUT.png BENCH.txt [BENCH.txt ...]")
	}
	samples := map[key][]float64{}
	var points []point
	for _, path := range args[1:] {
		if err := read(path, samples, &points); err != nil {
			return err
		}
	}
	if len(samples) == 0 {
		return fmt.Errorf("%s: no BenchmarkPhases lines", strings.Join(args[1:], ", "))
	}
	med := map[key]float64{}
	for k, v := range samples {
		slices.Sort(v)
		m := v[len(v)/2]
		if len(v)%2 == 0 {
			m = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		med[k] = m / 1e6 // ms
	}
	table(stdout, med)
	return draw2(args[0], med, points)
}

// read adds the benchmark lines and points of one file.
func read(path string, samples map[key][]float64, points *[]point) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		if m := benchLine.FindStringSubmatch(t); m != nil {
			sats, _ := strconv.Atoi(m[1])
			cities, _ := strconv.Atoi(m[2])
			ns, err := strconv.ParseFloat(m[4], 64)
			if err != nil {
				return fmt.Errorf("%s:%d: ns/op: %w", path, line, err)
			}
			k := key{sats, cities, m[3]}
			samples[k] = append(samples[k], ns)
			continue
		}
		if f := strings.Fields(t); len(f) == 4 && f[0] == "point" {
			sats, err1 := strconv.Atoi(f[2])
			ms, err2 := strconv.ParseFloat(f[3], 64)
			if err := errors.Join(err1, err2); err != nil || sats <= 0 || ms <= 0 {
				return fmt.Errorf("%s:%d: point: want LABEL SATELLITES MS_PER_STEP (positive)", path, line)
			}
			*points = append(*points, point{f[1], sats, ms})
		}
	}
	return sc.Err()
}

func sortedKeys(med map[key]float64) []key {
	ks := make([]key, 0, len(med))
	for k := range med {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.phase != b.phase {
			return a.phase < b.phase
		}
		if a.cities != b.cities {
			return a.cities < b.cities
		}
		return a.sats < b.sats
	})
	return ks
}

// table prints ms per step, one row per (satellites, cities), one column
// per phase, and the log–log slope between the smallest and largest
// constellation of each phase and number of cities.
func table(w io.Writer, med map[key]float64) {
	phases := []string{}
	type sc struct{ sats, cities int }
	rows := []sc{}
	for _, k := range sortedKeys(med) {
		if !slices.Contains(phases, k.phase) {
			phases = append(phases, k.phase)
		}
		if !slices.Contains(rows, sc{k.sats, k.cities}) {
			rows = append(rows, sc{k.sats, k.cities})
		}
	}
	slices.SortFunc(rows, func(a, b sc) int {
		if a.sats != b.sats {
			return a.sats - b.sats
		}
		return a.cities - b.cities
	})
	fmt.Fprintf(w, "| satellites | cities (all pairs) | %s |\n", strings.Join(phases, " | "))
	fmt.Fprintf(w, "| ---: | ---: |%s\n", strings.Repeat(" ---: |", len(phases)))
	for _, r := range rows {
		fmt.Fprintf(w, "| %d | %d |", r.sats, r.cities)
		for _, p := range phases {
			if v, ok := med[key{r.sats, r.cities, p}]; ok {
				fmt.Fprintf(w, " %.3g |", v)
			} else {
				fmt.Fprint(w, " — |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	for _, s := range series(med) {
		if len(s.xy) >= 2 {
			a, b := s.xy[0], s.xy[len(s.xy)-1]
			fmt.Fprintf(w, "slope %s: %.2f\n", s.label, math.Log(b.Y/a.Y)/math.Log(b.X/a.X))
		}
	}
}

type line struct {
	label string
	xy    plotter.XYs
}

// series groups the medians by phase and cities, in satellite order.
func series(med map[key]float64) []line {
	var out []line
	idx := map[[2]any]int{}
	for _, k := range sortedKeys(med) {
		id := [2]any{k.phase, k.cities}
		i, ok := idx[id]
		if !ok {
			i = len(out)
			idx[id] = i
			out = append(out, line{label: fmt.Sprintf("%s, %d cities", k.phase, k.cities)})
		}
		out[i].xy = append(out[i].xy, plotter.XY{X: float64(k.sats), Y: med[k]})
	}
	return out
}

// draw2 writes the log–log plot.
func draw2(path string, med map[key]float64, points []point) error {
	p := plot.New()
	p.Title.Text = "orbitnet: time per step by phase (BenchmarkPhases at 100 ms steps, median; crosses: whole runs, CPU)"
	p.X.Label.Text = "satellites"
	p.Y.Label.Text = "ms per step"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true
	phaseColor := map[string]int{}
	for _, s := range series(med) {
		l, sc, err := plotter.NewLinePoints(s.xy)
		if err != nil {
			return err
		}
		phase, _, _ := strings.Cut(s.label, ",")
		if _, ok := phaseColor[phase]; !ok {
			phaseColor[phase] = len(phaseColor)
		}
		c := plotColor(phaseColor[phase])
		l.Color, sc.Color = c, c
		if strings.Contains(s.label, ", 25 cities") {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		sc.Shape = draw.CircleGlyph{}
		p.Add(l, sc)
		p.Legend.Add(s.label, l, sc)
	}
	for i, pt := range points {
		sc, err := plotter.NewScatter(plotter.XYs{{X: float64(pt.sats), Y: pt.ms}})
		if err != nil {
			return err
		}
		sc.Shape = draw.CrossGlyph{}
		sc.Radius = vg.Points(5)
		sc.Color = plotColor(4 + i)
		p.Add(sc)
		p.Legend.Add(pt.label+" (whole run)", sc)
	}
	p.Add(plotter.NewGrid())
	p.Y.Max *= 20 // room for the legend above the lines
	return p.Save(9*vg.Inch, 6*vg.Inch, path)
}

func plotColor(i int) color.Color {
	pal := []color.RGBA{
		{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
		{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
		{188, 189, 34, 255}, {23, 190, 207, 255}, {0, 0, 0, 255},
	}
	return pal[i%len(pal)]
}
