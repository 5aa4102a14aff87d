package sim

import (
	"encoding/binary"
	"math"
	"orbitnet/orbit/units"
	"slices"
	"sync"
)

// Hist holds round-trip times at 1 µs resolution, the precision orbitnet
// prints RTTs with, so quantiles read from it are exact to the printed
// digit. It holds its values in whichever of two forms is smaller:
//
//   - a list of the values, each stored as the zigzag varint of its
//     difference from the one before (about 1–2 bytes for a pair's slowly
//     drifting RTT);
//   - a histogram, 4 bytes per µs between the smallest and largest value.
//
// It starts as a list and turns into a histogram when the list is full
// and the histogram would not be larger; a histogram that must grow to
// more than twice the size of the sorted list of its values turns back
// into that list. Its memory is thus about min(1–2 bytes × values,
// 4 bytes × spread in µs), and never more than about twice the list's.
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
	expect int64 // values expected in all (0: not known), to size the list
}

// Add records one value (kept to the microsecond).
func (h *Hist) Add(d units.Delay) { h.addUS(int64(math.Round(d.Ms() * 1000))) }

// addUS records one value in µs.
func (h *Hist) addUS(us int64) {
	if h.n == 0 {
		*h = Hist{list: h.list[:0], last: us, sorted: true, lo: us, hi: us, base: us, expect: h.expect}
	}
	if us < h.lo {
		h.lo = us
	} else if us > h.hi {
		h.hi = us
	}
	if h.counts != nil {
		if i := us - h.base; uint64(i) < uint64(len(h.counts)) {
			h.counts[i]++
			h.n++
			return
		}
		h.growCounts(us)
		return
	}
	d := us - h.last
	if l := len(h.list); uint64(d+64) < 128 && l < cap(h.list) {
		// the common case: a change under 64 µs, one byte, and room for it
		h.list = h.list[:l+1]
		h.list[l] = byte(d<<1) ^ byte(d>>63)
	} else {
		if len(h.list)+binary.MaxVarintLen64 > cap(h.list) {
			if 4*(h.hi-h.lo+1) <= int64(len(h.list)) {
				h.toCounts()
				h.counts[us-h.base]++
				h.n++
				return
			}
			h.growList()
		}
		h.list = binary.AppendVarint(h.list, d)
	}
	if d < 0 {
		h.sorted = false
	}
	h.last = us
	h.n++
}

// growList makes room for more values in the list: when the number of
// values to expect is known, for those still to come at the list's
// bytes per value so far (with 1/32 to spare, at least 1/16 of its length
// more, at most twice its length), so that a run's list is reallocated
// fewer times than by append (whose growth falls to 1.25×) and ends with
// less unused room; otherwise as append grows it.
func (h *Hist) growList() {
	l := int64(len(h.list))
	if h.expect > h.n && h.n >= 32 {
		want := l + l*(h.expect-h.n)/h.n
		want += want/32 + binary.MaxVarintLen64
		want = min(max(want, l+l/16+2*binary.MaxVarintLen64), 2*l)
		nl := make([]byte, l, want)
		copy(nl, h.list)
		h.list = nl
		return
	}
	h.list = slices.Grow(h.list, binary.MaxVarintLen64)
}

// values decodes the list into buf.
func (h *Hist) values(buf []int64) []int64 {
	v, l := h.base, h.list
	for len(l) > 0 {
		d, k := int64(l[0]>>1)^-int64(l[0]&1), 1 // a one-byte delta (most are)
		if l[0] >= 0x80 {
			d, k = binary.Varint(l)
		}
		l = l[k:]
		v += d
		buf = append(buf, v)
	}
	return buf
}

// The lists are decoded with the one-byte case (a change under 64 µs,
// which most are) inline before binary.Varint: decoding took 90 % of
// summarising W1's 4,950 pairs (60 ms with one worker, serially after
// the steps).

// toCounts turns the list into a histogram, with 16 free bins each side.
func (h *Hist) toCounts() {
	counts := make([]uint32, max(64, h.hi-h.lo+1+32))
	base := h.lo - 16
	v, l := h.base, h.list
	for len(l) > 0 {
		d, k := int64(l[0]>>1)^-int64(l[0]&1), 1 // a one-byte delta (most are)
		if l[0] >= 0x80 {
			d, k = binary.Varint(l)
		}
		l = l[k:]
		v += d
		counts[v-base]++
	}
	h.list, h.base, h.counts = nil, base, counts
}

