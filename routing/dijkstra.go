package routing

// Digraph is what Dijkstra needs of a directed graph: its size, each
// node's outgoing arcs as parallel slices of heads and non-negative weights
// (valid until the next call), and whether a node may forward traffic. An
// arc of weight +Inf is never taken. *Graph is one; capacity's Yen search
// wraps its own graph in another.
type Digraph interface {
	N() int
	Arcs(u int) (to []int32, w []float64)
	Relay(u int) bool
}

// Dijkstra computes single-source shortest paths and keeps its workspace
// between runs. The zero value is ready to use; it is not safe for
// concurrent use.
//
// Run is Dijkstra's algorithm (Dijkstra 1959) with a Heap of (distance,
// node) entries and lazy deletion (a node may be pushed more than once;
// stale entries are skipped when popped): O(E log E) time, O(V + E) space,
// no allocation once the workspace has grown to the graph's size.
type Dijkstra struct {
	Dist []float64 // Dist[v]: shortest distance from the source, Unreachable if none
	Pred []int32   // Pred[v]: previous node on the shortest path, −1 for the source and unreached nodes
	// PredArc[v] is the position of the arc Pred[v]→v within Pred[v]'s arcs.
	PredArc []int32
	// Order lists the reached nodes in the order they were settled.
	Order []int32
	done  []bool
	heap  Heap
}

func (d *Dijkstra) reset(n int) {
	if cap(d.Dist) < n {
		d.Dist = make([]float64, n)
		d.Pred = make([]int32, n)
		d.PredArc = make([]int32, n)
		d.done = make([]bool, n)
		d.Order = make([]int32, 0, n)
	}
	d.Dist, d.Pred, d.PredArc, d.done = d.Dist[:n], d.Pred[:n], d.PredArc[:n], d.done[:n]
	d.heap.Reset()
	d.Order = d.Order[:0]
	for i := range d.Dist {
		d.Dist[i] = Unreachable
		d.Pred[i] = -1
		d.done[i] = false
	}
}

// Run computes shortest paths from src. The source relays whatever its flag;
// other non-relay nodes are reached but not expanded. Among shortest paths,
// each node gets the predecessor settled first, nodes being settled in
// increasing (distance, index) order.
func (d *Dijkstra) Run(g Digraph, src int) { d.RunTo(g, src, -1) }

// RunTo is Run stopping as soon as dst is settled (dst < 0: never): Dist
// and Pred are then final for dst and every node in Order. It reports
// whether dst was reached.
func (d *Dijkstra) RunTo(g Digraph, src, dst int) bool {
	d.reset(g.N())
	d.Dist[src] = 0
	d.heap.Push(0, int32(src))
	dist, pred, done := d.Dist, d.Pred, d.done
	for d.heap.Len() > 0 {
		du, u := d.heap.Pop()
		if done[u] || du > dist[u] {
			continue
		}
		done[u] = true
		d.Order = append(d.Order, u)
		if int(u) == dst {
			return true
		}
		if int(u) != src && !g.Relay(int(u)) {
			continue
		}
		to, w := g.Arcs(int(u))
		for k, v := range to {
			nd := du + w[k]
			if nd < dist[v] && !done[v] {
				dist[v] = nd
				pred[v] = u
				d.PredArc[v] = int32(k)
				d.heap.Push(nd, v)
			}
		}
	}
	return dst >= 0 && done[dst]
}

// Path appends the nodes of the shortest path from the last Run's source to
// dst, source first, to buf and returns it; it returns buf unchanged when
// dst is unreachable.
func (d *Dijkstra) Path(dst int, buf []int32) []int32 {
	if d.Dist[dst] == Unreachable {
		return buf
	}
	start := len(buf)
	for v := int32(dst); v >= 0; v = d.Pred[v] {
		buf = append(buf, v)
	}
	for i, j := start, len(buf)-1; i < j; i, j = i+1, j-1 {
		buf[i], buf[j] = buf[j], buf[i]
	}
	return buf
}

// FloydWarshall returns the all-pairs shortest distances of g by the
// Floyd–Warshall algorithm (Floyd 1962), honouring relay flags: a node may be
// an intermediate vertex only if it relays. O(V³) time and O(V²) space: for
// checking Dijkstra on small graphs.
func FloydWarshall(g *Graph) [][]float64 {
	n := g.n
	d := make([][]float64, n)
	for i := range d {
		d[i] = make([]float64, n)
		for j := range d[i] {
			d[i][j] = Unreachable
		}
		d[i][i] = 0
		to, w := g.Arcs(i)
		for k, v := range to {
			if w[k] < d[i][v] {
				d[i][v] = w[k]
			}
		}
	}
	for k := 0; k < n; k++ {
		if !g.relay[k] {
			continue
		}
		for i := 0; i < n; i++ {
			dik := d[i][k]
			if dik == Unreachable {
				continue
			}
			for j := 0; j < n; j++ {
				if nd := dik + d[k][j]; nd < d[i][j] {
					d[i][j] = nd
				}
			}
		}
	}
	return d
}
