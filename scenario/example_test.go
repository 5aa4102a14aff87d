package scenario_test

import (
	"fmt"

	"orbitnet/scenario"
)

// Parse resolves a scenario: presets expanded, defaults filled in, names
// looked up, and the engine configuration built.
func ExampleParse() {
	sc, err := scenario.Parse("example.yaml", "", []byte(`
name: example
start: 2026-02-23T00:00:00Z
duration: 200s
step: 100ms
constellation: {preset: starlink-gen1/550}
ground:
  stations: {cities: [Kyiv, Frankfurt, Warsaw]}
pairs: [[Kyiv, Frankfurt]]
`))
	if err != nil {
		panic(err)
	}
	cfg := sc.Config
	fmt.Printf("%d satellites, %d steps\n", len(cfg.Constellation.Sats), cfg.Steps())
	fmt.Printf("lasers: %s up to %g km\n", cfg.ISL.Pattern, cfg.ISL.MaxRange)
	fmt.Printf("ground links: mask %g°, policy %s; routing %s\n", cfg.GSL.MinElevation, cfg.GSL.Policy, cfg.Mode)
	fmt.Printf("pair: %s – %s\n", sc.PairNames[0][0], sc.PairNames[0][1])
	// Output:
	// 1584 satellites, 2001 steps
	// lasers: plus-grid up to 5016 km
	// ground links: mask 25°, policy any; routing isl
	// pair: Kyiv – Frankfurt
}

// Errors name the file, line, column and key.
func ExampleParse_error() {
	_, err := scenario.Parse("bad.yaml", "", []byte(`
name: bad
duration: 200s
step: 100ms
constellation: {preset: starlink-gen1}
links:
  gsl: {min_elevation: 25}
`))
	fmt.Println(err)
	// Output:
	// bad.yaml:7:9: links.gsl: unknown field "min_elevation"; did you mean min_elevation_deg? valid keys here: min_elevation_deg, max_range_km, policy, selection
}
