package routing

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sumTol is the difference allowed between two path lengths summed in
// different orders (Dijkstra, Floyd–Warshall, a re-summed path): the
// rounding of up to a few hundred additions of weights of order 1–100.
const sumTol = 1e-9

// randomGraph builds a reproducible random graph with some non-relay nodes.
func randomGraph(r *rand.Rand, n, m int, integer bool) *Graph {
	var b Builder
	b.Reset(n)
	for u := 0; u < n; u++ {
		b.SetRelay(u, r.IntN(4) != 0)
	}
	for k := 0; k < m; k++ {
		u, v := r.IntN(n), r.IntN(n)
		w := r.Float64() * 10
		if integer {
			w = float64(r.IntN(4)) // many ties
		}
		if r.IntN(3) == 0 {
			b.Arc(u, v, w)
		} else {
			b.Edge(u, v, w)
		}
	}
	var g Graph
	b.Build(&g)
	return &g
}

func TestDijkstraMatchesFloydWarshall(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var d Dijkstra
	for trial := 0; trial < 200; trial++ {
		n := 2 + r.IntN(40)
		g := randomGraph(r, n, r.IntN(4*n), trial%2 == 0)
		fw := FloydWarshall(g)
		for s := 0; s < n; s++ {
			d.Run(g, s)
			for v := 0; v < n; v++ {
				want := fw[s][v]
				if d.Dist[v] != want && math.Abs(d.Dist[v]-want) > sumTol {
					t.Fatalf("trial %d: dist %d→%d = %v, Floyd–Warshall %v", trial, s, v, d.Dist[v], want)
				}
				checkPath(t, g, &d, s, v)
			}
		}
	}
}

// checkPath verifies that the reported path exists, uses only relaying
// interior nodes, and has the reported length.
func checkPath(t *testing.T, g *Graph, d *Dijkstra, s, v int) {
	t.Helper()
	p := d.Path(v, nil)
	if d.Dist[v] == Unreachable {
		if len(p) != 0 {
			t.Fatalf("path to unreachable node")
		}
		return
	}
	if int(p[0]) != s || int(p[len(p)-1]) != v {
		t.Fatalf("path %v does not run %d→%d", p, s, v)
	}
	sum := 0.0
	for i := 0; i+1 < len(p); i++ {
		if i > 0 && !g.Relay(int(p[i])) {
			t.Fatalf("path %v relays through non-relay node %d", p, p[i])
		}
		to, w := g.Arcs(int(p[i]))
		best := math.Inf(1)
		for k, x := range to {
			if x == p[i+1] && w[k] < best {
				best = w[k]
			}
		}
		if math.IsInf(best, 1) {
			t.Fatalf("path %v uses a missing arc", p)
		}
		sum += best
	}
	if math.Abs(sum-d.Dist[v]) > sumTol {
		t.Fatalf("path length %v, dist %v", sum, d.Dist[v])
	}
}

// TestTies spells out the tie rule on a square: 0–1–3 and 0–2–3 have equal
// length, and node 3's predecessor is 1, settled before 2.
func TestTies(t *testing.T) {
	var b Builder
	b.Reset(4)
	b.Edge(0, 2, 1)
	b.Edge(0, 1, 1)
	b.Edge(2, 3, 1)
	b.Edge(1, 3, 1)
	var g Graph
	b.Build(&g)
	var d Dijkstra
	d.Run(&g, 0)
	if p := d.Path(3, nil); len(p) != 3 || p[1] != 1 {
		t.Errorf("path %v, want [0 1 3]", p)
	}
}

func TestNonRelay(t *testing.T) {
	// 0 – 1 – 2 where 1 does not relay: 2 is unreachable from 0.
	var b Builder
	b.Reset(3)
	b.SetRelay(1, false)
	b.Edge(0, 1, 1)
	b.Edge(1, 2, 1)
	var g Graph
	b.Build(&g)
	var d Dijkstra
	d.Run(&g, 0)
	if d.Dist[1] != 1 || d.Dist[2] != Unreachable {
		t.Errorf("dist %v", d.Dist)
	}
	d.Run(&g, 1) // a non-relay source still starts paths
	if d.Dist[0] != 1 || d.Dist[2] != 1 {
		t.Errorf("from non-relay source: %v", d.Dist)
	}
}

