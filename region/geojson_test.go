package region

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name, in       string
		wantName       string
		wantISO, want2 string
		polys          int
	}{
		{"bare Polygon", squareWithHole, "test", "", "", 1},
		{"Feature with name and codes",
			`{"type":"Feature","properties":{"NAME":"Box","ISO_A3":"BOX","ISO_A2":"BX"},"geometry":` + squareWithHole + `}`,
			"Box", "BOX", "BX", 1},
		{"Feature with a three-letter id",
			`{"type":"Feature","id":"UKR","properties":{"name":"Ukraine"},"geometry":` + squareWithHole + `}`,
			"Ukraine", "UKR", "", 1},
		{"bad codes are dropped",
			`{"type":"Feature","properties":{"name":"X","ISO_A3":"-99","ISO_A2":"x1"},"geometry":` + squareWithHole + `}`,
			"X", "", "", 1},
		{"FeatureCollection: union, named by the file",
			`{"type":"FeatureCollection","features":[
				{"type":"Feature","properties":{"name":"A"},"geometry":` + squareWithHole + `},
				{"type":"Feature","properties":{"name":"B"},"geometry":{"type":"MultiPolygon","coordinates":[
					[[[20,0],[21,0],[21,1],[20,0]]],[[[30,0],[31,0],[31,1],[30,0]]]]}},
				{"type":"Feature","properties":{"name":"C"},"geometry":null}]}`,
			"test", "", "", 3},
		{"GeometryCollection and positions with altitude",
			`{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[
				{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]}]}]}`,
			"test", "", "", 1},
	}
	for _, tc := range tests {
		r, err := Read(strings.NewReader(tc.in), "dir/test.geojson")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if r.Name != tc.wantName || r.ISO != tc.wantISO || r.ISO2 != tc.want2 || len(r.polys) != tc.polys {
			t.Errorf("%s: got %q %q %q with %d polygons, want %q %q %q with %d",
				tc.name, r.Name, r.ISO, r.ISO2, len(r.polys), tc.wantName, tc.wantISO, tc.want2, tc.polys)
		}
	}
}

