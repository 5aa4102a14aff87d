package tle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"orbitnet/internal/limits"
)

// ommRecord holds the OMM keys orbitnet reads (CCSDS 502.0-B-2 names as
// CelesTrak writes them in JSON). Other keys are ignored, as OMM allows
// optional and user-defined keywords.
type ommRecord struct {
	ObjectName     *string  `json:"OBJECT_NAME"`
	ObjectID       *string  `json:"OBJECT_ID"`
	Epoch          *string  `json:"EPOCH"`
	MeanMotion     *float64 `json:"MEAN_MOTION"`
	Eccentricity   *float64 `json:"ECCENTRICITY"`
	Inclination    *float64 `json:"INCLINATION"`
	RAAN           *float64 `json:"RA_OF_ASC_NODE"`
	ArgPericenter  *float64 `json:"ARG_OF_PERICENTER"`
	MeanAnomaly    *float64 `json:"MEAN_ANOMALY"`
	EphemerisType  *int     `json:"EPHEMERIS_TYPE"`
	Classification *string  `json:"CLASSIFICATION_TYPE"`
	NoradCatID     *int     `json:"NORAD_CAT_ID"`
	ElementSetNo   *int     `json:"ELEMENT_SET_NO"`
	RevAtEpoch     *int     `json:"REV_AT_EPOCH"`
	BStar          *float64 `json:"BSTAR"`
	MeanMotionDot  *float64 `json:"MEAN_MOTION_DOT"`
	MeanMotionDDot *float64 `json:"MEAN_MOTION_DDOT"`
}

// ReadOMM parses a CelesTrak OMM JSON document: an array of objects (or one
// object) with the keys of CCSDS OMM. MEAN_MOTION_DOT and MEAN_MOTION_DDOT
// are taken, as CelesTrak writes them, already divided by 2 and 6 (the TLE
// convention). Errors name the file, the line of the object and the key.
func ReadOMM(r io.Reader, opts Options) ([]Elements, error) {
	data, err := limits.ReadAll(r, opts.Filename, limits.Catalog)
	if err != nil {
		return nil, err
	}
	lineAt := func(off int64) int {
		if off > int64(len(data)) {
			off = int64(len(data))
		}
		return 1 + bytes.Count(data[:off], []byte{'\n'})
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	jsonErr := func(err error) error {
		off := dec.InputOffset()
		if se, ok := err.(*json.SyntaxError); ok {
			off = se.Offset
		}
		return &ParseError{File: opts.Filename, Line: lineAt(off), Err: fmt.Errorf("invalid JSON: %v", err)}
	}
	// Skip whitespace to see whether this is an array or a single object.
	trim := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trim) == 0 {
		return nil, &ParseError{File: opts.Filename, Line: 1, Err: fmt.Errorf("empty OMM file: expected a JSON array of OMM objects")}
	}
	var out []Elements
	decodeOne := func() error {
		// Position of the next value: skip the separator whitespace first.
		start := dec.InputOffset()
		for start < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[start])) {
			start++
		}
		line := lineAt(start)
		var rec ommRecord
		raw := json.RawMessage{}
		if err := dec.Decode(&raw); err != nil {
			return jsonErr(err)
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			return &ParseError{File: opts.Filename, Line: line, Err: fmt.Errorf("OMM object: %v", err)}
		}
		e, field, err := rec.elements()
		if err != nil {
			return &ParseError{File: opts.Filename, Line: line, Field: field, Err: err}
		}
		if len(out) == MaxElementSets {
			return &ParseError{File: opts.Filename, Line: line, Err: fmt.Errorf("more than %d OMM objects, the most orbitnet reads from one file", MaxElementSets)}
		}
		out = append(out, e)
		return nil
	}
	if trim[0] == '{' {
		if err := decodeOne(); err != nil {
			return nil, err
		}
		return out, nil
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, &ParseError{File: opts.Filename, Line: 1, Err: fmt.Errorf("expected a JSON array of OMM objects")}
	}
	for dec.More() {
		if err := decodeOne(); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonErr(err)
	}
	return out, nil
}

