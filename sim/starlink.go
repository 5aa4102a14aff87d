package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/routing"
	"orbitnet/starlink"
	"orbitnet/topology"
)

// StarlinkConfig configures the starlink mode.
type StarlinkConfig struct {
	Params starlink.Params
	// Homes overrides terminals' home PoPs: ground-node name → PoP code or
	// city.
	Homes map[string]string
}

// slNet is the starlink mode's static state.
type slNet struct {
	p        starlink.Params
	home     []int // ground node → home PoP (−1: not a user)
	user     []int // ground node → index of its tree (−1: no tree)
	users    []int // ground nodes with a tree
	gwPoP    []int // gateway → the PoP it backhauls to (−1 otherwise)
	gateways []int // ground indices of the gateways
	key      []int // ground node → key of its random draws (from its name)
	// rehome marks the moving users whose home the scenario does not set:
	// they home, at every step, to the PoP that a terminal standing where
	// they are would home to (Workspace.StarlinkHome).
	rehome []bool
}

// slWork is a workspace's per-step starlink state.
type slWork struct {
	home  []int // ground node → home PoP at this step (slNet.home, with the moving users re-homed)
	trees []routing.Tree
	parts []starlink.Parts // per pair of this step
	tmp   []int32
	tmp2  []int32
	pref  []topology.Visible
	extra map[int]*routing.Dijkstra // Route: users without a kept tree
	draws starlink.Draws            // the access model's generator, reseeded per draw
}

func (n *Network) isUser(g int) bool {
	k := n.Cfg.Ground[g].Kind
	return k == ground.Station || k == ground.Terminal
}

// initStarlink prepares the starlink mode: homes, and which users need a
// tree.
func (n *Network) initStarlink() error {
	cfg := &n.Cfg
	if err := cfg.Starlink.Params.Validate(); err != nil {
		return fmt.Errorf("starlink.%w", err)
	}
	if len(n.pops) == 0 {
		for i, g := range cfg.Ground {
			if g.Kind == ground.PoP {
				n.pops = append(n.pops, i)
			}
		}
	}
	if len(n.pops) == 0 {
		return fmt.Errorf("routing mode starlink needs PoPs (ground.pops)")
	}
	homes, err := starlink.Homes(cfg.Ground, cfg.Starlink.Homes)
	if err != nil {
		return fmt.Errorf("starlink.%w", err)
	}
	sl := &slNet{p: cfg.Starlink.Params, home: homes, user: make([]int, n.NGnd), gwPoP: n.homePoP}
	sl.key = make([]int, n.NGnd)
	for i := range sl.user {
		sl.key[i] = nameKey(cfg.Ground[i].Name)
		sl.user[i] = -1
		if cfg.Ground[i].Kind == ground.Gateway {
			sl.gateways = append(sl.gateways, i)
		}
	}
	need := func(g int) {
		if sl.user[g] < 0 && n.isUser(g) {
			sl.user[g] = len(sl.users)
			sl.users = append(sl.users, g)
		}
	}
	for _, p := range n.pairs {
		a, b := p[0], p[1]
		if !n.isUser(a) && n.isUser(b) {
			a, b = b, a
		}
		need(a)
		if cfg.Ground[b].Kind == ground.Terminal {
			need(b)
		}
	}
	sl.rehome = make([]bool, n.NGnd)
	for _, g := range n.moving {
		sl.rehome[g] = homes[g] >= 0 && !pinnedHome(cfg.Starlink.Homes, cfg.Ground[g].Name)
	}
	n.sl = sl
	return nil
}

