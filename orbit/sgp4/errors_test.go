package sgp4

import (
	"errors"
	"math"
	"strings"
	"testing"

	"orbitnet/orbit/tle"
	"orbitnet/orbit/units"
)

// Element sets from SGP4-VER.TLE (33333 and 33334 have bad checksums there
// on purpose).
const (
	tle00005a = "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753"
	tle00005b = "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667"
	tle22312a = "1 22312U 93002D   06094.46235912  .99999999  81888-5  49949-3 0  3953"
	tle22312b = "2 22312  62.1486  77.4698 0308723 267.9229  88.7392 15.95744531 98783"
	tle28872a = "1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534"
	tle28872b = "2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708"
	tle33333a = "1 33333U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534"
	tle33333b = "2 33333  96.4736 157.9986 9950000 244.0492 110.6523  4.00004038 10708"
	tle33334a = "1 33334U 78066F   06174.85818871  .00000620  00000-0  10000-3 0  6809"
	tle33334b = "2 33334  68.4714 236.1303 5602877 123.7484 302.5767  0.00001000 67521"
)

func parseTLE(t testing.TB, line1, line2 string) tle.Elements {
	t.Helper()
	e, err := tle.ParseLinesOpt("", line1, line2, tle.Options{AcceptBadChecksum: true})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestErrors(t *testing.T) {
	sat5 := func(edit func(*tle.Elements)) func(testing.TB) tle.Elements {
		return func(t testing.TB) tle.Elements {
			e := parseTLE(t, tle00005a, tle00005b)
			edit(&e)
			return e
		}
	}
	lines := func(l1, l2 string) func(testing.TB) tle.Elements {
		return func(t testing.TB) tle.Elements { return parseTLE(t, l1, l2) }
	}
	const atNew = math.MaxFloat64 // the error comes from New
	tests := []struct {
		name     string
		elements func(testing.TB) tle.Elements
		okUntil  float64 // a time that still propagates (NaN: none)
		tsince   float64 // first time that fails, or atNew
		code     int
		sentinel error
	}{
		{"eccentricity 1", sat5(func(e *tle.Elements) { e.Eccentricity = 1 }), math.NaN(), atNew, CodeMeanElements, ErrMeanElements},
		{"eccentricity 1.5", sat5(func(e *tle.Elements) { e.Eccentricity = 1.5 }), math.NaN(), atNew, CodeMeanElements, ErrMeanElements},
		{"negative eccentricity", sat5(func(e *tle.Elements) { e.Eccentricity = -0.01 }), math.NaN(), atNew, CodeMeanElements, ErrMeanElements},
		{"zero mean motion", sat5(func(e *tle.Elements) { e.MeanMotion = 0 }), math.NaN(), atNew, CodeMeanMotion, ErrMeanMotion},
		{"negative mean motion", sat5(func(e *tle.Elements) { e.MeanMotion = -15 }), math.NaN(), atNew, CodeMeanMotion, ErrMeanMotion},
		{"33334: n = 1e-5 rev/day", lines(tle33334a, tle33334b), math.NaN(), atNew, CodePerturbedElements, ErrPerturbedElements},
		{"22312: drag drives e below -0.001", lines(tle22312a, tle22312b), 474.2028672, 494.2028672, CodeMeanElements, ErrMeanElements},
		{"33333: e = 0.995", lines(tle33333a, tle33333b), 20, 25, CodeSemiLatusRectum, ErrSemiLatusRectum},
		{"28872: decays", lines(tle28872a, tle28872b), 50, 55, CodeDecayed, ErrDecayed},
		{"28872: decayed later too", lines(tle28872a, tle28872b), 50, 60, CodeDecayed, ErrDecayed},
	}
	for _, tc := range tests {
		e := tc.elements(t)
		sat, err := New(e)
		if tc.tsince != atNew {
			if err != nil {
				t.Errorf("%s: New: %v", tc.name, err)
				continue
			}
			if _, _, err := sat.Propagate(tc.okUntil); err != nil {
				t.Errorf("%s: Propagate(%v): %v", tc.name, tc.okUntil, err)
			}
			var r, v [3]float64
			r, v, err = sat.Propagate(tc.tsince)
			if r != [3]float64{} || v != [3]float64{} {
				t.Errorf("%s: failed Propagate returned r = %v, v = %v, want zero", tc.name, r, v)
			}
		} else if sat != nil {
			t.Errorf("%s: New returned a satellite with error %v", tc.name, err)
		}
		var se *Error
		if !errors.As(err, &se) {
			t.Errorf("%s: got error %v (%T), want *Error", tc.name, err, err)
			continue
		}
		wantT := tc.tsince
		if wantT == atNew {
			wantT = 0
		}
		if se.Code != tc.code || se.Tsince != wantT || se.CatalogNumber != e.CatalogNumber {
			t.Errorf("%s: got %+v, want code %d at %v for %d", tc.name, *se, tc.code, wantT, e.CatalogNumber)
		}
		if !errors.Is(err, tc.sentinel) {
			t.Errorf("%s: errors.Is(%v, %v) is false", tc.name, err, tc.sentinel)
		}
		for _, other := range []error{ErrMeanElements, ErrMeanMotion, ErrPerturbedElements, ErrSemiLatusRectum, ErrDecayed} {
			if other != tc.sentinel && errors.Is(err, other) {
				t.Errorf("%s: %v also matches %v", tc.name, err, other)
			}
		}
	}
}

func TestErrorText(t *testing.T) {
	err := error(&Error{Code: CodeDecayed, CatalogNumber: 28872, Tsince: 55})
	if got, want := err.Error(), "sgp4: satellite 28872 at 55 min: satellite decayed (code 6)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	err = &Error{Code: CodeSubOrbital, CatalogNumber: 1}
	if got := err.Error(); !strings.Contains(got, "(code 5)") || errors.Unwrap(err) != nil {
		t.Errorf("code 5: %q, unwraps to %v", got, errors.Unwrap(err))
	}
}

func TestNewRejectsNonFinite(t *testing.T) {
	for _, edit := range []func(*tle.Elements){
		func(e *tle.Elements) { e.BStar = math.NaN() },
		func(e *tle.Elements) { e.Inclination = units.Deg(math.Inf(1)) },
		func(e *tle.Elements) { e.EpochJD.Frac = math.NaN() },
	} {
		e := parseTLE(t, tle00005a, tle00005b)
		edit(&e)
		sat, err := New(e)
		var se *Error
		if err == nil || sat != nil || errors.As(err, &se) {
			t.Errorf("New(%+v) = %v, %v; want a plain error", e, sat, err)
		}
	}
}

func TestPropagateTimeRange(t *testing.T) {
	sat, err := New(parseTLE(t, tle00005a, tle00005b))
	if err != nil {
		t.Fatal(err)
	}
	for _, ts := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 2 * MaxTsince, -2 * MaxTsince} {
		if _, _, err := sat.Propagate(ts); err != ErrTimeRange {
			t.Errorf("Propagate(%v): %v, want ErrTimeRange", ts, err)
		}
	}
}

func TestZeroSatellite(t *testing.T) {
	var sat Satellite
	_, _, err := sat.Propagate(0)
	if !errors.Is(err, ErrMeanMotion) {
		t.Errorf("zero Satellite: %v, want ErrMeanMotion", err)
	}
}
