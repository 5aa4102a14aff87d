// Package topology computes the links of a satellite network at an instant:
// satellite positions (SGP4 → TEME → ECEF), laser inter-satellite links
// (ISLs) and ground-satellite links (GSLs), and Starlink's 15-second slot
// scheduler that assigns satellites to ground nodes.
//
// All positions are ECEF kilometres; link delays are one-way, in
// milliseconds, at the speed of light in vacuum (c = 299,792.458 km/s, exact
// by the SI definition of the metre). The package does no I/O and keeps no
// global state: every function works on the values it is handed, and the
// per-step routines reuse caller-owned buffers so that a time step
// allocates nothing.
package topology

import "orbitnet/ground"

// SpeedOfLightKmS is the speed of light in vacuum, km/s (exact, SI); it is
// ground.SpeedOfLightKmS, defined on the lower floor with the geodesics.
const SpeedOfLightKmS = ground.SpeedOfLightKmS

// DelayMs returns the one-way propagation delay, in milliseconds, over a
// vacuum path of the given length.
func DelayMs(km float64) float64 { return km / SpeedOfLightKmS * 1000 }
