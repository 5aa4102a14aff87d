package sim

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"orbitnet/orbit/units"
)

// pairSeries returns n round-trip times (ms) of one synthetic pair sampled
// every step seconds: a base delay, a slow swing as satellites pass, path
// changes that shift it, and sub-µs jitter, all drawn from r.
func pairSeries(r *rand.Rand, n int, step float64) []float64 {
	base := 20 + 130*r.Float64()
	amp := 0.5 + 4.5*r.Float64()     // ms
	period := 300 + 1200*r.Float64() // s
	phase := 2 * math.Pi * r.Float64()
	shift, next := 0.0, 60+240*r.Float64()
	out := make([]float64, n)
	for i := range out {
		t := float64(i) * step
		if t >= next {
			shift += 2 * (r.Float64() - 0.5)
			next = t + 60 + 240*r.Float64()
		}
		out[i] = base + amp*math.Sin(2*math.Pi*t/period+phase) + shift + 0.001*r.Float64()
	}
	return out
}

// histSeries are the kinds of series the tests and benchmarks feed a Hist.
var histSeries = []struct {
	name string
	gen  func(r *rand.Rand, n int) []float64
}{
	{"pair100ms", func(r *rand.Rand, n int) []float64 { return pairSeries(r, n, 0.1) }},
	{"pair1s", func(r *rand.Rand, n int) []float64 { return pairSeries(r, n, 1) }},
	{"narrow", func(r *rand.Rand, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = 40 + 0.3*r.Float64()
		}
		return out
	}},
	{"constant", func(r *rand.Rand, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = 33.3
		}
		return out
	}},
	{"wide", func(r *rand.Rand, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = 20 + 200*r.Float64()
		}
		return out
	}},
	{"plateaus", func(r *rand.Rand, n int) []float64 { // steady, then path changes
		out := make([]float64, n)
		v, next := 30+50*r.Float64(), 300+r.IntN(300)
		for i := range out {
			if i == next {
				v += 3 * (r.Float64() - 0.5)
				next += 300 + r.IntN(300)
			}
			out[i] = v + 0.005*r.Float64()
		}
		return out
	}},
	{"sawtooth", func(r *rand.Rand, n int) []float64 { // drifts up, falls back
		out := make([]float64, n)
		for i := range out {
			out[i] = 50 + float64(i%700)*0.02 + 0.001*r.Float64()
		}
		return out
	}},
}

// refQuantile is Hist.Quantile's definition on sorted µs values (type 7,
// with the same floating-point operations).
func refQuantile(sorted []float64, p float64) units.Delay {
	n := int64(len(sorted))
	if n == 0 {
		return units.Ms(math.NaN())
	}
	pos := p * float64(n-1)
	lo := int64(math.Floor(pos))
	frac := pos - float64(lo)
	a := sorted[lo]
	if frac == 0 || lo+1 >= n {
		return units.Ms(a / 1000)
	}
	b := sorted[lo+1]
	return units.Ms((a + frac*(b-a)) / 1000)
}

func sameDelay(a, b units.Delay) bool {
	return a == b || math.IsNaN(a.Ms()) && math.IsNaN(b.Ms())
}

// checkHist compares h's quantiles (one at a time and together) and size
// with those of the µs values us.
func checkHist(t *testing.T, what string, h *Hist, us []float64, r *rand.Rand) {
	t.Helper()
	s := slices.Clone(us)
	slices.Sort(s)
	if h.N() != int64(len(s)) {
		t.Fatalf("%s: n %d, want %d", what, h.N(), len(s))
	}
	ps := []float64{0, 0.05, 0.5, 0.95, 0.99, 1, r.Float64(), r.Float64()}
	r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	got := h.AppendQuantiles(nil, ps...)
	for i, p := range ps {
		want := refQuantile(s, p)
		if !sameDelay(got[i], want) {
			t.Fatalf("%s: AppendQuantiles q%v = %v, want %v", what, p, got[i], want)
		}
		if q := h.Quantile(p); !sameDelay(q, want) {
			t.Fatalf("%s: q%v = %v, want %v", what, p, q, want)
		}
	}
}

