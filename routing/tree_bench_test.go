package routing

import (
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkTreeSteps runs kept trees on a graph shaped like W1's: a 72×22
// +Grid torus of relays whose weights drift, 100 leaves ("cities") each
// linked to a sliding window of 12 relays, one Tree per leaf with the
// other leaves wanted. The 64 graphs are built beforehand and replayed in
// order, so the loop measures Tree.Run alone (one full check per replay,
// when the Builds stop following each other). One op is one step: 100
// Run calls. Unlike W1, repairs dominate here (the random torus has many
// nearly equal paths): its profile is mostly repair and confirm, so it
// complements rather than stands for sim's BenchmarkW1Run.
func BenchmarkTreeSteps(b *testing.B) {
	const P, S, nl, steps = 72, 22, 100, 64
	nr := P * S
	n := nr + nl
	r := rand.New(rand.NewPCG(21, 22))
	arcs, base := torusGrid(r, P, S)
	home := make([][2]int, nl) // each leaf's first plane and slot
	for l := range home {
		home[l] = [2]int{r.IntN(P), r.IntN(S)}
	}
	graphs := make([]Graph, steps)
	var bld Builder
	for step := range graphs {
		bld.Reset(n)
		for l := nr; l < n; l++ {
			bld.SetRelay(l, false)
		}
		x := float64(step)
		for k, a := range arcs {
			bld.Edge(a.u, a.v, base[k]+0.02*math.Sin(x*0.01+float64(k)))
		}
		for l := 0; l < nl; l++ {
			off := step/16 + home[l][1]
			for p := 0; p < 3; p++ {
				for s := 0; s < 4; s++ {
					v := ((home[l][0]+p)%P)*S + (off+s)%S
					bld.Edge(nr+l, v, 3+math.Abs(float64(s)-1.5)+0.01*math.Sin(x*0.05+float64(v)))
				}
			}
		}
		bld.Build(&graphs[step])
	}
	trees := make([]Tree, nl)
	for l := range trees {
		for o := 0; o < nl; o++ {
			if o != l {
				trees[l].Want = append(trees[l].Want, int32(nr+o))
			}
		}
		trees[l].Run(&graphs[0], nr+l)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g := &graphs[(i+1)%steps]
		for l := range trees {
			trees[l].Run(g, nr+l)
		}
	}
	var full, skims, repairs int
	for l := range trees {
		full += trees[l].Full
		skims += trees[l].Skims
		repairs += trees[l].Repairs
	}
	b.ReportMetric(float64(skims)/float64(b.N*nl+nl), "skims/run")
	b.ReportMetric(float64(repairs)/float64(b.N*nl+nl), "repairs/run")
	b.ReportMetric(float64(full)/float64(b.N*nl+nl), "full/run")
}
