package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/units"
	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/topology"
)

// Tolerances.
const (
	// degTol is the rounding of latitudes and longitudes in /api/state.
	degTol = 0.5e-3 + 1e-9
	// kmTol is the rounding of altitudes in /api/state.
	kmTol = 0.05 + 1e-9
	// msTol bounds the difference between a path's delay summed hop by hop
	// from rounded hops and the engine's total.
	msTol = 1e-5
)

// testScenario loads the embedded starlink-shell1 (1,584 satellites, top-100
// cities) shortened to 20 s at 1 s steps, once.
var testScenario = sync.OnceValues(func() (*scenario.Scenario, error) {
	sc, err := scenario.Load("starlink-shell1")
	if err != nil {
		return nil, err
	}
	sc.Config.Duration = 20 * time.Second
	sc.Config.Step = time.Second
	return sc, nil
})

func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	sc, err := testScenario()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get performs a request on the handler and returns the status and body.
func get(t testing.TB, h http.Handler, target string) (int, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec.Code, rec.Body.Bytes()
}

func getJSON(t testing.TB, h http.Handler, target string, v any) {
	t.Helper()
	code, body := get(t, h, target)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, code, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%.300s", target, err, body)
	}
}

func TestScenarioInfo(t *testing.T) {
	s := newTestServer(t, Options{})
	var info scenarioInfo
	getJSON(t, s.Handler(), "/api/scenario", &info)
	if info.Name != "starlink-shell1" || info.Satellites.Count != 1584 || len(info.Satellites.Names) != 1584 || len(info.Satellites.Shell) != 1584 {
		t.Fatalf("scenario: name %q, %d satellites (%d names, %d shells)", info.Name, info.Satellites.Count, len(info.Satellites.Names), len(info.Satellites.Shell))
	}
	if len(info.Shells) != 1 || info.Shells[0].Satellites != 1584 || info.Shells[0].Planes != 72 {
		t.Errorf("shells: %+v", info.Shells)
	}
	if len(info.Ground) != 100 || info.Ground[0].Kind != "station" {
		t.Errorf("ground: %d nodes, first %+v", len(info.Ground), info.Ground[0])
	}
	if info.DurationS != 20 || info.StepS != 1 || info.Mode != "isl" || info.File == nil || info.File.Name != "starlink-shell1" {
		t.Errorf("duration %v, step %v, mode %q, file %v", info.DurationS, info.StepS, info.Mode, info.File)
	}
	if len(info.Pairs) != 8 || info.Pairs[0] != [2]string{"Rio de Janeiro", "Saint Petersburg"} {
		t.Errorf("pairs: %v", info.Pairs)
	}
}

// stateJSON is the decoded body of /api/state.
type stateJSON struct {
	T    float64    `json:"t"`
	Time string     `json:"time"`
	N    int        `json:"n"`
	Sats []*float64 `json:"sats"`
	ISL  []int32    `json:"isl"`
	GSL  []int32    `json:"gsl"`
}

// TestStateMatchesEngine checks /api/state against the engine's own
// computation at the same instant: positions, laser links and visibility.
func TestStateMatchesEngine(t *testing.T) {
	s := newTestServer(t, Options{Workers: 3})
	const off = 7300 * time.Millisecond
	var st stateJSON
	getJSON(t, s.Handler(), "/api/state?t=7.3", &st)
	if st.T != 7.3 || st.Time != "2000-01-01T00:00:07.3Z" || st.N != 1584 || len(st.Sats) != 3*1584 {
		t.Fatalf("t %v, time %s, n %d, %d numbers", st.T, st.Time, st.N, len(st.Sats))
	}
	ws := s.base.NewWorkspace()
	ws.Build(off)
	for i := range st.N {
		g := ws.Pos.At(i).Geodetic()
		lat, lon, alt := st.Sats[3*i], st.Sats[3*i+1], st.Sats[3*i+2]
		if lat == nil || math.Abs(*lat-g.Lat.Deg()) > degTol || math.Abs(*lon-g.Lon.Deg()) > degTol || math.Abs(*alt-g.Alt.Km()) > kmTol {
			t.Fatalf("satellite %d: got %v,%v,%v, engine %+v", i, *lat, *lon, *alt, g)
		}
	}
	if len(st.ISL) != 2*len(ws.ISLs) {
		t.Fatalf("%d laser links, engine %d", len(st.ISL)/2, len(ws.ISLs))
	}
	for k, l := range ws.ISLs {
		if st.ISL[2*k] != l.A || st.ISL[2*k+1] != l.B {
			t.Fatalf("laser link %d: %d–%d, engine %d–%d", k, st.ISL[2*k], st.ISL[2*k+1], l.A, l.B)
		}
	}
	var want []int32
	for g := range s.cfg.Ground {
		for _, v := range topology.VisibleFrom(&s.base.Obs[g], ws.Pos, s.cfg.GSL, nil) {
			want = append(want, int32(g), v.Sat)
		}
	}
	if fmt.Sprint(want) != fmt.Sprint(st.GSL) {
		t.Fatalf("ground links differ: %d numbers, engine %d", len(st.GSL), len(want))
	}
	if len(want) == 0 {
		t.Fatal("no ground links at all")
	}
	// A second request is answered from the cache, byte for byte.
	_, b1 := get(t, s.Handler(), "/api/state?t=7.3")
	_, b2 := get(t, s.Handler(), "/api/state?t=7.300")
	if string(b1) != string(b2) {
		t.Error("repeated state differs")
	}
}

