package sim_test

import (
	"context"
	"fmt"
	"time"

	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/sim"
	"orbitnet/topology"
)

// Run one Starlink shell with Kyiv and New York for a minute at 10 s steps: the
// sink sees each step in time order, and the result holds the statistics.
func ExampleRun() {
	start := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	shell, err := constellation.FromPreset("starlink-gen1/550", start)
	if err != nil {
		panic(err)
	}
	kyiv, _ := ground.LookupCity("Kyiv")
	newYork, _ := ground.LookupCity("New York")
	net, err := sim.NewNetwork(sim.Config{
		Constellation: shell,
		Ground:        []ground.Node{kyiv, newYork},
		Start:         start,
		Duration:      time.Minute,
		Step:          10 * time.Second,
		ISL:           topology.ISLConfig{Pattern: topology.PlusGrid, MaxRange: 5016, MinAltitude: 80},
		GSL:           topology.GSLConfig{MinElevation: 25, Policy: topology.AnyVisible, Selection: topology.HighestElevation},
		Fiber:         sim.FiberConfig{RefractiveIndex: 1.468, RouteInflation: 1.5},
		Mode:          sim.ISLMode,
		Pairs:         [][2]int{{0, 1}},
	})
	if err != nil {
		panic(err)
	}
	res, err := sim.Run(context.Background(), net, sim.Options{}, sim.SinkFunc(func(r *sim.StepResult) error {
		v := r.Values[0]
		fmt.Printf("t=%2.0fs  RTT %.3f ms over %d hops\n", r.Offset.Seconds(), v.RTT(), v.Hops)
		return nil
	}))
	if err != nil {
		panic(err)
	}
	st := res.Stats[0]
	fmt.Printf("%d steps, %d path changes, %d handovers\n", res.Steps, st.PathChanges, st.Handovers)
	// Output:
	// t= 0s  RTT 58.122 ms over 11 hops
	// t=10s  RTT 58.082 ms over 11 hops
	// t=20s  RTT 59.588 ms over 8 hops
	// t=30s  RTT 58.892 ms over 11 hops
	// t=40s  RTT 58.762 ms over 11 hops
	// t=50s  RTT 58.666 ms over 11 hops
	// t=60s  RTT 58.734 ms over 12 hops
	// 7 steps, 3 path changes, 3 handovers
}
