package coverage

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// CSVHeader is the header line of WriteCSV's output (docs/coverage.md
// describes each column).
var CSVHeader = []string{"cell", "lat_deg", "lon_deg", "area_km2", "covered_frac",
	"min_visible", "mean_visible", "max_visible", "mean_best_elev_deg", "min_best_elev_deg",
	"gateway_frac", "pop", "pop_rtt_median_ms", "pop_reachable_frac"}

// WriteCSV writes one row per cell, in the order of Config.Cells, after
// CSVHeader. Real numbers have 6 decimals; a field that does not apply
// (NaN: never covered, no gateways, no PoPs, never reachable) is empty.
// Fields are quoted as RFC 4180 requires (a PoP name with a comma).
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	row := make([]string, len(CSVHeader))
	for i := range r.Cells {
		c := &r.Cells[i]
		row = append(row[:0], c.Name, fixed(c.Lat), fixed(c.Lon), fixed(c.AreaKm2), fixed(c.CoveredFrac),
			strconv.Itoa(c.MinVisible), fixed(c.MeanVisible), strconv.Itoa(c.MaxVisible),
			fixed(c.MeanBestElev.Deg()), fixed(c.MinBestElev.Deg()), fixed(c.GatewayFrac),
			c.PoPName, fixed(c.PoPRTTMedian.Ms()), fixed(c.PoPReachableFrac))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// fixed formats v with 6 decimals, or "" for NaN.
func fixed(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	if v == 0 {
		v = 0 // no "-0.000000"
	}
	s := strconv.FormatFloat(v, 'f', 6, 64)
	if s == "-0.000000" {
		s = "0.000000"
	}
	return s
}
