package emulate

import (
	"sync"
	"time"
)

// packet is one IP packet waiting for delivery.
type packet struct {
	data   []byte
	sent   time.Duration // real time since the origin when it was read
	due    time.Duration // real time since the origin when it must be written
	seq    uint64        // order of admission, to break ties in due
	bucket int           // record bucket of the send instant
}

// packetBufSize is the capacity of pooled packet buffers: more than the
// TUN device's MTU (1500), so that every packet fits.
const packetBufSize = 2048

var packetPool = sync.Pool{New: func() any {
	return &packet{data: make([]byte, 0, packetBufSize)}
}}

// newPacket returns a packet holding a copy of data, from a pool so that
// forwarding does not allocate in the steady state.
func newPacket(data []byte) *packet {
	p := packetPool.Get().(*packet)
	p.data = append(p.data[:0], data...)
	return p
}

// free returns p to the pool; p must not be used afterwards.
func (p *packet) free() {
	if cap(p.data) > packetBufSize {
		return // an oversized packet: let the GC have it
	}
	*p = packet{data: p.data[:0]}
	packetPool.Put(p)
}

// before orders packets by due time, then by admission.
func (p *packet) before(q *packet) bool {
	if p.due != q.due {
		return p.due < q.due
	}
	return p.seq < q.seq
}

// packetHeap is a binary min-heap of packets by (due, seq). Packets mostly
// arrive in due order, and then push costs O(1); otherwise push and pop cost
// O(log n).
//
// It is not routing.Heap, the engine's heap, on purpose: routing.Heap holds
// (float64 key, int32 id) entries and breaks ties by id, while a link must
// deliver packets due at the same instant in the order it admitted them
// (seq, a uint64 that never wraps) and the queue holds packets, not ids.
// Reusing it would need a side table from ids to packets with a free list,
// and ids handed out in admission order that survive wrap-around, all of it
// extra work under the direction's lock on the forwarding and delivery
// threads; a generic heap in package routing would change its API and put
// a comparison call on Dijkstra's path.
type packetHeap []*packet

func (h packetHeap) peek() *packet {
	if len(h) == 0 {
		return nil
	}
	return h[0]
}

func (h *packetHeap) push(p *packet) {
	*h = append(*h, p)
	s := *h
	i := len(s) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !s[i].before(s[parent]) {
			break
		}
		s[i], s[parent] = s[parent], s[i]
		i = parent
	}
}

func (h *packetHeap) pop() *packet {
	s := *h
	n := len(s) - 1
	top := s[0]
	s[0] = s[n]
	s[n] = nil
	s = s[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && s[r].before(s[l]) {
			m = r
		}
		if !s[m].before(s[i]) {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return top
}
