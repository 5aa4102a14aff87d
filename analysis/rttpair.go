package analysis

import (
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/units"
	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/starlink"
)

// RTTPair is the configuration of `orbitnet rtt`: the scenario narrowed to
// one pair between two places.
type RTTPair struct {
	Config sim.Config
	Idx    [2]int    // the places' ground nodes
	Names  [2]string // their nodes' names (after AdoptName)
}

// NewRTTPair narrows sc to the one pair from → to: names of the scenario's
// ground nodes, cities or "lat,lon" (scenario.PlaceIndex); places not in
// the scenario are added to it as stations, and a node reached by a name
// the user typed may adopt it (scenario.AdoptName).
func NewRTTPair(sc *scenario.Scenario, from, to string) (*RTTPair, error) {
	p := &RTTPair{Config: sc.Config}
	cfg := &p.Config
	cfg.Ground = append([]ground.Node(nil), cfg.Ground...)
	for i, name := range [2]string{from, to} {
		var err error
		if p.Idx[i], err = scenario.PlaceIndex(cfg, name); err != nil {
			return nil, inputErr(err)
		}
		scenario.AdoptName(cfg, p.Idx[i], name)
	}
	if p.Idx[0] == p.Idx[1] {
		return nil, inputf("FROM and TO are the same place (%s)", cfg.Ground[p.Idx[0]].Name)
	}
	cfg.Pairs = [][2]int{p.Idx}
	cfg.AllPairs = false
	p.Names = [2]string{cfg.Ground[p.Idx[0]].Name, cfg.Ground[p.Idx[1]].Name}
	return p, nil
}

// PathAt is one pair's path at one instant, as `orbitnet rtt --at` prints
// it.
type PathAt struct {
	Time  time.Time
	Value sim.PairValue
	// Hops: each hop's kind, length and delay as the engine routed on it.
	Hops []sim.Hop
	// Geodesic and GeodesicRTT: the geodesic between the two places and
	// its RTT at c.
	Geodesic    units.Length
	GeodesicRTT units.Delay
	// Parts splits the RTT (starlink mode; nil otherwise).
	Parts *starlink.Parts
}

// RTTPathAt routes pair idx of net at offset off from the start.
func RTTPathAt(net *sim.Network, idx [2]int, off time.Duration) *PathAt {
	ws := net.NewWorkspace()
	ws.Build(off)
	pv, path := ws.Route(idx[0], idx[1], nil)
	g := net.Cfg.Ground
	p := &PathAt{Time: ws.Time, Value: pv}
	p.GeodesicRTT, p.Geodesic = ground.GeodesicRTT(g[idx[0]], g[idx[1]])
	if !pv.Reachable() {
		return p
	}
	p.Hops = ws.Hops(path, nil)
	if parts, ok := ws.PairParts(0); ok {
		p.Parts = &parts
	}
	return p
}
