package tle

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"orbitnet/internal/limits"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
)

// ParseError reports a problem with one field of one line of an element file.
type ParseError struct {
	File  string // file name as given by the caller; may be empty
	Line  int    // 1-based line number in the file; 0 when unknown
	Field string // name of the offending field, e.g. "eccentricity"
	Err   error
}

func (e *ParseError) Error() string {
	loc := e.File
	if loc == "" {
		loc = "tle"
	}
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: field %s: %v", loc, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", loc, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrChecksum is wrapped by errors for a line whose modulo-10 checksum does
// not match its last column.
var ErrChecksum = errors.New("checksum mismatch")

// Options controls how element files are read.
type Options struct {
	// Filename is used in error messages only.
	Filename string
	// AcceptBadChecksum accepts lines whose checksum digit is wrong or missing.
	AcceptBadChecksum bool
}

// Checksum returns the NORAD modulo-10 checksum of the first 68 columns of a
// TLE line: the sum of its digits plus one for each minus sign.
func Checksum(line string) int {
	sum := 0
	for i := 0; i < len(line) && i < 68; i++ {
		c := line[i]
		switch {
		case c >= '0' && c <= '9':
			sum += int(c - '0')
		case c == '-':
			sum++
		}
	}
	return sum % 10
}

// ParseLines parses one element set from its (optional) name line and its two
// data lines. Columns beyond 69 are ignored. Checksums are verified; use
// ParseLinesOpt to accept bad ones.
func ParseLines(name, line1, line2 string) (Elements, error) {
	return ParseLinesOpt(name, line1, line2, Options{})
}

// ParseLinesOpt is ParseLines with options; errors refer to lines 1 and 2
// (or 2 and 3 when name is non-empty) of opts.Filename.
func ParseLinesOpt(name, line1, line2 string, opts Options) (Elements, error) {
	first := 1
	if name != "" {
		first = 2
	}
	return parse(name, line1, line2, first, opts)
}

// columns describes a field by its 1-based inclusive column range.
type field struct {
	name     string
	from, to int
}

func (f field) get(line string) string {
	if len(line) < f.to {
		if len(line) < f.from {
			return ""
		}
		return line[f.from-1:]
	}
	return line[f.from-1 : f.to]
}

var (
	fSatnum1  = field{"catalog number", 3, 7}
	fClass    = field{"classification", 8, 8}
	fIntl     = field{"international designator", 10, 17}
	fEpochYr  = field{"epoch year", 19, 20}
	fEpochDay = field{"epoch day", 21, 32}
	fNdot     = field{"mean motion dot", 34, 43}
	fNddot    = field{"mean motion ddot", 45, 52}
	fBstar    = field{"bstar", 54, 61}
	fEphem    = field{"ephemeris type", 63, 63}
	fElset    = field{"element set number", 65, 68}
	fSatnum2  = field{"catalog number", 3, 7}
	fIncl     = field{"inclination", 9, 16}
	fRaan     = field{"right ascension of node", 18, 25}
	fEcc      = field{"eccentricity", 27, 33}
	fArgp     = field{"argument of perigee", 35, 42}
	fMA       = field{"mean anomaly", 44, 51}
	fMM       = field{"mean motion", 53, 63}
	fRev      = field{"revolution number", 64, 68}
)

func parse(name, l1, l2 string, lineNo int, opts Options) (Elements, error) {
	var e Elements
	fail := func(line int, f, format string, args ...any) (Elements, error) {
		return Elements{}, &ParseError{File: opts.Filename, Line: line, Field: f, Err: fmt.Errorf(format, args...)}
	}
	l1 = strings.TrimRight(l1, "\r\n")
	l2 = strings.TrimRight(l2, "\r\n")
	ln1, ln2 := lineNo, lineNo+1
	if len(l1) < 2 || l1[0] != '1' || l1[1] != ' ' {
		return fail(ln1, "line number", "expected a TLE line 1 starting with \"1 \", got %q", clip(l1))
	}
	if len(l2) < 2 || l2[0] != '2' || l2[1] != ' ' {
		return fail(ln2, "line number", "expected a TLE line 2 starting with \"2 \", got %q", clip(l2))
	}
	if len(strings.TrimRight(l1, " ")) < 68 {
		return fail(ln1, "", "truncated line 1: %d columns, expected 69", len(l1))
	}
	if len(strings.TrimRight(l2, " ")) < 68 {
		return fail(ln2, "", "truncated line 2: %d columns, expected 69", len(l2))
	}
	if !opts.AcceptBadChecksum {
		for i, l := range []string{l1, l2} {
			want := Checksum(l)
			if len(l) < 69 || l[68] < '0' || l[68] > '9' || int(l[68]-'0') != want {
				got := "missing"
				if len(l) >= 69 {
					got = string(l[68])
				}
				return fail(lineNo+i, "checksum", "%w: column 69 is %s, computed %d", ErrChecksum, got, want)
			}
		}
	}

	var err error
	e.Name = strings.TrimSpace(name)
	if strings.HasPrefix(e.Name, "0 ") { // space-track 3LE style "0 NAME"
		e.Name = strings.TrimSpace(e.Name[2:])
	}
	if e.CatalogNumber, err = parseCatalog(fSatnum1.get(l1)); err != nil {
		return fail(ln1, fSatnum1.name, "%v", err)
	}
	n2, err := parseCatalog(fSatnum2.get(l2))
	if err != nil {
		return fail(ln2, fSatnum2.name, "%v", err)
	}
	if n2 != e.CatalogNumber {
		return fail(ln2, fSatnum2.name, "%d does not match line 1's %d", n2, e.CatalogNumber)
	}
	e.Classification = fClass.get(l1)[0]
	e.IntlDesignator = strings.TrimSpace(fIntl.get(l1))

	yy, err := strconv.Atoi(strings.TrimSpace(fEpochYr.get(l1)))
	if err != nil || yy < 0 || yy > 99 {
		return fail(ln1, fEpochYr.name, "%q is not a two-digit year", fEpochYr.get(l1))
	}
	e.EpochYear = timescale.TLEYear(yy)
	if e.EpochDay, err = parseFloat(fEpochDay.get(l1)); err != nil {
		return fail(ln1, fEpochDay.name, "%v", err)
	}
	if e.EpochJD, err = timescale.FromYearDay(e.EpochYear, e.EpochDay); err != nil {
		return fail(ln1, fEpochDay.name, "%v", err)
	}
	e.Epoch = e.EpochJD.Time()

	if e.MeanMotionDot, err = parseFloat(fNdot.get(l1)); err != nil {
		return fail(ln1, fNdot.name, "%v", err)
	}
	if e.MeanMotionDDot, err = parseExp(fNddot.get(l1)); err != nil {
		return fail(ln1, fNddot.name, "%v", err)
	}
	if e.BStar, err = parseExp(fBstar.get(l1)); err != nil {
		return fail(ln1, fBstar.name, "%v", err)
	}
	if e.EphemerisType, err = parseIntBlank(fEphem.get(l1)); err != nil {
		return fail(ln1, fEphem.name, "%v", err)
	}
	if e.ElementSetNo, err = parseIntBlank(fElset.get(l1)); err != nil {
		return fail(ln1, fElset.name, "%v", err)
	}

	angles := []struct {
		f   field
		dst *units.Angle
		max float64
	}{
		{fIncl, &e.Inclination, 180},
		{fRaan, &e.RAAN, 360},
		{fArgp, &e.ArgPerigee, 360},
		{fMA, &e.MeanAnomaly, 360},
	}
	for _, a := range angles {
		v, err := parseFloat(a.f.get(l2))
		if err != nil {
			return fail(ln2, a.f.name, "%v", err)
		}
		if v < 0 || v > a.max {
			return fail(ln2, a.f.name, "%v outside [0, %v] degrees", v, a.max)
		}
		*a.dst = units.Deg(v)
	}
	ecc := strings.TrimSpace(fEcc.get(l2))
	if ecc == "" || strings.ContainsAny(ecc, "+-.eE ") {
		return fail(ln2, fEcc.name, "%q is not 7 digits with an implied leading decimal point", fEcc.get(l2))
	}
	if e.Eccentricity, err = parseFloat("0." + ecc); err != nil {
		return fail(ln2, fEcc.name, "%v", err)
	}
	if e.MeanMotion, err = parseFloat(fMM.get(l2)); err != nil {
		return fail(ln2, fMM.name, "%v", err)
	}
	if e.MeanMotion <= 0 {
		return fail(ln2, fMM.name, "%v rev/day is not positive", e.MeanMotion)
	}
	if e.RevNumber, err = parseIntBlank(fRev.get(l2)); err != nil {
		return fail(ln2, fRev.name, "%v", err)
	}
	return e, nil
}

func clip(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}

// alpha5 maps the leading letter of an Alpha-5 catalog number to its value
// (A=10 … Z=33, skipping I and O).
func alpha5(c byte) (int, bool) {
	if c < 'A' || c > 'Z' || c == 'I' || c == 'O' {
		return 0, false
	}
	v := int(c-'A') + 10
	if c > 'I' {
		v--
	}
	if c > 'O' {
		v--
	}
	return v, true
}

func parseCatalog(s string) (int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errors.New("empty")
	}
	if c := t[0]; c >= 'A' && c <= 'Z' {
		hi, ok := alpha5(c)
		if !ok || len(t) != 5 {
			return 0, fmt.Errorf("%q is not an Alpha-5 catalog number", s)
		}
		lo, err := strconv.Atoi(t[1:])
		if err != nil || lo < 0 {
			return 0, fmt.Errorf("%q is not an Alpha-5 catalog number", s)
		}
		return hi*10000 + lo, nil
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a catalog number", s)
	}
	return n, nil
}

