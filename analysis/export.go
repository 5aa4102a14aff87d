package analysis

import (
	"context"
	"fmt"
	"io"
	"orbitnet/export"
	"os"
	"path/filepath"
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
