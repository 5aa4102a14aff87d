package cli

import (
	"fmt"
	"io"
	"math"
	"orbitnet/analysis"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
)

func newRealismCmd(env Env) *cobra.Command {
	var outDir, duration string
	var windows int
	cmd := &cobra.Command{
		Use:   "realism",
		Short: "Compare the starlink model with published Starlink RTT measurements",
		Long: `realism runs the starlink traffic model for the sites of published Starlink
measurements (an embedded, cited table: starlink/data/measurements.csv) and
prints measured against modelled RTT: median, the source's percentiles and
the model's 5th and 95th. Each site is a user terminal on Starlink Gen1 with
the real gateways and PoPs, the slot scheduler and routing mode starlink
with its default parameters, over several windows spread over a day. It
writes realism.csv and realism.png/.svg into the output directory.
docs/realism.md discusses the result.`,
		Example: `  orbitnet realism
  orbitnet realism -o out/realism --windows 6 --duration 5m`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := time.ParseDuration(duration)
			if err != nil || d <= 0 || d > 24*time.Hour {
				return usagef("--duration %q: want a positive duration up to 24h", duration)
			}
			if windows < 1 || windows > 48 {
				return usagef("--windows %d: want 1 to 48", windows)
			}
			results, err := analysis.Realism(cmd.Context(), outDir, d, windows)
			if err != nil {
				return err
			}
			printRealism(env.Stdout, results, windows, d)
			fmt.Fprintf(env.Stdout, "wrote realism.csv, realism.png, realism.svg in %s\n", outDir)
			return nil
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", filepath.Join("out", "realism"), "output directory")
	cmd.Flags().StringVar(&duration, "duration", "10m", "length of each window (1 s steps)")
	cmd.Flags().IntVar(&windows, "windows", 3, "windows, spread evenly over 24 h from 2026-02-23T00:00:12Z")
	return cmd
}

func fmtMs(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.1f", v)
}

func fmtQ(q float64) string {
	if math.IsNaN(q) {
		return ""
	}
	return fmt.Sprintf("p%g", math.Round(q*100))
}

func printRealism(w io.Writer, rs []analysis.RealismResult, windows int, d time.Duration) {
	fmt.Fprintf(w, "starlink model (defaults) against published measurements; %d windows of %s at 1 s per site\n\n", windows, d)
	fmt.Fprintf(w, "%-20s %-11s %-16s %15s %19s %19s %11s %15s %9s\n", "site", "set", "to", "median meas/mod",
		"low pct meas/mod", "high pct meas/mod", "min meas/mod", "model p5–p95", "in range")
	for _, r := range rs {
		set := "held-out"
		if r.M.Calibration {
			set = "calibration"
		}
		lo := fmt.Sprintf("%s %s/%s", fmtQ(r.M.QLo), fmtMs(r.M.Lo.Ms()), fmtMs(r.Lo))
		hi := fmt.Sprintf("%s %s/%s", fmtQ(r.M.QHi), fmtMs(r.M.Hi.Ms()), fmtMs(r.Hi))
		if math.IsNaN(r.M.QLo) {
			lo = "–"
		}
		if math.IsNaN(r.M.QHi) {
			hi = "–"
		}
		fmt.Fprintf(w, "%-20s %-11s %-16s %15s %19s %19s %11s %15s %9s\n", clipName(r.M.Site, 20), set, clipName(r.Dest, 16),
			fmtMs(r.M.Median.Ms())+"/"+fmtMs(r.Med), lo, hi, fmtMs(r.M.Min.Ms())+"/"+fmtMs(r.Min),
			fmtMs(r.P5)+"–"+fmtMs(r.P95), analysis.InRange(r))
	}
}
