package ground

import (
	"slices"
	"strings"
	"testing"
)

// TestPresetPopulations checks the populations joined from the GeoNames
// table: every top-100 city has one, and the top-1000 list lacks exactly
// the cities that data/geonames/PROVENANCE.md lists as unmatched.
func TestPresetPopulations(t *testing.T) {
	top100, err := Preset("cities-top100")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range top100 {
		if c.Population <= 0 {
			t.Errorf("cities-top100 %s (id %s): no population", c.Name, c.ID)
		}
	}
	top1000, err := Preset("cities-top1000")
	if err != nil {
		t.Fatal(err)
	}
	var unknown []string
	for i, c := range top1000 {
		if c.Population == 0 {
			unknown = append(unknown, c.ID)
		}
		if i < len(top100) && c != top100[i] {
			t.Errorf("row %d: top-1000 %+v, top-100 %+v", i, c, top100[i])
		}
	}
	want := strings.Fields("247 287 295 358 441 464 467 500 514 520 527 570 575 579 614 632 648 650 675 " +
		"694 719 733 754 769 786 800 839 846 850 912 936 962 972 973 982 986 990")
	if !slices.Equal(unknown, want) {
		t.Errorf("cities-top1000 without population: %v\nwant %v", unknown, want)
	}
	for _, tc := range []struct {
		name string
		pop  int
	}{
		{"Tokyo", 8336599},                // matched by name
		{"New York", 8175133},             // manual: New York City
		{"Los Angeles", 3971883},          // leading words of the agglomeration's name
		{"Kinki M.M.A. (Osaka)", 2592413}, // the part in parentheses
	} {
		c, err := Find(top1000, tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		} else if c.Population != tc.pop {
			t.Errorf("%s: population %d, want %d", tc.name, c.Population, tc.pop)
		}
	}
	grid, err := Preset("paris-moscow-grid")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range grid {
		if n.Population != 0 {
			t.Errorf("paris-moscow-grid %s: population %d, want none", n.Name, n.Population)
		}
	}
}

// TestJoinPopulationsChecksNames checks that the join by id refuses a
// city list whose names are not the table's.
func TestJoinPopulationsChecksNames(t *testing.T) {
	raw := []byte("0,Tokyo,35.6895,139.69171,0\n1,Delhi,28.66667,77.21667,0\n")
	nodes := make([]Node, 2)
	if err := joinPopulations(nodes, raw); err != nil {
		t.Fatalf("matching names: %v", err)
	}
	if nodes[0].Population != 8336599 || nodes[1].Population != 10927986 {
		t.Errorf("populations %d, %d", nodes[0].Population, nodes[1].Population)
	}
	raw = []byte("0,Tokyo,35.6895,139.69171,0\n1,Paris,48.85341,2.3488,0\n")
	err := joinPopulations(make([]Node, 2), raw)
	if err == nil || !strings.Contains(err.Error(), `"Delhi"`) {
		t.Errorf("mismatched name: err = %v, want one naming Delhi", err)
	}
}