func parseFloat(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errors.New("empty")
	}
	// Fortran-style leading "+." or "-." is fine for ParseFloat; reject the
	// extras it would accept (hex, inf, nan, underscores, exponents).
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= '0' && c <= '9' || c == '.' || (i == 0 && (c == '-' || c == '+'))) {
			return 0, fmt.Errorf("%q is not a decimal number", s)
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a decimal number", s)
	}
	return v, nil
}

// parseExp reads the TLE "implied decimal with exponent" notation:
// " 12345-3" = 0.12345e-3, "-30915-6" = −0.30915e-6. Blank means zero.
func parseExp(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, nil
	}
	bad := fmt.Errorf("%q is not in the implied-decimal form ±NNNNN±E", s)
	sign := 1.0
	switch t[0] {
	case '-':
		sign, t = -1, t[1:]
	case '+':
		t = t[1:]
	}
	if len(t) < 3 {
		return 0, bad
	}
	es := t[len(t)-2]
	if es != '-' && es != '+' {
		return 0, bad
	}
	exp := int(t[len(t)-1] - '0')
	if exp < 0 || exp > 9 {
		return 0, bad
	}
	if es == '-' {
		exp = -exp
	}
	mant := strings.TrimSpace(t[:len(t)-2])
	if mant == "" {
		return 0, bad
	}
	for i := 0; i < len(mant); i++ {
		if mant[i] < '0' || mant[i] > '9' {
			return 0, bad
		}
	}
	m, err := strconv.ParseFloat("0."+mant, 64)
	if err != nil {
		return 0, bad
	}
	return sign * m * math.Pow10(exp), nil
}