// pinnedHome reports whether the scenario sets the home of the node called
// name (starlink.Homes matches names case-insensitively).
func pinnedHome(homes map[string]string, name string) bool {
	for k := range homes {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// rehome re-homes moving node g, now at pos, when it is a user whose home
// the scenario does not set.
func (w *Workspace) rehome(g int, pos frame.Geodetic) {
	n := w.net
	if !n.sl.rehome[g] {
		return
	}
	nd := n.Cfg.Ground[g]
	nd.Pos = pos
	w.sl.home[g] = starlink.Home(n.Cfg.Ground, nd)
}

// nameKey keys a node's random draws by its name, so that a terminal's
// draws do not change when other nodes are added or reordered (FNV-1a).
func nameKey(name string) int {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h ^= uint32(name[i])
		h *= 16777619
	}
	return int(h)
}

// StarlinkKey returns the key of ground node g's random draws in starlink
// mode (starlink.Params.Sample's node), or −1.
func (n *Network) StarlinkKey(g int) int {
	if n.sl == nil {
		return -1
	}
	return n.sl.key[g]
}

// StarlinkHome returns the home PoP of ground node g in starlink mode (−1
// when g is not a user or the mode is not starlink): for a moving user
// whose home the scenario does not set, its home at the start
// (Workspace.StarlinkHome gives it at the placed step).
func (n *Network) StarlinkHome(g int) int {
	if n.sl == nil {
		return -1
	}
	return n.sl.home[g]
}

// StarlinkHome returns the home PoP of ground node g at the placed step
// (Place or Build) in starlink mode, or −1. A moving user homes to the PoP
// that a terminal standing where it is would home to (starlink.Home), unless
// the scenario sets its home.
func (w *Workspace) StarlinkHome(g int) int {
	if w.sl == nil {
		return -1
	}
	return w.sl.home[g]
}

func newSLWork(n *Network) *slWork {
	return &slWork{home: slices.Clone(n.sl.home), trees: make([]routing.Tree, len(n.sl.users)), parts: make([]starlink.Parts, max(n.nPairs, 1))}
}

// routeStarlink computes every pair at the current step (starlink mode).
func (w *Workspace) routeStarlink(vals []PairValue, paths [][]int32) {
	n := w.net
	sl := n.sl
	clear(w.sl.extra)
	for i, u := range sl.users {
		w.sl.trees[i].Run(&w.G, n.Node(u))
	}
	listed := n.NumListed()
	for k, p := range n.pairs {
		var path []int32
		if k < listed {
			path = paths[k][:0]
		} else {
			path = w.sl.tmp[:0]
		}
		vals[k], w.sl.parts[k], path = w.starlinkPair(p[0], p[1], path)
		if k < listed {
			paths[k] = path
		} else {
			w.sl.tmp = path
		}
	}
}

// dij returns the shortest paths from user u on the current graph.
func (w *Workspace) dij(u int) *routing.Dijkstra {
	if i := w.net.sl.user[u]; i >= 0 {
		return &w.sl.trees[i].D
	}
	return w.sl.extra[u]
}

// leg returns user u's one-way delay to its home PoP (ms, +Inf if none).
func (w *Workspace) leg(u int) float64 {
	return w.dij(u).Dist[w.net.Node(w.sl.home[u])]
}

// appendLeg appends user u's path to its home PoP (u first).
func (w *Workspace) appendLeg(u int, path []int32) []int32 {
	n := w.net
	return w.dij(u).Path(n.Node(w.sl.home[u]), path)
}

// starlinkPair computes pair (a, b): its value, parts and node path (a
// first), appended to path.
func (w *Workspace) starlinkPair(a, b int, path []int32) (PairValue, starlink.Parts, []int32) {
	n := w.net
	sl := n.sl
	p := &sl.p
	home := w.sl.home
	start := len(path)
	swapped := false
	if !n.isUser(a) && n.isUser(b) {
		a, b, swapped = b, a, true
	}
	var parts starlink.Parts
	unreachable := PairValue{Delay: units.Ms(math.Inf(1)), First: -1, Last: -1}
	ms := func(x float64) time.Duration { return time.Duration(math.Round(x * 1e6)) }
	cfg := &n.Cfg
	endA := a // where the terrestrial part starts
	if n.isUser(a) && home[a] >= 0 {
		leg := w.leg(a)
		if math.IsInf(leg, 1) {
			return unreachable, parts, path[:start]
		}
		parts.Propagation += 2 * ms(leg)
		parts = parts.Add(p.SampleWith(&w.sl.draws, sl.key[a], w.Time))
		path = w.appendLeg(a, path)
		endA = home[a]
	} else {
		path = append(path, int32(n.Node(a)))
	}
	endB := b
	bUser := cfg.Ground[b].Kind == ground.Terminal && home[b] >= 0
	if bUser {
		leg := w.leg(b)
		if math.IsInf(leg, 1) {
			return unreachable, starlink.Parts{}, path[:start]
		}
		parts.Propagation += 2 * ms(leg)
		parts = parts.Add(p.SampleWith(&w.sl.draws, sl.key[b], w.Time))
		endB = home[b]
	}
	if endA != endB {
		km := ground.Geodesic(cfg.Ground[endA].Pos, cfg.Ground[endB].Pos)
		parts.Terrestrial = 2 * p.Terrestrial(km.Km())
		path = append(path, int32(n.Node(endB)))
	}
	if bUser {
		w.sl.tmp2 = w.appendLeg(b, w.sl.tmp2[:0])
		leg := w.sl.tmp2
		// leg runs b … PoP; append it reversed without the PoP
		for i := len(leg) - 2; i >= 0; i-- {
			path = append(path, leg[i])
		}
	}
	seg := path[start:]
	if swapped {
		for i, j := 0, len(seg)-1; i < j; i, j = i+1, j-1 {
			seg[i], seg[j] = seg[j], seg[i]
		}
	}
	pv := PairValue{Delay: units.Ms(float64(parts.Total()) / 2e6), Hops: int32(len(seg) - 1), First: -1, Last: -1}
	h := uint64(14695981039346656037)
	for _, x := range seg {
		if s := int32(n.SatOf(NodeID(x))); s >= 0 {
			if pv.First < 0 {
				pv.First = s
			}
			pv.Last = s
		}
		h ^= uint64(uint32(x))
		h *= 1099511628211
	}
	pv.Hash = h
	return pv, parts, path
}

// PairParts returns where pair k's RTT went at the current step (starlink
// mode; false otherwise).
func (w *Workspace) PairParts(k int) (starlink.Parts, bool) {
	if w.sl == nil {
		return starlink.Parts{}, false
	}
	return w.sl.parts[k], true
}

// routeStarlinkOne answers Route in starlink mode.
func (w *Workspace) routeStarlinkOne(a, b int, path Path) (PairValue, Path) {
	n := w.net
	if w.sl.extra == nil {
		w.sl.extra = map[int]*routing.Dijkstra{}
	}
	for _, u := range [2]int{a, b} {
		if w.sl.home[u] < 0 {
			continue
		}
		if i := n.sl.user[u]; i >= 0 {
			w.sl.trees[i].Run(&w.G, n.Node(u))
			continue
		}
		d := &routing.Dijkstra{}
		d.Run(&w.G, n.Node(u))
		w.sl.extra[u] = d
	}
	var pv PairValue
	var parts starlink.Parts
	pv, parts, path = w.starlinkPair(a, b, path)
	if len(w.sl.parts) > 0 {
		w.sl.parts[0] = parts
	}
	return pv, path
}

// PartStats summarises a pair's RTT parts over a run (starlink mode).
type PartStats struct {
	Propagation, Access, Processing, Queueing, Terrestrial Hist
}

func (st *PairStats) addParts(p starlink.Parts) {
	if st.Parts == nil {
		st.Parts = &PartStats{}
		for _, h := range []*Hist{&st.Parts.Propagation, &st.Parts.Access, &st.Parts.Processing, &st.Parts.Queueing, &st.Parts.Terrestrial} {
			h.expect = st.Hist.expect // as many values as the RTT
		}
	}
	ms := func(d time.Duration) units.Delay { return units.Ms(float64(d) / 1e6) }
	st.Parts.Propagation.Add(ms(p.Propagation))
	st.Parts.Access.Add(ms(p.Access))
	st.Parts.Processing.Add(ms(p.Processing))
	st.Parts.Queueing.Add(ms(p.Queueing))
	st.Parts.Terrestrial.Add(ms(p.Terrestrial))
}

// stepParts copies the step's parts into dst (nil outside starlink mode).
func (w *Workspace) stepParts(dst []starlink.Parts) []starlink.Parts {
	if w.sl == nil {
		return nil
	}
	return append(dst[:0], w.sl.parts...)
}

// preferHomeGateway narrows terminal g's candidate satellites to those with
// a link this step to a gateway that backhauls to g's home PoP (bent pipe
// to the home PoP), when there are any; otherwise the terminal is served
// over lasers. Gateways are scheduled before terminals, so their links are
// known here.
func (w *Workspace) preferHomeGateway(g int, cand []topology.Visible) []topology.Visible {
	home := w.sl.home[g]
	if home < 0 {
		return cand
	}
	w.sl.pref = w.sl.pref[:0]
	for _, v := range cand {
		if w.sl.seesHome(w, v.Sat, home) {
			w.sl.pref = append(w.sl.pref, v)
		}
	}
	if len(w.sl.pref) == 0 {
		return cand
	}
	return w.sl.pref
}

// seesHome reports whether satellite s has a link to a gateway homed to PoP p.
func (sw *slWork) seesHome(w *Workspace, s int32, p int) bool {
	n := w.net
	for _, gw := range n.sl.gateways {
		if n.homePoP[gw] != p {
			continue
		}
		for _, v := range w.GSL[gw] {
			if v.Sat == s {
				return true
			}
		}
	}
	return false
}

// InternetArcs calls fn for the terrestrial Internet hops that the listed
// pairs' paths may take at the current step in a policy with
// Traits.Internet (none otherwise): from a user's home PoP to the pair's
// other end, or to the other user's home PoP, once per pair of ground
// nodes (From < To), in the order of the listed pairs; ends that are down
// are left out. They are not arcs of the graph (Workspace.Hops); Kind is
// LinkTerrestrial and DelayMs the model's delay (starlink.Params.Terrestrial).
func (w *Workspace) InternetArcs(fn func(Arc)) {
	n := w.net
	if n.sl == nil {
		return
	}
	cfg := &n.Cfg
	seen := map[[2]int]bool{}
	for _, p := range n.pairs[:n.NumListed()] {
		a, b := p[0], p[1]
		if w.StarlinkHome(a) < 0 {
			a, b = b, a
		}
		ha := w.StarlinkHome(a)
		if ha < 0 {
			continue
		}
		hb := b
		if cfg.Ground[b].Kind == ground.Terminal && w.StarlinkHome(b) >= 0 {
			hb = w.StarlinkHome(b)
		}
		l := [2]int{min(ha, hb), max(ha, hb)}
		if ha == hb || seen[l] || w.GroundDown(ha) || w.GroundDown(hb) {
			continue
		}
		seen[l] = true
		km := ground.Geodesic(cfg.Ground[ha].Pos, cfg.Ground[hb].Pos)
		fn(Arc{From: n.GroundID(l[0]), To: n.GroundID(l[1]), Kind: LinkTerrestrial, Delay: units.Ms(float64(n.sl.p.Terrestrial(km.Km())) / 1e6)})
	}
}
