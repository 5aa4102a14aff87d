package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/internal/limits"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/tle"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

func newPropagateCmd(env Env) *cobra.Command {
	var (
		tleFile, start, stop, step, frameName, format, out, verify string
		acceptBad                                                  bool
		ut1UTC                                                     float64
	)
	cmd := &cobra.Command{
		Use:   "propagate",
		Short: "Propagate element sets with SGP4/SDP4 and print states",
		Long: `Propagate reads a TLE/3LE file (or CelesTrak OMM JSON, by the .json extension)
and prints every satellite's state from --start to --stop every --step, in the
TEME frame of SGP4, Earth-fixed ECEF, or WGS-84 geodetic coordinates.

With --verify it reads Vallado's verification file (SGP4-VER.TLE, whose line 2
carries start, stop and step in minutes) and prints the layout of the
reference output tcppver.out: a line "<satnum> xx" per satellite, then
"tsince x y z vx vy vz" lines (minutes, km, km/s), stopping where the model
fails, with the error on stderr.`,
		Example: `  orbitnet propagate --tle starlink.tle --start 2026-02-23T00:00:00Z --stop 2026-02-23T01:00:00Z --step 1m
  orbitnet propagate --tle starlink.tle --start 2026-02-23T00:00:00Z --stop 2026-02-23T00:10:00Z --step 10s --frame geodetic -o track.csv
  orbitnet propagate --verify SGP4-VER.TLE > mine.out`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if verify != "" {
				if tleFile != "" {
					return usagef("--verify and --tle cannot be combined")
				}
				return runVerify(env, verify, out)
			}
			if tleFile == "" || start == "" || stop == "" || step == "" {
				return usagef("propagate needs --tle, --start, --stop and --step (or --verify FILE); see orbitnet propagate --help")
			}
			t0, err := scenario.ParseTime(start)
			if err != nil {
				return usagef("--start %q: not an RFC 3339 time like 2026-02-23T00:00:00Z or a date like 2026-02-23", start)
			}
			t1, err := scenario.ParseTime(stop)
			if err != nil {
				return usagef("--stop %q: not an RFC 3339 time like 2026-02-23T01:00:00Z or a date like 2026-02-24", stop)
			}
			dt, err := time.ParseDuration(step)
			if err != nil || dt <= 0 {
				return usagef("--step %q: not a positive duration like 10s or 1m", step)
			}
			if t1.Before(t0) {
				return usagef("--stop %s is before --start %s", stop, start)
			}
			if n := t1.Sub(t0) / dt; n > sim.MaxSteps {
				return usagef("--start %s to --stop %s at --step %s is %d steps, more than %d", start, stop, step, n, sim.MaxSteps)
			}
			if n := t1.Sub(t0) / dt; n > 10_000_000 {
				return usagef("%d time steps per satellite is more than 10,000,000; use a larger --step", n)
			}
			fr := strings.ToLower(frameName)
			if fr != "teme" && fr != "ecef" && fr != "geodetic" {
				return usagef("--frame %q: must be teme, ecef or geodetic", frameName)
			}
			if format != "csv" && format != "json" {
				return usagef("--format %q: must be csv or json", format)
			}
			if !(math.Abs(ut1UTC) < 0.9) {
				return usagef("--ut1-utc %v: must be within ±0.9 s (IERS keeps |UT1−UTC| below 0.9 s)", ut1UTC)
			}
			els, err := readElements(tleFile, acceptBad)
			if err != nil {
				return err
			}
			return writeStates(env, els, t0.UTC(), t1.UTC(), dt, fr, format, out, ut1UTC)
		},
	}
	f := cmd.Flags()
	f.StringVar(&tleFile, "tle", "", "TLE/3LE file, or OMM JSON (*.json)")
	f.StringVar(&start, "start", "", "first time, RFC 3339 UTC")
	f.StringVar(&stop, "stop", "", "last time, RFC 3339 UTC (included when on the grid)")
	f.StringVar(&step, "step", "", "time step, e.g. 10s, 1m")
	f.StringVar(&frameName, "frame", "teme", "output frame: teme, ecef or geodetic")
	f.StringVar(&format, "format", "csv", "output format: csv or json")
	f.StringVarP(&out, "out", "o", "", "output file (default: standard output)")
	f.StringVar(&verify, "verify", "", "run Vallado's verification file and print tcppver.out's layout")
	f.BoolVar(&acceptBad, "accept-bad-checksum", false, "accept TLE lines whose checksum is wrong")
	f.Float64Var(&ut1UTC, "ut1-utc", 0, "UT1−UTC in seconds (IERS Bulletin A) for the Earth's rotation in ecef/geodetic; 0 takes UT1 as UTC")
	return cmd
}

