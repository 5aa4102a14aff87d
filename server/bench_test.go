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
