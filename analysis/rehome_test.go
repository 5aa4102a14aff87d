package analysis_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orbitnet/analysis"
	"orbitnet/scenario"
)

// rehomeYAML is a Frankfurt → New York flight in starlink mode, with a
// station in New York that it reaches.
const rehomeYAML = `name: rehome
start: 2026-02-23T08:00:00Z
duration: 7h
step: 1h
constellation: {preset: starlink-gen1}
ground:
  terminals:
    tracks:
      - name: LH400
        flight: {from: FRA, to: JFK, depart: 5m, cruise_kmh: 900, cruise_alt_m: 11000, climb_mps: 10, descent_mps: 8}
  stations:
    cities: [New York]
  gateways: {preset: starlink-gateways}
  pops: {preset: starlink-pops}
links:
  isl: {pattern: plus-grid, max_range_km: 5016, min_altitude_km: 80}
  gsl: {min_elevation_deg: 25, policy: slot, selection: highest-elevation}
  fiber: {refractive_index: 1.468, route_inflation: 1.5}
pairs:
  - [LH400, New York]
`

// TestStarlinkMovingTerminalRehomes: in starlink mode an aircraft homes,
// step by step, to the PoP a terminal where it is would home to —
// Frankfurt at the gate in Frankfurt, New York after landing at JFK — so
// that its traffic to New York does not cross the Atlantic twice; with its
// home set by the scenario it keeps that home all the way. A station's home
// never changes.
func TestStarlinkMovingTerminalRehomes(t *testing.T) {
	run := func(routing string) ([]string, []float64) {
		t.Helper()
		sc, err := scenario.Parse("rehome.yaml", "", []byte(rehomeYAML+routing))
		if err != nil {
			t.Fatal(err)
		}
		net, _, err := analysis.Networks(sc)
		if err != nil {
			t.Fatal(err)
		}
		node := func(name string) int {
			for i, g := range net.Cfg.Ground {
				if g.Name == name {
					return i
				}
			}
			t.Fatalf("no ground node %q", name)
			return -1
		}
		plane, station := node("LH400"), node("New York")
		ws := net.NewWorkspace()
		var homes []string
		var rtts []float64
		for _, off := range []time.Duration{0, 3*time.Hour + 30*time.Minute, 7 * time.Hour} {
			ws.Build(off)
			homes = append(homes, net.Cfg.Ground[ws.StarlinkHome(plane)].Name)
			if h := ws.StarlinkHome(station); h != net.StarlinkHome(station) {
				t.Errorf("%s at %v: the New York station's home moved to %d", routing, off, h)
			}
			v, _ := ws.Route(plane, station, nil)
			rtts = append(rtts, 2*v.Delay.Ms())
		}
		return homes, rtts
	}
	homes, rtts := run("routing: {mode: starlink}\n")
	if !strings.HasPrefix(homes[0], "Frankfurt") || !strings.HasPrefix(homes[2], "New York") {
		t.Fatalf("homes along the flight %q: want Frankfurt at the gate and New York after landing", homes)
	}
	t.Logf("re-homed: homes %q, RTTs %.1f ms", homes, rtts)
	pinned, prtts := run("routing: {mode: starlink, starlink: {homes: {LH400: Frankfurt}}}\n")
	t.Logf("homed in Frankfurt: RTTs %.1f ms", prtts)
	for i, h := range pinned {
		if !strings.HasPrefix(h, "Frankfurt") {
			t.Fatalf("home set to Frankfurt, but %q at check %d", h, i)
		}
	}
	// After landing, homed in New York: no round trip to Frankfurt's PoP
	// (about 6,200 km of fibre each way, ×1.5 inflation, at c/1.468: over
	// 90 ms of RTT).
	if !(rtts[2] < prtts[2]-50) {
		t.Fatalf("RTT to New York after landing: %.1f ms re-homed, %.1f ms homed in Frankfurt; want the first well below", rtts[2], prtts[2])
	}
	if rtts[0] != prtts[0] {
		t.Fatalf("at the gate both are homed in Frankfurt, but the RTTs differ: %.3f, %.3f ms", rtts[0], prtts[0])
	}
}

// TestTimelineNamesHomePoP: terminal_timeline.csv names the home PoP of
// each interval in starlink mode, and starts a new interval when a moving
// terminal is re-homed: the flight of rehomeYAML leaves Frankfurt homed to
// Frankfurt and lands homed to New York.
func TestTimelineNamesHomePoP(t *testing.T) {
	sc, err := scenario.Parse("rehome.yaml", "", []byte(rehomeYAML+"routing: {mode: starlink}\noutput: {plots: false}\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := analysis.Run(context.Background(), sc, dir, analysis.RunOptions{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(mustOpen(t, filepath.Join(dir, "terminal_timeline.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "terminal,from_s,until_s,satellite,gateway_direct,cause,pop" {
		t.Fatalf("header %q", got)
	}
	var pops []string
	for _, r := range rows[1:] {
		if r[0] != "LH400" {
			continue
		}
		if r[6] == "" {
			t.Fatalf("interval %v: no PoP in starlink mode", r)
		}
		if len(pops) == 0 || pops[len(pops)-1] != r[6] {
			pops = append(pops, r[6])
		}
	}
	if len(pops) < 2 || !strings.HasPrefix(pops[0], "Frankfurt") || !strings.HasPrefix(pops[len(pops)-1], "New York") {
		t.Fatalf("PoPs along the flight %q: want Frankfurt first and New York last", pops)
	}
	t.Logf("PoPs along the flight: %q", pops)
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
