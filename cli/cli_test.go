package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run calls Main with args and returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestVersionAndHelp(t *testing.T) {
	out, _, code := run(t, "version")
	if code != 0 || !strings.HasPrefix(out, "orbitnet ") {
		t.Errorf("version: %q %d", out, code)
	}
	for _, cmd := range []string{"run", "propagate", "rtt", "scenarios", "validate", "version"} {
		out, _, code := run(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") {
			t.Errorf("%s --help lacks an example (code %d)", cmd, code)
		}
	}
}

// TestBadInput: every bad input gives one line on stderr naming the
// problem, exit code 2, and no Go panic trace.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	prop := []string{"--start", "2026-02-23T00:00:00Z", "--stop", "2026-02-23T00:01:00Z", "--step", "30s"}
	unknownKey := write("unknown.yaml", "name: x\nconstellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\nbogus: 1\npairs: [[Kyiv, Paris]]\n")
	badValue := write("badvalue.yaml", "name: x\nconstellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\nlinks:\n  gsl: {min_elevation_deg: 95}\npairs: [[Kyiv, Paris]]\n")
	badCity := write("badcity.yaml", "name: x\nconstellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kiyv, Paris]}\npairs: [[Kyiv, Paris]]\n")
	badPair := write("badpair.yaml", "name: x\nconstellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Atlantis]]\n")
	badShell := write("badshell.yaml", "name: x\nconstellation:\n  shells: [{name: a, planes: 0, per_plane: 22, altitude_km: 550, inclination_deg: 53}]\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n")
	badDur := write("baddur.yaml", "name: x\nduration: forever\nconstellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n")
	badTLERef := write("badtle.yaml", "name: x\nconstellation: {tle: missing.tle}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n")
	syntax := write("syntax.yaml", "name: x\nconstellation: {preset: [\n")
	cases := []struct {
		name string
		args []string
		want []string // substrings of the error line
	}{
		{"unknown command", []string{"frobnicate"}, []string{"unknown command"}},
		{"unknown flag", []string{"run", "--frob"}, []string{"unknown flag"}},
		{"missing scenario", []string{"run", "nope.yaml"}, []string{"nope.yaml", "no such file"}},
		{"unknown embedded", []string{"run", "nope"}, []string{"nope", "embedded"}},
		{"unknown key", []string{"validate", unknownKey}, []string{"unknown.yaml:5:1", "bogus"}},
		{"bad value", []string{"validate", badValue}, []string{"badvalue.yaml:6:", "links.gsl.min_elevation_deg", "[0, 90)"}},
		{"unknown city", []string{"validate", badCity}, []string{"badcity.yaml:4:", "Kiyv", "did you mean"}},
		{"unknown pair node", []string{"validate", badPair}, []string{"badpair.yaml:5:", "pairs[0][1]", "Atlantis", "did you mean Atlanta"}},
		{"bad shell", []string{"validate", badShell}, []string{"badshell.yaml:3:", "planes"}},
		{"bad duration", []string{"validate", badDur}, []string{"baddur.yaml:2:", "duration"}},
		{"missing tle", []string{"validate", badTLERef}, []string{"badtle.yaml:2:", "missing.tle"}},
		{"yaml syntax", []string{"validate", syntax}, []string{"syntax.yaml:"}},
		{"missing tle file", append([]string{"propagate", "--tle", "testdata/none.tle"}, prop...), []string{"testdata/none.tle", "no such file"}},
		{"bad checksum", append([]string{"propagate", "--tle", "testdata/badsum.tle"}, prop...), []string{"badsum.tle:2", "checksum"}},
		{"truncated", append([]string{"propagate", "--tle", "testdata/truncated.tle"}, prop...), []string{"truncated.tle:2", "truncated"}},
		{"garbage", append([]string{"propagate", "--tle", "testdata/garbage.tle"}, prop...), []string{"garbage.tle:2"}},
		{"bad step", []string{"propagate", "--tle", "testdata/good.tle", "--start", "2026-02-23T00:00:00Z", "--stop", "2026-02-23T00:01:00Z", "--step", "-1s"}, []string{"--step"}},
		{"bad frame", append([]string{"propagate", "--tle", "testdata/good.tle", "--frame", "icrf"}, prop...), []string{"--frame"}},
		{"rtt unknown place", []string{"rtt", "Atlantis", "London"}, []string{"Atlantis"}},
		{"rtt bad coordinates", []string{"rtt", "95,10", "London"}, []string{"latitude"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(c.name, " ", "-"))
			args := c.args
			if args[0] == "propagate" {
				args = append(args, "-o", out)
			}
			_, stderr, code := run(t, args...)
			if code != 2 {
				t.Errorf("exit code %d, want 2 (stderr %q)", code, stderr)
			}
			if strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "goroutine") {
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
}

// TestVerifyMatchesReference: `propagate --verify` reproduces the first
// seven columns of tcppver.out within 2e-7 on every line.
func TestVerifyMatchesReference(t *testing.T) {
	out, stderr, code := run(t, "propagate", "--verify", "../orbit/sgp4/testdata/SGP4-VER.TLE")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ref, err := os.ReadFile("../orbit/sgp4/testdata/tcppver.out")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	want := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(ref), "\r\n", "\n")), "\n")
	// tcppver.out repeats 33333's last state under 33334 (which fails at
	// initialisation and prints nothing): drop that stale line.
	var w2 []string
	for i := 0; i < len(want); i++ {
		w2 = append(w2, want[i])
		if strings.TrimSpace(want[i]) == "33334 xx" && i+1 < len(want) && !strings.HasSuffix(strings.TrimSpace(want[i+1]), "xx") {
			i++
		}
	}
	want = w2
	if len(got) != len(want) {
		t.Fatalf("%d lines, reference has %d", len(got), len(want))
	}
	for i := range got {
		g, w := strings.Fields(got[i]), strings.Fields(want[i])
		if len(g) == 2 {
			if got[i] != strings.TrimSpace(want[i]) {
				t.Fatalf("line %d: %q, want %q", i+1, got[i], want[i])
			}
			continue
		}
		for k := 0; k < 7; k++ {
			var a, b float64
			if _, err := fmtSscan(g[k], &a); err != nil {
				t.Fatal(err)
			}
			if _, err := fmtSscan(w[k], &b); err != nil {
				t.Fatal(err)
			}
			if d := a - b; d > 2e-7 || d < -2e-7 {
				t.Fatalf("line %d column %d: %v vs %v", i+1, k+1, a, b)
			}
		}
	}
	for _, e := range []string{"22312", "28350", "28872", "29141", "33333", "33334", "20413"} {
		if !strings.Contains(stderr, e) {
			t.Errorf("stderr lacks the error of %s", e)
		}
	}
}
