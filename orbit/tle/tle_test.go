package tle

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// Test tolerances, named by what they mean where they are used.
const (
	// relExact: a relative error of 1e-12, decimal fields parsed to
	// float64 and rescaled (a few roundings).
	relExact = 1e-12
	// parseExact: the absolute error of an exponent field such as
	// " 12345-3" (values ≤ 1e-5 here) parsed and scaled.
	parseExact = 1e-18
	// epochDays: 1e-11 day (1 µs), the epoch's day of year from an
	// 8-decimal fraction of a day (the TLE's own resolution is 1e-8 day).
	epochDays = 1e-11
)

const (
	issName = "ISS (ZARYA)"
	vanL1   = "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753"
	vanL2   = "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667"
	slName  = "STARLINK-1008           "
	slL1    = "1 44714U 19074B   26053.95338319  .00001514  00000+0  61711-4 0  9998"
	slL2    = "2 44714  53.1565 247.2957 0001251  94.4223 265.6921 15.31035506346616"
)

func TestParseLinesFields(t *testing.T) {
	e, err := ParseLines(slName, slL1, slL2)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"catalog", float64(e.CatalogNumber), 44714},
		{"epoch year", float64(e.EpochYear), 2026},
		{"epoch day", e.EpochDay, 53.95338319},
		{"ndot", e.MeanMotionDot, 0.00001514},
		{"nddot", e.MeanMotionDDot, 0},
		{"bstar", e.BStar, 0.61711e-4},
		{"incl", e.Inclination.Deg(), 53.1565},
		{"raan", e.RAAN.Deg(), 247.2957},
		{"ecc", e.Eccentricity, 0.0001251},
		{"argp", e.ArgPerigee.Deg(), 94.4223},
		{"ma", e.MeanAnomaly.Deg(), 265.6921},
		{"n", e.MeanMotion, 15.31035506},
		{"rev", float64(e.RevNumber), 34661},
		{"elset", float64(e.ElementSetNo), 999},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > relExact*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if e.Name != "STARLINK-1008" || e.IntlDesignator != "19074B" || e.Classification != 'U' {
		t.Errorf("name/intl/class = %q %q %c", e.Name, e.IntlDesignator, e.Classification)
	}
	// Day 53.95338319 of 2026 = 22 Feb 2026 0.95338319 d after midnight.
	want := time.Date(2026, 2, 22, 0, 0, 0, 0, time.UTC).Add(time.Duration(0.95338319 * 86400 * float64(time.Second)))
	if d := e.Epoch.Sub(want); d > time.Microsecond || d < -time.Microsecond {
		t.Errorf("epoch %v, want %v", e.Epoch, want)
	}
}

