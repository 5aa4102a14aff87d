package ground

import (
	"bytes"
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// data holds the embedded data sets, each with its PROVENANCE.md.
//
//go:embed data/hypatia/*.txt data/starperf/*.xml data/clarkzjw/pop.json data/geonames/*.csv data/*/PROVENANCE.md
var data embed.FS

const (
	hypatiaTop100   = "data/hypatia/ground_stations_cities_sorted_by_estimated_2025_pop_top_100.basic.txt"
	hypatiaTop1000  = "data/hypatia/ground_stations_cities_sorted_by_estimated_2025_pop_top_1000.basic.txt"
	hypatiaGrid     = "data/hypatia/ground_stations_paris_moscow_grid.basic.txt"
	starperfGateway = "data/starperf/ground_stations_Starlink.xml"
	starperfPoPs    = "data/starperf/POPs_Starlink.xml"
	clarkzjwPoPs    = "data/clarkzjw/pop.json"
)

// hypatiaRenames gives unique names to the cities that share a name in
// Hypatia's top-1000 list (keyed by Hypatia id, the population rank). The
// same ids carry the same names in the top-100 list.
var hypatiaRenames = map[int]string{
	36:  "Hyderabad, India",
	264: "Hyderabad, Pakistan",
	50:  "Santiago, Chile",
	897: "Santiago, Dominican Republic", // Santiago de los Caballeros
	271: "Valencia, Venezuela",
	623: "Valencia, Spain",
	423: "Anyang, China",
	859: "Anyang, South Korea",
}

// hypatiaCurrentNames replaces names of Hypatia's lists (keyed by Hypatia
// id) that are stale or not the name in common use: the Soviet-era Russian
// forms of Ukrainian cities, replaced by their official romanisations
// (Ukraine's 2010 national transliteration, and Dnipro since the city's
// 2016 renaming), the native form "Moskva (Moscow)", and the census
// agglomeration "New York Newark". Hypatia's own names stay aliases
// (LookupCity finds "Lvov", "Moskva" and "Kiev").
var hypatiaCurrentNames = map[int]string{
	9:   "New York",     // New-York-Newark
	21:  "Moscow",       // Moskva-(Moscow)
	147: "Kyiv",         // Kyiv-(Kiev)
	528: "Dnipro",       // Dnipropetrovsk
	664: "Zaporizhzhia", // Zaporizhzhya
	680: "Lviv",         // Lvov
	751: "Kryvyi Rih",   // Krivoi-Rog
}

// hypatiaCityNames is the renaming of the top-100 and top-1000 lists:
// hypatiaRenames and hypatiaCurrentNames together.
var hypatiaCityNames = func() map[int]string {
	m := make(map[int]string, len(hypatiaRenames)+len(hypatiaCurrentNames))
	for id, name := range hypatiaRenames {
		m[id] = name
	}
	for id, name := range hypatiaCurrentNames {
		m[id] = name
	}
	return m
}()

// hypatiaGridNames renames Moscow in the Paris–Moscow grid, whose ids are
// its own (0 = Paris, 1–75 the waypoints, 76 = Moscow), not population
// ranks.
var hypatiaGridNames = map[int]string{76: "Moscow"}

// preset describes one embedded node list.
type preset struct {
	name, doc string
	load      func() ([]Node, error)
}

func hypatiaLoader(path string, rename map[int]string) func() ([]Node, error) {
	return func() ([]Node, error) {
		b, err := data.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return readCSV(bytes.NewReader(b), path, Station, rename)
	}
}

// hypatiaCityLoader is hypatiaLoader for the top-100 and top-1000 lists,
// with populations joined from the GeoNames table (joinPopulations).
func hypatiaCityLoader(path string) func() ([]Node, error) {
	load := hypatiaLoader(path, hypatiaCityNames)
	return func() ([]Node, error) {
		nodes, err := load()
		if err != nil {
			return nil, err
		}
		b, err := data.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if err := joinPopulations(nodes, b); err != nil {
			return nil, err
		}
		return nodes, nil
	}
}

var presets = []preset{
	{"cities-top100", "the 100 largest cities by estimated 2025 urban-agglomeration population (Hypatia), with GeoNames city-proper populations",
		hypatiaCityLoader(hypatiaTop100)},
	{"cities-top1000", "the 1000 largest cities by estimated 2025 urban-agglomeration population (Hypatia), with GeoNames city-proper populations (963 of 1000)",
		hypatiaCityLoader(hypatiaTop1000)},
	{"paris-moscow-grid", "Paris, Moscow and 75 relay waypoints between them (Hypatia)",
		hypatiaLoader(hypatiaGrid, hypatiaGridNames)},
	{"starlink-gateways", "261 Starlink gateway entries at 222 sites, with antenna count and band (StarPerf, about 2024)",
		loadStarPerfGateways},
	{"starlink-pops", "65 located Starlink PoPs from the GeoIP feed and PeeringDB (clarkzjw/starlink-geoip, 2026)",
		loadClarkzjwPoPs},
	{"starlink-pops-starperf", "23 Starlink PoPs (StarPerf, about 2024)",
		loadStarPerfPoPs},
}

// presetCache parses each preset once; callers get copies.
var presetCache = func() map[string]func() ([]Node, error) {
	m := make(map[string]func() ([]Node, error), len(presets))
	for _, p := range presets {
		m[p.name] = sync.OnceValues(p.load)
	}
	return m
}()

// PresetNames returns the names of the embedded node lists, sorted.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.name
	}
	sort.Strings(names)
	return names
}