// plusGrid builds a P×S torus like a +Grid shell with unit-ish weights.
func plusGrid(P, S int) *Graph {
	var b Builder
	b.Reset(P * S)
	r := rand.New(rand.NewPCG(3, 4))
	for p := 0; p < P; p++ {
		for s := 0; s < S; s++ {
			u := p*S + s
			b.Edge(u, p*S+(s+1)%S, 6+r.Float64())
			b.Edge(u, ((p+1)%P)*S+s, 2+3*r.Float64())
		}
	}
	var g Graph
	b.Build(&g)
	return &g
}

func BenchmarkDijkstraPlusGrid72x22(b *testing.B) {
	g := plusGrid(72, 22)
	var d Dijkstra
	d.Run(g, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Run(g, i%g.N())
	}
}

func TestAllocFree(t *testing.T) {
	g := plusGrid(10, 10)
	var d Dijkstra
	d.Run(g, 0)
	if a := testing.AllocsPerRun(10, func() { d.Run(g, 5) }); a != 0 {
		t.Errorf("%v allocations per run", a)
	}
}

// TestTreeReuseMatchesDijkstra perturbs weights slightly from step to step
// (as moving satellites do) and checks that Tree gives exactly what a fresh
// Dijkstra gives, bit for bit, and that it does reuse trees. In "skipped
// builds" the tree never sees every third graph of its builder, whose
// weights swing widely, so the slack bound must not span those Builds.
func TestTreeReuseMatchesDijkstra(t *testing.T) {
	cases := []struct {
		name   string
		steps  int
		weight func(step, k int, base float64) (float64, bool) // false: arc down
		skip   func(step int) bool
		skims  bool // the slack bound must spare some checks
	}{
		{"link down for a while", 300, func(step, k int, base float64) (float64, bool) {
			return base + 0.3*math.Sin(float64(step)*0.01+float64(k)), !((step/50)%2 == 1 && k == 7)
		}, func(int) bool { return false }, true},
		{"skipped builds", 400, func(step, k int, base float64) (float64, bool) {
			amp := 0.05
			if step%3 == 1 {
				amp = 3
			}
			return base + amp*math.Sin(float64(step)*0.01+float64(k)), true
		}, func(step int) bool { return step%3 == 1 }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 6))
			P, S := 12, 10
			arcs, base := torusGrid(r, P, S)
			var tree Tree
			var fresh Dijkstra
			var b Builder
			var g Graph
			for step := 0; step < c.steps; step++ {
				b.Reset(P * S)
				for k, a := range arcs {
					if w, up := c.weight(step, k, base[k]); up {
						b.Edge(a.u, a.v, w)
					}
				}
				b.Build(&g)
				if c.skip(step) {
					continue
				}
				tree.Run(&g, 3)
				fresh.Run(&g, 3)
				checkList(t, &tree, &g)
				for v := range fresh.Dist {
					if tree.D.Dist[v] != fresh.Dist[v] || tree.D.Pred[v] != fresh.Pred[v] {
						t.Fatalf("step %d node %d: tree %v/%d, fresh %v/%d", step, v, tree.D.Dist[v], tree.D.Pred[v], fresh.Dist[v], fresh.Pred[v])
					}
				}
			}
			if tree.Reused == 0 {
				t.Error("never reused a tree")
			}
			t.Logf("reused %d (skimmed %d), full %d", tree.Reused, tree.Skims, tree.Full)
			if c.skims && tree.Skims == 0 {
				t.Error("the slack bound never spared a check")
			}
		})
	}
}

