package sim

import (
	"math"
	"strings"
	"testing"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/starlink"
)

// closeMs is the tolerance on a path's delay summed hop by hop against the
// engine's shortest-path distance (rounding of the additions only).
const closeMs = 1e-9

func TestPolicyRegistry(t *testing.T) {
	want := []Mode{ISLMode, BentPipe, Hybrid, Starlink}
	got := Modes()
	if len(got) != len(want) {
		t.Fatalf("Modes() = %v, want %v", got, want)
	}
	for i, m := range want {
		if got[i] != m {
			t.Errorf("Modes()[%d] = %q, want %q", i, got[i], m)
		}
		p, err := PolicyOf(m)
		if err != nil || p.Mode() != m {
			t.Errorf("PolicyOf(%q) = %v, %v", m, p, err)
		}
	}
	_, err := PolicyOf("warp")
	if err == nil || err.Error() != `"warp": must be isl, bent-pipe, hybrid or starlink` {
		t.Errorf("PolicyOf(warp): %v", err)
	}
}

func TestConfigValidateFields(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(c *Config)
		field string // "" = valid
	}{
		{"ok", func(c *Config) {}, ""},
		{"no satellites", func(c *Config) { c.Constellation = nil }, "constellation"},
		{"step", func(c *Config) { c.Step = 0 }, "step"},
		{"elevation", func(c *Config) { c.GSL.MinElevation = 90 }, "gsl.min_elevation_deg"},
		{"mode", func(c *Config) { c.Mode = "warp" }, "mode"},
		{"refractive index 3", func(c *Config) { c.Fiber.RefractiveIndex = 3 }, "fiber.refractive_index"},
		{"refractive index below 1", func(c *Config) { c.Mode = Hybrid; c.Fiber.RefractiveIndex = 0.9 }, "fiber.refractive_index"},
		{"inflation 10", func(c *Config) { c.Fiber.RouteInflation = 10 }, "fiber.route_inflation"},
		{"isl mode without fibre", func(c *Config) { c.Fiber = FiberConfig{} }, ""},
		{"hybrid without fibre", func(c *Config) { c.Mode = Hybrid; c.Fiber = FiberConfig{} }, "fiber.refractive_index"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := baseConfig(t)
			tc.edit(&cfg)
			err := cfg.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			fe, ok := AsFieldError(err)
			if !ok || fe.Field != tc.field {
				t.Fatalf("Validate = %v, want a FieldError on %s", err, tc.field)
			}
			if _, err := NewNetwork(cfg); err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("NewNetwork = %v, want the same field error", err)
			}
		})
	}
}

// TestHops: in every mode, the hops of a routed path are the arcs of the
// graph the engine routed on: their delays add up to the path's delay, and
// their kinds follow the nodes (and the policy's traits).
// hopsConfig returns a configuration in the given mode with the 100 largest
// cities, three gateways and two PoPs (PoP mesh on), and pairs of cities,
// some near the gateways, which bent pipe reaches.
func hopsConfig(t *testing.T, mode Mode) Config {
	gws := []ground.Node{
		{Name: "GW Warsaw", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 52, Lon: 21}},
		{Name: "GW Frankfurt", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 50.3, Lon: 8.5}},
		{Name: "GW Madrid", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 40.4, Lon: -3.7}},
		{Name: "Warsaw", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 52.2, Lon: 21}},
		{Name: "Frankfurt", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 50.1, Lon: 8.7}},
	}
	cfg := baseConfig(t)
	cfg.Ground = append(cities(t, "cities-top100")[:0:0], cities(t, "cities-top100")...)
	cfg.Ground = append(cfg.Ground, gws...)
	cfg.Mode = mode
	cfg.Fiber.PoPMesh = true
	cfg.AllPairs = false
	if mode == Starlink {
		cfg.Starlink.Params = starlink.Defaults
	}
	var pairs [][2]int
	for g, nd := range cfg.Ground {
		if nd.Kind == ground.Station && g%17 == 0 {
			pairs = append(pairs, [2]int{g, (g + 40) % 100})
		}
	}
	// and pairs near the gateways, which bent pipe reaches
	var near []int
	for g, nd := range cfg.Ground {
		if nd.Kind == ground.Station && ground.Geodesic(nd.Pos, gws[1].Pos) < 1500 {
			near = append(near, g)
		}
	}
	for i := 1; i < len(near); i++ {
		pairs = append(pairs, [2]int{near[i-1], near[i]})
	}
	cfg.Pairs = pairs
	return cfg
}

// hopsStep builds hopsConfig's network and its first step.
func hopsStep(t *testing.T, mode Mode) (*Network, *Workspace) {
	net, err := NewNetwork(hopsConfig(t, mode))
	if err != nil {
		t.Fatal(err)
	}
	ws := net.NewWorkspace()
	ws.Build(0)
	return net, ws
}

// eachRoute routes every pair on the workspace's step and calls fn for
// those reachable; it fails the test if none is.
func eachRoute(t *testing.T, ws *Workspace, pairs [][2]int, fn func(p [2]int, pv PairValue, path []int32)) {
	t.Helper()
	reached := 0
	for _, p := range pairs {
		pv, path := ws.Route(p[0], p[1], nil)
		if pv.Reachable() {
			reached++
			fn(p, pv, path)
		}
	}
	if reached == 0 {
		t.Fatal("no pair reachable")
	}
}

func TestHops(t *testing.T) {
	for _, mode := range Modes() {
		t.Run(string(mode), func(t *testing.T) {
			net, ws := hopsStep(t, mode)
			tr := net.Policy().Traits()
			eachRoute(t, ws, net.Cfg.Pairs, func(p [2]int, pv PairValue, path []int32) {
				hops := ws.Hops(path, nil)
				if len(hops) != int(pv.Hops) {
					t.Fatalf("%v: %d hops, pair value says %d", p, len(hops), pv.Hops)
				}
				sum := 0.0
				for _, h := range hops {
					if !(h.Delay >= 0) || !(h.Length >= 0) {
						t.Fatalf("%v: hop %+v", p, h)
					}
					switch h.Kind {
					case LinkISL:
						if !tr.ISLs {
							t.Errorf("%v: laser hop in mode %s", p, mode)
						}
					case LinkUserUp:
						if tr.UplinkCopies && net.KindOf(h.To) != UplinkCopyNode {
							t.Errorf("%v: bent-pipe uplink to %d, not an uplink copy", p, h.To)
						}
					case LinkFiber, LinkPoPMesh:
						if !tr.GroundRelay {
							t.Errorf("%v: fibre hop in mode %s", p, mode)
						}
					case LinkTerrestrial:
						if !tr.Internet {
							t.Errorf("%v: Internet hop in mode %s", p, mode)
						}
					}
					if h.Kind.Vacuum() {
						// a radio or laser link's length is its delay at c
						if d := math.Abs(h.Delay.Ms() - h.Length.Km()/299792.458*1000); d > closeMs {
							t.Errorf("%v: hop %+v: length and delay disagree by %g ms", p, h, d)
						}
					}
					sum += h.Delay.Ms()
				}
				if !tr.Internet && math.Abs(sum-pv.Delay.Ms()) > closeMs {
					t.Errorf("%v: hops add up to %.9f ms, path %.9f ms", p, sum, pv.Delay)
				}
			})
		})
	}
}
