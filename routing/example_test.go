package routing_test

import (
	"fmt"

	"orbitnet/routing"
)

// A city (0) linked to two satellites (1, 2) that are linked to each other
// and to a second city (3). Cities do not relay.
func square() *routing.Graph {
	var b routing.Builder
	b.Reset(4)
	b.SetRelay(0, false)
	b.SetRelay(3, false)
	b.Edge(0, 1, 3.2) // ground-satellite links, ms
	b.Edge(0, 2, 4.0)
	b.Edge(1, 2, 2.5) // laser link
	b.Edge(1, 3, 6.1)
	b.Edge(2, 3, 3.0)
	var g routing.Graph
	b.Build(&g)
	return &g
}

func ExampleDijkstra() {
	g := square()
	var d routing.Dijkstra
	d.Run(g, 0)
	fmt.Printf("0 → 3: %.1f ms along %v\n", d.Dist[3], d.Path(3, nil))
	// Output:
	// 0 → 3: 7.0 ms along [0 2 3]
}

// Next hops toward a destination come from a shortest-path tree on the
// transposed graph: each node's predecessor there is its next hop.
func ExampleGraph_Transpose() {
	g := square()
	var t routing.Graph
	g.Transpose(&t)
	var d routing.Dijkstra
	d.Run(&t, 3)
	for v := 0; v < 3; v++ {
		fmt.Printf("at %d, traffic for 3 goes to %d (%.1f ms to go)\n", v, d.Pred[v], d.Dist[v])
	}
	// Output:
	// at 0, traffic for 3 goes to 2 (7.0 ms to go)
	// at 1, traffic for 3 goes to 2 (5.5 ms to go)
	// at 2, traffic for 3 goes to 3 (3.0 ms to go)
}
