package analysis

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"orbitnet/scenario"
	"orbitnet/sim"
)

// smallYAML is a small scenario: one 12×10 shell, four cities, 20 s, with
// every optional output of run.
const smallYAML = `name: small
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
output: {all_pairs: true, plots: PLOTS, paths: true, forwarding: true}
`

func small(t *testing.T, plots bool, failures string) *scenario.Scenario {
	t.Helper()
	y := strings.Replace(smallYAML, "PLOTS", map[bool]string{false: "false", true: "true"}[plots], 1) + failures
	sc, err := scenario.Parse("small", "", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

const someFailures = `failures:
  - {name: random satellites, kind: satellites, fraction: 0.2, seed: 1, from: 5s}
`

// TestRunFiles: the files listed are the output table's, in its order (an
// all-pairs run with output.parquet writes pairs.parquet too), and
// exactly the files in the folder.
func TestRunFiles(t *testing.T) {
	for _, tc := range []struct {
		name     string
		plots    bool
		failures string
		want     []string
	}{
		{"no plots", false, "", []string{"rtt.csv", "events.csv", "summary.json", "pairs.parquet", "paths.csv", "forwarding.csv", "rtt.parquet"}},
		{"plots and failures", true, someFailures, []string{"rtt.csv", "events.csv", "summary.json", "pairs.parquet", "paths.csv", "forwarding.csv",
			"rtt.png", "rtt.svg", "whatif.png", "whatif.svg", "rtt_cdf.png", "rtt_cdf.svg", "rtt.parquet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			baselines := 0
			res, err := Run(context.Background(), small(t, tc.plots, tc.failures), dir, RunOptions{Workers: 1, Baseline: func() { baselines++ }})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Files, tc.want) {
				t.Errorf("files %v, want %v", res.Files, tc.want)
			}
			ents, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range ents {
				got = append(got, e.Name())
			}
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("folder holds %v, want %v", got, want)
			}
			if withFailures := tc.failures != ""; (res.Summary.WhatIf != nil) != withFailures || (baselines == 1) != withFailures {
				t.Errorf("what-if %v, baseline hook called %d times, failures %v", res.Summary.WhatIf != nil, baselines, withFailures)
			}
			if res.Result.Steps != 41 || res.Pairs != 6 {
				t.Errorf("%d steps × %d pairs, want 41 × 6", res.Result.Steps, res.Pairs)
			}
		})
	}
}

// TestRunEngineHook: Run computes through the engine it is given, the
// scenario first and then the baseline, and writes the same files as with
// the local engine.
func TestRunEngineHook(t *testing.T) {
	sc := small(t, false, someFailures)
	local := filepath.Join(t.TempDir(), "local")
	if _, err := Run(context.Background(), sc, local, RunOptions{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	var calls []bool
	hooked := filepath.Join(t.TempDir(), "hooked")
	eng := func(ctx context.Context, net *sim.Network, baseline bool, opts sim.Options, sink sim.Sink) (*sim.Result, error) {
		calls = append(calls, baseline)
		if got := len(net.Cfg.Failures) > 0; got == baseline {
			t.Errorf("baseline %v: network with failures %v", baseline, got)
		}
		return Local(ctx, net, baseline, opts, sink)
	}
	if _, err := Run(context.Background(), sc, hooked, RunOptions{Workers: 1, Engine: eng}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(calls, []bool{false, true}) {
		t.Errorf("engine calls (baseline?) %v, want [false true]", calls)
	}
	for _, f := range []string{"rtt.csv", "events.csv", "summary.json", "pairs.parquet", "paths.csv", "forwarding.csv", "rtt.parquet"} {
		a, errA := os.ReadFile(filepath.Join(local, f))
		b, errB := os.ReadFile(filepath.Join(hooked, f))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the local and the hooked engine (%v, %v)", f, errA, errB)
		}
	}
}

// TestRunAllOrNothing: an engine failing after some steps, or a cancelled
// run, leaves the folder as it was.
func TestRunAllOrNothing(t *testing.T) {
	sc := small(t, false, "")
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		eng  Engine
		want string
	}{
		{"engine error", func(ctx context.Context, net *sim.Network, baseline bool, opts sim.Options, sink sim.Sink) (*sim.Result, error) {
			n := 0
			return Local(ctx, net, baseline, opts, sim.SinkFunc(func(r *sim.StepResult) error {
				if n++; n == 5 {
					return boom
				}
				return sink.Step(r)
			}))
		}, "boom"},
		{"cancelled", func(ctx context.Context, net *sim.Network, baseline bool, opts sim.Options, sink sim.Sink) (*sim.Result, error) {
			return nil, context.Canceled
		}, "interrupted: no output files were written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "rtt.csv"), []byte("old\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), sc, dir, RunOptions{Workers: 1, Engine: tc.eng})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			ents, _ := os.ReadDir(filepath.Dir(dir))
			if len(ents) != 1 {
				t.Errorf("%d entries next to the output folder, want it alone (no staging folder left)", len(ents))
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "rtt.csv")); string(b) != "old\n" {
				t.Errorf("rtt.csv is now %.40q, want the old file", b)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("the folder holds %d entries, want the old rtt.csv alone", len(ents))
			}
		})
	}
}

// TestRunInputError: a scenario the engine refuses is an InputError naming
// its source.
func TestRunInputError(t *testing.T) {
	sc := small(t, false, "")
	sc.Config.Step = 0
	_, err := Run(context.Background(), sc, filepath.Join(t.TempDir(), "out"), RunOptions{})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), "small") {
		t.Errorf("error %v (%T), want an InputError naming the scenario", err, err)
	}
}
