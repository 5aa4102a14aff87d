package capacity

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// benchGrid is a Starlink-gen1-550-sized +grid: 72 planes of 22
// satellites, each linked to its neighbours in plane and to the same slot
// in the next plane (3,168 ISLs, 10 ms each); 1,000 user terminals each
// linked to 2 or 3 random satellites (about 2,500 GSLs; ~5,700 links in
// all); 5,000 elastic demands between random terminals on their shortest
// paths.
type benchGrid struct {
	g       *Graph
	users   []int
	demands []Demand
	routes  [][]Path
	p       *Problem
}

var benchOnce = sync.OnceValue(func() *benchGrid {
	const planes, perPlane, users, demands = 72, 22, 1000, 5000
	nsat := planes * perPlane
	rng := rand.New(rand.NewPCG(1584, 5000))
	b := &benchGrid{g: NewGraph(nsat + users)}
	for pl := range planes {
		for i := range perPlane {
			s := pl*perPlane + i
			b.g.addLink(KindISL, s, pl*perPlane+(i+1)%perPlane, 10, 100, true, true)
			b.g.addLink(KindISL, s, ((pl+1)%planes)*perPlane+i, 10, 100, true, true)
		}
	}
	for u := range users {
		v := nsat + u
		b.users = append(b.users, v)
		b.g.SetRelay(v, false)
		for _, s := range rng.Perm(nsat)[:2+rng.IntN(2)] {
			b.g.addLink(KindUserGSL, v, s, 2+rng.Float64()*2, 2, true, true)
		}
		b.g.AddPool(v, KindUserGSL, 2)
	}
	for len(b.demands) < demands {
		src, dst := b.users[rng.IntN(users)], b.users[rng.IntN(users)]
		if src == dst {
			continue
		}
		b.demands = append(b.demands, Demand{src, dst, inf})
		b.routes = append(b.routes, b.g.KShortestPaths(src, dst, 1))
	}
	p, err := NewProblem(b.g, b.demands, b.routes)
	if err != nil {
		panic(err)
	}
	b.p = p
	return b
})

// BenchmarkAllocate: one max-min allocation of 5,000 flows on the grid.
func BenchmarkAllocate(b *testing.B) {
	bg := benchOnce()
	hops := 0
	for _, f := range bg.p.Flows {
		hops += len(f.Path.Arcs)
	}
	for b.Loop() {
		bg.p.Allocate()
	}
	b.ReportMetric(float64(hops)/float64(len(bg.p.Flows)), "hops/flow")
}

// BenchmarkNewProblem: building the problem (resource lists) from routes.
func BenchmarkNewProblem(b *testing.B) {
	bg := benchOnce()
	for b.Loop() {
		if _, err := NewProblem(bg.g, bg.demands, bg.routes); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKShortestPaths3: Yen's algorithm with k = 3 for one demand on
// the grid.
func BenchmarkKShortestPaths3(b *testing.B) {
	bg := benchOnce()
	i := 0
	for b.Loop() {
		d := bg.demands[i%len(bg.demands)]
		bg.g.KShortestPaths(d.Src, d.Dst, 3)
		i++
	}
}
