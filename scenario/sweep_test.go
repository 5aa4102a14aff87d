package scenario

import (
	"strings"
	"testing"
)

const sweepBase = `name: s
constellation: {shells: [{name: s, planes: 6, per_plane: 6, altitude_km: 1200, inclination_deg: 53, phasing: 1}]}
ground:
  stations: {cities: [Kyiv, Warsaw]}
  gateways: {preset: starlink-gateways}
failures:
  - {kind: satellites, fraction: 0.1, seed: 1}
  - {kind: satellites, names: [s-0-0]}
pairs: [[Kyiv, Warsaw]]
`

func TestSweepVariants(t *testing.T) {
	f, err := ParseFile("s.yaml", "", []byte(sweepBase+`sweep:
  failure_fraction: [0, 0.2]
  seed: [7, 8, 9]
  min_elevation_deg: [30]
  gateways: [[Aerzen], [Kaunas, Muallim]]
`))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := f.Variants()
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 12 {
		t.Fatalf("%d variants, want 2×3×1×2", len(vs))
	}
	var got []string
	for _, v := range vs {
		var ps []string
		for _, p := range v.Params {
			ps = append(ps, p.Key+"="+p.Value)
		}
		got = append(got, strings.Join(ps, " "))
	}
	if got[0] != "failure_fraction=0 seed=7 min_elevation_deg=30 gateways=Aerzen" ||
		got[1] != "failure_fraction=0 seed=7 min_elevation_deg=30 gateways=Kaunas+Muallim" ||
		got[11] != "failure_fraction=0.2 seed=9 min_elevation_deg=30 gateways=Kaunas+Muallim" {
		t.Errorf("order: %q", got)
	}
	// fraction 0 drops the random entry but keeps the named one
	if len(vs[0].File.Failures) != 1 || vs[0].File.Failures[0].Names == nil {
		t.Errorf("variant 0 failures %+v", vs[0].File.Failures)
	}
	v := vs[11].File
	if len(v.Failures) != 2 || v.Failures[0].Fraction != 0.2 || v.Failures[0].Seed != 9 || v.Failures[1].Seed != 0 ||
		*v.Links.GSL.MinElevationDeg != 30 || strings.Join(v.Ground.Gateways.Only, ",") != "Kaunas,Muallim" || v.Sweep != nil {
		t.Errorf("variant 11: %+v", v)
	}
	// the base file is untouched
	if f.Failures[0].Fraction != 0.1 || f.Failures[0].Seed != 1 || f.Ground.Gateways.Only != nil || f.Links.GSL.MinElevationDeg != nil {
		t.Errorf("the sweep changed the base file: %+v", f)
	}
	for _, v := range vs {
		if _, err := ResolveFile(v.File, "s.yaml", ""); err != nil {
			t.Fatalf("%v: %v", v.Params, err)
		}
	}
}

func TestSweepErrors(t *testing.T) {
	for _, c := range []struct{ sweep, want string }{
		{"sweep: {failure_fraction: [0.1, 1.5]}", "s.yaml:10:33: sweep.failure_fraction[1]: 1.5: must be in [0, 1]"},
		{"sweep: {min_elevation_deg: [95]}", "sweep.min_elevation_deg[0]: 95: must be in [0, 90)"},
		{"sweep: {gateways: [[]]}", "sweep.gateways[0]: an empty set"},
		{"sweep: {}", "sweep: give at least one of"},
		{"sweep: {seed: [1, 2], sed: [3]}", "unknown field"},
	} {
		_, err := Parse("s.yaml", "", []byte(sweepBase+c.sweep+"\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.sweep, err, c.want)
		}
	}
	noRandom := strings.Replace(sweepBase, "  - {kind: satellites, fraction: 0.1, seed: 1}\n", "", 1)
	if _, err := Parse("s.yaml", "", []byte(noRandom+"sweep: {seed: [1]}\n")); err == nil || !strings.Contains(err.Error(), "sweep.seed: the scenario has no failures entry") {
		t.Errorf("seed without a random failure: %v", err)
	}
}