// TestHistRandom: whatever the series, with quantiles read between
// additions and histograms merged in any form, Hist's quantiles are those
// of a plain sorted slice of the µs-rounded values, and its binary form is
// that of the values added one by one.
func TestHistRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 1))
	for round := range 60 {
		kind := histSeries[round%len(histSeries)]
		n := r.IntN(4000)
		if round%7 == 0 {
			n = r.IntN(5)
		}
		vals := kind.gen(r, n)
		var h Hist
		var us []float64
		for i, v := range vals {
			h.Add(units.Ms(v))
			us = append(us, math.Round(v*1000))
			if r.IntN(500) == 0 || i == len(vals)-1 {
				checkHist(t, fmt.Sprintf("%s round %d after %d", kind.name, round, i+1), &h, us, r)
			}
		}
		// merge with another series of a random kind, either way round
		other := histSeries[r.IntN(len(histSeries))]
		ovals := other.gen(r, r.IntN(3000))
		var o Hist
		var ous []float64
		for _, v := range ovals {
			o.Add(units.Ms(v))
			ous = append(ous, math.Round(v*1000))
		}
		a, b := &h, &o
		if r.IntN(2) == 0 {
			a, b = b, a
		}
		var m Hist
		m.Merge(a)
		m.Merge(b)
		what := fmt.Sprintf("%s round %d merged with %s", kind.name, round, other.name)
		all := append(slices.Clone(us), ous...)
		checkHist(t, what, &m, all, r)
		var one Hist
		for _, v := range append(slices.Clone(vals), ovals...) {
			one.Add(units.Ms(v))
		}
		mb, err := m.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		ob, err := one.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(mb, ob) {
			t.Fatalf("%s: binary forms differ", what)
		}
		// values added after a merge
		for _, v := range kind.gen(r, r.IntN(500)) {
			m.Add(units.Ms(v))
			all = append(all, math.Round(v*1000))
		}
		checkHist(t, what+" then added to", &m, all, r)
	}
}

// listLen returns the bytes of the list of the µs values us in their order
// and in increasing order.
func listLen(us []float64) (arrival, sorted int) {
	for i := 1; i < len(us); i++ {
		arrival += varintLen(int64(us[i] - us[i-1]))
	}
	s := slices.Clone(us)
	slices.Sort(s)
	for i := 1; i < len(s); i++ {
		sorted += varintLen(int64(s[i] - s[i-1]))
	}
	return arrival + min(1, len(us)), sorted + min(1, len(us))
}

// TestHistMemory: a Hist never takes much more than twice the bytes of the
// list of its values, whichever form it is in.
func TestHistMemory(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2))
	for _, kind := range histSeries {
		for _, n := range []int{10, 300, 2001, 3601, 20000} {
			var h Hist
			var us []float64
			for _, v := range kind.gen(r, n) {
				h.Add(units.Ms(v))
				us = append(us, math.Round(v*1000))
			}
			a, s := listLen(us)
			if got, limit := histBytes(&h), 2*max(a, s)+1024; got > limit {
				t.Errorf("%s, %d values: %d bytes (counts %v), lists of %d and %d bytes", kind.name, n, got, h.counts != nil, a, s)
			}
		}
	}
}

// histBytes is the memory h's values take (bytes, capacity included).
func histBytes(h *Hist) int { return cap(h.list) + 4*cap(h.counts) }

// benchPairs is the number of pairs a benchmark feeds at once, enough that
// their histograms do not fit in a cache, as in a run.
const benchPairs = 1000

// benchValues returns n values for each of benchPairs pairs of a kind,
// step-major (the values of step i are vals[i*benchPairs:]), as a run adds
// them.
func benchValues(kind int, n int) []units.Delay {
	r := rand.New(rand.NewPCG(7, uint64(kind)))
	vals := make([]units.Delay, n*benchPairs)
	for p := range benchPairs {
		for i, v := range histSeries[kind].gen(r, n) {
			vals[i*benchPairs+p] = units.Ms(v)
		}
	}
	return vals
}