// TestTreeReuseRandom: on random graphs with non-relay nodes whose weights
// drift and whose arcs come and go, Tree always equals a fresh Dijkstra.
func TestTreeReuseRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	reused, local := 0, 0
	for trial := 0; trial < 400; trial++ {
		n := 5 + r.IntN(40)
		type arc struct {
			u, v  int
			w     float64
			phase float64
		}
		var arcs []arc
		for k := 0; k < 3*n; k++ {
			arcs = append(arcs, arc{r.IntN(n), r.IntN(n), 1 + r.Float64()*5, r.Float64() * 6})
		}
		relay := make([]bool, n)
		for i := range relay {
			relay[i] = r.IntN(3) != 0
		}
		var tree Tree
		var fresh Dijkstra
		var b Builder
		var g Graph
		src := r.IntN(n)
		for step := 0; step < 60; step++ {
			b.Reset(n)
			for i, rl := range relay {
				b.SetRelay(i, rl)
			}
			for k, a := range arcs {
				if (step+k)%23 == 0 {
					continue // arcs come and go
				}
				w := a.w + 0.2*math.Sin(float64(step)*0.05+a.phase)
				if trial%2 == 0 {
					w = math.Round(w) // integer weights: many exact ties
				}
				b.Edge(a.u, a.v, w)
			}
			b.Build(&g)
			tree.Run(&g, src)
			fresh.Run(&g, src)
			checkList(t, &tree, &g)
			for v := range fresh.Dist {
				if tree.D.Dist[v] != fresh.Dist[v] || tree.D.Pred[v] != fresh.Pred[v] {
					t.Fatalf("trial %d step %d node %d: tree %v/%d, fresh %v/%d", trial, step, v, tree.D.Dist[v], tree.D.Pred[v], fresh.Dist[v], fresh.Pred[v])
				}
			}
		}
		reused += tree.Reused
		local += tree.LocalPasses
	}
	if reused == 0 {
		t.Error("never reused")
	}
	if local == 0 {
		t.Error("no repair was confirmed by the local pass")
	}
	t.Logf("reused %d, local passes %d", reused, local)
}

