package ground

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"orbitnet/internal/namematch"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// cityAliases are names people use for cities in Hypatia's top-1000 list
// that the list's own names do not cover, mapped to the list's name (as
// Preset gives it). The list already gives many English names in
// parentheses ("Warszawa (Warsaw)", "München (Munich)"), Hypatia's names
// that Preset replaces by current ones ("Lvov", "Moskva (Moscow)") stay
// names of their city, and fold makes "St.", "Saint" and "Sankt" equal, so
// those need no entry here.
var cityAliases = []struct{ alias, name string }{
	{"Frankfurt", "Frankfurt am Main"},
	{"New York City", "New York"},
	{"NYC", "New York"},
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
	{"Kryvyy Rih", "Kryvyi Rih"},
	{"Dnepr", "Dnipro"},
	{"Zaporozhye", "Zaporizhzhia"},
	{"Lwów", "Lviv"},
	{"Odessa", "Odesa"},
	{"Kharkov", "Kharkiv"},
	{"Santiago de los Caballeros", "Santiago, Dominican Republic"},
}

// supersededNames are names LookupCity accepts for a city but orbitnet
// does not print for it: former names (Kiev, Lvov, Bombay, Peking),
// Russian forms of Ukrainian cities, and Hypatia's names that Preset
// replaces by current ones ("Moskva (Moscow)", "New York Newark").
var supersededNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{
		"Kiev", "Kyiv (Kiev)", "Lvov", "Lwow", "Dnipropetrovsk", "Dnepr", "Dnepropetrovsk",
		"Zaporizhzhya", "Zaporozhye", "Krivoi Rog", "Krivoy Rog", "Kharkov", "Odessa",
		"Moskva", "Moskva (Moscow)", "New York Newark",
		"Bombay", "Calcutta", "Madras", "Poona", "Benares", "Gauhati", "Calicut", "Cochin",
		"Ujung Pandang", "Peking", "Saigon", "Rangoon",
	} {
		m[fold(n)] = true
	}
	return m
}()

// IsSupersededName reports whether name is a former or superseded name of
// a city ("Kiev", "Lvov", "Bombay", "Moskva (Moscow)"): LookupCity finds
// the city by it, but outputs should use the city's current name.
func IsSupersededName(name string) bool { return supersededNames[fold(name)] }

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
	// Hypatia's own names, where Preset replaced them by current ones
	// ("Lvov", "Moskva (Moscow)"), stay names of their city.
	raw, err := data.ReadFile(hypatiaTop1000)
	if err != nil {
		return nil, err
	}
	var hypatiaNames []string
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for i := 0; sc.Scan() && i < len(cities); i++ {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) > 1 {
			hypatiaNames = append(hypatiaNames, fields[1])
		} else {
			hypatiaNames = append(hypatiaNames, "")
		}
	}
	old := func(i int) string {
		if _, renamed := hypatiaCurrentNames[i]; renamed && i < len(hypatiaNames) {
			return strings.ReplaceAll(hypatiaNames[i], "-", " ")
		}
		return ""
	}
	for i, c := range cities {
		whole, base, _ := nameParts(c.Name)
		m.Add(base, i)
		m.Add(whole, i)
		whole, base, _ = nameParts(old(i))
		m.Add(base, i)
		m.Add(whole, i)
	}
	for i, c := range cities {
		_, _, paren := nameParts(c.Name)
		m.Add(paren, i)
		_, _, paren = nameParts(old(i))
		m.Add(paren, i)
	}
	// Hypatia writes "City, Province" as "City--Province"; the part before
	// "--" is the city's usual name ("Washington--D.C.", "Guangzhou--Guangdong").
	for i, name := range hypatiaNames {
		if head, _, ok := strings.Cut(name, "--"); ok {
			m.Add(strings.ReplaceAll(head, "-", " "), i)
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
// for LookupCity. Text that starts like a number before its comma is a
// coordinate and nothing else (see ParseLatLon): "-10,20" is never matched
// as a name, so it cannot be taken for the place "10,20".
func ParsePlace(s string) (Node, error) {
	pos, ok, err := ParseLatLon(s)
	if err != nil {
		return Node{}, err
	}
	if ok {
		return Node{Name: CoordName(pos), Kind: Station, Pos: pos}, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Node{}, fmt.Errorf("empty place; want a city name or lat,lon in degrees")
	}
	return LookupCity(t)
}

// ParseLatLon parses "lat,lon" in decimal degrees (north and east
// positive; spaces around either number are allowed). ok is false, with no
// error, when s is not written as a coordinate (the text before the first
// comma does not start like a number, or there is no comma), so that the
// caller may take it for a name. When it is written as one, it is parsed
// strictly: both numbers must be plain decimals (no "0x", "Inf", "1_0"),
// the latitude in [-90, 90] and the longitude in [-180, 180]; anything
// else is an error. A longitude of −180 is returned as 180.
func ParseLatLon(s string) (pos frame.Geodetic, ok bool, err error) {
	t := strings.TrimSpace(s)
	latS, lonS, found := strings.Cut(t, ",")
	if !found || !looksNumeric(latS) {
		return frame.Geodetic{}, false, nil
	}
	lat, err := parseCoord(strings.TrimSpace(latS), 90)
	if err != nil {
		return frame.Geodetic{}, true, fmt.Errorf("place %q: latitude: %w", s, err)
	}
	lon, err := parseCoord(strings.TrimSpace(lonS), 180)
	if err != nil {
		return frame.Geodetic{}, true, fmt.Errorf("place %q: longitude: %w", s, err)
	}
	if lon == -180 {
		lon = 180
	}
	return frame.Geodetic{Lat: units.Deg(lat), Lon: units.Deg(lon)}, true, nil
}

// CoordName names a place given by coordinates: "lat,lon" in degrees, each
// in the shortest form that reads back exactly ("50.45,30.52", "-10,20").
func CoordName(pos frame.Geodetic) string {
	return strconv.FormatFloat(pos.Lat.Deg(), 'f', -1, 64) + "," + strconv.FormatFloat(pos.Lon.Deg(), 'f', -1, 64)
}

// SamePlace reports whether two positions are the same place: equal
// latitude and longitude (the height is not compared, and every longitude
// at a pole is the same place).
func SamePlace(a, b frame.Geodetic) bool {
	if a.Lat != b.Lat {
		return false
	}
	return a.Lon == b.Lon || math.Abs(a.Lat.Deg()) == 90
}

// looksNumeric reports whether s, trimmed, starts like a number.
func looksNumeric(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "+-")
	return s != "" && (s[0] == '.' || ('0' <= s[0] && s[0] <= '9'))
}