// PresetDoc returns a one-line description of a preset, or "" if there is
// no preset of that name.
func PresetDoc(name string) string {
	for _, p := range presets {
		if p.name == name {
			return p.doc
		}
	}
	return ""
}

// Preset returns a fresh copy of the embedded node list with the given
// name (case-insensitive):
//
//   - cities-top100, cities-top1000: Hypatia's lists of the largest
//     cities, ranked by the estimated 2025 population of the urban
//     agglomeration (Hypatia does not name its source; the names, such as
//     "New York-Newark" and "Kinki M.M.A. (Osaka)", are agglomeration
//     names), kind Station, ID = Hypatia's row id (0 = largest).
//     Population is the GeoNames population of the city proper, matched
//     by name and position (data/geonames/PROVENANCE.md): known for all of
//     the top 100 and for 963 of the top 1000 (0 for the other 37, mostly
//     Chinese cities that GeoNames gives no population). Names are Hypatia's with '-' turned back into
//     spaces, often "Native (English)" such as "Mumbai (Bombay)", except
//     that stale names are replaced by current ones (Kyiv, Lviv, Dnipro,
//     Zaporizhzhia, Kryvyi Rih, Moscow, New York; the old names remain
//     aliases for LookupCity). The four names the top-1000 list gives to
//     two cities each (Hyderabad, Santiago, Valencia, Anyang) get a
//     country suffix on both ("Hyderabad, India" and "Hyderabad,
//     Pakistan").
//   - paris-moscow-grid: Hypatia's Paris–Moscow relay grid, kind Station
//     ("Paris", "Waypoint 1" … "Waypoint 75", "Moscow").
//   - starlink-gateways: StarPerf's 261 Starlink gateway entries, kind
//     Gateway, with antenna count and band (Ka or E). They stand at 222
//     sites: 39 sites have a Ka-band and an E-band entry at the same
//     position, kept as two nodes with their own antennas. Names are
//     StarPerf's descriptions ("Frankfurt, DE", "Savanna, OK | Mega"), with
//     the band appended where a site has two entries ("Savanna, OK | Mega
//     (E)"). ID is StarPerf's element name ("GS218").
//   - starlink-pops: the 65 Starlink PoPs with a known location from
//     clarkzjw/starlink-geoip (entries with show=false or no location are
//     left out), kind PoP. Names are city names ("Warsaw", "Frankfurt");
//     where a city has several PoPs, each gets its code in parentheses
//     ("Seattle (sttlwax1)"). ID is the PoP code, Country the country.
//     This list is larger and newer than StarPerf's (it has Warsaw and
//     Sofia, the PoPs nearest Ukraine), so it is the default.
//   - starlink-pops-starperf: StarPerf's 23 Starlink PoPs, kind PoP, named
//     by city ("Frankfurt"); ID is StarPerf's label ("FRA - FRNTDEU1").
//
// An unknown name gives an *UnknownError listing the presets.
func Preset(name string) ([]Node, error) {
	load, ok := presetCache[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return nil, &UnknownError{What: "preset", Name: name, Known: PresetNames()}
	}
	nodes, err := load()
	if err != nil {
		return nil, fmt.Errorf("ground: embedded preset %s: %w", name, err)
	}
	return slices.Clone(nodes), nil
}
