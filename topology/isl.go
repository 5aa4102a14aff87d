package topology

import (
	"fmt"
	"math"
	"sort"

	"orbitnet/constellation"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// ISLPattern names a rule for which satellites carry laser links.
type ISLPattern string

// ISL patterns.
const (
	// PlusGrid gives each satellite four lasers: fore and aft in its plane,
	// and one to the satellite in the same slot of each neighbouring plane.
	PlusGrid ISLPattern = "plus-grid"
	// NoISL disables laser links.
	NoISL ISLPattern = "none"
	// ListedISL takes the candidate links from ISLConfig.Listed (read from
	// a file such as Hypatia's isls.txt by ReadISLs).
	ListedISL ISLPattern = "file"
)

// ISLConfig configures laser links.
type ISLConfig struct {
	Pattern ISLPattern
	// MaxRange: a link exists only while its length is at most this
	// (0 = no range limit).
	MaxRange units.Length
	// MinAltitude: a link exists only while the straight line between the
	// two satellites stays at least this high above the WGS-84 ellipsoid
	// (grazing the atmosphere; default 80 km).
	MinAltitude units.Length
	// SeamOffset: at the seam of a Walker delta shell, satellite s of the last
	// plane links to satellite s+SeamOffset of plane 0. Nil means the shell's
	// Walker phasing factor F, which makes the seam link as short as the
	// others.
	SeamOffset *int
	// CrossShell adds a fifth laser between shells: each satellite of a
	// shell is paired with the nearest satellite of the next shell up in
	// altitude (within MaxRange) at the reference instant, each satellite
	// taking at most one partner per neighbouring shell. The pairs are fixed;
	// a link is up while range and line of sight allow, as for any ISL.
	CrossShell bool
	// Listed holds the candidate links of the ListedISL pattern: pairs of
	// satellite indices in the constellation's order.
	Listed [][2]int32
}

// ISLPlan is the static set of candidate laser links: pairs (A[k], B[k]) of
// satellite indices, A[k] < B[k], sorted. Whether a candidate link is up at
// an instant depends on range and line of sight (Active).
type ISLPlan struct {
	A, B []int32
}

// Len returns the number of candidate links.
func (p *ISLPlan) Len() int { return len(p.A) }

// PlanISL lays the candidate laser links of a constellation.
//
// For a Walker shell, plus-grid links satellite (p, s) to (p, s+1) in its
// plane and to (p+1, s) in the next plane; the last plane links to plane 0
// with the seam offset when the planes span 360° of node (delta pattern) and
// not at all when they span 180° (star pattern: the seam planes
// counter-rotate). For a shell grouped from a catalog, planes may hold
// different numbers of satellites: each plane is a ring ordered by argument
// of latitude, and neighbouring planes are matched greedily by nearest
// argument of latitude at the catalog's reference time (each satellite takes
// at most one partner per side); the last plane links back to the first when
// the largest gap between plane nodes is less than twice the median gap.
// Shells are never linked to each other (CrossShell is rejected).
//
// ref holds the satellites' positions at the reference instant; it is used
// only for cross-shell links and may be nil without them.
func PlanISL(c *constellation.Constellation, cfg ISLConfig, argLat func(sat int) float64, ref *Positions) (ISLPlan, error) {
	var plan ISLPlan
	switch cfg.Pattern {
	case NoISL:
		return plan, nil
	case PlusGrid:
	case ListedISL:
		return listedPlan(cfg.Listed, len(c.Sats))
	default:
		return plan, fmt.Errorf("unknown ISL pattern %q (known: plus-grid, none, file)", cfg.Pattern)
	}
	if cfg.CrossShell && ref == nil {
		return plan, fmt.Errorf("cross-shell links need the satellites' reference positions")
	}
	seen := map[[2]int32]bool{}
	add := func(a, b int) {
		if a == b {
			return
		}
		if a > b {
			a, b = b, a
		}
		k := [2]int32{int32(a), int32(b)}
		if !seen[k] {
			seen[k] = true
			plan.A = append(plan.A, k[0])
			plan.B = append(plan.B, k[1])
		}
	}
	for si := range c.Shells {
		sh := &c.Shells[si]
		planes := sh.Planes
		// in-plane rings
		for _, pl := range planes {
			if len(pl) < 2 {
				continue
			}
			for k := range pl {
				if len(pl) == 2 && k == 1 {
					break
				}
				add(pl[k], pl[(k+1)%len(pl)])
			}
		}
		if len(planes) < 2 {
			continue
		}
		if w := sh.Walker; w != nil {
			seam := w.Phasing
			if cfg.SeamOffset != nil {
				seam = *cfg.SeamOffset
			}
			wrap := w.RAANSpread == 0 || w.RAANSpread == 360
			for p := range planes {
				next := p + 1
				off := 0
				if next == len(planes) {
					if !wrap || len(planes) < 3 {
						break
					}
					next, off = 0, seam
				}
				S := len(planes[p])
				for s := 0; s < S; s++ {
					add(planes[p][s], planes[next][((s+off)%S+S)%S])
				}
			}
			continue
		}
		wrap := catalogPlanesWrap(c, sh)
		for p := range planes {
			next := p + 1
			if next == len(planes) {
				if !wrap || len(planes) < 3 {
					break
				}
				next = 0
			}
			for _, pr := range matchPlanes(planes[p], planes[next], argLat) {
				add(pr[0], pr[1])
			}
		}
	}
	if cfg.CrossShell {
		for _, pr := range crossShellPairs(c, cfg, ref) {
			add(pr[0], pr[1])
		}
	}
	return sortedPlan(plan), nil
}

// listedPlan checks listed links against the number of satellites and
// returns them as a plan.
func listedPlan(links [][2]int32, nSats int) (ISLPlan, error) {
	var plan ISLPlan
	seen := map[[2]int32]bool{}
	for k, l := range links {
		a, b := min(l[0], l[1]), max(l[0], l[1])
		if a < 0 || int(b) >= nSats {
			return plan, fmt.Errorf("listed link %d (%d–%d): satellite index out of range [0, %d)", k+1, l[0], l[1], nSats)
		}
		if a == b {
			return plan, fmt.Errorf("listed link %d links satellite %d to itself", k+1, a)
		}
		if !seen[[2]int32{a, b}] {
			seen[[2]int32{a, b}] = true
			plan.A = append(plan.A, a)
			plan.B = append(plan.B, b)
		}
	}
	return sortedPlan(plan), nil
}

// sortedPlan returns the plan's links sorted by (A, B), for determinism.
func sortedPlan(plan ISLPlan) ISLPlan {
	idx := make([]int, len(plan.A))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool {
		if plan.A[idx[i]] != plan.A[idx[j]] {
			return plan.A[idx[i]] < plan.A[idx[j]]
		}
		return plan.B[idx[i]] < plan.B[idx[j]]
	})
	out := ISLPlan{A: make([]int32, len(idx)), B: make([]int32, len(idx))}
	for i, k := range idx {
		out.A[i], out.B[i] = plan.A[k], plan.B[k]
	}
	return out
}

