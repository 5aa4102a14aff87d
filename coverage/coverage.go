package coverage

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/region"
	"orbitnet/sim"
	"orbitnet/topology"
)

// Config says what to compute.
type Config struct {
	// Cells are the sample points and the areas they stand for, usually a
	// region's Grid. Each is observed at height 0 on the WGS-84 ellipsoid.
	Cells []region.Cell
	// Network is the scenario as the engine takes it. Coverage uses its
	// Constellation, GSL (elevation mask and range cap), Start, Duration,
	// Step, Mode, the gateways among Ground and its what-if Failures:
	// failed satellites are not seen, failed or jammed gateways see nothing
	// (the engine's rules, sim.Workspace.VisibleFrom), and a
	// cell inside an active jammed area sees no satellite. The PoP
	// round-trip time uses all of Network except Pairs, AllPairs and
	// AllPairsLimit, which it replaces.
	Network sim.Config
	// Workers is the number of goroutines (0: GOMAXPROCS). Results do not
	// depend on it.
	Workers int
	// NoRTT skips the PoP round-trip times even when Network has PoPs.
	NoRTT bool
}

// CellStats is what one cell gets. Fractions are of the number of steps
// (Result.Steps); NaN marks a value that does not apply.
type CellStats struct {
	region.Cell
	Name string // "cell-0001", …: the cell's ground-node name in the RTT run
	// CoveredSteps is the number of steps with at least one satellite above
	// the mask; CoveredFrac is that over the number of steps.
	CoveredSteps int64
	CoveredFrac  float64
	// MinVisible, MeanVisible and MaxVisible count the satellites above the
	// mask, over all steps.
	MinVisible, MaxVisible int
	MeanVisible            float64
	// MeanBestElev is the mean, over the covered steps, of the elevation
	// of the highest satellite; MinBestElev its minimum over them (the
	// worst case while covered). Both are NaN when the cell is never
	// covered; both are at least the mask.
	MeanBestElev, MinBestElev units.Angle
	// GatewayFrac is the fraction of steps at which the serving satellite
	// (the highest, ties to the lower satellite index) also sees a gateway
	// above the mask. A step without a satellite counts as not served. NaN
	// unless Result.Gateways.
	GatewayFrac float64
	// PoP is the index into Network.Ground of the nearest PoP by geodesic
	// distance (PoPDist), and PoPName its name; −1 and "" unless Result.RTT.
	PoP     int
	PoPName string
	PoPDist units.Length
	// PoPRTTMedian is the median over the reachable steps of the RTT
	// from the cell to that PoP (NaN unless Result.RTT, or if never
	// reachable); PoPReachableFrac the fraction of steps with a path (NaN
	// unless Result.RTT).
	PoPRTTMedian     units.Delay
	PoPReachableFrac float64
}

// Summary describes the region, weighting each cell by its area. Cell
// fields are indices into Result.Cells (−1 when no cell qualifies).
type Summary struct {
	Cells   int
	AreaKm2 float64 // sum of the cells' areas
	// MeanCoveredFrac is the area-weighted mean of the cells' CoveredFrac:
	// the fraction of area × time with a satellite.
	MeanCoveredFrac float64
	// FullyCoveredAreaFrac is the share of the area covered at every step;
	// NeverCoveredAreaFrac the share never covered.
	FullyCoveredAreaFrac float64
	NeverCoveredAreaFrac float64
	// AllCoveredFrac is the fraction of steps at which every cell had a
	// satellite at once.
	AllCoveredFrac float64
	// MinCoveredFrac is the least-covered cell's CoveredFrac.
	MinCoveredFrac float64
	MinCoveredCell int
	// MinVisible and MaxVisible are the extremes over cells and steps;
	// MeanVisible is the area-weighted mean of the cells' means.
	MinVisible, MaxVisible int
	MeanVisible            float64
	// MeanBestElev is the mean elevation of the highest satellite over
	// every covered cell and step, weighted by area; MinBestElev the
	// lowest over them (the worst case while covered). NaN if nothing was
	// ever covered.
	MeanBestElev    units.Angle
	MinBestElev     units.Angle
	MinBestElevCell int
	// GatewayFrac is the area-weighted mean of the cells' GatewayFrac and
	// MinGatewayFrac the worst cell's (NaN unless Result.Gateways).
	GatewayFrac    float64
	MinGatewayFrac float64
	MinGatewayCell int
	// PoPRTTMedian is the area-weighted median of the cells' median RTTs
	// (over cells reachable at some step: the smallest value such that the
	// cells at or below it hold at least half of their area);
	// PoPRTTWorstMedian the largest cell median. PoPReachableFrac is the
	// area-weighted mean of the cells' reachable fractions and
	// MinPoPReachableFrac the worst cell's. All NaN unless Result.RTT.
	PoPRTTMedian        units.Delay
	PoPRTTWorstMedian   units.Delay
	WorstRTTCell        int
	PoPReachableFrac    float64
	MinPoPReachableFrac float64
}

