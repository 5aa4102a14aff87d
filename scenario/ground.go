package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"orbitnet/ground"
	"orbitnet/internal/limits"
	"orbitnet/internal/namematch"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/region"
	"orbitnet/sim"
)

func resolveGround(f *File, src *source, cfg *sim.Config) error {
	groups := []struct {
		key  string
		ns   *NodeSource
		kind ground.Kind
	}{
		{"ground.stations", f.Ground.Stations, ground.Station},
		{"ground.terminals", f.Ground.Terminals, ground.Terminal},
		{"ground.gateways", f.Ground.Gateways, ground.Gateway},
		{"ground.pops", f.Ground.PoPs, ground.PoP},
	}
	seen := map[string]string{}
	for _, g := range groups {
		if g.ns == nil {
			continue
		}
		var nodes []ground.Node
		if !onlyTracks(g.ns) {
			var err error
			if nodes, err = loadNodes(g.ns, g.key, g.kind, src); err != nil {
				return err
			}
		}
		tnodes, tracks, err := loadTracks(g.ns.Tracks, g.key, g.kind, src, cfg.Start)
		if err != nil {
			return err
		}
		if len(tracks) > 0 && g.kind != ground.Terminal && g.kind != ground.Station {
			return src.errorf(g.key+".tracks", "only terminals and stations can move")
		}
		fixed := len(nodes)
		nodes = append(nodes, tnodes...)
		for j, nd := range nodes {
			if j >= fixed {
				addMoving(cfg, len(cfg.Ground), tracks[j-fixed:j-fixed+1])
			}
			if prev, dup := seen[strings.ToLower(nd.Name)]; dup {
				if prev == g.key {
					return src.errorf(g.key, "node name %q is used twice; names identify nodes in pairs and outputs", nd.Name)
				}
				// Same name in another group (the city London and the PoP
				// London): the later one is told apart by its kind.
				nd.Name = fmt.Sprintf("%s (%s)", nd.Name, kindLabel(g.kind))
				if _, dup := seen[strings.ToLower(nd.Name)]; dup {
					return src.errorf(g.key, "node name %q is used twice", nd.Name)
				}
			}
			seen[strings.ToLower(nd.Name)] = g.key
			cfg.Ground = append(cfg.Ground, nd)
		}
	}
	if len(cfg.Ground) == 0 {
		return src.errorf("ground", "no ground nodes: give at least ground.stations or ground.terminals")
	}
	return nil
}

// onlyTracks reports whether a node source gives nothing but tracks.
func onlyTracks(ns *NodeSource) bool {
	return len(ns.Tracks) > 0 && ns.Preset == "" && ns.File == "" && len(ns.Cities) == 0 && len(ns.Nodes) == 0 && ns.Grid == nil
}

func kindLabel(k ground.Kind) string {
	if k == ground.PoP {
		return "PoP"
	}
	return k.String()
}

