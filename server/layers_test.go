package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/topology"
)

func TestLayerBadParameters(t *testing.T) {
	s := newTestServer(t, Options{})
	h := s.Handler()
	for _, tc := range []struct {
		target string
		code   int
		msg    string
	}{
		{"/api/coverage", 400, "missing parameter t"},
		{"/api/coverage?t=abc", 400, "not a decimal number"},
		{"/api/coverage?t=21", 400, "outside"},
		{"/api/coverage?t=1&cell=", 200, ""},
		{"/api/coverage?t=1&cell=2", 200, ""},
		{"/api/coverage?t=1&cell=30", 200, ""},
		{"/api/coverage?t=1&cell=1.99", 400, "from 2 to 30 degrees"},
		{"/api/coverage?t=1&cell=30.5", 400, "from 2 to 30 degrees"},
		{"/api/coverage?t=1&cell=-5", 400, "from 2 to 30 degrees"},
		{"/api/coverage?t=1&cell=NaN", 400, `cell="NaN": not a decimal number`},
		{"/api/coverage?t=1&cell=1e1", 200, ""},
		{"/api/coverage?t=1&cell=0x10", 400, "not a decimal number"},
		{"/api/satellite?t=1", 400, "missing parameter sat"},
		{"/api/satellite?sat=3", 400, "missing parameter t"},
		{"/api/satellite?sat=1584&t=1", 400, "satellites 0 to 1583"},
		{"/api/satellite?sat=-1&t=1", 400, "satellites 0 to 1583"},
		{"/api/satellite?sat=no-such&t=1", 400, `sat="no-such": no satellite`},
		{"/api/satellite?sat=" + strings.Repeat("x", 300) + "&t=1", 400, "longer than 200"},
		{"/api/satellite?sat=3&t=-1", 400, "outside"},
		{"/api/satellite?sat=3&t=1", 200, ""},
		{"/api/satellite?sat=550-0-3&t=1", 200, ""},
	} {
		code, body := get(t, h, tc.target)
		if tc.code == 200 {
			if code != 200 {
				t.Errorf("GET %s: %d %s; want 200", tc.target, code, body)
			}
			continue
		}
		var e apiError
		if code != tc.code || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, tc.msg) || strings.Contains(e.Error, "\n") {
			t.Errorf("GET %s: %d %s; want %d with %q on one line", tc.target, code, body, tc.code, tc.msg)
		}
	}
}

// TestLayerBusy checks that the layer endpoints go through their gate.
func TestLayerBusy(t *testing.T) {
	s := newTestServer(t, Options{})
	h := s.Handler()
	for _, target := range []string{"/api/coverage?t=1", "/api/satellite?sat=5&t=1"} {
		undo := fill(s.layerGate)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		undo()
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" {
			t.Errorf("GET %s when full: %d Retry-After %q %s", target, rec.Code, rec.Header().Get("Retry-After"), rec.Body)
		}
		if code, body := get(t, h, target); code != 200 {
			t.Errorf("GET %s after: %d %.200s", target, code, body)
		}
	}
}

type coverageAnswer struct {
	T       float64      `json:"t"`
	CellDeg float64      `json:"cell_deg"`
	Count   int          `json:"count"`
	Rows    [][3]float64 `json:"rows"`
	Sats    []int        `json:"sats"`
	Max     int          `json:"max"`
	Jammed  []int        `json:"jammed"`
}

