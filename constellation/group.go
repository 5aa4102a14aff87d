package constellation

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/tle"
	"orbitnet/orbit/units"
)

// GroupOptions tunes how a catalog is grouped into shells.
type GroupOptions struct {
	// InclinationTol: satellites within this of a shell's inclination
	// belong to it (default 0.3°).
	InclinationTol units.Angle
	// AltitudeTol: satellites within this of a shell's altitude belong to
	// it (default 8 km).
	AltitudeTol units.Length
	// MinShell is the smallest group accepted as a shell (default 20).
	MinShell int
	// MinAltitude: satellites whose mean altitude is below this are not
	// placed (default 400 km: Starlink inserts satellites near 350 km and
	// raises them to 480–570 km; below 400 km they are either still raising or
	// already decaying, and carry no traffic).
	MinAltitude units.Length
	// PlaneGap: two satellites whose ascending nodes differ by more than
	// this start a new plane (default 1.5°).
	PlaneGap units.Angle
}

func (o *GroupOptions) defaults() {
	if o.InclinationTol == 0 {
		o.InclinationTol = 0.3
	}
	if o.AltitudeTol == 0 {
		o.AltitudeTol = 8
	}
	if o.MinShell == 0 {
		o.MinShell = 20
	}
	if o.MinAltitude == 0 {
		o.MinAltitude = 400
	}
	if o.PlaneGap == 0 {
		o.PlaneGap = 1.5
	}
}

// orbitState is a satellite's mean altitude and its node and argument of
// latitude at the reference time.
type orbitState struct {
	altKm, inclDeg, raanDeg, argLatDeg float64
	err                                error
}

// MeanAltitude returns the altitude of an element set's SGP4 mean
// semi-major axis above the WGS-72 equatorial radius (the un-Kozai'd mean
// motion, as SGP4 initialises it).
func MeanAltitude(e tle.Elements) units.Length {
	g := sgp4.WGS72
	nk := e.MeanMotion * 2 * math.Pi / 1440 // rad/min
	cosi := math.Cos(e.Inclination.Rad())
	e2 := e.Eccentricity * e.Eccentricity
	d1 := 0.75 * g.J2 * (3*cosi*cosi - 1) / (math.Sqrt(1-e2) * (1 - e2))
	ak := math.Pow(g.XKE/nk, 2.0/3)
	del := d1 / (ak * ak)
	adel := ak * (1 - del*del - del*(1.0/3+134*del*del/81))
	del = d1 / (adel * adel)
	n0 := nk / (1 + del)
	a := math.Pow(g.XKE/n0, 2.0/3)
	return units.Km((a - 1) * g.RadiusKm)
}

func stateAt(e tle.Elements, at timescale.JD) orbitState {
	s := orbitState{altKm: MeanAltitude(e).Km(), inclDeg: e.Inclination.Deg()}
	sat, err := sgp4.New(e)
	if err != nil {
		s.err = err
		return s
	}
	r, v, err := sat.PropagateJD(at)
	if err != nil {
		s.err = err
		return s
	}
	h := r.Cross(v)
	node := [2]float64{-h[1], h[0]} // z × h
	s.raanDeg = math.Mod(math.Atan2(node[1], node[0])*180/math.Pi+360, 360)
	nn := math.Hypot(node[0], node[1])
	if nn == 0 {
		s.raanDeg = 0
		node = [2]float64{1, 0}
		nn = 1
	}
	// argument of latitude: angle from the node to r in the orbit plane
	cosu := (node[0]*r[0] + node[1]*r[1]) / (nn * r.Norm())
	u := math.Acos(math.Max(-1, math.Min(1, cosu))) * 180 / math.Pi
	if r[2] < 0 {
		u = 360 - u
	}
	s.argLatDeg = u
	return s
}

// GroupReport says how a catalog was grouped.
type GroupReport struct {
	Total    int
	Shells   []ShellSummary
	Unplaced []UnplacedSat
}

