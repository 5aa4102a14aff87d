package units

import (
	"math"
	"testing"
	"time"
)

// veryclose is the tolerance for conversions that round once or twice.
const veryclose = 4e-16

func rel(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
}

// Conversions to the stored unit are exact: same bits back, NaN and ±Inf
// included.
func TestExactRoundTrips(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1e-300, 0.1, 1.0 / 3, 550, -90, 1e300, math.Inf(1), math.Inf(-1), math.NaN()} {
		for name, got := range map[string]float64{
			"Ms":  Ms(x).Ms(),
			"Km":  Km(x).Km(),
			"Deg": Deg(x).Deg(),
		} {
			if math.Float64bits(got) != math.Float64bits(x) {
				t.Errorf("%s(%v) round trip = %v, want the same bits", name, x, got)
			}
		}
	}
}

func TestAngleRad(t *testing.T) {
	for _, c := range []struct {
		deg, rad float64
	}{
		{0, 0},
		{90, math.Pi / 2},
		{180, math.Pi},
		{-45, -math.Pi / 4},
		{25, 0.4363323129985824},
		{360, 2 * math.Pi},
	} {
		if got := Deg(c.deg).Rad(); rel(got, c.rad) > veryclose {
			t.Errorf("Deg(%v).Rad() = %v, want %v", c.deg, got, c.rad)
		}
		if got := Rad(c.rad).Deg(); rel(got, c.deg) > veryclose {
			t.Errorf("Rad(%v).Deg() = %v, want %v", c.rad, got, c.deg)
		}
	}
	// The arithmetic order is part of the contract: callers that computed
	// deg*math.Pi/180 by hand get the same bits.
	for _, d := range []float64{25, 53.05, 97.6, 1e-7} {
		if got, want := Deg(d).Rad(), d*math.Pi/180; got != want {
			t.Errorf("Deg(%v).Rad() = %v, want exactly %v", d, got, want)
		}
	}
}

func TestLightDelay(t *testing.T) {
	for _, c := range []struct {
		name string
		km   float64
		n    float64
		ms   float64
	}{
		{"zero", 0, 1, 0},
		{"one light-millisecond", 299.792458, 1, 1},
		{"one light-second", SpeedOfLight, 1, 1000},
		{"550 km slant", 550, 1, 1.8346025235898362},
		{"fibre doubles with n=2", 299.792458, 2, 2},
		{"fibre 1.467", 1000, 1.467, 4.8933852765568915},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := LightDelay(Km(c.km), c.n).Ms()
			if rel(got, c.ms) > veryclose {
				t.Errorf("LightDelay(%v km, %v) = %v ms, want %v", c.km, c.n, got, c.ms)
			}
			// Same bits as the hand-written formula it replaces.
			if want := c.km * c.n / SpeedOfLight * 1000; got != want {
				t.Errorf("LightDelay(%v km, %v) = %v, hand formula gives %v", c.km, c.n, got, want)
			}
			if c.n == 1 {
				if back := LightPath(Ms(got)).Km(); rel(back, c.km) > veryclose {
					t.Errorf("LightPath(LightDelay(%v km)) = %v km", c.km, back)
				}
			}
		})
	}
}

func TestDelayDuration(t *testing.T) {
	for _, c := range []struct {
		ms   float64
		want time.Duration
	}{
		{0, 0},
		{1, time.Millisecond},
		{1.5, 1500 * time.Microsecond},
		{0.0000004, 0},               // 0.4 ns rounds down
		{0.0000005, time.Nanosecond}, // half away from zero
		{-2.25, -2250 * time.Microsecond},
		{math.Inf(1), math.MaxInt64},
		{math.Inf(-1), math.MinInt64},
		{1e300, math.MaxInt64},
		{math.NaN(), 0},
	} {
		if got := Ms(c.ms).Duration(); got != c.want {
			t.Errorf("Ms(%v).Duration() = %v, want %v", c.ms, got, c.want)
		}
	}
}