// TestCoverage checks the grid (bounded, nearly equal-area, covering the
// globe) and its counts against the engine's visibility test at the same
// instant.
func TestCoverage(t *testing.T) {
	s := newTestServer(t, Options{Workers: 3})
	ws := s.base.NewWorkspace()
	ws.Build(4 * time.Second)
	for _, cell := range []string{"2", "5", "12.5", "30"} {
		var c coverageAnswer
		getJSON(t, s.Handler(), "/api/coverage?t=4&cell="+cell, &c)
		if c.Count != len(c.Sats) || c.Count > 10_400 {
			t.Fatalf("cell %s: count %d, %d counts (at most 10,400)", cell, c.Count, len(c.Sats))
		}
		// Rows tile [−90, 90]; cells are about as wide as tall.
		n, area, lat := 0, 0.0, -90.0
		var areas []float64
		for _, r := range c.Rows {
			if math.Abs(r[0]-lat) > 1e-6 || r[1] <= r[0] || r[2] < 1 {
				t.Fatalf("cell %s: row %v after latitude %v", cell, r, lat)
			}
			lat = r[1]
			a := 2 * math.Pi * (math.Sin(r[1]*math.Pi/180) - math.Sin(r[0]*math.Pi/180)) / r[2]
			area += a * r[2]
			areas = append(areas, a)
			n += int(r[2])
		}
		if math.Abs(lat-90) > 1e-6 || n != c.Count || math.Abs(area-4*math.Pi) > 1e-9 {
			t.Fatalf("cell %s: rows end at %v, hold %d cells (count %d), area %v", cell, lat, n, c.Count, area)
		}
		if cell == "2" || cell == "5" {
			// Away from the poles (where a row is a few cells), cell
			// areas agree within 10%.
			mid := areas[len(areas)/4 : 3*len(areas)/4]
			if lo, hi := slices.Min(mid), slices.Max(mid); hi > 1.1*lo {
				t.Errorf("cell %s: areas from %.3g to %.3g sr between ±45°", cell, lo, hi)
			}
		}
		// Counts: the engine's visibility from each cell's centre.
		k, maxN := 0, 0
		for _, r := range c.Rows {
			for j := range int(r[2]) {
				if k%7 == 0 || cell == "30" {
					lon := -180 + (float64(j)+0.5)*360/r[2]
					obs := frame.NewObserver(frame.Geodetic{Lat: units.Deg((r[0] + r[1]) / 2), Lon: units.Deg(lon)})
					if want := len(topology.VisibleFrom(&obs, ws.Pos, s.cfg.GSL, nil)); c.Sats[k] != want {
						t.Fatalf("cell %s, %d (%v, %v): %d satellites in view, engine %d", cell, k, (r[0]+r[1])/2, lon, c.Sats[k], want)
					}
				}
				maxN = max(maxN, c.Sats[k])
				k++
			}
		}
		if maxN != c.Max || c.Max == 0 {
			t.Errorf("cell %s: max %d, counts reach %d", cell, c.Max, maxN)
		}
	}
	// The finest grid is the documented bound.
	if rows := coverageGrid(MinCoverageCellDeg); func() int {
		n := 0
		for _, r := range rows {
			n += int(r[2])
		}
		return n
	}() > 10_400 {
		t.Error("the finest coverage grid has more than 10,400 cells")
	}
}

