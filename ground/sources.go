package ground

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// This file decodes the embedded StarPerf XML and clarkzjw JSON files. The
// formats are described in the PROVENANCE.md next to each file.

// starperfItem is one <GSn> or <POPn> element; the element name carries the
// index, so items are collected with ",any".
type starperfItem struct {
	XMLName     xml.Name
	Latitude    string `xml:"Latitude"`
	Longitude   string `xml:"Longitude"`
	Description string `xml:"Description"`
	Name        string `xml:"Name"`
	Frequency   string `xml:"Frequency"`
	Antennas    string `xml:"Antenna_Count"`
}

func readStarPerf(path string) ([]starperfItem, error) {
	b, err := data.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Items []starperfItem `xml:",any"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc.Items, nil
}

// geodetic parses a latitude and longitude given as decimal strings.
func geodetic(lat, lon string) (frame.Geodetic, error) {
	la, err := parseCoord(strings.TrimSpace(lat), 90)
	if err != nil {
		return frame.Geodetic{}, fmt.Errorf("latitude: %w", err)
	}
	lo, err := parseCoord(strings.TrimSpace(lon), 180)
	if err != nil {
		return frame.Geodetic{}, fmt.Errorf("longitude: %w", err)
	}
	if lo == -180 {
		lo = 180
	}
	return frame.Geodetic{Lat: units.Deg(la), Lon: units.Deg(lo)}, nil
}

func loadStarPerfGateways() ([]Node, error) {
	items, err := readStarPerf(starperfGateway)
	if err != nil {
		return nil, err
	}
	uses := map[string]int{}
	for _, it := range items {
		uses[strings.TrimSpace(it.Description)]++
	}
	nodes := make([]Node, 0, len(items))
	for _, it := range items {
		id := it.XMLName.Local
		pos, err := geodetic(it.Latitude, it.Longitude)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", starperfGateway, id, err)
		}
		ant, err := parseCount(strings.TrimSpace(it.Antennas))
		if err != nil {
			return nil, fmt.Errorf("%s: %s: Antenna_Count: %w", starperfGateway, id, err)
		}
		name, band := strings.TrimSpace(it.Description), strings.TrimSpace(it.Frequency)
		if uses[name] > 1 {
			name += " (" + band + ")"
		}
		nodes = append(nodes, Node{Name: name, Kind: Gateway, Pos: pos, ID: id, Antennas: ant, Band: band})
	}
	return nodes, checkUnique(starperfGateway, nodes)
}

// starperfPoPCities names StarPerf's PoPs, keyed by the metro code before
// " - " in their <Name> ("FRA - FRNTDEU1"). The codes are IATA airport or
// metropolitan-area codes; the names are orbitnet's.
var starperfPoPCities = map[string]struct{ city, country string }{
	"SEA":     {"Seattle", "USA"},
	"ORD/CHI": {"Chicago", "USA"},
	"DEN":     {"Denver", "USA"},
	"LAX":     {"Los Angeles", "USA"},
	"LGA/NYC": {"New York", "USA"},
	"ATL":     {"Atlanta", "USA"},
	"DFW/DAL": {"Dallas", "USA"},
	"QRO/MEX": {"Querétaro", "Mexico"},
	"SYD":     {"Sydney", "Australia"},
	"GRU":     {"São Paulo", "Brazil"},
	"SCL":     {"Santiago", "Chile"},
	"FRA":     {"Frankfurt", "Germany"},
	"TYO/NRT": {"Tokyo", "Japan"},
	"LOS":     {"Lagos", "Nigeria"},
	"MAD":     {"Madrid", "Spain"},
	"LON/LHR": {"London", "UK"},
	"BOG":     {"Bogotá", "Colombia"},
	"AKL":     {"Auckland", "New Zealand"},
	"LIM":     {"Lima", "Peru"},
	"PER":     {"Perth", "Australia"},
	"MNL":     {"Manila", "Philippines"},
	"CGK":     {"Jakarta", "Indonesia"},
	"SIN":     {"Singapore", "Singapore"},
}

func loadStarPerfPoPs() ([]Node, error) {
	items, err := readStarPerf(starperfPoPs)
	if err != nil {
		return nil, err
	}
	nodes := make([]Node, 0, len(items))
	for _, it := range items {
		label := strings.TrimSpace(it.Name)
		pos, err := geodetic(it.Latitude, it.Longitude)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", starperfPoPs, it.XMLName.Local, err)
		}
		metro, _, _ := strings.Cut(label, " - ")
		c, ok := starperfPoPCities[metro]
		if !ok {
			return nil, fmt.Errorf("%s: %s: no city known for PoP %q", starperfPoPs, it.XMLName.Local, label)
		}
		nodes = append(nodes, Node{Name: c.city, Kind: PoP, Pos: pos, ID: label, Country: c.country})
	}
	return nodes, checkUnique(starperfPoPs, nodes)
}

// clarkzjwPoP is one entry of clarkzjw/starlink-geoip's pop.json.
type clarkzjwPoP struct {
	Code    string  `json:"code"`
	City    string  `json:"city"`
	Country string  `json:"country"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	Show    bool    `json:"show"`
}

func loadClarkzjwPoPs() ([]Node, error) {
	b, err := data.ReadFile(clarkzjwPoPs)
	if err != nil {
		return nil, err
	}
	var all []clarkzjwPoP
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, fmt.Errorf("%s: %w", clarkzjwPoPs, err)
	}
	// The PROVENANCE.md filter: hidden entries and those without a
	// location (lat = lon = 0: ships and internal gateways) are left out.
	var pops []clarkzjwPoP
	perCity := map[string]int{}
	for _, p := range all {
		if p.Show && (p.Lat != 0 || p.Lon != 0) {
			pops = append(pops, p)
			perCity[p.City]++
		}
	}
	nodes := make([]Node, 0, len(pops))
	for i, p := range pops {
		pos := frame.Geodetic{Lat: units.Deg(p.Lat), Lon: units.Deg(p.Lon)}
		if !checkGeodetic(pos) {
			return nil, fmt.Errorf("%s: entry %q: position %g, %g out of range", clarkzjwPoPs, p.Code, p.Lat, p.Lon)
		}
		if pos.Lon == -180 {
			pos.Lon = 180
		}
		name := strings.TrimSpace(p.City)
		if perCity[p.City] > 1 {
			code := p.Code
			if code == "" {
				code = "no code"
			}
			name += " (" + code + ")"
		}
		if name == "" {
			return nil, fmt.Errorf("%s: entry %d has no city", clarkzjwPoPs, i)
		}
		nodes = append(nodes, Node{Name: name, Kind: PoP, Pos: pos, ID: p.Code, Country: p.Country})
	}
	return nodes, checkUnique(clarkzjwPoPs, nodes)
}

// checkUnique reports a name used twice in an embedded list.
func checkUnique(path string, nodes []Node) error {
	seen := map[string]bool{}
	for _, n := range nodes {
		if seen[n.Name] {
			return fmt.Errorf("%s: duplicate name %q", path, n.Name)
		}
		seen[n.Name] = true
	}
	return nil
}