// growCounts records us, a value outside the histogram's bins. The
// histogram grows with headroom (half its size again and 64 bins) on the
// side it must grow, so a drifting series costs amortised O(1) per value,
// unless it would then take more than twice the bytes of the sorted list
// of its values: it turns into that list instead (which the list turns
// back from only once it has doubled, so that too is amortised O(1)).
func (h *Hist) growCounts(us int64) {
	n := int64(len(h.counts))
	pad := n/2 + 64
	var grow, size int64
	if us < h.base {
		grow = h.base - us + pad
		size = n + grow
	} else {
		size = us - h.base + 1 + pad
	}
	if lb := h.sortedLen(); 4*size > 2*int64(lb) {
		h.countsToList(lb)
		d := us - h.last
		h.list = binary.AppendVarint(h.list, d)
		h.sorted = d >= 0
		h.last = us
		h.n++
		return
	}
	nc := make([]uint32, size)
	copy(nc[grow:], h.counts)
	h.counts = nc
	h.base -= grow
	h.counts[us-h.base]++
	h.n++
}

// sortedLen returns the length in bytes of the list of the histogram's
// values in increasing order.
func (h *Hist) sortedLen() int {
	n, prev := 0, -1
	for i, c := range h.counts {
		if c == 0 {
			continue
		}
		if prev < 0 {
			n++ // the first value, equal to base
		} else {
			n += varintLen(int64(i - prev))
		}
		n += int(c) - 1 // zeros
		prev = i
	}
	return n
}

// varintLen returns the length of binary.AppendVarint's encoding of x.
func varintLen(x int64) int { return uvarintLen(uint64(x<<1) ^ uint64(x>>63)) }

// countsToList turns the histogram into the list of its values in
// increasing order, lb bytes long, with a quarter more room.
func (h *Hist) countsToList(lb int) {
	list := make([]byte, 0, lb+lb/4+binary.MaxVarintLen64)
	first, base := true, h.base
	for i, c := range h.counts {
		if c == 0 {
			continue
		}
		v := base + int64(i)
		if first {
			h.base, h.last, first = v, v, false
		}
		list = binary.AppendVarint(list, v-h.last)
		for range c - 1 {
			list = append(list, 0)
		}
		h.last = v
	}
	h.list, h.counts, h.sorted = list, nil, true
}

// N returns the number of values.
func (h *Hist) N() int64 { return h.n }

// Quantile returns the p-quantile (0 ≤ p ≤ 1) by linear
// interpolation between order statistics (the definition of numpy's default
// percentile, Hyndman & Fan type 7), or NaN when empty or p is NaN; p
// outside [0, 1] counts as the nearer end. It reads h without changing it,
// in O(values) time (O(values × log values) for a list whose spread in µs
// is over 16 times its length); AppendQuantiles reads several at once.
func (h *Hist) Quantile(p float64) units.Delay {
	var q [1]units.Delay
	return h.AppendQuantiles(q[:0], p)[0]
}

// rank returns the position of the p-quantile (not NaN) among h's n > 0
// values in increasing order: between lo and lo+1 at frac ∈ [0, 1), with
// lo+1 < n when frac > 0.
func (h *Hist) rank(p float64) (lo int64, frac float64) {
	pos := p * float64(h.n-1)
	if pos <= 0 {
		return 0, 0
	}
	if pos >= float64(h.n-1) {
		return h.n - 1, 0
	}
	lo = int64(math.Floor(pos))
	return lo, pos - float64(lo)
}

// AppendQuantiles appends to dst the p-quantile of h for each p of ps,
// each equal to Quantile(p), reading h's values once. It does not change
// h, so goroutines may read one Hist at once (but not while one adds).
func (h *Hist) AppendQuantiles(dst []units.Delay, ps ...float64) []units.Delay {
	if h.n == 0 {
		for range ps {
			dst = append(dst, units.Ms(math.NaN()))
		}
		return dst
	}
	var kb, vb [8]int64
	ks := kb[:0] // the order statistics wanted
	for _, p := range ps {
		if math.IsNaN(p) {
			continue
		}
		lo, frac := h.rank(p)
		ks = append(ks, lo)
		if frac != 0 {
			ks = append(ks, lo+1)
		}
	}
	vs := h.ranked(ks, vb[:0])
	for _, p := range ps {
		if math.IsNaN(p) {
			dst = append(dst, units.Ms(math.NaN()))
			continue
		}
		_, frac := h.rank(p)
		a := float64(vs[0])
		if frac == 0 {
			dst = append(dst, units.Ms(a/1000))
			vs = vs[1:]
			continue
		}
		b := float64(vs[1])
		dst = append(dst, units.Ms((a+frac*(b-a))/1000))
		vs = vs[2:]
	}
	return dst
}

// histScratch is the memory reading a list's quantiles needs.
type histScratch struct {
	vals   []int64
	counts []uint32
}

