package routing

// Heap is a min-heap of (key, id) entries ordered by key, then by id, so
// that equal keys come out in a fixed order. It is 4-ary (a node's children
// are 4i+1 … 4i+4), which makes pops cheaper than in a binary heap for the
// same number of comparisons per level. Entries equal in key and id may be
// pushed more than once (lazy deletion: callers skip stale entries). The
// zero value is an empty heap; it reuses its storage after Reset.
type Heap struct {
	e []entry
}

type entry struct {
	d float64
	v int32
}

func (a entry) less(b entry) bool { return a.d < b.d || (a.d == b.d && a.v < b.v) }

// Len returns the number of entries.
func (h *Heap) Len() int { return len(h.e) }

// Reset empties the heap, keeping its storage.
func (h *Heap) Reset() { h.e = h.e[:0] }

// Min returns the smallest entry without removing it (the heap must not be
// empty).
func (h *Heap) Min() (key float64, id int32) { return h.e[0].d, h.e[0].v }

// Push adds an entry.
func (h *Heap) Push(key float64, id int32) {
	e := entry{key, id}
	h.e = append(h.e, e)
	s := h.e
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !e.less(s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

// Pop removes and returns the smallest entry (the heap must not be empty).
func (h *Heap) Pop() (key float64, id int32) {
	s := h.e
	top := s[0]
	n := len(s) - 1
	e := s[n]
	s = s[:n]
	h.e = s
	if n == 0 {
		return top.d, top.v
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for k := c + 1; k < end; k++ {
			if s[k].less(s[m]) {
				m = k
			}
		}
		if !s[m].less(e) {
			break
		}
		s[i] = s[m]
		i = m
	}
	s[i] = e
	return top.d, top.v
}
