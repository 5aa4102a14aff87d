// Package starlink models Starlink as its users measure it, on top of the
// geometry the engine computes: the access network's delays (the user-link
// frame, uplink request/grant scheduling, processing in satellites,
// gateways and the PoP, idle queueing and optional load), the globally
// synchronised 15 s reconfiguration (a latency step and a short loss burst
// at :12, :27, :42 and :57 past each minute), the PoP a terminal is homed
// to, and the terrestrial Internet past the PoP.
//
// The package is pure: it reads no clock and does no I/O. Randomness comes
// from a seed: every draw is a function of (seed, node, instant), so a
// result does not depend on the order in which steps are computed or on
// the number of workers. Every default parameter names its source in
// Defaults; docs/realism.md lists them and says which figures were read in
// stored text and which are recalled.
package starlink
