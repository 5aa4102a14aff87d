package starlink

import (
	"testing"

	"orbitnet/ground"
)

func TestHome(t *testing.T) {
	pops, err := ground.Preset("starlink-pops")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		place string // lat,lon
		want  string // PoP code
	}{
		{"50.45,30.52", "wrswpol1"},   // Kyiv: Ukraine → Warsaw
		{"46.48,30.73", "wrswpol1"},   // Odesa: outside the 1:110m outline, 25 km from it
		{"49.84,24.03", "wrswpol1"},   // Lviv
		{"50.67,4.61", "frntdeu1"},    // Louvain-la-Neuve, Belgium
		{"1.42,173.0", "acklnzl1"},    // Tarawa, Kiribati (Speidel 2023)
		{"-36.85,174.76", "acklnzl1"}, // Auckland
		{"43.66,-70.26", "nwyynyx1"},  // Portland, Maine: nearest US PoP, not Montreal
		{"47.61,-122.33", "sttlwax1"}, // Seattle
		{"-33.45,-70.67", "sntochl1"}, // Santiago: nearest PoP
	}
	for _, tc := range tests {
		nd, err := ground.ParsePlace(tc.place)
		if err != nil {
			t.Fatal(err)
		}
		i := Home(pops, nd)
		if i < 0 || pops[i].ID != tc.want {
			got := "none"
			if i >= 0 {
				got = pops[i].ID
			}
			t.Errorf("%s homes to %s, want %s", tc.place, got, tc.want)
		}
	}
}

func TestHomesOverride(t *testing.T) {
	pops, err := ground.Preset("starlink-pops")
	if err != nil {
		t.Fatal(err)
	}
	kyiv, _ := ground.ParsePlace("50.45,30.52")
	kyiv.Kind, kyiv.Name = ground.Terminal, "Kyiv"
	nodes := append([]ground.Node{kyiv}, pops...)
	homes, err := Homes(nodes, map[string]string{"Kyiv": "Frankfurt"})
	if err != nil || nodes[homes[0]].ID != "frntdeu1" {
		t.Errorf("override: %v, %v", homes, err)
	}
	if _, err := Homes(nodes, map[string]string{"Kyiv": "Atlantis"}); err == nil {
		t.Error("unknown PoP accepted")
	}
	if _, err := Homes(nodes, map[string]string{"Odesa": "Warsaw"}); err == nil {
		t.Error("unknown terminal accepted")
	}
}
