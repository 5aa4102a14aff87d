package sgp4

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"orbitnet/orbit/tle"
	"orbitnet/orbit/vec"
)

// printedMin is the resolution of the times printed in tcppver.out
// (minutes to 8 decimals).
const printedMin = 1e-8

// Tolerance of the verification against tcppver.out, per component: 2e-7 km
// and 2e-7 km/s, as python-sgp4's tests use (see testdata/PROVENANCE.md).
// The file prints 1e-8 km and 1e-9 km/s.
const verifyTol = 2e-7

// verCase is one element set of SGP4-VER.TLE with its run parameters.
type verCase struct {
	line              int // line number of line 1 in the file
	elements          tle.Elements
	start, stop, step float64 // minutes since epoch
}

// readVerificationTLE reads testdata/SGP4-VER.TLE: CRLF lines, '#'
// comments, line 2 extended by "start stop step" after column 69, and
// checksums that are wrong on purpose for 33333, 33334 and 33335.
func readVerificationTLE(t testing.TB) []verCase {
	t.Helper()
	name := filepath.Join("testdata", "SGP4-VER.TLE")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var (
		cases  []verCase
		l1     string
		l1Line int
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "1 "):
			l1, l1Line = line, n
		case strings.HasPrefix(line, "2 "):
			if len(line) <= 69 {
				t.Fatalf("%s:%d: line 2 lacks start, stop and step", name, n)
			}
			e, err := tle.ParseLinesOpt("", l1, line[:69], tle.Options{AcceptBadChecksum: true, Filename: name})
			if err != nil {
				t.Fatalf("%s:%d: %v", name, l1Line, err)
			}
			f := strings.Fields(line[69:])
			if len(f) != 3 {
				t.Fatalf("%s:%d: want start stop step after column 69, got %q", name, n, line[69:])
			}
			var ss [3]float64
			for i := range f {
				if ss[i], err = strconv.ParseFloat(f[i], 64); err != nil {
					t.Fatalf("%s:%d: %v", name, n, err)
				}
			}
			cases = append(cases, verCase{line: l1Line, elements: e, start: ss[0], stop: ss[1], step: ss[2]})
		default:
			t.Fatalf("%s:%d: unexpected line %q", name, n, line)
		}
	}
	return cases
}

// refLine is one state line of tcppver.out.
type refLine struct {
	line   int    // line number in the file
	text   string // the whole line
	tsince float64
	r, v   vec.Vec3
}

// refSat is the output for one satellite: its header number and lines.
type refSat struct {
	satnum int
	lines  []refLine
}

// readTcppver reads testdata/tcppver.out: a "<satnum> xx" header for each
// satellite, then lines whose first seven fields are tsince, r and v.
func readTcppver(t testing.TB) []refSat {
	t.Helper()
	name := filepath.Join("testdata", "tcppver.out")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var sats []refSat
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) == 2 && f[1] == "xx" {
			num, err := strconv.Atoi(f[0])
			if err != nil {
				t.Fatalf("%s:%d: bad header %q", name, n, line)
			}
			sats = append(sats, refSat{satnum: num})
			continue
		}
		if len(sats) == 0 || len(f) < 7 {
			t.Fatalf("%s:%d: unexpected line %q", name, n, line)
		}
		var x [7]float64
		for i := range x {
			if x[i], err = strconv.ParseFloat(f[i], 64); err != nil {
				t.Fatalf("%s:%d: field %d: %v", name, n, i+1, err)
			}
		}
		s := &sats[len(sats)-1]
		s.lines = append(s.lines, refLine{
			line: n, text: line, tsince: x[0],
			r: vec.Vec3{x[1], x[2], x[3]}, v: vec.Vec3{x[4], x[5], x[6]},
		})
	}
	return sats
}

// verEnd says how the reference output of one satellite ends when SGP4
// fails: with which code, and the last time it printed.
type verEnd struct {
	code     int
	lastTime float64
	atInit   bool // New fails; the reference's single line is stale
}

// verificationEnds lists the satellites whose output in tcppver.out stops
// early, keyed by their position in SGP4-VER.TLE (20413 appears twice). The
// codes are those python-sgp4 expects (testdata/PROVENANCE.md); the last
// times are read from the file. The reference driver prints nothing at the
// failing time and stops.
var verificationEnds = map[int]verEnd{
	11: {code: CodeMeanElements, lastTime: 474.2028672}, // 22312: ṅ/2 = 0.99999999, drag drives e below −0.001
	22: {code: CodeMeanElements, lastTime: 1440},        // 28350: ṅ/2 = 0.16, likewise
	25: {code: CodeDecayed, lastTime: 50},               // 28872: re-enters between 50 and 55 min
	26: {code: CodeDecayed, lastTime: 420},              // 29141: re-enters between 420 and 440 min
	29: {code: CodeSemiLatusRectum, lastTime: 20},       // 33333: e = 0.995, perigee inside the Earth
	// 33334: n = 1e-5 rev/day, the lunar-solar periodics push e out of
	// [0, 1] at epoch. Its single line in tcppver.out is stale: the driver
	// printed its unchanged arrays, 33333's last state.
	30: {code: CodePerturbedElements, atInit: true},
	32: {code: CodeDecayed, lastTime: 1844340}, // 20413 after 3.5 years: the lunar-solar terms lower perigee
}

type verStats struct {
	lines        int
	maxR, maxV   float64
	maxRAt       string
	maxVAt       string
	ends         []string
	formatSame   int
	formatLayout int
}

