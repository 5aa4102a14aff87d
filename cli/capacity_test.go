package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
	demand := filepath.Join(dir, "d.csv")
	os.WriteFile(demand, []byte("src,dst,gbps\nKyiv,Frankfurt,5\nWarsaw,Atlantis,1\n"), 0o644)
	if _, stderr, code := run(t, "capacity", "testdata/small.yaml", "--demand", demand, "-o", dir); code != 2 || !strings.Contains(stderr, "d.csv:3") {
		t.Errorf("bad demand file: exit %d %s", code, stderr)
	}
}
