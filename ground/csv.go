package ground

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"

	"orbitnet/internal/limits"
)

// ParseError reports a problem in a CSV input: the file, the line, the
// column and what was expected.
type ParseError struct {
	File  string
	Line  int    // 1-based; 0 if the problem concerns the whole input
	Field string // column name; empty if the problem concerns the whole line
	Err   error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString("field " + e.Field + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// column is one attribute of a Node that a CSV file can carry.
type column uint8

const (
	colName column = iota
	colLat
	colLon
	colAlt
	colID
	colCountry
	colPopulation
	colAntennas
	colBand
	numColumns
)

// csvColumns are the header names of orbitnet's CSV format, indexed by column.
var csvColumns = [numColumns]string{
	colName:       "name",
	colLat:        "lat_deg",
	colLon:        "lon_deg",
	colAlt:        "alt_m",
	colID:         "id",
	colCountry:    "country",
	colPopulation: "population",
	colAntennas:   "antennas",
	colBand:       "band",
}

// field is one column of an input file: its name there and its meaning.
type field struct {
	name string
	col  column
}

// hypatiaFields is Hypatia's "basic" ground-station format.
var hypatiaFields = []field{
	{"id", colID}, {"name", colName}, {"lat", colLat}, {"lon", colLon}, {"elev", colAlt},
}

// Limits on values read from CSV.
const (
	minAltM = -11000 // deepest ocean trench, m
	maxAltM = 100000 // Kármán line, m: higher is not a ground node
)

// ReadCSV reads ground nodes of the given kind from CSV text. filename is
// used only in error messages.
//
// Two formats are accepted, told apart by the first line:
//
//   - orbitnet's format, whose first line is a header naming the columns.
//     name, lat_deg and lon_deg are required; alt_m (height above the
//     WGS-84 ellipsoid in metres, default 0), id, country, population,
//     antennas (gateways; empty or 0 for unknown) and band are optional.
//     Columns may come in any order; header names ignore case. Fields may
//     be quoted as in RFC 4180, so names may contain commas.
//   - Hypatia's header-less "basic" format, five fields per line:
//     id,name,lat,lon,elev with ids counting up from 0 and elev in metres.
//     Hypatia writes '-' for spaces in names; ReadCSV turns each run of
//     '-' back into one space ("Kyiv-(Kiev)" becomes "Kyiv (Kiev)").
//
// For example:
//
//	name,lat_deg,lon_deg,alt_m
//	Kyiv,50.4501,30.5234,179
//	"Frankfurt, DE",50.3298,8.47082,
//
// An empty optional field means "not given" (0 or ""). Blank lines and
// lines starting with '#' are skipped. Latitudes must be
// in [−90, 90] and longitudes in [−180, 180] (−180 is stored as 180);
// numbers must be finite decimal numbers. Names must be non-empty, valid
// UTF-8 without control characters, and unique within the input.
//
// Every error is a *ParseError naming the file, line and field, such as
//
//	gs.csv:7: field lat_deg: "91.5" outside [-90, 90]
//
// At most limits.Table bytes and MaxCSVNodes rows are read; more is an
// error.
func ReadCSV(r io.Reader, filename string, kind Kind) ([]Node, error) {
	return readCSV(r, filename, kind, nil)
}

// MaxCSVNodes is the most ground nodes read from one CSV file.
const MaxCSVNodes = 100_000

// readCSV is ReadCSV with an optional table of replacement names for
// Hypatia rows, keyed by row id, applied before the duplicate check.
func readCSV(r io.Reader, filename string, kind Kind, rename map[int]string) ([]Node, error) {
	cr := csv.NewReader(limits.NewReader(r, filename, limits.Table))
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.ReuseRecord = true

	fail := func(line int, fieldName string, format string, args ...any) error {
		return &ParseError{File: filename, Line: line, Field: fieldName, Err: fmt.Errorf(format, args...)}
	}
	read := func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, &ParseError{File: filename, Line: pe.Line, Err: pe.Err}
			}
			return nil, 0, err // io.EOF or a reader error
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}

	rec, line, err := read()
	if err == io.EOF {
		return nil, fail(0, "", "empty input; want a header line %q or Hypatia rows %q",
			"name,lat_deg,lon_deg[,alt_m]", "id,name,lat,lon,elev")
	}
	if err != nil {
		return nil, err
	}
	rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // byte-order mark

	var fields []field
	hypatia := false
	switch {
	case len(rec) == len(hypatiaFields) && isUint(strings.TrimSpace(rec[0])):
		fields, hypatia = hypatiaFields, true
	case slices.ContainsFunc(rec, func(f string) bool { return strings.EqualFold(strings.TrimSpace(f), "name") }):
		fields, err = parseHeader(rec)
		if err != nil {
			return nil, &ParseError{File: filename, Line: line, Err: err}
		}
		rec, line, err = read()
	default:
		return nil, fail(line, "", "want a header line naming the columns (name,lat_deg,lon_deg[,alt_m]) "+
			"or a Hypatia row id,name,lat,lon,elev; got %q", strings.Join(rec, ","))
	}

	var nodes []Node
	firstLine := map[string]int{} // name → line of first use
	for ; err == nil; rec, line, err = read() {
		if len(rec) != len(fields) {
			names := make([]string, len(fields))
			for i, f := range fields {
				names[i] = f.name
			}
			return nil, fail(line, "", "got %d fields, want %d (%s)", len(rec), len(fields), strings.Join(names, ","))
		}
		n := Node{Kind: kind}
		for i, f := range fields {
			if err := setField(&n, f.col, rec[i], hypatia); err != nil {
				return nil, fail(line, f.name, "%v", err)
			}
		}
		if hypatia {
			if want := strconv.Itoa(len(nodes)); n.ID != want {
				return nil, fail(line, "id", "%q out of sequence; want %s (Hypatia ids count up from 0)", n.ID, want)
			}
			if name, ok := rename[len(nodes)]; ok {
				n.Name = name
			}
		}
		if len(nodes) == MaxCSVNodes {
			return nil, fail(line, "", "more than %d ground nodes, the most orbitnet reads from one file", MaxCSVNodes)
		}
		if prev, dup := firstLine[n.Name]; dup {
			return nil, fail(line, fields[nameIndex(fields)].name, "duplicate name %q (first on line %d)", n.Name, prev)
		}
		firstLine[n.Name] = line
		nodes = append(nodes, n)
	}
	if err != io.EOF {
		return nil, err
	}
	if len(nodes) == 0 {
		return nil, fail(0, "", "no data rows after the header")
	}
	return nodes, nil
}