// TestTreeSkimRepairRandom drives Tree through long runs in which the relay
// arcs stay the same (so skims apply) while their weights drift, a leaf or
// relay source's own arcs come and go and change, arcs into leaves come and
// go, some relay arcs are parallel, and in some trials weights sit on a
// coarse binary grid (exact ties) or a relay arc vanishes for a while. At
// every step Tree must equal a fresh Dijkstra bit for bit; the repairs made
// during skims must occur, and so must ties and detachments.
func TestTreeSkimRepairRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var tot Tree // counters summed over trials
	var gens genWatch
	trials, steps := 600, 150
	if testing.Short() {
		trials = 100
	}
	defer func(m, c int) { depthFirstMin, shiftCap = m, c }(depthFirstMin, shiftCap)
	for trial := 0; trial < trials; trial++ {
		// every other pair of trials keeps its list depth first
		depthFirstMin = map[bool]int{true: 0, false: 1 << 30}[(trial/2)%2 == 1]
		// and one trial in six gives up every repair that shifts a subtree
		shiftCap = map[bool]int{true: 0, false: 4}[trial%6 == 5]
		nr := 6 + r.IntN(40) // relays 0..nr-1
		nl := 1 + r.IntN(6)  // leaves nr..nr+nl-1
		n := nr + nl
		quant := trial%3 == 0 // weights on a 1/16 grid: exact ties
		vanish := trial%4 == 1
		type arc struct {
			u, v        int
			w, amp, frq float64
			ph          float64
		}
		var rel []arc
		for k := 0; k < 2*nr+r.IntN(3*nr); k++ {
			u, v := r.IntN(nr), r.IntN(nr)
			a := arc{u, v, 1 + 4*r.Float64(), 0.3 * r.Float64(), 0.002 + 0.02*r.Float64(), 6 * r.Float64()}
			rel = append(rel, a)
			if r.IntN(8) == 0 { // a parallel arc
				b := a
				b.w += 0.5*r.Float64() - 0.25
				rel = append(rel, b)
			}
		}
		src := r.IntN(nr)
		if trial%2 == 0 {
			src = nr + r.IntN(nl) // a source that does not relay
		}
		var tree Tree
		var fresh Dijkstra
		var b Builder
		var g Graph
		// Generation must change with the relay tree
		var gw genWatch
		toggle := trial%5 == 2 // relay 0 stops relaying for a while
		wanted := make([]bool, n)
		if trial%3 == 1 || trial%6 == 0 { // the caller reads only some leaves (with ties, too)
			tree.Want = []int32{}
			for l := nr; l < n; l += 2 {
				tree.Want = append(tree.Want, int32(l))
				wanted[l] = true
			}
		}
		q := func(w float64) float64 {
			if quant {
				return math.Round(w*16) / 16
			}
			return w
		}
		for step := 0; step < steps; step++ {
			b.Reset(n)
			for i := nr; i < n; i++ {
				b.SetRelay(i, false)
			}
			if toggle && (step/40)%2 == 1 && src != 0 {
				b.SetRelay(0, false)
			}
			x := float64(step)
			for k, a := range rel {
				if vanish && k == 0 && (step/30)%2 == 1 {
					continue
				}
				b.Edge(a.u, a.v, q(a.w+a.amp*math.Sin(x*a.frq+a.ph)))
			}
			// ground arcs: each leaf sees the relays whose window is open
			for l := nr; l < n; l++ {
				for v := 0; v < nr; v++ {
					h := (v*7 + l*13) % 40
					if (step+h)%40 < 12 {
						b.Edge(l, v, q(2+math.Sin(x*0.05+float64(v+l))))
					}
				}
			}
			b.Build(&g)
			tree.Run(&g, src)
			gw.after(t, &tree, &g, src)
			fresh.Run(&g, src)
			checkList(t, &tree, &g)
			for v := range fresh.Dist {
				if tree.Want != nil && !g.relay[v] && v != src && !wanted[v] {
					continue // unspecified
				}
				if math.Float64bits(tree.D.Dist[v]) != math.Float64bits(fresh.Dist[v]) || tree.D.Pred[v] != fresh.Pred[v] {
					t.Fatalf("trial %d step %d node %d: tree %v/%d, fresh %v/%d (skims %d, skim repairs %d)",
						trial, step, v, tree.D.Dist[v], tree.D.Pred[v], fresh.Dist[v], fresh.Pred[v], tree.Skims, tree.SkimRepairs)
				}
			}
		}
		gens.add(&gw)
		tot.Reused += tree.Reused
		tot.Full += tree.Full
		tot.Skims += tree.Skims
		tot.Repairs += tree.Repairs
		tot.SkimRepairs += tree.SkimRepairs
		tot.Ties += tree.Ties
		tot.Detached += tree.Detached
		tot.Relists += tree.Relists
		tot.ShiftCapped += tree.ShiftCapped
	}
	t.Logf("reused %d, full %d, skims %d, repairs %d (in skims %d), ties %d, detached %d",
		tot.Reused, tot.Full, tot.Skims, tot.Repairs, tot.SkimRepairs, tot.Ties, tot.Detached)
	t.Logf("depth-first relists %d, repairs given up at the shift cap %d", tot.Relists, tot.ShiftCapped)
	if tot.SkimRepairs == 0 || tot.Skims == tot.SkimRepairs || tot.Ties == 0 || tot.Detached == 0 || tot.Relists == 0 || tot.ShiftCapped == 0 {
		t.Error("a path of Tree was never taken")
	}
	t.Logf("generation kept %d times, relay tree changed %d times", gens.same, gens.changed)
	if gens.same == 0 || gens.changed == 0 {
		t.Error("the generation was never kept, or the relay tree never changed")
	}
}

// checkList verifies the tree's internal parents-first list against its
// labels: every reached relay other than the source listed once, after its
// parent, with its parent, distance copy and child-list entry.
func checkList(t *testing.T, tr *Tree, g *Graph) {
	t.Helper()
	src := int32(tr.src)
	seen := 0
	for i, v := range tr.cv {
		if v < 0 {
			continue
		}
		seen++
		p := tr.D.Pred[v]
		if tr.pos[v] != int32(i) || tr.kPar[v] != p ||
			math.Float64bits(tr.cd[i+1]) != math.Float64bits(tr.D.Dist[v]) {
			t.Fatalf("list entry %d (node %d) stale", i, v)
		}
		if p != src && (tr.pos[p] < 0 || tr.pos[p] >= int32(i)) {
			t.Fatalf("node %d listed before its parent %d", v, p)
		}
		if tr.pp[i] != tr.parentPlace(p) {
			t.Fatalf("node %d: parent place %d", v, tr.pp[i])
		}
	}
	want := 0
	for v, d := range tr.D.Dist {
		if d != Unreachable && g.relay[v] && int32(v) != src {
			want++
		}
	}
	if seen != want {
		t.Fatalf("%d nodes listed, %d reached relays", seen, want)
	}
	checkTight(t, tr, g)
}