func TestReadErrors(t *testing.T) {
	ring := func(s string) string { return `{"type":"Polygon","coordinates":[` + s + `]}` }
	tests := []struct{ in, want string }{
		{" \n", `x.json: empty input; want a GeoJSON object`},
		{"{\n  \"type\": \"Polygon\",\n  \"coordinates\": [[[0,0],]]\n}", `x.json:3:27: invalid character ']' looking for beginning of value`},
		{`[1,2]`, `x.json: not a GeoJSON object: json: cannot unmarshal array into Go value of type region.geoObject`},
		{`{}`, `x.json: missing "type"`},
		{`{"type":"Point","coordinates":[0,0]}`, `x.json: type "Point" is not supported; want Polygon, MultiPolygon, GeometryCollection, Feature or FeatureCollection`},
		{`{"type":"Polygon"}`, `x.json: Polygon: missing "coordinates"`},
		{`{"type":"MultiPolygon","coordinates":null}`, `x.json: MultiPolygon: missing "coordinates"`},
		{`{"type":"Polygon","coordinates":[[0,0]]}`, `x.json: Polygon coordinates: want [[[lon, lat], ...], ...]: json: cannot unmarshal number into Go value of type []float64`},
		{`{"type":"Polygon","coordinates":[]}`, `x.json: Polygon: no rings; want an outer ring and optional holes`},
		{ring(`[[0,0],[1,0],[0,0]]`), `x.json: Polygon: ring 0: 3 positions; a closed ring needs at least 4`},
		{ring(`[[0,0],[1,0],[1,1],[0,1]]`), `x.json: Polygon: ring 0 is not closed: last position [0, 1] differs from the first [0, 0]`},
		{ring(`[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1],[1,1],[0,0]]`), `x.json: Polygon: ring 1, position 1: want [lon, lat], got 1 number(s)`},
		{ring(`[[0,0],[1,95],[1,1],[0,0]]`), `x.json: Polygon: ring 0, position 1: latitude 95 outside [-90, 90]`},
		{ring(`[[0,0],[400,0],[1,1],[0,0]]`), `x.json: Polygon: ring 0, position 1: longitude 400 outside [-360, 360]`},
		{ring(`[[0,0],[170,0],[340,0],[150,1],[320,1],[130,2],[300,2],[0,0]]`), `x.json: Polygon: ring 0 winds around the Earth more than once`},
		{`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0]]]]}`, `x.json: MultiPolygon: polygon 1: ring 0: 1 positions; a closed ring needs at least 4`},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Ukraine"},"geometry":` + ring(`[[0,0],[1,95],[1,1],[0,0]]`) + `}]}`,
			`x.json: features[0] ("Ukraine"): geometry: Polygon: ring 0, position 1: latitude 95 outside [-90, 90]`},
		{`{"type":"Feature","properties":{"name":"Box"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}`,
			`x.json: feature ("Box"): geometry: Polygon: ring 0 is not closed: last position [0, 1] differs from the first [0, 0]`},
		{`{"type":"FeatureCollection","features":[]}`, `x.json: no Polygon or MultiPolygon geometry`},
		{`{"type":"Feature","properties":{},"geometry":null}`, `x.json: no Polygon or MultiPolygon geometry`},
		{`{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[0,0],[1,1]]}]}`,
			`x.json: geometries[0]: type "LineString" is not supported; want Polygon, MultiPolygon, GeometryCollection, Feature or FeatureCollection`},
		{strings.Repeat(`{"type":"GeometryCollection","geometries":[`, 40) + strings.Repeat(`]}`, 40),
			`x.json: ` + strings.Repeat(`geometries[0]: `, 32) + `GeometryCollections nested more than 32 deep`},
	}
	for _, tc := range tests {
		_, err := Read(strings.NewReader(tc.in), "x.json")
		if err == nil || err.Error() != tc.want {
			t.Errorf("Read(%.60q):\n got %v\nwant %s", tc.in, err, tc.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "box.geojson")
	if err := os.WriteFile(path, []byte(squareWithHole), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "box" || !r.Contains(2, 2) {
		t.Errorf("Load: %q, contains(2,2) = %v", r.Name, r.Contains(2, 2))
	}
	_, err = Load(filepath.Join(dir, "missing.geojson"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.geojson") {
		t.Errorf("Load(missing) error = %v", err)
	}
}

// FuzzRead checks that Read never panics, and that what it accepts gives
// consistent answers: every grid cell lies inside the region and the area
// is finite and not negative beyond rounding.
func FuzzRead(f *testing.F) {
	f.Add(squareWithHole)
	f.Add(`{"type":"Polygon","coordinates":[[[178,-17],[-178,-17],[-178,-19],[178,-19],[178,-17]]]}`)
	f.Add(`{"type":"Polygon","coordinates":[[[0,80],[90,80],[180,80],[-90,80],[0,80]]]}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"UKR","properties":{"name":"U"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}]}`)
	f.Add(`{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[[0,-90],[10,-90],[10,-80],[0,-90]]]}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		r, err := Read(strings.NewReader(in), "fuzz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		area := r.AreaKm2()
		if math.IsNaN(area) || math.IsInf(area, 0) {
			t.Fatalf("area %v", area)
		}
		b := r.Bounds()
		if b.MinLat < -90 || b.MaxLat > 90 || b.MinLon < -540 || b.MaxLon > 540 {
			t.Fatalf("bounds %+v", b)
		}
		r.Contains(0, 0)
		r.Contains(90, 180)
		for _, c := range r.Grid(2000) {
			if !r.Contains(c.Lat, c.Lon) && len(r.Grid(2000)) > 1 {
				t.Fatalf("cell %+v outside the region", c)
			}
		}
	})
}
