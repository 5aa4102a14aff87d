package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSparkBuckets: the streaming buckets give the sparkline of the whole
// series.
func TestSparkBuckets(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 5, 71, 72, 73, 200, 1001} {
		v := make([]float64, n)
		b := newSparkBuckets(n, SparkWidth)
		for i := range v {
			v[i] = math.NaN()
			if rng.IntN(5) > 0 {
				v[i] = 10 + rng.Float64()
				b.add(i, v[i])
			}
		}
		if got, want := sparkline(b.means(), SparkWidth), sparkline(v, SparkWidth); got != want {
			t.Errorf("n=%d:\n got %s\nwant %s", n, got, want)
		}
	}
}
