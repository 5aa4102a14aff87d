package sim

import (
	"math"
)

// Hist is a histogram of round-trip times at 1 µs resolution, the precision
// orbitnet prints RTTs with, so quantiles read from it are exact to the
// printed digit. Its memory is proportional to the spread of the values
// (max − min, in µs), not to their number.
type Hist struct {
	base   int64    // value (µs) of counts[0]
	counts []uint32 // counts[i]: values equal to base+i µs
	n      int64
}

// Add records one value in milliseconds. The counts array grows with
// headroom (half its size again, at least 64 bins) on the side it must grow,
// so a drifting series costs amortised O(1) per value.
func (h *Hist) Add(ms float64) {
	us := int64(math.Round(ms * 1000))
	if h.counts == nil {
		h.base = us - 32
		h.counts = make([]uint32, 64)
	}
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
	var acc int64
	for i, c := range h.counts {
		acc += int64(c)
		if acc > k {
			return h.base + int64(i)
		}
	}
	return h.base + int64(len(h.counts)) - 1
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) in milliseconds by linear
// interpolation between order statistics (the definition of numpy's default
// percentile, Hyndman & Fan type 7), or NaN when empty.
func (h *Hist) Quantile(p float64) float64 {
	if h.n == 0 {
		return math.NaN()
	}
	pos := p * float64(h.n-1)
	lo := int64(math.Floor(pos))
	frac := pos - float64(lo)
	a := float64(h.kth(lo))
	if frac == 0 || lo+1 >= h.n {
		return a / 1000
	}
	b := float64(h.kth(lo + 1))
	return (a + frac*(b-a)) / 1000
}

// PairStats summarises one pair over a run.
type PairStats struct {
	Src, Dst      int
	Steps         int64
	Unreachable   int64 // steps without a path
	MinRTTMs      float64
	MaxRTTMs      float64
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
	rtt := v.RTTMs()
	if s.Hist.N() == 0 || rtt < s.MinRTTMs {
		s.MinRTTMs = rtt
	}
	if s.Hist.N() == 0 || rtt > s.MaxRTTMs {
		s.MaxRTTMs = rtt
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
