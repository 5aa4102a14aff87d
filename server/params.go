package server

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// paramError is a bad request parameter; handlers answer it with 400.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

func badParam(format string, args ...any) error {
	return &paramError{msg: fmt.Sprintf(format, args...)}
}

// seconds parses query parameter key as a number of seconds (a plain
// decimal, see decimal) and rounds it to the nanosecond. A missing
// or empty parameter gives def when required is false. NaN, infinities and
// values beyond ±100 years are refused.
func seconds(q url.Values, key string, required bool, def time.Duration) (time.Duration, error) {
	raw := strings.TrimSpace(q.Get(key))
	if raw == "" {
		if required {
			return 0, badParam("missing parameter %s (seconds from the scenario's start)", key)
		}
		return def, nil
	}
	v, ok := decimal(raw)
	if !ok {
		return 0, badParam("%s=%q: not a decimal number of seconds", key, raw)
	}
	const limit = 100 * 365.25 * 86400
	if math.Abs(v) > limit {
		return 0, badParam("%s=%s: out of range", key, raw)
	}
	return time.Duration(math.Round(v * 1e9)), nil
}

// decimal parses a plain decimal number: an optional minus sign, digits
// with at most one decimal point (at least one digit in all), and an
// optional exponent (e or E, optional sign, digits). Unlike
// strconv.ParseFloat it refuses underscores ("1_0"), hexadecimal, "Inf",
// "NaN" and a leading "+", so that a typo is an error rather than another
// number. The result is finite.
func decimal(raw string) (float64, bool) {
	i, n := 0, len(raw)
	if i < n && raw[i] == '-' {
		i++
	}
	digits := 0
	for ; i < n && raw[i] >= '0' && raw[i] <= '9'; i++ {
		digits++
	}
	if i < n && raw[i] == '.' {
		for i++; i < n && raw[i] >= '0' && raw[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < n && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < n && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		exp := 0
		for ; i < n && raw[i] >= '0' && raw[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != n {
		return 0, false
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// within checks that offset d (parameter key) lies in [0, duration].
func within(key string, d, duration time.Duration) error {
	if d < 0 || d > duration {
		return badParam("%s=%s: outside the scenario's time range [0, %s] s", key, fmtSeconds(d), fmtSeconds(duration))
	}
	return nil
}

// fmtSeconds writes a duration as seconds in shortest form ("12.5").
func fmtSeconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

// place reads a required place parameter.
func place(q url.Values, key string) (string, error) {
	v := strings.TrimSpace(q.Get(key))
	if v == "" {
		return "", badParam("missing parameter %s (a ground node or city name, or lat,lon in degrees)", key)
	}
	if len(v) > 200 {
		return "", badParam("%s: longer than 200 bytes", key)
	}
	return v, nil
}

// places reads the from and to parameters of a route or series request.
func places(q url.Values) (from, to string, err error) {
	if from, err = place(q, "from"); err != nil {
		return "", "", err
	}
	to, err = place(q, "to")
	return from, to, err
}
