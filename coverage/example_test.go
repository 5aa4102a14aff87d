package coverage_test

import (
	"context"
	"fmt"
	"time"

	"orbitnet/constellation"
	"orbitnet/coverage"
	"orbitnet/region"
	"orbitnet/sim"
	"orbitnet/topology"
)

// Starlink's first shell over Ukraine, sampled every 100 km, at 1-minute
// steps for 10 minutes, with a 25° elevation mask.
func ExampleCompute() {
	start := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	shell1, err := constellation.FromPreset("starlink-gen1/550", start)
	if err != nil {
		panic(err)
	}
	ua, err := region.Lookup("Ukraine")
	if err != nil {
		panic(err)
	}
	res, err := coverage.Compute(context.Background(), coverage.Config{
		Cells: ua.Grid(100),
		Network: sim.Config{
			Constellation: shell1, Start: start, Duration: 10 * time.Minute, Step: time.Minute,
			GSL: topology.GSLConfig{MinElevation: 25, Policy: topology.AnyVisible, Selection: topology.HighestElevation},
		},
	}, nil)
	if err != nil {
		panic(err)
	}
	s := res.Summary
	fmt.Printf("%d cells, %.0f km², %d steps\n", s.Cells, s.AreaKm2, res.Steps)
	fmt.Printf("area covered all the time: %.1f%%\n", 100*s.FullyCoveredAreaFrac)
	fmt.Printf("satellites above 25°: %d to %d, %.1f on average\n", s.MinVisible, s.MaxVisible, s.MeanVisible)
	fmt.Printf("highest satellite: %.1f° on average, never below %.1f°\n", s.MeanBestElev, s.MinBestElev)
	c := res.Cells[0]
	fmt.Printf("%s at %.2f°N %.2f°E: covered %.0f%% of the time by %d–%d satellites\n", c.Name, c.Lat, c.Lon, 100*c.CoveredFrac, c.MinVisible, c.MaxVisible)
	// Output:
	// 61 cells, 610351 km², 11 steps
	// area covered all the time: 100.0%
	// satellites above 25°: 14 to 23, 19.7 on average
	// highest satellite: 72.8° on average, never below 52.6°
	// cell-0001 at 44.55°N 34.11°E: covered 100% of the time by 14–19 satellites
}
