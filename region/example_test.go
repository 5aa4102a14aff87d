package region_test

import (
	"fmt"
	"strings"

	"orbitnet/region"
)

func ExampleLookup() {
	ua, err := region.Lookup("UA")
	if err != nil {
		panic(err)
	}
	fmt.Println(ua.Name, ua.ISO, ua.ISO2)
	fmt.Println("Kyiv:", ua.Contains(50.4501, 30.5234))
	fmt.Println("Simferopol:", ua.Contains(44.9521, 34.1024))
	fmt.Println("Warsaw:", ua.Contains(52.2297, 21.0122))

	_, err = region.Lookup("Ukrane")
	fmt.Println(err)
	// Output:
	// Ukraine UKR UA
	// Kyiv: true
	// Simferopol: true
	// Warsaw: false
	// unknown region "Ukrane"; did you mean Ukraine?
}

func ExampleRegion_Grid() {
	ua, _ := region.Lookup("Ukraine")
	cells := ua.Grid(50)
	sum := 0.0
	for _, c := range cells {
		sum += c.AreaKm2
	}
	fmt.Printf("%d cells of about 50 km; %.0f km² of %.0f km²\n", len(cells), sum, ua.AreaKm2())
	fmt.Printf("first cell: %.3f°N %.3f°E, %.1f km²\n", cells[0].Lat, cells[0].Lon, cells[0].AreaKm2)
	// Output:
	// 236 cells of about 50 km; 590453 km² of 600060 km²
	// first cell: 44.775°N 33.908°E, 2503.3 km²
}

func ExampleRead() {
	const box = `{"type": "Feature", "properties": {"name": "Box"},
	  "geometry": {"type": "Polygon", "coordinates": [
	    [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
	    [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]]}}`
	r, err := region.Read(strings.NewReader(box), "box.geojson")
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Name, r.Contains(2, 2), r.Contains(5, 5), r.Bounds())
	fmt.Printf("%.0f km²\n", r.AreaKm2())

	_, err = region.Read(strings.NewReader(`{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}`), "bad.geojson")
	fmt.Println(err)
	// Output:
	// Box true false {0 0 10 10}
	// 1180900 km²
	// bad.geojson: Polygon: ring 0: 3 positions; a closed ring needs at least 4
}
