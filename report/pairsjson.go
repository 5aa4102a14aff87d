package report

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// The summary's pair tables written without reflection: json.Marshal
// spent 8–9 ms on W1's 4,950-pair table when warm (more in a fresh
// process), serially at the end of the run; these append the same bytes
// (TestSummaryJSON and FuzzPairJSON compare them with json.Marshal) in
// less time.

// Summary's and AllPairs' fields around their pair tables, with the same
// names and options (TestSummaryJSONFields keeps them so).
type (
	summaryHead struct {
		Version  string `json:"orbitnet_version"`
		Scenario any    `json:"scenario"`
		Counts   Counts `json:"counts"`
	}
	summaryTail struct {
		Shells    []ShellInfo       `json:"shells"`
		WhatIf    *WhatIf           `json:"what_if,omitempty"`
		Terminals []TerminalSummary `json:"terminals,omitempty"`
	}
	allPairsHead struct {
		Count             int      `json:"count"`
		NeverReachable    int      `json:"never_reachable"`
		MedianOfMedianRTT *float64 `json:"median_of_median_rtt_ms"`
		MedianStretch     *float64 `json:"median_of_median_stretch"`
		P95Stretch        *float64 `json:"p95_of_median_stretch"`
		TotalPathChanges  int64    `json:"total_path_changes"`
		TotalHandovers    int64    `json:"total_handovers"`
	}
)

// marshalSummary returns json.Marshal(s).
func marshalSummary(s *Summary) ([]byte, error) {
	n := len(s.Pairs)
	if s.AllPairs != nil {
		n += len(s.AllPairs.Pairs)
	}
	b := make([]byte, 0, 1024+300*n)
	b, err := appendOpen(b, summaryHead{s.Version, s.Scenario, s.Counts})
	if err != nil {
		return nil, err
	}
	b = append(b, `,"pairs":`...)
	if b, err = appendPairsJSON(b, s.Pairs); err != nil {
		return nil, err
	}
	if a := s.AllPairs; a != nil {
		b = append(b, `,"all_pairs":`...)
		if b, err = appendOpen(b, allPairsHead{a.Count, a.NeverReachable, a.MedianOfMedianRTT, a.MedianStretch,
			a.P95Stretch, a.TotalPathChanges, a.TotalHandovers}); err != nil {
			return nil, err
		}
		b = append(b, `,"pairs":`...)
		if b, err = appendPairsJSON(b, a.Pairs); err != nil {
			return nil, err
		}
		if a.PairsFile != "" {
			b = append(b, `,"pairs_file":`...)
			b = appendJSONString(b, a.PairsFile)
		}
		b = append(b, '}')
	}
	tail, err := json.Marshal(summaryTail{s.Shells, s.WhatIf, s.Terminals})
	if err != nil {
		return nil, err
	}
	b = append(b, ',')
	return append(b, tail[1:]...), nil // after its opening brace
}

// appendOpen appends json.Marshal(v) of a struct with at least one field
// that is always written, without the closing brace.
func appendOpen(b []byte, v any) ([]byte, error) {
	m, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, m[:len(m)-1]...), nil
}

// appendPairsJSON appends json.Marshal(ps).
func appendPairsJSON(b []byte, ps []PairSummary) ([]byte, error) {
	if ps == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendPairJSON(b, &ps[i]); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// appendPairJSON appends json.Marshal(p).
func appendPairJSON(b []byte, p *PairSummary) ([]byte, error) {
	if !p.finite() {
		// json.Marshal's error (it refuses NaN and infinities)
		_, err := json.Marshal(p)
		return nil, err
	}
	b = append(b, `{"src":`...)
	b = appendJSONString(b, p.Src)
	b = append(b, `,"dst":`...)
	b = appendJSONString(b, p.Dst)
	b = append(b, `,"min_rtt_ms":`...)
	b = appendOptFloat(b, p.MinRTTMs)
	b = append(b, `,"median_rtt_ms":`...)
	b = appendOptFloat(b, p.MedianRTTMs)
	b = append(b, `,"p95_rtt_ms":`...)
	b = appendOptFloat(b, p.P95RTTMs)
	b = append(b, `,"max_rtt_ms":`...)
	b = appendOptFloat(b, p.MaxRTTMs)
	b = append(b, `,"mean_hops":`...)
	b = appendOptFloat(b, p.MeanHops)
	b = append(b, `,"reachable_steps":`...)
	b = strconv.AppendInt(b, p.ReachableSteps, 10)
	b = append(b, `,"unreachable_s":`...)
	b = appendJSONFloat(b, p.UnreachableS)
	b = append(b, `,"path_changes":`...)
	b = strconv.AppendInt(b, p.PathChanges, 10)
	b = append(b, `,"handovers":`...)
	b = strconv.AppendInt(b, p.Handovers, 10)
	b = append(b, `,"geodesic_km":`...)
	b = appendJSONFloat(b, p.GeodesicKm)
	b = append(b, `,"geodesic_rtt_ms":`...)
	b = appendJSONFloat(b, p.GeodesicRTTMs)
	b = append(b, `,"median_stretch":`...)
	b = appendOptFloat(b, p.MedianStretch)
	if p.Components != nil {
		c, err := json.Marshal(p.Components)
		if err != nil {
			return nil, err
		}
		b = append(b, `,"components":`...)
		b = append(b, c...)
	}
	return append(b, '}'), nil
}

// finite reports whether every float of p is finite.
func (p *PairSummary) finite() bool {
	ok := func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
	for _, f := range [...]*float64{p.MinRTTMs, p.MedianRTTMs, p.P95RTTMs, p.MaxRTTMs, p.MeanHops, p.MedianStretch} {
		if f != nil && !ok(*f) {
			return false
		}
	}
	return ok(p.UnreachableS) && ok(p.GeodesicKm) && ok(p.GeodesicRTTMs)
}

func appendOptFloat(b []byte, f *float64) []byte {
	if f == nil {
		return append(b, "null"...)
	}
	return appendJSONFloat(b, *f)
}

// appendJSONFloat appends a finite float64 as encoding/json writes it:
// the shortest decimal that reads back the same, in exponent form below
// 1e-6 and from 1e21 on, with a one-digit negative exponent unpadded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString appends s quoted as json.Marshal quotes it. Names are
// printable text: those with nothing to escape (valid UTF-8 without
// control characters, quotes, backslashes, <, >, &, U+2028 or U+2029) are
// copied; any other goes through json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshalled(b, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return appendMarshalled(b, s)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshalled(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
