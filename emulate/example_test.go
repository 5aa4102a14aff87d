package emulate_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"orbitnet/emulate"
)

// A schedule as the engine produces it: one sample per 15 s slot, read from
// 30 s into the simulated pass.
func ExampleStepSchedule() {
	ms := time.Millisecond
	s := emulate.StepSchedule{
		Start: 30 * time.Second,
		Step:  15 * time.Second,
		Samples: []emulate.Conditions{
			{DelayAB: 20 * ms, DelayBA: 21 * ms, Up: true},
			{DelayAB: 26 * ms, DelayBA: 26 * ms, Up: true},
			{DelayAB: 31 * ms, DelayBA: 30 * ms, Up: true},
			{Up: false},
		},
	}
	for _, t := range []time.Duration{0, 14 * time.Second, 15 * time.Second, time.Hour} {
		c := s.At(t)
		fmt.Printf("t=%v: A→B %v, B→A %v, up %v\n", t, c.DelayAB, c.DelayBA, c.Up)
	}
	// Output:
	// t=0s: A→B 31ms, B→A 30ms, up true
	// t=14s: A→B 31ms, B→A 30ms, up true
	// t=15s: A→B 0s, B→A 0s, up false
	// t=1h0m0s: A→B 0s, B→A 0s, up false
}

// Emulating a path for a minute and pinging across it (needs root).
func ExampleStart() {
	ctx := context.Background()
	e, err := emulate.Start(ctx, emulate.Config{
		Pairs: []emulate.Pair{{
			Name: "Kyiv-Frankfurt", A: "Kyiv", B: "Frankfurt",
			Schedule: emulate.Fixed{DelayAB: 20 * time.Millisecond, DelayBA: 20 * time.Millisecond, Up: true},
		}},
		Duration: time.Minute,
		Log:      os.Stderr,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // ErrNotPermitted without root
		return
	}
	defer e.Close()
	// ping runs in Kyiv's namespace; $ORBITNET_PEER is Frankfurt's address.
	err = e.RunCommand(ctx, "Kyiv", []string{"sh", "-c", "ping -c 5 $ORBITNET_PEER"}, nil, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	for _, s := range e.Stats().Directions {
		fmt.Printf("%s %s: %d packets, delay error p99 %v\n", s.Pair, s.Direction, s.Forwarded, s.DelayError.P99)
	}
	if err := emulate.WriteCSV("emulation.csv", e.Records()); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}