// Result is the outcome of Compute.
type Result struct {
	Steps   int
	Cells   []CellStats // in the order of Config.Cells
	Summary Summary
	// Gateways is true when GatewayFrac was computed: the network has
	// gateways or is in bent-pipe mode.
	Gateways bool
	// RTT is true when the PoP round-trip times were computed; RTTNote
	// says why not when the network has PoPs but RTT is false.
	RTT     bool
	RTTNote string
}

// CellName returns the name of cell i (0-based) of n: "cell-0001", with
// at least four digits and as many as n needs.
func CellName(i, n int) string {
	w := max(4, len(strconv.Itoa(n)))
	return fmt.Sprintf("cell-%0*d", w, i+1)
}

// microDeg is the fixed-point unit of the elevation sums, in degrees.
const microDeg = 1e-6

// maxBlockSteps bounds the steps of one work unit.
const maxBlockSteps = 32

// Compute measures the coverage of cfg.Cells over the steps of
// cfg.Network and, when the network has PoPs and routes through them
// (bent-pipe or hybrid mode) and NoRTT is false, the RTT of each cell to
// its nearest PoP. progress, if not nil, is called from the calling goroutine
// with the number of steps done and the total (the RTT run's steps count
// as a second pass).
//
// Cost: the coverage pass is O(steps × (cells + gateways) × satellites)
// for the visibility tests plus O(steps × satellites) SGP4 evaluations,
// with no allocation per step: Ukraine at 25 km (960 cells) against
// Starlink shell 1 (1,584 satellites), 61 steps, takes about 0.25 s on one
// core of a 2-core AMD EPYC, 2.6 ns per cell, satellite and step
// (BenchmarkUkraine25km). The RTT pass costs what sim.Run costs
// for a network with one terminal per cell and one shortest-path tree per
// distinct nearest PoP; its memory grows with cells × the spread of each
// cell's RTT (sim.Hist, 4 bytes per µs). See docs/coverage.md.
//
// Compute returns an error for an empty or invalid configuration (no
// cells, no satellites, a step ≤ 0, a mask outside [0, 90)) and
// ctx.Err() when cancelled.
func Compute(ctx context.Context, cfg Config, progress func(done, total int)) (*Result, error) {
	if err := validate(&cfg); err != nil {
		return nil, err
	}
	nc := &cfg.Network
	steps := nc.Steps()
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	res := &Result{Steps: steps, Cells: make([]CellStats, len(cfg.Cells))}
	var gateways, pops []int
	for i, g := range nc.Ground {
		switch g.Kind {
		case ground.Gateway:
			gateways = append(gateways, i)
		case ground.PoP:
			pops = append(pops, i)
		}
	}
	res.Gateways = len(gateways) > 0 || nc.Traits().GatewaySeen
	switch {
	case len(pops) == 0 || cfg.NoRTT:
	case !nc.Traits().GroundRelay:
		res.RTTNote = "routing mode " + string(nc.Mode) + " connects PoPs to nothing (ground nodes are endpoints only and gateways have no fibre), so no PoP RTT"
	default:
		res.RTT = true
	}
	total := steps
	if res.RTT {
		total *= 2
	}

	acc, err := visibility(ctx, &cfg, gateways, workers, func(done int) {
		if progress != nil {
			progress(done, total)
		}
	})
	if err != nil {
		return nil, err
	}
	for i, c := range cfg.Cells {
		cs := &res.Cells[i]
		cs.Cell = c
		cs.Name = CellName(i, len(cfg.Cells))
		cs.CoveredSteps = acc.covered[i]
		cs.CoveredFrac = float64(acc.covered[i]) / float64(steps)
		cs.MinVisible, cs.MaxVisible = int(acc.minVis[i]), int(acc.maxVis[i])
		cs.MeanVisible = float64(acc.sumVis[i]) / float64(steps)
		cs.MeanBestElev, cs.MinBestElev = units.Deg(math.NaN()), units.Deg(math.NaN())
		if acc.covered[i] > 0 {
			cs.MeanBestElev = units.Deg(float64(acc.sumBest[i]) / float64(acc.covered[i]) * microDeg)
			cs.MinBestElev = units.Deg(acc.minBest[i])
		}
		cs.GatewayFrac = math.NaN()
		if res.Gateways {
			cs.GatewayFrac = float64(acc.gw[i]) / float64(steps)
		}
		cs.PoP, cs.PoPDist = -1, units.Km(math.NaN())
		cs.PoPRTTMedian, cs.PoPReachableFrac = units.Ms(math.NaN()), math.NaN()
	}
	if res.RTT {
		if err := popRTT(ctx, &cfg, workers, res, func(done int) {
			if progress != nil {
				progress(steps+done, total)
			}
		}); err != nil {
			return nil, err
		}
	}
	res.Summary = summarise(res, acc.allCovered, steps)
	return res, nil
}

