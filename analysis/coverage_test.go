package analysis

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"orbitnet/region"
)

// TestCoverageDocument: Coverage writes the files it lists, coverage.json
// holds the document it returns, and the document describes the run.
func TestCoverageDocument(t *testing.T) {
	sc := small(t, false, "")
	reg, src, err := LoadRegion("Ukraine")
	if err != nil {
		t.Fatal(err)
	}
	cfg := sc.Config
	cfg.Step = DefaultCoverageStep
	cfg.Duration = time.Minute
	dir := filepath.Join(t.TempDir(), "cov")
	out, err := Coverage(context.Background(), CoverageRun{Scenario: sc, Config: cfg, Region: reg, RegionSource: src,
		GridCell: 200, Dir: dir, Workers: 1, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Files[:4], []string{"coverage.csv", "coverage.json", "coverage.png", "coverage.svg"}) {
		t.Errorf("files %v", out.Files)
	}
	for _, f := range out.Files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("listed file %s: %v", f, err)
		}
	}
	js, err := os.ReadFile(filepath.Join(dir, "coverage.json"))
	if err != nil || !bytes.Equal(js, out.JSON) {
		t.Errorf("coverage.json differs from the document returned (%v)", err)
	}
	d := out.Doc
	if d.Version != "test" || d.Region.ISO != "UKR" || d.Region.Cells != len(reg.Grid(200)) || d.Steps != 7 ||
		d.Scenario.Name != "small" || d.Scenario.Satellites != 120 || !slices.Equal(d.Files, out.Files) {
		t.Errorf("document %+v", d)
	}
	if RegionSlug(reg) != "ukr" || RegionSlug(&region.Region{Name: "My  area!"}) != "my-area" {
		t.Errorf("slugs %q %q", RegionSlug(reg), RegionSlug(&region.Region{Name: "My  area!"}))
	}
}
