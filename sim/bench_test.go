package sim

import (
	"context"
	"fmt"
	"slices"

	"orbitnet/constellation"
	"testing"
	"time"

	"orbitnet/orbit/timescale"
	"orbitnet/orbit/walker"
	"orbitnet/topology"
)

// BenchmarkW1Steps runs workload W1 (Starlink 72×22, top-100 cities, all
// 4,950 pairs, 100 ms steps) for 100 steps per iteration.
func BenchmarkW1Steps(b *testing.B) {
	cfg := baseConfig(b)
	cfg.Duration = 9900 * time.Millisecond
	cfg.Step = 100 * time.Millisecond
	n, err := NewNetwork(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		res, err = Run(context.Background(), n, Options{}, SinkFunc(func(*StepResult) error { return nil }))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cfg.Steps()), "ns/step")
	b.ReportMetric(float64(res.TreesReused)/float64(res.TreesReused+res.TreesComputed), "reuse")
}

// BenchmarkW1Speedup measures what a second worker gains on W1's
// network (Starlink 72×22, top-100 cities, all 4,950 pairs) over a 60 s
// cut at 100 ms (601 steps). Each iteration runs the cut with one worker
// and then with two, in one process, so that the development VM's drift
// (tens of percent within minutes) falls alike on both; it reports the
// median over iterations of the per-iteration wall-time ratio
// (speedup-median), the ratio of the summed times (speedup), and the
// process CPU time of two workers over one's (cpu-2w/1w, on Unix). Run it with
// -benchtime 12x or more; bench/speedup.sh measures whole runs instead.
func BenchmarkW1Speedup(b *testing.B) {
	cfg := baseConfig(b)
	cfg.Duration = 60 * time.Second
	cfg.Step = 100 * time.Millisecond
	n, err := NewNetwork(cfg)
	if err != nil {
		b.Fatal(err)
	}
	_, haveCPU := processCPU()
	cpu := func() time.Duration { c, _ := processCPU(); return c }
	var wall, used [3]time.Duration
	var ratios []float64
	for b.Loop() {
		var w [3]time.Duration
		for _, workers := range []int{1, 2} {
			t0, c0 := time.Now(), cpu()
			if _, err := Run(context.Background(), n, Options{Workers: workers}, SinkFunc(func(*StepResult) error { return nil })); err != nil {
				b.Fatal(err)
			}
			w[workers] = time.Since(t0)
			wall[workers] += w[workers]
			used[workers] += cpu() - c0
		}
		ratios = append(ratios, w[1].Seconds()/w[2].Seconds())
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "speedup-median")
	b.ReportMetric(wall[1].Seconds()/wall[2].Seconds(), "speedup")
	if haveCPU {
		b.ReportMetric(used[2].Seconds()/used[1].Seconds(), "cpu-2w/1w")
	}
	b.ReportMetric(wall[1].Seconds()/float64(len(ratios)), "s/run-1w")
	b.ReportMetric(wall[2].Seconds()/float64(len(ratios)), "s/run-2w")
}

// gen2Shells are the nine shells of bench/w3.yaml: SpaceX Gen2
// "Configuration 1" (FCC file SAT-AMD-20210818-00105, Technical
// Attachment table 1), 29,988 satellites, phasing 1.
var gen2Shells = []walker.Shell{
	{Name: "340", Planes: 48, PerPlane: 110, Altitude: 340, Inclination: 53, Phasing: 1},
	{Name: "345", Planes: 48, PerPlane: 110, Altitude: 345, Inclination: 46, Phasing: 1},
	{Name: "350", Planes: 48, PerPlane: 110, Altitude: 350, Inclination: 38, Phasing: 1},
	{Name: "360", Planes: 30, PerPlane: 120, Altitude: 360, Inclination: 96.9, Phasing: 1},
	{Name: "525", Planes: 28, PerPlane: 120, Altitude: 525, Inclination: 53, Phasing: 1},
	{Name: "530", Planes: 28, PerPlane: 120, Altitude: 530, Inclination: 43, Phasing: 1},
	{Name: "535", Planes: 28, PerPlane: 120, Altitude: 535, Inclination: 33, Phasing: 1},
	{Name: "604", Planes: 12, PerPlane: 12, Altitude: 604, Inclination: 148, Phasing: 1},
	{Name: "614", Planes: 18, PerPlane: 18, Altitude: 614, Inclination: 115.7, Phasing: 1},
}