// crossShellPairs pairs each shell with the next one up in altitude: every
// satellite with its nearest valid partner within range, greedily from the
// shortest distance on, each satellite at most once per side.
func crossShellPairs(c *constellation.Constellation, cfg ISLConfig, ref *Positions) [][2]int {
	order := make([]int, len(c.Shells))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return c.Shells[order[a]].Altitude < c.Shells[order[b]].Altitude })
	members := func(si int) []int {
		var out []int
		for _, pl := range c.Shells[si].Planes {
			out = append(out, pl...)
		}
		return out
	}
	maxR := cfg.MaxRange.Km()
	if maxR <= 0 {
		maxR = math.Inf(1)
	}
	var out [][2]int
	for k := 0; k+1 < len(order); k++ {
		lo, hi := members(order[k]), members(order[k+1])
		type cand struct {
			d    float64
			a, b int
		}
		var cands []cand
		for _, a := range lo {
			if !ref.Valid[a] {
				continue
			}
			best, bi := math.Inf(1), -1
			for _, b := range hi {
				if !ref.Valid[b] {
					continue
				}
				dx, dy, dz := ref.X[a]-ref.X[b], ref.Y[a]-ref.Y[b], ref.Z[a]-ref.Z[b]
				if d := math.Sqrt(dx*dx + dy*dy + dz*dz); d < best {
					best, bi = d, b
				}
			}
			if bi >= 0 && best <= maxR && LineOfSight(ref.At(a), ref.At(bi), cfg.MinAltitude) {
				cands = append(cands, cand{best, a, bi})
			}
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].d != cands[j].d {
				return cands[i].d < cands[j].d
			}
			return cands[i].a < cands[j].a
		})
		used := map[int]bool{}
		for _, cd := range cands {
			if used[cd.b] {
				continue
			}
			used[cd.b] = true
			out = append(out, [2]int{cd.a, cd.b})
		}
	}
	return out
}

