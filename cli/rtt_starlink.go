package cli

import (
	"fmt"

	"orbitnet/ground"
	"orbitnet/sim"
	"orbitnet/starlink"
)

// starlinkHopMs is the one-way delay of a ground-to-ground hop in starlink
// mode when it is the terrestrial Internet (a PoP and anything but its
// gateway); ok is false otherwise.
func starlinkHopMs(net *sim.Network, a, b ground.Node) (ms float64, ok bool) {
	if net.Cfg.Mode != sim.Starlink {
		return 0, false
	}
	pa, pb := a.Kind == ground.PoP, b.Kind == ground.PoP
	if !(pa || pb) || a.Kind == ground.Gateway || b.Kind == ground.Gateway {
		return 0, false
	}
	p := net.Cfg.Starlink.Params
	return float64(p.Terrestrial(ground.GeodesicKm(a.Pos, b.Pos))) / 1e6, true
}

// printStarlinkParts prints where the RTT of the workspace's pair went
// (starlink mode): the hops above are propagation and terrestrial only.
func printStarlinkParts(env Env, ws *sim.Workspace, p starlink.Params) {
	parts, ok := ws.PairParts(0)
	if !ok {
		return
	}
	ms := func(d interface{ Nanoseconds() int64 }) float64 { return float64(d.Nanoseconds()) / 1e6 }
	fmt.Fprintf(env.Stdout, "RTT %.3f ms = propagation %.3f + access %.3f + processing %.3f + queueing %.3f + terrestrial %.3f (starlink model, seed %d; access floor %.3f ms)\n",
		ms(parts.Total()), ms(parts.Propagation), ms(parts.Access), ms(parts.Processing), ms(parts.Queueing), ms(parts.Terrestrial), p.Seed, ms(p.Floor()))
}