// runVerification propagates every case and compares it with tcppver.out.
func runVerification(t *testing.T) verStats {
	cases := readVerificationTLE(t)
	refs := readTcppver(t)
	if len(cases) != 33 || len(refs) != len(cases) {
		t.Fatalf("got %d element sets and %d output blocks, want 33 of each", len(cases), len(refs))
	}
	var st verStats
	for i, c := range cases {
		ref := refs[i]
		e := c.elements
		if ref.satnum != e.CatalogNumber {
			t.Fatalf("case %d: element set %d but output block %d", i, e.CatalogNumber, ref.satnum)
		}
		want, wantEnd := verificationEnds[i]
		sat, err := New(e)
		if err != nil {
			var se *Error
			if !wantEnd || !want.atInit || !errors.As(err, &se) || se.Code != want.code {
				t.Errorf("satellite %d (line %d): New: %v", e.CatalogNumber, c.line, err)
			} else {
				st.ends = append(st.ends, fmt.Sprintf("%d: code %d at New", e.CatalogNumber, se.Code))
			}
			continue
		}
		if wantEnd && want.atInit {
			t.Errorf("satellite %d: New succeeded, want error code %d", e.CatalogNumber, want.code)
			continue
		}

		times := VerificationTimes(c.start, c.stop, c.step)
		var failed bool
		for j, ts := range times {
			r, v, err := sat.Propagate(ts)
			if err != nil {
				var se *Error
				switch {
				case !errors.As(err, &se):
					t.Errorf("satellite %d at %v: error of type %T: %v", e.CatalogNumber, ts, err, err)
				case !wantEnd:
					t.Errorf("satellite %d at %v: unexpected error %v", e.CatalogNumber, ts, err)
				case se.Code != want.code || se.Tsince != ts:
					t.Errorf("satellite %d at %v: got %v, want code %d", e.CatalogNumber, ts, err, want.code)
				case j != len(ref.lines):
					t.Errorf("satellite %d: failed at %v after %d lines, reference has %d", e.CatalogNumber, ts, j, len(ref.lines))
				case ref.lines[j-1].tsince != want.lastTime && math.Abs(ref.lines[j-1].tsince-want.lastTime) > printedMin:
					t.Errorf("satellite %d: reference's last time %v, table says %v", e.CatalogNumber, ref.lines[j-1].tsince, want.lastTime)
				default:
					st.ends = append(st.ends, fmt.Sprintf("%d: code %d at tsince %v (last line %v)",
						e.CatalogNumber, se.Code, ts, times[j-1]))
				}
				failed = true
				break
			}
			if j >= len(ref.lines) {
				t.Errorf("satellite %d: state at %v beyond the reference's %d lines", e.CatalogNumber, ts, len(ref.lines))
				failed = true
				break
			}
			rl := ref.lines[j]
			got := FormatVerificationLine(ts, r, v)
			if got[:17] != rl.text[:17] {
				t.Errorf("tcppver.out:%d: tsince %q, want %q", rl.line, got[:17], rl.text[:17])
			}
			st.lines++
			for k := 0; k < 3; k++ {
				if d := math.Abs(r[k] - rl.r[k]); d > st.maxR {
					st.maxR, st.maxRAt = d, fmt.Sprintf("tcppver.out:%d", rl.line)
				}
				if d := math.Abs(v[k] - rl.v[k]); d > st.maxV {
					st.maxV, st.maxVAt = d, fmt.Sprintf("tcppver.out:%d", rl.line)
				}
				if !(math.Abs(r[k]-rl.r[k]) <= verifyTol) || !(math.Abs(v[k]-rl.v[k]) <= verifyTol) {
					t.Errorf("tcppver.out:%d: satellite %d at %v:\n got %s\nwant %s",
						rl.line, e.CatalogNumber, ts, got, rl.text[:len(got)])
					break
				}
			}
			ref7 := rl.text[:min(len(got), len(rl.text))]
			if got == ref7 {
				st.formatSame++
			}
			if layout(got) == layout(ref7) {
				st.formatLayout++
			}
		}
		if !failed && wantEnd {
			t.Errorf("satellite %d: no error, want code %d after %v", e.CatalogNumber, want.code, want.lastTime)
		}
		if !failed && len(times) != len(ref.lines) {
			t.Errorf("satellite %d: %d times, reference has %d lines", e.CatalogNumber, len(times), len(ref.lines))
		}
	}
	return st
}

// layout replaces every digit by '9', leaving signs, points and spaces: two
// lines with the same layout have the same field widths.
func layout(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '9'
		}
		return r
	}, s)
}

// TestVerification reproduces every line of Vallado's tcppver.out from
// SGP4-VER.TLE: the same times, r and v within 2e-7 per component, and the
// same errors at the same times.
func TestVerification(t *testing.T) {
	st := runVerification(t)
	t.Logf("%d lines compared; max |Δr| = %.3g km (%s), max |Δv| = %.3g km/s (%s)",
		st.lines, st.maxR, st.maxRAt, st.maxV, st.maxVAt)
	t.Logf("formatted identically (first 7 columns): %d of %d lines; same layout: %d", st.formatSame, st.lines, st.formatLayout)
	for _, s := range st.ends {
		t.Logf("ends early: %s", s)
	}
	if st.formatLayout != st.lines {
		t.Errorf("%d of %d lines differ in layout from the reference", st.lines-st.formatLayout, st.lines)
	}
}
