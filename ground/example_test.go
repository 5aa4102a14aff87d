package ground_test

import (
	"fmt"
	"strings"

	"orbitnet/ground"
)

func ExampleLookupCity() {
	for _, name := range []string{"Kiev", "Frankfurt", "st. petersburg", "Kiyv"} {
		city, err := ground.LookupCity(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %s at %.4f, %.4f\n", name, city.Name, city.Pos.Lat, city.Pos.Lon)
	}
	// Output:
	// Kiev: Kyiv at 50.4454, 30.5186
	// Frankfurt: Frankfurt am Main at 50.1167, 8.6833
	// st. petersburg: Sankt Peterburg (Saint Petersburg) at 59.9299, 30.3262
	// unknown city "Kiyv"; did you mean Kyiv?
}

func ExampleParsePlace() {
	for _, s := range []string{"50.45,30.52", "Warsaw", "50,200"} {
		n, err := ground.ParsePlace(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s (%v)\n", n.Name, n.Kind)
	}
	// Output:
	// 50.45,30.52 (station)
	// Warszawa (Warsaw) (station)
	// place "50,200": longitude: "200" outside [-180, 180]
}

func ExamplePreset() {
	pops, err := ground.Preset("starlink-pops")
	if err != nil {
		panic(err)
	}
	warsaw, err := ground.Find(pops, "Warsaw")
	if err != nil {
		panic(err)
	}
	fmt.Println(len(pops), "PoPs;", warsaw.Name, warsaw.ID, warsaw.Country)

	gateways, _ := ground.Preset("starlink-gateways")
	gw, _ := ground.Find(gateways, "Wola Krobowska")
	fmt.Printf("%d gateways; %s: %d antennas, %s band\n", len(gateways), gw.Name, gw.AntennaCount(), gw.Band)
	// Output:
	// 65 PoPs; Warsaw wrswpol1 Poland
	// 261 gateways; Wola Krobowska, PL: 8 antennas, Ka band
}

func ExampleGeodesic() {
	kyiv, _ := ground.LookupCity("Kyiv")
	warsaw, _ := ground.LookupCity("Warsaw")
	fmt.Printf("Kyiv–Warsaw: %.3f km\n", ground.Geodesic(kyiv.Pos, warsaw.Pos).Km())
	// Output:
	// Kyiv–Warsaw: 691.019 km
}

func ExampleReadCSV() {
	const good = `name,lat_deg,lon_deg,alt_m
Kyiv,50.4501,30.5234,179
Lviv,49.8397,24.0297,296
`
	nodes, err := ground.ReadCSV(strings.NewReader(good), "ua.csv", ground.Terminal)
	if err != nil {
		panic(err)
	}
	for _, n := range nodes {
		fmt.Printf("%s %v %.4f %.4f %.3f km\n", n.Name, n.Kind, n.Pos.Lat, n.Pos.Lon, n.Pos.Alt)
	}

	const bad = `name,lat_deg,lon_deg
Kyiv,50.4501,30.5234
Odesa,91.5,30.7233
`
	_, err = ground.ReadCSV(strings.NewReader(bad), "ua.csv", ground.Terminal)
	fmt.Println(err)
	// Output:
	// Kyiv terminal 50.4501 30.5234 0.179 km
	// Lviv terminal 49.8397 24.0297 0.296 km
	// ua.csv:3: field lat_deg: "91.5" outside [-90, 90]
}

func ExampleReadCSV_hypatia() {
	const in = "0,Paris,48.8534100000,2.3488000000,0\n1,Moskva-(Moscow),55.7549960000,37.6218490000,0\n"
	nodes, err := ground.ReadCSV(strings.NewReader(in), "grid.txt", ground.Station)
	if err != nil {
		panic(err)
	}
	for _, n := range nodes {
		fmt.Printf("%s: %q\n", n.ID, n.Name)
	}
	// Output:
	// 0: "Paris"
	// 1: "Moskva (Moscow)"
}