// TestStateFailures: satellites down have no position, and a ground node
// down or jammed has no ground links, while the failure lasts.
func TestStateFailures(t *testing.T) {
	sc, err := testScenario()
	if err != nil {
		t.Fatal(err)
	}
	failed := *sc
	failed.Config.Failures = []sim.Failure{
		{Name: "sats", Kind: sim.SatellitesDown, Sats: []int{3, 700}, From: 5 * time.Second, Until: 10 * time.Second},
		{Name: "gw", Kind: sim.GroundDown, Ground: []int{0}, From: 5 * time.Second},
		{Name: "jam", Kind: sim.Jammed, Ground: []int{1}, Until: 10 * time.Second},
	}
	s, err := New(&failed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sees := func(st stateJSON, g int32) bool {
		for k := 0; k < len(st.GSL); k += 2 {
			if st.GSL[k] == g {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		t               string
		satDown, n0, n1 bool
	}{
		{"0", false, true, false},
		{"5", true, false, false},
		{"10", false, false, true},
	} {
		var st stateJSON
		getJSON(t, s.Handler(), "/api/state?t="+tc.t, &st)
		if down := st.Sats[3*3] == nil && st.Sats[3*700+2] == nil; down != tc.satDown {
			t.Errorf("t=%s: satellites down %v, want %v", tc.t, down, tc.satDown)
		}
		if sees(st, 0) != tc.n0 || sees(st, 1) != tc.n1 {
			t.Errorf("t=%s: node 0 sees %v (want %v), node 1 %v (want %v)", tc.t, sees(st, 0), tc.n0, sees(st, 1), tc.n1)
		}
		for k := 0; k < len(st.ISL); k++ {
			if tc.satDown && (st.ISL[k] == 3 || st.ISL[k] == 700) {
				t.Fatalf("t=%s: laser link of a satellite that is down", tc.t)
			}
		}
	}
}

func TestBadParameters(t *testing.T) {
	s := newTestServer(t, Options{})
	h := s.Handler()
	for _, tc := range []struct {
		target string
		code   int
		msg    string // part of the error message
	}{
		{"/api/state", 400, "missing parameter t"},
		{"/api/state?t=", 400, "missing parameter t"},
		{"/api/state?t=NaN", 400, "not a decimal number"},
		{"/api/state?t=inf", 400, "not a decimal number"},
		{"/api/state?t=abc", 400, "not a decimal number"},
		{"/api/state?t=1e400", 400, "not a decimal number"},
		{"/api/state?t=1_0", 400, `t="1_0": not a decimal number`},
		{"/api/state?t=0x1p3", 400, "not a decimal number"},
		{"/api/state?t=%2B5", 400, "not a decimal number"},
		{"/api/state?t=5.", 200, ""},
		{"/api/state?t=.5", 200, ""},
		{"/api/state?t=1e1", 200, ""},
		{"/api/state?t=1e", 400, "not a decimal number"},
		{"/api/state?t=-", 400, "not a decimal number"},
		{"/api/state?t=.", 400, "not a decimal number"},
		{"/api/rtt?from=London&to=Paris&step=1_0", 400, "not a decimal number"},
		{"/api/stream?speed=1_0", 400, "from 1 to 1000"},
		{"/api/state?t=-1", 400, "outside the scenario's time range [0, 20]"},
		{"/api/state?t=20.001", 400, "outside"},
		{"/api/state?t=1e300", 400, "out of range"},
		{"/api/route?to=London&t=0", 400, "missing parameter from"},
		{"/api/route?from=London&t=0", 400, "missing parameter to"},
		{"/api/route?from=London&to=Paris", 400, "missing parameter t"},
		{"/api/route?from=Atlantisxyz&to=Paris&t=0", 400, `from: unknown place "Atlantisxyz"`},
		{"/api/route?from=London&to=Pariss&t=0", 400, "did you mean Paris"},
		{"/api/route?from=London&to=london&t=0", 400, "same place"},
		{"/api/route?from=91,0&to=London&t=0", 400, "latitude"},
		{"/api/route?from=London&to=Paris&t=21", 400, "outside"},
		{"/api/rtt?from=London&to=Paris&start=5&end=4", 400, "before start"},
		{"/api/rtt?from=London&to=Paris&step=0", 400, "at least 0.001"},
		{"/api/rtt?from=London&to=Paris&step=-1", 400, "at least 0.001"},
		{"/api/rtt?from=London&to=Paris&end=30", 400, "outside"},
		{"/api/rtt?from=London&to=Paris&step=0.0001", 400, "at least 0.001"},
		{"/api/rtt?from=London&step=1", 400, "missing parameter to"},
		{"/api/stream?speed=0", 400, "from 1 to 1000"},
		{"/api/stream?speed=1001", 400, "from 1 to 1000"},
		{"/api/stream?speed=NaN", 400, "from 1 to 1000"},
		{"/api/stream?t=-3", 400, "outside"},
		{"/api/nothing", 404, "no such endpoint"},
		{"/api/route?from=" + strings.Repeat("x", 300) + "&to=Paris&t=0", 400, "longer than 200"},
	} {
		code, body := get(t, h, tc.target)
		if tc.code == 200 {
			if code != 200 {
				t.Errorf("GET %s: %d %s; want 200", tc.target, code, body)
			}
			continue
		}
		var e apiError
		if code != tc.code || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, tc.msg) {
			t.Errorf("GET %s: %d %s; want %d with %q", tc.target, code, body, tc.code, tc.msg)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/state?t=0", strings.NewReader("x")))
	if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("POST /api/state: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/state?t=0", strings.NewReader(strings.Repeat("x", 2*MaxBodyBytes))))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("large body: %d %s", rec.Code, rec.Body)
	}
	// A chunked body (no Content-Length) is refused like a sized one.
	req := httptest.NewRequest("GET", "/api/state?t=0", io.MultiReader(strings.NewReader(strings.Repeat("x", 2*MaxBodyBytes))))
	req.ContentLength = -1
	req.TransferEncoding = []string{"chunked"}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("large chunked body: %d %s", rec.Code, rec.Body)
	}
}

// TestSeriesBound checks the MaxSeriesPoints bound exactly at its edge
// (without computing such a series).
func TestSeriesBound(t *testing.T) {
	sc, err := testScenario()
	if err != nil {
		t.Fatal(err)
	}
	long := *sc
	long.Config.Duration = 1000 * time.Second
	s, err := New(&long, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// MaxSeriesPoints points from 0.5 s every 1 ms end at 0.5 + (MaxSeriesPoints−1) ms.
	last := 0.5 + float64(MaxSeriesPoints-1)/1000
	q := url.Values{"start": {"0.5"}, "end": {strconv.FormatFloat(last, 'f', 3, 64)}, "step": {"0.001"}}
	if _, _, _, err := s.seriesRange(q); err != nil {
		t.Errorf("%d points: %v", MaxSeriesPoints, err)
	}
	q.Set("end", strconv.FormatFloat(last+0.001, 'f', 3, 64))
	if _, _, _, err := s.seriesRange(q); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d points", MaxSeriesPoints+1)) {
		t.Errorf("%d points: %v", MaxSeriesPoints+1, err)
	}
	code, body := get(t, s.Handler(), "/api/rtt?from=London&to=Paris&"+q.Encode())
	if code != 400 || !strings.Contains(string(body), fmt.Sprintf("at most %d", MaxSeriesPoints)) {
		t.Errorf("GET /api/rtt with %d points: %d %s", MaxSeriesPoints+1, code, body)
	}
	start, end, step, err := s.seriesRange(url.Values{})
	if err != nil || start != 0 || end != 1000*time.Second || step != time.Second {
		t.Errorf("defaults: %v %v %v %v", start, end, step, err)
	}
}

// TestRouteMatchesEngine checks /api/route against the engine's path for
// the same pair and instant, the hop delays against the total, and the
// series against the route.
func TestRouteMatchesEngine(t *testing.T) {
	s := newTestServer(t, Options{})
	h := s.Handler()
	for _, tc := range []struct{ from, to string }{
		{"London", "New York"},
		{"Lviv", "Madrid"},          // Lviv is not in the top 100: added as a station
		{"48.8566,2.3522", "Tokyo"}, // lat,lon
	} {
		var r routeJSON
		getJSON(t, h, "/api/route?"+url.Values{"from": {tc.from}, "to": {tc.to}, "t": {"10"}}.Encode(), &r)
		if !r.Reachable || r.RTTMs == nil || len(r.Hops) != r.HopCount+1 || r.HopCount < 2 {
			t.Fatalf("%s → %s: %+v", tc.from, tc.to, r)
		}
		// The engine, independently.
		cfg := s.cfg
		cfg.Ground = append([]ground.Node(nil), cfg.Ground...)
		a, _ := scenario.PlaceIndex(&cfg, tc.from)
		b, _ := scenario.PlaceIndex(&cfg, tc.to)
		cfg.Pairs = [][2]int{{a, b}}
		net, err := sim.NewNetwork(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ws := net.NewWorkspace()
		ws.Build(10 * time.Second)
		pv, path := ws.Route(a, b, nil)
		var names []string
		for _, v := range path.All() {
			names = append(names, net.NodeName(v))
		}
		var got []string
		sum := 0.0
		for i, hop := range r.Hops {
			got = append(got, hop.Name)
			if i > 0 {
				sum += *hop.MS
				if want := units.LightDelay(units.Km(*hop.KM), 1).Ms(); math.Abs(want-*hop.MS) > msTol {
					t.Errorf("hop %d: %v km but %v ms", i, *hop.KM, *hop.MS)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(names) {
			t.Errorf("%s → %s: path %v, engine %v", tc.from, tc.to, got, names)
		}
		if math.Abs(*r.RTTMs-pv.RTT().Ms()) > 1e-6 || math.Abs(sum-*r.OneWayMs) > msTol || math.Abs(*r.RTTMs-2**r.OneWayMs) > 3e-6 {
			t.Errorf("%s → %s: RTT %v, one-way %v, hop sum %v; engine RTT %v", tc.from, tc.to, *r.RTTMs, *r.OneWayMs, sum, pv.RTT().Ms())
		}
		// No path is faster than light along the chord.
		chord := net.Cfg.Ground[a].Pos.ToECEF().Vec().Dist(net.Cfg.Ground[b].Pos.ToECEF().Vec())
		if *r.OneWayMs < units.LightDelay(units.Km(chord), 1).Ms() {
			t.Errorf("%s → %s: %v ms one way, faster than light (%v ms)", tc.from, tc.to, *r.OneWayMs, units.LightDelay(units.Km(chord), 1).Ms())
		}
		if r.Hops[0].Kind != "station" || r.Hops[1].Kind != "satellite" || r.Hops[1].Link != "gsl" || r.Hops[2].Link != "isl" {
			t.Errorf("hop kinds: %+v", r.Hops[:3])
		}

		// The series at t = 10 s has the route's RTT and hop count.
		var ser seriesJSON
		getJSON(t, h, "/api/rtt?"+url.Values{"from": {tc.from}, "to": {tc.to}, "start": {"5"}, "end": {"15"}, "step": {"0.5"}}.Encode(), &ser)
		if len(ser.TimeS) != 21 || len(ser.RTTMs) != 21 || len(ser.Hops) != 21 || ser.TimeS[10] != 10 {
			t.Fatalf("series: %d times %v", len(ser.TimeS), ser.TimeS)
		}
		if ser.RTTMs[10] == nil || *ser.RTTMs[10] != *r.RTTMs || int(ser.Hops[10]) != r.HopCount {
			t.Errorf("series at 10 s: %v ms, %d hops; route %v ms, %d hops", ser.RTTMs[10], ser.Hops[10], *r.RTTMs, r.HopCount)
		}
		if ser.Summary.Src != r.From.Name || ser.Summary.Dst != r.To.Name || ser.Summary.MinRTTMs == nil {
			t.Errorf("summary: %+v", ser.Summary)
		}
		for _, e := range ser.Events {
			if e.T < 5 || e.T > 15 || (e.Kind != "path_change" && e.Kind != "handover" && e.Kind != "outage_start" && e.Kind != "outage_end") {
				t.Errorf("event %+v", e)
			}
		}
	}
	var r routeJSON
	getJSON(t, h, "/api/route?from=Lviv&to=London&t=0", &r)
	if !r.From.Added || r.To.Added || r.From.Name != "Lviv" {
		t.Errorf("from %+v, to %+v", r.From, r.To)
	}
}

// TestSlotPolicyRoute checks that, under the slot scheduler, the route at
// an instant equals the engine's run from the start (the server replays the
// slot's first step before the instant).
func TestSlotPolicyRoute(t *testing.T) {
	sc, err := testScenario()
	if err != nil {
		t.Fatal(err)
	}
	slot := *sc
	slot.Config.GSL.Policy = topology.SlotScheduled
	s, err := New(&slot, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.cfg
	a, b := 0, 1 // the two most populous cities
	cfg.Pairs = [][2]int{{a, b}}
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[float64]float64{}
	if _, err := sim.Run(context.Background(), net, sim.Options{Workers: 1}, sim.SinkFunc(func(r *sim.StepResult) error {
		want[r.Offset.Seconds()] = r.Values[0].RTT().Ms()
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	names := [2]string{cfg.Ground[a].Name, cfg.Ground[b].Name}
	for _, sec := range []float64{0, 11, 12, 13, 19, 20} {
		var r routeJSON
		getJSON(t, s.Handler(), "/api/route?"+url.Values{"from": {names[0]}, "to": {names[1]}, "t": {fmt.Sprint(sec)}}.Encode(), &r)
		if r.RTTMs == nil || math.Abs(*r.RTTMs-want[sec]) > 1e-6 {
			t.Errorf("t=%v: RTT %v, engine run %v", sec, r.RTTMs, want[sec])
		}
	}
}

func TestOutlinesAndCities(t *testing.T) {
	s := newTestServer(t, Options{})
	var o struct {
		Source string      `json:"source"`
		Rings  [][]float64 `json:"rings"`
	}
	getJSON(t, s.Handler(), "/api/outlines", &o)
	if len(o.Rings) < 177 || !strings.Contains(o.Source, "Natural Earth") {
		t.Fatalf("%d rings, source %q", len(o.Rings), o.Source)
	}
	for i, r := range o.Rings {
		if len(r) < 8 || len(r)%2 != 0 || r[0] != r[len(r)-2] || r[1] != r[len(r)-1] {
			t.Fatalf("ring %d: %d numbers, not a closed ring", i, len(r))
		}
	}
	var c struct {
		Cities [][3]any `json:"cities"`
	}
	getJSON(t, s.Handler(), "/api/cities", &c)
	if len(c.Cities) != 1000 {
		t.Fatalf("%d cities", len(c.Cities))
	}
}

func TestStatic(t *testing.T) {
	s := newTestServer(t, Options{Static: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>globe")}}})
	code, body := get(t, s.Handler(), "/")
	if code != 200 || !strings.Contains(string(body), "globe") {
		t.Fatalf("GET /: %d %s", code, body)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("no CSP: %v", rec.Header())
	}
}

// readEvent reads one Server-Sent Event and returns its type and data.
func readEvent(br *bufio.Reader) (typ, data string, err error) {
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			if typ != "" || data != "" {
				return typ, data, nil
			}
		case strings.HasPrefix(line, "event: "):
			typ = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data += strings.TrimPrefix(line, "data: ")
		}
	}
}

func TestStream(t *testing.T) {
	s := newTestServer(t, Options{})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/stream?speed=40&t=17", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("%d %s", resp.StatusCode, ct)
	}
	br := bufio.NewReader(resp.Body)
	var ts0 []float64
	for range 3 {
		typ, data, err := readEvent(br)
		if err != nil {
			t.Fatal(err)
		}
		var st stateJSON
		if typ != "state" || json.Unmarshal([]byte(data), &st) != nil || st.N != 1584 || len(st.Sats) != 3*1584 {
			t.Fatalf("event %q: %.200s", typ, data)
		}
		ts0 = append(ts0, st.T)
	}
	// 40× speed: 8 s per 200 ms event, wrapping at the 20 s end.
	if ts0[0] != 17 || ts0[1] != 5 || ts0[2] != 13 {
		t.Errorf("stream times %v, want [17 5 13]", ts0)
	}
	cancel()
}

// TestServeShutdown starts the server on a loopback port, opens a stream,
// and checks that cancelling the context ends both promptly; it also checks
// the loopback Host guard.
func TestServeShutdown(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urlc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0", func(u string) { urlc <- u }) }()
	var base string
	select {
	case base = <-urlc:
	case err := <-done:
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("URL %s", base)
	}
	resp, err := http.Get(base + "api/stream?speed=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, _, err := readEvent(bufio.NewReader(resp.Body)); err != nil {
		t.Fatal(err)
	}

	req, _ := http.NewRequest("GET", base+"api/scenario", nil)
	req.Host = "attacker.example"
	bad, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	bad.Body.Close()
	if bad.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d", bad.StatusCode)
	}
	req.Host = "localhost"
	good, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	good.Body.Close()
	if good.StatusCode != 200 {
		t.Errorf("Host localhost: %d", good.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(ShutdownTimeout + time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := io.ReadAll(resp.Body); err != nil && !strings.Contains(err.Error(), "EOF") {
		t.Logf("stream ended with %v", err)
	}
	if _, err := net.DialTimeout("tcp", strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"), time.Second); err == nil {
		t.Error("still listening after shutdown")
	}
}

func TestURL(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{"0.0.0.0:80", "http://localhost:80/"},
		{"[::]:8080", "http://localhost:8080/"},
		{"[::1]:8080", "http://[::1]:8080/"},
	} {
		a, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := URL(a); got != tc.want {
			t.Errorf("URL(%s) = %s, want %s", tc.addr, got, tc.want)
		}
	}
}

func TestAppendFixed(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		d    int
		want string
	}{
		{0, 3, "0"}, {-0.0001, 3, "0"}, {1.5, 3, "1.5"}, {-1.5, 3, "-1.5"}, {12.3456, 3, "12.346"},
		{-179.9995, 3, "-180"}, {0.05, 1, "0.1"}, {550.04, 1, "550"}, {-0.012, 2, "-0.01"},
		{100, 0, "100"}, {math.NaN(), 3, "null"}, {math.Inf(1), 3, "null"}, {0.001, 3, "0.001"},
	} {
		if got := string(appendFixed(nil, tc.x, tc.d)); got != tc.want {
			t.Errorf("appendFixed(%v, %d) = %s, want %s", tc.x, tc.d, got, tc.want)
		}
	}
}

func TestLRU(t *testing.T) {
	c := newLRU[int, string](2)
	c.Put(1, "a")
	c.Put(2, "b")
	c.Get(1) // 1 is now the most recent
	c.Put(3, "c")
	if _, ok := c.Get(2); ok {
		t.Error("2 should have been evicted")
	}
	if v, ok := c.Get(1); !ok || v != "a" {
		t.Error("1 lost")
	}
	if v, ok := c.Get(3); !ok || v != "c" {
		t.Error("3 lost")
	}
}

// TestConcurrent hits the handler from several goroutines at once (run with
// -race): states share a pool of buffers, routes a cache of networks.
func TestConcurrent(t *testing.T) {
	s := newTestServer(t, Options{Workers: 2})
	h := s.Handler()
	pairs := [][2]string{{"London", "New York"}, {"Paris", "Moscow"}, {"Lviv", "Tokyo"}, {"Cairo", "Lagos"}, {"Lima", "Bogota"}, {"Seoul", "Sydney"}}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 6 {
				sec := fmt.Sprint((g*6 + k) % 21)
				if code, body := get(t, h, "/api/state?t="+sec); code != 200 {
					t.Errorf("state: %d %s", code, body)
				}
				p := pairs[(g+k)%len(pairs)]
				if code, body := get(t, h, "/api/route?"+url.Values{"from": {p[0]}, "to": {p[1]}, "t": {sec}}.Encode()); code != 200 {
					t.Errorf("route %v: %d %s", p, code, body)
				}
			}
		})
	}
	wg.Wait()
}