func catalogPlanesWrap(c *constellation.Constellation, sh *constellation.Shell) bool {
	n := len(sh.Planes)
	if n < 3 {
		return false
	}
	raan := make([]float64, n)
	for p, pl := range sh.Planes {
		raan[p] = c.Sats[pl[0]].Elements.RAAN.Deg()
	}
	gaps := make([]float64, n)
	for p := range raan {
		gaps[p] = math.Mod(raan[(p+1)%n]-raan[p]+720, 360)
	}
	sorted := append([]float64(nil), gaps...)
	sort.Float64s(sorted)
	return sorted[n-1] < 2*sorted[n/2]
}

// matchPlanes pairs satellites of two neighbouring planes by nearest argument
// of latitude, after removing the median offset between the planes (their
// relative phasing), greedily from the closest pair on.
func matchPlanes(a, b []int, argLat func(int) float64) [][2]int {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	diff := func(x, y float64) float64 {
		d := math.Mod(x-y+540, 360) - 180
		return d
	}
	// median phase offset: for each sat in a, the signed offset to its nearest in b
	var offs []float64
	for _, i := range a {
		best := 1e9
		for _, j := range b {
			if d := diff(argLat(j), argLat(i)); math.Abs(d) < math.Abs(best) {
				best = d
			}
		}
		offs = append(offs, best)
	}
	sort.Float64s(offs)
	med := offs[len(offs)/2]
	type cand struct {
		d    float64
		i, j int
	}
	var cands []cand
	for _, i := range a {
		for _, j := range b {
			cands = append(cands, cand{math.Abs(diff(argLat(j)-med, argLat(i))), i, j})
		}
	}
	sort.Slice(cands, func(x, y int) bool {
		if cands[x].d != cands[y].d {
			return cands[x].d < cands[y].d
		}
		if cands[x].i != cands[y].i {
			return cands[x].i < cands[y].i
		}
		return cands[x].j < cands[y].j
	})
	usedA, usedB := map[int]bool{}, map[int]bool{}
	// a partner further than one slot spacing is not a neighbour
	limit := 360.0 / float64(max(len(a), len(b)))
	var out [][2]int
	for _, c := range cands {
		if c.d > limit {
			break
		}
		if usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		out = append(out, [2]int{c.i, c.j})
	}
	return out
}

// Link is an active link between two nodes with its one-way delay.
type Link struct {
	A, B  int32
	Delay units.Delay // light in vacuum over the link's length
}

// ActiveISLs appends to out the planned links that are up given the
// positions: both satellites valid, length within MaxRange, and the line
// of sight clear of the Earth and MinAltitude of atmosphere. It returns the
// extended slice; with enough capacity it allocates nothing.
//
// down, when not nil, marks planned links that have failed (by plan index).
func ActiveISLs(plan *ISLPlan, pos *Positions, cfg ISLConfig, down []bool, out []Link) []Link {
	maxR := cfg.MaxRange.Km()
	maxR2 := maxR * maxR
	sight := newSightSphere(cfg.MinAltitude)
	for k := range plan.A {
		a, b := plan.A[k], plan.B[k]
		if !pos.Valid[a] || !pos.Valid[b] || (down != nil && down[k]) {
			continue
		}
		dx, dy, dz := pos.X[b]-pos.X[a], pos.Y[b]-pos.Y[a], pos.Z[b]-pos.Z[a]
		d2 := dx*dx + dy*dy + dz*dz
		if maxR > 0 && d2 > maxR2 {
			continue
		}
		if !sight.clear(pos.X[a], pos.Y[a], pos.Z[a], pos.X[b], pos.Y[b], pos.Z[b]) {
			continue
		}
		out = append(out, Link{A: a, B: b, Delay: units.LightDelay(units.Km(math.Sqrt(d2)), 1)})
	}
	return out
}