func validate(cfg *Config) error {
	nc := &cfg.Network
	switch {
	case len(cfg.Cells) == 0:
		return errors.New("coverage: no cells")
	case nc.Constellation == nil || len(nc.Constellation.Sats) == 0:
		return errors.New("coverage: no satellites")
	case nc.Step <= 0:
		return fmt.Errorf("coverage: step %v: must be positive", nc.Step)
	case nc.Duration < 0:
		return fmt.Errorf("coverage: duration %v: must not be negative", nc.Duration)
	case !(nc.GSL.MinElevation >= 0 && nc.GSL.MinElevation < 90):
		return fmt.Errorf("coverage: elevation mask %v°: must be in [0, 90)", nc.GSL.MinElevation.Deg())
	case !(nc.GSL.MaxRange >= 0) || math.IsInf(nc.GSL.MaxRange.Km(), 0):
		return fmt.Errorf("coverage: range cap %v km: must be ≥ 0 (0 = none)", nc.GSL.MaxRange.Km())
	}
	for i, c := range cfg.Cells {
		if !(c.Lat >= -90 && c.Lat <= 90) || math.IsNaN(c.Lon) || math.IsInf(c.Lon, 0) || !(c.AreaKm2 >= 0) || math.IsInf(c.AreaKm2, 0) {
			return fmt.Errorf("coverage: cell %d: latitude %v, longitude %v, area %v km²: not a valid cell", i+1, c.Lat, c.Lon, c.AreaKm2)
		}
	}
	return nil
}

// accum holds per-cell counters, struct of arrays. Every sum is an
// integer, so merging is exact and order does not matter.
type accum struct {
	covered    []int64   // steps with ≥ 1 satellite
	minVis     []int32   // fewest satellites at a step
	maxVis     []int32   // most satellites at a step
	sumVis     []int64   // satellites summed over steps
	sumBest    []int64   // best elevation summed over covered steps, µdeg
	minBest    []float64 // lowest best elevation over covered steps, degrees
	gw         []int64   // steps whose serving satellite sees a gateway
	allCovered int64     // steps at which every cell was covered
}

func newAccum(n int) *accum {
	a := &accum{covered: make([]int64, n), minVis: make([]int32, n), maxVis: make([]int32, n),
		sumVis: make([]int64, n), sumBest: make([]int64, n), minBest: make([]float64, n), gw: make([]int64, n)}
	for i := range n {
		a.minVis[i] = math.MaxInt32
		a.minBest[i] = math.Inf(1)
	}
	return a
}

func (a *accum) merge(b *accum) {
	for i := range a.covered {
		a.covered[i] += b.covered[i]
		a.minVis[i] = min(a.minVis[i], b.minVis[i])
		a.maxVis[i] = max(a.maxVis[i], b.maxVis[i])
		a.sumVis[i] += b.sumVis[i]
		a.sumBest[i] += b.sumBest[i]
		a.minBest[i] = min(a.minBest[i], b.minBest[i])
		a.gw[i] += b.gw[i]
	}
	a.allCovered += b.allCovered
}

// shared is the read-only state of the visibility pass.
type shared struct {
	net *sim.Config
	// eng is the engine's network without pairs: each worker steps a
	// workspace of it (sim.Workspace.Place) for the satellites' positions
	// with the what-if failures applied, and asks it what the gateways see
	// (sim.Workspace.VisibleFrom) and which cells are jammed.
	eng     *sim.Network
	gwIdx   []int            // ground index of each gateway
	lat     []float64        // cell latitudes, degrees
	lon     []float64        // cell longitudes, degrees
	obs     []frame.Observer // one per cell
	gateway bool             // compute the gateway fraction
}

// stepper is one worker's buffers.
type stepper struct {
	sh     *shared
	ws     *sim.Workspace
	vis    []topology.Visible
	seesGW []bool
}

