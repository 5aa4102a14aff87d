// Command serverload measures `orbitnet serve` under concurrent load on the
// loopback interface: resident memory (RSS) and latency percentiles of
// GET /api/route at a few client counts, how many of many concurrent event
// streams are served, and the cost per point of GET /api/rtt. It starts the
// server itself (BIN serve SCENARIO --addr 127.0.0.1:0), reads its RSS from
// /proc, and stops it at the end. Every phase is bounded in requests and
// time. Used by bench/serverload.sh; Linux only (/proc).
//
//	serverload -bin /tmp/orbitnet [-scenario starlink-gen1] [-clients 256,1024] [-requests 4] [-streams 2000] [-rtt-points 2000]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// places are ground nodes and cities of starlink-gen1 (and of most
// embedded scenarios); pairs are drawn from them, more than the server's
// pair cache holds.
var places = []string{"Kyiv", "Warsaw", "New York", "London", "Sydney", "Tokyo", "Sao Paulo", "Nairobi", "Lagos", "Mumbai"}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "serverload:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("bin", "", "orbitnet binary to serve with (required)")
	scen := flag.String("scenario", "starlink-gen1", "scenario to serve")
	clients := flag.String("clients", "256,1024", "comma-separated concurrent client counts for /api/route")
	requests := flag.Int("requests", 4, "requests per client per phase")
	timeout := flag.Duration("timeout", 60*time.Second, "bound on one request (a request past it counts as failed)")
	streams := flag.Int("streams", 2000, "concurrent /api/stream clients (0: skip)")
	streamFor := flag.Duration("stream-for", 10*time.Second, "how long each stream is read")
	rttPoints := flag.String("rtt-points", "500,2000", "comma-separated point counts for /api/rtt timing (empty: skip)")
	idle := flag.Duration("idle", 5*time.Second, "wait after a phase before reading the idle RSS")
	flag.Parse()
	if *bin == "" {
		return errors.New("-bin is required")
	}
	counts, err := ints(*clients)
	if err != nil {
		return fmt.Errorf("-clients: %w", err)
	}
	points, err := ints(*rttPoints)
	if err != nil {
		return fmt.Errorf("-rtt-points: %w", err)
	}

	srv, err := start(*bin, *scen)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Printf("server %s serving %s at %s (pid %d), RSS %s\n", *bin, *scen, srv.base, srv.cmd.Process.Pid, mib(srv.rss()))

	for _, c := range counts {
		if err := routePhase(srv, c, *requests, *timeout, *idle); err != nil {
			return err
		}
	}
	if *streams > 0 {
		if err := streamPhase(srv, *streams, *streamFor, *idle); err != nil {
			return err
		}
	}
	for _, n := range points {
		if err := rttPhase(srv, n); err != nil {
			return err
		}
	}
	return nil
}

func ints(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q: not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// server is a running `orbitnet serve`.
type server struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
}

func start(bin, scen string) (*server, error) {
	cmd := exec.Command(bin, "serve", scen, "--addr", "127.0.0.1:0")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if i := strings.Index(line, "http://"); i >= 0 {
				select {
				case found <- strings.TrimRight(strings.Fields(line[i:])[0], "/"):
				default:
				}
			}
		}
	}()
	select {
	case s.base = <-found:
		return s, nil
	case <-time.After(60 * time.Second):
		s.stop()
		return nil, errors.New("server printed no URL within 60 s")
	}
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// rss returns the server's resident set size in bytes (0 if unknown).
func (s *server) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// sampler records the peak RSS while it runs.
func (s *server) sampler() (stop func() int64) {
	var peak atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if r := s.rss(); r > peak.Load() {
				peak.Store(r)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() int64 { close(done); wg.Wait(); return peak.Load() }
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func client(conns int, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			DisableCompression:  true,
		},
	}
}

// tally counts the outcomes of a phase's requests.
type tally struct {
	mu        sync.Mutex
	lat       []time.Duration // of answered requests (any status)
	status    map[int]int
	noRetry   int // 503 without Retry-After
	failed    int // transport error or timeout
	firstFail string
}

func (t *tally) add(d time.Duration, code int, retryAfter string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.failed++
		if t.firstFail == "" {
			t.firstFail = err.Error()
		}
		return
	}
	t.lat = append(t.lat, d)
	t.status[code]++
	if code == http.StatusServiceUnavailable && retryAfter == "" {
		t.noRetry++
	}
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(sorted)-1))
	return sorted[i]
}

func (t *tally) String() string {
	slices.Sort(t.lat)
	var codes []string
	for _, c := range slices.Sorted(maps.Keys(t.status)) {
		codes = append(codes, fmt.Sprintf("%d×%d", c, t.status[c]))
	}
	s := fmt.Sprintf("status %s, failed %d, 503 without Retry-After %d; latency p50 %s p90 %s p99 %s max %s",
		strings.Join(codes, " "), t.failed, t.noRetry,
		pct(t.lat, 50).Round(time.Millisecond), pct(t.lat, 90).Round(time.Millisecond),
		pct(t.lat, 99).Round(time.Millisecond), pct(t.lat, 100).Round(time.Millisecond))
	if t.firstFail != "" {
		s += "\n  first failure: " + t.firstFail
	}
	return s
}