func readElements(path string, acceptBad bool) ([]tle.Elements, error) {
	data, err := readInput(path, limits.Catalog)
	if err != nil {
		return nil, err
	}
	opts := tle.Options{Filename: path, AcceptBadChecksum: acceptBad}
	var els []tle.Elements
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		els, err = tle.ReadOMM(bytes.NewReader(data), opts)
	} else {
		els, err = tle.Read(bytes.NewReader(data), opts)
	}
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	if len(els) == 0 {
		return nil, usagef("%s: no element sets found", path)
	}
	return els, nil
}

// output opens the destination: an atomic file, or a buffer for stdout
// (written only when everything succeeded, so no partial output appears).
type output struct {
	w      *bufio.Writer
	atomic *report.AtomicFile
	buf    *bytes.Buffer
	stdout io.Writer
}

func openOutput(env Env, path string) (*output, error) {
	o := &output{stdout: env.Stdout}
	if path == "" {
		o.buf = &bytes.Buffer{}
		o.w = bufio.NewWriter(&cappedBuffer{buf: o.buf, max: maxStdoutBytes})
		return o, nil
	}
	report.RemoveStale(path) // temporary files of a killed run
	f, err := report.CreateAtomic(path)
	if err != nil {
		return nil, &UsageError{Err: fmt.Errorf("-o %s: %w", path, err)}
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
		return 0, &UsageError{Err: fmt.Errorf("the output is larger than %d MiB, the most propagate holds for stdout; write it to a file with -o FILE", c.max>>20)}
	}
	return c.buf.Write(p)
}

func (o *output) commit() error {
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

func (o *output) abort() {
	if o.atomic != nil {
		o.atomic.Abort()
	}
}

// TimeFormat is how orbitnet writes instants: RFC 3339 UTC with milliseconds.
const TimeFormat = "2006-01-02T15:04:05.000Z07:00"

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

func writeStates(env Env, els []tle.Elements, t0, t1 time.Time, dt time.Duration, fr, format, path string, ut1UTC float64) error {
	o, err := openOutput(env, path)
	if err != nil {
		return err
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
	var failures []string
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
				return err // a write failed (a full disk, or too much for stdout): stop now
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
					fmt.Fprintf(w, ",%.9f,%.9f,%.8f\n", g.LatDeg, g.LonDeg, g.AltKm)
				} else {
					fmt.Fprintf(w, ",%.8f,%.8f,%.8f,%.9f,%.9f,%.9f\n", p[0], p[1], p[2], vel[0], vel[1], vel[2])
				}
				continue
			}
			row := stateRow{Name: name, Norad: e.CatalogNumber, Time: ts}
			if fr == "geodetic" {
				g := frame.ECEF(p).Geodetic()
				row.Lat, row.Lon, row.Alt = round(g.LatDeg, 9), round(g.LonDeg, 9), round(g.AltKm, 8)
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
		return err
	}
	for _, f := range failures {
		fmt.Fprintf(env.Stderr, "orbitnet: warning: %s\n", f)
	}
	return nil
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

// runVerify reproduces tcppver.out from SGP4-VER.TLE.
func runVerify(env Env, path, outPath string) error {
	data, err := readInput(path, limits.Catalog)
	if err != nil {
		return err
	}
	o, err := openOutput(env, outPath)
	if err != nil {
		return err
	}
	defer o.abort()
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var l1 string
	var l1No int
	var errs []string
	n := 0
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, "1 "):
			l1, l1No = line, i+1
		case strings.HasPrefix(line, "2 "):
			if l1 == "" {
				return usagef("%s:%d: line 2 without a preceding line 1", path, i+1)
			}
			e, err := tle.ParseLinesOpt("", l1, line, tle.Options{Filename: path, AcceptBadChecksum: true})
			if err != nil {
				var pe *tle.ParseError
				if errors.As(err, &pe) {
					pe.Line += l1No - 1
				}
				return &UsageError{Err: err}
			}
			if len(line) <= 69 {
				return usagef("%s:%d: field start/stop/step: missing after column 69 (this is not a verification file)", path, i+1)
			}
			f := strings.Fields(line[69:])
			if len(f) < 3 {
				return usagef("%s:%d: field start/stop/step: expected three numbers after column 69, got %q", path, i+1, strings.TrimSpace(line[69:]))
			}
			var ssv [3]float64
			for k := range ssv {
				if ssv[k], err = strconv.ParseFloat(f[k], 64); err != nil {
					return usagef("%s:%d: field %s: %q is not a number", path, i+1, []string{"start", "stop", "step"}[k], f[k])
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
		return usagef("%s: no element sets found", path)
	}
	if err := o.commit(); err != nil {
		return err
	}
	for _, e := range errs {
		fmt.Fprintf(env.Stderr, "%s\n", e)
	}
	return nil
}
