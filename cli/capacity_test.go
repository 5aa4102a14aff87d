package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdataDir is the absolute path of testdata, for tests that change the
// working directory.
var testdataDir, _ = filepath.Abs("testdata")

func TestCapacityCommand(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := run(t, "capacity", "testdata/small.yaml", "--total-gbps", "100", "--step", "10s", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "carried") || !strings.Contains(out, "isl") {
		t.Errorf("summary:\n%s", out)
	}
	// the four cities carry GeoNames populations: no equal-weight fallback
	if !strings.Contains(out, "population-weighted gravity model; populations: GeoNames") {
		t.Errorf("summary does not name the population source:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "capacity.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	// 4 cities: 6 demands at each of 3 steps (0, 10, 20 s)
	if lines[0] != "time_s,src,dst,demand_gbps,throughput_gbps,path_bottleneck_link" || len(lines) != 1+6*3 {
		t.Errorf("capacity.csv: %d lines, header %q", len(lines), lines[0])
	}
	// issue 16: compact numbers, one header per file, Parquet, a proper
	// "wrote" line
	for _, l := range lines {
		for _, f := range strings.Split(l, ",") {
			if i := strings.IndexByte(f, '.'); i >= 0 && len(f)-i-1 > 6 && strings.Trim(f[:i], "0123456789") == "" {
				t.Errorf("capacity.csv: %q has more than 6 decimals", f)
			}
		}
	}
	for _, name := range []string{"capacity_links.csv", "capacity_bottlenecks.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "time_s,"); n != 1 {
			t.Errorf("%s: %d header lines", name, n)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "capacity.parquet")); err != nil || fi.Size() == 0 {
		t.Errorf("capacity.parquet: %v", err)
	}
	if !strings.Contains(out, "wrote capacity.csv, capacity.parquet, capacity_links.csv") || strings.Contains(out, "[") {
		t.Errorf("wrote line:\n%s", out)
	}
	demand := filepath.Join(dir, "d.csv")
	os.WriteFile(demand, []byte("src,dst,gbps\nKyiv,Frankfurt,5\nWarsaw,Atlantis,1\n"), 0o644)
	if _, stderr, code := run(t, "capacity", "testdata/small.yaml", "--demand", demand, "-o", dir); code != 2 || !strings.Contains(stderr, "d.csv:3") {
		t.Errorf("bad demand file: exit %d %s", code, stderr)
	}
}

// TestCapacityCSVLimit: a capacity.csv over --csv-max-mb is left out, with
// a note, and capacity.parquet holds the rows.
func TestCapacityCSVLimit(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := run(t, "capacity", "testdata/small.yaml", "--total-gbps", "100", "--step", "10s", "-o", dir, "--csv-max-mb", "0.0001")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "capacity.csv")); err == nil {
		t.Error("capacity.csv written over the limit")
	}
	if !strings.Contains(out, "capacity.csv left out: it would hold 18 rows") || !strings.Contains(out, "wrote capacity.parquet,") {
		t.Errorf("no note:\n%s", out)
	}
	if fi, err := os.Stat(filepath.Join(dir, "capacity.parquet")); err != nil || fi.Size() == 0 {
		t.Errorf("capacity.parquet: %v", err)
	}
}

// TestCapacityDefaultFolder: capacity writes into out/<scenario>/capacity,
// as coverage writes into out/<scenario>/coverage-<region>.
func TestCapacityDefaultFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	wd, _ := os.Getwd()
	sc := filepath.Join(wd, "small.yaml")
	src, err := os.ReadFile(filepath.Join(testdataDir, "small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(sc, src, 0o644)
	if _, stderr, code := run(t, "capacity", sc, "--total-gbps", "100", "--step", "10s", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join("out", "small", "capacity", "capacity.csv")); err != nil {
		t.Error(err)
	}
}

// TestCapacityProgress: on a terminal, capacity draws run's progress bar
// (issue 16: a bare "step N of M"); with --quiet, nothing.
func TestCapacityProgress(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		var out, errb bytes.Buffer
		args := []string{"capacity", "testdata/small.yaml", "--total-gbps", "100", "--step", "10s", "-o", t.TempDir()}
		if quiet {
			args = append(args, "--quiet")
		}
		if err := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errb, IsTerminal: true}); err != nil {
			t.Fatal(err)
		}
		got := errb.String()
		if strings.Contains(got, "step 1 of") {
			t.Errorf("quiet=%v: bare step counter: %q", quiet, got)
		}
		if bar := strings.Contains(got, "small capacity") && strings.Contains(got, "/3)"); bar == quiet {
			t.Errorf("quiet=%v: progress bar drawn %v: %q", quiet, bar, got)
		}
	}
}