// ShellSummary is one line of a GroupReport.
type ShellSummary struct {
	Name        string
	Altitude    units.Length // median mean altitude of the members
	Inclination units.Angle  // median inclination
	Planes      int
	Satellites  int
}

// UnplacedSat is a satellite that joined no shell, with the reason.
type UnplacedSat struct {
	Name   string
	Alt    units.Length
	Reason string
}

// String renders the report as a small table.
func (r GroupReport) String() string {
	var b strings.Builder
	placed := 0
	for _, s := range r.Shells {
		placed += s.Satellites
	}
	fmt.Fprintf(&b, "%d satellites: %d in %d shells, %d not placed\n", r.Total, placed, len(r.Shells), len(r.Unplaced))
	fmt.Fprintf(&b, "%-10s %9s %9s %7s %6s\n", "shell", "alt_km", "incl_deg", "planes", "sats")
	for _, s := range r.Shells {
		fmt.Fprintf(&b, "%-10s %9.1f %9.2f %7d %6d\n", s.Name, s.Altitude.Km(), s.Inclination.Deg(), s.Planes, s.Satellites)
	}
	reasons := map[string]int{}
	for _, u := range r.Unplaced {
		reasons[u.Reason]++
	}
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "not placed: %d %s\n", reasons[k], k)
	}
	return b.String()
}

