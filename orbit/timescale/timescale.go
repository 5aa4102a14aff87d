// Package timescale converts between UTC instants and Julian dates and gives
// the Greenwich mean sidereal time that SGP4 uses.
//
// A Julian date is kept in two parts (JD.Day, JD.Frac) so that a date near
// 2.46e6 days still resolves microseconds: a single float64 has a resolution of
// about 40 µs there. UT1 is taken equal to UTC (|UT1−UTC| < 0.9 s), which is
// what TLE-based propagation assumes; leap seconds are not modelled (a UTC day
// has 86,400 s), as in Vallado's reference code.
package timescale

import (
	"fmt"
	"math"
	"time"
)

// SecondsPerDay is the length of a UTC day without leap seconds.
const SecondsPerDay = 86400.0

// JD is a Julian date in two parts. Day is the Julian date of the preceding
// midnight (it ends in .5); Frac is the elapsed fraction of that day, in [0, 1).
// The date it stands for is Day + Frac.
type JD struct {
	Day  float64
	Frac float64
}

// J2000 is the Julian date of 2000-01-01T12:00:00 (TT, used here as UTC).
var J2000 = JD{Day: 2451544.5, Frac: 0.5}

// Float returns Day + Frac as one number (loses sub-millisecond resolution).
func (j JD) Float() float64 { return j.Day + j.Frac }

// DaysSince returns j − k in days, computed part by part to keep precision.
func (j JD) DaysSince(k JD) float64 { return (j.Day - k.Day) + (j.Frac - k.Frac) }

// MinutesSince returns j − k in minutes.
func (j JD) MinutesSince(k JD) float64 { return j.DaysSince(k) * 1440 }

// AddDays returns j + d days, renormalised so that Frac stays in [0, 1).
func (j JD) AddDays(d float64) JD {
	whole := math.Floor(d)
	return JD{Day: j.Day + whole, Frac: j.Frac + (d - whole)}.normalise()
}

func (j JD) normalise() JD {
	if j.Frac >= 1 || j.Frac < 0 {
		f := math.Floor(j.Frac)
		j.Day += f
		j.Frac -= f
	}
	return j
}

// FromCalendar returns the Julian date of a proleptic Gregorian UTC calendar
// date, valid for years 1900 to 2100 (the algorithm of Vallado, "Fundamentals
// of Astrodynamics and Applications", 4th ed., Alg. 14, which the SGP4
// reference code uses as jday).
func FromCalendar(year, month, day, hour, minute int, second float64) JD {
	d := 367*float64(year) -
		math.Floor(7*(float64(year)+math.Floor(float64(month+9)/12))*0.25) +
		math.Floor(275*float64(month)/9) +
		float64(day) + 1721013.5
	f := (second + float64(minute)*60 + float64(hour)*3600) / SecondsPerDay
	return JD{Day: d, Frac: f}.normalise()
}

// FromTime returns the Julian date of t (its UTC reading), to the nanosecond
// as far as float64 allows (about 10 ns in Frac).
func FromTime(t time.Time) JD {
	t = t.UTC()
	y, mo, d := t.Date()
	day := FromCalendar(y, int(mo), d, 0, 0, 0)
	secs := float64(t.Hour()*3600+t.Minute()*60+t.Second()) + float64(t.Nanosecond())*1e-9
	day.Frac = secs / SecondsPerDay
	return day
}

// unixEpoch is the Julian date of 1970-01-01T00:00:00Z.
var unixEpoch = JD{Day: 2440587.5}

// Time returns the UTC instant of j, rounded to the microsecond.
func (j JD) Time() time.Time {
	days := j.Day - unixEpoch.Day // exact: both end in .5
	us := math.Round(j.Frac * SecondsPerDay * 1e6)
	return time.Unix(int64(days)*86400, 0).Add(time.Duration(us) * time.Microsecond).UTC()
}

// TLEYear expands a two-digit TLE epoch year: 57–99 → 1957–1999, 00–56 → 2000–2056.
func TLEYear(yy int) int {
	if yy < 57 {
		return 2000 + yy
	}
	return 1900 + yy
}

// FromYearDay returns the Julian date of a four-digit year and a day of year
// with fraction, where 1.0 is 1 January 00:00 UTC (the TLE epoch convention).
func FromYearDay(year int, dayOfYear float64) (JD, error) {
	if dayOfYear < 1 || dayOfYear >= 367 || math.IsNaN(dayOfYear) {
		return JD{}, fmt.Errorf("day of year %v outside [1, 367)", dayOfYear)
	}
	jan1 := FromCalendar(year, 1, 1, 0, 0, 0)
	whole := math.Floor(dayOfYear)
	return JD{Day: jan1.Day + whole - 1, Frac: dayOfYear - whole}, nil
}

// GMST returns the Greenwich mean sidereal time, in radians in [0, 2π), at the
// UT1 Julian date j, by the IAU-82 expression exactly as SGP4 uses it (Vallado
// et al. 2006, gstime).
func GMST(j JD) float64 {
	tut1 := (j.Day - 2451545.0 + j.Frac) / 36525.0
	temp := -6.2e-6*tut1*tut1*tut1 + 0.093104*tut1*tut1 +
		(876600.0*3600+8640184.812866)*tut1 + 67310.54841 // seconds
	temp = math.Mod(temp*(math.Pi/180)/240.0, 2*math.Pi)
	if temp < 0 {
		temp += 2 * math.Pi
	}
	return temp
}
