package cli

import (
	"context"

	"orbitnet/sim"
)

// engine computes a scenario's steps for runScenario, which writes the
// outputs from what it feeds the sink: sim.Run on this machine
// (localEngine), or the recorded shards of a plan replayed in order
// (merge.go), so that both write the same files byte for byte. baseline
// marks the what-if comparison run without failures.
type engine func(ctx context.Context, net *sim.Network, baseline bool, opts sim.Options, sink sim.Sink) (*sim.Result, error)

func localEngine(ctx context.Context, net *sim.Network, _ bool, opts sim.Options, sink sim.Sink) (*sim.Result, error) {
	return sim.Run(ctx, net, opts, sink)
}
