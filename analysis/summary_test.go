package analysis

import (
	"bytes"
	"context"
	"testing"

	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// TestSummaryWorkers: summary.json is the same however many goroutines
// summarise the all-pairs statistics (465 pairs: more than one chunk each).
func TestSummaryWorkers(t *testing.T) {
	const y = `name: workers
start: 2026-02-23T00:00:00Z
duration: 3s
step: 1s
constellation:
  shells: [{name: s, planes: 12, per_plane: 10, altitude_km: 1200, inclination_deg: 53, phasing: 1}]
ground:
  stations: {preset: cities-top100}
links:
  isl: {pattern: plus-grid}
  gsl: {min_elevation_deg: 10}
routing: {mode: isl}
pairs: [[Tokyo, Delhi]]
output: {all_pairs: true, all_pairs_limit: 31}
`
	sc, err := scenario.Parse("workers", "", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	net, err := sim.NewNetwork(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), net, sim.Options{Workers: 1}, sim.SinkFunc(func(*sim.StepResult) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	var ref []byte
	for _, w := range []int{1, 2, 3, 8} {
		s := report.BuildSummary("test", sc.File, net, res, sc.PairNames, w)
		if s.AllPairs == nil || s.AllPairs.Count != 465 || s.AllPairs.NeverReachable == s.AllPairs.Count {
			t.Fatalf("workers %d: all pairs %+v", w, s.AllPairs)
		}
		b, err := s.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = b
		} else if !bytes.Equal(b, ref) {
			t.Errorf("workers %d: summary.json differs from 1 worker's", w)
		}
	}
}