// LineOfSight reports whether the segment between two ECEF points stays at
// least minAlt above the WGS-84 ellipsoid. The test is exact for the
// ellipsoid inflated by minAlt along both axes (a + h, b + h), which
// differs from a true constant-height surface by well under a metre for
// heights below 1,000 km: the coordinates are scaled so that this inflated
// ellipsoid becomes a sphere, where the closest approach of a segment is
// found in closed form.
func LineOfSight(p, q frame.ECEF, minAlt units.Length) bool {
	sight := newSightSphere(minAlt)
	return sight.clear(p[0], p[1], p[2], q[0], q[1], q[2])
}

// sightSphere is LineOfSight's sphere for one minimum altitude: ra the
// inflated equatorial radius, s the scale of z that makes the inflated
// ellipsoid this sphere, and the bounds of the pre-test (clear).
type sightSphere struct {
	ra, s  float64
	lo, hi float64 // ra²·(1 + 1e-6) and ra²·1e6
}

func newSightSphere(minAlt units.Length) sightSphere {
	ra := frame.WGS84A + minAlt.Km()
	rb := frame.WGS84B + minAlt.Km()
	return sightSphere{ra: ra, s: ra / rb, lo: ra * ra * (1 + 1e-6), hi: ra * ra * 1e6}
}

// clear is LineOfSight for the points (px, py, pz) and (qx, qy, qz).
//
// A pre-test settles most segments without the closest-approach formula.
// With p, q the scaled points, c(t) = p + t(q − p) and t in [0, 1],
//
//	|c(t)|² = (1 − t)|p|² + t|q|² − t(1 − t)|q − p|² ≥ min(|p|², |q|²) − |q − p|²/4,
//
// so when that bound exceeds ra² by the relative margin 1e-6 every point
// of the segment is outside the sphere by that margin. The exact test
// below evaluates |c|² at some t in [0, 1] with rounding errors: the
// computed c is off the segment by at most about 10 units in the last
// place of R = max(|p|, |q|), and the sum of squares adds a relative
// 3·2⁻⁵³. The pre-test's other condition, R² ≤ ra²·1e6, makes the first
// under 1.2e-12·ra, so the computed |c| is at least ra·(1 + 5e-7 − 1.2e-12)
// and its square, rounded, is above the rounded ra². The pre-test's own
// rounding (cancellation in near − d2/4, with d2 ≤ 4R²) is under 1e-8 of
// ra², far inside the margin. So whenever the pre-test says clear the exact
// test says clear as well. NaN and infinite coordinates fail the
// pre-test's comparisons and take the exact test. TestLineOfSightPretest
// checks the two against the formula alone.
func (m sightSphere) clear(px, py, pz, qx, qy, qz float64) bool {
	pz *= m.s
	qz *= m.s
	dx, dy, dz := qx-px, qy-py, qz-pz
	d2 := dx*dx + dy*dy + dz*dz
	if m.surely(px, py, pz, qx, qy, qz, d2) {
		return true
	}
	return m.closest(px, py, pz, dx, dy, dz, d2)
}

// surely is clear's pre-test on scaled coordinates (d2 = |q − p|²).
func (m sightSphere) surely(px, py, pz, qx, qy, qz, d2 float64) bool {
	p2 := px*px + py*py + pz*pz
	q2 := qx*qx + qy*qy + qz*qz
	near, far := p2, q2
	if q2 < p2 {
		near, far = q2, p2
	}
	return near-0.25*d2 >= m.lo && far <= m.hi
}

// closest is the exact test on scaled coordinates: the point of the segment
// from p along d (d2 = |d|²) nearest the centre is at least ra from it.
func (m sightSphere) closest(px, py, pz, dx, dy, dz, d2 float64) bool {
	t := 0.0
	if d2 > 0 {
		t = -(px*dx + py*dy + pz*dz) / d2
		t = math.Max(0, math.Min(1, t))
	}
	cx, cy, cz := px+t*dx, py+t*dy, pz+t*dz
	return cx*cx+cy*cy+cz*cz >= m.ra*m.ra
}