func nameIndex(fields []field) int {
	for i, f := range fields {
		if f.col == colName {
			return i
		}
	}
	panic("ground: layout without a name column")
}

// parseHeader maps the columns of an orbitnet CSV header.
func parseHeader(rec []string) ([]field, error) {
	fields := make([]field, len(rec))
	seen := [numColumns]bool{}
	for i, h := range rec {
		name := strings.ToLower(strings.TrimSpace(h))
		col := column(0)
		for ; col < numColumns && csvColumns[col] != name; col++ {
		}
		if col == numColumns {
			return nil, fmt.Errorf("header: unknown column %q; known columns are %s", h, strings.Join(csvColumns[:], ", "))
		}
		if seen[col] {
			return nil, fmt.Errorf("header: column %q appears twice", name)
		}
		seen[col] = true
		fields[i] = field{name, col}
	}
	for _, col := range []column{colName, colLat, colLon} {
		if !seen[col] {
			return nil, fmt.Errorf("header: missing required column %q (want name,lat_deg,lon_deg[,alt_m])", csvColumns[col])
		}
	}
	return fields, nil
}

// setField parses one field into n.
func setField(n *Node, col column, raw string, hypatia bool) error {
	s := strings.TrimSpace(raw)
	var err error
	switch col {
	case colName:
		if hypatia {
			s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ' ' }), " ")
		}
		n.Name, err = s, checkText(s, true)
	case colLat:
		var lat float64
		lat, err = parseCoord(s, 90)
		n.Pos.Lat = units.Deg(lat)
	case colLon:
		var lon float64
		lon, err = parseCoord(s, 180)
		n.Pos.Lon = units.Deg(lon)
		if n.Pos.Lon == -180 {
			n.Pos.Lon = 180 // frame.Geodetic longitudes are in (−180, 180]
		}
	case colAlt:
		if s == "" {
			return nil // optional: 0
		}
		var m float64
		m, err = parseFloat(s)
		if err == nil && (m < minAltM || m > maxAltM) {
			err = fmt.Errorf("%q outside [%d, %d] m", s, minAltM, maxAltM)
		}
		n.Pos.Alt = units.Km(m / 1000)
	case colID:
		if hypatia && !isUint(s) {
			return fmt.Errorf("%q is not a row number", s)
		}
		n.ID, err = s, checkText(s, false)
	case colCountry:
		n.Country, err = s, checkText(s, false)
	case colBand:
		n.Band, err = s, checkText(s, false)
	case colPopulation:
		n.Population, err = parseCount(s)
	case colAntennas:
		n.Antennas, err = parseCount(s)
	}
	return err
}

// checkText accepts valid UTF-8 without control characters; required text
// must also be non-empty.
func checkText(s string, required bool) error {
	switch {
	case required && s == "":
		return errors.New("empty; want a name")
	case !utf8.ValidString(s):
		return fmt.Errorf("%q is not valid UTF-8", s)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return fmt.Errorf("%q contains a control character", s)
	}
	return nil
}

func parseFloat(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("empty; want a decimal number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || !isDecimal(s) {
		return 0, fmt.Errorf("%q is not a finite decimal number", s)
	}
	return v, nil
}

// isDecimal reports whether s is written as a plain decimal number with an
// optional exponent: no hexadecimal floats, underscores or "Inf".
func isDecimal(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return !('0' <= r && r <= '9') && !strings.ContainsRune("+-.eE", r)
	}) < 0
}

