package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Source is a scenario's text as Load reads it, for callers that keep or
// ship the text itself (orbitnet plan): Parse(Name, Dir, Data) resolves it
// as Load would.
type Source struct {
	Name string // path as given, or embedded:NAME
	Dir  string // absolute directory relative paths resolve against ("" for embedded)
	Data []byte
}

// ReadSource reads a scenario file or an embedded scenario's text, with
// Load's rules for telling them apart.
func ReadSource(nameOrPath string) (*Source, error) {
	if data, err := os.ReadFile(nameOrPath); err == nil {
		abs, _ := filepath.Abs(nameOrPath)
		return &Source{Name: nameOrPath, Dir: filepath.Dir(abs), Data: data}, nil
	} else if !errors.Is(err, os.ErrNotExist) || strings.ContainsAny(nameOrPath, `/\`) || strings.HasSuffix(nameOrPath, ".yaml") || strings.HasSuffix(nameOrPath, ".yml") {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file (embedded scenarios: %s)", nameOrPath, strings.Join(EmbeddedNames(), ", "))
		}
		return nil, fmt.Errorf("%s: %w", nameOrPath, unwrapPathError(err))
	}
	data, err := Embedded(nameOrPath)
	if err != nil {
		return nil, err
	}
	return &Source{Name: "embedded:" + nameOrPath, Data: data}, nil
}

// ReferencedFiles lists the files a scenario reads besides itself (TLE or
// OMM, laser-link file, ground-node files, GeoJSON regions), as absolute
// paths resolved against dir, without repeats, in the order of the keys.
func ReferencedFiles(f *File, dir string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p == "" {
			return
		}
		if !filepath.IsAbs(p) {
			if dir == "" {
				return // an embedded scenario refers to no relative files
			}
			p = filepath.Join(dir, p)
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	isGeoJSON := func(s string) bool {
		l := strings.ToLower(s)
		return strings.HasSuffix(l, ".geojson") || strings.HasSuffix(l, ".json")
	}
	add(f.Constellation.TLE)
	add(f.Constellation.OMM)
	add(f.Links.ISL.File)
	for _, ns := range []*NodeSource{f.Ground.Stations, f.Ground.Terminals, f.Ground.Gateways, f.Ground.PoPs} {
		if ns == nil {
			continue
		}
		add(ns.File)
		for _, t := range ns.Tracks {
			add(t.File)
		}
		if isGeoJSON(ns.Region) {
			add(ns.Region)
		}
		if ns.Grid != nil && isGeoJSON(ns.Grid.Region) {
			add(ns.Grid.Region)
		}
	}
	for _, fe := range f.Failures {
		if isGeoJSON(fe.Region) {
			add(fe.Region)
		}
	}
	return out
}
