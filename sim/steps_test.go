package sim

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

// TestSourceSplitStops checks that the source-split engine stops on a sink
// error and on cancellation, whatever the block length and the number of
// workers, returning the error and leaving no goroutine behind.
func TestSourceSplitStops(t *testing.T) {
	defer func(b int) { blockGraphBytes = b }(blockGraphBytes)
	errSink := errors.New("sink full")
	for _, w := range []struct{ workers, graphBudget int }{{1, 6 << 20}, {2, 6 << 20}, {2, 1}, {3, 6 << 20}} {
		blockGraphBytes = w.graphBudget
		for _, stopAt := range []int{0, 17, 40} {
			cfg := baseConfig(t)
			cfg.Ground = cfg.Ground[:20]
			cfg.Duration = 60 * time.Second
			n, err := NewNetwork(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !useSourceSplit(n, w.workers) {
				t.Fatalf("workers=%d: not the source-split engine", w.workers)
			}
			before := runtime.NumGoroutine()
			// a sink error
			steps := 0
			_, err = Run(context.Background(), n, Options{Workers: w.workers}, SinkFunc(func(r *StepResult) error {
				if r.Index != steps {
					t.Fatalf("step %d after %d steps", r.Index, steps)
				}
				steps++
				if r.Index == stopAt {
					return errSink
				}
				return nil
			}))
			if !errors.Is(err, errSink) || steps != stopAt+1 {
				t.Errorf("workers=%d budget=%d stop at %d: err %v after %d steps", w.workers, w.graphBudget, stopAt, err, steps)
			}
			// a cancellation
			ctx, cancel := context.WithCancel(context.Background())
			_, err = Run(ctx, n, Options{Workers: w.workers}, SinkFunc(func(r *StepResult) error {
				if r.Index == stopAt {
					cancel()
				}
				return nil
			}))
			cancel()
			if !errors.Is(err, context.Canceled) {
				t.Errorf("workers=%d budget=%d cancel at %d: err %v", w.workers, w.graphBudget, stopAt, err)
			}
			for range 100 {
				if runtime.NumGoroutine() <= before {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			if g := runtime.NumGoroutine(); g > before {
				t.Errorf("workers=%d budget=%d stop at %d: %d goroutines left, %d before", w.workers, w.graphBudget, stopAt, g, before)
			}
		}
	}
}