func newShared(cfg *Config, gateways []int) (*shared, error) {
	nc := &cfg.Network
	sh := &shared{net: nc, gateway: len(gateways) > 0 || nc.Traits().GatewaySeen}
	// What coverage sees depends on the sky, the mask, the ground nodes
	// and the failures, not on the routing: the engine's network for it
	// has no pairs, no laser links and the plain isl mode.
	n, err := sim.NewNetwork(sim.Config{
		Constellation: nc.Constellation, Ground: nc.Ground,
		Start: nc.Start, Duration: nc.Duration, Step: nc.Step,
		GSL: nc.GSL, ISL: topology.ISLConfig{Pattern: topology.NoISL},
		Mode: sim.ISLMode, Failures: nc.Failures, Moving: nc.Moving,
	})
	if err != nil {
		return nil, err
	}
	sh.eng = n
	sh.obs = make([]frame.Observer, len(cfg.Cells))
	sh.lat, sh.lon = make([]float64, len(cfg.Cells)), make([]float64, len(cfg.Cells))
	for i, c := range cfg.Cells {
		sh.obs[i] = frame.NewObserver(frame.Geodetic{Lat: units.Deg(c.Lat), Lon: units.Deg(c.Lon)})
		sh.lat[i], sh.lon[i] = c.Lat, c.Lon
	}
	sh.gwIdx = gateways
	return sh, nil
}

func (sh *shared) newStepper() *stepper {
	return &stepper{sh: sh, ws: sh.eng.NewWorkspace(), seesGW: make([]bool, sh.eng.NSat)}
}

