package report

import (
	"math"
	"sort"
)

// quantile returns the p-quantile of values by linear interpolation between
// order statistics (numpy's default), or NaN for no values. values is
// sorted in place.
func quantile(values []float64, p float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	sort.Float64s(values)
	pos := p * float64(len(values)-1)
	lo := int(math.Floor(pos))
	if lo+1 >= len(values) {
		return values[len(values)-1]
	}
	f := pos - float64(lo)
	return values[lo] + f*(values[lo+1]-values[lo])
}
