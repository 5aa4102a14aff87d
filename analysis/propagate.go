package analysis

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/tle"
	"orbitnet/report"
	"orbitnet/sim"
	"strconv"
	"strings"
	"time"
)

// ReadElements parses the element sets of a TLE/3LE file, or of an OMM
// JSON file (by the .json extension), whose contents are data.
func ReadElements(path string, data []byte, acceptBad bool) ([]tle.Elements, error) {
	var err error
	opts := tle.Options{Filename: path, AcceptBadChecksum: acceptBad}
	var els []tle.Elements
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		els, err = tle.ReadOMM(bytes.NewReader(data), opts)
	} else {
		els, err = tle.Read(bytes.NewReader(data), opts)
	}
	if err != nil {
		return nil, &InputError{Err: err}
	}
	if len(els) == 0 {
		return nil, inputf("%s: no element sets found", path)
	}
	return els, nil
}

// dest is a single-file output: an atomic file, or a buffer for stdout
// (written only when everything succeeded, so no partial output appears).
type dest struct {
	w      *bufio.Writer
	atomic *report.AtomicFile
	buf    *bytes.Buffer
	stdout io.Writer
}

// openDest opens the file path, or a buffer for stdout when path is "".
func openDest(stdout io.Writer, path string) (*dest, error) {
	o := &dest{stdout: stdout}
	if path == "" {
		o.buf = &bytes.Buffer{}
		o.w = bufio.NewWriter(&cappedBuffer{buf: o.buf, max: maxStdoutBytes})
		return o, nil
	}
	report.RemoveStale(path) // temporary files of a killed run
	f, err := report.CreateAtomic(path)
	if err != nil {
		return nil, &InputError{Err: fmt.Errorf("-o %s: %w", path, err)}
	}
	o.atomic = f
	o.w = bufio.NewWriterSize(f, 1<<16)
	return o, nil
}

// maxStdoutBytes bounds what propagate holds in memory for stdout (it
// prints only once everything succeeded); larger outputs go to -o FILE,
// which is written as it goes.
const maxStdoutBytes = 64 << 20

// cappedBuffer is a buffer that refuses to grow beyond max bytes.
type cappedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.max {
		return 0, &InputError{Err: fmt.Errorf("the output is larger than %d MiB, the most propagate holds for stdout; write it to a file with -o FILE", c.max>>20)}
	}
	return c.buf.Write(p)
}

func (o *dest) commit() error {
	if err := o.w.Flush(); err != nil {
		o.abort()
		return err
	}
	if o.atomic != nil {
		return o.atomic.Commit()
	}
	_, err := o.stdout.Write(o.buf.Bytes())
	return err
}

func (o *dest) abort() {
	if o.atomic != nil {
		o.atomic.Abort()
	}
}

// TimeFormat is how orbitnet writes instants: RFC 3339 UTC with milliseconds.
const TimeFormat = "2006-01-02T15:04:05.000Z07:00"

// stateRow is one state in propagate's JSON format.
type stateRow struct {
	Name  string   `json:"name"`
	Norad int      `json:"norad"`
	Time  string   `json:"time"`
	X     *float64 `json:"x_km,omitempty"`
	Y     *float64 `json:"y_km,omitempty"`
	Z     *float64 `json:"z_km,omitempty"`
	VX    *float64 `json:"vx_km_s,omitempty"`
	VY    *float64 `json:"vy_km_s,omitempty"`
	VZ    *float64 `json:"vz_km_s,omitempty"`
	Lat   *float64 `json:"lat_deg,omitempty"`
	Lon   *float64 `json:"lon_deg,omitempty"`
	Alt   *float64 `json:"alt_km,omitempty"`
}

// Propagate writes the states of els from t0 to t1 every dt, in the frame
// fr (teme, ecef or geodetic) and the format (csv or json), to the file
// path, or to stdout when path is "", all or nothing. ut1UTC is UT1−UTC in
// seconds for the Earth's rotation. It returns the satellites the model
// failed for (no states, or none from some time on).
func Propagate(stdout io.Writer, els []tle.Elements, t0, t1 time.Time, dt time.Duration, fr, format, path string, ut1UTC float64) (failures []string, err error) {
	o, err := openDest(stdout, path)
	if err != nil {
		return nil, err
	}
	defer o.abort()
	w := o.w
	if format == "csv" {
		if fr == "geodetic" {
			w.WriteString("name,norad,time,lat_deg,lon_deg,alt_km\n")
		} else {
			w.WriteString("name,norad,time,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s\n")
		}
	} else {
		w.WriteString("[")
	}
	first := true
	for _, e := range els {
		sat, err := sgp4.New(e)
		name := e.Name
		if name == "" {
			name = strconv.Itoa(e.CatalogNumber)
		}
		if err != nil {
			failures = append(failures, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		for t := t0; !t.After(t1); t = t.Add(dt) {
			if _, err := w.Write(nil); err != nil {
				return nil, err // a write failed (a full disk, or too much for stdout): stop now
			}
			jd := timescale.FromTime(t)
			r, v, err := sat.PropagateJD(jd)
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s: %v (no states from %s on)", name, err, t.Format(TimeFormat)))
				break
			}
			ts := t.Format(TimeFormat)
			var p, vel [3]float64
			switch fr {
			case "teme":
				p, vel = r, v
			case "ecef", "geodetic":
				rot := frame.RotationAt(jd.AddDays(ut1UTC / 86400))
				p = rot.Position(frame.TEME(r))
				vel = rot.Velocity(frame.TEME(r), frame.TEME(v))
			}
			if format == "csv" {
				w.WriteString(csvField(name) + "," + strconv.Itoa(e.CatalogNumber) + "," + ts)
				if fr == "geodetic" {
					g := frame.ECEF(p).Geodetic()
					fmt.Fprintf(w, ",%.9f,%.9f,%.8f\n", g.Lat, g.Lon, g.Alt)
				} else {
					fmt.Fprintf(w, ",%.8f,%.8f,%.8f,%.9f,%.9f,%.9f\n", p[0], p[1], p[2], vel[0], vel[1], vel[2])
				}
				continue
			}
			row := stateRow{Name: name, Norad: e.CatalogNumber, Time: ts}
			if fr == "geodetic" {
				g := frame.ECEF(p).Geodetic()
				row.Lat, row.Lon, row.Alt = round(g.Lat.Deg(), 9), round(g.Lon.Deg(), 9), round(g.Alt.Km(), 8)
			} else {
				row.X, row.Y, row.Z = round(p[0], 8), round(p[1], 8), round(p[2], 8)
				row.VX, row.VY, row.VZ = round(vel[0], 9), round(vel[1], 9), round(vel[2], 9)
			}
			b, _ := json.Marshal(row)
			if !first {
				w.WriteString(",")
			}
			w.WriteString("\n  ")
			w.Write(b)
			first = false
		}
	}
	if format == "json" {
		w.WriteString("\n]\n")
	}
	if err := o.commit(); err != nil {
		return nil, err
	}
	return failures, nil
}

func round(x float64, digits int) *float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', digits, 64), 64)
	return &v
}

