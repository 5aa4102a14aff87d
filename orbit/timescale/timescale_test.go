package timescale

import (
	"math"
	"testing"
	"time"
)

// Test tolerances, named by what they mean where they are used.
const (
	// jdDays: 1e-9 day (86 µs) on a Julian date near 2.45e6 printed by a
	// reference to 9 decimals (one float64 carries about 5e-10 day there).
	jdDays = 1e-9
	// bookDeg: 1e-7° of GMST, the precision to which the references
	// (Vallado's example 3-5, the J2000.0 value) print it; the book's
	// rounded Julian date alone is worth 8e-8°.
	bookDeg = 1e-7
)

func TestJulianDates(t *testing.T) {
	cases := []struct {
		t    time.Time
		want float64
	}{
		{time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC), 2451545.0},
		{time.Date(1957, 10, 4, 19, 26, 24, 0, time.UTC), 2436116.31}, // Sputnik 1 (Meeus, Astronomical Algorithms, ex. 7.a)
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 2440587.5},      // Unix epoch
		{time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC), 2461094.5},
	}
	for _, c := range cases {
		if got := FromTime(c.t).Float(); math.Abs(got-c.want) > jdDays {
			t.Errorf("FromTime(%v) = %.9f, want %.9f", c.t, got, c.want)
		}
	}
}

func TestRoundTripMicroseconds(t *testing.T) {
	base := time.Date(2026, 2, 23, 17, 4, 5, 0, time.UTC)
	for _, d := range []time.Duration{0, time.Millisecond, 123456 * time.Microsecond, 86399999 * time.Millisecond} {
		in := base.Add(d)
		if out := FromTime(in).Time(); !out.Equal(in) {
			t.Errorf("round trip %v → %v", in, out)
		}
	}
	j := FromTime(base)
	if d := j.AddDays(1.5).DaysSince(j); d != 1.5 {
		t.Errorf("AddDays/DaysSince: %v", d)
	}
}

func TestTLEYear(t *testing.T) {
	for yy, want := range map[int]int{57: 1957, 99: 1999, 0: 2000, 26: 2026, 56: 2056} {
		if got := TLEYear(yy); got != want {
			t.Errorf("TLEYear(%d) = %d, want %d", yy, got, want)
		}
	}
}

func TestFromYearDay(t *testing.T) {
	// TLE epoch 00179.78495062 (the first verification satellite): 2000-06-27 18:50:19.733568 UTC
	j, err := FromYearDay(2000, 179.78495062)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2000, 6, 27, 18, 50, 19, 733568000, time.UTC)
	if d := j.Time().Sub(want); d > time.Microsecond || d < -time.Microsecond {
		t.Errorf("got %v, want %v", j.Time(), want)
	}
	for _, bad := range []float64{0, 0.99, 367, math.NaN()} {
		if _, err := FromYearDay(2000, bad); err == nil {
			t.Errorf("day %v accepted", bad)
		}
	}
}

// TestGMST checks the IAU-82 GMST against Vallado, "Fundamentals of
// Astrodynamics and Applications", 4th ed., Example 3-5: 1992 August 20,
// 12:14 UT1 gives θ_GMST = 152.578787810°.
func TestGMST(t *testing.T) {
	j := FromCalendar(1992, 8, 20, 12, 14, 0)
	got := GMST(j) * 180 / math.Pi
	// The book evaluates at the rounded JD 2448855.009722 (1.9e-5 s early),
	// worth 8e-8°, hence the tolerance.
	if math.Abs(got-152.578787810) > bookDeg {
		t.Errorf("GMST = %.9f°, want 152.578787810°", got)
	}
	// At J2000.0 the expression gives 280.46061837°.
	if g := GMST(J2000) * 180 / math.Pi; math.Abs(g-280.46061837) > bookDeg {
		t.Errorf("GMST(J2000) = %.9f°", g)
	}
}
