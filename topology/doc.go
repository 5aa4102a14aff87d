// Package topology computes the links of a satellite network at an instant:
// satellite positions (SGP4 → TEME → ECEF), laser inter-satellite links
// (ISLs) and ground-satellite links (GSLs), and Starlink's 15-second slot
// scheduler that assigns satellites to ground nodes.
//
// All positions are ECEF kilometres; link delays are one-way units.Delay at
// the speed of light in vacuum (units.LightDelay with c = 299,792.458 km/s,
// exact by the SI definition of the metre); ranges and altitudes are
// units.Length, elevation masks units.Angle. The package does no I/O and
// keeps no global state: every function works on the values it is handed,
// and the per-step routines reuse caller-owned buffers so that a time step
// allocates nothing.
package topology
