package capacity

import (
	"fmt"
	"math"
	"slices"

	"orbitnet/sim"
)

// Demand is traffic offered from one endpoint to another.
type Demand struct {
	// Src and Dst are endpoints in the caller's numbering: ground-node
	// indices for FromSnapshot, Gravity's Endpoint.Node, or indices into the
	// names given to ReadDemandCSV.
	Src, Dst int
	// Rate is the offered load; +Inf for an elastic (greedy) demand.
	Rate Gbps
}

// Flow is one sub-flow of a Problem: a demand's share on one of its paths.
type Flow struct {
	Demand int  // index into Problem.Demands
	Cap    Gbps // the most this sub-flow wants: the demand's rate / its number of paths
	Path   Path
}

// Problem is a capacity problem on a Graph: demands, the sub-flows that
// carry them and the resources they share. Resources are numbered
//
//	[0, 2·links)                      arcs: resource r is Arc(r)
//	[2·links, 2·links + 2·pools)      pools: 2·links + 2·PoolID for what the
//	                                  pool's node sends, +1 for what it receives
//
// A Problem is read-only once built; Allocate may be called any number of
// times, also concurrently.
type Problem struct {
	Graph   *Graph
	Demands []Demand
	// Flows are the sub-flows, grouped by demand in demand order and, within
	// a demand, in path order. A demand without paths has no flows: it is
	// unrouted and gets nothing.
	Flows []Flow
	// FirstFlow[d] is the index of demand d's first flow; its flows are
	// Flows[FirstFlow[d]:FirstFlow[d+1]] (len(Demands)+1 entries).
	FirstFlow []int
	reqs      []Request
	capacity  []Gbps
}

// NewProblem builds a problem from demands and their routes on g:
// routes[d] lists demand d's paths (none: unrouted). A demand with k paths
// becomes k sub-flows, each capped at Rate/k, and max-min fairness is taken
// among sub-flows, so a demand spread over more paths gets more shares of a
// bottleneck they have in common, as k uncoupled TCP connections would. Demand
// endpoints are labels here and are not checked against the paths (see
// FromSnapshot, which does). It fails on a negative or NaN rate, an elastic
// demand whose paths cross only unconstrained resources, or a path that has
// no links, uses an arc twice, or whose nodes and arcs do not match the
// graph's moves.
func NewProblem(g *Graph, demands []Demand, routes [][]Path) (*Problem, error) {
	if len(routes) != len(demands) {
		return nil, fmt.Errorf("%d demands but %d route lists", len(demands), len(routes))
	}
	p := &Problem{Graph: g, Demands: demands, FirstFlow: make([]int, len(demands)+1)}
	nl := len(g.links)
	p.capacity = make([]Gbps, 2*nl+2*len(g.pools))
	for i, l := range g.links {
		p.capacity[2*i], p.capacity[2*i+1] = l.Capacity, l.Capacity
	}
	for i, pl := range g.pools {
		p.capacity[2*nl+2*i], p.capacity[2*nl+2*i+1] = pl.Capacity, pl.Capacity
	}
	for d, dm := range demands {
		if !(dm.Rate >= 0) {
			return nil, fmt.Errorf("demand %d (%d→%d): rate %v, must be ≥ 0", d, dm.Src, dm.Dst, float64(dm.Rate))
		}
		p.FirstFlow[d] = len(p.Flows)
		k := len(routes[d])
		for j, path := range routes[d] {
			if err := g.checkPath(path); err != nil {
				return nil, fmt.Errorf("demand %d (%d→%d) path %d: %w", d, dm.Src, dm.Dst, j, err)
			}
			f := Flow{Demand: d, Cap: dm.Rate / Gbps(k), Path: path}
			p.Flows = append(p.Flows, f)
			p.reqs = append(p.reqs, Request{Demand: f.Cap, Uses: g.resources(path.Arcs)})
		}
	}
	p.FirstFlow[len(demands)] = len(p.Flows)
	// Check now that MaxMinFair will accept the requests, so that Allocate
	// cannot fail.
	for i, q := range p.reqs {
		if !math.IsInf(float64(q.Demand), 1) {
			continue
		}
		bounded := false
		for _, r := range q.Uses {
			bounded = bounded || !math.IsInf(float64(p.capacity[r]), 1)
		}
		if !bounded {
			f := p.Flows[i]
			return nil, fmt.Errorf("demand %d path %d: elastic demand on a path with no finite capacity", f.Demand, i-p.FirstFlow[f.Demand])
		}
	}
	return p, nil
}

// checkPath checks that a path's arcs exist, join up head to tail (allowing
// for moves from uplink copies, which are checked by node count only) and
// do not repeat.
func (g *Graph) checkPath(p Path) error {
	if len(p.Arcs) == 0 {
		return fmt.Errorf("path has no links")
	}
	if len(p.Nodes) != len(p.Arcs)+1 {
		return fmt.Errorf("path has %d nodes for %d arcs", len(p.Nodes), len(p.Arcs))
	}
	for i, a := range p.Arcs {
		if a < 0 || int(a.Link()) >= len(g.links) {
			return fmt.Errorf("arc %d out of range", a)
		}
		u, v := p.Nodes[i], p.Nodes[i+1]
		if !g.hasMove(u, v, a) {
			return fmt.Errorf("no move from node %d to node %d along arc %d", u, v, a)
		}
	}
	return checkArcsOnce(p.Arcs)
}

