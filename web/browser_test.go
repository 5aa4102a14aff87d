package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"orbitnet/scenario"
	"orbitnet/server"
	"orbitnet/web"
)

// browserPath returns a Chromium-family browser from PATH, or skips the test.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium, chromium-browser or google-chrome in PATH: skipping the browser test (apt-get install chromium)")
	return ""
}

// newBrowser starts a headless browser for the test; it is closed when the
// test ends.
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browserPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 800),
		// WebGL without a GPU: Chromium's software rasteriser, which
		// recent versions enable only on request.
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(bcancel)
	return bctx
}

// serve runs the real handler (API and page) for a scenario.
func serve(t *testing.T, sc *scenario.Scenario) *httptest.Server {
	t.Helper()
	s, err := server.New(sc, server.Options{Static: web.FS()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return ts
}

// smallScenario is the embedded starlink-shell1 (1,584 satellites, top-100
// cities) shortened to 30 s at 1 s steps.
func smallScenario(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load("starlink-shell1")
	if err != nil {
		t.Fatal(err)
	}
	sc.Config.Duration = 30 * time.Second
	sc.Config.Step = time.Second
	return sc
}

type apiRoute struct {
	T         float64  `json:"t"`
	Reachable bool     `json:"reachable"`
	RTTMs     *float64 `json:"rtt_ms"`
	Hops      []struct {
		Name string `json:"name"`
	} `json:"hops"`
}

// TestPageRoute loads the page, waits for the satellites, asks for a path
// between two cities and checks that the page shows /api/route's path and
// RTT for the same instant; it checks the globe is drawn and that clicking
// a satellite opens its panel.
func TestPageRoute(t *testing.T) {
	ctx := newBrowser(t, 60*time.Second)
	ts := serve(t, smallScenario(t))
	start := time.Now()

	errs := watchErrors(ctx)
	defer func() {
		for _, e := range errs() {
			t.Errorf("page: %s", e)
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?t=12.5&play=0")); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Poll[int](`window.orbitnet && window.orbitnet.ready && window.orbitnet.satCount`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("page not ready: %v (status: %s)", err, pageStatus(ctx))
	}
	if n != 1584 {
		t.Fatalf("page shows %d satellites, want 1584", n)
	}
	t.Logf("page ready with %d satellites after %v", n, time.Since(start).Round(time.Millisecond))

	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("from"), "London"),
		chromedp.SetValue(chromedp.ID("to"), "New York"),
		chromedp.Click(chromedp.ID("route-go")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.orbitnet.routeSeq >= 1`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("no path shown: %v (status: %s)", err, pageStatus(ctx))
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		T     string   `json:"t"`
		RTT   string   `json:"rtt"`
		Names []string `json:"names"`
	}](`({
		t: document.getElementById('route-rtt').dataset.t,
		rtt: document.getElementById('route-rtt').textContent,
		names: [...document.querySelectorAll('#route-hops li')].map((li) => li.dataset.name),
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if shown.T != "12.5" {
		t.Errorf("path shown for t = %s, want 12.5", shown.T)
	}
	var want apiRoute
	getJSON(t, ts.URL+"/api/route?"+url.Values{"from": {"London"}, "to": {"New York"}, "t": {shown.T}}.Encode(), &want)
	if !want.Reachable {
		t.Fatal("London–New York unreachable at 12.5 s: pick another instant")
	}
	var wantNames []string
	for _, h := range want.Hops {
		wantNames = append(wantNames, h.Name)
	}
	if strings.Join(shown.Names, " → ") != strings.Join(wantNames, " → ") {
		t.Errorf("page path %v\n/api/route %v", shown.Names, wantNames)
	}
	if wantRTT := fmt.Sprintf("RTT %.3f ms", *want.RTTMs); shown.RTT != wantRTT {
		t.Errorf("page shows %q, /api/route %q", shown.RTT, wantRTT)
	}
	t.Logf("page path (%s): %s", shown.RTT, strings.Join(shown.Names, " → "))

	// The RTT chart arrives.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('chart-note').textContent.includes('handovers')`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("no RTT chart: %v", err)
	}

	// The globe is drawn: the screenshot is mostly not the background.
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "globe.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("ORBITNET_SCREENSHOT_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "globe.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	frac := drawnFraction(t, shot)
	t.Logf("screenshot %s: %.1f%% of the pixels drawn", path, 100*frac)
	if frac < 0.15 {
		t.Errorf("only %.1f%% of the screenshot differs from the background: is the globe drawn?", 100*frac)
	}
	// Clicking a satellite opens its panel.
	sat, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Name string  `json:"name"`
		X    float64 `json:"x"`
		Y    float64 `json:"y"`
	}](`window.orbitnet.lonelySatellite()`))
	if err != nil {
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...window.orbitnet.onScreen()].length`))
		t.Fatalf("no satellite alone in view (%d in front of the Earth): %v", n, err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(sat.X, sat.Y)); err != nil {
		t.Fatal(err)
	}
	name, err := chromedp.Run(ctx, chromedp.Poll[string](`!document.getElementById('sat-panel').hidden && document.getElementById('sat-name').textContent`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || name != sat.Name {
		t.Errorf("clicked %s at %.0f,%.0f: panel shows %q (%v)", sat.Name, sat.X, sat.Y, name, err)
	}

	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}

// drawnFraction returns the share of pixels of a PNG that differ from the
// page's background colour (#05070d) by more than 24 in some channel.
func drawnFraction(t *testing.T, b []byte) float64 {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bg := [3]int{0x05, 0x07, 0x0d}
	r := img.Bounds()
	drawn := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := rgb(img, x, y)
			for k := range 3 {
				if d := c[k] - bg[k]; d > 24 || d < -24 {
					drawn++
					break
				}
			}
		}
	}
	return float64(drawn) / float64(r.Dx()*r.Dy())
}

func rgb(img image.Image, x, y int) [3]int {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// watchErrors collects the page's uncaught exceptions and console errors
// from now on; the returned func lists them.
func watchErrors(ctx context.Context) func() []string {
	var mu sync.Mutex
	var errs []string
	add := func(s string) {
		mu.Lock()
		errs = append(errs, s)
		mu.Unlock()
	}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			add("exception: " + msg)
		}
	}()
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range ev.Args {
					if a.Description != "" {
						parts = append(parts, a.Description)
					} else {
						parts = append(parts, string(a.Value))
					}
				}
				add("console.error: " + strings.Join(parts, " "))
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(errs)
	}
}

// processTreeCPU returns the user and system CPU time used so far by a
// process and its descendants (Linux /proc; 0 elsewhere or for nil).
func processTreeCPU(p *os.Process) time.Duration {
	if p == nil {
		return 0
	}
	children := map[int][]int{}
	ticks := map[int]int64{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the command name, which is in parentheses: state,
		// ppid, ..., utime (14th field overall), stime (15th).
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		children[ppid] = append(children[ppid], pid)
		ticks[pid] = ut + st
	}
	var total int64
	var walk func(int)
	walk = func(pid int) {
		total += ticks[pid]
		for _, c := range children[pid] {
			walk(c)
		}
	}
	walk(p.Pid)
	const clockTicks = 100 // USER_HZ on Linux
	return time.Duration(total) * time.Second / clockTicks
}

// pageStatus returns the page's status line, for failure messages.
func pageStatus(ctx context.Context) string {
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('status').textContent`))
	if err != nil {
		return err.Error()
	}
	return s
}

