package sim

import (
	"context"
	"fmt"

	"orbitnet/constellation"
	"testing"
	"time"

	"orbitnet/orbit/timescale"
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

// BenchmarkPhases splits one step into positions, links (positions,
// ISLs, visibility, graph) and routing (fresh Dijkstra from every source),
// for two constellation sizes and two numbers of cities (all pairs).
func BenchmarkPhases(b *testing.B) {
	for _, preset := range []string{"starlink-gen1/550", "starlink-gen1"} {
		for _, nc := range []int{25, 100} {
			cfg := baseConfig(b)
			c, err := constellation.FromPreset(preset, t0)
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
				ws.Reset()
				for i := 0; i < b.N; i++ {
					ws.Build(time.Duration(i) * 100 * time.Millisecond)
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
