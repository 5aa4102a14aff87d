package mobility

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// ReadGPX reads the track points (<trkpt lat lon> with <time> and an
// optional <ele> in metres) of a GPX 1.0 or 1.1 file, in file order, all
// segments and tracks joined. Times are absolute (RFC 3339) and become
// offsets from start. name labels errors, which give the line and the
// field. At most MaxFileBytes and MaxPoints are read.
func ReadGPX(data []byte, name string, kind Kind, start time.Time) (*Track, error) {
	if len(data) > MaxFileBytes {
		return nil, &PointError{File: name, Msg: fmt.Sprintf("%d bytes: more than the %d-byte limit for a track file", len(data), MaxFileBytes)}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var pts []Point
	var lines []int
	type cur struct {
		lat, lon float64
		line     int
		ele      float64
		hasTime  bool
		t        time.Time
	}
	var p *cur
	var field string // child element whose text is being read
	var text strings.Builder
	sawGPX := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		line, _ := d.InputPos()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &PointError{File: name, Line: se.Line, Field: "xml", Msg: se.Msg}
			}
			return nil, &PointError{File: name, Line: line, Field: "xml", Msg: err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "gpx":
				sawGPX = true
			case "trkpt":
				if p != nil {
					return nil, &PointError{File: name, Line: line, Field: "trkpt", Msg: "a trkpt inside another"}
				}
				if len(pts) >= MaxPoints {
					return nil, &PointError{File: name, Line: line, Field: "trkpt", Msg: fmt.Sprintf("more than %d points", MaxPoints)}
				}
				p = &cur{line: line}
				var hasLat, hasLon bool
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "lat":
						v, err := parseCoord(a.Value, 90)
						if err != nil {
							return nil, &PointError{File: name, Line: line, Field: "lat", Msg: err.Error()}
						}
						p.lat, hasLat = v, true
					case "lon":
						v, err := parseCoord(a.Value, 180)
						if err != nil {
							return nil, &PointError{File: name, Line: line, Field: "lon", Msg: err.Error()}
						}
						p.lon, hasLon = v, true
					}
				}
				if !hasLat || !hasLon {
					return nil, &PointError{File: name, Line: line, Field: "trkpt", Msg: "needs lat and lon attributes"}
				}
			case "time", "ele":
				if p != nil {
					field = t.Name.Local
					text.Reset()
				}
			}
		case xml.CharData:
			if field != "" {
				if text.Len()+len(t) > 256 {
					return nil, &PointError{File: name, Line: line, Field: field, Msg: "value longer than 256 bytes"}
				}
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "time", "ele":
				if p == nil || field == "" {
					continue
				}
				s := strings.TrimSpace(text.String())
				if field == "time" {
					tm, err := time.Parse(time.RFC3339Nano, s)
					if err != nil {
						return nil, &PointError{File: name, Line: line, Field: "time", Msg: fmt.Sprintf("%q is not an RFC 3339 time", s)}
					}
					p.t, p.hasTime = tm, true
				} else {
					v, err := strconv.ParseFloat(s, 64)
					if err != nil || !isFinite(v) {
						return nil, &PointError{File: name, Line: line, Field: "ele", Msg: fmt.Sprintf("%q is not a number of metres", s)}
					}
					p.ele = v
				}
				field = ""
			case "trkpt":
				if p == nil {
					continue
				}
				if !p.hasTime {
					return nil, &PointError{File: name, Line: p.line, Field: "time", Msg: "the trkpt has no <time>; a moving terminal's track needs one per point"}
				}
				off := p.t.Sub(start)
				pts = append(pts, Point{Offset: off, Pos: frame.Geodetic{Lat: units.Deg(p.lat), Lon: units.Deg(p.lon), Alt: units.Km(p.ele / 1000)}})
				lines = append(lines, p.line)
				p = nil
			}
		}
	}
	if !sawGPX {
		return nil, &PointError{File: name, Line: 1, Field: "gpx", Msg: "not a GPX file (no <gpx> element)"}
	}
	if len(pts) == 0 {
		return nil, &PointError{File: name, Field: "trkpt", Msg: "no track points"}
	}
	return NewTrack(kind, pts, func(i int) (string, int) {
		if i < len(lines) {
			return name, lines[i]
		}
		return name, 0
	})
}

