package scenario

import (
	"strings"
	"testing"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/sim"
)

// TestDefaultScenarioPairsOnce: the default scenario's 8 listed pairs are
// among its 100 cities' 4950 pairs, so it reports 4950 pairs, each under
// one name (issue 16: 4958, with "New York" and "New York Newark", "Moscow"
// and "Moskva (Moscow)" for the same nodes).
func TestDefaultScenarioPairsOnce(t *testing.T) {
	sc, err := Load(Default)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(sc.Config.Ground); n != 100 {
		t.Errorf("%d ground nodes, want the 100 cities (no pair end added as a new station)", n)
	}
	net, err := sim.NewNetwork(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(net.PairList()); n != 4950 {
		t.Errorf("%d pairs, want 4950", n)
	}
	names := map[string]bool{}
	for _, g := range sc.Config.Ground {
		names[g.Name] = true
	}
	for k, p := range sc.PairNames {
		for j, nm := range p {
			if g := sc.Config.Ground[sc.Config.Pairs[k][j]]; nm != g.Name {
				t.Errorf("pair %d end %d named %q, its node %q", k, j, nm, g.Name)
			}
		}
	}
	for _, want := range []string{"New York", "Moscow", "Los Angeles", "Cairo", "Saint Petersburg"} {
		if !names[want] {
			t.Errorf("no node named %q", want)
		}
	}
	for _, stale := range []string{"New York Newark", "Moskva (Moscow)"} {
		if names[stale] {
			t.Errorf("node named %q", stale)
		}
	}
}

// TestPairPlaces resolves pair ends: lat,lon is a coordinate, never a fuzzy
// name; every name of a city is the one node at that city; a pair is the
// same in either order.
func TestPairPlaces(t *testing.T) {
	const head = "constellation: {preset: starlink-gen1/550}\n"
	top100 := head + "ground:\n  stations: {preset: cities-top100}\n"
	type end struct {
		name string
		lat  float64
		lon  float64
	}
	tests := []struct {
		name, text string
		wantGround int      // ground nodes after resolution
		wantEnds   [][2]end // each listed pair's ends
		wantErr    string
	}{
		{name: "sign of latitude", text: head + "ground:\n  stations: {cities: [\"10,20\", Frankfurt]}\npairs: [[\"-10,20\", Frankfurt]]\n",
			wantGround: 3, wantEnds: [][2]end{{{"-10,20", -10, 20}, {"Frankfurt", 50.11667, 8.68333}}}},
		{name: "both signs in one pair", text: head + "ground:\n  stations: {cities: [Frankfurt]}\npairs: [[\"10,20\", \"-10,20\"], [\"10,-20\", \"-10,-20\"]]\n",
			wantGround: 5, wantEnds: [][2]end{{{"10,20", 10, 20}, {"-10,20", -10, 20}}, {{"10,-20", 10, -20}, {"-10,-20", -10, -20}}}},
		{name: "poles", text: head + "ground:\n  stations: {cities: [Frankfurt]}\npairs: [[\"90,0\", \"-90,0\"]]\n",
			wantGround: 3, wantEnds: [][2]end{{{"90,0", 90, 0}, {"-90,0", -90, 0}}}},
		{name: "same coordinate written twice", text: head + "ground:\n  stations: {cities: [\"10,20\", Frankfurt, London]}\npairs: [[\"10.0,20\", Frankfurt], [\" 10 , 20.00 \", London]]\n",
			wantGround: 3, wantEnds: [][2]end{{{"10,20", 10, 20}, {"Frankfurt", 50.11667, 8.68333}}, {{"10,20", 10, 20}, {"London", 51.50853, -0.12574}}}},
		{name: "coordinate of a city node", text: top100 + "pairs: [[\"55.754996,37.621849\", Paris]]\n",
			wantGround: 100, wantEnds: [][2]end{{{"Moscow", 55.754996, 37.621849}, {"Paris", 48.85341, 2.3488}}}},
		{name: "latitude out of range", text: top100 + "pairs: [[\"95,20\", Paris]]\n",
			wantErr: `pairs[0][0]: place "95,20": latitude: "95" outside [-90, 90]`},
		{name: "longitude not a number", text: top100 + "pairs: [[\"10,2O\", Paris]]\n",
			wantErr: `pairs[0][0]: place "10,2O": longitude: "2O" is not a finite decimal number`},
		{name: "old and native names are the preset's node", text: top100 + "pairs: [[Moskva, Paris], [New York Newark, Moskva (Moscow)]]\n",
			wantGround: 100, wantEnds: [][2]end{{{"Moscow", 55.754996, 37.621849}, {"Paris", 48.85341, 2.3488}},
				{{"New York", 40.717042, -74.003663}, {"Moscow", 55.754996, 37.621849}}}},
		{name: "former names are not printed", text: top100 + "pairs: [[Bombay, Cairo], [Mumbai, Osaka]]\n",
			wantGround: 100, wantEnds: [][2]end{{{"Mumbai", 19.073975, 72.880838}, {"Cairo", 30.039173, 31.239411}},
				{{"Mumbai", 19.073975, 72.880838}, {"Osaka", 34.675834, 135.553823}}}},
		{name: "typed name of the same city", text: top100 + "pairs: [[Mumbai, Cairo], [Bombay, Osaka]]\n",
			wantGround: 100, wantEnds: [][2]end{{{"Mumbai", 19.073975, 72.880838}, {"Cairo", 30.039173, 31.239411}},
				{{"Mumbai", 19.073975, 72.880838}, {"Osaka", 34.675834, 135.553823}}}},
		{name: "a city added once under two names", text: top100 + "pairs: [[Lviv, Paris], [Lvov, London]]\n",
			wantGround: 101, wantEnds: [][2]end{{{"Lviv", 49.837969, 24.032508}, {"Paris", 48.85341, 2.3488}},
				{{"Lviv", 49.837969, 24.032508}, {"London", 51.50853, -0.12574}}}},
		{name: "a file's stale name", text: head + "ground:\n  stations:\n    nodes: [{name: Lvov, lat_deg: 49.837969, lon_deg: 24.032508}, {name: Kiev, lat_deg: 50.445368, lon_deg: 30.518634}]\npairs: [[Lviv, Kyiv]]\n",
			wantGround: 2, wantEnds: [][2]end{{{"Lviv", 49.837969, 24.032508}, {"Kyiv", 50.445368, 30.518634}}}},
		{name: "reversed pair", text: top100 + "pairs: [[Paris, Moscow], [Moskva, Paris]]\n",
			wantErr: "pairs[1]: pair Moscow–Paris is pairs[0] again (a pair is the same in either order)"},
		{name: "same pair under other names", text: head + "ground:\n  stations: {preset: cities-top1000}\npairs: [[Lviv, Kyiv], [Lvov, Kiev]]\n",
			wantErr: "pairs[1]: pair Lviv–Kyiv is pairs[0] again"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse("f.yaml", "", []byte(tc.text))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			g := sc.Config.Ground
			if len(g) != tc.wantGround {
				t.Errorf("%d ground nodes, want %d", len(g), tc.wantGround)
			}
			if len(sc.Config.Pairs) != len(tc.wantEnds) {
				t.Fatalf("%d pairs, want %d", len(sc.Config.Pairs), len(tc.wantEnds))
			}
			for k, p := range sc.Config.Pairs {
				for j, want := range tc.wantEnds[k] {
					nd := g[p[j]]
					if nd.Name != want.name || nd.Pos != (frame.Geodetic{Lat: units.Deg(want.lat), Lon: units.Deg(want.lon)}) {
						t.Errorf("pair %d end %d = %q at %v, want %q at %v,%v", k, j, nd.Name, nd.Pos, want.name, want.lat, want.lon)
					}
					if sc.PairNames[k][j] != nd.Name {
						t.Errorf("pair %d end %d named %q, its node %q", k, j, sc.PairNames[k][j], nd.Name)
					}
				}
			}
			seen := map[string]bool{}
			for _, nd := range g {
				if seen[strings.ToLower(nd.Name)] {
					t.Errorf("two nodes named %q", nd.Name)
				}
				seen[strings.ToLower(nd.Name)] = true
			}
		})
	}
}

// TestUkraineNames: the ukraine scenario's cities carry the names it gives
// them (issue 16: the outputs said Lvov and Dnipropetrovsk).
func TestUkraineNames(t *testing.T) {
	sc, err := Load("ukraine")
	if err != nil {
		t.Fatal(err)
	}
	var terms []string
	for _, g := range sc.Config.Ground {
		if g.Kind == ground.Terminal && !strings.HasPrefix(g.Name, "UA-") {
			terms = append(terms, g.Name)
		}
	}
	if got, want := strings.Join(terms, ", "), "Kyiv, Kharkiv, Odesa, Dnipro, Lviv"; got != want {
		t.Errorf("city terminals %s, want %s", got, want)
	}
	for _, p := range sc.PairNames {
		if p[1] != "Warsaw" {
			t.Errorf("pair %s–%s, want each to Warsaw", p[0], p[1])
		}
	}
}
