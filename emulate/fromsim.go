package emulate

import (
	"context"
	"fmt"
	"math"
	"time"

	"orbitnet/sim"
)

// SchedulesFromSim runs the engine over net and returns one StepSchedule per
// listed pair (net.PairList()[:net.NumListed()]): each step's one-way delay
// in both directions (equal: the engine's network is symmetric), and Up
// false where the pair has no path. This is how the CLI and the HTTP server
// drive an emulation from sim.Run.
func SchedulesFromSim(ctx context.Context, net *sim.Network, opts sim.Options) ([]StepSchedule, error) {
	n := net.NumListed()
	if n == 0 {
		return nil, fmt.Errorf("emulate: the network has no listed pairs")
	}
	out := make([]StepSchedule, n)
	for k := range out {
		out[k] = StepSchedule{Step: net.Cfg.Step, Samples: make([]Conditions, 0, net.Cfg.Steps())}
		out[k].Model = starlinkModelOf(net, k)
	}
	_, err := sim.Run(ctx, net, opts, sim.SinkFunc(func(r *sim.StepResult) error {
		for k := 0; k < n; k++ {
			v := r.Values[k]
			c := Conditions{Up: v.Reachable()}
			if c.Up && r.Parts != nil { // starlink: geometry here, the access network per packet
				p := r.Parts[k]
				c.DelayAB = (p.Propagation + p.Terrestrial) / 2
				c.DelayBA = c.DelayAB
			} else if c.Up {
				d := time.Duration(math.Round(v.Delay.Ms() * 1e6))
				c.DelayAB, c.DelayBA = d, d
			}
			out[k].Samples = append(out[k].Samples, c)
		}
		return nil
	}))
	if err != nil {
		return nil, err
	}
	return out, nil
}
