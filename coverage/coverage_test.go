package coverage

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
	"orbitnet/orbit/walker"
	"orbitnet/region"
	"orbitnet/sim"
	"orbitnet/topology"
)

var t0 = time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)

// Tolerances.
const (
	// rttTol: the engine's histogram holds RTTs to 1 µs; two Dijkstra runs
	// summing the same delays in a different order may round apart.
	rttTol = 0.0015 // ms
)

var anyGSL = topology.GSLConfig{MinElevation: 25, Policy: topology.AnyVisible, Selection: topology.HighestElevation}

func walkerShell(t testing.TB, s walker.Shell) *constellation.Constellation {
	t.Helper()
	c, err := constellation.FromWalker(s.Name, []walker.Shell{s}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func shell1(t testing.TB) *constellation.Constellation {
	t.Helper()
	c, err := constellation.FromPreset("starlink-gen1/550", t0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// box is a region bounded by two meridians and two parallels, degrees.
func box(t testing.TB, name string, west, south, east, north float64) *region.Region {
	t.Helper()
	r, err := region.Read(strings.NewReader(`{"type": "Feature", "properties": {"name": "`+name+`"},
	  "geometry": {"type": "Polygon", "coordinates": [[`+
		pt(west, south)+`,`+pt(east, south)+`,`+pt(east, north)+`,`+pt(west, north)+`,`+pt(west, south)+`]]}}`), name+".geojson")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func pt(lon, lat float64) string {
	return "[" + ftoa(lon) + "," + ftoa(lat) + "]"
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func compute(t testing.TB, cfg Config) *Result {
	t.Helper()
	res, err := Compute(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSingleEquatorialSatellite: one satellite on an equatorial orbit at
// 550 km over a strip of cells along the equator, 25° mask, over one
// revolution relative to the ground. The covered steps of each cell match
// a direct computation (satellite position, look angles, elevation ≥
// mask) step by step, and the covered fractions match the geometry: a
// cell at latitude φ sees the satellite while the sub-satellite point is
// within Δλ of its meridian, cos Δλ = cos θ / cos φ, where θ = acos(r⊕ cos
// ε / r) − ε is the coverage radius (central angle) for mask ε; that is a
// fraction 2Δλ/360° of the revolution.
func TestSingleEquatorialSatellite(t *testing.T) {
	c := walkerShell(t, walker.Shell{Name: "eq", Planes: 1, PerPlane: 1, Altitude: 550, Inclination: 0})
	prop := topology.NewPropagator(c)
	// One revolution relative to the ground, measured from the motion of
	// the sub-satellite point over 10 minutes.
	lonAt := func(d time.Duration) float64 {
		p, ok := prop.PositionAt(0, timescale.FromTime(t0.Add(d)))
		if !ok {
			t.Fatal("satellite does not propagate")
		}
		return math.Atan2(p[1], p[0]) * 180 / math.Pi
	}
	dLon := math.Mod(lonAt(10*time.Minute)-lonAt(0)+360, 360)
	step := 2 * time.Second
	period := time.Duration(360 / dLon * float64(10*time.Minute))
	period = period.Truncate(step)

	strip := box(t, "Strip", 0, -1, 20, 1)
	gw := ground.Node{Name: "gw", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 0, Lon: 10}}
	cfg := Config{Cells: strip.Grid(100), Network: sim.Config{Constellation: c, Start: t0, Duration: period - step, Step: step,
		GSL: anyGSL, Mode: sim.ISLMode, Ground: []ground.Node{gw}}}
	res := compute(t, cfg)
	if len(res.Cells) < 40 || !res.Gateways || res.RTT {
		t.Fatalf("%d cells, gateways %v, rtt %v", len(res.Cells), res.Gateways, res.RTT)
	}
	steps := res.Steps

	// Direct computation.
	gwObs := frame.NewObserver(gw.Pos)
	covered := make([]int64, len(cfg.Cells))
	withGW := make([]int64, len(cfg.Cells))
	for i := range steps {
		p, _ := prop.PositionAt(0, timescale.FromTime(t0.Add(time.Duration(i)*step)))
		gwSees := gwObs.Look(p).Elevation >= 25
		for k, cell := range cfg.Cells {
			if frame.NewObserver(frame.Geodetic{Lat: units.Deg(cell.Lat), Lon: units.Deg(cell.Lon)}).Look(p).Elevation >= 25 {
				covered[k]++
				if gwSees {
					withGW[k]++
				}
			}
		}
	}
	p0, _ := prop.PositionAt(0, timescale.FromTime(t0))
	r := math.Sqrt(p0[0]*p0[0] + p0[1]*p0[1] + p0[2]*p0[2])
	const eps = 25 * math.Pi / 180
	for k, cs := range res.Cells {
		if cs.CoveredSteps != covered[k] {
			t.Errorf("%s (%.2f, %.2f): %d covered steps, direct computation %d", cs.Name, cs.Lat, cs.Lon, cs.CoveredSteps, covered[k])
		}
		if got, want := cs.GatewayFrac, float64(withGW[k])/float64(steps); got != want {
			t.Errorf("%s: gateway fraction %v, direct computation %v", cs.Name, got, want)
		}
		obs := frame.NewObserver(frame.Geodetic{Lat: units.Deg(cs.Lat), Lon: units.Deg(cs.Lon)})
		rE := obs.Pos.Vec().Norm()
		theta := math.Acos(rE*math.Cos(eps)/r) - eps
		dl := math.Acos(math.Cos(theta) / math.Cos(cs.Lat*math.Pi/180))
		want := 2 * dl / (2 * math.Pi)
		if math.Abs(cs.CoveredFrac-want) > 3/float64(steps) {
			t.Errorf("%s: covered %.5f of the time, geometry says %.5f", cs.Name, cs.CoveredFrac, want)
		}
		if cs.MinVisible != 0 || cs.MaxVisible != 1 || cs.MeanVisible != cs.CoveredFrac {
			t.Errorf("%s: visible min %d mean %v max %d", cs.Name, cs.MinVisible, cs.MeanVisible, cs.MaxVisible)
		}
		// The satellite passes (nearly) overhead: the best elevation
		// ranges from the mask to about 89°.
		if !(cs.MinBestElev >= 25 && cs.MinBestElev < 26 && cs.MeanBestElev > 40 && cs.MeanBestElev < 60) {
			t.Errorf("%s: best elevation mean %v min %v", cs.Name, cs.MeanBestElev, cs.MinBestElev)
		}
	}
	if s := res.Summary; s.AllCoveredFrac != 0 || s.FullyCoveredAreaFrac != 0 || s.MaxVisible != 1 || s.MinVisible != 0 {
		t.Errorf("summary %+v", s)
	}
}

// TestShell1Latitudes checks the geometry of Starlink's first shell (72 ×
// 22 at 550 km, 53°) with a 25° mask. The coverage radius is θ = acos(r⊕
// cos 25° / r) − 25° ≈ 8.4° of arc (about 940 km), and the sub-satellite
// points reach 53°N, so no place north of about 61.5°N ever has one of
// these satellites above 25°: a box over Svalbard (77–80°N) is never
// covered. Ukraine (44.4–52.4°N) lies just south of the turning latitude,
// where the satellites spend most of their time, and is covered
// everywhere all the time at 1-minute steps over 10 minutes, by 14 to 23
// satellites.
func TestShell1Latitudes(t *testing.T) {
	c := shell1(t)
	ua, err := region.Lookup("Ukraine")
	if err != nil {
		t.Fatal(err)
	}
	net := sim.Config{Constellation: c, Start: t0, Duration: 10 * time.Minute, Step: time.Minute, GSL: anyGSL, Mode: sim.ISLMode}
	res := compute(t, Config{Cells: ua.Grid(50), Network: net})
	s := res.Summary
	if s.FullyCoveredAreaFrac != 1 || s.MinCoveredFrac != 1 || s.AllCoveredFrac != 1 || s.MinVisible < 5 {
		t.Errorf("Ukraine: %+v", s)
	}
	if math.Abs(s.AreaKm2-ua.AreaKm2()) > 0.05*ua.AreaKm2() {
		t.Errorf("Ukraine: cells hold %.0f km², the outline %.0f km²", s.AreaKm2, ua.AreaKm2())
	}
	if !(s.MinBestElev >= 25 && s.MeanBestElev > s.MinBestElev && s.MeanBestElev < 90) {
		t.Errorf("Ukraine: best elevation mean %v min %v", s.MeanBestElev, s.MinBestElev)
	}

	svalbard := box(t, "Svalbard", 10, 77, 30, 80)
	res = compute(t, Config{Cells: svalbard.Grid(50), Network: net})
	s = res.Summary
	if s.MaxVisible != 0 || s.NeverCoveredAreaFrac != 1 || s.MeanCoveredFrac != 0 || !math.IsNaN(s.MeanBestElev.Deg()) {
		t.Errorf("Svalbard: %+v", s)
	}
	for _, cs := range res.Cells {
		if !math.IsNaN(cs.MinBestElev.Deg()) {
			t.Errorf("%s: never covered but has a best elevation %v", cs.Name, cs.MinBestElev)
		}
	}
}

// TestFailuresApply: with every satellite down from 5 min nothing is
// covered after it, and a jammed box is uncovered while the rest of
// Ukraine stays covered.
func TestFailuresApply(t *testing.T) {
	c := shell1(t)
	ua, err := region.Lookup("Ukraine")
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int, len(c.Sats))
	for i := range all {
		all[i] = i
	}
	east := box(t, "east", 35, 46, 41, 51)
	net := sim.Config{Constellation: c, Start: t0, Duration: 9 * time.Minute, Step: time.Minute, GSL: anyGSL, Mode: sim.ISLMode,
		ISL:      topology.ISLConfig{Pattern: topology.NoISL},
		Failures: []sim.Failure{{Name: "all", Kind: sim.SatellitesDown, Sats: all, From: 5 * time.Minute}}}
	res := compute(t, Config{Cells: ua.Grid(100), Network: net})
	if s := res.Summary; math.Abs(s.MeanCoveredFrac-0.5) > 1e-12 {
		t.Errorf("all satellites down half the time: mean covered %v, want 0.5", s.MeanCoveredFrac)
	}
	net.Failures = []sim.Failure{{Name: "jam", Kind: sim.Jammed, Area: east.Contains}}
	res = compute(t, Config{Cells: ua.Grid(100), Network: net})
	jammed := 0
	for _, cs := range res.Cells {
		in := east.Contains(cs.Lat, cs.Lon)
		if in {
			jammed++
		}
		if in != (cs.CoveredFrac == 0) || (!in && cs.CoveredFrac != 1) {
			t.Errorf("%s (%.2f, %.2f) jammed %v: covered %v", cs.Name, cs.Lat, cs.Lon, in, cs.CoveredFrac)
		}
	}
	if jammed == 0 {
		t.Error("no cell in the jammed box")
	}
}

// TestDeterministicAcrossWorkers: the CSV is byte-identical whatever the
// number of workers.
func TestDeterministicAcrossWorkers(t *testing.T) {
	ua, err := region.Lookup("UA")
	if err != nil {
		t.Fatal(err)
	}
	gws := []ground.Node{
		{Name: "GW Warsaw", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 52.2, Lon: 21.0}},
		{Name: "GW Kaunas", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 54.88, Lon: 23.84}},
	}
	cfg := Config{Cells: ua.Grid(100), Network: sim.Config{Constellation: shell1(t), Start: t0, Duration: 10 * time.Minute,
		Step: 20 * time.Second, GSL: anyGSL, Mode: sim.ISLMode, Ground: gws}}
	var want []byte
	for _, w := range []int{1, 2, 3, 7} {
		cfg.Workers = w
		var b bytes.Buffer
		if err := compute(t, cfg).WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = b.Bytes()
			continue
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%d workers: CSV differs from 1 worker's", w)
		}
	}
	if !strings.HasPrefix(string(want), strings.Join(CSVHeader, ",")+"\n") {
		t.Errorf("CSV starts %q", want[:80])
	}
}

// bentPipe is a bent-pipe network over Poland and Ukraine: Starlink shell 1,
// two gateways, PoPs at Frankfurt and Warsaw, the slot scheduler.
func bentPipe(t testing.TB) sim.Config {
	return sim.Config{Constellation: shell1(t), Start: t0.Add(12 * time.Second), Duration: 40 * time.Second, Step: 10 * time.Second,
		GSL:   topology.GSLConfig{MinElevation: 25, Policy: topology.SlotScheduled, Selection: topology.HighestElevation},
		Fiber: sim.FiberConfig{RefractiveIndex: 1.468, RouteInflation: 1.5, PoPMesh: true},
		Mode:  sim.BentPipe,
		Ground: []ground.Node{
			{Name: "GW Warsaw", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 52.2, Lon: 21.0}},
			{Name: "Frankfurt", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 50.11, Lon: 8.68}},
			{Name: "GW Kaunas", Kind: ground.Gateway, Pos: frame.Geodetic{Lat: 54.88, Lon: 23.84}},
			{Name: "Warsaw", Kind: ground.PoP, Pos: frame.Geodetic{Lat: 52.23, Lon: 21.01}},
		}}
}

// TestPoPRTT: the RTT to the nearest PoP equals what the engine gives for
// the pair written cell first (the direction does not matter), and obeys
// the physical bounds.
func TestPoPRTT(t *testing.T) {
	net := bentPipe(t)
	cells := []region.Cell{
		{Lat: 50.45, Lon: 30.52, AreaKm2: 600}, // Kyiv
		{Lat: 49.84, Lon: 24.03, AreaKm2: 600}, // Lviv
		{Lat: 50.06, Lon: 19.94, AreaKm2: 600}, // Kraków
		{Lat: 50.94, Lon: 6.96, AreaKm2: 600},  // Cologne
	}
	res := compute(t, Config{Cells: cells, Network: net})
	if !res.RTT || !res.Gateways {
		t.Fatalf("rtt %v gateways %v (%s)", res.RTT, res.Gateways, res.RTTNote)
	}
	wantPoP := []string{"Warsaw", "Warsaw", "Warsaw", "Frankfurt"}

	// The engine, pairs written cell first.
	ref := net
	for i, c := range cells {
		ref.Ground = append(ref.Ground, ground.Node{Name: CellName(i, len(cells)), Kind: ground.Terminal,
			Pos: frame.Geodetic{Lat: units.Deg(c.Lat), Lon: units.Deg(c.Lon)}})
		ref.Pairs = append(ref.Pairs, [2]int{len(net.Ground) + i, res.Cells[i].PoP})
	}
	n, err := sim.NewNetwork(ref)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sim.Run(context.Background(), n, sim.Options{}, sim.SinkFunc(func(*sim.StepResult) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	reachable := 0
	for i, cs := range res.Cells {
		if cs.PoPName != wantPoP[i] || net.Ground[cs.PoP].Name != cs.PoPName {
			t.Errorf("%s: nearest PoP %q (%d), want %s", cs.Name, cs.PoPName, cs.PoP, wantPoP[i])
		}
		st := &out.Stats[i]
		if got, want := cs.PoPReachableFrac, float64(st.Steps-st.Unreachable)/float64(st.Steps); got != want {
			t.Errorf("%s: reachable %v, cell-first run %v", cs.Name, got, want)
		}
		want := st.Hist.Quantile(0.5)
		if math.IsNaN(want.Ms()) != math.IsNaN(cs.PoPRTTMedian.Ms()) || math.Abs(cs.PoPRTTMedian.Ms()-want.Ms()) > rttTol {
			t.Errorf("%s: median RTT %v ms, cell-first run %v ms", cs.Name, cs.PoPRTTMedian, want)
		}
		if math.IsNaN(cs.PoPRTTMedian.Ms()) {
			continue
		}
		reachable++
		// Up and down to a satellite at ≥ 550 km, both ways; and no faster
		// than light along the geodesic.
		floor := max(4*550/units.SpeedOfLight*1000, 2*units.LightDelay(cs.PoPDist, 1).Ms())
		if cs.PoPRTTMedian.Ms() < floor {
			t.Errorf("%s: median RTT %v ms below the physical floor %v ms", cs.Name, cs.PoPRTTMedian, floor)
		}
	}
	if reachable < 3 {
		t.Errorf("only %d of %d cells ever reach their PoP", reachable, len(cells))
	}
	s := res.Summary
	if math.IsNaN(s.PoPRTTMedian.Ms()) || s.PoPRTTWorstMedian < s.PoPRTTMedian || s.MinPoPReachableFrac > s.PoPReachableFrac {
		t.Errorf("summary %+v", s)
	}
}

// TestNoRTTInISLMode: in isl mode the engine connects PoPs to nothing, so
// Compute does not try, and says why.
func TestNoRTTInISLMode(t *testing.T) {
	net := bentPipe(t)
	net.Mode = sim.ISLMode
	net.GSL.Policy = topology.AnyVisible
	net.Duration = 0
	res := compute(t, Config{Cells: []region.Cell{{Lat: 50.45, Lon: 30.52, AreaKm2: 1}}, Network: net})
	if res.RTT || res.RTTNote == "" || !res.Gateways {
		t.Errorf("rtt %v, note %q, gateways %v", res.RTT, res.RTTNote, res.Gateways)
	}
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if row := strings.Split(b.String(), "\n")[1]; !strings.HasSuffix(row, ",,,") {
		t.Errorf("PoP columns not empty: %q", row)
	}
}

func TestErrors(t *testing.T) {
	ok := sim.Config{Constellation: walkerShell(t, walker.Shell{Name: "s", Planes: 2, PerPlane: 2, Altitude: 550, Inclination: 53}),
		Start: t0, Step: time.Second, GSL: anyGSL}
	cell := []region.Cell{{Lat: 0, Lon: 0, AreaKm2: 1}}
	bad := func(f func(*Config)) Config {
		c := Config{Cells: cell, Network: ok}
		f(&c)
		return c
	}
	for name, cfg := range map[string]Config{
		"no cells":     bad(func(c *Config) { c.Cells = nil }),
		"no sats":      bad(func(c *Config) { c.Network.Constellation = nil }),
		"zero step":    bad(func(c *Config) { c.Network.Step = 0 }),
		"mask":         bad(func(c *Config) { c.Network.GSL.MinElevation = 90 }),
		"NaN latitude": bad(func(c *Config) { c.Cells = []region.Cell{{Lat: math.NaN()}} }),
	} {
		if _, err := Compute(context.Background(), cfg, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Compute(ctx, Config{Cells: cell, Network: ok}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestCellName(t *testing.T) {
	for _, c := range []struct {
		i, n int
		want string
	}{{0, 1, "cell-0001"}, {961, 962, "cell-0962"}, {12344, 12345, "cell-12345"}, {9, 100000, "cell-000010"}} {
		if got := CellName(c.i, c.n); got != c.want {
			t.Errorf("CellName(%d, %d) = %q, want %q", c.i, c.n, got, c.want)
		}
	}
}

// TestStepAllocatesNothing: a coverage step allocates nothing once its
// buffers have grown.
func TestStepAllocatesNothing(t *testing.T) {
	ua, err := region.Lookup("Ukraine")
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Cells: ua.Grid(200), Network: bentPipe(t)}
	sh, err := newShared(&cfg, []int{0, 2})
	if err != nil {
		t.Fatal(err)
	}
	st := sh.newStepper()
	a := newAccum(len(cfg.Cells))
	st.step(0, a)
	i := 0
	if n := testing.AllocsPerRun(5, func() { i++; st.step(i, a) }); n != 0 {
		t.Errorf("%v allocations per step", n)
	}
}

// BenchmarkUkraine25km is the coverage pass (no PoPs) of Ukraine at 25 km
// (960 cells) against Starlink shell 1 (1,584 satellites) over 10 minutes
// at 10 s steps (61 steps), on one worker.
func BenchmarkUkraine25km(b *testing.B) {
	ua, err := region.Lookup("Ukraine")
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{Cells: ua.Grid(25), Workers: 1, Network: sim.Config{Constellation: shell1(b), Start: t0,
		Duration: 10 * time.Minute, Step: 10 * time.Second, GSL: anyGSL, Mode: sim.ISLMode}}
	for b.Loop() {
		compute(b, cfg)
	}
	tests := float64(len(cfg.Cells)) * float64(len(cfg.Network.Constellation.Sats)) * 61
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/tests, "ns/cell-sat-step")
}
