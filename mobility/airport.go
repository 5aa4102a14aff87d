package mobility

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

//go:embed data/airports.csv
var airportsCSV string

// Airport is one row of the embedded airport table (data/PROVENANCE.md).
type Airport struct {
	IATA, Ident, Name, Country, Municipality string
	// Pos is the aerodrome reference point; AltKm is its elevation.
	Pos frame.Geodetic
}

// feetKm is one international foot in km (exact by definition, 1959).
const feetKm = 0.0003048

var airports = sync.OnceValue(func() map[string]Airport {
	r := csv.NewReader(strings.NewReader(airportsCSV))
	rows, err := r.ReadAll()
	if err != nil {
		panic("mobility: embedded airports.csv: " + err.Error()) // programmer error: the file is embedded
	}
	m := make(map[string]Airport, len(rows))
	for i, row := range rows[1:] {
		lat, e1 := strconv.ParseFloat(row[5], 64)
		lon, e2 := strconv.ParseFloat(row[6], 64)
		ft, e3 := strconv.ParseFloat(row[7], 64)
		if e1 != nil || e2 != nil || e3 != nil {
			panic(fmt.Sprintf("mobility: embedded airports.csv line %d: bad number", i+2))
		}
		m[row[0]] = Airport{IATA: row[0], Ident: row[1], Name: row[2], Country: row[3], Municipality: row[4],
			Pos: frame.Geodetic{Lat: units.Deg(lat), Lon: units.Deg(lon), Alt: units.Km(ft * feetKm)}}
	}
	return m
})

// LookupAirport finds an airport by its three-letter IATA code (case is
// ignored).
func LookupAirport(code string) (Airport, bool) {
	a, ok := airports()[strings.ToUpper(strings.TrimSpace(code))]
	return a, ok
}

// AirportCount is the number of airports in the embedded table.
func AirportCount() int { return len(airports()) }

// ParsePlace resolves a track's place: a three-letter IATA airport code
// (upper case, "FRA"), "lat,lon" in degrees, or a city name as
// ground.LookupCity knows it. The error says which forms were tried.
func ParsePlace(s string) (name string, pos frame.Geodetic, err error) {
	t := strings.TrimSpace(s)
	if len(t) == 3 && strings.ToUpper(t) == t {
		if a, ok := LookupAirport(t); ok {
			return a.IATA, a.Pos, nil
		}
		if _, cerr := ground.LookupCity(t); cerr != nil {
			return "", frame.Geodetic{}, fmt.Errorf("unknown place %q: not an IATA airport code in the embedded table (%d airports) nor a known city", s, AirportCount())
		}
	}
	if p, ok, perr := ground.ParseLatLon(t); perr != nil {
		return "", frame.Geodetic{}, perr
	} else if ok {
		return ground.CoordName(p), p, nil
	}
	if t == "" {
		return "", frame.Geodetic{}, fmt.Errorf("empty place; want an IATA airport code, a city or lat,lon")
	}
	nd, cerr := ground.LookupCity(t)
	if cerr != nil {
		return "", frame.Geodetic{}, fmt.Errorf("unknown place %q: not an IATA airport code, a known city or lat,lon (%v)", s, cerr)
	}
	return nd.Name, nd.Pos, nil
}