// BenchmarkHistAdd adds a run's values (2,001 steps like W1, or 3,601
// like W4) to benchPairs histograms, step by step; it reports the time per
// value and the memory per pair at the end.
func BenchmarkHistAdd(b *testing.B) {
	for kind, s := range histSeries {
		for _, n := range []int{2001, 3601} {
			b.Run(fmt.Sprintf("%s/%d", s.name, n), func(b *testing.B) {
				vals := benchValues(kind, n)
				hs := make([]Hist, benchPairs)
				b.ResetTimer()
				for b.Loop() {
					clear(hs)
					for i := 0; i < len(vals); i += benchPairs {
						for p, v := range vals[i : i+benchPairs] {
							hs[p].Add(v)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(vals)), "ns/value")
				mem := 0
				for p := range hs {
					mem += histBytes(&hs[p])
				}
				b.ReportMetric(float64(mem)/benchPairs, "B/pair")
			})
		}
	}
}

// BenchmarkPairStatsAdd is BenchmarkHistAdd through PairStats.add, told
// the number of steps as in a run.
func BenchmarkPairStatsAdd(b *testing.B) {
	for kind, s := range histSeries {
		for _, n := range []int{2001, 3601} {
			b.Run(fmt.Sprintf("%s/%d", s.name, n), func(b *testing.B) {
				vals := benchValues(kind, n)
				ps := make([]PairStats, benchPairs)
				b.ResetTimer()
				for b.Loop() {
					clear(ps)
					for p := range ps {
						ps[p].expectSteps(n)
					}
					for i := 0; i < len(vals); i += benchPairs {
						for p, v := range vals[i : i+benchPairs] {
							ps[p].add(&PairValue{Delay: v / 2, Hops: 5})
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(vals)), "ns/value")
				mem := 0
				for p := range ps {
					mem += histBytes(&ps[p].Hist)
				}
				b.ReportMetric(float64(mem)/benchPairs, "B/pair")
			})
		}
	}
}

// BenchmarkHistQuantiles reads a summary's quantiles (median and p95) of
// benchPairs histograms of a run, each read once as at the end of a run.
func BenchmarkHistQuantiles(b *testing.B) {
	for kind, s := range histSeries {
		for _, n := range []int{121, 2001, 3601} {
			b.Run(fmt.Sprintf("%s/%d", s.name, n), func(b *testing.B) {
				vals := benchValues(kind, n)
				hs := make([]Hist, benchPairs)
				for i := 0; i < len(vals); i += benchPairs {
					for p, v := range vals[i : i+benchPairs] {
						hs[p].Add(v)
					}
				}
				fresh := make([]Hist, benchPairs)
				var q []units.Delay
				b.ResetTimer()
				for b.Loop() {
					b.StopTimer()
					for p := range fresh { // a copy not yet read
						fresh[p] = Hist{}
						fresh[p].Merge(&hs[p])
					}
					b.StartTimer()
					for p := range fresh {
						q = fresh[p].AppendQuantiles(q[:0], 0.5, 0.95)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchPairs, "ns/pair")
			})
		}
	}
}

// TestHistQuantileEdges: the quantiles at and beyond the ends, of NaN, and
// of an empty Hist.
func TestHistQuantileEdges(t *testing.T) {
	var h Hist
	for _, v := range []float64{12.5, 10, 11, 10, 40} {
		h.Add(units.Ms(v))
	}
	nan := units.Ms(math.NaN())
	for _, c := range []struct {
		p    float64
		want units.Delay
	}{
		{0, 10}, {1, 40}, {0.5, 11}, {0.25, 10}, {0.875, 26.25},
		{-0.5, 10}, {math.Inf(-1), 10}, {1.5, 40}, {math.Inf(1), 40}, {math.NaN(), nan},
	} {
		if got := h.Quantile(c.p); !sameDelay(got, c.want) {
			t.Errorf("q%v = %v, want %v", c.p, got, c.want)
		}
	}
	got := h.AppendQuantiles([]units.Delay{1}, math.NaN(), 0.5, math.NaN(), 1)
	if want := []units.Delay{1, nan, 11, nan, 40}; !slices.EqualFunc(got, want, sameDelay) {
		t.Errorf("AppendQuantiles = %v, want %v", got, want)
	}
	var empty Hist
	if got := empty.AppendQuantiles(nil, 0, 0.5); len(got) != 2 || !math.IsNaN(got[0].Ms()) || !math.IsNaN(got[1].Ms()) {
		t.Errorf("empty: %v", got)
	}
}

// TestHistExpect: told the number of steps of a run, PairStats' histogram
// is reallocated fewer times than by append and ends with less unused
// room, including when the pair is often unreachable; its values are the
// same.
func TestHistExpect(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 3))
	for _, c := range []struct {
		name      string
		reachable float64 // fraction of steps with a value
	}{{"always", 1}, {"mostly", 0.9}, {"half", 0.5}, {"rarely", 0.1}} {
		for _, kind := range histSeries {
			const steps = 3601
			vals := kind.gen(r, steps)
			var sized, plain PairStats
			sized.expectSteps(steps)
			grows, prevCap := 0, 0
			for _, v := range vals {
				pv := PairValue{Delay: units.Ms(v / 2), Hops: 3}
				if r.Float64() >= c.reachable {
					pv = PairValue{Delay: units.Ms(math.Inf(1))}
				}
				sized.add(&pv)
				plain.add(&pv)
				if c := cap(sized.Hist.list); c != prevCap {
					grows, prevCap = grows+1, c
				}
			}
			a, b := &sized.Hist, &plain.Hist
			ab, _ := a.AppendBinary(nil)
			bb, _ := b.AppendBinary(nil)
			if !bytes.Equal(ab, bb) {
				t.Fatalf("%s %s: values differ", c.name, kind.name)
			}
			if a.counts != nil || b.counts != nil {
				continue
			}
			// fewer reallocations than append's (11–15 for 4–12 kB), and
			// little more unused room than 1/16 of the list
			if grows > 12 || cap(a.list)-len(a.list) > len(a.list)/16+64 {
				t.Errorf("%s %s: %d allocations; %d of %d bytes used (append: %d)", c.name, kind.name, grows, len(a.list), cap(a.list), cap(b.list))
			}
		}
	}
}
