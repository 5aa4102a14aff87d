package server

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"orbitnet/scenario"
)

// BenchmarkState measures GET /api/state through the handler, at a new
// instant each iteration (no cache hits): positions of every satellite,
// laser links, ground visibility and JSON encoding. Goal: ≤ 20 ms for the
// 9,543 satellites of starlink-tle.
func BenchmarkState(b *testing.B) {
	for _, name := range []string{"starlink-shell1", "starlink-gen1", "starlink-tle"} {
		b.Run(name, func(b *testing.B) {
			sc, err := scenario.Load(name)
			if err != nil {
				b.Fatal(err)
			}
			s, err := New(sc, Options{})
			if err != nil {
				b.Fatal(err)
			}
			h := s.Handler()
			ms := sc.Config.Duration.Milliseconds()
			var size int
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				t := time.Duration(int64(i)%ms) * time.Millisecond
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("/api/state?t=%s", fmtSeconds(t)), nil))
				if rec.Code != 200 {
					b.Fatal(rec.Body)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// BenchmarkRoute measures GET /api/route for a pair of the scenario's
// cities at a new instant each iteration (the pair's network is cached).
func BenchmarkRoute(b *testing.B) {
	for _, name := range []string{"starlink-shell1", "starlink-tle"} {
		b.Run(name, func(b *testing.B) {
			sc, err := scenario.Load(name)
			if err != nil {
				b.Fatal(err)
			}
			s, err := New(sc, Options{})
			if err != nil {
				b.Fatal(err)
			}
			h := s.Handler()
			ms := sc.Config.Duration.Milliseconds()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				t := time.Duration(int64(i)%ms) * time.Millisecond
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/route?from=London&to=New+York&t="+fmtSeconds(t), nil))
				if rec.Code != 200 {
					b.Fatal(rec.Body)
				}
			}
		})
	}
}

// BenchmarkCoverage measures GET /api/coverage on starlink-gen1 with one
// worker (so ns/op is the CPU cost) at the page's 5° and at the finest 2°.
func BenchmarkCoverage(b *testing.B) {
	sc, err := scenario.Load("starlink-gen1")
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(sc, Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, cell := range []string{"5", "2"} {
		b.Run("cell="+cell, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("/api/coverage?t=%d&cell=%s", i%100, cell), nil))
				if rec.Code != 200 {
					b.Fatal(rec.Body)
				}
			}
		})
	}
}

// BenchmarkSatellite measures GET /api/satellite on the ukraine scenario
// (Gen1, slot scheduler, 29 pairs routed for the load).
func BenchmarkSatellite(b *testing.B) {
	sc, err := scenario.Load("ukraine")
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(sc, Options{})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for i := 0; b.Loop(); i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("/api/satellite?sat=%d&t=%d", 3902, 600+i%100), nil))
		if rec.Code != 200 {
			b.Fatal(rec.Body)
		}
	}
}