// checkTight verifies the tight list and the slack bound a skim relies
// on: the head is in bucket order; and, while the next check may skim,
// every relay arc u→v outside the tree (u not the source) and not in the
// tail has a slack of at least its smallest bucket's lower edge minus the
// drift if listed in the head, the threshold minus the drift if not
// listed.
func checkTight(t *testing.T, tr *Tree, g *Graph) {
	t.Helper()
	// the list's parent places (which squeeze renumbers rather than
	// recomputes) and positions
	for i, v := range tr.cv {
		if v < 0 {
			continue
		}
		if tr.pos[v] != int32(i) {
			t.Fatalf("node %d listed at %d, pos %d", v, i, tr.pos[v])
		}
		if p := tr.D.Pred[v]; tr.valid && tr.pp[i] != tr.parentPlace(p) {
			t.Fatalf("node %d (listed at %d): parent place %d, parent %d at %d", v, i, tr.pp[i], p, tr.parentPlace(p))
		}
	}
	for i := 1; i < tr.tightBase; i++ {
		if tr.tightB[i] < tr.tightB[i-1] {
			t.Fatalf("tight list head out of order at %d", i)
		}
	}
	for b, end := range tr.bucketEnd {
		if tr.tightBase > 0 && (int(end) > tr.tightBase || (end > 0 && int(tr.tightB[end-1]) > b)) {
			t.Fatalf("bucket %d ends at %d", b, end)
		}
	}
	for i, j := range tr.tightJ {
		if in := tr.tightIn[max(j, 0)]; j >= 0 && (in == 0 || (in == tightHead && i >= tr.tightBase)) {
			t.Fatalf("relay arc %d listed at %d: state %d", j, i, in)
		}
	}
	if !tr.checkedAll || !tr.valid {
		return
	}
	relOf, _ := relLists(g)
	if relOf == nil {
		return
	}
	key := make(map[int32]float64) // smallest bucket edge of each listed relay arc
	for i, j := range tr.tightJ {
		e := float64(tr.tightB[i]) * tr.bucketW
		if k, ok := key[j]; j >= 0 && (!ok || e < k) {
			key[j] = e
		}
	}
	dist, pred := tr.D.Dist, tr.D.Pred
	src := int32(tr.src)
	for u := int32(0); int(u) < g.n; u++ {
		if !g.relay[u] || u == src || dist[u] == Unreachable {
			continue
		}
		for k := g.off[u]; k < g.off[u+1]; k++ {
			v, j := g.to[k], relOf[k]
			if j < 0 || (pred[v] == u && tr.isTreeArc(g, relOf, v, k)) || tr.tightIn[j] == tightTail {
				continue // (every skim checks the tail)
			}
			sl := dist[u] + g.w[k] - dist[v]
			bound, ok := key[j]
			if !ok {
				bound = tr.slack
			}
			if sl < bound-tr.drift-1e-9 {
				t.Fatalf("arc %d→%d (relay arc %d): slack %v below bound %v − drift %v (listed %v)", u, v, j, sl, bound, tr.drift, ok)
			}
		}
	}
}

