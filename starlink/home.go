package starlink

import (
	"fmt"
	"math"
	"strings"

	"orbitnet/ground"
	"orbitnet/region"
)

// Homing is one row of the PoP-homing table: terminals in Country are
// served through the PoP with code PoP (city City).
type Homing struct {
	Country string // as region.Lookup names it
	PoP     string // PoP code in Starlink's reverse DNS (customer.CODE.pop.starlinkisp.net)
	City    string
	Source  string
	// Box, when set, replaces the country outline (min lon, min lat, max
	// lon, max lat in degrees) for countries too small for the embedded
	// 1:110m outlines.
	Box *[4]float64
	// InCountry, when set (and PoP empty), homes terminals to the nearest
	// PoP whose country (ground.Node.Country) is InCountry.
	InCountry string
}

// Table is the embedded PoP-homing table. Countries with a PoP of their
// own home there (Starlink's GeoIP feed, geoip.starlinkisp.net/feed.csv,
// maps customer subnets of such countries to that PoP: clarkzjw/starlink-
// geoip's map of the feed, 2026, whose PoP list orbitnet embeds). The rows
// for countries without a PoP are what published measurements show:
//
//   - Kiribati → Auckland: Speidel, bufferbloat.net starlink list,
//     2023-04-20 ("Starlink in Kiribati"): every trace from Tarawa left
//     SpaceX's network in New Zealand (read in stored text).
//   - Ukraine, Lithuania, Latvia, Estonia → Warsaw; Belgium, Netherlands,
//     Switzerland, Austria, Czechia, Denmark → Frankfurt; Romania, Greece →
//     Sofia; Ireland → London; Portugal → Madrid: the neighbouring PoP that
//     the GeoIP feed lists for these countries' subnets (recalled from the
//     feed, not read in stored text; docs/realism.md says so).
//
// A terminal in no listed country homes to the nearest PoP by geodesic; a
// scenario can override any terminal's home.
var Table = []Homing{
	{"United States of America", "", "", "nearest PoP in the country", nil, "USA"},
	{"Canada", "", "", "nearest PoP in the country", nil, "Canada"},
	{"Australia", "", "", "nearest PoP in the country", nil, "Australia"},
	{"Poland", "wrswpol1", "Warsaw", "own PoP", nil, ""},
	{"Germany", "frntdeu1", "Frankfurt", "own PoP", nil, ""},
	{"Italy", "mlnnita1", "Milan", "own PoP", nil, ""},
	{"Bulgaria", "sfiabgr1", "Sofia", "own PoP", nil, ""},
	{"United Kingdom", "lndngbr1", "London", "own PoP", nil, ""},
	{"Spain", "mdrdesp1", "Madrid", "own PoP", nil, ""},
	{"New Zealand", "acklnzl1", "Auckland", "own PoP (two; Auckland for the North Island)", nil, ""},
	{"Kiribati (Gilbert Islands)", "acklnzl1", "Auckland", "Speidel 2023", &[4]float64{172, -3, 177.5, 4}, ""},
	{"Ukraine", "wrswpol1", "Warsaw", "GeoIP feed (recalled)", nil, ""},
	{"Lithuania", "wrswpol1", "Warsaw", "GeoIP feed (recalled)", nil, ""},
	{"Latvia", "wrswpol1", "Warsaw", "GeoIP feed (recalled)", nil, ""},
	{"Estonia", "wrswpol1", "Warsaw", "GeoIP feed (recalled)", nil, ""},
	{"Belgium", "frntdeu1", "Frankfurt", "GeoIP feed (recalled)", nil, ""},
	{"Netherlands", "frntdeu1", "Frankfurt", "GeoIP feed (recalled)", nil, ""},
	{"Switzerland", "frntdeu1", "Frankfurt", "GeoIP feed (recalled)", nil, ""},
	{"Austria", "frntdeu1", "Frankfurt", "GeoIP feed (recalled)", nil, ""},
	{"Czechia", "frntdeu1", "Frankfurt", "GeoIP feed (recalled)", nil, ""},
	{"Denmark", "frntdeu1", "Frankfurt", "GeoIP feed (recalled)", nil, ""},
	{"Romania", "sfiabgr1", "Sofia", "GeoIP feed (recalled)", nil, ""},
	{"Greece", "sfiabgr1", "Sofia", "GeoIP feed (recalled)", nil, ""},
	{"Ireland", "lndngbr1", "London", "GeoIP feed (recalled)", nil, ""},
	{"Portugal", "mdrdesp1", "Madrid", "GeoIP feed (recalled)", nil, ""},
}