func (g *Graph) hasMove(u, v int32, a Arc) bool {
	if u < 0 || int(u) >= g.N() {
		return false
	}
	for _, h := range g.adj[u] {
		if h.to == v && h.arc == a {
			return true
		}
	}
	return false
}

// resources lists the resources a path's arcs consume: each arc, and the
// send pool of the arc's tail and the receive pool of its head for the
// link's kind, where those exist. A pool is listed once even if the path
// enters or leaves its node twice (possible only through uplink copies).
func (g *Graph) resources(arcs []Arc) []int32 {
	nl := int32(len(g.links))
	out := make([]int32, 0, len(arcs))
	for _, a := range arcs {
		out = append(out, int32(a))
	}
	if len(g.pools) == 0 {
		return out
	}
	for _, a := range arcs {
		kind := g.links[a.Link()].Kind
		from, to := g.ArcEnds(a)
		if id, ok := g.poolOf[poolKey{from, kind}]; ok && !slices.Contains(out, 2*nl+2*int32(id)) {
			out = append(out, 2*nl+2*int32(id))
		}
		if id, ok := g.poolOf[poolKey{to, kind}]; ok && !slices.Contains(out, 2*nl+2*int32(id)+1) {
			out = append(out, 2*nl+2*int32(id)+1)
		}
	}
	return out
}

// Allocate returns the max-min fair allocation of the problem's sub-flows
// (MaxMinFair): Rate, Limit and Request order follow Flows, Load and
// Capacity follow the resource numbering.
func (p *Problem) Allocate() *Allocation {
	a, err := MaxMinFair(p.capacity, p.reqs)
	if err != nil {
		panic("capacity: Allocate on a problem NewProblem accepted: " + err.Error())
	}
	return a
}

// Throughput returns each demand's throughput under a: the sum of its
// sub-flows' rates (0 for an unrouted demand).
func (p *Problem) Throughput(a *Allocation) []Gbps {
	out := make([]Gbps, len(p.Demands))
	for d := range p.Demands {
		for i := p.FirstFlow[d]; i < p.FirstFlow[d+1]; i++ {
			out[d] += a.Rate[i]
		}
	}
	return out
}

// Routed reports whether demand d has at least one path.
func (p *Problem) Routed(d int) bool { return p.FirstFlow[d+1] > p.FirstFlow[d] }

// NumResources returns the number of resources (arcs and pool directions).
func (p *Problem) NumResources() int { return len(p.capacity) }

// Resource describes one resource of a Problem.
type Resource struct {
	Kind LinkKind
	// IsPool says whether the resource is a pool direction rather than an
	// arc.
	IsPool bool
	Arc    Arc    // the arc, when !IsPool
	Pool   PoolID // the pool, when IsPool
	// Send: for a pool, whether it caps what the pool's node sends (rather
	// than what it receives).
	Send     bool
	Capacity Gbps
}

// Resource describes resource r.
func (p *Problem) Resource(r int32) Resource {
	g := p.Graph
	nl := int32(len(g.links))
	if r < 2*nl {
		a := Arc(r)
		return Resource{Kind: g.links[a.Link()].Kind, Arc: a, Capacity: p.capacity[r]}
	}
	id := PoolID((r - 2*nl) / 2)
	return Resource{Kind: g.pools[id].Kind, IsPool: true, Pool: id, Send: (r-2*nl)%2 == 0, Capacity: p.capacity[r]}
}

// ResourceName names resource r for people: "isl:A>B" for an arc from A to
// B, "gsl-gateway:G>*" for what gateway G sends over its gateway links and
// "gsl-gateway:*>G" for what it receives. nodeName names graph nodes; nil
// writes node numbers.
func (p *Problem) ResourceName(r int32, nodeName func(sim.NodeID) string) string {
	if nodeName == nil {
		nodeName = func(v sim.NodeID) string { return fmt.Sprint(int32(v)) }
	}
	res := p.Resource(r)
	if res.IsPool {
		n := nodeName(sim.NodeID(p.Graph.pools[res.Pool].Node))
		if res.Send {
			return res.Kind.String() + ":" + n + ">*"
		}
		return res.Kind.String() + ":*>" + n
	}
	from, to := p.Graph.ArcEnds(res.Arc)
	return res.Kind.String() + ":" + nodeName(sim.NodeID(from)) + ">" + nodeName(sim.NodeID(to))
}

// Utilisation returns the utilisation (load/capacity) of every resource of
// the given class, idle ones included, in resource order: the values for a
// utilisation CDF or histogram. Class selects arcs of one link kind
// (pools false) or pool directions of one kind (pools true).
func (p *Problem) Utilisation(a *Allocation, kind LinkKind, pools bool) []float64 {
	var out []float64
	for r := range int32(len(p.capacity)) {
		res := p.Resource(r)
		if res.Kind == kind && res.IsPool == pools {
			out = append(out, a.Utilisation(r))
		}
	}
	return out
}