// TestTreeGridLeafSource: a 24×20 torus of relays whose weights drift, and
// a source that does not relay with ground links to a moving window of
// relays (they rise and set, detaching subtrees), as a city over a
// constellation; the tree must equal a fresh Dijkstra at every step and be
// mostly skimmed.
func TestTreeGridLeafSource(t *testing.T) {
	P, S := 24, 20
	nr := P * S
	n := nr + 3
	r := rand.New(rand.NewPCG(13, 14))
	arcs, base := torusGrid(r, P, S)
	var tree Tree
	var fresh Dijkstra
	var b Builder
	var g Graph
	src := nr
	for step := 0; step < 400; step++ {
		b.Reset(n)
		for l := nr; l < n; l++ {
			b.SetRelay(l, false)
		}
		x := float64(step)
		for k, a := range arcs {
			b.Edge(a.u, a.v, base[k]+0.2*math.Sin(x*0.01+float64(k)))
		}
		for l := nr; l < n; l++ {
			// a window of 3 planes × 4 slots sliding along the slots
			off := step/7 + 5*(l-nr)
			for p := 0; p < 3; p++ {
				for s := 0; s < 4; s++ {
					v := (p+l-nr)*S + (off+s)%S
					b.Edge(l, v, 3+math.Abs(float64(s)-1.5)+0.1*math.Sin(x*0.05+float64(v)))
				}
			}
		}
		b.Build(&g)
		tree.Run(&g, src)
		fresh.Run(&g, src)
		checkList(t, &tree, &g)
		for v := range fresh.Dist {
			if math.Float64bits(tree.D.Dist[v]) != math.Float64bits(fresh.Dist[v]) || tree.D.Pred[v] != fresh.Pred[v] {
				t.Fatalf("step %d node %d: tree %v/%d, fresh %v/%d", step, v, tree.D.Dist[v], tree.D.Pred[v], fresh.Dist[v], fresh.Pred[v])
			}
		}
	}
	t.Logf("reused %d, full %d, skims %d, repairs %d (in skims %d), detached %d, ties %d",
		tree.Reused, tree.Full, tree.Skims, tree.Repairs, tree.SkimRepairs, tree.Detached, tree.Ties)
	if tree.SkimRepairs == 0 || tree.Detached == 0 {
		t.Error("no repair during a skim, or no detachment")
	}
}

// gridArc is an arc of torusGrid.
type gridArc struct{ u, v int }

// torusGrid lays a +Grid of P planes of S satellites on a torus: each node
// links to the next in its plane and to the same slot of the next plane,
// with base weights drawn from r (5–6 in plane, 2–3 across).
func torusGrid(r *rand.Rand, P, S int) ([]gridArc, []float64) {
	var arcs []gridArc
	var base []float64
	for p := 0; p < P; p++ {
		for s := 0; s < S; s++ {
			u := p*S + s
			arcs = append(arcs, gridArc{u, p*S + (s+1)%S}, gridArc{u, ((p+1)%P)*S + s})
			base = append(base, 5+r.Float64(), 2+r.Float64())
		}
	}
	return arcs, base
}

// TestResumSpread: the re-sum reports the spread of the relays' label
// changes (largest minus smallest change), on which the slack bound rests:
// it must equal what the labels before and after give, and it must not
// exceed twice the largest change.
func TestResumSpread(t *testing.T) {
	P, S := 16, 12
	nr := P * S
	n := nr + 1
	r := rand.New(rand.NewPCG(17, 18))
	arcs, base := torusGrid(r, P, S)
	build := func(b *Builder, g *Graph, step int) {
		b.Reset(n)
		b.SetRelay(nr, false)
		x := float64(step)
		for k, a := range arcs {
			b.Edge(a.u, a.v, base[k]+0.05*math.Sin(x*0.03+float64(k)))
		}
		for s := 0; s < 4; s++ { // the source's ground arcs: some labels rise, some fall
			b.Edge(nr, s*S+s, 3+0.5*math.Sin(x*0.1+float64(2*s)))
		}
		b.Build(g)
	}
	var b Builder
	var g Graph
	var tree Tree
	spreads := 0
	for step := 0; step < 60; step++ {
		build(&b, &g, step)
		if step > 0 {
			before := append([]float64(nil), tree.D.Dist...)
			spread, detached := tree.resum(&g, g.RelaySame)
			if detached {
				t.Fatalf("step %d: detached", step)
			}
			hi, lo, most := math.Inf(-1), math.Inf(1), 0.0
			for v := 0; v < nr; v++ {
				d := tree.D.Dist[v] - before[v]
				hi, lo, most = max(hi, d), min(lo, d), max(most, math.Abs(d))
			}
			if spread != hi-lo {
				t.Fatalf("step %d: spread %v, labels give %v − %v", step, spread, hi, lo)
			}
			if spread > 2*most {
				t.Fatalf("step %d: spread %v above twice the largest change %v", step, spread, most)
			}
			if hi > 0 && lo < 0 {
				spreads++
			}
		}
		tree.Invalidate() // a fresh tree from each graph
		tree.Run(&g, nr)
	}
	if spreads == 0 {
		t.Error("labels never rose and fell in one step")
	}
}
