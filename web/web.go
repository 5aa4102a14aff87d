// Package web holds orbitnet's browser page, a 3D globe of a scenario:
// satellites moving in their shells, laser and ground links, country
// outlines, the path and RTT between two places picked on the globe or by
// name, and an RTT chart with handovers and path changes. It is also an
// analysis tool: a UTC time control (play, pause, speed, go to a typed
// time), search by name for cities, ground nodes and satellites, a
// satellite's links and load, and layers for coverage, footprints,
// what-if failures, jammed areas and moving terminals. The page is
// static HTML, CSS and JavaScript ES modules (no build step) embedded in
// the binary, with three.js vendored under static/vendor (see its
// PROVENANCE.md); it loads nothing from elsewhere and works offline. It
// reads everything from the JSON API of package server, which serves it
// (`orbitnet serve`).
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// FS returns the page's files, rooted at the folder that holds index.html.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded folder exists: a build error otherwise
	}
	return sub
}