func parseIntBlank(s string) (int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return n, nil
}

// MaxElementSets is the most element sets read from one TLE or OMM file,
// several times the whole public catalog.
const MaxElementSets = 200_000

// Read parses a file of two-line or three-line element sets. Blank lines and
// lines starting with '#' are skipped; a line that is neither line 1 nor line
// 2 of an element set is taken as the name of the next one. Both LF and CRLF
// line ends are accepted. Errors name opts.Filename, the line and the field.
func Read(r io.Reader, opts Options) ([]Elements, error) {
	var out []Elements
	err := Scan(r, opts, func(e Elements, _ int) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// Scan parses element sets one by one, calling fn with each and the number of
// the line its line 1 is on; an error from fn stops the scan and is returned.
//
// At most limits.Catalog bytes and MaxElementSets element sets are read;
// more is an error.
func Scan(r io.Reader, opts Options, fn func(e Elements, line int) error) error {
	sc := bufio.NewScanner(limits.NewReader(r, opts.Filename, limits.Catalog))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	var (
		name     string
		nameLine int
		l1       string
		l1Line   int
		lineNo   int
	)
	pe := func(line int, format string, args ...any) error {
		return &ParseError{File: opts.Filename, Line: line, Err: fmt.Errorf(format, args...)}
	}
	// Hypatia's tles.txt starts with a line "ORBITS SATS_PER_ORBIT"
	var (
		seenContent          bool
		headerLine           int
		headerOrbits, perOrb int
		count                int
	)
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		trimmed := strings.TrimSpace(line)
		first := !seenContent && trimmed != "" && !strings.HasPrefix(trimmed, "#")
		if first {
			seenContent = true
			if o, p, ok := hypatiaHeader(trimmed); ok {
				headerLine, headerOrbits, perOrb = lineNo, o, p
				continue
			}
		}
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			continue
		case strings.HasPrefix(line, "1 "):
			if l1 != "" {
				return pe(lineNo, "line 1 follows line 1 of line %d; expected line 2", l1Line)
			}
			l1, l1Line = line, lineNo
		case strings.HasPrefix(line, "2 "):
			if l1 == "" {
				return pe(lineNo, "line 2 without a preceding line 1")
			}
			e, err := parse(name, l1, line, l1Line, opts)
			if err != nil {
				return err
			}
			if count == MaxElementSets {
				return pe(l1Line, "more than %d element sets, the most orbitnet reads from one file", MaxElementSets)
			}
			if err := fn(e, l1Line); err != nil {
				return err
			}
			count++
			name, l1, nameLine = "", "", 0
		default:
			if l1 != "" {
				return pe(lineNo, "expected line 2 after line 1 of line %d, got %q", l1Line, clip(line))
			}
			if name != "" {
				return pe(lineNo, "expected line 1 after the name line %d, got %q", nameLine, clip(line))
			}
			name, nameLine = trimmed, lineNo
		}
	}
	if err := sc.Err(); err != nil {
		var tl *limits.TooLargeError
		if errors.As(err, &tl) {
			return err
		}
		return pe(lineNo+1, "%v", err)
	}
	if l1 != "" {
		return pe(l1Line, "truncated element set: line 1 without line 2")
	}
	if name != "" {
		return pe(nameLine, "truncated element set: name %q without lines 1 and 2", clip(name))
	}
	if headerLine > 0 && count != headerOrbits*perOrb {
		return pe(headerLine, "header %d %d (Hypatia's orbits and satellites per orbit) announces %d element sets, the file has %d",
			headerOrbits, perOrb, headerOrbits*perOrb, count)
	}
	return nil
}