// FindPoP returns the index in nodes of the PoP named by code or city name
// (case-insensitive; a city name may also match "City (code)"), or −1.
func FindPoP(nodes []ground.Node, name string) int {
	for i, n := range nodes {
		if n.Kind == ground.PoP && strings.EqualFold(n.ID, name) {
			return i
		}
	}
	for i, n := range nodes {
		if n.Kind != ground.PoP {
			continue
		}
		base, _, _ := strings.Cut(n.Name, " (")
		if strings.EqualFold(n.Name, name) || strings.EqualFold(base, name) {
			return i
		}
	}
	return -1
}

// Home returns the PoP (index into nodes) that a terminal at pos homes to:
// the table's PoP for the country pos lies in, when that PoP is among the
// nodes, else the nearest PoP by geodesic; −1 when there is no PoP.
func Home(nodes []ground.Node, pos ground.Node) int {
	// The 1:110m outlines cut coasts (Odesa lies outside Ukraine's): a
	// point in no listed country is tried again 0.25° (about 25 km) away
	// in four directions.
	lat, lon := pos.Pos.Lat, pos.Pos.Lon
	for pass := range 2 {
		for _, h := range Table {
			in := inCountry(h, lat.Deg(), lon.Deg())
			if pass == 1 {
				const d = 0.25
				in = inCountry(h, (lat+d).Deg(), lon.Deg()) || inCountry(h, (lat-d).Deg(), lon.Deg()) || inCountry(h, lat.Deg(), (lon+d).Deg()) || inCountry(h, lat.Deg(), (lon-d).Deg())
			}
			if !in {
				continue
			}
			if p := nearestPoP(nodes, pos, h.InCountry); h.InCountry != "" && p >= 0 {
				return p
			}
			if p := FindPoP(nodes, h.PoP); p >= 0 {
				return p
			}
			if p := FindPoP(nodes, h.City); p >= 0 {
				return p
			}
			return nearestPoP(nodes, pos, "")
		}
	}
	return nearestPoP(nodes, pos, "")
}

// nearestPoP returns the PoP nearest to pos by geodesic, among those of
// country (any country when ""), or −1.
func nearestPoP(nodes []ground.Node, pos ground.Node, country string) int {
	best, bi := math.Inf(1), -1
	for i, n := range nodes {
		if n.Kind != ground.PoP || (country != "" && !strings.EqualFold(n.Country, country)) {
			continue
		}
		if d := ground.Geodesic(pos.Pos, n.Pos); d.Km() < best {
			best, bi = d.Km(), i
		}
	}
	return bi
}

func inCountry(h Homing, lat, lon float64) bool {
	if b := h.Box; b != nil {
		return lon >= b[0] && lat >= b[1] && lon <= b[2] && lat <= b[3]
	}
	r, err := region.Lookup(h.Country)
	return err == nil && r.Contains(lat, lon)
}

// Homes resolves every user endpoint's home PoP: overrides (ground-node
// name → PoP name) first, then Home. It returns one entry per node (−1 for
// nodes that are not stations or terminals) or an error naming an unknown
// node or PoP.
func Homes(nodes []ground.Node, overrides map[string]string) ([]int, error) {
	homes := make([]int, len(nodes))
	for i, n := range nodes {
		homes[i] = -1
		if n.Kind == ground.Station || n.Kind == ground.Terminal {
			homes[i] = Home(nodes, n)
		}
	}
	for name, pop := range overrides {
		idx := -1
		for i, n := range nodes {
			if (n.Kind == ground.Station || n.Kind == ground.Terminal) && strings.EqualFold(n.Name, name) {
				idx = i
				break
			}
		}
		if idx < 0 {
			return nil, &ParamError{Key: "homes." + name, Msg: "no terminal or station of that name"}
		}
		p := FindPoP(nodes, pop)
		if p < 0 {
			return nil, &ParamError{Key: "homes." + name, Msg: fmt.Sprintf("unknown PoP %q (not among the scenario's PoPs)", pop)}
		}
		homes[idx] = p
	}
	return homes, nil
}
