package starlink

import (
	"flag"
	"fmt"
	"math"
	"sort"
	"testing"
	"time"
)

var calibrate = flag.Bool("calibrate", false, "run the grid search that chose the access defaults (docs/realism.md)")

// accessQuantiles returns the median and 95th percentile (ms) of the
// access parts (all but propagation and terrestrial) of p.
func accessQuantiles(p Params, n int) (med, p95 float64) {
	start := time.Date(2026, 2, 23, 0, 0, 12, 0, time.UTC)
	v := make([]float64, 0, n)
	for i := range n {
		s := p.Sample(1+i%7, start.Add(time.Duration(i)*time.Second))
		v = append(v, float64(s.Access+s.Processing+s.Queueing)/1e6)
	}
	sort.Float64s(v)
	return v[n/2], v[n*95/100]
}

// TestCalibrate is the calibration of the access defaults, run on request:
// a grid over QueueMedian, QueueSigma and GrantMax minimising the absolute
// errors against the calibration sites only (Seattle: median 30, p95 42;
// Auckland: median 23). The propagation median of both sites (7.9 ms RTT)
// comes from `orbitnet realism --windows 4 --duration 5m` with the earlier
// defaults (site median 23.8 ms less the access median 15.9 ms); the
// propagation spread adds about 1 ms to the 95th percentile.
func TestCalibrate(t *testing.T) {
	if !*calibrate {
		t.Skip("run with -calibrate")
	}
	const prop, spread = 7.9, 1.0
	best, bestP := math.Inf(1), Params{}
	for _, qm := range []float64{1, 1.5, 2, 2.5, 3, 4} {
		for _, sg := range []float64{0.5, 0.7, 0.9, 1.1, 1.3} {
			for _, gmax := range []float64{5, 7, 9, 11} {
				p := Defaults
				p.QueueMedian = time.Duration(qm * 1e6)
				p.QueueSigma = sg
				p.GrantMax = time.Duration(gmax * 1e6)
				m, p95 := accessQuantiles(p, 20000)
				e := math.Abs(prop+m-30) + math.Abs(prop+p95+spread-42) + math.Abs(prop+m-23)
				if e < best-0.05 { // prefer the earlier (smaller) values on near-ties
					best, bestP = e, p
				}
			}
		}
	}
	fmt.Printf("best: queue_median %v queue_sigma %.1f grant_max %v (error %.2f ms)\n",
		bestP.QueueMedian, bestP.QueueSigma, bestP.GrantMax, best)
}
