package report

import (
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"orbitnet/region"
)

func TestFormatLatLon(t *testing.T) {
	for _, tc := range []struct {
		lat, lon float64
		dec      int
		want     string
	}{
		{48.09, 35.9, 2, "48.09°N 35.90°E"},
		{-89.10, -120, 2, "89.10°S 120.00°W"}, // issue 16: was "-89.89°N -120.00°E"
		{0, 0, 0, "0° 0°"},
		{-0.001, 180, 2, "0.00° 180.00°"},
		{10, -180, 0, "10°N 180°"},
		{-30, 190, 0, "30°S 170°W"}, // past the antimeridian
		{45, -350, 1, "45.0°N 10.0°E"},
	} {
		if got := FormatLatLon(tc.lat, tc.lon, tc.dec); got != tc.want {
			t.Errorf("FormatLatLon(%v, %v, %d) = %q, want %q", tc.lat, tc.lon, tc.dec, got, tc.want)
		}
	}
}

// TestPolarMapExtent: a map of Antarctica kept its aspect by widening the
// latitude range to −110° (issue 16); the range must stay within ±90°,
// and the tick labels name the hemisphere.
func TestPolarMapExtent(t *testing.T) {
	for _, b := range []region.Rect{
		{MinLon: -180, MaxLon: 180, MinLat: -90, MaxLat: -63},  // Antarctica
		{MinLon: -180, MaxLon: 180, MinLat: 60, MaxLat: 90},    // the Arctic
		{MinLon: -180, MaxLon: 180, MinLat: -90, MaxLat: 90},   // the world
		{MinLon: 22, MaxLon: 40.3, MinLat: 44.3, MaxLat: 52.4}, // Ukraine: untouched
	} {
		p := newPlot("", "longitude", "latitude")
		p.X.Tick.Marker = degreeTicks(10, false)
		p.Y.Tick.Marker = degreeTicks(8, true)
		c := draw.New(vgimg.NewWith(vgimg.UseWH(mapWidth-mapBarColumn, mapHeight), vgimg.UseDPI(plotDPI)))
		fitAspect(p, c, b, (b.MinLat+b.MaxLat)/2)
		if p.Y.Min < -90 || p.Y.Max > 90 {
			t.Errorf("%+v: latitude axis %v to %v", b, p.Y.Min, p.Y.Max)
		}
		if p.Y.Min > b.MinLat || p.Y.Max < b.MaxLat || p.X.Min > b.MinLon || p.X.Max < b.MaxLon {
			t.Errorf("%+v: axes %v..%v, %v..%v cut the data", b, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
		}
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if tk.Label != "" && (strings.HasPrefix(tk.Label, "-") || !strings.HasSuffix(tk.Label, "°") && !strings.HasSuffix(tk.Label, "N") && !strings.HasSuffix(tk.Label, "S")) {
				t.Errorf("%+v: latitude tick %q", b, tk.Label)
			}
		}
	}
}

// TestMapJoinsAntimeridian: a region split by the antimeridian (Russia's
// Chukotka lies at 180°W–169°W) is drawn in one piece, 19°E to 191°E, not
// across the whole world; a region away from it is left alone.
func TestMapJoinsAntimeridian(t *testing.T) {
	ring := func(lo, hi float64) []region.Point {
		return []region.Point{{Lon: lo, Lat: 60}, {Lon: hi, Lat: 60}, {Lon: hi, Lat: 70}, {Lon: lo, Lat: 70}, {Lon: lo, Lat: 60}}
	}
	for _, tc := range []struct {
		name   string
		m      Map
		lo, hi float64
	}{
		{"Russia", Map{Outline: [][]region.Point{ring(-180, -169), ring(19, 180)},
			Cells: []MapCell{{Lat: 65, Lon: -175, DLat: 1, DLon: 2}, {Lat: 65, Lon: 100, DLat: 1, DLon: 2}}}, 19, 191},
		{"Ukraine", Map{Outline: [][]region.Point{ring(22, 40)}}, 22, 40},
		{"Antarctica", Map{Outline: [][]region.Point{ring(-180, 180)}}, -180, 180},
	} {
		m := tc.m
		orig := m.Outline[0][0]
		b, err := mapBounds(&m)
		if err != nil {
			t.Fatal(err)
		}
		if b.MinLon != tc.lo || b.MaxLon != tc.hi {
			t.Errorf("%s: longitudes %v to %v, want %v to %v", tc.name, b.MinLon, b.MaxLon, tc.lo, tc.hi)
		}
		if tc.m.Outline[0][0] != orig {
			t.Errorf("%s: the caller's outline was changed", tc.name)
		}
	}
}
