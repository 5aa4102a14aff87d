package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallWithFailures is testdata/small.yaml with plots and a what-if failure
// from 10 s.
const smallWithFailures = `name: small-failures
start: 2026-02-23T00:00:00Z
duration: 20s
step: 500ms
constellation:
  shells: [{name: s, planes: 12, per_plane: 10, altitude_km: 1200, inclination_deg: 53, phasing: 1}]
ground:
  stations:
    cities: [Kyiv, Frankfurt, Warsaw, London]
links:
  isl: {pattern: plus-grid}
  gsl: {min_elevation_deg: 10}
routing: {mode: isl}
pairs: [[Kyiv, Frankfurt], [Warsaw, London]]
failures:
  - {name: half the lasers, kind: isls, fraction: 0.5, seed: 7, from: 10s}
output: {all_pairs: true, plots: true}
`

// TestRunLabels checks that the terminal and the plots say what each figure
// is (issue 16, items 4 and 5): the all-pairs stretch is a median of
// per-pair medians, rtt_cdf is over all samples, the first table is the run
// with failures and the what-if table names both runs, and whatif.svg
// marks when the failure starts.
func TestRunLabels(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "f.yaml")
	if err := os.WriteFile(sc, []byte(smallWithFailures), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, "run", sc, "-o", filepath.Join(dir, "out"), "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"median of the per-pair medians: RTT",
		"with failures (half the lasers (isls)); the baseline without them is in the what-if table below\npair ",
		"baseline (no failures)",
		"pairs, baseline → with failures: reachable",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, out)
		}
	}
	// The first table must come after the label, not before it.
	if strings.Index(out, "with failures (") > strings.Index(out, "Kyiv – Frankfurt") {
		t.Errorf("the first table is not labelled before it starts:\n%s", out)
	}
	svg := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, "out", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if cdf := svg("rtt_cdf.svg"); !strings.Contains(cdf, "all samples (pair × step)") {
		t.Errorf("rtt_cdf.svg does not say it is over all samples")
	}
	w := svg("whatif.svg")
	for _, want := range []string{"Kyiv – Frankfurt, no failures", "Kyiv – Frankfurt, with failures", "half the lasers: from 10 s"} {
		if !strings.Contains(w, want) {
			t.Errorf("whatif.svg lacks %q", want)
		}
	}
}
