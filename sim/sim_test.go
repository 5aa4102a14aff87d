package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/orbit/walker"
	"orbitnet/routing"
	"orbitnet/topology"
)

// sumTol is the difference in ms allowed between two sums of the same
// link delays taken in different orders (the engine's trees,
// Floyd–Warshall, an interpolated quantile): the rounding of tens of
// additions of delays of 1–30 ms, far below the µs the outputs print.
const sumTol = 1e-9

var t0 = time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)

func shell1(t testing.TB) *constellation.Constellation {
	c, err := constellation.FromPreset("starlink-gen1/550", t0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func cities(t testing.TB, preset string) []ground.Node {
	g, err := ground.Preset(preset)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func baseConfig(t testing.TB) Config {
	return Config{
		Constellation: shell1(t),
		Ground:        cities(t, "cities-top100"),
		Start:         t0,
		Duration:      10 * time.Second,
		Step:          time.Second,
		ISL:           topology.ISLConfig{Pattern: topology.PlusGrid, MaxRange: 5016, MinAltitude: 80},
		GSL:           topology.GSLConfig{MinElevation: 25, Policy: topology.AnyVisible, Selection: topology.HighestElevation},
		Fiber:         FiberConfig{RefractiveIndex: 1.468, RouteInflation: 1.5},
		Mode:          ISLMode,
		Pairs:         [][2]int{{0, 1}, {2, 3}},
		AllPairs:      true,
	}
}

// TestPhysicalBounds: no RTT beats light along the chord between the two
// ground points.
func TestPhysicalBounds(t *testing.T) {
	cfg := baseConfig(t)
	n, err := NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pairs := n.PairList()
	reach := 0
	_, err = Run(context.Background(), n, Options{}, SinkFunc(func(r *StepResult) error {
		for k, v := range r.Values {
			if !v.Reachable() {
				continue
			}
			reach++
			a, b := cfg.Ground[pairs[k][0]].Pos.ToECEF(), cfg.Ground[pairs[k][1]].Pos.ToECEF()
			chord := a.Vec().Dist(b.Vec())
			if min := 2 * units.LightDelay(units.Km(chord), 1).Ms(); v.RTT().Ms() < min {
				t.Fatalf("pair %d: RTT %.6f ms below chord bound %.6f", k, v.RTT(), min)
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if reach == 0 {
		t.Fatal("nothing reachable")
	}
}

// TestDeterministicAcrossWorkers: same results with 1 and 3 workers and
// different block sizes.
func TestDeterministicAcrossWorkers(t *testing.T) {
	for _, policy := range []topology.GSLPolicy{topology.AnyVisible, topology.SlotScheduled} {
		cfg := baseConfig(t)
		cfg.GSL.Policy = policy
		cfg.Duration = 40 * time.Second
		cfg.AllPairs = false
		cfg.Pairs = [][2]int{{0, 1}, {2, 3}, {4, 5}, {0, 5}}
		var ref []PairValue
		for _, w := range []struct{ workers, block int }{{1, 64}, {3, 3}, {2, 1}} {
			n, err := NewNetwork(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var got []PairValue
			_, err = Run(context.Background(), n, Options{Workers: w.workers, BlockSteps: w.block}, SinkFunc(func(r *StepResult) error {
				got = append(got, r.Values...)
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}
			if ref == nil {
				ref = got
				continue
			}
			for i := range ref {
				if ref[i] != got[i] && !(math.IsInf(ref[i].Delay.Ms(), 1) && math.IsInf(got[i].Delay.Ms(), 1)) {
					t.Fatalf("%s workers=%d block=%d: value %d differs: %+v vs %+v", policy, w.workers, w.block, i, ref[i], got[i])
				}
			}
		}
	}
}

// TestHistQuantiles compares the histogram's quantiles with a direct
// computation on sorted values (numpy's linear interpolation).
func TestHistQuantiles(t *testing.T) {
	vals := []float64{42.5, 40.1, 40.1, 55.003, 41.7, 39.999, 80.25, 40.0005}
	var h Hist
	for _, v := range vals {
		h.Add(units.Ms(v))
	}
	sorted := append([]float64(nil), vals...)
	for i := range sorted {
		sorted[i] = math.Round(sorted[i]*1000) / 1000
	}
	sortFloats(sorted)
	for _, p := range []float64{0, 0.25, 0.5, 0.95, 1} {
		pos := p * float64(len(sorted)-1)
		lo := int(math.Floor(pos))
		want := sorted[lo]
		if lo+1 < len(sorted) {
			want += (pos - float64(lo)) * (sorted[lo+1] - sorted[lo])
		}
		if got := h.Quantile(p).Ms(); math.Abs(got-want) > sumTol {
			t.Errorf("q%.2f = %v, want %v", p, got, want)
		}
	}
	var empty Hist
	if !math.IsNaN(empty.Quantile(0.5).Ms()) {
		t.Error("empty histogram has a median")
	}
}

func sortFloats(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// TestFailures: with every satellite down from 5 s, nothing is reachable
// from then on; a random 30% of the laser links down is reproducible and
// never shortens a path.
func TestFailures(t *testing.T) {
	cfg := baseConfig(t)
	cfg.AllPairs = false
	all := make([]int, len(cfg.Constellation.Sats))
	for i := range all {
		all[i] = i
	}
	cfg.Failures = []Failure{{Name: "all", Kind: SatellitesDown, From: 5 * time.Second, Sats: all}}
	n, err := NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), n, Options{}, SinkFunc(func(r *StepResult) error {
		for _, v := range r.Values {
			if v.Reachable() != (r.Offset < 5*time.Second) {
				t.Fatalf("t=%v reachable=%v", r.Offset, v.Reachable())
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	collect := func(f []Failure) []PairValue {
		c := baseConfig(t)
		c.AllPairs = false
		c.Pairs = [][2]int{{0, 1}, {2, 3}, {4, 5}}
		c.Failures = f
		n, err := NewNetwork(c)
		if err != nil {
			t.Fatal(err)
		}
		var out []PairValue
		Run(context.Background(), n, Options{}, SinkFunc(func(r *StepResult) error {
			out = append(out, r.Values...)
			return nil
		}))
		return out
	}
	base := collect(nil)
	isl := []Failure{{Name: "isl", Kind: ISLsDown, Fraction: 0.3, Seed: 7}}
	a, b := collect(isl), collect(isl)
	for i := range base {
		if a[i] != b[i] && !(math.IsInf(a[i].Delay.Ms(), 1) && math.IsInf(b[i].Delay.Ms(), 1)) {
			t.Fatal("random ISL failures not reproducible")
		}
		if a[i].Reachable() && a[i].Delay < base[i].Delay-sumTol {
			t.Fatalf("failures shortened a path: %v < %v", a[i].Delay, base[i].Delay)
		}
	}
}

// TestRoutesMatchFloydWarshall: on small constellations (a 12×10 Walker
// shell, and Starlink's first shell in bent-pipe and hybrid modes with
// gateways), the engine's RTTs equal the Floyd–Warshall all-pairs distances
// of the same snapshot graph at every checked step, for every mode.
func TestRoutesMatchFloydWarshall(t *testing.T) {
	small, err := constellation.FromWalker("w", []walker.Shell{{Name: "s", Planes: 12, PerPlane: 10, Phasing: 1, Altitude: 1200, Inclination: 53}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	two, err := constellation.FromWalker("two", []walker.Shell{
		{Name: "a", Planes: 12, PerPlane: 10, Phasing: 1, Altitude: 1200, Inclination: 53},
		{Name: "b", Planes: 8, PerPlane: 9, Phasing: 1, Altitude: 1000, Inclination: 70},
	}, t0)
	if err != nil {
		t.Fatal(err)
	}
	gws := []ground.Node{
		{Name: "GW1", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 52, Lon: 21}, Antennas: 2},
		{Name: "GW2", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 40.8, Lon: 29.5}, Antennas: 2},
		{Name: "GW3", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 50.3, Lon: 8.5}, Antennas: 2},
		{Name: "PoP1", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 52.2, Lon: 21}},
		{Name: "PoP2", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 50.1, Lon: 8.7}},
	}
	for _, tc := range []struct {
		name   string
		c      *constellation.Constellation
		mode   Mode
		policy topology.GSLPolicy
		cross  bool
	}{
		{"two-shells-cross", two, ISLMode, topology.AnyVisible, true},
		{"walker-isl", small, ISLMode, topology.AnyVisible, false},
		{"shell1-bentpipe-slot", shell1(t), BentPipe, topology.SlotScheduled, false},
		{"walker-hybrid", small, Hybrid, topology.AnyVisible, false},
		{"walker-bentpipe", small, BentPipe, topology.AnyVisible, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := baseConfig(t)
			cfg.Constellation = tc.c
			cfg.Mode = tc.mode
			cfg.GSL.Policy = tc.policy
			cfg.GSL.MinElevation = 10
			cfg.Fiber.PoPMesh = true
			cfg.ISL.CrossShell = tc.cross
			cfg.Ground = append(cities(t, "cities-top100")[:12:12], gws...)
			cfg.AllPairs = true
			cfg.Pairs = nil
			n, err := NewNetwork(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if tc.cross {
				// every satellite has at most one partner in the other shell,
				// and there are such links
				cross := map[int32]int{}
				for k := range n.ISL.A {
					a, b := n.ISL.A[k], n.ISL.B[k]
					if tc.c.Sats[a].Shell != tc.c.Sats[b].Shell {
						cross[a]++
						cross[b]++
					}
				}
				if len(cross) == 0 {
					t.Fatal("no cross-shell links")
				}
				for s, c := range cross {
					if c > 1 {
						t.Fatalf("satellite %d has %d cross-shell links", s, c)
					}
				}
			}
			ws := n.NewWorkspace()
			vals := make([]PairValue, len(n.PairList()))
			for step := 0; step < 40; step += 13 {
				ws.Build(time.Duration(step) * time.Second)
				ws.RouteAll(vals, nil)
				fw := routing.FloydWarshall(&ws.G)
				for k, p := range n.PairList() {
					want := fw[n.Node(p[0])][n.Node(p[1])]
					got := vals[k].Delay.Ms()
					if !(got == want || math.Abs(got-want) < sumTol) {
						t.Fatalf("step %d pair %v: engine %v, Floyd–Warshall %v", step, p, got, want)
					}
				}
			}
		})
	}
}

// TestHistForms: in its list form and after turning into a histogram, Hist
// gives the exact type-7 quantiles of the µs-rounded values, also when
// quantiles are read between additions.
func TestHistForms(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	cases := []struct {
		name  string
		n     int
		value func(i int) float64
		list  bool // still a list at the end
	}{
		{"narrow drift", 5000, func(i int) float64 { return 40 + float64(i%300)*0.001 + 0.0004*r.Float64() }, false},
		{"wide spread", 3000, func(int) float64 { return 20 + 200*r.Float64() }, true},
		{"one value", 1000, func(int) float64 { return 55.5 }, false},
		// a histogram of 35 ms would take 35 times the list's bytes
		{"jumps", 4000, func(i int) float64 { return 30 + float64((i/500)%3)*17.3 + 0.01*r.Float64() }, true},
		{"few", 3, func(i int) float64 { return float64(i) * 0.0015 }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var h Hist
			var us []float64
			for i := 0; i < c.n; i++ {
				v := c.value(i)
				h.Add(units.Ms(v))
				us = append(us, math.Round(v*1000))
				if i%997 == 0 || i == c.n-1 {
					s := slices.Clone(us)
					slices.Sort(s)
					for _, p := range []float64{0, 0.01, 0.5, 0.95, 0.999, 1} {
						pos := p * float64(len(s)-1)
						lo := int(math.Floor(pos))
						want := s[lo]
						if f := pos - float64(lo); f != 0 && lo+1 < len(s) {
							want += f * (s[lo+1] - s[lo])
						}
						if got := h.Quantile(p).Ms(); got != want/1000 {
							t.Fatalf("after %d values q%v = %v, want %v", i+1, p, got, want/1000)
						}
					}
				}
			}
			if got := h.counts == nil; got != c.list {
				t.Errorf("list form %v, want %v", got, c.list)
			}
		})
	}
}

// TestEnginesAgree: the source-split engine (1 and 2 workers) and the
// time-block engine (5 workers, too few sources to split) give the same
// values, events and statistics.
func TestEnginesAgree(t *testing.T) {
	cfg := baseConfig(t)
	cfg.Ground = cfg.Ground[:12]
	cfg.Duration = 30 * time.Second
	type out struct {
		vals   []PairValue
		events []Event
		res    *Result
	}
	var ref *out
	defer func(b int) { blockGraphBytes = b }(blockGraphBytes)
	// source split: blocks of 16, 3 (window 6) and 1 step (graph budget 1
	// byte); then steps in blocks
	for _, w := range []struct{ workers, block, graphBudget int }{{1, 64, 6 << 20}, {2, 4, 6 << 20}, {2, 64, 1}, {5, 3, 6 << 20}} {
		blockGraphBytes = w.graphBudget
		n, err := NewNetwork(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if split := useSourceSplit(n, w.workers); split != (w.workers < 5) {
			t.Fatalf("workers=%d: source split %v", w.workers, split)
		}
		o := &out{}
		o.res, err = Run(context.Background(), n, Options{Workers: w.workers, BlockSteps: w.block}, SinkFunc(func(r *StepResult) error {
			o.vals = append(o.vals, r.Values...)
			o.events = append(o.events, r.Events...)
			return nil
		}))
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = o
			continue
		}
		if len(o.vals) != len(ref.vals) || len(o.events) != len(ref.events) {
			t.Fatalf("workers=%d: %d values, %d events; reference %d, %d", w.workers, len(o.vals), len(o.events), len(ref.vals), len(ref.events))
		}
		for i := range ref.vals {
			a, b := ref.vals[i], o.vals[i]
			if a != b && !(math.IsInf(a.Delay.Ms(), 1) && math.IsInf(b.Delay.Ms(), 1)) {
				t.Fatalf("workers=%d: value %d: %+v vs %+v", w.workers, i, b, a)
			}
		}
		if !slices.Equal(ref.events, o.events) {
			t.Fatalf("workers=%d: events differ", w.workers)
		}
		for k := range ref.res.Stats {
			a, b := &ref.res.Stats[k], &o.res.Stats[k]
			if a.Steps != b.Steps || a.Unreachable != b.Unreachable || a.PathChanges != b.PathChanges || a.Handovers != b.Handovers ||
				a.MinRTT != b.MinRTT || a.MaxRTT != b.MaxRTT || a.Hist.Quantile(0.5) != b.Hist.Quantile(0.5) || a.MeanHops() != b.MeanHops() {
				t.Fatalf("workers=%d: pair %d statistics differ: %+v vs %+v", w.workers, k, b, a)
			}
		}
	}
}
