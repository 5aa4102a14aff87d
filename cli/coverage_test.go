package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readCoverage returns coverage.csv's rows and coverage.json's document.
func readCoverage(t *testing.T, dir string) ([][]string, map[string]any) {
	t.Helper()
	rows := readCSV(t, filepath.Join(dir, "coverage.csv"))
	b, err := os.ReadFile(filepath.Join(dir, "coverage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return rows, doc
}

func TestCoverageCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ua")
	out, stderr, code := run(t, "coverage", "--region", "Ukraine", "--scenario", "testdata/small.yaml",
		"--grid-km", "100", "--duration", "60s", "--step", "20s", "-o", dir, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"Ukraine (UKR)", "61 cells of 100 km", "4 steps of 20s", "time with a satellite above the mask", "wrote coverage.csv"} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	for _, f := range []string{"coverage.csv", "coverage.json", "coverage.png", "coverage.svg"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "coverage_rtt.png")); err == nil {
		t.Error("coverage_rtt.png written for a scenario without PoPs")
	}
	rows, doc := readCoverage(t, dir)
	if len(rows) != 62 || strings.Join(rows[0], ",") != "cell,lat_deg,lon_deg,area_km2,covered_frac,min_visible,mean_visible,max_visible,mean_best_elev_deg,min_best_elev_deg,gateway_frac,pop,pop_rtt_median_ms,pop_reachable_frac" {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	if r := rows[1]; r[0] != "cell-0001" || r[10] != "" || r[11] != "" || r[12] != "" || r[13] != "" {
		t.Errorf("first row %q", r)
	}
	reg := doc["region"].(map[string]any)
	if reg["name"] != "Ukraine" || reg["iso"] != "UKR" || reg["cells"].(float64) != 61 || reg["grid_km"].(float64) != 100 {
		t.Errorf("region %v", reg)
	}
	if doc["steps"].(float64) != 4 || doc["step"] != "20s" || doc["min_elevation_deg"].(float64) != 10 ||
		doc["scenario"].(map[string]any)["name"] != "small" || doc["start"] != "2026-02-23T00:00:00Z" {
		t.Errorf("parameters %v", doc)
	}
	if s := doc["summary"].(map[string]any); s["gateway_frac"] != nil || s["pop_rtt_median_ms"] != nil {
		t.Errorf("summary has gateway or PoP values without gateways or PoPs: %v", s)
	}
}

// TestCoverageBentPipe: with gateways and PoPs, the gateway and PoP
// columns are filled and the RTT map is drawn; a GeoJSON region works.
func TestCoverageBentPipe(t *testing.T) {
	tmp := t.TempDir()
	geo := filepath.Join(tmp, "west-ukraine.geojson")
	if err := os.WriteFile(geo, []byte(`{"type": "Polygon", "coordinates": [[[23, 48], [27, 48], [27, 51], [23, 51], [23, 48]]]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "out")
	out, stderr, code := run(t, "coverage", "--region", geo, "--scenario", "testdata/bentpipe.yaml",
		"--grid-km", "100", "--duration", "20s", "-o", dir, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"west-ukraine", "serving satellite sees a gateway", "median RTT to the nearest PoP", "nearest PoPs: Warsaw"} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "coverage_rtt.png")); err != nil {
		t.Error(err)
	}
	rows, doc := readCoverage(t, dir)
	reached := 0
	for _, r := range rows[1:] {
		if r[10] == "" || r[11] != "Warsaw" || r[13] == "" {
			t.Errorf("row %q: gateway or PoP columns empty", r)
		}
		if r[12] != "" {
			reached++
		}
	}
	if reached == 0 {
		t.Error("no cell ever reaches its PoP")
	}
	if pops := doc["nearest_pops"].([]any); len(pops) != 1 || pops[0].(map[string]any)["name"] != "Warsaw" {
		t.Errorf("nearest_pops %v", pops)
	}
}

// TestCoverageBadInput: bad input exits 2 with one line naming the
// problem, and writes nothing.
func TestCoverageBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown region", []string{"--region", "Ukrane"}, []string{`unknown region "Ukrane"`, "did you mean Ukraine?"}},
		{"no region", nil, []string{"region"}},
		{"missing file", []string{"--region", filepath.Join(dir, "none.geojson")}, []string{"none.geojson", "no such file"}},
		{"grid", []string{"--region", "UA", "--grid-km", "0"}, []string{"--grid-km"}},
		{"step", []string{"--region", "UA", "--step", "soon"}, []string{"--step"}},
		{"duration", []string{"--region", "UA", "--duration", "-1m"}, []string{"--duration"}},
		{"scenario", []string{"--region", "UA", "--scenario", "nope.yaml"}, []string{"nope.yaml"}},
		{"argument", []string{"Ukraine"}, []string{"unknown command"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			_, stderr, code := run(t, append([]string{"coverage", "-o", out, "--quiet"}, c.args...)...)
			if code != 2 {
				t.Errorf("exit code %d, want 2 (stderr %q)", code, stderr)
			}
			if strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("output %s written despite the error", out)
			}
		})
	}
	if out, _, code := run(t, "coverage", "--help"); code != 0 || !strings.Contains(out, "Examples:") {
		t.Errorf("coverage --help lacks an example (code %d)", code)
	}
}

// TestCoverageDefaultDuration: without --duration, coverage spans at least
// one orbital period (issue 16: the default scenario's 200 s showed Ukraine
// covered all the time). small.yaml's shell at 1200 km has a period of
// 109.4 min, rounded up to 110 min: 661 steps of 10 s.
func TestCoverageDefaultDuration(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ua")
	out, stderr, code := run(t, "coverage", "--region", "Ukraine", "--scenario", "testdata/small.yaml",
		"--grid-km", "400", "-o", dir, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "661 steps of 10s") || !strings.Contains(out, "note: duration 1h50m: one orbital period of the constellation (109.4 min)") {
		t.Errorf("default duration:\n%s", out)
	}
	_, doc := readCoverage(t, dir)
	if doc["duration"] != "1h50m0s" {
		t.Errorf("duration %v", doc["duration"])
	}
	// A scenario longer than a period keeps its own duration; --duration wins.
	out, _, _ = run(t, "coverage", "--region", "Ukraine", "--scenario", "testdata/small.yaml",
		"--grid-km", "400", "--duration", "60s", "-o", dir, "--quiet")
	if !strings.Contains(out, "7 steps of 10s") || strings.Contains(out, "orbital period") {
		t.Errorf("--duration 60s:\n%s", out)
	}
}

// TestCoverageMaps: the default map shows the satellites in view (it
// varies over the region even when every cell is always covered, where the
// fraction of time covered is one colour), and the fraction-covered map is
// drawn when it has something to show.
func TestCoverageMaps(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ua")
	if _, stderr, code := run(t, "coverage", "--region", "Ukraine", "--scenario", "testdata/small.yaml",
		"--grid-km", "200", "--duration", "60s", "-o", dir, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "coverage.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "mean satellites above 10°") {
		t.Error("coverage.svg does not show the satellites in view")
	}
	_, doc := readCoverage(t, dir)
	full := doc["summary"].(map[string]any)["fully_covered_area_frac"].(float64) == 1
	_, err = os.Stat(filepath.Join(dir, "coverage_time.png"))
	if full == (err == nil) {
		t.Errorf("fully covered %v, coverage_time.png: %v", full, err)
	}
}

// TestCoverageJSON: --json prints coverage.json, and nothing else, on
// stdout.
func TestCoverageJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ua")
	out, stderr, code := run(t, "coverage", "--region", "Ukraine", "--scenario", "testdata/small.yaml",
		"--grid-km", "200", "--duration", "60s", "-o", dir, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	file, err := os.ReadFile(filepath.Join(dir, "coverage.json"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(file) {
		t.Errorf("stdout differs from coverage.json")
	}
	if !strings.Contains(stderr, "wrote coverage.csv") {
		t.Errorf("stderr lacks the files written: %q", stderr)
	}
}
