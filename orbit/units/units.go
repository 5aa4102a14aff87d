// Package units gives orbitnet's physical quantities their own types, so a
// signature says what it carries: a Delay is milliseconds, a Length is
// kilometres, an Angle is degrees. The types are float64 underneath and a
// conversion to or from the unit they are stored in is exact (no rounding,
// no arithmetic): Ms(x).Ms() == x, Km(x).Km() == x, Deg(x).Deg() == x.
//
// They are meant for package boundaries (exported fields, parameters and
// results); hot loops may convert once and work on float64. Conversions to
// another unit (Angle.Rad, Delay.Duration) do arithmetic and say so.
//
// Delay is deliberately not time.Duration: a Duration counts whole
// nanoseconds, and rounding sub-nanosecond delays would change results that
// are reported to the microsecond and summed along paths.
package units

import (
	"math"
	"time"
)

// SpeedOfLight is the speed of light in vacuum, in km/s (exact, by the SI
// definition of the metre).
const SpeedOfLight = 299792.458

// Delay is a time interval in milliseconds (a propagation, queueing or
// round-trip delay).
type Delay float64

// Ms returns the delay of x milliseconds.
func Ms(x float64) Delay { return Delay(x) }

// Ms returns the delay in milliseconds (exact).
func (d Delay) Ms() float64 { return float64(d) }

// Duration returns the delay as a time.Duration, rounded to the nearest
// nanosecond (half away from zero); ±Inf and values beyond the Duration
// range saturate.
func (d Delay) Duration() time.Duration {
	ns := math.Round(float64(d) * 1e6)
	switch {
	case ns >= math.MaxInt64:
		return math.MaxInt64
	case ns <= math.MinInt64:
		return math.MinInt64
	case ns != ns: // NaN
		return 0
	}
	return time.Duration(ns)
}

// Length is a distance in kilometres.
type Length float64

// Km returns the length of x kilometres.
func Km(x float64) Length { return Length(x) }

// Km returns the length in kilometres (exact).
func (l Length) Km() float64 { return float64(l) }

// LightDelay returns the one-way time light takes over the path l in a
// medium of refractive index n (1 for vacuum, about 1.47 for silica fibre):
// l·n / c, in milliseconds, computed in that order (km · n / c · 1000) so
// that callers that did this arithmetic by hand get the same bits.
func LightDelay(l Length, n float64) Delay {
	return Delay(float64(l) * n / SpeedOfLight * 1000)
}

// LightPath returns the vacuum path length light covers in d (the inverse of
// LightDelay with n = 1, up to rounding): d / 1000 · c.
func LightPath(d Delay) Length { return Length(float64(d) / 1000 * SpeedOfLight) }

// Angle is an angle in degrees (elevations, latitudes, longitudes, orbital
// angles).
type Angle float64

// Deg returns the angle of x degrees.
func Deg(x float64) Angle { return Angle(x) }

// Deg returns the angle in degrees (exact).
func (a Angle) Deg() float64 { return float64(a) }

// Rad returns the angle in radians, computed as degrees · π / 180 (one
// rounding per operation, in that order).
func (a Angle) Rad() float64 { return float64(a) * math.Pi / 180 }

// Rad returns the angle of x radians, computed as x · 180 / π.
func Rad(x float64) Angle { return Angle(x * 180 / math.Pi) }
