package starlink

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"orbitnet/orbit/units"
)

//go:embed data/measurements.csv
var measurementsCSV string

// Measurement is one published Starlink RTT measurement (a site): where
// the user was, what it measured to, and the figures the source gives
// (NaN where it gives none). data/PROVENANCE.md cites each.
type Measurement struct {
	Site  string
	Place string // "lat,lon"
	// Dest is where RTT was measured to: "home" (the user's PoP) or a place.
	Dest string
	// Calibration: the site was used to choose the access parameters;
	// false: held out.
	Calibration bool
	Median      units.Delay
	QLo         float64     // a lower percentile (0–1)
	Lo          units.Delay // its RTT
	QHi         float64     // an upper percentile
	Hi          units.Delay // its RTT
	Min         units.Delay
	Laser       bool // the path needs laser links (no gateway in bent-pipe range)
	Verified    bool // figures read in stored text (false: recalled)
	Source      string
}

// Measurements returns the embedded table of published measurements.
func Measurements() ([]Measurement, error) {
	return ParseMeasurements(strings.NewReader(measurementsCSV), "measurements.csv")
}

// ParseMeasurements reads a measurements table (the embedded file's
// format); errors name the file, line and field.
func ParseMeasurements(r io.Reader, name string) ([]Measurement, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 13
	var out []Measurement
	header := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if header {
			header = false
			continue
		}
		if len(out) >= 1000 {
			return nil, fmt.Errorf("%s:%d: more than 1000 sites", name, line)
		}
		num := func(i int, field string) (float64, error) {
			s := strings.TrimSpace(rec[i])
			if s == "" {
				return math.NaN(), nil
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
				return 0, fmt.Errorf("%s:%d: %s %q: not a non-negative number", name, line, field, s)
			}
			return v, nil
		}
		m := Measurement{Site: rec[0], Place: rec[1], Dest: rec[2], Source: rec[12]}
		switch rec[3] {
		case "calibration":
			m.Calibration = true
		case "held-out":
		default:
			return nil, fmt.Errorf("%s:%d: set %q: want calibration or held-out", name, line, rec[3])
		}
		fields := []struct {
			i    int
			name string
			dst  *float64
		}{{4, "median_ms", (*float64)(&m.Median)}, {5, "q_lo", &m.QLo}, {6, "ms_lo", (*float64)(&m.Lo)}, {7, "q_hi", &m.QHi},
			{8, "ms_hi", (*float64)(&m.Hi)}, {9, "min_ms", (*float64)(&m.Min)}}
		for _, f := range fields {
			v, err := num(f.i, f.name)
			if err != nil {
				return nil, err
			}
			*f.dst = v
		}
		if m.QLo > 1 || m.QHi > 1 {
			return nil, fmt.Errorf("%s:%d: q_lo/q_hi: percentiles are fractions in [0, 1]", name, line)
		}
		m.Laser = rec[10] == "yes"
		m.Verified = rec[11] == "read"
		out = append(out, m)
	}
	return out, nil
}
