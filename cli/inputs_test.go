package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"orbitnet/scenario"
)

// TestStepLimitOnFlags: --duration and --step on every command meet the
// same limit on steps as scenario files (sim.MaxSteps), before anything
// is allocated.
func TestStepLimitOnFlags(t *testing.T) {
	for _, args := range [][]string{
		{"rtt", "Kyiv", "Frankfurt", "--duration", "100000h", "--step", "1ms"},
		{"rtt", "Kyiv", "Frankfurt", "--duration", "100000h"},
		{"coverage", "--region", "Ukraine", "--duration", "100000h", "--step", "1ms"},
		{"capacity", "--duration", "100000h", "--step", "1ms"},
		{"serve", "--duration", "100000h", "--addr", "127.0.0.1:0"},
		{"emulate", "--pair", "Kyiv,Frankfurt", "--duration", "100000h"},
	} {
		_, errOut, code := run(t, args...)
		if code != ExitUsage || !strings.Contains(errOut, "more than 100000000") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want exit 2 naming the 100000000-step limit", args, code, errOut)
		}
	}
}

// smallScenario is a quick scenario (21 steps) for output tests.
const smallScenario = `name: small
duration: 20s
step: 1s
constellation: {preset: starlink-gen1/550}
ground:
  stations: {preset: cities-top100}
pairs: [[Kyiv, Paris]]
output: {all_pairs: false}
`

