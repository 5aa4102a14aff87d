package region

import (
	"math"
	"testing"
)

// sumRel is the relative rounding allowed on an area summed over many
// cells (up to 10⁵ additions) and compared with the closed form.
const sumRel = 1e-9

// sameKm2 is the difference allowed, in km², between the area of a
// one-cell grid and the region's own area (regions of 1–100 km²): the
// rounding of one closed-form area evaluated twice.
const sameKm2 = 1e-9

// TestGridAreaSum checks that the cell areas of a large country add up to
// its area: only the cells cut by the border contribute error.
func TestGridAreaSum(t *testing.T) {
	tests := []struct {
		country string
		cellKm  float64
		tol     float64 // relative
	}{
		{"Ukraine", 25, 0.01},
		{"Ukraine", 10, 0.002},
		{"Russia", 50, 0.005},
		{"United States", 50, 0.005},
		{"Brazil", 50, 0.005},
		{"Antarctica", 100, 0.01},
	}
	for _, tc := range tests {
		r := mustLookup(t, tc.country)
		sum := 0.0
		for _, c := range r.Grid(tc.cellKm) {
			sum += c.AreaKm2
		}
		area := r.AreaKm2()
		if math.Abs(sum-area) > tc.tol*area {
			t.Errorf("%s at %g km: cells sum to %.0f km², area %.0f (%.2f%%)",
				tc.country, tc.cellKm, sum, area, 100*(sum/area-1))
		}
	}
}

// TestGridMatchesContains compares Grid with a direct test of every cell
// centre of the global grid near each region: the cells returned must be
// exactly those whose centre Contains accepts.
func TestGridMatchesContains(t *testing.T) {
	regions := []*Region{
		mustLookup(t, "Ukraine"), mustLookup(t, "Russia"), mustLookup(t, "Fiji"),
		mustLookup(t, "South Africa"), mustLookup(t, "Antarctica"), mustLookup(t, "Norway"),
		mustRead(t, `{"type":"Polygon","coordinates":[[[178,-17],[-178,-17],[-178,-19],[178,-19],[178,-17]]]}`),
		mustRead(t, `{"type":"Polygon","coordinates":[[[0,80],[90,80],[180,80],[-90,80],[0,80]]]}`),
	}
	const cellKm = 60.0
	R := EarthRadiusKm
	rows := int(math.Round(math.Pi * R / cellKm))
	dLat := 180 / float64(rows)
	for _, r := range regions {
		got := map[[2]float64]bool{}
		prev := Cell{Lat: -91}
		for _, c := range r.Grid(cellKm) {
			if c.Lat < prev.Lat || (c.Lat == prev.Lat && c.Lon <= prev.Lon) {
				t.Errorf("%s: cell %+v after %+v: not south-to-north, west-to-east", r.Name, c, prev)
			}
			prev = c
			got[[2]float64{c.Lat, c.Lon}] = true
			if !r.Contains(c.Lat, c.Lon) {
				t.Errorf("%s: cell %+v is outside the region", r.Name, c)
			}
		}
		// Every cell centre of the global grid within the region's
		// latitude range.
		for i := range rows {
			lat := -90 + (float64(i)+0.5)*dLat
			if lat < r.bounds.MinLat-dLat || lat > r.bounds.MaxLat+dLat {
				continue
			}
			m := max(1, int(math.Round(2*math.Pi*R*math.Cos(lat*degree)/cellKm)))
			dLon := 360 / float64(m)
			for j := range m {
				lon := -180 + (float64(j)+0.5)*dLon
				if in := r.Contains(lat, lon); in != got[[2]float64{lat, lon}] {
					t.Errorf("%s: Contains(%v, %v) = %v, but Grid says %v", r.Name, lat, lon, in, !in)
				}
			}
		}
	}
}

// TestGridCellAreas checks the equal-area construction: the cells of the
// whole sphere sum to 4πR², and below 60° latitude no cell's area differs
// from cellKm² by more than the rounding of the row count (here 200.15 to
// 200 rows: 0.07 %) and of the cells per row (cellKm/(4πR·cos 60°) =
// 0.25 %) allow.
func TestGridCellAreas(t *testing.T) {
	world := mustRead(t, `{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]}`)
	const cellKm = 100.0
	cells := world.Grid(cellKm)
	sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	for _, c := range cells {
		sum += c.AreaKm2
		if math.Abs(c.Lat) < 60 {
			lo, hi = min(lo, c.AreaKm2), max(hi, c.AreaKm2)
		}
	}
	sphere := 4 * math.Pi * EarthRadiusKm * EarthRadiusKm
	if math.Abs(sum-sphere) > sumRel*sphere {
		t.Errorf("world cells sum to %.3f km², sphere %.3f", sum, sphere)
	}
	if lo < 0.9968*cellKm*cellKm || hi > 1.0032*cellKm*cellKm {
		t.Errorf("cell areas below 60° range %.1f–%.1f km², want about %.0f", lo, hi, cellKm*cellKm)
	}
	if want := int(sphere / (cellKm * cellKm)); math.Abs(float64(len(cells)-want)) > 0.01*float64(want) {
		t.Errorf("%d cells, want about %d", len(cells), want)
	}
}

func TestGridSmallRegion(t *testing.T) {
	// A 0.01° square (about 1 km²) and a thin C shape whose middle is
	// outside: both get one cell inside them.
	tests := []string{
		`{"type":"Polygon","coordinates":[[[30.51,50.44],[30.52,50.44],[30.52,50.45],[30.51,50.45],[30.51,50.44]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[0.3,0],[0.3,0.01],[0.01,0.01],[0.01,0.29],[0.3,0.29],[0.3,0.3],[0,0.3],[0,0]]]}`,
	}
	for _, g := range tests {
		r := mustRead(t, g)
		cells := r.Grid(100)
		if len(cells) != 1 {
			t.Fatalf("%d cells, want 1", len(cells))
		}
		c := cells[0]
		if !r.Contains(c.Lat, c.Lon) {
			t.Errorf("cell %+v is outside", c)
		}
		if math.Abs(c.AreaKm2-r.AreaKm2()) > sameKm2 {
			t.Errorf("cell area %v, region area %v", c.AreaKm2, r.AreaKm2())
		}
	}
}

func TestGridPanics(t *testing.T) {
	for _, km := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Grid(%v) did not panic", km)
				}
			}()
			mustRead(t, squareWithHole).Grid(km)
		}()
	}
}

func BenchmarkGridRussia25km(b *testing.B) {
	r, err := Lookup("Russia")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r.Grid(25)
	}
}