// BenchmarkPhases splits one step into positions, links (positions,
// ISLs, visibility, graph) and routing (fresh Dijkstra from every source),
// for three constellation sizes (Starlink's 550 km shell, Gen1, the Gen2
// configuration of bench/w3.yaml) and two numbers of cities (all pairs),
// at 100 ms steps; routing-kept includes building each step's network and
// starts from trees kept from a first step. bench/costplot draws the log–log cost plot from its
// output.
func BenchmarkPhases(b *testing.B) {
	for _, preset := range []string{"starlink-gen1/550", "starlink-gen1", "gen2"} {
		for _, nc := range []int{25, 100} {
			cfg := baseConfig(b)
			var c *constellation.Constellation
			var err error
			if preset == "gen2" {
				c, err = constellation.FromWalker("gen2", gen2Shells, t0)
			} else {
				c, err = constellation.FromPreset(preset, t0)
			}
			if err != nil {
				b.Fatal(err)
			}
			cfg.Constellation = c
			cfg.Ground = cfg.Ground[:nc]
			cfg.Pairs = nil
			n, err := NewNetwork(cfg)
			if err != nil {
				b.Fatal(err)
			}
			ws := n.NewWorkspace()
			ws.Build(0)
			vals := make([]PairValue, n.nPairs)
			paths := make([][]int32, n.NumListed())
			name := fmt.Sprintf("%dsats-%dcities", len(c.Sats), nc)
			b.Run(name+"/positions", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					n.Prop.PositionsAt(timescale.FromTime(t0.Add(time.Duration(i)*100*time.Millisecond)), ws.Pos)
				}
			})
			b.Run(name+"/links", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					ws.Build(time.Duration(i) * 100 * time.Millisecond)
				}
			})
			b.Run(name+"/routing-fresh", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					ws.Reset()
					ws.RouteAll(vals, paths)
				}
			})
			b.Run(name+"/routing-kept", func(b *testing.B) {
				// the steady state: the trees of a first step are kept
				ws.Reset()
				ws.Build(0)
				ws.RouteAll(vals, paths)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					ws.Build(time.Duration(i+1) * 100 * time.Millisecond)
					ws.RouteAll(vals, paths)
				}
			})
		}
	}
}

// BenchmarkW1Run runs 500 steps of workload W1 (50 s at 100 ms, all 4,950
// pairs) per iteration, with one worker and with two: long enough for the
// kept trees to matter.
func BenchmarkW1Run(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			cfg := baseConfig(b)
			cfg.Duration = 49900 * time.Millisecond
			cfg.Step = 100 * time.Millisecond
			n, err := NewNetwork(cfg)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				if _, err := Run(context.Background(), n, Options{Workers: workers}, SinkFunc(func(*StepResult) error { return nil })); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cfg.Steps()), "ns/step")
		})
	}
}

// BenchmarkW3Routing builds and routes consecutive 1-s steps of the Gen2
// configuration of bench/w3.yaml (29,988 satellites, top-100 cities, all
// pairs) with the trees kept from step to step, as the source-split
// engine does: at 1 s some laser link changes at almost every step.
func BenchmarkW3Routing(b *testing.B) {
	cfg := baseConfig(b)
	c, err := constellation.FromWalker("gen2", gen2Shells, t0)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Constellation = c
	cfg.Pairs = nil
	n, err := NewNetwork(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ws := n.NewWorkspace()
	vals := make([]PairValue, n.nPairs)
	paths := make([][]int32, n.NumListed())
	ws.Build(0)
	ws.RouteAll(vals, paths) // the first step runs Dijkstra from every source
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ws.Build(time.Duration(i+1) * time.Second)
		ws.RouteAll(vals, paths)
	}
}

// BenchmarkVisible measures the ground nodes' visibility scans alone
// (topology.Culler against the plain topology.VisibleFrom) over 2 min of
// W3 (29,988 satellites, 100 cities, 1 s steps) and of W1's constellation
// at 100 ms, for several culling budgets: the cost model behind
// cullBudgetKm (docs/performance.md).
func BenchmarkVisible(b *testing.B) {
	for _, wl := range []struct {
		name string
		gen2 bool
		step time.Duration
	}{{"w3", true, time.Second}, {"w1", false, 100 * time.Millisecond}} {
		cfg := baseConfig(b)
		if wl.gen2 {
			c, err := constellation.FromWalker("gen2", gen2Shells, t0)
			if err != nil {
				b.Fatal(err)
			}
			cfg.Constellation = c
		}
		cfg.Pairs = nil
		n, err := NewNetwork(cfg)
		if err != nil {
			b.Fatal(err)
		}
		const steps = 120
		pos := make([]*topology.Positions, steps)
		for i := range pos {
			pos[i] = topology.NewPositions(n.NSat)
			n.Prop.PositionsAt(timescale.FromTime(t0.Add(time.Duration(i)*wl.step)), pos[i])
		}
		var out []topology.Visible
		b.Run(wl.name+"/scan", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, p := range pos {
					for g := range n.Obs {
						out = topology.VisibleFrom(&n.Obs[g], p, n.Cfg.GSL, out[:0])
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "ns/step")
		})
		for _, budget := range []float64{30, 100, 200, 400, 1000} {
			b.Run(fmt.Sprintf("%s/cull-%gkm", wl.name, budget), func(b *testing.B) {
				var c *topology.Culler
				for i := 0; i < b.N; i++ {
					c = topology.NewCuller(len(n.Obs), budget)
					for _, p := range pos {
						c.Advance(p)
						for g := range n.Obs {
							out = c.Visible(g, &n.Obs[g], p, n.Cfg.GSL, out[:0])
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "ns/step")
				b.ReportMetric(float64(c.FullScans)/float64(steps*len(n.Obs)), "full/call")
			})
		}
	}
}
