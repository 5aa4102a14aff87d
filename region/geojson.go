package region

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"orbitnet/internal/limits"
)

// maxInput is the largest GeoJSON input read.
const maxInput = limits.GeoJSON

// Load reads a region from a GeoJSON file; see Read.
func Load(path string) (*Region, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads a region from GeoJSON text (RFC 7946). filename is used in
// error messages and, when the input does not name the region, for its
// name.
//
// The input may be a Polygon, MultiPolygon, GeometryCollection, Feature or
// FeatureCollection; every polygon in it becomes part of the region, holes
// included. Features without geometry are skipped; other geometry types
// (Point, LineString, ...) are an error. Positions are [lon, lat, ...] in
// degrees with lat in [−90, 90] and lon in [−360, 360]; rings must be
// closed (last position equal to the first) with at least four positions.
//
// A ring that crosses itself (a bow-tie), or whose edges run along each
// other, is an error: its inside is ambiguous. Rings may touch themselves
// at a position.
//
// A ring that crosses the antimeridian without being split there (for
// example from 179° to −179°) is made continuous (179° to 181°), and a ring
// that goes once around a pole is closed along the pole's latitude, on the
// side of the hemisphere that holds most of the ring. Edges along a pole
// (latitude ±90 at both ends) are left as they are, as in Natural Earth's
// Antarctica.
//
// The region is named by the "name", "NAME" or "ADMIN" property of its
// feature if the input holds exactly one named feature, else by the file's
// base name without extension. ISO and ISO2 come from the ISO_A3 and
// ISO_A2 properties (or "iso_a3", "iso_a2"), or from a three-letter
// feature id such as "UKR".
//
// Errors name the file and the place in the document, for example
//
//	ukr.json: features[0] ("Ukraine"): geometry: Polygon: ring 0, position 7: latitude 95 outside [-90, 90]
func Read(r io.Reader, filename string) (*Region, error) {
	feats, err := readFeatures(r, filename)
	if err != nil {
		return nil, err
	}
	if err := checkSimpleRings(feats, filename); err != nil {
		return nil, err
	}
	var polys []polygon
	var named []feature
	for _, f := range feats {
		polys = append(polys, f.polys...)
		if f.name() != "" {
			named = append(named, f)
		}
	}
	if len(polys) == 0 {
		return nil, fmt.Errorf("%s: no Polygon or MultiPolygon geometry", filename)
	}
	name := strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	var iso, iso2 string
	if len(named) == 1 {
		name = named[0].name()
		iso, iso2 = named[0].isoCodes()
	}
	reg := newRegion(name, polys)
	reg.ISO, reg.ISO2 = iso, iso2
	return reg, nil
}

// checkSimpleRings reports the first ring of feats that crosses itself.
func checkSimpleRings(feats []feature, filename string) error {
	for i, f := range feats {
		for pi, p := range f.polys {
			for ri, ring := range p.rings {
				c, ok := selfCrossing(ring)
				if !ok {
					continue
				}
				where := fmt.Sprintf("feature %d", i)
				if f.name() != "" {
					where += fmt.Sprintf(" (%q)", f.name())
				}
				if len(f.polys) > 1 {
					where += fmt.Sprintf(": polygon %d", pi)
				}
				return fmt.Errorf("%s: %s: ring %d%s", filename, where, ri, c.describe(p.nPos[ri]))
			}
		}
	}
	return nil
}

// feature is one GeoJSON feature (or a bare geometry) with its polygons.
type feature struct {
	id    any
	props map[string]any
	polys []polygon
}

// prop returns a string property, or "".
func (f *feature) prop(keys ...string) string {
	for _, k := range keys {
		if s, ok := f.props[k].(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func (f *feature) name() string { return f.prop("name", "NAME", "ADMIN") }

// isoCodes returns the feature's ISO 3166-1 alpha-3 and alpha-2 codes, if
// it gives well-formed ones.
func (f *feature) isoCodes() (iso3, iso2 string) {
	iso3 = f.prop("ISO_A3", "iso_a3")
	if id, ok := f.id.(string); ok && iso3 == "" {
		iso3 = id
	}
	if !isCode(iso3, 3) {
		iso3 = ""
	}
	if iso2 = f.prop("ISO_A2", "iso_a2"); !isCode(iso2, 2) {
		iso2 = ""
	}
	return iso3, iso2
}

// isCode reports whether s is n upper-case ASCII letters.
func isCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// geoObject is any GeoJSON object; members not used by its type are empty.
type geoObject struct {
	Type        string            `json:"type"`
	ID          any               `json:"id"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometry    json.RawMessage   `json:"geometry"`
	Geometries  []json.RawMessage `json:"geometries"`
	Features    []json.RawMessage `json:"features"`
	Properties  map[string]any    `json:"properties"`
}

// maxDepth limits nested collections.
const maxDepth = 32

// readFeatures decodes GeoJSON into features in document order.
func readFeatures(r io.Reader, filename string) ([]feature, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("%s: larger than %d MiB", filename, maxInput>>20)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s: empty input; want a GeoJSON object", filename)
	}
	d := &decoder{}
	if err := d.object(b, "", 0); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(b, se.Offset)
			return nil, fmt.Errorf("%s:%d:%d: %w", filename, line, col, err)
		}
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	return d.feats, nil
}

// position converts a byte offset into a 1-based line and column.
func position(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

type decoder struct {
	feats []feature
}

// at prefixes an error with a location in the document.
func at(where string, err error) error {
	if where == "" {
		return err
	}
	return fmt.Errorf("%s: %w", where, err)
}

// object decodes one GeoJSON object found at where.
func (d *decoder) object(raw []byte, where string, depth int) error {
	var o geoObject
	if err := json.Unmarshal(raw, &o); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return at(where, fmt.Errorf("not a GeoJSON object: %w", err))
		}
		return at(where, err)
	}
	switch o.Type {
	case "FeatureCollection":
		if depth >= maxDepth {
			return at(where, fmt.Errorf("objects nested more than %d deep", maxDepth))
		}
		for i, f := range o.Features {
			if err := d.object(f, join(where, fmt.Sprintf("features[%d]", i)), depth+1); err != nil {
				return err
			}
		}
		return nil
	case "Feature":
		f := feature{id: o.ID, props: o.Properties}
		if f.name() != "" {
			if where == "" {
				where = "feature"
			}
			where += fmt.Sprintf(" (%q)", f.name())
		}
		d.feats = append(d.feats, f)
		if isNull(o.Geometry) {
			return nil // an unlocated feature
		}
		return d.geometry(o.Geometry, join(where, "geometry"), depth, &d.feats[len(d.feats)-1])
	case "":
		return at(where, errors.New(`missing "type"`))
	default:
		d.feats = append(d.feats, feature{})
		return d.geometry(raw, where, depth, &d.feats[len(d.feats)-1])
	}
}

func join(where, sub string) string {
	if where == "" {
		return sub
	}
	return where + ": " + sub
}

func isNull(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// geometry decodes a geometry object into f.
func (d *decoder) geometry(raw []byte, where string, depth int, f *feature) error {
	var o geoObject
	if err := json.Unmarshal(raw, &o); err != nil {
		return at(where, fmt.Errorf("not a GeoJSON geometry: %w", err))
	}
	switch o.Type {
	case "Polygon":
		var rings [][][]float64
		if isNull(o.Coordinates) {
			return at(where, errors.New(`Polygon: missing "coordinates"`))
		}
		if err := json.Unmarshal(o.Coordinates, &rings); err != nil {
			return at(where, fmt.Errorf("Polygon coordinates: want [[[lon, lat], ...], ...]: %w", err))
		}
		p, err := makePolygon(rings)
		if err != nil {
			return at(where, fmt.Errorf("Polygon: %w", err))
		}
		f.polys = append(f.polys, p)
	case "MultiPolygon":
		var polys [][][][]float64
		if isNull(o.Coordinates) {
			return at(where, errors.New(`MultiPolygon: missing "coordinates"`))
		}
		if err := json.Unmarshal(o.Coordinates, &polys); err != nil {
			return at(where, fmt.Errorf("MultiPolygon coordinates: want [[[[lon, lat], ...], ...], ...]: %w", err))
		}
		for i, rings := range polys {
			p, err := makePolygon(rings)
			if err != nil {
				return at(where, fmt.Errorf("MultiPolygon: polygon %d: %w", i, err))
			}
			f.polys = append(f.polys, p)
		}
	case "GeometryCollection":
		if depth >= maxDepth {
			return at(where, fmt.Errorf("GeometryCollections nested more than %d deep", maxDepth))
		}
		for i, g := range o.Geometries {
			if err := d.geometry(g, join(where, fmt.Sprintf("geometries[%d]", i)), depth+1, f); err != nil {
				return err
			}
		}
	case "":
		return at(where, errors.New(`missing "type"`))
	default:
		return at(where, fmt.Errorf("type %q is not supported; want Polygon, MultiPolygon, GeometryCollection, Feature or FeatureCollection", o.Type))
	}
	return nil
}

// makePolygon validates and prepares the rings of one polygon.
func makePolygon(coords [][][]float64) (polygon, error) {
	if len(coords) == 0 {
		return polygon{}, errors.New("no rings; want an outer ring and optional holes")
	}
	p := polygon{bounds: Rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
	for i, c := range coords {
		ring, err := makeRing(c)
		if err != nil {
			return polygon{}, fmt.Errorf("ring %d%w", i, err)
		}
		for _, q := range ring {
			p.bounds = Rect{min(p.bounds.MinLon, q.Lon), min(p.bounds.MinLat, q.Lat),
				max(p.bounds.MaxLon, q.Lon), max(p.bounds.MaxLat, q.Lat)}
		}
		p.rings = append(p.rings, ring)
		p.nPos = append(p.nPos, len(c))
	}
	return p, nil
}

// ringError is an error about a ring, worded to follow "ring N".
type ringError string

func (e ringError) Error() string { return string(e) }

func ringErrorf(format string, args ...any) error {
	return ringError(fmt.Sprintf(format, args...))
}

// makeRing validates one ring and makes it continuous across the
// antimeridian: each longitude is shifted by a multiple of 360° so that
// consecutive points differ by at most 180° (edges along a pole excepted),
// starting from a first point in [−180, 180].
func makeRing(c [][]float64) ([]Point, error) {
	if len(c) < 4 {
		return nil, ringErrorf(": %d positions; a closed ring needs at least 4", len(c))
	}
	for j, pos := range c {
		if len(pos) < 2 {
			return nil, ringErrorf(", position %d: want [lon, lat], got %d number(s)", j, len(pos))
		}
		if !(pos[1] >= -90 && pos[1] <= 90) {
			return nil, ringErrorf(", position %d: latitude %g outside [-90, 90]", j, pos[1])
		}
		if !(pos[0] >= -360 && pos[0] <= 360) {
			return nil, ringErrorf(", position %d: longitude %g outside [-360, 360]", j, pos[0])
		}
	}
	first, last := c[0], c[len(c)-1]
	if first[0] != last[0] || first[1] != last[1] {
		return nil, ringErrorf(" is not closed: last position [%g, %g] differs from the first [%g, %g]",
			last[0], last[1], first[0], first[1])
	}

	ring := make([]Point, len(c), len(c)+2)
	k := 0.0 // the current shift, in turns of 360°
	switch {
	case first[0] > 180:
		k = -1
	case first[0] < -180:
		k = 1
	}
	latSum := 0.0
	for j, pos := range c {
		lon := pos[0] + 360*k
		if j > 0 && !(math.Abs(pos[1]) == 90 && math.Abs(c[j-1][1]) == 90) {
			for lon-ring[j-1].Lon > 180 {
				k--
				lon = pos[0] + 360*k
			}
			for lon-ring[j-1].Lon < -180 {
				k++
				lon = pos[0] + 360*k
			}
		}
		if lon < -540 || lon > 540 {
			return nil, ringErrorf(" winds around the Earth more than once")
		}
		ring[j] = Point{lon, pos[1]}
		latSum += pos[1]
	}
	switch turn := ring[len(ring)-1].Lon - ring[0].Lon; {
	case turn == 0:
	case math.Abs(turn) == 360:
		// The ring goes once around a pole: close it along the pole.
		pole := 90.0
		if latSum < 0 {
			pole = -90
		}
		end := ring[len(ring)-1]
		ring = append(ring, Point{end.Lon, pole}, Point{ring[0].Lon, pole}, ring[0])
	default:
		return nil, ringErrorf(" winds around the Earth more than once")
	}
	return ring, nil
}
