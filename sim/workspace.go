package sim

import (
	"math"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/routing"
	"orbitnet/topology"
)

// Workspace holds one worker's per-step state: positions, links, the routing
// graph and a shortest-path tree per source. Its buffers are reused from
// step to step. A Workspace is not safe for concurrent use.
type Workspace struct {
	net *Network
	Pos *topology.Positions
	// Obs are the ground nodes' observers at this step: the network's,
	// copied when some nodes move (moving.go).
	Obs    []frame.Observer
	ISLs   []topology.Link
	Vis    [][]topology.Visible // per ground node: satellites above the mask
	GSL    [][]topology.Visible // per ground node: satellites it uses (after the policy)
	sched  *topology.Scheduler
	b      routing.Builder
	G      routing.Graph
	trees  []routing.Tree
	seesGW []bool // bent-pipe: satellite has a link to a gateway this step
	// hybrid with slots: laser-connected groups of satellites (union–find
	// parents) and whether a group has a gateway link this step
	parent  []int32
	gwGroup []bool
	cand    []topology.Visible
	cull    *topology.Culler // VisibleFrom by temporal culling (Build)
	gwSat   []bool           // terminals.go: satellite has a gateway link this step
	fail    failState
	sl      *slWork  // starlink mode
	scratch []int32  // RouteAll: the path buffer of the pairs not listed
	memo    pathMemo // RouteAll: which paths cannot have changed (pathmemo.go)
	// forwarding state (Config.Forwarding): the transposed graph, a kept
	// tree toward each destination, and last step's next hops
	gt       routing.Graph
	fwdTrees []routing.Tree
	fwdPrev  [][]int32
	fwdHave  bool
	// Forced counts the forced handovers of this step (slot policy).
	Forced int
	// Offset is the step's offset from the start.
	Offset time.Duration
	Time   time.Time
}

// NewWorkspace returns a workspace for this network.
func (n *Network) NewWorkspace() *Workspace {
	w := &Workspace{
		net:   n,
		Pos:   topology.NewPositions(n.NSat),
		Vis:   make([][]topology.Visible, n.NGnd),
		GSL:   make([][]topology.Visible, n.NGnd),
		trees: make([]routing.Tree, len(n.sources)),
		Obs:   n.Obs,
		cull:  topology.NewCuller(n.NGnd, cullBudgetKm),
	}
	if len(n.moving) > 0 {
		w.Obs = append([]frame.Observer(nil), n.Obs...)
	}
	if len(n.fwdDst) > 0 {
		w.fwdTrees = make([]routing.Tree, len(n.fwdDst))
		w.fwdPrev = make([][]int32, len(n.fwdDst))
		for i := range w.fwdPrev {
			w.fwdPrev[i] = make([]int32, n.NumNodes())
		}
	}
	if n.sl != nil {
		w.sl = newSLWork(n)
	}
	if n.Cfg.GSL.Policy == topology.SlotScheduled {
		w.sched = topology.NewScheduler(n.Cfg.GSL, w.Obs, n.capacity, n.Prop)
		w.sched.SetPositions(w.Pos)
		if len(n.moving) > 0 {
			w.sched.SetObserverAt(n.observerAt)
		}
	}
	return w
}

// Reset forgets state carried between steps (slot assignments and kept
// trees), as at the start of a run.
func (w *Workspace) Reset() {
	if w.sched != nil {
		w.sched.Reset()
	}
	for i := range w.trees {
		w.trees[i].Invalidate()
	}
	for i := range w.fwdTrees {
		w.fwdTrees[i].Invalidate()
	}
	w.fwdHave = false
	w.b.ForgetPrevious()
}

