package sim

import (
	"context"
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

// BenchmarkPhases splits one W1 step into positions, links and routing.
func BenchmarkPhases(b *testing.B) {
	cfg := baseConfig(b)
	n, err := NewNetwork(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ws := n.NewWorkspace()
	ws.Build(0)
	vals := make([]PairValue, n.nPairs)
	paths := make([][]int32, n.NumListed())
	b.Run("positions", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			n.Prop.PositionsAt(timescale.FromTime(t0.Add(time.Duration(i)*100*time.Millisecond)), ws.Pos)
		}
	})
	b.Run("build", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ws.Build(time.Duration(i) * 100 * time.Millisecond)
		}
	})
	b.Run("route-fresh", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ws.Reset()
			ws.RouteAll(vals, paths)
		}
	})
}
