// Package layers holds a test that keeps orbitnet's package dependencies
// pointing one way: orbit math at the bottom, the CLI at the top.
package layers

import (
	"os/exec"
	"strings"
	"testing"
)

// rank orders the packages: a package may import only packages of a lower
// rank. Packages not listed fail the test, so a new package gets a place.
var rank = map[string]int{
	"orbitnet/orbit/vec":          0,
	"orbitnet/orbit/units":        0,
	"orbitnet/internal/namematch": 0,
	"orbitnet/internal/limits":    0,
	"orbitnet/routing":            0,
	"orbitnet/orbit/timescale":    1,
	"orbitnet/orbit/frame":        2,
	"orbitnet/orbit/tle":          3,
	"orbitnet/orbit/sgp4":         4,
	"orbitnet/orbit/walker":       5,
	"orbitnet/catalog":            5,
	"orbitnet/constellation":      6,
	"orbitnet/ground":             6,
	"orbitnet/region":             6,
	"orbitnet/mobility":           7,
	"orbitnet/topology":           7,
	"orbitnet/starlink":           7,
	"orbitnet/sim":                8,
	"orbitnet/capacity":           9,
	"orbitnet/coverage":           9,
	"orbitnet/emulate":            9,
	"orbitnet/export":             11,
	"orbitnet/scenario":           10,
	"orbitnet/report":             11,
	"orbitnet/web":                11,
	"orbitnet/server":             12,
	"orbitnet/analysis":           12,
	"orbitnet/shard":              13,
	"orbitnet/cli":                14,
	"orbitnet/cmd/orbitnet":       15,
	"orbitnet/bench/costplot":     15,
	"orbitnet/bench/emuplot":      15,
	"orbitnet/bench/serverload":   15,
	"orbitnet/internal/layers":    16,
}

func TestDependenciesPointDown(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "orbitnet/...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := f[0]
		r, ok := rank[pkg]
		if !ok {
			t.Errorf("package %s has no rank in layers_test.go", pkg)
			continue
		}
		for _, imp := range f[1:] {
			if !strings.HasPrefix(imp, "orbitnet/") {
				continue
			}
			ri, ok := rank[imp]
			if !ok {
				continue
			}
			if ri >= r {
				t.Errorf("%s (rank %d) imports %s (rank %d): dependencies must point down", pkg, r, imp, ri)
			}
		}
	}
}
