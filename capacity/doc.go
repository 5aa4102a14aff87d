// Package capacity estimates what a satellite network can carry at one
// instant: a flow-level model in which every demand between two ground
// nodes is a fluid flow along one or more paths, every link direction and
// every antenna pool has a capacity in Gb/s, and the rates are the max-min
// fair allocation (Bertsekas and Gallager, Data Networks, 2nd ed. 1992,
// §6.5.2) found by progressive filling.
//
// The package follows the mathematics in four layers, each usable alone:
//
//   - MaxMinFair solves the allocation for abstract resources (capacities)
//     and requests (a demand and the resources it crosses). It knows nothing
//     about graphs.
//   - Graph is a small undirected multigraph of full-duplex links with a
//     capacity per direction, delays in milliseconds, relay flags and
//     optional node pools (the total over a node's links of one kind, such
//     as a gateway's antennas). KShortestPaths finds the k shortest simple
//     paths by delay (Yen 1971).
//   - Problem ties demands to paths on a Graph and turns them into a
//     MaxMinFair instance whose resources are the link directions (arcs)
//     and pool directions.
//   - GraphOf builds the Graph of one step of the simulation engine from the
//     arcs its routing policy laid (sim.Workspace.LaidArcs), the capacity
//     of each link chosen by its sim.LinkKind; Run routes demands over it
//     step by step. FromSnapshot builds a Problem from a step given as plain
//     slices (Snapshot: laser links, ground-satellite links, fibre), laid
//     as the engine's policies would and built by the same code.
//
// Demands come from a gravity model (Gravity) or a CSV matrix
// (ReadDemandCSV). WriteCapacityCSV and Summarize turn an Allocation into
// capacity.csv rows and a per-kind utilisation summary; Problem.Utilisation
// gives the values for a utilisation CDF.
//
// Bit rates are Gbps values (10⁹ bit/s) throughout; delays are float64
// milliseconds as in package routing. The package does no I/O beyond the
// readers and writers it is handed, reads no clock and keeps no global
// state; every result is deterministic (ties are broken by index).
//
// See docs/capacity.md for the model, the default capacities and their
// sources, and the model's limits.
package capacity