// visibility runs the coverage pass: contiguous blocks of steps over a
// pool of workers, each accumulating into its own counters.
func visibility(ctx context.Context, cfg *Config, gateways []int, workers int, progress func(done int)) (*accum, error) {
	nc := &cfg.Network
	sh, err := newShared(cfg, gateways)
	if err != nil {
		return nil, err
	}
	steps := nc.Steps()
	// Blocks depend on the number of steps alone: a few per worker at
	// most core counts, never more than maxBlockSteps steps.
	bs := min(maxBlockSteps, max(1, steps/16))
	workers = min(workers, (steps+bs-1)/bs)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan [2]int)
	done := make(chan int, workers)
	accs := make([]*accum, workers)
	var wg sync.WaitGroup
	for w := range workers {
		accs[w] = newAccum(len(cfg.Cells))
		wg.Add(1)
		go func(a *accum) {
			defer wg.Done()
			st := sh.newStepper()
			for b := range jobs {
				for i := b[0]; i < b[1] && ctx.Err() == nil; i++ {
					st.step(i, a)
				}
				done <- b[1] - b[0]
			}
		}(accs[w])
	}
	go func() {
		defer close(jobs)
		for first := 0; first < steps; first += bs {
			select {
			case jobs <- [2]int{first, min(first+bs, steps)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	n := 0
	for k := range done {
		n += k
		if ctx.Err() == nil {
			progress(n)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, a := range accs[1:] {
		accs[0].merge(a)
	}
	return accs[0], nil
}

// step computes step i into a. It allocates nothing once the visible-list
// buffer has grown to the largest visible set.
func (st *stepper) step(i int, a *accum) {
	sh := st.sh
	nc := sh.net
	off := time.Duration(i) * nc.Step
	st.ws.Place(off)
	fail := sh.eng.HasFailures()
	if sh.gateway {
		clear(st.seesGW)
		for _, g := range sh.gwIdx {
			st.vis = st.ws.VisibleFrom(g, st.vis[:0])
			for _, v := range st.vis {
				st.seesGW[v.Sat] = true
			}
		}
	}
	all := true
	for c := range sh.obs {
		st.vis = topology.VisibleFrom(&sh.obs[c], st.ws.Pos, nc.GSL, st.vis[:0])
		if fail && sh.eng.JammedAt(off, sh.lat[c], sh.lon[c]) {
			st.vis = st.vis[:0]
		}
		n := int32(len(st.vis))
		a.sumVis[c] += int64(n)
		a.minVis[c] = min(a.minVis[c], n)
		a.maxVis[c] = max(a.maxVis[c], n)
		if n == 0 {
			all = false
			continue
		}
		best := st.vis[0]
		for _, v := range st.vis[1:] {
			if v.SinEl > best.SinEl {
				best = v
			}
		}
		el := math.Asin(min(best.SinEl, 1)) * (180 / math.Pi)
		a.covered[c]++
		a.sumBest[c] += int64(math.Round(el / microDeg))
		a.minBest[c] = min(a.minBest[c], el)
		if sh.gateway && st.seesGW[best.Sat] {
			a.gw[c]++
		}
	}
	if all {
		a.allCovered++
	}
}

// summarise computes the region summary. Sums run over the cells in
// order, so the result is deterministic.
func summarise(res *Result, allCovered int64, steps int) Summary {
	s := Summary{Cells: len(res.Cells), MinCoveredCell: -1, MinBestElevCell: -1, MinGatewayCell: -1, WorstRTTCell: -1,
		MinVisible: math.MaxInt, MeanBestElev: units.Deg(math.NaN()), MinBestElev: units.Deg(math.NaN()),
		GatewayFrac: math.NaN(), MinGatewayFrac: math.NaN(), PoPRTTMedian: units.Ms(math.NaN()), PoPRTTWorstMedian: units.Ms(math.NaN()),
		PoPReachableFrac: math.NaN(), MinPoPReachableFrac: math.NaN()}
	s.AllCoveredFrac = float64(allCovered) / float64(steps)
	var cov, full, never, vis, elev, elevW, gw, reach float64
	for i := range res.Cells {
		c := &res.Cells[i]
		a := c.AreaKm2
		s.AreaKm2 += a
		cov += a * c.CoveredFrac
		if c.CoveredSteps == int64(steps) {
			full += a
		}
		if c.CoveredSteps == 0 {
			never += a
		}
		if s.MinCoveredCell < 0 || c.CoveredFrac < s.MinCoveredFrac {
			s.MinCoveredFrac, s.MinCoveredCell = c.CoveredFrac, i
		}
		s.MinVisible = min(s.MinVisible, c.MinVisible)
		s.MaxVisible = max(s.MaxVisible, c.MaxVisible)
		vis += a * c.MeanVisible
		if c.CoveredSteps > 0 {
			w := a * float64(c.CoveredSteps)
			elev += w * c.MeanBestElev.Deg()
			elevW += w
			if s.MinBestElevCell < 0 || c.MinBestElev < s.MinBestElev {
				s.MinBestElev, s.MinBestElevCell = c.MinBestElev, i
			}
		}
		if res.Gateways {
			gw += a * c.GatewayFrac
			if s.MinGatewayCell < 0 || c.GatewayFrac < s.MinGatewayFrac {
				s.MinGatewayFrac, s.MinGatewayCell = c.GatewayFrac, i
			}
		}
		if res.RTT {
			reach += a * c.PoPReachableFrac
			if i == 0 || c.PoPReachableFrac < s.MinPoPReachableFrac {
				s.MinPoPReachableFrac = c.PoPReachableFrac
			}
			if !math.IsNaN(c.PoPRTTMedian.Ms()) && (s.WorstRTTCell < 0 || c.PoPRTTMedian > s.PoPRTTWorstMedian) {
				s.PoPRTTWorstMedian, s.WorstRTTCell = c.PoPRTTMedian, i
			}
		}
	}
	if s.AreaKm2 > 0 {
		s.MeanCoveredFrac = cov / s.AreaKm2
		s.FullyCoveredAreaFrac = full / s.AreaKm2
		s.NeverCoveredAreaFrac = never / s.AreaKm2
		s.MeanVisible = vis / s.AreaKm2
		if res.Gateways {
			s.GatewayFrac = gw / s.AreaKm2
		}
		if res.RTT {
			s.PoPReachableFrac = reach / s.AreaKm2
		}
	}
	if elevW > 0 {
		s.MeanBestElev = units.Deg(elev / elevW)
	}
	if res.RTT {
		s.PoPRTTMedian = units.Ms(weightedMedian(res.Cells))
	}
	return s
}

// weightedMedian returns the smallest cell median RTT such that the cells
// at or below it hold at least half the area of the cells with a median
// (NaN if none has one).
func weightedMedian(cells []CellStats) float64 {
	type vw struct{ v, w float64 }
	var xs []vw
	total := 0.0
	for _, c := range cells {
		if !math.IsNaN(c.PoPRTTMedian.Ms()) {
			xs = append(xs, vw{c.PoPRTTMedian.Ms(), c.AreaKm2})
			total += c.AreaKm2
		}
	}
	if len(xs) == 0 {
		return math.NaN()
	}
	sort.SliceStable(xs, func(i, j int) bool { return xs[i].v < xs[j].v })
	acc := 0.0
	for _, x := range xs {
		acc += x.w
		if acc >= total/2 {
			return x.v
		}
	}
	return xs[len(xs)-1].v
}