// hypatiaHeader recognises the first line of Hypatia's tles.txt: two
// positive integers, the number of orbits and of satellites per orbit. A
// TLE line 1 always has many more fields.
func hypatiaHeader(s string) (orbits, perOrbit int, ok bool) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, 0, false
	}
	o, err1 := strconv.Atoi(f[0])
	p, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || o <= 0 || p <= 0 {
		return 0, 0, false
	}
	return o, p, true
}

// Format writes e as the two data lines of a TLE, with checksums. Fields are
// rounded to the precision the format holds (e.g. 8 decimals of a day for
// the epoch, 7 digits of eccentricity).
func Format(e Elements) (line1, line2 string) {
	cat := formatCatalog(e.CatalogNumber)
	class := e.Classification
	if class == 0 {
		class = 'U'
	}
	yy := e.EpochYear % 100
	ndot := strconv.FormatFloat(math.Abs(e.MeanMotionDot), 'f', 8, 64)[1:] // ".00001514"
	ndotSign := " "
	if e.MeanMotionDot < 0 {
		ndotSign = "-"
	}
	l1 := fmt.Sprintf("1 %5s%c %-8s %02d%012.8f %s%s %s %s %1d %4d",
		cat, class, e.IntlDesignator, yy, e.EpochDay, ndotSign, ndot,
		formatExp(e.MeanMotionDDot), formatExp(e.BStar), e.EphemerisType%10, e.ElementSetNo%10000)
	ecc := fmt.Sprintf("%07d", int(math.Round(e.Eccentricity*1e7)))
	if len(ecc) > 7 {
		ecc = "9999999"
	}
	l2 := fmt.Sprintf("2 %5s %8.4f %8.4f %s %8.4f %8.4f %11.8f%5d",
		cat, e.Inclination, e.RAAN, ecc, e.ArgPerigee, e.MeanAnomaly, e.MeanMotion, e.RevNumber%100000)
	return l1 + strconv.Itoa(Checksum(l1)), l2 + strconv.Itoa(Checksum(l2))
}

func formatCatalog(n int) string {
	if n < 100000 {
		return fmt.Sprintf("%05d", n)
	}
	hi, lo := n/10000, n%10000
	if hi > 33 {
		return "99999"
	}
	c := byte('A' + hi - 10)
	if c >= 'I' {
		c++
	}
	if c >= 'O' {
		c++
	}
	return fmt.Sprintf("%c%04d", c, lo)
}

// formatExp writes x in the TLE implied-decimal form " 12345-3".
func formatExp(x float64) string {
	if x == 0 {
		return " 00000+0" // CelesTrak's spelling of zero
	}
	sign := " "
	if x < 0 {
		sign, x = "-", -x
	}
	exp := int(math.Floor(math.Log10(x))) + 1
	m := int(math.Round(x / math.Pow10(exp) * 1e5))
	if m >= 100000 {
		m /= 10
		exp++
	}
	if exp > 9 || exp < -9 {
		return " 00000-0"
	}
	es := "-"
	if exp >= 0 {
		es = "+"
	} else {
		exp = -exp
	}
	return fmt.Sprintf("%s%05d%s%d", sign, m, es, exp)
}

// epochTime is used by OMM: it converts a UTC time into the TLE epoch fields.
func epochFields(t time.Time) (year int, day float64, jd timescale.JD) {
	t = t.UTC()
	year = t.Year()
	jd = timescale.FromTime(t)
	jan1 := timescale.FromCalendar(year, 1, 1, 0, 0, 0)
	day = 1 + jd.DaysSince(jan1)
	return year, day, jd
}
