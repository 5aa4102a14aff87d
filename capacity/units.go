package capacity

import "strconv"

// Gbps is a bit rate in gigabits per second (10⁹ bit/s; network prefixes
// are decimal). It is a float64 so that fractional shares of a link are
// exact up to float64 rounding; +Inf means "unlimited" where a doc comment
// allows it.
type Gbps float64

// Common bit rates. Mbps is exactly 10⁻³ Gbps up to float64 rounding of the
// constant 0.001.
const (
	Mbps Gbps = 1e-3
	Tbps Gbps = 1e3
)

// String formats the rate as "12.5 Gb/s" with the shortest decimal that
// reads back to the same float64.
func (r Gbps) String() string {
	return strconv.FormatFloat(float64(r), 'g', -1, 64) + " Gb/s"
}