func TestParseExp(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{" 12345-3", 0.12345e-3, true},
		{"-30915-6", -0.30915e-6, true},
		{" 00000+0", 0, true},
		{" 00000-0", 0, true},
		{"  13519-0", 0.13519, true},
		{"        ", 0, true},
		{" 12345 3", 0, false},
		{" 1a345-3", 0, false},
		{"-3", 0, false},
	}
	for _, c := range cases {
		got, err := parseExp(c.in)
		if (err == nil) != c.ok || (c.ok && math.Abs(got-c.want) > parseExact) {
			t.Errorf("parseExp(%q) = %v, %v; want %v ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestAlpha5(t *testing.T) {
	cases := map[string]int{"00005": 5, "99999": 99999, "A0000": 100000, "H9999": 179999, "J0000": 180000, "P0001": 230001, "Z9999": 339999}
	for in, want := range cases {
		got, err := parseCatalog(in)
		if err != nil || got != want {
			t.Errorf("parseCatalog(%q) = %d, %v; want %d", in, got, err, want)
		}
		if f := formatCatalog(want); f != in {
			t.Errorf("formatCatalog(%d) = %q, want %q", want, f, in)
		}
	}
	for _, bad := range []string{"I0000", "O1234", "A12", "-0001", "1 2 3"} {
		if _, err := parseCatalog(bad); err == nil {
			t.Errorf("parseCatalog(%q) accepted", bad)
		}
	}
}

func TestChecksum(t *testing.T) {
	for _, l := range []string{vanL1, vanL2, slL1, slL2} {
		if got := Checksum(l); got != int(l[68]-'0') {
			t.Errorf("Checksum(%q) = %d", l, got)
		}
	}
	bad := slL1[:68] + "0"
	_, err := ParseLines("", bad, slL2)
	if !errors.Is(err, ErrChecksum) {
		t.Fatalf("bad checksum: err = %v", err)
	}
	if !strings.Contains(err.Error(), "field checksum") || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("error text %q lacks line or field", err)
	}
	if _, err := ParseLinesOpt("", bad, slL2, Options{AcceptBadChecksum: true}); err != nil {
		t.Errorf("AcceptBadChecksum: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, l1, l2, want string
	}{
		{"short line 1", slL1[:40], slL2, "truncated line 1"},
		{"short line 2", slL1, slL2[:50], "truncated line 2"},
		{"swapped", slL2, slL1, "expected a TLE line 1"},
		{"catalog mismatch", slL1, "2 44715" + slL2[7:], "does not match"},
		{"bad ecc", slL1, slL2[:26] + "00-1251" + slL2[33:], "field eccentricity"},
		{"bad incl", slL1, slL2[:8] + " 53.1x65" + slL2[16:], "field inclination"},
		{"bad epoch", slL1[:18] + "26999.95338319" + slL1[32:], slL2, "field epoch day"},
		{"bad bstar", slL1[:53] + " 6171x-4" + slL1[61:], slL2, "field bstar"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseLinesOpt("", c.l1, c.l2, Options{Filename: "x.tle", AcceptBadChecksum: true})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "x.tle:") {
				t.Errorf("err = %v, want mention of %q", err, c.want)
			}
		})
	}
}

