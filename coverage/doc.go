// Package coverage answers "what does a constellation give a region": it
// samples a region on an equal-area grid (region.Grid) and, for every cell
// and for the region as a whole, measures over a span of time
//
//   - the fraction of time at least one satellite is above the elevation
//     mask (and within the slant-range cap, when one is set);
//   - how many satellites are above the mask (min, mean, max);
//   - the elevation of the highest satellite (its mean over time, and its
//     minimum over time: the worst case), over the steps with a satellite;
//   - with gateways, or in bent-pipe mode, the fraction of time the serving
//     satellite (the highest one) also sees a gateway above the same mask;
//   - with PoPs (and a routing mode that reaches them), the round-trip time
//     to the nearest PoP through the engine's routing.
//
// Compute does no I/O, reads no clock and keeps no global state; WriteCSV
// formats a Result. The method, the meaning of every number and the cost
// are documented in docs/coverage.md.
//
// # Method
//
// Visibility is geometric, step by step: at each step every satellite is
// propagated (topology.Propagator, SGP4, ECEF), and every cell centre, a
// frame.Observer on the WGS-84 ellipsoid at height 0, lists the satellites
// at or above the mask with topology.VisibleFrom, the test the engine uses
// for ground-satellite links. Gateways see satellites by the same test;
// their antenna count and the slot scheduler are not modelled here (a
// satellite "sees a gateway" when one is above the gateway's mask).
//
// Steps are split into contiguous blocks, fixed by the number of steps
// alone, and spread over a pool of workers; each worker accumulates into
// its own per-cell counters and the counters are summed at the end. Every
// accumulator is an integer (the elevation sums are kept in micro-degrees,
// exact to 5·10⁻⁷° per step, below the printed precision), so results are
// identical, to the byte, whatever the number of workers and the block
// size.
//
// The PoP round-trip time is computed by the engine itself (sim.NewNetwork
// and sim.Run): each cell becomes a ground.Terminal named "cell-0001", …,
// appended to the scenario's ground nodes, and is paired with its nearest
// PoP by geodesic distance (ground.GeodesicKm; ties go to the PoP listed
// first). The pairs are given PoP first, so that one shortest-path tree per
// PoP answers every cell; the engine's graph is symmetric (every link has
// the same delay both ways, and a bent-pipe uplink copy mirrors the
// downlink), so the RTT is the one from the cell to the PoP.
package coverage