// FromCatalog groups real element sets into shells and planes at the
// reference time at. Shells are found by inclination (satellites sorted by
// inclination, split where neighbours differ by more than the tolerance) and
// then, within an inclination group, by repeatedly taking the densest
// altitude window of ±AltitudeTol while it holds at least MinShell
// satellites. Satellites outside every window (orbit raising, deorbiting,
// spares) are reported as not placed. Within a shell, planes are found by
// sorting the ascending nodes at `at` around the circle and splitting at
// gaps larger than PlaneGap; a plane's satellites are ordered by argument
// of latitude. Complexity O(N log N).
func FromCatalog(name string, els []tle.Elements, at time.Time, opts GroupOptions) (*Constellation, GroupReport) {
	opts.defaults()
	inclTol, altTol, minAlt, planeGap := opts.InclinationTol.Deg(), opts.AltitudeTol.Km(), opts.MinAltitude.Km(), opts.PlaneGap.Deg()
	jd := timescale.FromTime(at)
	c := &Constellation{Name: name, Source: "catalog"}
	rep := GroupReport{Total: len(els)}
	states := make([]orbitState, len(els))
	for i, e := range els {
		nm := e.Name
		if nm == "" {
			nm = fmt.Sprintf("%05d", e.CatalogNumber)
		}
		c.Sats = append(c.Sats, Satellite{Name: nm, Elements: e, Shell: -1, Plane: -1, Slot: -1})
		states[i] = stateAt(e, jd)
	}
	var candidates []int
	for i, s := range states {
		if s.err != nil {
			rep.Unplaced = append(rep.Unplaced, UnplacedSat{c.Sats[i].Name, units.Km(s.altKm), "do not propagate to the reference time"})
			continue
		}
		if s.altKm < minAlt {
			rep.Unplaced = append(rep.Unplaced, UnplacedSat{c.Sats[i].Name, units.Km(s.altKm), fmt.Sprintf("below %.0f km (insertion, orbit raising or decay)", minAlt)})
			continue
		}
		candidates = append(candidates, i)
	}
	sort.SliceStable(candidates, func(a, b int) bool { return states[candidates[a]].inclDeg < states[candidates[b]].inclDeg })
	// Inclination groups.
	var groups [][]int
	for k, i := range candidates {
		if k == 0 || states[i].inclDeg-states[candidates[k-1]].inclDeg > inclTol {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], i)
	}
	type found struct {
		members []int
		alt     float64
		incl    float64
	}
	var shells []found
	for _, g := range groups {
		sort.SliceStable(g, func(a, b int) bool { return states[g[a]].altKm < states[g[b]].altKm })
		taken := make([]bool, len(g))
		for {
			// densest window of width 2·tol among untaken satellites
			best, bestLo, bestHi := 0, 0, 0
			hi := 0
			for lo := 0; lo < len(g); lo++ {
				if taken[lo] {
					continue
				}
				if hi < lo {
					hi = lo
				}
				for hi < len(g) && states[g[hi]].altKm-states[g[lo]].altKm <= 2*altTol {
					hi++
				}
				cnt := 0
				for k := lo; k < hi; k++ {
					if !taken[k] {
						cnt++
					}
				}
				if cnt > best {
					best, bestLo, bestHi = cnt, lo, hi
				}
			}
			if best < opts.MinShell {
				break
			}
			// centre the window on the median of the densest window
			var in []int
			for k := bestLo; k < bestHi; k++ {
				if !taken[k] {
					in = append(in, k)
				}
			}
			med := states[g[in[len(in)/2]]].altKm
			var members []int
			var incls []float64
			for k := range g {
				if !taken[k] && math.Abs(states[g[k]].altKm-med) <= altTol {
					taken[k] = true
					members = append(members, g[k])
					incls = append(incls, states[g[k]].inclDeg)
				}
			}
			sort.Float64s(incls)
			shells = append(shells, found{members, med, incls[len(incls)/2]})
		}
		for k, i := range g {
			if !taken[k] {
				rep.Unplaced = append(rep.Unplaced, UnplacedSat{c.Sats[i].Name, units.Km(states[i].altKm), "outside every shell's altitude window (orbit raising, deorbiting or too few at that altitude/inclination)"})
			}
		}
	}
	sort.SliceStable(shells, func(a, b int) bool {
		if math.Abs(shells[a].incl-shells[b].incl) > inclTol {
			return shells[a].incl < shells[b].incl
		}
		return shells[a].alt < shells[b].alt
	})
	for si, f := range shells {
		sh := Shell{
			Name:        fmt.Sprintf("%.0fkm-%.1fdeg", f.alt, f.incl),
			Altitude:    units.Km(math.Round(f.alt*10) / 10),
			Inclination: units.Deg(math.Round(f.incl*100) / 100),
		}
		m := append([]int(nil), f.members...)
		sort.SliceStable(m, func(a, b int) bool { return states[m[a]].raanDeg < states[m[b]].raanDeg })
		// rotate so that the largest gap comes last (planes do not straddle 0/360)
		bigGap, at := -1.0, 0
		for k := range m {
			next := states[m[(k+1)%len(m)]].raanDeg
			gap := math.Mod(next-states[m[k]].raanDeg+360, 360)
			if len(m) == 1 {
				gap = 360
			}
			if gap > bigGap {
				bigGap, at = gap, k
			}
		}
		m = append(m[at+1:], m[:at+1]...)
		var planes [][]int
		for k, i := range m {
			if k == 0 || math.Mod(states[i].raanDeg-states[m[k-1]].raanDeg+360, 360) > planeGap {
				planes = append(planes, nil)
			}
			planes[len(planes)-1] = append(planes[len(planes)-1], i)
		}
		for p, plane := range planes {
			sort.SliceStable(plane, func(a, b int) bool { return states[plane[a]].argLatDeg < states[plane[b]].argLatDeg })
			for slot, i := range plane {
				c.Sats[i].Shell, c.Sats[i].Plane, c.Sats[i].Slot = si, p, slot
			}
		}
		sh.Planes = planes
		c.Shells = append(c.Shells, sh)
		rep.Shells = append(rep.Shells, ShellSummary{sh.Name, sh.Altitude, sh.Inclination, len(planes), len(f.members)})
	}
	for i := range c.Sats {
		if c.Sats[i].Shell < 0 {
			c.Unplaced = append(c.Unplaced, i)
		}
	}
	return c, rep
}