func loadNodes(ns *NodeSource, key string, kind ground.Kind, src *source) ([]ground.Node, error) {
	var nodes []ground.Node
	given := 0
	if ns.Preset != "" {
		given++
		p, err := ground.Preset(ns.Preset)
		if err != nil {
			return nil, src.errorf(key+".preset", "%v", err)
		}
		nodes = append(nodes, p...)
	}
	if ns.File != "" {
		given++
		if src.dir == "" && !isAbs(ns.File) {
			return nil, src.errorf(key+".file", "an embedded scenario cannot refer to a relative file %q", ns.File)
		}
		data, err := limits.ReadFile(src.path(ns.File), limits.Table)
		if err != nil {
			return nil, src.errorf(key+".file", "cannot read %s: %v", ns.File, unwrapPathError(err))
		}
		p, err := ground.ReadCSV(bytes.NewReader(data), src.path(ns.File), kind)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, p...)
	}
	for i, c := range ns.Cities {
		given++
		nd, err := ground.ParsePlace(c)
		if err != nil {
			return nil, src.errorf(fmt.Sprintf("%s.cities[%d]", key, i), "%v", err)
		}
		nodes = append(nodes, nd)
	}
	for i, in := range ns.Nodes {
		given++
		k := fmt.Sprintf("%s.nodes[%d]", key, i)
		if strings.TrimSpace(in.Name) == "" {
			return nil, src.errorf(k+".name", "empty name")
		}
		if !(in.LatDeg >= -90 && in.LatDeg <= 90) {
			return nil, src.errorf(k+".lat_deg", "%v: must be in [-90, 90]", in.LatDeg)
		}
		if !(in.LonDeg >= -180 && in.LonDeg <= 180) {
			return nil, src.errorf(k+".lon_deg", "%v: must be in [-180, 180]", in.LonDeg)
		}
		if !(in.AltM >= -500 && in.AltM <= 10000) {
			return nil, src.errorf(k+".alt_m", "%v: must be in [-500, 10000] m", in.AltM)
		}
		nodes = append(nodes, ground.Node{Name: in.Name, Pos: frame.Geodetic{Lat: units.Deg(in.LatDeg), Lon: units.Deg(in.LonDeg), Alt: units.Km(in.AltM / 1000)}})
	}
	if ns.Grid != nil {
		given++
		k := key + ".grid"
		if !(ns.Grid.SpacingKm >= 1 && ns.Grid.SpacingKm <= 5000) {
			return nil, src.errorf(k+".spacing_km", "%v: must be in [1, 5000] km", ns.Grid.SpacingKm)
		}
		reg, err := lookupRegion(ns.Grid.Region, src)
		if err != nil {
			return nil, src.errorf(k+".region", "%v", err)
		}
		prefix := ns.Grid.Prefix
		if prefix == "" {
			prefix = reg.Name
		}
		for i, cell := range reg.Grid(ns.Grid.SpacingKm) {
			nodes = append(nodes, ground.Node{Name: fmt.Sprintf("%s-%03d", prefix, i+1),
				Pos: frame.Geodetic{Lat: units.Deg(cell.Lat), Lon: units.Deg(cell.Lon)}})
		}
	}
	if given == 0 {
		return nil, src.errorf(key, "give preset, file, cities, nodes, grid or tracks")
	}
	if len(ns.Only) > 0 {
		var kept []ground.Node
		for i, name := range ns.Only {
			nd, err := ground.Find(nodes, name)
			if err != nil {
				return nil, src.errorf(fmt.Sprintf("%s.only[%d]", key, i), "%v", err)
			}
			kept = append(kept, nd)
		}
		nodes = kept
	}
	if ns.Region != "" {
		reg, err := lookupRegion(ns.Region, src)
		if err != nil {
			return nil, src.errorf(key+".region", "%v", err)
		}
		var kept []ground.Node
		for _, nd := range nodes {
			if reg.Contains(nd.Pos.Lat.Deg(), nd.Pos.Lon.Deg()) {
				kept = append(kept, nd)
			}
		}
		if len(kept) == 0 {
			return nil, src.errorf(key+".region", "no node lies inside %s", reg.Name)
		}
		nodes = kept
	}
	if ns.Antennas < 0 || ns.Antennas > 1000 {
		return nil, src.errorf(key+".antennas", "%d: must be in [1, 1000]", ns.Antennas)
	}
	for i := range nodes {
		nodes[i].Kind = kind
		if ns.Antennas > 0 {
			nodes[i].Antennas = ns.Antennas
		}
	}
	return nodes, nil
}

func isAbs(p string) bool { return strings.HasPrefix(p, "/") }