// failingServer is the test scenario with what-if failures: satellites 3
// and 700 down over [5, 10) s, ground node 0 down from 5 s, node 1 jammed
// until 10 s (with an area around it).
func failingServer(t *testing.T) *Server {
	t.Helper()
	sc, err := testScenario()
	if err != nil {
		t.Fatal(err)
	}
	failed := *sc
	g1 := sc.Config.Ground[1].Pos
	failed.Config.Failures = []sim.Failure{
		{Name: "sats", Kind: sim.SatellitesDown, Sats: []int{3, 700}, From: 5 * time.Second, Until: 10 * time.Second},
		{Name: "gw", Kind: sim.GroundDown, Ground: []int{0}, From: 5 * time.Second},
		{Name: "jam", Kind: sim.Jammed, Ground: []int{1}, Until: 10 * time.Second, Area: func(lat, lon float64) bool {
			return math.Abs(lat-g1.Lat.Deg()) < 10 && math.Abs(lon-g1.Lon.Deg()) < 10
		}},
	}
	s, err := New(&failed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStateDown checks the failure fields of /api/state: the satellites
// down with where they would be, the ground nodes down and jammed; and
// that a scenario without failures has none of them.
func TestStateDown(t *testing.T) {
	s := failingServer(t)
	type downState struct {
		Sats       []*float64 `json:"sats"`
		Down       []int      `json:"down"`
		DownSats   []*float64 `json:"down_sats"`
		GroundDown []int      `json:"ground_down"`
		Jammed     []int      `json:"jammed"`
	}
	for _, tc := range []struct {
		t                string
		down, gdown, jam []int
	}{
		{"0", []int{}, []int{}, []int{1}},
		{"5", []int{3, 700}, []int{0}, []int{1}},
		{"9.999", []int{3, 700}, []int{0}, []int{1}},
		{"10", []int{}, []int{0}, []int{}},
	} {
		var st downState
		getJSON(t, s.Handler(), "/api/state?t="+tc.t, &st)
		if fmt.Sprint(st.Down) != fmt.Sprint(tc.down) || fmt.Sprint(st.GroundDown) != fmt.Sprint(tc.gdown) || fmt.Sprint(st.Jammed) != fmt.Sprint(tc.jam) {
			t.Errorf("t=%s: down %v, ground_down %v, jammed %v; want %v, %v, %v", tc.t, st.Down, st.GroundDown, st.Jammed, tc.down, tc.gdown, tc.jam)
		}
		if len(st.DownSats) != 3*len(st.Down) {
			t.Fatalf("t=%s: %d down_sats numbers for %d satellites", tc.t, len(st.DownSats), len(st.Down))
		}
		var secs float64
		fmt.Sscan(tc.t, &secs)
		off := time.Duration(math.Round(secs * 1e9))
		for k, i := range st.Down {
			if st.Sats[3*i] != nil {
				t.Errorf("t=%s: satellite %d down but has a position in sats", tc.t, i)
			}
			p, _ := s.base.Prop.PositionAt(i, timescale.FromTime(s.cfg.Start.Add(off)))
			g := p.Geodetic()
			lat, lon, alt := st.DownSats[3*k], st.DownSats[3*k+1], st.DownSats[3*k+2]
			if lat == nil || math.Abs(*lat-g.Lat.Deg()) > degTol || math.Abs(*lon-g.Lon.Deg()) > degTol || math.Abs(*alt-g.Alt.Km()) > kmTol {
				t.Errorf("t=%s: satellite %d down at %v,%v,%v; SGP4 %+v", tc.t, i, lat, lon, alt, g)
			}
		}
	}
	// Without failures, the state has no failure fields.
	plain := newTestServer(t, Options{})
	_, body := get(t, plain.Handler(), "/api/state?t=5")
	if strings.Contains(string(body), `"down"`) || strings.Contains(string(body), `"jammed"`) {
		t.Errorf("state of a scenario without failures has failure fields: %.200s", body)
	}
	// Coverage leaves the satellites down out and flags jammed cells.
	var c0, c5 coverageAnswer
	getJSON(t, s.Handler(), "/api/coverage?t=0&cell=10", &c0)
	getJSON(t, s.Handler(), "/api/coverage?t=5&cell=10", &c5)
	sum := func(c coverageAnswer) (n int) {
		for _, v := range c.Sats {
			n += v
		}
		return n
	}
	if len(c0.Jammed) == 0 || len(c5.Jammed) == 0 {
		t.Errorf("no jammed cells while the jamming is on: %v, %v", c0.Jammed, c5.Jammed)
	}
	var c10 coverageAnswer
	getJSON(t, s.Handler(), "/api/coverage?t=10&cell=10", &c10)
	if len(c10.Jammed) != 0 {
		t.Errorf("jammed cells after the jamming: %v", c10.Jammed)
	}
	plainC := coverageAnswer{}
	getJSON(t, plain.Handler(), "/api/coverage?t=5&cell=10", &plainC)
	if sum(c5) >= sum(plainC) {
		t.Errorf("coverage with 2 satellites down sums to %d, without failures %d", sum(c5), sum(plainC))
	}
}

// TestSatellite checks /api/satellite against /api/state and /api/route at
// the same instant: laser partners, nodes in view, pairs through it.
func TestSatellite(t *testing.T) {
	s := newTestServer(t, Options{})
	h := s.Handler()
	sc, _ := testScenario()
	pair := sc.PairNames[0]
	var rt routeJSON
	getJSON(t, h, "/api/route?from="+urlq(pair[0])+"&to="+urlq(pair[1])+"&t=6", &rt)
	if !rt.Reachable {
		t.Fatalf("%v unreachable at 6 s", pair)
	}
	i := rt.Hops[1].Sat
	var st stateJSON
	getJSON(t, h, "/api/state?t=6", &st)
	var sat satelliteJSON
	getJSON(t, h, fmt.Sprintf("/api/satellite?sat=%d&t=6", i), &sat)
	var byName satelliteJSON
	getJSON(t, h, "/api/satellite?sat="+urlq(strings.ToUpper(sat.Name))+"&t=6", &byName)
	if byName.Sat != i {
		t.Errorf("sat=%s finds satellite %d, want %d", strings.ToUpper(sat.Name), byName.Sat, i)
	}
	if sat.Name != sc.Config.Constellation.Sats[i].Name || sat.Shell != "550" || !sat.Up || sat.T != 6 {
		t.Errorf("satellite %d: %+v", i, sat)
	}
	var isl, view []int
	for k := 0; k < len(st.ISL); k += 2 {
		if int(st.ISL[k]) == i {
			isl = append(isl, int(st.ISL[k+1]))
		} else if int(st.ISL[k+1]) == i {
			isl = append(isl, int(st.ISL[k]))
		}
	}
	for k := 0; k < len(st.GSL); k += 2 {
		if int(st.GSL[k+1]) == i {
			view = append(view, int(st.GSL[k]))
		}
	}
	var gotISL, gotView []int
	for _, r := range sat.ISL {
		gotISL = append(gotISL, r.Sat)
	}
	for _, r := range sat.InView {
		gotView = append(gotView, r.Ground)
	}
	slices.Sort(isl)
	slices.Sort(gotISL)
	if fmt.Sprint(isl) != fmt.Sprint(gotISL) || fmt.Sprint(view) != fmt.Sprint(gotView) {
		t.Errorf("satellite %d: lasers %v (state %v), in view %v (state %v)", i, gotISL, isl, gotView, view)
	}
	if !slices.Contains(sat.Pairs, pair) {
		t.Errorf("satellite %d is on the path of %v at 6 s, but its pairs are %v", i, pair, sat.Pairs)
	}
	if !slices.ContainsFunc(sat.Served, func(g groundRef) bool { return g.Name == pair[0] }) {
		t.Errorf("satellite %d serves %v, not %s, whose path starts with it", i, sat.Served, pair[0])
	}
	l := sat.Load
	if l.GroundInView != len(sat.InView) || l.GroundServed != len(sat.Served) || l.Pairs != len(sat.Pairs) || l.PairsTotal != 8 || l.PairsRouted != 8 {
		t.Errorf("load %+v for %d in view, %d served, %d pairs", l, len(sat.InView), len(sat.Served), len(sat.Pairs))
	}
	// A satellite down: no position, no links, named failures.
	fs := failingServer(t)
	var down satelliteJSON
	getJSON(t, fs.Handler(), "/api/satellite?sat=700&t=6", &down)
	if down.Up || down.LatDeg != nil || len(down.ISL) != 0 || len(down.InView) != 0 || fmt.Sprint(down.Down) != "[sats]" {
		t.Errorf("satellite 700 down at 6 s: %+v", down)
	}
	getJSON(t, fs.Handler(), "/api/satellite?sat=700&t=10", &down)
	if !down.Up || len(down.Down) != 0 {
		t.Errorf("satellite 700 at 10 s, after its failure: up %v, down %v", down.Up, down.Down)
	}
}

func urlq(s string) string { return url.QueryEscape(s) }

// TestFailuresInfo checks the failures of /api/scenario in the ukraine
// scenario, and the outlines of the region forms a scenario may name.
func TestFailuresInfo(t *testing.T) {
	sc, err := scenario.Load("ukraine")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var info scenarioInfo
	getJSON(t, s.Handler(), "/api/scenario", &info)
	if len(info.Failures) != 2 {
		t.Fatalf("%d failures, want 2: %+v", len(info.Failures), info.Failures)
	}
	gw, jam := info.Failures[0], info.Failures[1]
	if gw.Kind != "ground" || gw.FromS != 300 || gw.UntilS != nil || len(gw.Ground) != 1 || info.Ground[gw.Ground[0]].Kind != "gateway" || gw.Region != nil {
		t.Errorf("gateway failure: %+v", gw)
	}
	if jam.Kind != "jamming" || jam.FromS != 600 || jam.Region == nil || fmt.Sprint(jam.Region.Rings) != "[[35 46 40.3 46 40.3 50.5 35 50.5 35 46]]" || len(jam.Ground) == 0 {
		t.Errorf("jamming: %+v", jam)
	}
	for _, tc := range []struct {
		name, source string
		ok           bool
	}{
		{"bbox:35,46,40.3,50.5", "embedded:ukraine", true},
		{"Poland", "embedded:ukraine", true},
		{"bbox:1,2,3", "embedded:x", false},
		{"bbox:a,2,3,4", "embedded:x", false},
		{"Atlantis", "embedded:x", false},
		{"east.geojson", "embedded:x", false},
		{"missing.geojson", "/nonexistent/scenario.yaml", false},
	} {
		r := regionOutline(tc.name, tc.source)
		if (r != nil) != tc.ok {
			t.Errorf("regionOutline(%q, %q) = %v, want found %v", tc.name, tc.source, r, tc.ok)
			continue
		}
		if r != nil {
			for _, ring := range r.Rings {
				if len(ring) < 8 || ring[0] != ring[len(ring)-2] || ring[1] != ring[len(ring)-1] {
					t.Errorf("%s: ring not closed: %v", tc.name, ring)
				}
			}
		}
	}
}
