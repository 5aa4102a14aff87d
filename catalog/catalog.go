// Package catalog embeds the real satellite element catalogs orbitnet ships
// with, so that scenarios and tests need no files: a CelesTrak Starlink TLE
// snapshot (2026-02-23, 9,543 satellites), a CelesTrak OneWeb TLE snapshot
// (2025-12-22, 651 satellites) and a CelesTrak Starlink OMM JSON snapshot
// (2024-05-20, 5,977 satellites). Each file's provenance is in
// data/<set>/PROVENANCE.md.
package catalog

import (
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strings"

	"orbitnet/orbit/tle"
)

//go:embed data
var files embed.FS

// Entry describes one embedded catalog.
type Entry struct {
	Name        string // the name scenarios use, e.g. "starlink-2026-02-23"
	Path        string // path inside the embedded file system
	Format      string // "tle" or "omm"
	Description string
}

var entries = []Entry{
	{"starlink-2026-02-23", "data/starlink-tle-2026-02-23/starlink_2026-02-23.tle", "tle",
		"CelesTrak Starlink TLEs, 9,543 satellites, epochs up to 2026-02-23"},
	{"oneweb-2025-12-22", "data/oneweb-tle-2025-12-22/oneweb_2025-12-22.tle", "tle",
		"CelesTrak OneWeb TLEs, 651 satellites, epochs up to 2025-12-22"},
	{"starlink-omm-2024-05-20", "data/starlink-omm-2024-05-20/starlink_omm_2024-05-20.json", "omm",
		"CelesTrak Starlink OMM JSON, 5,977 satellites, epochs around 2024-05-20"},
}

// List returns the embedded catalogs, sorted by name.
func List() []Entry {
	out := append([]Entry(nil), entries...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Raw returns the bytes of an embedded catalog.
func Raw(name string) ([]byte, Entry, error) {
	for _, e := range entries {
		if e.Name == name {
			b, err := files.ReadFile(e.Path)
			return b, e, err
		}
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name
	}
	return nil, Entry{}, fmt.Errorf("unknown embedded catalog %q (known: %s)", name, strings.Join(names, ", "))
}

// Load parses an embedded catalog.
func Load(name string) ([]tle.Elements, error) {
	b, e, err := Raw(name)
	if err != nil {
		return nil, err
	}
	opts := tle.Options{Filename: "embedded:" + e.Name}
	if e.Format == "omm" {
		return tle.ReadOMM(bytes.NewReader(b), opts)
	}
	return tle.Read(bytes.NewReader(b), opts)
}
