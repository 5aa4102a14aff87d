package region

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// place is a test point written as "lat,lon" in degrees.
type place string

func (p place) latLon() (lat, lon float64) {
	if _, err := fmt.Sscanf(string(p), "%g,%g", &lat, &lon); err != nil {
		panic(fmt.Sprintf("bad test place %q", string(p)))
	}
	return lat, lon
}

func mustLookup(t *testing.T, name string) *Region {
	t.Helper()
	r, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustRead(t *testing.T, geojson string) *Region {
	t.Helper()
	r, err := Read(strings.NewReader(geojson), "test.geojson")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestContainsCountries(t *testing.T) {
	tests := []struct {
		region string
		at     place
		what   string
		want   bool
	}{
		{"Ukraine", "50.4501,30.5234", "Kyiv", true},
		{"Ukraine", "49.8397,24.0297", "Lviv", true},
		{"Ukraine", "49.9935,36.2304", "Kharkiv", true},
		{"Ukraine", "46.4825,30.7233", "Odesa: the 1:110m coast runs north of it", false},
		{"Ukraine", "44.9521,34.1024", "Simferopol (Crimea)", true},
		{"Ukraine", "44.6166,33.5254", "Sevastopol (Crimea)", true},
		{"Ukraine", "52.2297,21.0122", "Warsaw", false},
		{"Ukraine", "55.7558,37.6173", "Moscow", false},
		{"Russia", "44.9521,34.1024", "Simferopol (Crimea)", false},
		{"Russia", "55.7558,37.6173", "Moscow", true},
		{"Russia", "64.7337,177.5089", "Anadyr, west of 180°", true},
		{"Russia", "66.0,-176.0", "Chukotka, east of 180°", true},
		{"Russia", "71.2,179.5", "Wrangel Island, west part", true},
		{"Russia", "71.2,-179.5", "Wrangel Island, east part", true},
		{"Russia", "66.0,184.0", "Chukotka, longitude past 180", true},
		{"Russia", "64.8,-147.7", "Fairbanks, Alaska", false},
		{"Poland", "52.2297,21.0122", "Warsaw", true},
		{"France", "48.8566,2.3522", "Paris", true},
		{"France", "51.5074,-0.1278", "London", false},
		{"Fiji", "-18.1416,178.4419", "Suva", true},
		{"Fiji", "-16.3,-179.95", "Vanua Levu, east of 180°", true},
		{"Fiji", "-17.5,-175", "open Pacific", false},
		{"South Africa", "-26.2041,28.0473", "Johannesburg", true},
		{"South Africa", "-29.3151,27.4869", "Maseru, in the Lesotho hole", false},
		{"Lesotho", "-29.3151,27.4869", "Maseru", true},
		{"Antarctica", "-89.9,0", "near the South Pole", true},
		{"Antarctica", "-86,179.9", "Transantarctic Mountains at the antimeridian", true},
		{"Antarctica", "-80,179.9", "Ross Ice Shelf: not land in Natural Earth", false},
		{"Antarctica", "-90,0", "South Pole", true},
		{"Antarctica", "-60,0", "Southern Ocean", false},
	}
	for _, tc := range tests {
		lat, lon := tc.at.latLon()
		if got := mustLookup(t, tc.region).Contains(lat, lon); got != tc.want {
			t.Errorf("%s contains %s (%s) = %v, want %v", tc.region, tc.what, tc.at, got, tc.want)
		}
	}
}

// square is a GeoJSON Polygon 0–10° with a hole 4–6°.
const squareWithHole = `{"type":"Polygon","coordinates":[
	[[0,0],[10,0],[10,10],[0,10],[0,0]],
	[[4,4],[4,6],[6,6],[6,4],[4,4]]]}`

func TestContainsSynthetic(t *testing.T) {
	tests := []struct {
		name, geojson string
		in, out       []place
	}{
		{"square with a hole", squareWithHole,
			[]place{"2,2", "5,8", "8,5", "3.9,5", "9.999,9.999", "5,360.5"},
			[]place{"5,5", "4.5,5.5", "11,5", "5,-1", "-0.1,5", "95,5", "NaN,5"}},
		{"ring crossing the antimeridian, written -180..180",
			`{"type":"Polygon","coordinates":[[[178,-17],[-178,-17],[-178,-19],[178,-19],[178,-17]]]}`,
			[]place{"-18,179.5", "-18,-179.5", "-18,180", "-18,-180", "-18,540"},
			[]place{"-18,0", "-18,177", "-18,-177", "-16,179.5"}},
		{"ring crossing the antimeridian, written 0..360",
			`{"type":"Polygon","coordinates":[[[178,-17],[182,-17],[182,-19],[178,-19],[178,-17]]]}`,
			[]place{"-18,179.5", "-18,-179.5", "-18,181.5"},
			[]place{"-18,0", "-18,177", "-18,-177"}},
		{"ring around the north pole",
			`{"type":"Polygon","coordinates":[[[0,80],[90,80],[180,80],[-90,80],[0,80]]]}`,
			[]place{"85,45", "85,-100", "89.99,123", "80.001,-179.9", "90,0"},
			[]place{"75,0", "-85,0", "0,0"}},
		{"ring around the south pole, going west",
			`{"type":"Polygon","coordinates":[[[0,-70],[-120,-70],[120,-70],[0,-70]]]}`,
			[]place{"-80,10", "-89,-170", "-70.5,179"},
			[]place{"-60,0", "80,0"}},
		{"two polygons", `{"type":"MultiPolygon","coordinates":[
			[[[0,0],[1,0],[1,1],[0,1],[0,0]]], [[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}`,
			[]place{"0.5,0.5", "5.5,5.5"},
			[]place{"3,3", "0.5,5.5"}},
	}
	for _, tc := range tests {
		r := mustRead(t, tc.geojson)
		for _, p := range tc.in {
			if lat, lon := p.latLon(); !r.Contains(lat, lon) {
				t.Errorf("%s: %s is outside, want inside", tc.name, p)
			}
		}
		for _, p := range tc.out {
			if lat, lon := p.latLon(); r.Contains(lat, lon) {
				t.Errorf("%s: %s is inside, want outside", tc.name, p)
			}
		}
	}
}

// Area tolerances, relative.
const (
	// exactArea: closed-form areas computed another way.
	exactArea = 1e-12
	// greatCircleArea: the same outline with great-circle edges instead
	// of straight longitude–latitude edges (1:110m edges are ≤ 125 km).
	greatCircleArea = 5e-3
)

func TestAreaKm2(t *testing.T) {
	R := EarthRadiusKm
	band := func(lat1, lat2, dLon float64) float64 {
		return R * R * dLon * degree * (math.Sin(lat2*degree) - math.Sin(lat1*degree))
	}
	tests := []struct {
		name, geojson string
		want          float64
	}{
		{"1° square on the equator", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`,
			band(0, 1, 1)},
		{"square with a hole", squareWithHole, band(0, 10, 10) - band(4, 6, 2)},
		{"cap north of 80°", `{"type":"Polygon","coordinates":[[[0,80],[90,80],[180,80],[-90,80],[0,80]]]}`,
			2 * math.Pi * R * R * (1 - math.Sin(80*degree))},
		{"triangle with a sloping edge", `{"type":"Polygon","coordinates":[[[0,0],[10,0],[0,10],[0,0]]]}`,
			// ∫_0^10° (10° − λ) cos φ dφ, with λ = φ on the hypotenuse.
			R * R * (10*degree*math.Sin(10*degree) - (10*degree*math.Sin(10*degree) + math.Cos(10*degree) - 1))},
	}
	for _, tc := range tests {
		got := mustRead(t, tc.geojson).AreaKm2()
		if math.Abs(got-tc.want) > exactArea*tc.want {
			t.Errorf("%s: %.6f km², want %.6f", tc.name, got, tc.want)
		}
	}
}

// sphericalArea is an independent area: each ring as a spherical polygon
// with great-circle edges, by the sum of signed spherical triangles (the
// pole, a, b) using the formula tan(E/2) = tan(Δλ/2)·sin(φ̄)/cos(Δφ/2)
// (spherical excess of the triangle pole–a–b, after Chamberlain and
// Duquette, "Some algorithms for polygons on a sphere", JPL 2007).
func sphericalArea(r *Region) float64 {
	total := 0.0
	for _, p := range r.polys {
		for i, ring := range p.rings {
			sum := 0.0
			for k := 0; k+1 < len(ring); k++ {
				a, b := ring[k], ring[k+1]
				dLon := (b.Lon - a.Lon) * degree
				sum += 2 * math.Atan2(math.Tan(dLon/2)*math.Sin((a.Lat+b.Lat)*degree/2), math.Cos((b.Lat-a.Lat)*degree/2))
			}
			if i == 0 {
				total += math.Abs(sum)
			} else {
				total -= math.Abs(sum)
			}
		}
	}
	return total * EarthRadiusKm * EarthRadiusKm
}

func TestAreaCountries(t *testing.T) {
	tests := []struct {
		country   string
		published float64 // km², total area, Wikipedia (2024)
		tol       float64 // relative; 1:110m outlines are coarse
	}{
		{"Ukraine", 603628, 0.02},
		// France's published total includes its five overseas regions;
		// Natural Earth's France has the largest of them, French Guiana.
		{"France", 643801, 0.03},
		{"Poland", 312696, 0.03},
		{"Russia", 17098246 - 27000, 0.03}, // without Crimea (about 27,000 km²)
	}
	for _, tc := range tests {
		r := mustLookup(t, tc.country)
		got := r.AreaKm2()
		if math.Abs(got-tc.published) > tc.tol*tc.published {
			t.Errorf("%s: %.0f km², published %.0f", tc.country, got, tc.published)
		}
		if gc := sphericalArea(r); math.Abs(got-gc) > greatCircleArea*got {
			t.Errorf("%s: %.0f km², with great-circle edges %.0f", tc.country, got, gc)
		}
	}
}

func TestBoundsAndOutline(t *testing.T) {
	r := mustRead(t, squareWithHole)
	if b := r.Bounds(); b != (Rect{0, 0, 10, 10}) {
		t.Errorf("Bounds = %+v", b)
	}
	out := r.Outline()
	if len(out) != 2 || len(out[0]) != 5 || out[1][2] != (Point{6, 6}) {
		t.Errorf("Outline = %v", out)
	}
	out[0][0].Lon = 99
	if r.Outline()[0][0].Lon != 0 {
		t.Error("Outline returned shared storage")
	}
	var empty Region
	if empty.Bounds() != (Rect{}) || empty.Contains(0, 0) || empty.Grid(10) != nil || empty.AreaKm2() != 0 {
		t.Error("the zero Region is not empty")
	}
	fiji := mustLookup(t, "Fiji").Bounds()
	if fiji.MinLon != -180 || fiji.MaxLon != 180 {
		t.Errorf("Fiji bounds %+v, want the full longitude range (split at ±180)", fiji)
	}
	wrap := mustRead(t, `{"type":"Polygon","coordinates":[[[178,-17],[-178,-17],[-178,-19],[178,-19],[178,-17]]]}`).Bounds()
	if wrap != (Rect{178, -19, 182, -17}) {
		t.Errorf("continuous ring bounds %+v, want lon 178..182", wrap)
	}
}
