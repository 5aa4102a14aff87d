package topology

import (
	"math"

	"orbitnet/orbit/frame"
)

// Culler answers VisibleFrom for many ground nodes over a run of steps
// without testing every satellite at every step. It is exact: Culler.Visible
// returns what VisibleFrom returns, element for element and in the same
// order, whatever the positions, validity, observers or configuration.
//
// The idea is temporal culling by measured displacement. When node g is
// scanned in full, each satellite's visibility margins are computed: the
// elevation margin f = up − sin(mask)·d (visible needs f ≥ 0) and, with a
// range cap, r = cap − d. Moving a satellite by δ km changes f by at most
// (1 + sin(mask))·δ and r by at most δ (f's gradient is the unit up vector
// minus sin(mask) times a unit vector). A satellite that fails by more than
// the allowance A = (1 + sin(mask))·B (B km of travel) cannot become
// visible until it has moved B km, so it is left out of g's candidate list
// and only the candidates are tested at later steps.
//
// Travel is not assumed from a speed bound: Advance measures, once per step
// for all nodes, the largest distance any satellite has moved since the
// reference step (the step of the last reset) among the satellites valid at
// both. While that stays within Budget, every list is still sound; past it,
// all lists are dropped and each node is scanned in full at its next call.
// A list built at a later step than the reference adds the travel measured
// so far to its allowance (triangle inequality through the reference
// positions). Satellites invalid at the reference step or at the build step
// are always candidates (their positions say nothing), a node whose
// observer changed (a moving node) or a call with another configuration is
// scanned in full, and a small absolute slack covers rounding in the
// margins.
//
// Cost: Advance is O(satellites) per step; a full scan is O(satellites)
// per node, a culled call O(candidates). A Culler is not safe for
// concurrent use.
type Culler struct {
	// Budget is the travel (km) after which every list is rebuilt.
	Budget float64
	refX   []float64
	refY   []float64
	refZ   []float64
	refOK  []bool
	have   bool    // reference positions set
	travel float64 // largest travel since the reference step, km
	nodes  []cullNode
	// FullScans and Culled count full scans and culled calls (for
	// benchmarks and tests).
	FullScans, Culled int
}

type cullNode struct {
	ok   bool // cand is sound for the current reference
	obs  frame.Observer
	cfg  GSLConfig
	cand []int32
}

// cullEps (km) covers rounding in the margins: positions are a few
// thousand km, so rounding errors are around 1e-12 km.
const cullEps = 1e-6

// NewCuller returns a culler for n ground nodes that rebuilds its lists
// after budget km of satellite travel.
func NewCuller(n int, budget float64) *Culler {
	return &Culler{Budget: budget, nodes: make([]cullNode, n)}
}

// Advance tells the culler the positions of the step that the following
// Visible calls are for. Call it once per step, before those calls.
func (c *Culler) Advance(pos *Positions) {
	n := len(pos.X)
	if c.have && len(c.refX) == n {
		X, Y, Z, V := pos.X, pos.Y, pos.Z, pos.Valid
		rx, ry, rz, rv := c.refX[:n], c.refY[:n], c.refZ[:n], c.refOK[:n]
		m := 0.0
		for i := range X {
			if !V[i] || !rv[i] {
				continue
			}
			dx, dy, dz := X[i]-rx[i], Y[i]-ry[i], Z[i]-rz[i]
			if d2 := dx*dx + dy*dy + dz*dz; !(d2 <= m) {
				m = d2
				if math.IsNaN(d2) {
					break // travel unknown: new reference
				}
			}
		}
		if t := math.Sqrt(m); t <= c.Budget {
			c.travel = t
			return
		}
	}
	// New reference: these positions.
	c.refX = append(c.refX[:0], pos.X...)
	c.refY = append(c.refY[:0], pos.Y...)
	c.refZ = append(c.refZ[:0], pos.Z...)
	c.refOK = append(c.refOK[:0], pos.Valid...)
	c.have = true
	c.travel = 0
	for i := range c.nodes {
		c.nodes[i].ok = false
	}
}

// Visible appends to out what VisibleFrom(obs, pos, cfg, out) appends, for
// ground node g; pos must be the positions last given to Advance.
func (c *Culler) Visible(g int, obs *frame.Observer, pos *Positions, cfg GSLConfig, out []Visible) []Visible {
	nd := &c.nodes[g]
	if !nd.ok || nd.obs != *obs || nd.cfg != cfg || len(pos.X) != len(c.refX) {
		c.FullScans++
		return c.rebuild(nd, obs, pos, cfg, out)
	}
	c.Culled++
	m := newSightTest(obs, cfg)
	for _, s := range nd.cand {
		i := int(s)
		up, d2 := m.geometry(pos, i)
		if v, ok := m.visible(i, up, d2, pos.Valid[i]); ok {
			out = append(out, v)
		}
	}
	return out
}

// rebuild scans every satellite for node g, appending the visible ones to
// out and keeping the candidates.
func (c *Culler) rebuild(nd *cullNode, obs *frame.Observer, pos *Positions, cfg GSLConfig, out []Visible) []Visible {
	m := newSightTest(obs, cfg)
	sinMask, s2, maxR := m.sinMask, m.s2, m.maxR
	X, V := pos.X, pos.Valid
	sound := len(X) == len(c.refX) && sinMask >= 0
	// a satellite that keeps out of sight needs margin below −allow
	travel := c.Budget + c.travel
	allowEl := (1+sinMask)*travel + cullEps
	farR2 := (maxR + travel + cullEps) * (maxR + travel + cullEps)
	cand := nd.cand[:0]
	for i := range X {
		up, d2 := m.geometry(pos, i)
		if sound && V[i] && c.refOK[i] {
			// far: up − sin(mask)·d < −allowEl, or d − cap > allowR,
			// without a square root
			a := up + allowEl
			far := a < 0 || a*a < s2*d2 || (maxR > 0 && d2 > farR2)
			if !far {
				cand = append(cand, int32(i))
			}
		} else {
			cand = append(cand, int32(i))
		}
		if v, ok := m.visible(i, up, d2, V[i]); ok {
			out = append(out, v)
		}
	}
	nd.cand = cand
	nd.ok = sound
	nd.obs = *obs
	nd.cfg = cfg
	return out
}