// parseCoord parses an angle in degrees within [−limit, limit].
func parseCoord(s string, limit float64) (float64, error) {
	v, err := parseFloat(s)
	if err != nil {
		return 0, err
	}
	if v < -limit || v > limit {
		return 0, fmt.Errorf("%q outside [%g, %g]", s, -limit, limit)
	}
	return v, nil
}

// parseCount parses a non-negative integer; empty means 0 (unknown).
func parseCount(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || !isUint(s) {
		return 0, fmt.Errorf("%q is not a non-negative integer", s)
	}
	return v, nil
}

func isUint(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// WriteCSV writes nodes in orbitnet's CSV format: a header line, then one
// line per node. The columns are name, lat_deg, lon_deg and alt_m, followed
// by id, country, population, antennas and band where any node has a value
// for them. The kind is not written: ReadCSV takes it as an argument.
// Numbers are written in the shortest form that reads back exactly
// (alt_m is AltKm×1000, so it may differ in the last bit).
//
// WriteCSV returns an error, before writing anything, for a node that
// ReadCSV would reject: an empty or duplicate name, text with control
// characters, or a coordinate out of range.
func WriteCSV(w io.Writer, nodes []Node) error {
	cols := []column{colName, colLat, colLon, colAlt}
	has := func(f func(Node) bool) bool {
		for _, n := range nodes {
			if f(n) {
				return true
			}
		}
		return false
	}
	if has(func(n Node) bool { return n.ID != "" }) {
		cols = append(cols, colID)
	}
	if has(func(n Node) bool { return n.Country != "" }) {
		cols = append(cols, colCountry)
	}
	if has(func(n Node) bool { return n.Population != 0 }) {
		cols = append(cols, colPopulation)
	}
	if has(func(n Node) bool { return n.Antennas != 0 }) {
		cols = append(cols, colAntennas)
	}
	if has(func(n Node) bool { return n.Band != "" }) {
		cols = append(cols, colBand)
	}

	seen := map[string]bool{}
	for i, n := range nodes {
		if err := checkNode(n); err != nil {
			return fmt.Errorf("ground: WriteCSV: node %d (%q): %w", i, n.Name, err)
		}
		if seen[n.Name] {
			return fmt.Errorf("ground: WriteCSV: node %d: duplicate name %q", i, n.Name)
		}
		seen[n.Name] = true
	}

	bw := bufio.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = csvColumns[c]
	}
	writeRecord(bw, rec)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	count := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	for _, n := range nodes {
		for i, c := range cols {
			switch c {
			case colName:
				rec[i] = n.Name
			case colLat:
				rec[i] = num(n.Pos.Lat.Deg())
			case colLon:
				rec[i] = num(n.Pos.Lon.Deg())
			case colAlt:
				rec[i] = num(n.Pos.Alt.Km() * 1000)
			case colID:
				rec[i] = n.ID
			case colCountry:
				rec[i] = n.Country
			case colPopulation:
				rec[i] = count(n.Population)
			case colAntennas:
				rec[i] = count(n.Antennas)
			case colBand:
				rec[i] = n.Band
			}
		}
		writeRecord(bw, rec)
	}
	return bw.Flush()
}

// writeRecord writes one CSV line, quoting fields as RFC 4180 requires and
// also a first field starting with '#', which would otherwise read back as
// a comment (encoding/csv.Writer does not quote it).
func writeRecord(w *bufio.Writer, rec []string) {
	for i, f := range rec {
		if i > 0 {
			w.WriteByte(',')
		}
		if strings.ContainsAny(f, ",\"\r\n") || (i == 0 && strings.HasPrefix(f, "#")) {
			w.WriteByte('"')
			w.WriteString(strings.ReplaceAll(f, `"`, `""`))
			w.WriteByte('"')
		} else {
			w.WriteString(f)
		}
	}
	w.WriteByte('\n')
}

// checkNode applies ReadCSV's rules to a node built in code.
func checkNode(n Node) error {
	if err := checkText(n.Name, true); err != nil {
		return fmt.Errorf("name: %w", err)
	}
	if n.Name != strings.TrimSpace(n.Name) {
		return fmt.Errorf("name %q has leading or trailing space", n.Name)
	}
	for _, s := range []string{n.ID, n.Country, n.Band} {
		if err := checkText(s, false); err != nil {
			return err
		}
		if s != strings.TrimSpace(s) {
			return fmt.Errorf("%q has leading or trailing space", s)
		}
	}
	if !checkGeodetic(n.Pos) {
		return fmt.Errorf("position %+v out of range", n.Pos)
	}
	if n.Population < 0 || n.Antennas < 0 {
		return errors.New("negative population or antenna count")
	}
	return nil
}

// checkGeodetic reports whether p is a valid ground position.
func checkGeodetic(p frame.Geodetic) bool {
	return p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180 &&
		p.Alt.Km()*1000 >= minAltM && p.Alt.Km()*1000 <= maxAltM
}
