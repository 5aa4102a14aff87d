package report

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// FormatLat writes a latitude in degrees with decimals digits after the
// point and its hemisphere: 48.09°N, 89.10°S, 0.00° (no hemisphere when it
// rounds to zero).
func FormatLat(lat float64, decimals int) string { return hemisphere(lat, decimals, "N", "S") }

// FormatLon writes a longitude in degrees, first brought into (−180°,
// 180°], with decimals digits and its hemisphere: 35.90°E, 120.00°W, 180°
// (neither east nor west at 0° and 180°).
func FormatLon(lon float64, decimals int) string {
	return hemisphere(normLon(lon), decimals, "E", "W")
}

// FormatLatLon writes a point as "48.09°N 35.90°E".
func FormatLatLon(lat, lon float64, decimals int) string {
	return FormatLat(lat, decimals) + " " + FormatLon(lon, decimals)
}

// normLon brings lon into (−180, 180].
func normLon(lon float64) float64 {
	lon = math.Mod(lon, 360)
	if lon > 180 {
		lon -= 360
	} else if lon <= -180 {
		lon += 360
	}
	return lon
}

func hemisphere(v float64, decimals int, pos, neg string) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	if strings.Trim(s, "0.") == "" { // rounds to zero
		return s + "°"
	}
	if pos == "E" && strings.Trim(strings.TrimPrefix(s, "180"), "0.") == "" && strings.HasPrefix(s, "180") {
		return s + "°" // the antimeridian is neither east nor west
	}
	if v < 0 {
		return s + "°" + neg
	}
	return s + "°" + pos
}

// degreeTicks returns ticks as niceTicks(n) labelled as latitudes (lat) or
// longitudes with their hemisphere, keeping niceTicks' decimals.
func degreeTicks(n int, lat bool) plot.Ticker {
	base := niceTicks(n)
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		ticks := base.Ticks(lo, hi)
		for i, t := range ticks {
			if t.Label == "" {
				continue
			}
			dec := 0
			if k := strings.IndexByte(t.Label, '.'); k >= 0 {
				dec = len(t.Label) - k - 1
			}
			if lat {
				ticks[i].Label = FormatLat(t.Value, dec)
			} else {
				ticks[i].Label = FormatLon(t.Value, dec)
			}
		}
		return ticks
	})
}