// TestRunOutputsAllOrNothing: with a full disk (a 40 KB tmpfs, as root) a
// run fails and leaves nothing, not even an empty folder; the baseline
// left rtt.png. A killed run's staging folder is removed by the next run.
func TestRunOutputsAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the engine")
	}
	dir := t.TempDir()
	scen := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(scen, []byte(smallScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("full disk", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("mounting a tmpfs needs root")
		}
		mnt := filepath.Join(dir, "tiny")
		if err := os.Mkdir(mnt, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=40k", "tmpfs", mnt).Run(); err != nil {
			t.Skipf("cannot mount a tmpfs: %v", err)
		}
		defer exec.Command("umount", mnt).Run()
		_, errOut, code := run(t, "run", scen, "-o", filepath.Join(mnt, "out"), "--quiet")
		if code != ExitFailure || !strings.Contains(errOut, "no space left") || !strings.Contains(errOut, filepath.Join(mnt, "out")+"/") || strings.Contains(errOut, ".tmp") {
			t.Errorf("exit %d, %q; want exit 1 and no space left", code, errOut)
		}
		ents, _ := os.ReadDir(mnt)
		for _, e := range ents {
			t.Errorf("left on the full disk: %s", e.Name())
		}
	})
	t.Run("stale staging", func(t *testing.T) {
		out := filepath.Join(dir, "out")
		stale := filepath.Join(dir, ".out.1073741824-1.tmp")
		if err := os.MkdirAll(filepath.Join(stale, "rtt.png"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(stale, ".orbitnet-staging-1073741824-1"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, errOut, code := run(t, "run", scen, "-o", out, "--quiet"); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if _, err := os.Stat(stale); !os.IsNotExist(err) {
			t.Errorf("the killed run's staging folder is still there: %v", err)
		}
		ents, _ := os.ReadDir(out)
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if got := strings.Join(names, " "); got != "events.csv rtt.csv rtt.png rtt.svg rtt_cdf.png rtt_cdf.svg summary.json" {
			t.Errorf("output folder holds %s", got)
		}
	})
}

// TestEndlessInputFiles: /dev/zero given as any input file gets one line
// naming it and exit 2, instead of growing to gigabytes.
func TestEndlessInputFiles(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	scen := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tleScen := scen("tle.yaml", "name: x\nconstellation: {tle: /dev/zero}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n")
	csvScen := scen("csv.yaml", "name: x\nconstellation: {preset: starlink-gen1/550}\nground:\n  stations: {file: /dev/zero}\npairs: all\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "/dev/zero"}, "orbitnet: /dev/zero: larger than 1 MiB"},
		{[]string{"validate", "/dev/zero"}, "orbitnet: /dev/zero: larger than 1 MiB"},
		{[]string{"rtt", "Kyiv", "Paris", "--scenario", "/dev/zero"}, "orbitnet: /dev/zero: larger than 1 MiB"},
		{[]string{"validate", tleScen}, "constellation.tle: cannot read /dev/zero: larger than 64 MiB"},
		{[]string{"validate", csvScen}, "ground.stations.file: cannot read /dev/zero: larger than 64 MiB"},
		{[]string{"propagate", "--tle", "/dev/zero", "--start", "2026-02-23T00:00:00Z", "--stop", "2026-02-23T00:01:00Z", "--step", "30s"}, "orbitnet: /dev/zero: larger than 64 MiB"},
		{[]string{"capacity", "--demand", "/dev/zero"}, "orbitnet: --demand /dev/zero: larger than 64 MiB"},
	} {
		_, errOut, code := run(t, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// TestRTTAtRange: --at before the start or after the end is refused (it
// computed positions outside the scenario).
func TestRTTAtRange(t *testing.T) {
	for _, at := range []string{"-5s", "201s", "1999-12-31T23:59:59Z", "2000-01-02"} {
		_, errOut, code := run(t, "rtt", "Kyiv", "Frankfurt", "--at", at)
		if code != ExitUsage || !strings.Contains(errOut, "outside the scenario's time range, 2000-01-01T00:00:00.000Z to 2000-01-01T00:03:20.000Z") {
			t.Errorf("--at %s: exit %d, %q", at, code, errOut)
		}
	}
	for _, at := range []string{"0s", "200s", "2000-01-01", "2000-01-01T00:01:00Z"} {
		if out, errOut, code := run(t, "rtt", "Kyiv", "Frankfurt", "--at", at); code != 0 || !strings.Contains(out, "RTT") {
			t.Errorf("--at %s: exit %d, %q", at, code, errOut)
		}
	}
}

// TestDates: a date (midnight UTC) is accepted wherever a time is.
func TestDates(t *testing.T) {
	tle := filepath.Join("testdata", "skyfield", "sample.tle")
	if _, err := os.Stat(tle); err != nil {
		t.Skip(err)
	}
	out, errOut, code := run(t, "propagate", "--tle", tle, "--start", "2026-02-23", "--stop", "2026-02-23T00:00:30Z", "--step", "30s")
	if code != 0 || !strings.Contains(out, "2026-02-23T00:00:30.000Z") {
		t.Errorf("propagate --start 2026-02-23: exit %d, %q %.200q", code, errOut, out)
	}
	_, errOut, code = run(t, "propagate", "--tle", tle, "--start", "2026-02-23", "--stop", "2200-01-01", "--step", "1ms")
	if code != ExitUsage || !strings.Contains(errOut, "more than 100000000") {
		t.Errorf("propagate over 100,000,000 steps: exit %d, %q", code, errOut)
	}
}

// TestReadmeListsEmbeddedScenarios: README's command table names every
// embedded scenario (it left out ukraine).
func TestReadmeListsEmbeddedScenarios(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "`orbitnet scenarios`") && strings.Contains(l, "list the embedded scenarios") {
			line = l
		}
	}
	if line == "" {
		t.Fatal("README.md has no row for orbitnet scenarios")
	}
	for _, name := range scenario.EmbeddedNames() {
		if !strings.Contains(line, "`"+name+"`") {
			t.Errorf("README's scenarios row lacks %s: %s", name, line)
		}
	}
}

// TestRTTUsageAndJSON: rtt without places prints its usage and exits 2;
// --json prints the summary as JSON; validate pluralises.
func TestRTTUsageAndJSON(t *testing.T) {
	_, errOut, code := run(t, "rtt")
	if code != ExitUsage || !strings.Contains(errOut, "Usage:\n  orbitnet rtt FROM TO") || !strings.HasSuffix(errOut, "orbitnet: rtt needs two places, FROM and TO (got 0 arguments)\n") {
		t.Errorf("rtt: exit %d, %q", code, errOut)
	}
	out, errOut, code := run(t, "rtt", "Kyiv", "Frankfurt", "--duration", "10s", "--step", "1s", "--json")
	var got struct {
		From, To, Scenario string
		Steps              int
		StepS              float64 `json:"step_s"`
		Pair               struct {
			MedianRTTMs    *float64 `json:"median_rtt_ms"`
			ReachableSteps int      `json:"reachable_steps"`
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("rtt --json: exit %d, %q %q", code, errOut, out)
	}
	if got.Steps != 11 || got.StepS != 1 || got.Scenario != "starlink-shell1" || got.Pair.MedianRTTMs == nil || got.Pair.ReachableSteps != 11 || got.From == "" {
		t.Errorf("rtt --json: %+v", got)
	}
	if _, _, code := run(t, "rtt", "Kyiv", "Frankfurt", "--json", "--at", "1s"); code != ExitUsage {
		t.Errorf("--json with --at: exit %d", code)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "one.yaml")
	if err := os.WriteFile(p, []byte("name: one\nduration: 0s\nconstellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, _ = run(t, "validate", p)
	if !strings.Contains(out, "ok: 1584 satellites in 1 shell, 2 ground nodes, 1 step, 1 listed pair") {
		t.Errorf("validate: %q", out)
	}
}

// TestIsTerminal: /dev/null is a character device but no terminal (a
// progress bar was drawn into it).
func TestIsTerminal(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("/dev/null taken for a terminal")
	}
	var b strings.Builder
	if isTerminal(&b) {
		t.Error("a buffer taken for a terminal")
	}
}

// TestPropagateStdoutBounded: propagate holds its stdout output in memory
// until it succeeds, so beyond a bound it stops and points to -o FILE.
func TestPropagateStdoutBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB")
	}
	tle := filepath.Join("testdata", "skyfield", "sample.tle")
	out, errOut, code := run(t, "propagate", "--tle", tle, "--start", "2026-02-23", "--stop", "2026-03-03", "--step", "1s")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "larger than 64 MiB") || !strings.Contains(errOut, "-o FILE") {
		t.Errorf("exit %d, stdout %d bytes, %q", code, len(out), errOut)
	}
}
