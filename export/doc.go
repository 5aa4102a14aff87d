// Package export writes a simulated scenario in the formats of other tools:
//
//   - CZML (Cesium) and KML (Google Earth and GIS tools): satellites'
//     positions sampled over a time window, the laser and ground links as
//     they come and go, and the paths of the listed pairs (WriteCZML,
//     WriteKML);
//   - Hypatia's input and dynamic-state files, so that ns-3 with Hypatia's
//     satellite-network module runs a packet-level study on the same
//     network (WriteHypatia);
//   - a per-path delay and loss trace for trace-replay emulators
//     (WriteTrace).
//
// Every writer takes a prepared sim.Network whose configuration spans the
// export window (Config.Start is the first instant, Config.Step the
// sampling interval) and is deterministic: the same network gives the same
// bytes whatever the number of workers. The formats are documented in
// docs/export.md.
package export
