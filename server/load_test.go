package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadPlaces are cities of the test scenario; the pairs drawn from them are
// more than the pair cache holds, so networks are rebuilt under load.
var loadPlaces = []string{"London", "Paris", "New York", "Tokyo", "Sydney", "Moscow", "Cairo", "Lima"}

// loadBound bounds each request of the load test: a request is answered
// or refused within it (in practice within QueueWait plus one computation;
// the bound is loose so that a busy machine does not fail the test).
const loadBound = 60 * time.Second

// heapSampler records the largest HeapInuse seen while it runs.
type heapSampler struct {
	peak atomic.Uint64
	done chan struct{}
	wg   sync.WaitGroup
}

func sampleHeap() *heapSampler {
	h := &heapSampler{done: make(chan struct{})}
	h.wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > h.peak.Load() {
				h.peak.Store(ms.HeapInuse)
			}
			select {
			case <-h.done:
				return
			case <-t.C:
			}
		}
	})
	return h
}

func (h *heapSampler) stop() uint64 {
	close(h.done)
	h.wg.Wait()
	return h.peak.Load()
}

// heapAfterGC returns HeapInuse after a collection.
func heapAfterGC() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// routeBurst sends n concurrent GET /api/route (and every fourth a GET
// /api/state) to base and checks that each is answered 200 or refused 503
// with Retry-After within loadBound. It returns the number of 200s.
func routeBurst(t *testing.T, base string, n int) (ok, refused int) {
	t.Helper()
	hc := &http.Client{Timeout: loadBound, Transport: &http.Transport{MaxIdleConnsPerHost: n, DisableCompression: true}}
	defer hc.CloseIdleConnections()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			a := loadPlaces[i%len(loadPlaces)]
			b := loadPlaces[(i/len(loadPlaces)+i+1)%len(loadPlaces)]
			if a == b {
				b = loadPlaces[(i+1)%len(loadPlaces)]
			}
			target := fmt.Sprintf("%s/api/route?%s", base, url.Values{"from": {a}, "to": {b}, "t": {fmt.Sprint(i % 20)}}.Encode())
			if i%4 == 3 {
				target = fmt.Sprintf("%s/api/state?t=%d.5", base, i%19)
			}
			resp, err := hc.Get(target)
			if err != nil {
				t.Errorf("GET %s: %v (no answer within %s)", target, err, loadBound)
				return
			}
			// Only an error's start is kept: the test's own memory is in
			// the heap measured.
			var head strings.Builder
			_, err = io.Copy(&head, io.LimitReader(resp.Body, 200))
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
			}
			resp.Body.Close()
			body := head.String()
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Errorf("GET %s: reading the answer: %v", target, err)
			case resp.StatusCode == http.StatusOK:
				ok++
			case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "":
				refused++
			default:
				t.Errorf("GET %s: %d (Retry-After %q) %s; want 200, or 503 with Retry-After", target, resp.StatusCode, resp.Header.Get("Retry-After"), body)
			}
		})
	}
	wg.Wait()
	return ok, refused
}

// TestLoad serves the test scenario on the loopback interface and fires
// bursts of concurrent route and state requests and more event streams
// than MaxStreams at it: every request must be answered or refused with
// 503 and Retry-After, at most MaxStreams streams served, and the heap the
// server holds must not grow with the number of clients (HeapInuse after a
// burst of 256 and 1,024 clients against a burst of as many clients as the
// server has route slots).
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: not in -short")
	}
	s := newTestServer(t, Options{Workers: 2})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback listener: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()

	// Reference: as many clients as route slots, each pair's network
	// built, caches filled.
	routeBurst(t, base, 2)
	routeBurst(t, base, len(loadPlaces)*2)
	ref := heapAfterGC()
	t.Logf("heap after warm-up: %.1f MiB", float64(ref)/(1<<20))

	for _, n := range []int{256, 1024} {
		hs := sampleHeap()
		ok, refused := routeBurst(t, base, n)
		peak := hs.stop()
		after := heapAfterGC()
		t.Logf("%d clients: %d answered, %d refused (503); heap peak %.1f MiB, %.1f MiB after",
			n, ok, refused, float64(peak)/(1<<20), float64(after)/(1<<20))
		if ok == 0 {
			t.Errorf("%d clients: none answered", n)
		}
		// What the server keeps is its caches and bounded pools, whatever
		// the number of clients: within 64 MiB of the reference.
		if after > ref+64<<20 {
			t.Errorf("%d clients: heap after the burst %.1f MiB, reference %.1f MiB: the server keeps memory per client",
				n, float64(after)/(1<<20), float64(ref)/(1<<20))
		}
		// While the burst runs, live memory is bounded by the slots plus
		// a few KiB per connection (on both sides: the clients are in this
		// process too); the peak includes garbage not yet collected, hence
		// the room. Without admission limits (a workspace per request) the
		// peak passes 190 MiB at 1,024 clients.
		if peak > ref+100<<20 {
			t.Errorf("%d clients: heap peak %.1f MiB during the burst, reference %.1f MiB", n, float64(peak)/(1<<20), float64(ref)/(1<<20))
		}
	}

	// Streams: MaxStreams+extra at once; the extra are refused.
	const extra = 24
	var served200, refused503 atomic.Int64
	sctx, scancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	ready := make(chan struct{}, MaxStreams+extra)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: MaxStreams + extra}}
	for i := range MaxStreams + extra {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(sctx, "GET", fmt.Sprintf("%s/api/stream?speed=10&t=%d", base, i%20), nil)
			resp, err := hc.Do(req)
			if err != nil {
				t.Errorf("stream %d: %v", i, err)
				ready <- struct{}{}
				return
			}
			defer resp.Body.Close()
			switch resp.StatusCode {
			case http.StatusOK:
				served200.Add(1)
				typ, _, err := readEvent(bufio.NewReader(resp.Body))
				if err != nil || typ != "state" {
					t.Errorf("stream %d: first event %q, %v", i, typ, err)
				}
				ready <- struct{}{}
				<-sctx.Done()
			case http.StatusServiceUnavailable:
				if resp.Header.Get("Retry-After") == "" {
					t.Errorf("stream %d: 503 without Retry-After", i)
				}
				refused503.Add(1)
				ready <- struct{}{}
			default:
				body, _ := io.ReadAll(resp.Body)
				t.Errorf("stream %d: %d %s", i, resp.StatusCode, body)
				ready <- struct{}{}
			}
		})
	}
	timeout := time.After(loadBound)
wait:
	for range MaxStreams + extra {
		select {
		case <-ready:
		case <-timeout:
			t.Errorf("streams: not every stream answered or refused within %s", loadBound)
			break wait
		}
	}
	// While the streams are open, other calls are answered.
	if code, body := get(t, s.Handler(), "/api/scenario"); code != 200 {
		t.Errorf("/api/scenario while streams are open: %d %.200s", code, body)
	}
	scancel()
	wg.Wait()
	hc.CloseIdleConnections()
	if served200.Load() != MaxStreams || refused503.Load() != extra {
		t.Errorf("streams: %d served, %d refused; want %d and %d", served200.Load(), refused503.Load(), MaxStreams, extra)
	}
	// A closed stream frees its place.
	deadline := time.Now().Add(loadBound)
	for {
		resp, err := http.Get(base + "/api/stream?speed=10")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a stream is still refused (%d) after the others closed", resp.StatusCode)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("not on loopback: %s", base)
	}
}
