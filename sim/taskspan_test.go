package sim

import (
	"sync"
	"testing"
)

// TestTaskSpan: takers from the front and from the back, concurrently,
// get every task exactly once; the front taker alone gets them in order,
// the back taker alone in reverse.
func TestTaskSpan(t *testing.T) {
	for _, n := range []int64{0, 1, 2, 7, 1000} {
		var s taskSpan
		s.set(n)
		got := make([]int, n)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func(back bool) {
				defer wg.Done()
				for {
					i := s.take(back)
					if i < 0 {
						return
					}
					mu.Lock()
					got[i]++
					mu.Unlock()
				}
			}(w%2 == 1)
		}
		wg.Wait()
		for i, c := range got {
			if c != 1 {
				t.Fatalf("n=%d: task %d taken %d times", n, i, c)
			}
		}
		if s.take(false) != -1 || s.take(true) != -1 {
			t.Fatalf("n=%d: a task after the span ran out", n)
		}
	}
	var s taskSpan
	s.set(3)
	if a, b, c := s.take(false), s.take(true), s.take(false); a != 0 || b != 2 || c != 1 {
		t.Fatalf("front, back, front took %d, %d, %d; want 0, 2, 1", a, b, c)
	}
}