var histScratchPool = sync.Pool{New: func() any { return new(histScratch) }}

// countingSpread: the quantiles of a list of n values whose spread is at
// most countingSpread×n µs are read from a histogram of them (O(n +
// spread)) rather than by sorting them (O(n log n)).
const countingSpread = 16

// ranked appends to vs the k-th smallest value (0-based) for each k of ks
// (0 ≤ k < n), in the order of ks.
func (h *Hist) ranked(ks []int64, vs []int64) []int64 {
	// the ranks in increasing order, by insertion sort (there are few)
	var ob [8]int
	ord := ob[:0]
	for i := range ks {
		ord = append(ord, i)
		for j := len(ord) - 1; j > 0 && ks[ord[j]] < ks[ord[j-1]]; j-- {
			ord[j], ord[j-1] = ord[j-1], ord[j]
		}
	}
	start := len(vs)
	vs = append(vs, make([]int64, len(ks))...)
	out := vs[start:]
	ends := true // only the smallest and largest value are wanted
	for _, k := range ks {
		ends = ends && (k == 0 || k == h.n-1)
	}
	switch {
	case ends:
		for i, k := range ks {
			out[i] = h.lo
			if k != 0 {
				out[i] = h.hi
			}
		}
	case h.counts != nil:
		countRanks(h.counts, h.base, ks, ord, out)
	case h.sorted:
		v, l := h.base, h.list
		j := 0
		for i := int64(0); j < len(ord); i++ {
			d, n := int64(l[0]>>1)^-int64(l[0]&1), 1 // a one-byte delta (most are)
			if l[0] >= 0x80 {
				d, n = binary.Varint(l)
			}
			l = l[n:]
			v += d
			for ; j < len(ord) && ks[ord[j]] == i; j++ {
				out[ord[j]] = v
			}
		}
	default:
		s := histScratchPool.Get().(*histScratch)
		if spread := h.hi - h.lo + 1; spread <= countingSpread*h.n {
			s.counts = slices.Grow(s.counts[:0], int(spread))[:spread]
			clear(s.counts)
			v, l := h.base, h.list
			for len(l) > 0 {
				d, k := int64(l[0]>>1)^-int64(l[0]&1), 1 // a one-byte delta (most are)
				if l[0] >= 0x80 {
					d, k = binary.Varint(l)
				}
				l = l[k:]
				v += d
				s.counts[v-h.lo]++
			}
			countRanks(s.counts, h.lo, ks, ord, out)
		} else {
			s.vals = h.values(s.vals[:0])
			slices.Sort(s.vals)
			for i, k := range ks {
				out[i] = s.vals[k]
			}
		}
		histScratchPool.Put(s)
	}
	return vs
}

// countRanks sets out[i] to the ks[i]-th smallest value of the histogram
// counts (counts[j] values equal to base+j), ord listing the indices of ks
// in increasing order of rank.
func countRanks(counts []uint32, base int64, ks []int64, ord []int, out []int64) {
	var acc int64
	j := 0
	for i, c := range counts {
		if c == 0 {
			continue
		}
		acc += int64(c)
		for ; j < len(ord) && ks[ord[j]] < acc; j++ {
			out[ord[j]] = base + int64(i)
		}
		if j == len(ord) {
			return
		}
	}
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
	totalSteps    int64 // steps in the run, when known

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

// expectSteps tells s the number of steps to come, so that its RTT
// histogram takes little more memory than it needs.
func (s *PairStats) expectSteps(n int) {
	s.totalSteps = int64(n)
	s.Hist.expect = int64(n)
}

func (s *PairStats) add(v *PairValue) {
	// (fields read one by one, never the whole value: see pairValueTo)
	delay, hops := v.Delay, v.Hops
	s.Steps++
	if !reachable(delay) {
		s.Unreachable++
		if left := s.totalSteps - s.Steps; left >= 0 {
			// as many values to come as the fraction of steps with one so far
			h := &s.Hist
			h.expect = h.n + left*h.n/s.Steps
			if h.n == 0 {
				h.expect = left
			}
		}
		return
	}
	rtt := 2 * delay
	if s.Hist.N() == 0 || rtt < s.MinRTT {
		s.MinRTT = rtt
	}
	if s.Hist.N() == 0 || rtt > s.MaxRTT {
		s.MaxRTT = rtt
	}
	if s.reachableHops == 0 || hops < s.MinHops {
		s.MinHops = hops
	}
	if hops > s.MaxHops {
		s.MaxHops = hops
	}
	s.sumHops += int64(hops)
	s.reachableHops++
	s.Hist.Add(rtt)
}
