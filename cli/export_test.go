package cli

import (
	"orbitnet/analysis"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportCommand: --help lists every format; each format writes its
// output; bad input gets one line and exit 2, and writes nothing.
func TestExportCommand(t *testing.T) {
	out, _, code := run(t, "export", "--help")
	if code != 0 {
		t.Fatalf("export --help: exit %d", code)
	}
	for _, f := range analysis.ExportFormats {
		if !strings.Contains(out, "  "+f.Name+" ") {
			t.Errorf("export --help does not list %s", f.Name)
		}
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		file string
	}{
		{[]string{"export", "czml", "starlink-shell1", "--to", "20s"}, "s.czml"},
		{[]string{"export", "kml", "starlink-shell1", "--from", "10s", "--to", "20s", "--step", "5s"}, "s.kml"},
		{[]string{"export", "trace", "starlink-shell1", "--to", "2s"}, "s.csv"},
		{[]string{"export", "hypatia", "testdata/hypatia/scenario.yaml", "--to", "1s"}, "hyp"},
	} {
		path := filepath.Join(dir, tc.file)
		stdout, stderr, code := run(t, append(tc.args, "-o", path, "--workers", "2")...)
		if code != 0 || !strings.Contains(stdout, "written to "+path) {
			t.Errorf("%v: exit %d, %q %q", tc.args, code, stdout, stderr)
			continue
		}
		if fi, err := os.Stat(path); err != nil || (!fi.IsDir() && fi.Size() == 0) {
			t.Errorf("%v: %v", tc.args, err)
		}
	}
	for _, tc := range []struct {
		args  []string
		words string
	}{
		{[]string{"export", "gpx"}, `unknown format "gpx"`},
		{[]string{"export", "czml", "starlink-gen1", "--to", "10m", "--step", "1s"}, "above the cap"},
		{[]string{"export", "hypatia", "ukraine", "--to", "10s"}, "routing mode starlink"},
		{[]string{"export", "hypatia", "testdata/hypatia/scenario.yaml", "--from", "1s"}, "TLE epoch"},
		{[]string{"export", "trace", "--from", "20s", "--to", "10s"}, "want 0 ≤ from ≤ to"},
		{[]string{"export", "trace", "--step", "0s"}, "--step"},
		{[]string{"export", "kml", "no-such.yaml"}, "no-such.yaml"},
	} {
		target := filepath.Join(dir, "new", "refused")
		stdout, stderr, code := run(t, append(tc.args, "-o", target)...)
		if code != ExitUsage || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.words) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line about %q", tc.args, code, stdout, stderr, tc.words)
		}
		if _, err := os.Stat(filepath.Dir(target)); err == nil {
			t.Errorf("%v: made %s", tc.args, filepath.Dir(target))
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary %s left behind", e.Name())
		}
	}
}