// ReadCSV reads a track from CSV with a header naming the columns time,
// lat, lon and optionally alt_m (any order; other columns are ignored).
// time is an RFC 3339 time or an offset from start ("90s", "1h30m", or a
// plain number of seconds). Lines starting with '#' are comments.
func ReadCSV(data []byte, name string, kind Kind, start time.Time) (*Track, error) {
	if len(data) > MaxFileBytes {
		return nil, &PointError{File: name, Msg: fmt.Sprintf("%d bytes: more than the %d-byte limit for a track file", len(data), MaxFileBytes)}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, &PointError{File: name, Line: 1, Msg: "empty file; want a header time,lat,lon[,alt_m]"}
		}
		return nil, csvErr(name, err)
	}
	col := map[string]int{"time": -1, "lat": -1, "lon": -1, "alt_m": -1}
	line, _ := r.FieldPos(0)
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, ok := col[h]; ok {
			if col[h] >= 0 {
				return nil, &PointError{File: name, Line: line, Field: h, Msg: "column given twice"}
			}
			col[h] = i
		}
	}
	for _, c := range []string{"time", "lat", "lon"} {
		if col[c] < 0 {
			return nil, &PointError{File: name, Line: line, Field: c, Msg: "missing column; the header needs time, lat, lon (and optionally alt_m)"}
		}
	}
	var pts []Point
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(pts) >= MaxPoints {
			return nil, &PointError{File: name, Line: line, Msg: fmt.Sprintf("more than %d points", MaxPoints)}
		}
		get := func(c string) (string, error) {
			i := col[c]
			if i >= len(rec) {
				return "", &PointError{File: name, Line: line, Field: c, Msg: fmt.Sprintf("missing: the row has %d fields", len(rec))}
			}
			return strings.TrimSpace(rec[i]), nil
		}
		var p Point
		ts, err := get("time")
		if err != nil {
			return nil, err
		}
		if p.Offset, err = parseTime(ts, start); err != nil {
			return nil, &PointError{File: name, Line: line, Field: "time", Msg: err.Error()}
		}
		for _, c := range []struct {
			name string
			lim  float64
			dst  *units.Angle
		}{{"lat", 90, &p.Pos.Lat}, {"lon", 180, &p.Pos.Lon}} {
			s, err := get(c.name)
			if err != nil {
				return nil, err
			}
			v, err := parseCoord(s, c.lim)
			if err != nil {
				return nil, &PointError{File: name, Line: line, Field: c.name, Msg: err.Error()}
			}
			*c.dst = units.Deg(v)
		}
		if col["alt_m"] >= 0 {
			s, err := get("alt_m")
			if err != nil {
				return nil, err
			}
			if s != "" {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil || !isFinite(v) {
					return nil, &PointError{File: name, Line: line, Field: "alt_m", Msg: fmt.Sprintf("%q is not a number of metres", s)}
				}
				p.Pos.Alt = units.Km(v / 1000)
			}
		}
		pts = append(pts, p)
		lines = append(lines, line)
	}
	if len(pts) == 0 {
		return nil, &PointError{File: name, Line: line, Msg: "no points after the header"}
	}
	return NewTrack(kind, pts, func(i int) (string, int) {
		if i < len(lines) {
			return name, lines[i]
		}
		return name, 0
	})
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &PointError{File: name, Line: pe.Line, Field: fmt.Sprintf("column %d", pe.Column), Msg: pe.Err.Error()}
	}
	return &PointError{File: name, Msg: err.Error()}
}

// parseTime reads an RFC 3339 time (made an offset from start), a Go
// duration or a number of seconds.
func parseTime(s string, start time.Time) (time.Duration, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.Sub(start), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && isFinite(v) && v >= -1e9 && v <= 1e9 {
		return time.Duration(v * float64(time.Second)), nil
	}
	return 0, fmt.Errorf("%q is not an RFC 3339 time, a duration (90s) or a number of seconds", s)
}

func parseCoord(s string, lim float64) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !isFinite(v) {
		return 0, fmt.Errorf("%q is not a number of degrees", s)
	}
	if v < -lim || v > lim {
		return 0, fmt.Errorf("%v: must be in [%v, %v]", v, -lim, lim)
	}
	return v, nil
}

func isFinite(v float64) bool { return v-v == 0 }
