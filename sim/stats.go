package sim

import (
	"encoding/binary"
	"math"
	"orbitnet/orbit/units"
	"slices"
)

// Hist holds round-trip times at 1 µs resolution, the precision orbitnet
// prints RTTs with, so quantiles read from it are exact to the printed
// digit. It starts as a list of the values, each stored as the zigzag
// varint of its difference from the one before (about 1–2 bytes for a
// pair's slowly drifting RTT), and turns into a histogram (4 bytes per µs
// between the smallest and largest value) once that is smaller, so its
// memory is about min(1–2 bytes × values, 4 bytes × spread in µs).
type Hist struct {
	// list form: zigzag varint deltas, the first from base
	list   []byte
	last   int64 // last value of the list (µs)
	sorted bool  // the list is in increasing order
	lo, hi int64 // smallest and largest value (µs)
	// histogram form (counts != nil)
	base   int64    // first value of the list, or the value of counts[0] (µs)
	counts []uint32 // counts[i]: values equal to base+i µs
	n      int64
}

// Add records one value (kept to the microsecond).
func (h *Hist) Add(d units.Delay) { h.addUS(int64(math.Round(d.Ms() * 1000))) }

// addUS records one value in µs.
func (h *Hist) addUS(us int64) {
	if h.counts == nil {
		if h.n == 0 {
			h.base, h.last, h.lo, h.hi = us, us, us, us
		}
		h.lo, h.hi = min(h.lo, us), max(h.hi, us)
		if len(h.list)+binary.MaxVarintLen64 <= cap(h.list) || 4*(h.hi-h.lo+1) > int64(len(h.list)) {
			h.list = binary.AppendVarint(h.list, us-h.last)
			h.sorted = h.sorted && us >= h.last || h.n == 0
			h.last = us
			h.n++
			return
		}
		h.toCounts()
	}
	h.addCount(us)
}

// values decodes the list into buf.
func (h *Hist) values(buf []int64) []int64 {
	v, l := h.base, h.list
	for len(l) > 0 {
		d, k := binary.Varint(l)
		l = l[k:]
		v += d
		buf = append(buf, v)
	}
	return buf
}

// toCounts turns the list into a histogram.
func (h *Hist) toCounts() {
	vals := h.values(make([]int64, 0, h.n))
	h.list, h.n = nil, 0
	h.counts = make([]uint32, max(64, h.hi-h.lo+1+32))
	h.base = h.lo - 16
	for _, v := range vals {
		h.counts[v-h.base]++
		h.n++
	}
}

// sortList rewrites the list in increasing order.
func (h *Hist) sortList() {
	vals := h.values(make([]int64, 0, h.n))
	slices.Sort(vals)
	h.list = h.list[:0]
	h.base, h.last = vals[0], vals[0]
	for _, v := range vals {
		h.list = binary.AppendVarint(h.list, v-h.last)
		h.last = v
	}
	h.sorted = true
}

// addCount records us in the histogram. The counts array grows with
// headroom (half its size again, at least 64 bins) on the side it must
// grow, so a drifting series costs amortised O(1) per value.
func (h *Hist) addCount(us int64) {
	if i := us - h.base; i >= 0 && i < int64(len(h.counts)) {
		h.counts[i]++
		h.n++
		return
	}
	if us < h.base {
		pad := int64(len(h.counts)/2 + 64)
		grow := h.base - us + pad
		nc := make([]uint32, int64(len(h.counts))+grow)
		copy(nc[grow:], h.counts)
		h.counts = nc
		h.base -= grow
	} else {
		need := us - h.base + 1
		nc := make([]uint32, need+int64(len(h.counts)/2+64))
		copy(nc, h.counts)
		h.counts = nc
	}
	h.counts[us-h.base]++
	h.n++
}

// N returns the number of values.
func (h *Hist) N() int64 { return h.n }

// kth returns the k-th smallest value (0-based) in µs.
func (h *Hist) kth(k int64) int64 {
	if h.counts == nil {
		if !h.sorted {
			h.sortList()
		}
		v, l := h.base, h.list
		for i := int64(0); ; i++ {
			d, n := binary.Varint(l)
			l = l[n:]
			v += d
			if i == k {
				return v
			}
		}
	}
	var acc int64
	for i, c := range h.counts {
		acc += int64(c)
		if acc > k {
			return h.base + int64(i)
		}
	}
	return h.base + int64(len(h.counts)) - 1
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) by linear
// interpolation between order statistics (the definition of numpy's default
// percentile, Hyndman & Fan type 7), or NaN when empty. It is not safe to
// call concurrently with itself or Add.
func (h *Hist) Quantile(p float64) units.Delay {
	if h.n == 0 {
		return units.Ms(math.NaN())
	}
	pos := p * float64(h.n-1)
	lo := int64(math.Floor(pos))
	frac := pos - float64(lo)
	a := float64(h.kth(lo))
	if frac == 0 || lo+1 >= h.n {
		return units.Ms(a / 1000)
	}
	b := float64(h.kth(lo + 1))
	return units.Ms((a + frac*(b-a)) / 1000)
}

// PairStats summarises one pair over a run.
type PairStats struct {
	Src, Dst      int
	Steps         int64
	Unreachable   int64 // steps without a path
	MinRTT        units.Delay
	MaxRTT        units.Delay
	PathChanges   int64
	Handovers     int64
	Hist          Hist
	MinHops       int32
	MaxHops       int32
	sumHops       int64
	reachableHops int64

	// Parts (starlink mode) summarises where the RTT went.
	Parts *PartStats
}

// MeanHops returns the mean hop count over reachable steps (NaN if none).
func (s *PairStats) MeanHops() float64 {
	if s.reachableHops == 0 {
		return math.NaN()
	}
	return float64(s.sumHops) / float64(s.reachableHops)
}

func (s *PairStats) add(v PairValue) {
	s.Steps++
	if !v.Reachable() {
		s.Unreachable++
		return
	}
	rtt := v.RTT()
	if s.Hist.N() == 0 || rtt < s.MinRTT {
		s.MinRTT = rtt
	}
	if s.Hist.N() == 0 || rtt > s.MaxRTT {
		s.MaxRTT = rtt
	}
	if s.reachableHops == 0 || v.Hops < s.MinHops {
		s.MinHops = v.Hops
	}
	if v.Hops > s.MaxHops {
		s.MaxHops = v.Hops
	}
	s.sumHops += int64(v.Hops)
	s.reachableHops++
	s.Hist.Add(rtt)
}
