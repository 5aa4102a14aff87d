package capacity

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"orbitnet/ground"
	"orbitnet/sim"
)

// ringSnapshot is four satellites in a ring (1 ms per ISL) and three
// stations: A on satellite 0, B on satellite 2, C on satellites 1 and 3
// (2 ms GSLs). Graph nodes: satellites 0–3, A = 4, B = 5, C = 6.
func ringSnapshot() *Snapshot {
	return &Snapshot{
		NSat: 4,
		ISLs: []ISL{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}},
		Ground: []GroundNode{
			{Kind: ground.Station, GSL: []GSL{{0, 2}}},
			{Kind: ground.Station, GSL: []GSL{{2, 2}}},
			{Kind: ground.Station, GSL: []GSL{{1, 2}, {3, 2}}},
		},
	}
}

func TestFromSnapshotRing(t *testing.T) {
	s := ringSnapshot()
	demands := []Demand{{0, 1, 0.5}, {0, 2, inf}, {1, 2, inf}}
	paths := [][]int32{{4, 0, 1, 2, 5}, {4, 0, 1, 6}, {5, 2, 3, 6}}
	p, err := FromSnapshot(s, Defaults(), demands, paths)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.Graph.Pools()); n != 1 {
		t.Fatalf("%d pools, want 1 (C has two GSLs and one antenna)", n)
	}
	if d := p.Flows[0].Path.Delay; d != 2+1+1+2 {
		t.Errorf("A→B delay %v ms, want 6", d)
	}
	a := p.Allocate()
	// A→B takes its 0.5; C's receive pool (one 2 Gb/s beam) is split
	// between A→C and B→C.
	want := []Gbps{0.5, 1, 1}
	if got := p.Throughput(a); !slices.EqualFunc(got, want, func(x, y Gbps) bool { return approx(x, y, veryClose) }) {
		t.Errorf("throughput %v, want %v", got, want)
	}
	name := func(v sim.NodeID) string { return "ABC"[v-4 : v-3] }
	sat := func(v sim.NodeID) string {
		if v < 4 {
			return "s" + string(rune('0'+v))
		}
		return name(v)
	}
	if len(a.Saturated) != 1 || p.ResourceName(a.Saturated[0].Resource, sat) != "gsl-user:*>C" || a.Saturated[0].Flows != 2 {
		t.Errorf("saturated %v, want C's receive pool limiting 2 flows", a.Saturated)
	}
	if got := p.ResourceName(int32(p.Flows[0].Path.Arcs[0]), sat); got != "gsl-user:A>s0" {
		t.Errorf("first arc named %q", got)
	}
}

// bentSnapshot: satellites 0 and 1; user U sees satellite 0, gateway G
// both, user V satellite 1; G is homed to PoP P. Nodes: satellites 0, 1;
// U = 2, G = 3, P = 4, V = 5; uplink copies 6 (of 0) and 7 (of 1).
func bentSnapshot() *Snapshot {
	return &Snapshot{
		NSat: 2,
		Ground: []GroundNode{
			{Kind: ground.Station, GSL: []GSL{{0, 3}}},
			{Kind: ground.Gateway, Antennas: 2, GSL: []GSL{{0, 4}, {1, 5}}},
			{Kind: ground.PoP},
			{Kind: ground.Station, GSL: []GSL{{1, 3}}},
		},
		Fiber:       []FiberLink{{A: 1, B: 2, Delay: 1}},
		BentPipe:    true,
		GroundRelay: true,
	}
}