// Build computes the network at offset t from the start: positions, active
// laser and ground links, and the routing graph.
func (w *Workspace) Build(offset time.Duration) {
	n := w.net
	cfg := &n.Cfg
	w.Place(offset)
	w.cull.Advance(w.Pos)
	var islDown []bool
	if w.fail.any {
		islDown = w.fail.isl
	}
	w.ISLs = topology.ActiveISLs(&n.ISL, w.Pos, cfg.ISL, islDown, w.ISLs[:0])
	w.Forced = 0
	// Gateways first: in bent-pipe mode a user's satellite is only useful
	// if it also sees a gateway, and the scheduler only offers those.
	tr := n.traits
	bent := tr.GatewaySeen
	if bent {
		if cap(w.seesGW) < n.NSat {
			w.seesGW = make([]bool, n.NSat)
		}
		w.seesGW = w.seesGW[:n.NSat]
		clear(w.seesGW)
	}
	// Hybrid with the slot scheduler: Starlink's scheduler gives a user
	// terminal a satellite from which the network leads to a gateway; a
	// satellite whose laser-connected group has no gateway link this step
	// (a stranded plane of a sparse polar shell, say) is offered only when
	// the terminal sees nothing better.
	gwFilter := tr.GatewayGroups && w.sched != nil
	for pass := 0; pass < 2; pass++ {
		if pass == 1 && gwFilter {
			gwFilter = w.markGatewayGroups()
		}
		for g := range cfg.Ground {
			kind := cfg.Ground[g].Kind
			if (kind == ground.Gateway) != (pass == 0) {
				continue
			}
			w.Vis[g] = w.Vis[g][:0]
			w.GSL[g] = w.GSL[g][:0]
			if !n.active[g] || kind == ground.PoP {
				continue
			}
			if w.fail.any && (w.fail.ground[g] || w.fail.jam[g]) {
				continue
			}
			w.Vis[g] = w.cull.Visible(g, &w.Obs[g], w.Pos, cfg.GSL, w.Vis[g])
			if bent && kind != ground.Gateway {
				kept := w.Vis[g][:0]
				for _, v := range w.Vis[g] {
					if w.seesGW[v.Sat] {
						kept = append(kept, v)
					}
				}
				w.Vis[g] = kept
			}
			if w.sched != nil {
				cand := w.Vis[g]
				if gwFilter && kind == ground.Terminal {
					w.cand = w.cand[:0]
					for _, v := range cand {
						if w.gwGroup[w.group(v.Sat)] {
							w.cand = append(w.cand, v)
						}
					}
					if len(w.cand) > 0 {
						cand = w.cand
					}
				}
				if w.sl != nil && kind != ground.Gateway {
					cand = w.preferHomeGateway(g, cand)
				}
				var forced int
				w.GSL[g], forced = w.sched.Assign(g, w.Time, cand, w.GSL[g])
				w.Forced += forced
			} else {
				w.GSL[g] = append(w.GSL[g], w.Vis[g]...)
			}
			if bent && kind == ground.Gateway {
				for _, v := range w.GSL[g] {
					w.seesGW[v.Sat] = true
				}
			}
		}
	}
	w.buildGraph()
}

// markGatewayGroups groups the satellites connected by this step's laser
// links and marks the groups in which some satellite has a ground link to a
// gateway. It reports whether any group is marked.
func (w *Workspace) markGatewayGroups() bool {
	n := w.net
	if cap(w.parent) < n.NSat {
		w.parent = make([]int32, n.NSat)
		w.gwGroup = make([]bool, n.NSat)
	}
	w.parent, w.gwGroup = w.parent[:n.NSat], w.gwGroup[:n.NSat]
	for i := range w.parent {
		w.parent[i] = int32(i)
	}
	clear(w.gwGroup)
	for _, l := range w.ISLs {
		a, b := w.group(l.A), w.group(l.B)
		if a != b {
			w.parent[max(a, b)] = min(a, b)
		}
	}
	marked := false
	for g := range n.Cfg.Ground {
		if n.Cfg.Ground[g].Kind != ground.Gateway {
			continue
		}
		for _, v := range w.GSL[g] {
			w.gwGroup[w.group(v.Sat)] = true
			marked = true
		}
	}
	return marked
}

// group returns the root of satellite s's laser-connected group, halving
// the path on the way.
func (w *Workspace) group(s int32) int32 {
	p := w.parent
	for p[s] != s {
		p[s] = p[p[s]]
		s = p[s]
	}
	return s
}

// buildGraph lays the step's routing graph by the network's policy.
func (w *Workspace) buildGraph() { w.net.policy.lay(w) }

// PairValue is the outcome for one pair at one step.
type PairValue struct {
	Delay units.Delay // one-way delay; +Inf when unreachable
	Hops  int32       // links on the path (0 when unreachable)
	First int32       // first satellite on the path, −1 if none
	Last  int32       // last satellite on the path, −1 if none
	Hash  uint64      // hash of the node path (0 when unreachable)
}

// Reachable reports whether the pair had a path.
func (p PairValue) Reachable() bool { return !math.IsInf(p.Delay.Ms(), 1) }

// RTT returns the round-trip time (twice the one-way delay).
func (p PairValue) RTT() units.Delay { return 2 * p.Delay }

// Route computes the shortest path between ground nodes a and b on the
// current graph, appending its routing nodes to path.
func (w *Workspace) Route(a, b int, path Path) (PairValue, Path) {
	if w.sl != nil {
		return w.routeStarlinkOne(a, b, path)
	}
	var d routing.Dijkstra
	d.Run(&w.G, w.net.Node(a))
	return w.value(&d, b, path)
}

