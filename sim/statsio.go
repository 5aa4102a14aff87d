package sim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Per-pair statistics handed over whole: a range of steps computed apart
// (a shard) can record a pair's PairStats instead of its value at every
// step when no output needs the steps, and a Replayer adds them exactly
// (Replayer.AddRange): counts add, minima and maxima combine, histograms
// add value by value, and the path change or handover between two ranges
// is found from the values at their edges.

// HistFormat is the version of Hist's binary form (AppendBinary).
const HistFormat = 1

// maxHistUS bounds a stored value (µs): 67 s, far beyond any round-trip
// time or part of one, so that values read back cannot make a histogram
// (4 bytes per µs of spread) take unbounded memory.
const maxHistUS = 1 << 26

// AppendBinary appends h's values to b in a canonical form: the format
// byte (HistFormat), the number of values (uvarint) and, when there are
// any, the smallest value in µs (uvarint) followed by the differences
// between consecutive values in increasing order (uvarint; mostly one
// byte, and runs of small numbers that compress well). Equal multisets of
// values give equal bytes whichever form (list or histogram) h holds.
func (h *Hist) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, HistFormat)
	b = binary.AppendUvarint(b, uint64(h.n))
	if h.n == 0 {
		return b, nil
	}
	if h.counts != nil {
		prev := int64(-1)
		for i, c := range h.counts {
			if c == 0 {
				continue
			}
			v := h.base + int64(i)
			if v < 0 || v >= maxHistUS {
				return nil, fmt.Errorf("hist: value %d µs outside [0, %d)", v, int64(maxHistUS))
			}
			if prev < 0 {
				b = binary.AppendUvarint(b, uint64(v))
			} else {
				b = binary.AppendUvarint(b, uint64(v-prev))
			}
			for range c - 1 {
				b = append(b, 0)
			}
			prev = v
		}
		return b, nil
	}
	vals := h.values(make([]int64, 0, h.n))
	if !h.sorted {
		slices.Sort(vals)
	}
	if vals[0] < 0 || vals[len(vals)-1] >= maxHistUS {
		return nil, fmt.Errorf("hist: value %d µs outside [0, %d)", vals[0], int64(maxHistUS))
	}
	b = binary.AppendUvarint(b, uint64(vals[0]))
	for i := 1; i < len(vals); i++ {
		b = binary.AppendUvarint(b, uint64(vals[i]-vals[i-1]))
	}
	return b, nil
}

// UnmarshalBinary replaces h's values with those of data (AppendBinary's
// form), reusing h's memory. Malformed data is an error saying what is
// wrong; the memory it takes is bounded by the length of data.
func (h *Hist) UnmarshalBinary(data []byte) error {
	*h = Hist{list: h.list[:0]}
	if len(data) == 0 {
		return errors.New("empty")
	}
	if data[0] != HistFormat {
		return fmt.Errorf("format %d, this orbitnet reads format %d", data[0], HistFormat)
	}
	data = data[1:]
	n, k := binary.Uvarint(data)
	if k <= 0 || k != uvarintLen(n) {
		return errors.New("bad value count")
	}
	data = data[k:]
	if n > uint64(len(data)) { // every value takes at least one byte
		return fmt.Errorf("%d values in %d bytes", n, len(data))
	}
	// the values go into the list form as they come (sorted), so decoding
	// takes memory in proportion to len(data) whatever the values
	var v uint64
	for i := range n {
		d, k := binary.Uvarint(data)
		if k <= 0 {
			return fmt.Errorf("value %d: truncated", i)
		}
		if k != uvarintLen(d) {
			return fmt.Errorf("value %d: not in its shortest form", i)
		}
		data = data[k:]
		if d >= maxHistUS || v+d >= maxHistUS {
			return fmt.Errorf("value %d: beyond %d µs", i, int64(maxHistUS))
		}
		v += d
		if i == 0 {
			h.base, h.last, h.lo = int64(v), int64(v), int64(v)
		}
		h.list = binary.AppendVarint(h.list, int64(v)-h.last)
		h.last, h.hi = int64(v), int64(v)
		h.n++
	}
	h.sorted = true
	if len(data) > 0 {
		return fmt.Errorf("%d bytes after the %d values", len(data), n)
	}
	return nil
}

// HopSum returns the sum of the hop counts over the reachable steps
// (MeanHops' numerator), for storing the statistics.
func (s *PairStats) HopSum() int64 { return s.sumHops }

// SetHopSum restores the sum of hop counts of statistics read back from
// storage; the reachable steps are Steps − Unreachable.
func (s *PairStats) SetHopSum(sum int64) {
	s.sumHops = sum
	s.reachableHops = s.Steps - s.Unreachable
}

// Merge adds o, the same pair's statistics over other steps, to s. Path
// changes and handovers between the last step of one and the first of the
// other are not known here (Replayer.AddRange counts them).
func (s *PairStats) Merge(o *PairStats) {
	if o.Hist.N() > 0 {
		if s.Hist.N() == 0 || o.MinRTTMs < s.MinRTTMs {
			s.MinRTTMs = o.MinRTTMs
		}
		if s.Hist.N() == 0 || o.MaxRTTMs > s.MaxRTTMs {
			s.MaxRTTMs = o.MaxRTTMs
		}
	}
	if o.reachableHops > 0 {
		if s.reachableHops == 0 || o.MinHops < s.MinHops {
			s.MinHops = o.MinHops
		}
		s.MaxHops = max(s.MaxHops, o.MaxHops)
	}
	s.Steps += o.Steps
	s.Unreachable += o.Unreachable
	s.PathChanges += o.PathChanges
	s.Handovers += o.Handovers
	s.sumHops += o.sumHops
	s.reachableHops += o.reachableHops
	s.Hist.Merge(&o.Hist)
	if o.Parts != nil {
		if s.Parts == nil {
			s.Parts = &PartStats{}
		}
		s.Parts.Propagation.Merge(&o.Parts.Propagation)
		s.Parts.Access.Merge(&o.Parts.Access)
		s.Parts.Processing.Merge(&o.Parts.Processing)
		s.Parts.Queueing.Merge(&o.Parts.Queueing)
		s.Parts.Terrestrial.Merge(&o.Parts.Terrestrial)
	}
}

// uvarintLen returns the length of x's shortest uvarint encoding.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}
