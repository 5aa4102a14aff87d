package analysis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"orbitnet/export"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// ExportFormats are the formats of orbitnet export, with their default
// output (under out/) and a one-line description for --help.
var ExportFormats = []struct {
	Name, Suffix, What string
}{
	{"czml", ".czml", "Cesium CZML: satellites, laser and ground links, and the listed pairs' paths over the window"},
	{"kml", ".kml", "KML (Google Earth, GIS): the same as tracks, timed links and paths"},
	{"hypatia", "-hypatia", "a folder of Hypatia's files (tles.txt, isls.txt, ground_stations.txt, fstate_<t>.txt, …) for ns-3"},
	{"trace", "-trace.csv", "per-path delay and loss trace (CSV) of the listed pairs for trace-replay emulators"},
}

// Export writes in in format (one of ExportFormats) to path: a file, or
// for hypatia a folder, appearing complete or not at all. Errors caused by
// the input are export.InputErrors.
func Export(ctx context.Context, format, path string, in *export.Input) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("output folder: %w", err)
		}
	}
	switch format {
	case "czml", "kml":
		write := export.WriteCZML
		if format == "kml" {
			write = export.WriteKML
		}
		return export.WriteFileAtomic(path, func(w io.Writer) error { return write(ctx, w, in) })
	case "trace":
		return export.WriteFileAtomic(path, func(w io.Writer) error { return export.WriteTrace(ctx, w, in) })
	case "hypatia":
		return export.WriteHypatia(ctx, path, in)
	}
	return fmt.Errorf("export: unknown format %q", format)
}

// ExportRun is one export: Format (one of ExportFormats) of a scenario
// over the window [From, To] (offsets from its start), written to Path
// (empty: out/<scenario><suffix>).
type ExportRun struct {
	Scenario *scenario.Scenario
	Format   string
	From, To time.Duration
	Path     string
	Workers  int
}

// ExportFormatIndex returns the index of format in ExportFormats, or −1.
func ExportFormatIndex(format string) int {
	for i, f := range ExportFormats {
		if f.Name == format {
			return i
		}
	}
	return -1
}

// ExportFormatNames lists the names of ExportFormats.
func ExportFormatNames() []string {
	names := make([]string, len(ExportFormats))
	for i, f := range ExportFormats {
		names[i] = f.Name
	}
	return names
}

// Config returns the scenario's configuration for the export's window:
// failure windows and tracks keep their absolute times
// (sim.Config.StartingAt), only hypatia computes forwarding state, and the
// step is the scenario's, for czml and kml at least 10 s (a --step given
// replaces it).
func (r *ExportRun) Config() (sim.Config, error) {
	cfg := r.Scenario.Config
	cfg.AllPairs = false
	cfg.Forwarding = r.Format == "hypatia"
	if r.From < 0 || r.To < r.From {
		return cfg, inputf("--from %s, --to %s: want 0 ≤ from ≤ to (offsets from the scenario's start %s)",
			r.From, r.To, cfg.Start.UTC().Format(time.RFC3339))
	}
	cfg = cfg.StartingAt(r.From)
	cfg.Duration = r.To - r.From
	if (r.Format == "czml" || r.Format == "kml") && cfg.Step < 10*time.Second {
		cfg.Step = 10 * time.Second
	}
	return cfg, nil
}

// Run writes the export of cfg (from Config) and returns where it went.
// Errors caused by the input are InputErrors naming the scenario.
func (r *ExportRun) Run(ctx context.Context, cfg sim.Config) (string, error) {
	sc := r.Scenario
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		return "", inputf("%s: %v", sc.Source, err)
	}
	in := &export.Input{Net: net, Name: sc.File.Name, PairNames: sc.PairNames[:len(cfg.Pairs)], Workers: r.Workers}
	if err := in.Check(r.Format); err != nil {
		return "", inputf("export %s: %s: %v", r.Format, sc.Source, err)
	}
	path := r.Path
	if path == "" {
		path = filepath.Join("out", sc.File.Name+ExportFormats[ExportFormatIndex(r.Format)].Suffix)
	}
	if err := Export(ctx, r.Format, path, in); err != nil {
		var ue *export.InputError
		if errors.As(err, &ue) {
			return "", inputf("export %s: %s: %v", r.Format, sc.Source, err)
		}
		return "", err
	}
	return path, nil
}