func (w *Workspace) value(d *routing.Dijkstra, dst int, path Path) (PairValue, Path) {
	return w.net.value(d, dst, path)
}

// value reads the pair value toward ground node dst from a shortest-path
// run, appending the path's routing nodes to path.
func (n *Network) value(d *routing.Dijkstra, dst int, path Path) (PairValue, Path) {
	v := n.Node(dst)
	pv := PairValue{Delay: units.Ms(d.Dist[v]), First: -1, Last: -1}
	if !pv.Reachable() {
		return pv, path
	}
	start := len(path)
	path = d.Path(v, path)
	p := path[start:]
	pv.Hops = int32(len(p) - 1)
	h := uint64(14695981039346656037)
	for _, x := range p {
		sat := int32(n.SatOf(NodeID(x)))
		id := x
		if sat >= 0 {
			id = sat // an uplink copy is the same satellite
			if pv.First < 0 {
				pv.First = sat
			}
			pv.Last = sat
		}
		h ^= uint64(uint32(id))
		h *= 1099511628211
	}
	pv.Hash = h
	return pv, path
}

// RouteAll computes every pair of the network at the current step into vals
// (len = number of pairs) and the node paths of the listed pairs into paths
// (read paths[k] as a Path).
func (w *Workspace) RouteAll(vals []PairValue, paths [][]int32) {
	n := w.net
	if w.sl != nil {
		w.routeStarlink(vals, paths)
		return
	}
	if w.memo.gen == nil {
		w.memo.init(n, true)
	}
	scratch := w.scratch
	for si := range n.sources {
		s := &n.sources[si]
		t := &w.trees[si]
		if t.Want == nil {
			t.Want = n.wantedLeaves(s)
		}
		t.Run(&w.G, n.Node(s.node))
		same := w.memo.begin(si, t)
		for _, k := range s.pairs {
			var v PairValue
			v, scratch = n.pairValue(k, t, same, &w.memo, &w.memo.val[k], paths, scratch)
			vals[k], w.memo.val[k] = v, v
		}
	}
	w.scratch = scratch // the unlisted pairs' path buffer, kept for the next step
}

// GroundDown reports whether ground node g is down at the current step
// (a what-if failure).
func (w *Workspace) GroundDown(g int) bool { return w.fail.any && w.fail.ground[g] }

// NextHop is one entry of the forwarding state: at routing node Node,
// traffic for ground node Network.ForwardingDsts()[Dst] goes to routing node
// Next (−1: no route).
type NextHop struct {
	Dst  int32
	Node int32
	Next int32
}

// At returns the routing node the entry is at (Node).
func (h NextHop) At() NodeID { return NodeID(h.Node) }

// To returns the next hop (Next) and whether there is one.
func (h NextHop) To() (NodeID, bool) { return NodeID(h.Next), h.Next >= 0 }

// Forwarding computes the next hop of every routing node toward each
// forwarding destination on the current graph: shortest-path trees toward
// the destination, found on the transposed graph (routing.Graph.Transpose),
// kept from step to step like the source trees. It appends to out, in
// (destination, node) order, the entries that differ from the previous step
// this workspace computed since Reset, or, when there is none (full), every
// entry that has a route.
func (w *Workspace) Forwarding(out []NextHop) (entries []NextHop, full bool) {
	n := w.net
	if len(n.fwdDst) == 0 {
		return out, false
	}
	w.G.Transpose(&w.gt)
	full = !w.fwdHave
	for i, g := range n.fwdDst {
		t := &w.fwdTrees[i]
		t.Run(&w.gt, n.Node(g))
		prev := w.fwdPrev[i]
		for v, next := range t.D.Pred {
			if (full && next >= 0) || (!full && next != prev[v]) {
				out = append(out, NextHop{Dst: int32(i), Node: int32(v), Next: next})
			}
		}
		copy(prev, t.D.Pred)
	}
	w.fwdHave = true
	return out, full
}

// wantedLeaves lists the routing nodes of source s's destinations, the only
// leaves of its tree that the engine reads (routing.Tree.Want).
func (n *Network) wantedLeaves(s *source) []int32 {
	want := make([]int32, 0, len(s.pairs))
	for _, k := range s.pairs {
		want = append(want, int32(n.Node(n.pairs[k][1])))
	}
	return want
}

// cullBudgetKm is the satellite travel after which the culler rescans every
// ground node in full (topology.Culler). BenchmarkVisible measured the cost
// of the scans against the budget: on W3 (1 s steps) 30 km costs 3–4× the
// best, 200–1,000 km are within noise of each other (the candidate lists
// grow as the full scans thin out); at W1's 100 ms steps 200 km means one
// full scan per 26 s of simulated time. docs/performance.md has the table.
const cullBudgetKm = 200