// TestPageFPS measures the frame rate of the page while it plays Starlink
// Gen1 (4,408 satellites) and the real 9,543-satellite catalog, in headless
// Chromium with software WebGL. It is a measurement, not a check: it runs
// only with ORBITNET_BROWSER_BENCH=1 and logs the rates.
func TestPageFPS(t *testing.T) {
	if os.Getenv("ORBITNET_BROWSER_BENCH") != "1" {
		t.Skip("set ORBITNET_BROWSER_BENCH=1 to measure the page's frame rate")
	}
	for _, name := range []string{"starlink-gen1", "starlink-tle"} {
		t.Run(name, func(t *testing.T) {
			sc, err := scenario.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			ctx := newBrowser(t, 90*time.Second)
			ts := serve(t, sc)
			for _, view := range []struct{ isl, extra, what string }{
				{"0", "", "lasers off"},
				{"1", "", "lasers on"},
				{"0", "&coverage=1&sat=" + url.QueryEscape(sc.Config.Constellation.Sats[100].Name), "lasers off, coverage layer, a satellite selected (footprint, load)"},
			} {
				isl := view.isl
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?speed=10&isl="+isl+view.extra)); err != nil {
					t.Fatal(err)
				}
				n, err := chromedp.Run(ctx, chromedp.Poll[int](`window.orbitnet && window.orbitnet.ready && window.orbitnet.satCount`,
					chromedp.WithPollingTimeout(30*time.Second)))
				if err != nil {
					t.Fatalf("page not ready: %v (status: %s)", err, pageStatus(ctx))
				}
				if err := chromedp.Do(ctx, chromedp.Sleep(2*time.Second)); err != nil {
					t.Fatal(err)
				}
				// Animation frames over 3 s, counted in the page, and the
				// CPU time the browser's processes spent meanwhile.
				browser := chromedp.FromContext(ctx).Browser.Process()
				cpu0, wall0 := processTreeCPU(browser), time.Now()
				fps, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise((resolve) => {
					let n = 0, t0 = 0;
					const f = (now) => {
						if (!t0) t0 = now; else n++;
						if (now - t0 < 3000) requestAnimationFrame(f); else resolve(n * 1000 / (now - t0));
					};
					requestAnimationFrame(f);
				})`, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				cpu, wall := processTreeCPU(browser)-cpu0, time.Since(wall0)
				drawn, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.orbitnet.fps()`))
				if err != nil {
					t.Fatal(err)
				}
				frames := fps * wall.Seconds()
				load, _ := os.ReadFile("/proc/loadavg")
				t.Logf("%s, %d satellites, ×10, %s: %.1f frames/s (requestAnimationFrame), %.1f globe renders/s; "+
					"browser CPU %.1f ms per frame (%.2f of %d cores busy); load average %s",
					name, n, view.what, fps, drawn, cpu.Seconds()*1000/max(frames, 1),
					cpu.Seconds()/wall.Seconds(), goruntime.NumCPU(), strings.Fields(string(load) + " ?")[0])
			}
		})
	}
}

// TestHopNumbersFit checks that the path's hop list leaves room, left of
// each hop, for its number up to three digits ("100. "): the list's left
// padding, where the browser draws the numbers, must be at least as wide as
// that text in the list's font.
func TestHopNumbersFit(t *testing.T) {
	ctx := newBrowser(t, 30*time.Second)
	ts := serve(t, smallScenario(t))
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?play=0")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const ol = document.getElementById('route-hops');
		ol.replaceChildren(...Array.from({length: 120}, (_, i) => {
			const li = document.createElement('li');
			li.textContent = 'hop ' + (i + 1);
			return li;
		}));
		const cs = getComputedStyle(ol);
		const ctx = document.createElement('canvas').getContext('2d');
		ctx.font = cs.fontSize + ' ' + cs.fontFamily;
		return [parseFloat(cs.paddingLeft), ctx.measureText('100. ').width];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] < got[1] {
		t.Errorf("hop list padding %v px, want at least the width of \"100. \" (%v px)", got[0], got[1])
	}
}
