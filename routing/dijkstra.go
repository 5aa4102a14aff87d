package routing

// Dijkstra computes single-source shortest paths and keeps its workspace
// between runs. The zero value is ready to use; it is not safe for
// concurrent use.
//
// Run is Dijkstra's algorithm (Dijkstra 1959) with a 4-ary min-heap of
// (distance, node) entries and lazy deletion (a node may be pushed more than
// once; stale entries are skipped when popped): O(E log E) time, O(V + E)
// space, no allocation once the workspace has grown to the graph's size.
// Weights must be non-negative (not checked).
type Dijkstra struct {
	Dist []float64 // Dist[v]: shortest distance from the source, Unreachable if none
	Pred []int32   // Pred[v]: previous node on the shortest path, −1 for the source and unreached nodes
	// PredArc[v] is the position of the arc Pred[v]→v within Pred[v]'s arcs.
	PredArc []int32
	// Order lists the reached nodes in the order they were settled.
	Order []int32
	done  []bool
	heap  []entry
}

type entry struct {
	d float64
	v int32
}

func (a entry) less(b entry) bool { return a.d < b.d || (a.d == b.d && a.v < b.v) }

func (d *Dijkstra) reset(n int) {
	if cap(d.Dist) < n {
		d.Dist = make([]float64, n)
		d.Pred = make([]int32, n)
		d.PredArc = make([]int32, n)
		d.done = make([]bool, n)
		d.Order = make([]int32, 0, n)
	}
	d.Dist, d.Pred, d.PredArc, d.done = d.Dist[:n], d.Pred[:n], d.PredArc[:n], d.done[:n]
	d.heap = d.heap[:0]
	d.Order = d.Order[:0]
	for i := range d.Dist {
		d.Dist[i] = Unreachable
		d.Pred[i] = -1
		d.done[i] = false
	}
}

// Run computes shortest paths from src. The source relays whatever its flag;
// other non-relay nodes are reached but not expanded.
func (d *Dijkstra) Run(g *Graph, src int) {
	d.reset(g.n)
	d.Dist[src] = 0
	d.push(entry{0, int32(src)})
	dist, pred, done := d.Dist, d.Pred, d.done
	for len(d.heap) > 0 {
		e := d.pop()
		u := e.v
		if done[u] || e.d > dist[u] {
			continue
		}
		done[u] = true
		d.Order = append(d.Order, u)
		if int(u) != src && !g.relay[u] {
			continue
		}
		du := e.d
		a, b := g.off[u], g.off[u+1]
		to, w := g.to[a:b], g.w[a:b]
		for k, v := range to {
			nd := du + w[k]
			if nd < dist[v] && !done[v] {
				dist[v] = nd
				pred[v] = u
				d.PredArc[v] = int32(k)
				d.push(entry{nd, v})
			}
		}
	}
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

func (d *Dijkstra) push(e entry) {
	d.heap = append(d.heap, e)
	h := d.heap
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !e.less(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

func (d *Dijkstra) pop() entry {
	h := d.heap
	top := h[0]
	last := len(h) - 1
	e := h[last]
	h = h[:last]
	d.heap = h
	n := last
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for k := c + 1; k < end; k++ {
			if h[k].less(h[m]) {
				m = k
			}
		}
		if !h[m].less(e) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = e
	return top
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
