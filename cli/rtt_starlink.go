package cli

import (
	"fmt"

	"orbitnet/starlink"
)

// printStarlinkParts prints where the RTT of the pair went
// (starlink mode): the hops above are propagation and terrestrial only.
func printStarlinkParts(env Env, parts starlink.Parts, p starlink.Params) {
	ms := func(d interface{ Nanoseconds() int64 }) float64 { return float64(d.Nanoseconds()) / 1e6 }
	fmt.Fprintf(env.Stdout, "RTT %.3f ms = propagation %.3f + access %.3f + processing %.3f + queueing %.3f + terrestrial %.3f (starlink model, seed %d; access floor %.3f ms)\n",
		ms(parts.Total()), ms(parts.Propagation), ms(parts.Access), ms(parts.Processing), ms(parts.Queueing), ms(parts.Terrestrial), p.Seed, ms(p.Floor()))
}