// lookupRegion finds a region by country name or ISO code, or loads a
// GeoJSON file (relative to the scenario).
func lookupRegion(name string, src *source) (*region.Region, error) {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(name), "bbox:"); ok {
		var v [4]float64
		parts := strings.Split(rest, ",")
		if len(parts) != 4 {
			return nil, fmt.Errorf("%q: want bbox:MIN_LON,MIN_LAT,MAX_LON,MAX_LAT", name)
		}
		for i, p := range parts {
			if _, err := fmt.Sscan(strings.TrimSpace(p), &v[i]); err != nil {
				return nil, fmt.Errorf("%q: %q is not a number", name, p)
			}
		}
		if !(v[0] >= -180 && v[2] <= 180 && v[0] < v[2] && v[1] >= -90 && v[3] <= 90 && v[1] < v[3]) {
			return nil, fmt.Errorf("%q: want -180 ≤ min_lon < max_lon ≤ 180 and -90 ≤ min_lat < max_lat ≤ 90", name)
		}
		gj := fmt.Sprintf(`{"type":"Feature","properties":{"name":%q},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
			name, v[0], v[1], v[2], v[1], v[2], v[3], v[0], v[3], v[0], v[1])
		return region.Read(strings.NewReader(gj), name)
	}
	if strings.HasSuffix(strings.ToLower(name), ".geojson") || strings.HasSuffix(strings.ToLower(name), ".json") {
		if src.dir == "" && !isAbs(name) {
			return nil, fmt.Errorf("an embedded scenario cannot refer to a relative file %q", name)
		}
		return region.Load(src.path(name))
	}
	return region.Lookup(name)
}

func resolvePairs(f *File, src *source, cfg *sim.Config) (names [][2]string, err error) {
	switch p := f.Pairs.(type) {
	case nil:
		return nil, nil
	case string:
		if p != "all" {
			return nil, src.errorf("pairs", "%q: pairs is a list of [from, to] names, or all", p)
		}
		var ends []int
		for i, g := range cfg.Ground {
			if g.Kind == ground.Station || g.Kind == ground.Terminal {
				ends = append(ends, i)
			}
		}
		for a := 0; a < len(ends); a++ {
			for b := a + 1; b < len(ends); b++ {
				cfg.Pairs = append(cfg.Pairs, [2]int{ends[a], ends[b]})
				names = append(names, [2]string{cfg.Ground[ends[a]].Name, cfg.Ground[ends[b]].Name})
			}
		}
		return names, nil
	case map[string]any:
		to, ok := p["each_to"]
		if !ok || len(p) != 1 {
			return nil, src.errorf("pairs", "pairs is a list of [from, to] names, all, or {each_to: NAME}")
		}
		name := strings.TrimSpace(fmt.Sprint(to))
		k, err := PlaceIndex(cfg, name)
		if err != nil {
			return nil, src.errorf("pairs.each_to", "%v", err)
		}
		AdoptName(cfg, k, name)
		for i, g := range cfg.Ground {
			if i != k && (g.Kind == ground.Station || g.Kind == ground.Terminal) {
				cfg.Pairs = append(cfg.Pairs, [2]int{i, k})
			}
		}
		if len(cfg.Pairs) == 0 {
			return nil, src.errorf("pairs.each_to", "no stations or terminals to pair with %s", name)
		}
		return nodePairNames(cfg), nil
	case []any:
		// A pair is two places, in either order; each end is the one ground
		// node at that place, named as first typed (AdoptName), so that
		// every output names the pair alike.
		seen := map[[2]int]int{}
		named := map[int]bool{}
		for i, item := range p {
			key := fmt.Sprintf("pairs[%d]", i)
			pair, ok := item.([]any)
			if !ok || len(pair) != 2 {
				return nil, src.errorf(key, "each pair is a list of two ground-node names, like [Kyiv, Frankfurt]")
			}
			var idx [2]int
			for j, v := range pair {
				name := strings.TrimSpace(fmt.Sprint(v))
				k, err := PlaceIndex(cfg, name)
				if err != nil {
					return nil, src.errorf(fmt.Sprintf("%s[%d]", key, j), "%v", err)
				}
				if !named[k] {
					named[k] = AdoptName(cfg, k, name) || strings.EqualFold(cfg.Ground[k].Name, name)
				}
				idx[j] = k
			}
			if idx[0] == idx[1] {
				return nil, src.errorf(key, "both ends are %s", cfg.Ground[idx[0]].Name)
			}
			u := idx
			if u[0] > u[1] {
				u[0], u[1] = u[1], u[0]
			}
			if prev, dup := seen[u]; dup {
				return nil, src.errorf(key, "pair %s–%s is pairs[%d] again (a pair is the same in either order)",
					cfg.Ground[idx[0]].Name, cfg.Ground[idx[1]].Name, prev)
			}
			seen[u] = i
			cfg.Pairs = append(cfg.Pairs, idx)
		}
		return nodePairNames(cfg), nil
	default:
		return nil, src.errorf("pairs", "pairs is a list of [from, to] names, or all")
	}
}

// nodePairNames names each listed pair by its ground nodes' names: one
// name per node in every output.
func nodePairNames(cfg *sim.Config) [][2]string {
	names := make([][2]string, len(cfg.Pairs))
	for k, p := range cfg.Pairs {
		names[k] = [2]string{cfg.Ground[p[0]].Name, cfg.Ground[p[1]].Name}
	}
	return names
}

// unknownPlace explains a pair end that is neither a ground node (nodeErr)
// nor a place that could be added (placeErr), with the close names either
// lookup suggests.
func unknownPlace(name string, nodeErr, placeErr error) string {
	var sugg []string
	for _, err := range []error{nodeErr, placeErr} {
		var ue *namematch.UnknownError
		if errors.As(err, &ue) {
			for _, x := range ue.Suggestions {
				if !slices.Contains(sugg, x) {
					sugg = append(sugg, x)
				}
			}
		}
	}
	msg := fmt.Sprintf("unknown place %q: not a ground node of the scenario, a city of the embedded top-1000 list or lat,lon", name)
	if len(sugg) > 0 {
		msg += "; did you mean " + strings.Join(sugg, " or ") + "?"
	}
	return msg
}

// FindNode returns the index of the ground node a name refers to. Names
// are matched as ground.Find does; user endpoints (stations and terminals)
// are preferred, so that "Mumbai" means the city "Mumbai (Bombay)" rather
// than the PoP "Mumbai" when both exist. A name that matches no node but
// is a city of the embedded top-1000 list (with its aliases: "Lvov",
// "Kiev") finds the node at that city's position. "lat,lon" finds the node
// at exactly that position (see ground.Find), never a node by name.
func FindNode(nodes []ground.Node, name string) (int, error) {
	var ends, others []int
	for i, nd := range nodes {
		if nd.Kind == ground.Station || nd.Kind == ground.Terminal {
			ends = append(ends, i)
		} else {
			others = append(others, i)
		}
	}
	i, err := findIn(nodes, ends, name)
	if err == nil {
		return i, nil
	}
	all := append(ends, others...)
	i, err = findIn(nodes, all, name)
	if err == nil {
		return i, nil
	}
	if _, isCoord, _ := ground.ParseLatLon(name); !isCoord {
		// a name the city list knows for a node's place ("Lviv" for a
		// node still called "Lvov" in a user's file)
		if city, err3 := ground.LookupCity(name); err3 == nil {
			if i, ok := atPlace(nodes, all, city.Pos); ok {
				return i, nil
			}
		}
	}
	return 0, err
}

// findIn runs ground.Find over the nodes listed in idx and returns the
// found node's index into nodes.
func findIn(nodes []ground.Node, idx []int, name string) (int, error) {
	sub := make([]ground.Node, len(idx))
	for k, i := range idx {
		sub[k] = nodes[i]
	}
	nd, err := ground.Find(sub, name)
	if err != nil {
		return 0, err
	}
	for k, i := range idx {
		if sub[k].Name == nd.Name && sub[k].Pos == nd.Pos {
			return i, nil
		}
	}
	return 0, fmt.Errorf("node %q not found", name)
}

// atPlace returns the first of the nodes listed in idx that stands at pos.
func atPlace(nodes []ground.Node, idx []int, pos frame.Geodetic) (int, bool) {
	for _, i := range idx {
		if ground.SamePlace(nodes[i].Pos, pos) {
			return i, true
		}
	}
	return 0, false
}

// PlaceIndex resolves a place named as the end of a pair (in a scenario's
// pairs, or given to rtt, serve or emulate) to a ground node of cfg,
// adding it when needed, and returns its index. A place is one ground
// node whatever it is called: a city named by any of its names, or a
// lat,lon, is the node already at that position, so that a listed pair
// is the same pair as the all-pairs entry of the same two nodes.
//
// "lat,lon" (see ground.ParseLatLon) is a coordinate and never a name: it
// is the station or terminal at exactly that position, else (in bent-pipe
// and hybrid modes) any other node there, else a new station named by the
// coordinates. A malformed or out-of-range coordinate is an error.
//
// A name is, in order:
//   - a station or terminal of that name (FindNode's preference);
//   - in bent-pipe and hybrid modes, any other ground node of that name (a
//     gateway, or a PoP: traffic to "Frankfurt" goes to the PoP);
//   - a city of the embedded top-1000 list (with aliases): the station or
//     terminal at its position (in bent-pipe and hybrid modes, any node
//     there), or else a new station;
//   - in isl mode, a gateway of that name (in isl mode PoPs have no radio
//     and gateways relay nothing, so a place is a city first).
//
// The error names the place and the closest names either lookup knows.
func PlaceIndex(cfg *sim.Config, name string) (int, error) {
	isl := !cfg.Traits().GroundRelay // gateways and PoPs are not routed through
	var ends, others []int
	for i, nd := range cfg.Ground {
		switch {
		case nd.Kind == ground.Station || nd.Kind == ground.Terminal:
			ends = append(ends, i)
		case !isl || nd.Kind == ground.Gateway:
			others = append(others, i)
		}
	}
	atOrAdd := func(nd ground.Node) (int, error) {
		if i, ok := atPlace(cfg.Ground, ends, nd.Pos); ok {
			return i, nil
		}
		if !isl {
			if i, ok := atPlace(cfg.Ground, others, nd.Pos); ok {
				return i, nil
			}
		}
		nd.Kind = ground.Station
		for _, g := range cfg.Ground {
			if strings.EqualFold(g.Name, nd.Name) {
				// the PoP "London" in isl mode: the city is told apart
				nd.Name = fmt.Sprintf("%s (%s)", nd.Name, kindLabel(ground.Station))
				break
			}
		}
		for _, g := range cfg.Ground {
			if strings.EqualFold(g.Name, nd.Name) {
				return 0, fmt.Errorf("place %q: a ground node elsewhere is already called %s", name, nd.Name)
			}
		}
		cfg.Ground = append(cfg.Ground, nd)
		return len(cfg.Ground) - 1, nil
	}
	pos, isCoord, err := ground.ParseLatLon(name)
	if err != nil {
		return 0, err
	}
	if isCoord {
		return atOrAdd(ground.Node{Name: ground.CoordName(pos), Pos: pos})
	}
	find := func(idx []int) (int, error) {
		sub := make([]ground.Node, len(idx))
		for k, i := range idx {
			sub[k] = cfg.Ground[i]
		}
		k, err := FindNode(sub, name)
		if err != nil {
			return 0, err
		}
		return idx[k], nil
	}
	i, nodeErr := find(ends)
	if nodeErr == nil {
		return i, nil
	}
	if !isl {
		if i, err := find(others); err == nil {
			return i, nil
		}
	}
	nd, placeErr := ground.ParsePlace(name)
	if placeErr == nil {
		return atOrAdd(nd)
	}
	if isl {
		if i, err := find(others); err == nil {
			return i, nil
		}
	}
	if _, err := FindNode(cfg.Ground, name); err == nil && isl {
		return 0, fmt.Errorf("%q is a PoP, which has no ground links in isl mode; name a city or lat,lon, or route in hybrid or bent-pipe mode", name)
	}
	var ue *namematch.UnknownError
	if !errors.As(placeErr, &ue) {
		return 0, placeErr // a malformed lat,lon: say what is wrong with it
	}
	return 0, errors.New(unknownPlace(name, nodeErr, placeErr))
}

// AdoptName gives ground node i the name a person typed for it, when that
// name is another name of the same city (LookupCity finds it at the node's
// position: "New York" for "New York Newark", "Mumbai" for "Mumbai
// (Bombay)") and no other node is called so, so that outputs say the place
// as the scenario or command line does. It reports whether it renamed the
// node. Coordinates, former names ("Kiev", "Lvov", "Bombay": see
// ground.IsSupersededName), names that differ only in case, and names of
// other places (a gateway "Frankfurt, DE" reached as "Frankfurt") leave the
// node's name alone. Callers adopt one name per node: the first one typed
// that is adopted or is the node's name already.
func AdoptName(cfg *sim.Config, i int, typed string) bool {
	typed = strings.TrimSpace(typed)
	g := &cfg.Ground[i]
	if typed == "" || strings.EqualFold(g.Name, typed) {
		return false
	}
	if _, isCoord, _ := ground.ParseLatLon(typed); isCoord || ground.IsSupersededName(typed) {
		return false
	}
	city, err := ground.LookupCity(typed)
	if err != nil || !ground.SamePlace(city.Pos, g.Pos) {
		return false
	}
	for j := range cfg.Ground {
		if j != i && strings.EqualFold(cfg.Ground[j].Name, typed) {
			return false
		}
	}
	g.Name = typed
	return true
}