func TestFromSnapshotBentPipe(t *testing.T) {
	s := bentSnapshot()
	names := []string{"s0", "s1", "U", "G", "P", "V", "s0", "s1"}
	nodeName := func(v sim.NodeID) string { return names[v] }
	// U → copy(0) → G → satellite 1 → V, and U → copy(0) → G → P.
	p, err := FromSnapshot(s, Defaults(), []Demand{{0, 3, inf}, {0, 2, inf}}, [][]int32{{2, 6, 3, 1, 5}, {2, 6, 3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range p.Flows[0].Path.Arcs {
		got = append(got, p.ResourceName(int32(a), nodeName))
	}
	want := []string{"gsl-user:U>s0", "gsl-gateway:s0>G", "gsl-gateway:G>s1", "gsl-user:s1>V"}
	if !slices.Equal(got, want) {
		t.Errorf("U→V arcs %v, want %v", got, want)
	}
	if d := p.Flows[0].Path.Delay; d != 3+4+5+3 {
		t.Errorf("U→V delay %v, want 15", d)
	}
	a := p.Allocate()
	// Both demands leave through U's one 2 Gb/s beam.
	if tp := p.Throughput(a); !approx(tp[0], 1, veryClose) || !approx(tp[1], 1, veryClose) {
		t.Errorf("throughput %v, want 1 and 1", tp)
	}
	// A satellite never turns a user's uplink into another user's downlink:
	// U → satellite 0 directly is not a move, and neither is copy → user.
	for _, path := range [][]int32{{2, 0, 3, 1, 5}, {2, 6, 3, 7, 5}} {
		if _, err := FromSnapshot(s, Defaults(), []Demand{{0, 3, 1}}, [][]int32{path}); err == nil {
			t.Errorf("path %v accepted", path)
		}
	}
	// Yen on the bent-pipe graph agrees with the brute force.
	g, err := s.Graph(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for src := range g.N() {
		for dst := range g.N() {
			checkKShortest(t, g, src, dst, 4, false)
		}
	}
}

func TestSnapshotPools(t *testing.T) {
	s := &Snapshot{NSat: 3, Ground: []GroundNode{
		{Kind: ground.Gateway, Antennas: 2, GSL: []GSL{{0, 1}, {1, 1}, {2, 1}}}, // 3 links, 2 antennas: pool of 40
		{Kind: ground.Gateway, GSL: []GSL{{0, 1}, {1, 1}}},                      // default 8 antennas: no pool
		{Kind: ground.Terminal, GSL: []GSL{{2, 1}}},                             // one link: no pool
	}}
	g, err := s.Graph(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if want := []Pool{{Node: 3, Kind: KindGatewayGSL, Capacity: 40}}; !slices.Equal(g.Pools(), want) {
		t.Errorf("pools %v, want %v", g.Pools(), want)
	}
	for i, want := range []Gbps{20, 20, 20, 20, 20, 2} {
		if c := g.Link(LinkID(i)).Capacity; c != want {
			t.Errorf("link %d capacity %v, want %v", i, c, want)
		}
	}
}

func TestSnapshotErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(s *Snapshot)
		demands []Demand
		paths   [][]int32
		caps    func(c *Capacities)
		want    string
	}{
		{name: "ISL out of range", edit: func(s *Snapshot) { s.ISLs[1].B = 4 }, want: "snapshot: ISL 1: satellites 1–4, want both in [0, 4)"},
		{name: "ISL loop", edit: func(s *Snapshot) { s.ISLs[0].B = 0 }, want: "snapshot: ISL 0: satellite 0 linked to itself"},
		{name: "GSL out of range", edit: func(s *Snapshot) { s.Ground[2].GSL[1].Sat = -1 }, want: "snapshot: ground node 2 GSL 1: satellite -1 out of range [0, 4)"},
		{name: "GSL twice", edit: func(s *Snapshot) { s.Ground[2].GSL[1].Sat = 1 }, want: "snapshot: ground node 2 GSL 1: satellite 1 listed twice"},
		{name: "GSL delay", edit: func(s *Snapshot) { s.Ground[0].GSL[0].Delay = -1 }, want: "snapshot: ground node 0 GSL 0: delay -1 ms"},
		{name: "PoP with GSL", edit: func(s *Snapshot) { s.Ground[0].Kind = ground.PoP }, want: "snapshot: ground node 0: a pop has no satellite links, got 1"},
		{name: "fibre out of range", edit: func(s *Snapshot) { s.Fiber = []FiberLink{{A: 0, B: 3}} }, want: "snapshot: fibre 0: ground nodes 0–3, want both in [0, 3)"},
		{name: "capacities", caps: func(c *Capacities) { c.FiberGbps = 0 }, want: "capacity fiber_gbps: 0, must be positive"},
		{name: "demand to itself", demands: []Demand{{1, 1, 1}}, paths: [][]int32{nil}, want: "demand 0: ground node 1 to itself"},
		{name: "demand out of range", demands: []Demand{{0, 3, 1}}, paths: [][]int32{nil}, want: "demand 0: ground nodes 0→3, want both in [0, 3)"},
		{name: "paths count", demands: []Demand{{0, 1, 1}}, paths: nil, want: "1 demands but 0 paths"},
		{name: "wrong ends", demands: []Demand{{0, 1, 1}}, paths: [][]int32{{4, 0, 3, 6}}, want: "demand 0 (ground 0→1): path runs from node 4 to node 6, want 4 to 5"},
		{name: "no link", demands: []Demand{{0, 1, 1}}, paths: [][]int32{{4, 0, 2, 5}}, want: "demand 0 (ground 0→1): node path position 2: no link from node 0 to node 2"},
		{name: "through a station", demands: []Demand{{0, 1, 1}}, paths: [][]int32{{4, 0, 1, 6, 3, 2, 5}}, want: "demand 0 (ground 0→1): node path position 3: node 6 does not relay"},
	} {
		s := ringSnapshot()
		if tc.edit != nil {
			tc.edit(s)
		}
		caps := Defaults()
		if tc.caps != nil {
			tc.caps(&caps)
		}
		_, err := FromSnapshot(s, caps, tc.demands, tc.paths)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestFromSnapshotKShortest: with k = 2 on the ring, A→B has two paths of
// equal delay (either way round), each carrying half the demand.
func TestFromSnapshotKShortest(t *testing.T) {
	p, err := FromSnapshotKShortest(ringSnapshot(), Defaults(), []Demand{{0, 1, 1}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Flows) != 2 || p.Flows[0].Cap != 0.5 || p.Flows[1].Cap != 0.5 {
		t.Fatalf("flows %+v, want two of 0.5", p.Flows)
	}
	var nodes []string
	for _, f := range p.Flows {
		nodes = append(nodes, fmt.Sprint(f.Path.Nodes))
	}
	if want := []string{"[4 0 1 2 5]", "[4 0 3 2 5]"}; !slices.Equal(nodes, want) {
		t.Errorf("paths %v, want %v", nodes, want)
	}
	if tp := p.Throughput(p.Allocate()); tp[0] != 1 {
		t.Errorf("throughput %v, want 1", tp[0])
	}
}

// TestNewProblemRandom: random problems on random graphs with pools and
// k-shortest routes satisfy the max-min definition.
func TestNewProblemRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(99, 3))
	for range 300 {
		g := randomGraph(rng, rng.IntN(2) == 0)
		for v := range g.N() {
			if rng.IntN(4) == 0 {
				g.AddPool(v, KindGeneric, Gbps(rng.IntN(3)))
			}
		}
		var demands []Demand
		var routes [][]Path
		for range 1 + rng.IntN(5) {
			src, dst := rng.IntN(g.N()), rng.IntN(g.N())
			if src == dst {
				continue
			}
			demands = append(demands, Demand{src, dst, Gbps(rng.IntN(4))})
			routes = append(routes, g.KShortestPaths(src, dst, 1+rng.IntN(3)))
		}
		p, err := NewProblem(g, demands, routes)
		if err != nil {
			t.Fatal(err)
		}
		a := p.Allocate()
		if err := checkMaxMin(p.capacity, p.reqs, a.Rate, 1e-9); err != nil {
			t.Fatal(err)
		}
		for d, tp := range p.Throughput(a) {
			if tp > demands[d].Rate*(1+1e-9) {
				t.Fatalf("demand %d: throughput %v over its rate %v", d, tp, demands[d].Rate)
			}
		}
	}
}
