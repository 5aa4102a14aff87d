package region

import (
	"bytes"
	"embed"
	"fmt"
	"orbitnet/internal/namematch"
	"sort"
	"strings"
	"sync"
)

// data holds the embedded outlines, each with its PROVENANCE.md.
//
//go:embed data/natural-earth-110m/ne_110m_admin_0_countries.json data/ukraine-outline/UKR.geo.json data/*/PROVENANCE.md
var data embed.FS

const (
	naturalEarthFile = "data/natural-earth-110m/ne_110m_admin_0_countries.json"
	ukraineFile      = "data/ukraine-outline/UKR.geo.json"
)

// isoFixes gives the ISO 3166-1 codes that Natural Earth v4 leaves as
// "-99", keyed by its ADM0_A3 code.
var isoFixes = map[string]struct{ iso3, iso2 string }{
	"FRA": {"FRA", "FR"},
	"NOR": {"NOR", "NO"},
}

// countryAliases are common names that Natural Earth's properties lack,
// mapped to ADM0_A3 codes.
var countryAliases = []struct{ alias, adm0 string }{
	{"UK", "GBR"}, {"Great Britain", "GBR"}, {"Britain", "GBR"},
	{"Eswatini", "SWZ"}, {"North Macedonia", "MKD"}, {"Türkiye", "TUR"},
	{"Burma", "MMR"}, {"Holland", "NLD"}, {"DRC", "COD"}, {"DR Congo", "COD"},
	{"America", "USA"},
}

// nameProps are the Natural Earth properties a country can be looked up
// by, in order of precedence.
var nameProps = []string{"ADMIN", "NAME", "NAME_LONG", "GEOUNIT", "SUBUNIT", "BRK_NAME",
	"NAME_CIAWF", "NAME_SORT", "FORMAL_EN", "NAME_ALT"}

// crimea is a box that holds Natural Earth's Crimea polygon (lon
// 32.45–36.53°, lat 44.36–46.22°) and no other part of Russia.
var crimea = Rect{MinLon: 32, MinLat: 44, MaxLon: 37, MaxLat: 46.5}

type countryIndex struct {
	regions []*Region
	m       *namematch.Matcher
}

var loadCountries = sync.OnceValues(func() (*countryIndex, error) {
	b, err := data.ReadFile(naturalEarthFile)
	if err != nil {
		return nil, err
	}
	feats, err := readFeatures(bytes.NewReader(b), naturalEarthFile)
	if err != nil {
		return nil, err
	}
	ukr, err := data.ReadFile(ukraineFile)
	if err != nil {
		return nil, err
	}
	ukraine, err := Read(bytes.NewReader(ukr), ukraineFile)
	if err != nil {
		return nil, err
	}

	idx := &countryIndex{m: newMatcher()}
	adm0 := map[string]int{}
	for _, f := range feats {
		code := f.prop("ADM0_A3")
		polys := f.polys
		switch code {
		case "UKR":
			polys = ukraine.polys
		case "RUS":
			polys = nil
			for _, p := range f.polys {
				if !within(p.bounds, crimea) {
					polys = append(polys, p)
				}
			}
			if len(polys) != len(f.polys)-1 {
				return nil, fmt.Errorf("region: %s: found %d Crimea polygons in Russia, want 1",
					naturalEarthFile, len(f.polys)-len(polys))
			}
		}
		r := newRegion(f.prop("ADMIN"), polys)
		r.ISO, r.ISO2 = f.isoCodes()
		if fix, ok := isoFixes[code]; ok {
			r.ISO, r.ISO2 = fix.iso3, fix.iso2
		}
		adm0[code] = len(idx.regions)
		idx.regions = append(idx.regions, r)
	}

	for _, a := range countryAliases {
		i, ok := adm0[a.adm0]
		if !ok {
			return nil, fmt.Errorf("region: alias %q: no country %s", a.alias, a.adm0)
		}
		idx.m.Add(a.alias, i)
	}
	for i, f := range feats {
		for _, k := range []string{"ISO_A2", "ISO_A3", "ADM0_A3"} {
			if c := f.prop(k); c != "-99" {
				idx.m.Add(c, i)
			}
		}
		idx.m.Add(idx.regions[i].ISO, i)
		idx.m.Add(idx.regions[i].ISO2, i)
	}
	for _, p := range nameProps {
		for i, f := range feats {
			idx.m.Add(f.prop(p), i)
		}
	}
	return idx, nil
})

// within reports whether box a lies inside box b.
func within(a, b Rect) bool {
	return a.MinLon >= b.MinLon && a.MaxLon <= b.MaxLon && a.MinLat >= b.MinLat && a.MaxLat <= b.MaxLat
}

// Lookup returns a country from the embedded Natural Earth 1:110m admin-0
// outlines (v4.0.0, 177 countries and territories), found by name or code:
// case, accents and punctuation are ignored, and the ISO 3166-1 alpha-2
// and alpha-3 codes ("UA", "UKR"), Natural Earth's ADM0_A3 code, and the
// names in its ADMIN, NAME, NAME_LONG, FORMAL_EN, NAME_ALT and related
// properties all match ("Russian Federation", "Czech Republic", "Ivory
// Coast", "Côte d'Ivoire"), as do a few common names Natural Earth lacks
// (UK, Great Britain, Eswatini, North Macedonia, Türkiye, Burma, DRC).
// A name that is the start of exactly one country's name, in whole words,
// also matches ("Bosnia").
//
// Ukraine is returned with Crimea and Russia without it; see the package
// documentation. The region's Name is Natural Earth's ADMIN name.
//
// An unknown name gives an *UnknownError with close matches:
//
//	unknown region "Ukrane"; did you mean Ukraine?
func Lookup(nameOrISO string) (*Region, error) {
	idx, err := loadCountries()
	if err != nil {
		return nil, err
	}
	i, ok, sug := idx.m.Find(strings.TrimSpace(nameOrISO))
	if !ok {
		return nil, &UnknownError{What: "region", Name: nameOrISO, Suggestions: sug}
	}
	r := *idx.regions[i] // a copy: callers may change Name and ISO
	return &r, nil
}

// Names returns the names of the countries Lookup knows, sorted (nil only
// if the embedded data were unreadable, which the tests rule out).
func Names() []string {
	idx, err := loadCountries()
	if err != nil {
		return nil
	}
	names := make([]string, len(idx.regions))
	for i, r := range idx.regions {
		names[i] = r.Name
	}
	sort.Strings(names)
	return names
}
