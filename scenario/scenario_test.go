package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/sim"
	"orbitnet/topology"
)

func TestEmbeddedScenariosResolve(t *testing.T) {
	want := map[string]int{"starlink-shell1": 1584, "starlink-gen1": 4408, "kuiper": 3236, "ukraine": 4408}
	for _, name := range EmbeddedNames() {
		sc, err := Load(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n, ok := want[name]; ok && len(sc.Config.Constellation.Sats) != n {
			t.Errorf("%s: %d satellites, want %d", name, len(sc.Config.Constellation.Sats), n)
		}
		if _, err := sim.NewNetwork(sc.Config); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestDefaults: an almost empty scenario gets every documented default.
func TestDefaults(t *testing.T) {
	sc, err := Parse("min.yaml", "", []byte("constellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Config
	f := sc.File
	checks := []struct {
		name string
		ok   bool
	}{
		{"name", f.Name == "min"},
		{"start", c.Start.Equal(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"duration", c.Duration == 200*time.Second},
		{"step", c.Step == 100*time.Millisecond},
		{"isl", c.ISL.Pattern == topology.PlusGrid && c.ISL.MaxRange == 5016 && c.ISL.MinAltitude == 80},
		{"gsl", c.GSL.MinElevation == 25 && c.GSL.MaxRange == 0 && c.GSL.Policy == topology.AnyVisible && c.GSL.Selection == topology.HighestElevation},
		{"fiber", c.Fiber.RefractiveIndex == 1.468 && c.Fiber.RouteInflation == 1.5 && c.Fiber.PoPMesh},
		{"mode", c.Mode == sim.ISLMode},
		{"pairs", len(c.Pairs) == 1 && sc.PairNames[0] == [2]string{"Kyiv", "Paris"}},
		{"resolved file", *f.Links.GSL.MinElevationDeg == 25 && f.Routing.Mode == "isl" && *f.Output.Plots},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Errorf("default %s not applied", ch.name)
		}
	}
}

// TestErrorsNameLineAndKey: errors point at the offending key.
func TestErrorsNameLineAndKey(t *testing.T) {
	base := "constellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n"
	cases := []struct{ text, want string }{
		{base + "routing: {mode: warp}\n", "f.yaml:5:"},
		{base + "links:\n  isl: {pattern: ring}\n", "f.yaml:6:"},
		{base + "step: 0s\n", "step"},
		{base + "failures:\n  - {kind: meteor}\n", "failures[0].kind"},
		{base + "failures:\n  - {kind: isls, fraction: 1.5, seed: 1}\n", "fraction"},
		{base + "failures:\n  - {kind: planes, planes: [\"550/99\"]}\n", "planes[0]"},
		{base + "output: {all_pairs_limit: -1}\n", "all_pairs_limit"},
		// sim.Config.Validate's field paths, mapped to the file's keys
		{base + "links:\n  fiber: {refractive_index: 3}\n", "f.yaml:6:"},
		{base + "links:\n  fiber: {route_inflation: 0.5}\n", "links.fiber.route_inflation"},
		{base + "links:\n  gsl: {min_elevation_deg: 95}\n", "links.gsl.min_elevation_deg"},
		{"constellation: {preset: starlink-gen1/550, tle: x.tle}\nground:\n  stations: {cities: [Kyiv]}\n", "exactly one"},
		{strings.Replace(base, "[Kyiv, Paris]]", "[Kyiv, Kyiv]]", 1), "both ends"},
		{strings.Replace(base, "pairs: [[Kyiv, Paris]]", "pairs: {each_to: Atlantis}", 1), "pairs.each_to"},
	}
	for _, c := range cases {
		_, err := Parse("f.yaml", "", []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Errorf("%q:\n  err = %v, want %q", c.text, err, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("constellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n")
	f.Add("name: x\nconstellation:\n  shells: [{name: a, planes: 3, per_plane: 4, altitude_km: 550, inclination_deg: 53}]\nground:\n  stations: {nodes: [{name: a, lat_deg: 1, lon_deg: 2}, {name: b, lat_deg: 3, lon_deg: 4}]}\npairs: all\n")
	f.Add("pairs: {each_to: x}\nfailures: [{kind: jamming, region: 'bbox:1,2,3,4'}]")
	f.Add("a: &a [x, x]\nb: &b [*a, *a]\npairs: *b\n")
	f.Add("description: |\n  [[[{\npairs: [[[[[[[[1]]]]]]]]\n")
	f.Add("ground:\n  stations:\n    - - - - - x\n")
	f.Fuzz(func(t *testing.T, text string) {
		// never a panic; an error or a usable configuration
		sc, err := Parse("fuzz.yaml", "", []byte(text))
		if err == nil && (sc.Config.Constellation == nil || sc.Config.Step <= 0) {
			t.Fatalf("accepted without a constellation or a step: %q", text)
		}
	})
}

// TestISLFile: links.isl.file reads Hypatia's isls.txt relative to the
// scenario; its errors name the file and line, or the scenario's key.
func TestISLFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "isls.txt"), []byte("0 1\n1 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("0 1\n1 99999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := "constellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n"
	sc, err := Parse("f.yaml", dir, []byte(base+"links:\n  isl: {file: isls.txt}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Config.ISL.Pattern != topology.ListedISL || len(sc.Config.ISL.Listed) != 2 || sc.File.Links.ISL.Pattern != "file" {
		t.Errorf("isl config %+v", sc.Config.ISL)
	}
	for _, c := range []struct{ text, want string }{
		{base + "links:\n  isl: {pattern: file}\n", "f.yaml:6:18: links.isl.pattern: pattern file needs links.isl.file"},
		{base + "links:\n  isl: {pattern: plus-grid, file: isls.txt}\n", "links.isl.file: a link file goes with pattern file"},
		{base + "links:\n  isl: {file: nothere.txt}\n", "links.isl.file: cannot read nothere.txt"},
		{base + "links:\n  isl: {file: isls.txt, cross_shell: true}\n", "links.isl.cross_shell: cannot be combined with a link file"},
		{base + "links:\n  isl: {file: isls.txt, seam_offset: 1}\n", "links.isl.seam_offset: applies to plus-grid"},
		{base + "links:\n  isl: {file: bad.txt}\n", filepath.Join(dir, "bad.txt") + ":2: satellite index 99999 out of range: the constellation has 1584 satellites"},
	} {
		_, err := Parse("f.yaml", dir, []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n  err = %v, want %q", c.text, err, c.want)
		}
	}
}

// TestPairsAddCities: a pair end that is no ground node but a city of the
// embedded list (or lat,lon) joins the scenario as a station, once, as the
// issue's own example scenario needs (Kyiv is not among the top 100).
func TestPairsAddCities(t *testing.T) {
	sc, err := Parse("f.yaml", "", []byte("constellation: {preset: starlink-gen1/550}\nground:\n  stations: {preset: cities-top100}\n"+
		"pairs: [[Rio de Janeiro, Saint Petersburg], [Kyiv, Frankfurt], [Kiev, \"48.85,2.35\"]]\n"))
	if err != nil {
		t.Fatal(err)
	}
	g := sc.Config.Ground
	if len(g) != 103 {
		t.Fatalf("%d ground nodes, want 100 + Kyiv, Frankfurt and 48.85,2.35", len(g))
	}
	// Frankfurt takes the name the scenario typed for it ("Frankfurt am
	// Main" is the list's); Kiev is Kyiv, already named.
	for i, want := range []string{"Kyiv", "Frankfurt", "48.85,2.35"} {
		if nd := g[100+i]; nd.Name != want || nd.Kind != ground.Station {
			t.Errorf("node %d = %s (%v), want station %s", 100+i, nd.Name, nd.Kind, want)
		}
	}
	if p := sc.Config.Pairs; p[1] != [2]int{100, 101} || p[2] != [2]int{100, 102} {
		t.Errorf("pairs %v", p)
	}
	if sc.PairNames[1] != [2]string{"Kyiv", "Frankfurt"} {
		t.Errorf("pair names %v", sc.PairNames)
	}
}