func (r *ommRecord) elements() (Elements, string, error) {
	var e Elements
	need := []struct {
		key string
		v   *float64
		dst *float64
		lo  float64
		hi  float64
	}{
		{"MEAN_MOTION", r.MeanMotion, &e.MeanMotion, 1e-9, 100},
		{"ECCENTRICITY", r.Eccentricity, &e.Eccentricity, 0, 0.9999999},
		// OMM angles are degrees, as units.Angle stores them
		{"INCLINATION", r.Inclination, (*float64)(&e.Inclination), 0, 180},
		{"RA_OF_ASC_NODE", r.RAAN, (*float64)(&e.RAAN), 0, 360},
		{"ARG_OF_PERICENTER", r.ArgPericenter, (*float64)(&e.ArgPerigee), 0, 360},
		{"MEAN_ANOMALY", r.MeanAnomaly, (*float64)(&e.MeanAnomaly), 0, 360},
	}
	for _, n := range need {
		if n.v == nil {
			return e, n.key, fmt.Errorf("missing")
		}
		if math.IsNaN(*n.v) || *n.v < n.lo || *n.v > n.hi {
			return e, n.key, fmt.Errorf("%v outside [%v, %v]", *n.v, n.lo, n.hi)
		}
		*n.dst = *n.v
	}
	opt := []struct {
		v   *float64
		dst *float64
	}{
		{r.BStar, &e.BStar}, {r.MeanMotionDot, &e.MeanMotionDot}, {r.MeanMotionDDot, &e.MeanMotionDDot},
	}
	for _, o := range opt {
		if o.v != nil {
			*o.dst = *o.v
		}
	}
	if r.NoradCatID == nil {
		return e, "NORAD_CAT_ID", fmt.Errorf("missing")
	}
	if *r.NoradCatID < 0 || *r.NoradCatID > 339999 {
		return e, "NORAD_CAT_ID", fmt.Errorf("%d outside [0, 339999]", *r.NoradCatID)
	}
	e.CatalogNumber = *r.NoradCatID
	if r.Epoch == nil {
		return e, "EPOCH", fmt.Errorf("missing")
	}
	t, err := parseOMMTime(*r.Epoch)
	if err != nil {
		return e, "EPOCH", err
	}
	e.EpochYear, e.EpochDay, e.EpochJD = epochFields(t)
	e.Epoch = t
	if r.ObjectName != nil {
		e.Name = strings.TrimSpace(*r.ObjectName)
	}
	if r.ObjectID != nil {
		e.IntlDesignator = intlFromObjectID(*r.ObjectID)
	}
	e.Classification = 'U'
	if r.Classification != nil && len(*r.Classification) == 1 {
		e.Classification = (*r.Classification)[0]
	}
	if r.EphemerisType != nil {
		e.EphemerisType = *r.EphemerisType
	}
	if r.ElementSetNo != nil {
		e.ElementSetNo = *r.ElementSetNo
	}
	if r.RevAtEpoch != nil {
		e.RevNumber = *r.RevAtEpoch
	}
	return e, "", nil
}

// parseOMMTime reads an OMM epoch: ISO 8601 UTC with optional fraction and
// optional trailing Z ("2024-05-20T13:33:20.193984").
func parseOMMTime(s string) (time.Time, error) {
	v := strings.TrimSuffix(strings.TrimSpace(s), "Z")
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an ISO 8601 UTC time like 2024-05-20T13:33:20.193984", s)
}

// intlFromObjectID turns "2019-074B" into the TLE form "19074B".
func intlFromObjectID(id string) string {
	id = strings.TrimSpace(id)
	if len(id) >= 9 && id[4] == '-' {
		return id[2:4] + id[5:]
	}
	return id
}