func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Verify reproduces tcppver.out from SGP4-VER.TLE (path, whose contents
// are data), writing it to the file outPath or to stdout when outPath is
// "", all or nothing. It returns the model's errors, one a satellite.
func Verify(stdout io.Writer, path string, data []byte, outPath string) (errs []string, err error) {
	o, err := openDest(stdout, outPath)
	if err != nil {
		return nil, err
	}
	defer o.abort()
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var l1 string
	var l1No int
	n := 0
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, "1 "):
			l1, l1No = line, i+1
		case strings.HasPrefix(line, "2 "):
			if l1 == "" {
				return nil, inputf("%s:%d: line 2 without a preceding line 1", path, i+1)
			}
			e, err := tle.ParseLinesOpt("", l1, line, tle.Options{Filename: path, AcceptBadChecksum: true})
			if err != nil {
				var pe *tle.ParseError
				if errors.As(err, &pe) {
					pe.Line += l1No - 1
				}
				return nil, &InputError{Err: err}
			}
			if len(line) <= 69 {
				return nil, inputf("%s:%d: field start/stop/step: missing after column 69 (this is not a verification file)", path, i+1)
			}
			f := strings.Fields(line[69:])
			if len(f) < 3 {
				return nil, inputf("%s:%d: field start/stop/step: expected three numbers after column 69, got %q", path, i+1, strings.TrimSpace(line[69:]))
			}
			var ssv [3]float64
			for k := range ssv {
				if ssv[k], err = strconv.ParseFloat(f[k], 64); err != nil {
					return nil, inputf("%s:%d: field %s: %q is not a number", path, i+1, []string{"start", "stop", "step"}[k], f[k])
				}
			}
			n++
			fmt.Fprintf(o.w, "%d xx\n", e.CatalogNumber)
			sat, err := sgp4.New(e)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%d: %v", e.CatalogNumber, err))
				l1 = ""
				continue
			}
			for _, ts := range sgp4.VerificationTimes(ssv[0], ssv[1], ssv[2]) {
				r, v, err := sat.Propagate(ts)
				if err != nil {
					errs = append(errs, fmt.Sprintf("%d: %v", e.CatalogNumber, err))
					break
				}
				fmt.Fprintln(o.w, sgp4.FormatVerificationLine(ts, r, v))
			}
			l1 = ""
		}
	}
	if n == 0 {
		return nil, inputf("%s: no element sets found", path)
	}
	if err := o.commit(); err != nil {
		return nil, err
	}
	return errs, nil
}

// PropagateSpan is a propagation's time span, read and as typed (for
// messages).
type PropagateSpan struct {
	Start, Stop, Step string
	T0, T1            time.Time
	Dt                time.Duration
}

// MaxPropagateSteps caps the time steps per satellite of a propagation.
const MaxPropagateSteps = 10_000_000

// CheckPropagate checks a propagation's span (stop not before start, at
// most sim.MaxSteps and MaxPropagateSteps steps), frame (teme, ecef or
// geodetic, any case), format (csv or json) and UT1−UTC (IERS keeps it
// within ±0.9 s). It returns the frame in lower case.
func CheckPropagate(s PropagateSpan, frameName, format string, ut1UTC float64) (string, error) {
	if s.T1.Before(s.T0) {
		return "", inputf("--stop %s is before --start %s", s.Stop, s.Start)
	}
	if n := s.T1.Sub(s.T0) / s.Dt; n > sim.MaxSteps {
		return "", inputf("--start %s to --stop %s at --step %s is %d steps, more than %d", s.Start, s.Stop, s.Step, n, sim.MaxSteps)
	}
	if n := s.T1.Sub(s.T0) / s.Dt; n > MaxPropagateSteps {
		return "", inputf("%d time steps per satellite is more than 10,000,000; use a larger --step", n)
	}
	fr := strings.ToLower(frameName)
	if fr != "teme" && fr != "ecef" && fr != "geodetic" {
		return "", inputf("--frame %q: must be teme, ecef or geodetic", frameName)
	}
	if format != "csv" && format != "json" {
		return "", inputf("--format %q: must be csv or json", format)
	}
	if !(math.Abs(ut1UTC) < 0.9) {
		return "", inputf("--ut1-utc %v: must be within ±0.9 s (IERS keeps |UT1−UTC| below 0.9 s)", ut1UTC)
	}
	return fr, nil
}
