package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestGate checks admission: free slots are taken at once, a waiter gets a
// slot when one is released, and a request beyond the queue is refused at
// once.
func TestGate(t *testing.T) {
	g := newGate(1, 1, time.Hour)
	ctx := context.Background()
	if !g.acquire(ctx) {
		t.Fatal("free slot refused")
	}
	got := make(chan bool)
	go func() { got <- g.acquire(ctx) }()
	for g.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	if g.acquire(ctx) {
		t.Fatal("admitted beyond slots and queue")
	}
	if g.tryAcquire() {
		t.Fatal("tryAcquire took a busy slot")
	}
	g.release()
	if !<-got {
		t.Fatal("waiter refused after a release")
	}
	// A waiter whose client leaves gives up.
	cctx, cancel := context.WithCancel(ctx)
	go func() { got <- g.acquire(cctx) }()
	for g.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if <-got {
		t.Fatal("waiter admitted after its context ended")
	}
	g.release()
	if g.waiting.Load() != 0 || len(g.slots) != 0 {
		t.Errorf("gate not empty: %d waiting, %d slots held", g.waiting.Load(), len(g.slots))
	}
	// Wait bound: a waiter is refused after wait.
	short := newGate(1, 1, time.Millisecond)
	short.acquire(ctx)
	if short.acquire(ctx) {
		t.Error("waiter admitted although no slot was released")
	}
}

// fill takes every slot of g and fills its queue, so that the next request
// is refused at once; the returned func undoes it.
func fill(g *gate) func() {
	n := cap(g.slots)
	for range n {
		g.slots <- struct{}{}
	}
	g.waiting.Add(g.queue)
	return func() {
		g.waiting.Add(-g.queue)
		for range n {
			<-g.slots
		}
	}
}

// TestBusy checks that each computing endpoint refuses with 503 and
// Retry-After when its slots and queue are full, and serves again after.
func TestBusy(t *testing.T) {
	s := newTestServer(t, Options{})
	defer s.Close()
	h := s.Handler()
	for _, tc := range []struct {
		g      *gate
		target string
	}{
		{s.routeGate, "/api/route?from=London&to=Paris&t=1"},
		{s.stateGate, "/api/state?t=3.25"},
		{s.heavyGate, "/api/rtt?from=London&to=Paris&step=5"},
		{s.streamGate, "/api/stream"},
	} {
		undo := fill(tc.g)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", tc.target, nil))
		undo()
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), "busy") {
			t.Errorf("GET %s when full: %d Retry-After %q %s", tc.target, rec.Code, rec.Header().Get("Retry-After"), rec.Body)
		}
		if tc.g == s.streamGate {
			continue // served streams are tested in TestStream
		}
		if code, body := get(t, h, tc.target); code != 200 {
			t.Errorf("GET %s after: %d %.200s", tc.target, code, body)
		}
	}
}

// TestStateGzip checks that /api/state is gzip-compressed for a client
// that accepts it, and the same JSON either way.
func TestStateGzip(t *testing.T) {
	s := newTestServer(t, Options{})
	h := s.Handler()
	_, plain := get(t, h, "/api/state?t=4")
	for _, tc := range []struct {
		accept string
		gz     bool
	}{
		{"gzip", true},
		{"deflate, gzip;q=0.5, br", true},
		{"*", true},
		{"gzip;q=0", false},
		{"identity", false},
		{"", false},
	} {
		req := httptest.NewRequest("GET", "/api/state?t=4", nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Encoding", tc.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Fatalf("Accept-Encoding %q: %d, Vary %q", tc.accept, rec.Code, rec.Header().Get("Vary"))
		}
		body := rec.Body.Bytes()
		if got := rec.Header().Get("Content-Encoding") == "gzip"; got != tc.gz {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", tc.accept, got, tc.gz)
		}
		if tc.gz {
			if len(body)*2 > len(plain) {
				t.Errorf("Accept-Encoding %q: %d bytes compressed of %d", tc.accept, len(body), len(plain))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(body, plain) {
			t.Errorf("Accept-Encoding %q: body differs from the plain answer", tc.accept)
		}
	}
}
