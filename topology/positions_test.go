package topology

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"orbitnet/constellation"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
)

var t0 = time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)

func gen1(tb testing.TB) *Propagator {
	c, err := constellation.FromPreset("starlink-gen1", t0)
	if err != nil {
		tb.Fatal(err)
	}
	return NewPropagator(c)
}

// BenchmarkGen1Positions: ECEF positions of all 4,408 Gen1 satellites for
// 1,000 steps of 1 s, on one core and on all cores (steps split among
// goroutines). ns/sat-step is the figure of interest.
func BenchmarkGen1Positions(b *testing.B) {
	p := gen1(b)
	const steps = 1000
	b.Run("1core", func(b *testing.B) {
		pos := NewPositions(p.Len())
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for s := 0; s < steps; s++ {
				p.PositionsAt(timescale.FromTime(t0.Add(time.Duration(s)*time.Second)), pos)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps*p.Len()), "ns/sat-step")
	})
	b.Run("allcores", func(b *testing.B) {
		w := runtime.GOMAXPROCS(0)
		for i := 0; i < b.N; i++ {
			var wg sync.WaitGroup
			for g := 0; g < w; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					pos := NewPositions(p.Len())
					for s := g; s < steps; s += w {
						p.PositionsAt(timescale.FromTime(t0.Add(time.Duration(s)*time.Second)), pos)
					}
				}(g)
			}
			wg.Wait()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps*p.Len()), "ns/sat-step")
	})
}

func TestPositionsAllocFree(t *testing.T) {
	p := gen1(t)
	pos := NewPositions(p.Len())
	j := timescale.FromTime(t0)
	if a := testing.AllocsPerRun(5, func() { p.PositionsAt(j, pos) }); a != 0 {
		t.Errorf("%v allocations per step", a)
	}
	// all valid, at Starlink heights
	for i := 0; i < p.Len(); i++ {
		g := frame.ECEF(pos.At(i)).Geodetic()
		if !pos.Valid[i] || g.Alt < 510 || g.Alt > 600 {
			t.Fatalf("satellite %d: valid %v height %.1f km", i, pos.Valid[i], g.Alt)
		}
	}
}

// TestLineOfSight: hand cases. Two satellites at 550 km on opposite sides of
// the Earth have no line of sight; neighbours 500 km apart do; a chord whose
// lowest point is 70 km up fails an 80 km limit and passes a 60 km one.
func TestLineOfSight(t *testing.T) {
	r := frame.WGS84A + 550
	if LineOfSight(frame.ECEF{r, 0, 0}, frame.ECEF{-r, 0, 0}, 80) {
		t.Error("through the Earth")
	}
	if !LineOfSight(frame.ECEF{r, 0, 0}, frame.ECEF{r, 500, 0}, 80) {
		t.Error("neighbours")
	}
	// chord in the equatorial plane, symmetric about x: lowest point at x = a+70
	h := frame.WGS84A + 70
	y := 3000.0
	x := h // points (h, ±y): lowest point of the chord is (h, 0)
	if LineOfSight(frame.ECEF{x, y, 0}, frame.ECEF{x, -y, 0}, 80) || !LineOfSight(frame.ECEF{x, y, 0}, frame.ECEF{x, -y, 0}, 60) {
		t.Error("grazing chord")
	}
}

func TestSlotIndex(t *testing.T) {
	base := time.Date(2026, 2, 23, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		sec  float64
		same float64
	}{{12, 26.999}, {27, 41.5}, {57, 71.9}}
	for _, c := range cases {
		a := base.Add(time.Duration(c.sec * float64(time.Second)))
		b := base.Add(time.Duration(c.same * float64(time.Second)))
		if SlotIndex(a) != SlotIndex(b) {
			t.Errorf("%v and %v in different slots", c.sec, c.same)
		}
		if SlotIndex(a) == SlotIndex(a.Add(-time.Millisecond)) {
			t.Errorf("no slot boundary at :%v", c.sec)
		}
		if s := SlotStart(b); !s.Equal(a) {
			t.Errorf("SlotStart = %v, want %v", s, a)
		}
	}
}