// routePhase runs c clients, each sending n route requests one after the
// other (random pair and instant), all starting together.
func routePhase(srv *server, c, n int, timeout, idle time.Duration) error {
	hc := client(c, timeout)
	defer hc.CloseIdleConnections()
	t := &tally{status: map[int]int{}}
	stop := srv.sampler()
	t0 := time.Now()
	var wg sync.WaitGroup
	for i := range c {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 1))
			for range n {
				a := places[r.IntN(len(places))]
				b := places[r.IntN(len(places))]
				for b == a {
					b = places[r.IntN(len(places))]
				}
				u := fmt.Sprintf("%s/api/route?from=%s&to=%s&t=%d", srv.base, queryEscape(a), queryEscape(b), r.IntN(120))
				s := time.Now()
				resp, err := hc.Get(u)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil {
					t.add(0, 0, "", err)
					continue
				}
				t.add(time.Since(s), resp.StatusCode, resp.Header.Get("Retry-After"), nil)
			}
		})
	}
	wg.Wait()
	wall := time.Since(t0)
	peak := stop()
	hc.CloseIdleConnections()
	time.Sleep(idle)
	fmt.Printf("route: %d clients × %d requests in %s: %s\n  RSS peak %s, %s after %s idle\n",
		c, n, wall.Round(time.Millisecond), t, mib(peak), mib(srv.rss()), idle)
	return nil
}

func queryEscape(s string) string { return strings.ReplaceAll(s, " ", "+") }

// streamPhase opens n streams at once, reads each for d, and counts those
// that got headers within 5 s, their events, and the refusals.
func streamPhase(srv *server, n int, d, idle time.Duration) error {
	hc := client(n, 0)
	defer hc.CloseIdleConnections()
	var mu sync.Mutex
	var ok, refused, noRetry, slow, failed int
	var events []int
	var firstFail string
	stop := srv.sampler()
	ctx, cancel := context.WithTimeout(context.Background(), d+10*time.Second)
	defer cancel()
	// A probe request while the streams run: do other calls still answer?
	var probe time.Duration
	var probeCode int
	var wg sync.WaitGroup
	wg.Go(func() {
		time.Sleep(d / 2)
		s := time.Now()
		resp, err := client(1, 30*time.Second).Get(srv.base + "/api/scenario")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			probeCode = resp.StatusCode
		}
		probe = time.Since(s)
	})
	for i := range n {
		wg.Go(func() {
			sctx, scancel := context.WithTimeout(ctx, d)
			defer scancel()
			req, _ := http.NewRequestWithContext(sctx, "GET", fmt.Sprintf("%s/api/stream?speed=10&t=%d", srv.base, i%120), nil)
			s := time.Now()
			resp, err := hc.Do(req)
			if err != nil {
				mu.Lock()
				failed++
				if firstFail == "" {
					firstFail = err.Error()
				}
				mu.Unlock()
				return
			}
			defer resp.Body.Close()
			hdr := time.Since(s)
			if resp.StatusCode != http.StatusOK {
				io.Copy(io.Discard, resp.Body)
				mu.Lock()
				if resp.StatusCode == http.StatusServiceUnavailable {
					refused++
					if resp.Header.Get("Retry-After") == "" {
						noRetry++
					}
				} else {
					failed++
				}
				mu.Unlock()
				return
			}
			k := 0
			br := bufio.NewReaderSize(resp.Body, 64<<10)
			for {
				line, err := br.ReadSlice('\n')
				if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
					break
				}
				if strings.HasPrefix(string(line), "event: ") {
					k++
				}
			}
			mu.Lock()
			ok++
			if hdr > 5*time.Second {
				slow++
			}
			events = append(events, k)
			mu.Unlock()
		})
	}
	wg.Wait()
	peak := stop()
	hc.CloseIdleConnections()
	time.Sleep(idle)
	slices.Sort(events)
	med := 0
	if len(events) > 0 {
		med = events[len(events)/2]
	}
	fmt.Printf("stream: %d concurrent for %s: served %d (headers after >5 s: %d, median events %d, expected ~%d), refused 503 %d (without Retry-After %d), failed %d\n",
		n, d, ok, slow, med, int(d/(200*time.Millisecond)), refused, noRetry, failed)
	if firstFail != "" {
		fmt.Printf("  first failure: %s\n", firstFail)
	}
	fmt.Printf("  /api/scenario during the streams: %d in %s\n  RSS peak %s, %s after %s idle\n",
		probeCode, probe.Round(time.Millisecond), mib(peak), mib(srv.rss()), idle)
	return nil
}

// rttPhase times one /api/rtt series of n points (London–Tokyo from t=0
// with a step that fits the scenario) on an otherwise idle server.
func rttPhase(srv *server, n int) error {
	hc := client(1, 5*time.Minute)
	// The first request builds the pair's network; time the second.
	u := fmt.Sprintf("%s/api/rtt?from=London&to=Tokyo&start=0&end=%d&step=0.001", srv.base, 0)
	if resp, err := hc.Get(u); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// n points: step = 0.01 s over (n−1) steps stays within 120 s for n ≤ 12,001.
	step := 0.01
	end := float64(n-1) * step
	u = fmt.Sprintf("%s/api/rtt?from=London&to=Tokyo&start=0&end=%g&step=%g", srv.base, end, step)
	s := time.Now()
	resp, err := hc.Get(u)
	if err != nil {
		return fmt.Errorf("rtt %d points: %w", n, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(s)
	if resp.StatusCode != http.StatusOK {
		fmt.Printf("rtt: %d points: %d %.200s\n", n, resp.StatusCode, body)
		return nil
	}
	fmt.Printf("rtt: %d points in %s: %.2f ms per point\n", n, d.Round(time.Millisecond), float64(d.Microseconds())/1000/float64(n))
	return nil
}
