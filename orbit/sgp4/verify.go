package sgp4

import (
	"fmt"
	"math"

	"orbitnet/orbit/vec"
)

// VerificationTimes returns the times, in minutes since epoch, at which
// Vallado's verification driver (testcpp in verification mode, the program
// that wrote tcppver.out) propagates a satellite whose element set lists
// start, stop and step:
//
//   - first 0, always;
//   - then start (unless |start| ≤ 1e-8, so that 0 is not listed twice),
//     start+step, start+2·step, … accumulated by repeated addition as the
//     reference does, while below stop;
//   - and finally stop itself, even when it is not on the grid.
//
// The driver stops a satellite at its first propagation error; the caller
// does the same. The reference loops for ever when step ≤ 0 and stop lies
// ahead of the start; for step ≤ 0, or a stop that is not finite, only the
// 0 is returned.
func VerificationTimes(start, stop, step float64) []float64 {
	times := []float64{0}
	if !(step > 0) || math.IsNaN(start) || math.IsInf(start, 0) || math.IsNaN(stop) || math.IsInf(stop, 0) {
		return times
	}
	t := start
	if math.Abs(t) > 1e-8 {
		t -= step // the loop adds it back first
	}
	for t < stop {
		t += step
		if t > stop {
			t = stop
		}
		times = append(times, t)
	}
	return times
}

// FormatVerificationLine formats one state as the first seven columns of a
// tcppver.out line: tsince (min), position (km) and velocity (km/s), in the
// C layout " %16.8f %16.8f %16.8f %16.8f %12.9f %12.9f %12.9f". The t = 0
// line of each satellite in tcppver.out is exactly this; the later lines
// continue with osculating elements and a calendar date.
func FormatVerificationLine(tsince float64, r, v vec.Vec3) string {
	return fmt.Sprintf(" %16.8f %16.8f %16.8f %16.8f %12.9f %12.9f %12.9f",
		tsince, r[0], r[1], r[2], v[0], v[1], v[2])
}
