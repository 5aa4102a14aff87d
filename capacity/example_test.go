package capacity_test

import (
	"fmt"
	"math"
	"os"
	"strings"

	"orbitnet/capacity"
	"orbitnet/ground"
	"orbitnet/sim"
)

// Three flows on two unit links: the long flow and the first short one
// share link 0 and get half each; the second short flow takes what the
// long flow leaves on link 1.
func ExampleMaxMinFair() {
	elastic := capacity.Gbps(math.Inf(1))
	a, err := capacity.MaxMinFair([]capacity.Gbps{1, 1}, []capacity.Request{
		{Demand: elastic, Uses: []int32{0, 1}},
		{Demand: elastic, Uses: []int32{0}},
		{Demand: 0.75, Uses: []int32{1}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("rates:", a.Rate)
	fmt.Println("limits:", a.Limit)
	fmt.Println("saturated:", a.Saturated)
	// Output:
	// rates: [0.5 Gb/s 0.5 Gb/s 0.5 Gb/s]
	// limits: [0 0 1]
	// saturated: [{0 2} {1 1}]
}

func ExampleGravity() {
	g, err := capacity.Gravity([]capacity.Endpoint{
		{Node: 0, Population: 3_000_000},
		{Node: 1, Population: 2_000_000},
		{Node: 2, Population: 1_000_000},
	}, 110)
	if err != nil {
		panic(err)
	}
	for _, d := range g.Demands {
		fmt.Printf("%d→%d %.0f Gb/s\n", d.Src, d.Dst, float64(d.Rate))
	}
	fmt.Println("equal weights:", g.UsedEqualWeights)
	// Output:
	// 0→1 60 Gb/s
	// 0→2 30 Gb/s
	// 1→2 20 Gb/s
	// equal weights: false
}

// Two paths around a ring of four nodes, and the direct link.
func ExampleGraph_KShortestPaths() {
	g := capacity.NewGraph(4)
	g.AddLink(0, 1, 2, 100)
	g.AddLink(1, 2, 2, 100)
	g.AddLink(2, 3, 1, 100)
	g.AddLink(3, 0, 1, 100)
	g.AddLink(0, 2, 5, 10)
	for _, p := range g.KShortestPaths(0, 2, 3) {
		fmt.Println(p.Nodes, p.Delay, "ms")
	}
	// Output:
	// [0 3 2] 2 ms
	// [0 1 2] 4 ms
	// [0 2] 5 ms
}

// One engine step with four satellites in a ring and three cities; the
// third city sees two satellites but has one beam, so its pool limits the
// two demands into it.
func ExampleFromSnapshot() {
	s := &capacity.Snapshot{
		NSat: 4,
		ISLs: []capacity.ISL{{A: 0, B: 1, Delay: 1}, {A: 1, B: 2, Delay: 1}, {A: 2, B: 3, Delay: 1}, {A: 3, B: 0, Delay: 1}},
		Ground: []capacity.GroundNode{
			{Kind: ground.Station, GSL: []capacity.GSL{{Sat: 0, Delay: 2}}},
			{Kind: ground.Station, GSL: []capacity.GSL{{Sat: 2, Delay: 2}}},
			{Kind: ground.Station, GSL: []capacity.GSL{{Sat: 1, Delay: 2}, {Sat: 3, Delay: 2}}},
		},
	}
	demands := []capacity.Demand{{Src: 0, Dst: 1, Rate: 0.5}, {Src: 0, Dst: 2, Rate: 5}, {Src: 1, Dst: 2, Rate: 5}}
	// Engine node paths: satellites 0–3, then the cities as nodes 4, 5, 6.
	paths := [][]int32{{4, 0, 1, 2, 5}, {4, 0, 1, 6}, {5, 2, 3, 6}}
	p, err := capacity.FromSnapshot(s, capacity.Defaults(), demands, paths)
	if err != nil {
		panic(err)
	}
	a := p.Allocate()
	cities := []string{"Kyiv", "Warsaw", "Vilnius"}
	nodeName := func(v sim.NodeID) string {
		if v < 4 {
			return fmt.Sprintf("SAT-%d", v)
		}
		return cities[v-4]
	}
	endpoint := func(g int) string { return cities[g] }
	if err := capacity.WriteCapacityCSV(os.Stdout, 0, p, a, endpoint, nodeName); err != nil {
		panic(err)
	}
	var b strings.Builder
	capacity.WriteSummaryCSV(&b, 0, capacity.Summarize(p, a))
	fmt.Print(b.String())
	// Output:
	// time_s,src,dst,demand_gbps,throughput_gbps,path_bottleneck_link
	// 0,Kyiv,Warsaw,0.5,0.5,
	// 0,Kyiv,Vilnius,5,1,gsl-user:*>Vilnius
	// 0,Warsaw,Vilnius,5,1,gsl-user:*>Vilnius
	// time_s,class,resources,loaded,saturated,mean_util,p50_util,p90_util,p99_util,max_util
	// 0,isl,8,3,0,0.01,0.01,0.014,0.0149,0.015
	// 0,gsl-user,8,5,0,0.5,0.5,0.65,0.74,0.75
	// 0,gsl-user-pool,2,1,1,1,1,1,1,1
}
