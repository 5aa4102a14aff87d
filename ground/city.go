package ground

import (
	"bufio"
	"bytes"
	"fmt"
	"orbitnet/internal/namematch"
	"strconv"
	"strings"
	"sync"

	"orbitnet/orbit/frame"
)

// cityAliases are names people use for cities in Hypatia's top-1000 list
// that the list's own names do not cover, mapped to the list's name. The
// list already gives many English names in parentheses ("Kyiv (Kiev)",
// "Warszawa (Warsaw)", "München (Munich)"), and fold makes "St.",
// "Saint" and "Sankt" equal, so those need no entry here.
var cityAliases = []struct{ alias, name string }{
	{"Frankfurt", "Frankfurt am Main"},
	{"New York", "New York Newark"},
	{"New York City", "New York Newark"},
	{"NYC", "New York Newark"},
	{"Peking", "Beijing"},
	{"Saigon", "Thành Pho Ho Chí Minh (Ho Chi Minh City)"},
	{"Ho Chi Minh", "Thành Pho Ho Chí Minh (Ho Chi Minh City)"},
	{"HCMC", "Thành Pho Ho Chí Minh (Ho Chi Minh City)"},
	{"Hanoi", "Hà Noi"},
	{"Rio", "Rio de Janeiro"},
	{"Los Angeles", "Los Angeles Long Beach Santa Ana"},
	{"LA", "Los Angeles Long Beach Santa Ana"},
	{"San Francisco", "San Francisco Oakland"},
	{"Brussels", "Bruxelles Brussel"},
	{"Bengaluru", "Bangalore"},
	{"Ahmedabad", "Ahmadabad"},
	{"Rangoon", "Yangon"},
	{"Lviv", "Lvov"},
	{"Kryvyi Rih", "Krivoi Rog"},
	{"Dnipro", "Dnipropetrovsk"},
	{"Zaporizhzhia", "Zaporizhzhya"},
	{"Odessa", "Odesa"},
	{"Kharkov", "Kharkiv"},
	{"Santiago de los Caballeros", "Santiago, Dominican Republic"},
}

// cityIndex is the top-1000 list with its name matcher.
type cityIndex struct {
	cities []Node
	m      *namematch.Matcher
}

var loadCityIndex = sync.OnceValues(func() (*cityIndex, error) {
	cities, err := Preset("cities-top1000")
	if err != nil {
		return nil, err
	}
	byName := make(map[string]int, len(cities))
	for i, c := range cities {
		byName[c.Name] = i
	}
	m := newMatcher()
	// Deliberate aliases first, then every city's own names in population
	// order, so that where two cities share a short name the larger wins.
	for _, a := range cityAliases {
		i, ok := byName[a.name]
		if !ok {
			return nil, fmt.Errorf("ground: city alias %q: no city %q in the top-1000 list", a.alias, a.name)
		}
		m.Add(a.alias, i)
	}
	for i, c := range cities {
		whole, base, _ := nameParts(c.Name)
		m.Add(base, i)
		m.Add(whole, i)
	}
	for i, c := range cities {
		_, _, paren := nameParts(c.Name)
		m.Add(paren, i)
	}
	// Hypatia writes "City, Province" as "City--Province"; the part before
	// "--" is the city's usual name ("Washington--D.C.", "Guangzhou--Guangdong").
	raw, err := data.ReadFile(hypatiaTop1000)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for i := 0; sc.Scan() && i < len(cities); i++ {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) > 1 {
			if head, _, ok := strings.Cut(fields[1], "--"); ok {
				m.Add(strings.ReplaceAll(head, "-", " "), i)
			}
		}
	}
	return &cityIndex{cities, m}, nil
})

// LookupCity finds a city in Hypatia's list of the 1000 most populous
// cities (the cities-top1000 preset) and returns it as a Station.
//
// Matching ignores case, accents, punctuation and the difference between
// "St.", "Saint" and "Sankt". A city is found by its full name in the list
// ("Kyiv (Kiev)"), the name before the parenthesis ("Kyiv") or the one in
// it ("Kiev"), and by common alternative names (Frankfurt, NYC, Peking,
// Saigon, Rio, Dnipro, ...). A name that is the start of exactly one
// city's name, in whole words, also matches ("Dallas" finds "Dallas Fort
// Worth"). Where several cities share a name, the most populous wins
// ("Hyderabad" is Hyderabad, India).
//
// An unknown name gives an *UnknownError that suggests close names:
//
//	unknown city "Kiyv"; did you mean Kyiv?
func LookupCity(name string) (Node, error) {
	idx, err := loadCityIndex()
	if err != nil {
		return Node{}, err
	}
	i, ok, sug := idx.m.Find(name)
	if !ok {
		return Node{}, &UnknownError{What: "city", Name: name, Suggestions: sug}
	}
	return idx.cities[i], nil
}

// ParsePlace parses a place given by a person: either "lat,lon" in decimal
// degrees (north and east positive), which gives a Station named by the
// coordinates as written in shortest form ("50.45,30.52"), or a city name
// for LookupCity.
func ParsePlace(s string) (Node, error) {
	t := strings.TrimSpace(s)
	if latS, lonS, ok := strings.Cut(t, ","); ok && looksNumeric(latS) {
		lat, err := parseCoord(strings.TrimSpace(latS), 90)
		if err != nil {
			return Node{}, fmt.Errorf("place %q: latitude: %w", s, err)
		}
		lon, err := parseCoord(strings.TrimSpace(lonS), 180)
		if err != nil {
			return Node{}, fmt.Errorf("place %q: longitude: %w", s, err)
		}
		if lon == -180 {
			lon = 180
		}
		name := strconv.FormatFloat(lat, 'f', -1, 64) + "," + strconv.FormatFloat(lon, 'f', -1, 64)
		return Node{Name: name, Kind: Station, Pos: frame.Geodetic{LatDeg: lat, LonDeg: lon}}, nil
	}
	if t == "" {
		return Node{}, fmt.Errorf("empty place; want a city name or lat,lon in degrees")
	}
	return LookupCity(t)
}

// looksNumeric reports whether s, trimmed, starts like a number.
func looksNumeric(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "+-")
	return s != "" && (s[0] == '.' || ('0' <= s[0] && s[0] <= '9'))
}
