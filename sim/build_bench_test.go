package sim

import (
	"testing"
	"time"

	"orbitnet/routing"
)

// BenchmarkBuildStage runs the build stage of workload W1 alone
// (Workspace.Build: positions, laser links, ground visibility, graph) over
// 200 consecutive 100 ms steps per iteration, handing each step's graph to
// a ring of 16 graphs as the source-split engine does (sim/steps.go), so
// that graph storage is reused as it is in a run.
func BenchmarkBuildStage(b *testing.B) {
	cfg := baseConfig(b)
	cfg.Step = 100 * time.Millisecond
	cfg.Pairs = nil
	n, err := NewNetwork(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ws := n.NewWorkspace()
	var ring [16]routing.Graph
	const steps = 200
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ws.Reset()
		for k := range steps {
			ws.Build(time.Duration(k) * cfg.Step)
			ring[k%len(ring)], ws.G = ws.G, ring[k%len(ring)]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "ns/step")
}
