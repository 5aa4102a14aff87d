package server

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Load limits. Each computing endpoint admits a few requests at a time; a
// few more wait briefly for a turn, and the rest are refused at once with
// 503 and a Retry-After header, so that a burst of clients is answered or
// refused promptly and the memory the server holds stays bounded by the
// number of slots, not the number of clients. docs/api.md lists them.
const (
	// QueueWait bounds how long an admitted waiter waits for a slot before
	// it is refused.
	QueueWait = 2 * time.Second
	// RetryAfter is the Retry-After of a refusal.
	RetryAfter = 1 * time.Second
	// MaxStreams bounds the open event streams.
	MaxStreams = 32
	// heavySlots is the number of RTT series computed at a time.
	heavySlots = 2
)

// gate admits at most cap(slots) holders at a time and at most queue
// waiters; a waiter gives up after wait. The zero gate is not usable; see
// newGate.
type gate struct {
	slots   chan struct{}
	queue   int64
	waiting atomic.Int64
	wait    time.Duration
}

func newGate(slots, queue int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, max(slots, 1)), queue: int64(max(queue, 0)), wait: wait}
}

// acquire takes a slot, waiting up to the gate's wait if the queue has
// room. It reports false when refused (queue full, waited too long or ctx
// done); otherwise the caller must call release.
func (g *gate) acquire(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return false
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// tryAcquire takes a slot if one is free, without waiting.
func (g *gate) tryAcquire() bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// acquireWait takes a slot, waiting as long as ctx allows (for work
// already admitted, such as an open stream's next state).
func (g *gate) acquireWait(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (g *gate) release() { <-g.slots }

// writeBusy refuses a request with 503 and Retry-After.
func writeBusy(w http.ResponseWriter, what string) {
	w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
	writeError(w, http.StatusServiceUnavailable, "server busy: too many %s requests at once; retry in %s", what, RetryAfter)
}
