package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/export"
)

func newExportCmd(env Env) *cobra.Command {
	var outPath, from, to, step string
	var workers int
	var list strings.Builder
	for _, f := range analysis.ExportFormats {
		fmt.Fprintf(&list, "  %-8s %s\n", f.Name, f.What)
	}
	cmd := &cobra.Command{
		Use:   "export FORMAT [SCENARIO]",
		Short: "Write a scenario for other tools: CZML, KML, Hypatia/ns-3, delay traces",
		Long: `export writes a scenario (an embedded scenario's name or a YAML file; default
` + "`" + `starlink-shell1` + "`" + `) over a time window in another tool's format. Formats:

` + list.String() + `
--from and --to bound the window (offsets from the scenario's start such as
30s, or RFC 3339 times; default the whole run) and --step sets the interval
between samples or steps (default the scenario's step; for czml and kml at
least 10s). Caps: czml ` + fmt.Sprint(export.MaxCZMLSatSamples) + ` satellite samples (satellites × samples),
kml ` + fmt.Sprint(export.MaxKMLSatSamples) + `, hypatia ` + fmt.Sprint(export.MaxHypatiaSteps) + ` steps, trace ` + fmt.Sprint(export.MaxTraceSteps) + ` steps. hypatia needs
routing mode isl and the window to start at the satellites' common TLE
epoch. Outputs appear complete or not at all (default out/<name> plus .czml,
.kml, -hypatia or -trace.csv). Formats: docs/export.md.`,
		Example: `  orbitnet export czml starlink-shell1 --to 10m --step 30s
  orbitnet export kml ukraine -o ukraine.kml
  orbitnet export hypatia cli/testdata/hypatia/scenario.yaml -o kuiper-hypatia
  orbitnet export trace starlink-shell1 -o shell1-trace.csv`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			format := strings.ToLower(args[0])
			if analysis.ExportFormatIndex(format) < 0 {
				return usagef("export: unknown format %q; formats are %s", args[0], strings.Join(analysis.ExportFormatNames(), ", "))
			}
			sc, err := loadScenarioArg(args[1:])
			if err != nil {
				return err
			}
			r := analysis.ExportRun{Scenario: sc, Format: format, To: sc.Config.Duration, Path: outPath, Workers: workers}
			if from != "" {
				if r.From, err = parseAt(from, sc.Config.Start); err != nil {
					return usagef("--from %q: neither an offset like 30s nor an RFC 3339 time", from)
				}
			}
			if to != "" {
				if r.To, err = parseAt(to, sc.Config.Start); err != nil {
					return usagef("--to %q: neither an offset like 30s nor an RFC 3339 time", to)
				}
			}
			cfg, err := r.Config()
			if err != nil {
				return err
			}
			if step != "" {
				d, err := time.ParseDuration(step)
				if err != nil || d < time.Millisecond {
					return usagef("--step %q: not a duration of at least 1ms", step)
				}
				cfg.Step = d
			}
			if workers < 0 {
				return usagef("--workers %d: must be ≥ 1 (0 = all cores)", workers)
			}
			if outPath, err = r.Run(cmd.Context(), cfg); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: %s export of %d steps from %s to %s written to %s\n", sc.File.Name, format,
				cfg.Steps(), cfg.Start.UTC().Format(time.RFC3339Nano), cfg.Start.Add(cfg.Duration).UTC().Format(time.RFC3339Nano), outPath)
			return nil
		},
	}
	cmd.Flags().StringVarP(&outPath, "out", "o", "", "output file (czml, kml, trace) or folder (hypatia); default out/<scenario name>…")
	cmd.Flags().StringVar(&from, "from", "", "window start: an offset from the scenario's start (30s) or an RFC 3339 time")
	cmd.Flags().StringVar(&to, "to", "", "window end, included (default the scenario's end)")
	cmd.Flags().StringVar(&step, "step", "", "interval between samples or steps (default the scenario's step; czml and kml at least 10s)")
	cmd.Flags().IntVar(&workers, "workers", 0, "worker goroutines (default: all cores; the output does not depend on it)")
	return cmd
}
