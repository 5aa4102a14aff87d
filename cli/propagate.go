package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/internal/limits"
	"orbitnet/scenario"
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
				data, err := readInput(verify, limits.Catalog)
				if err != nil {
					return err
				}
				errs, err := analysis.Verify(env.Stdout, verify, data, out)
				for _, e := range errs {
					fmt.Fprintf(env.Stderr, "%s\n", e)
				}
				return err
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
			fr, err := analysis.CheckPropagate(analysis.PropagateSpan{Start: start, Stop: stop, Step: step, T0: t0, T1: t1, Dt: dt},
				frameName, format, ut1UTC)
			if err != nil {
				return err
			}
			data, err := readInput(tleFile, limits.Catalog)
			if err != nil {
				return err
			}
			els, err := analysis.ReadElements(tleFile, data, acceptBad)
			if err != nil {
				return err
			}
			failures, err := analysis.Propagate(env.Stdout, els, t0.UTC(), t1.UTC(), dt, fr, format, out, ut1UTC)
			for _, f := range failures {
				fmt.Fprintf(env.Stderr, "orbitnet: warning: %s\n", f)
			}
			return err
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

// TimeFormat is how orbitnet writes instants: RFC 3339 UTC with milliseconds.
const TimeFormat = analysis.TimeFormat