func TestReadForms(t *testing.T) {
	two := vanL1 + "\n" + vanL2 + "\n" + slL1 + "\n" + slL2 + "\n"
	three := issName + "\r\n" + vanL1 + "\r\n" + vanL2 + "\r\n" + "0 " + slName + "\r\n" + slL1 + "\r\n" + slL2
	hypatia := "2 1\n" + issName + "\n" + vanL1 + "\n" + vanL2 + "\n" + slName + "\n" + slL1 + "\n" + slL2 + "\n"
	for name, in := range map[string]string{"2le": two, "3le-crlf": three, "hypatia-tles.txt": hypatia} {
		els, err := Read(strings.NewReader(in), Options{Filename: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(els) != 2 || els[0].CatalogNumber != 5 || els[1].CatalogNumber != 44714 {
			t.Fatalf("%s: got %+v", name, els)
		}
		if name == "3le-crlf" && (els[0].Name != issName || els[1].Name != "STARLINK-1008") {
			t.Errorf("names %q %q", els[0].Name, els[1].Name)
		}
	}
	bad := []struct{ in, want string }{
		{slName + "\n" + slL1 + "\n", "f.tle:2: truncated element set"},
		{slL2 + "\n", "f.tle:1: line 2 without"},
		{slName + "\nHELLO\n" + slL1 + "\n" + slL2, "f.tle:2: expected line 1 after the name line 1"},
		{slL1 + "\n" + slL1 + "\n", "f.tle:2: line 1 follows"},
		{slL1 + "\n" + slL2[:68] + "1\n", "f.tle:2: field checksum"},
		{"1 3\n" + slL1 + "\n" + slL2 + "\n", "f.tle:1: header 1 3 (Hypatia's orbits and satellites per orbit) announces 3 element sets, the file has 1"},
		{slL1 + "\n" + slL2 + "\n1 1\n", "f.tle:3: "}, // a header only counts as the first line
	}
	for _, b := range bad {
		_, err := Read(strings.NewReader(b.in), Options{Filename: "f.tle"})
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Read(%q) err = %v, want %q", b.in, err, b.want)
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	vanZeroPlus := strings.Replace(vanL1, "00000-0", "00000+0", 1)
	vanZeroPlus = vanZeroPlus[:68] + "2" // checksum changes with the sign
	for _, pair := range [][2]string{{vanZeroPlus, vanL2}, {slL1, slL2}} {
		e, err := ParseLines("", pair[0], pair[1])
		if err != nil {
			t.Fatal(err)
		}
		l1, l2 := Format(e)
		if l1 != pair[0] || l2 != pair[1] {
			t.Errorf("Format:\n got %q\n     %q\nwant %q\n     %q", l1, l2, pair[0], pair[1])
		}
	}
}

func TestReadOMM(t *testing.T) {
	in := `[
  {"OBJECT_NAME": "STARLINK-1007", "OBJECT_ID": "2019-074A", "EPOCH": "2024-05-20T13:33:20.193984",
   "MEAN_MOTION": 15.06388316, "ECCENTRICITY": 0.0001793, "INCLINATION": 53.0548,
   "RA_OF_ASC_NODE": 261.0513, "ARG_OF_PERICENTER": 106.2162, "MEAN_ANOMALY": 253.9024,
   "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 44713, "ELEMENT_SET_NO": 999,
   "REV_AT_EPOCH": 24955, "BSTAR": 0.00031796, "MEAN_MOTION_DOT": 4.456e-5, "MEAN_MOTION_DDOT": 0}
]`
	els, err := ReadOMM(strings.NewReader(in), Options{Filename: "o.json"})
	if err != nil {
		t.Fatal(err)
	}
	e := els[0]
	if e.CatalogNumber != 44713 || e.IntlDesignator != "19074A" || e.EpochYear != 2024 || e.BStar != 0.00031796 {
		t.Errorf("got %+v", e)
	}
	// 2024-05-20 is day 141 of a leap year.
	wantDay := 141 + (13*3600+33*60+20.193984)/86400
	if math.Abs(e.EpochDay-wantDay) > epochDays {
		t.Errorf("epoch day %.12f, want %.12f", e.EpochDay, wantDay)
	}
	bad := []struct{ in, want string }{
		{`[{"EPOCH": "2024-05-20T13:33:20", "NORAD_CAT_ID": 1}]`, "o.json:1: field MEAN_MOTION: missing"},
		{"[\n{\"MEAN_MOTION\": 15, \"ECCENTRICITY\": 1.5, \"INCLINATION\": 1, \"RA_OF_ASC_NODE\": 1, \"ARG_OF_PERICENTER\": 1, \"MEAN_ANOMALY\": 1}]", "o.json:2: field ECCENTRICITY"},
		{`[{"MEAN_MOTION": "x"}]`, "o.json:1: OMM object"},
		{"[\n{\n", "o.json:2: invalid JSON"},
		{``, "empty OMM"},
		{`42`, "expected a JSON array"},
	}
	for _, b := range bad {
		_, err := ReadOMM(strings.NewReader(b.in), Options{Filename: "o.json"})
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ReadOMM(%q) err = %v, want %q", b.in, err, b.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(issName + "\n" + vanL1 + "\n" + vanL2 + "\n")
	f.Add(slL1 + "\r\n" + slL2 + "\r\n")
	f.Add("1 1\n" + slL1 + "\n" + slL2 + "\n")
	f.Add("1 A0000U 19074B   26053.95338319 -.00001514 -12345-3  61711-4 0  9998\n" + slL2)
	f.Fuzz(func(t *testing.T, in string) {
		for _, acc := range []bool{false, true} {
			els, err := Read(strings.NewReader(in), Options{AcceptBadChecksum: acc})
			if err != nil && els != nil {
				t.Fatalf("both elements and error")
			}
			for _, e := range els {
				if e.MeanMotion <= 0 || e.Eccentricity < 0 || e.Eccentricity >= 1 {
					t.Fatalf("accepted impossible elements %+v", e)
				}
			}
		}
	})
}

func FuzzReadOMM(f *testing.F) {
	f.Add(`[{"EPOCH": "2024-05-20T13:33:20", "NORAD_CAT_ID": 1, "MEAN_MOTION": 15, "ECCENTRICITY": 0.001, "INCLINATION": 1, "RA_OF_ASC_NODE": 1, "ARG_OF_PERICENTER": 1, "MEAN_ANOMALY": 1}]`)
	f.Add(`{"EPOCH": "x"}`)
	f.Fuzz(func(t *testing.T, in string) {
		els, err := ReadOMM(strings.NewReader(in), Options{})
		if err != nil && els != nil {
			t.Fatalf("both elements and error")
		}
	})
}
