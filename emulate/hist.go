package emulate

import (
	"math/bits"
	"time"
)

// histogram counts non-negative durations in log-linear buckets: exact below
// 128 ns, then 64 buckets per power of two, so a quantile read from it is
// within 1/64 (1.6 %) of the true value. It has a fixed size (about 30 KiB)
// whatever the number of samples. Not safe for concurrent use.
type histogram struct {
	counts [histBuckets]uint64
	n      uint64
	max    time.Duration
}

const (
	histSub     = 64                         // buckets per power of two
	histBuckets = 2*histSub + (64-7)*histSub // exact part + one row per exponent
	histExact   = 2 * histSub                // values below this have their own bucket
)

// histIndex returns the bucket of v ≥ 0.
func histIndex(v uint64) int {
	if v < histExact {
		return int(v)
	}
	e := bits.Len64(v) - 7 // v>>e is in [64, 128)
	return histExact + (e-1)*histSub + int(v>>e) - histSub
}

// histLower returns the smallest value of bucket i.
func histLower(i int) uint64 {
	if i < histExact {
		return uint64(i)
	}
	e := (i-histExact)/histSub + 1
	m := uint64((i-histExact)%histSub + histSub)
	return m << e
}

// add counts d; negative durations count as zero.
func (h *histogram) add(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[histIndex(uint64(d))]++
	h.n++
	if d > h.max {
		h.max = d
	}
}

// quantile returns the q-quantile (0 ≤ q ≤ 1) as the middle of the bucket
// holding it, never more than the maximum; 0 when h is empty.
func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n-1)) + 1 // 1-based rank of the sample
	var cum uint64
	for i, c := range h.counts {
		cum += c
		if cum >= rank {
			lo := histLower(i)
			hi := histLower(i + 1)
			mid := time.Duration(lo + (hi-lo)/2)
			if i < histExact {
				mid = time.Duration(lo)
			}
			return min(mid, h.max)
		}
	}
	return h.max
}
