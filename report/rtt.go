package report

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"

	"orbitnet/orbit/units"
	"orbitnet/sim"
)

// RTTHeader is the header line of rtt.csv.
const RTTHeader = "time_s,src,dst,rtt_ms,hops"

// EventsHeader is the header line of events.csv.
const EventsHeader = "time_s,src,dst,event,uplink_from,uplink_to,downlink_from,downlink_to,rtt_before_ms,rtt_after_ms,path"

// PathsHeader is the header line of paths.csv.
const PathsHeader = "time_s,src,dst,delay_fwd_ms,delay_rev_ms,rtt_ms,hops,path"

// CSVWriter streams rtt.csv and events.csv (and optionally paths.csv) rows
// for the listed pairs.
type CSVWriter struct {
	rtt, events *bufio.Writer
	paths       *bufio.Writer
	net         *sim.Network
	names       [][2]string // display names of the listed pairs
	buf         []byte
}

// NewCSVWriter writes headers and returns a writer. names gives each listed
// pair's display names (as written in the scenario).
func NewCSVWriter(rtt, events io.Writer, net *sim.Network, names [][2]string) (*CSVWriter, error) {
	w := &CSVWriter{rtt: bufio.NewWriterSize(rtt, 1<<16), events: bufio.NewWriterSize(events, 1<<16), net: net, names: names}
	hdr := RTTHeader
	if net.Cfg.Mode == sim.Starlink {
		hdr += RTTPartsHeader
	}
	if _, err := w.rtt.WriteString(hdr + "\n"); err != nil {
		return nil, err
	}
	if _, err := w.events.WriteString(EventsHeader + "\n"); err != nil {
		return nil, err
	}
	return w, nil
}

// WithPaths also writes paths.csv to w.
func (w *CSVWriter) WithPaths(pw io.Writer) error {
	w.paths = bufio.NewWriterSize(pw, 1<<16)
	_, err := w.paths.WriteString(PathsHeader + "\n")
	return err
}

// TimeS formats a step's offset in seconds with 3 decimals.
func TimeS(r *sim.StepResult) string {
	return strconv.FormatFloat(r.Offset.Seconds(), 'f', 3, 64)
}

// FormatDelay formats a delay in milliseconds with 6 decimals (nanosecond
// resolution), or "" for NaN/Inf.
func FormatDelay(d units.Delay) string {
	ms := d.Ms()
	if math.IsNaN(ms) || math.IsInf(ms, 0) {
		return ""
	}
	return strconv.FormatFloat(ms, 'f', 6, 64)
}

// Step writes the rows of one step.
func (w *CSVWriter) Step(r *sim.StepResult) error {
	t := TimeS(r)
	for k, nm := range w.names {
		v := r.Values[k]
		b := w.buf[:0]
		b = append(b, t...)
		b = append(b, ',')
		b = appendCSV(b, nm[0])
		b = append(b, ',')
		b = appendCSV(b, nm[1])
		b = append(b, ',')
		if v.Reachable() {
			b = strconv.AppendFloat(b, v.RTT().Ms(), 'f', 6, 64)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(v.Hops), 10)
		} else {
			b = append(b, ',')
		}
		if r.Parts != nil {
			b = appendParts(b, v, r.Parts[k])
		}
		b = append(b, '\n')
		w.buf = b
		if _, err := w.rtt.Write(b); err != nil {
			return err
		}
	}
	if w.paths != nil {
		for k, nm := range w.names {
			v := r.Values[k]
			fields := []string{t, csvField(nm[0]), csvField(nm[1]), "", "", "", "", ""}
			if v.Reachable() {
				// the snapshot graph is symmetric: both directions have the same delay
				fields[3], fields[4], fields[5] = FormatDelay(v.Delay), FormatDelay(v.Delay), FormatDelay(v.RTT())
				fields[6] = strconv.Itoa(int(v.Hops))
				fields[7] = csvField(w.PathString(r.Paths[k]))
			}
			if _, err := w.paths.WriteString(strings.Join(fields, ",") + "\n"); err != nil {
				return err
			}
		}
	}
	for _, e := range r.Events {
		nm := w.names[e.Pair]
		fields := []string{t, csvField(nm[0]), csvField(nm[1]), string(e.Kind), "", "", "", "",
			FormatDelay(2 * e.OldDelay), FormatDelay(2 * e.NewDelay), ""}
		if e.Kind == sim.Handover {
			fields[4], fields[5] = w.satName(e.FirstFrom), w.satName(e.FirstTo)
			fields[6], fields[7] = w.satName(e.LastFrom), w.satName(e.LastTo)
		}
		if e.Kind == sim.PathChange || e.Kind == sim.OutageEnd {
			fields[10] = csvField(w.PathString(r.Paths[e.Pair]))
		}
		if _, err := w.events.WriteString(strings.Join(fields, ",") + "\n"); err != nil {
			return err
		}
	}
	return nil
}

func (w *CSVWriter) satName(s int32) string {
	if s < 0 {
		return ""
	}
	return csvField(w.net.Cfg.Constellation.Sats[s].Name)
}

// PathString renders a node path as "A > B > C".
func (w *CSVWriter) PathString(p sim.Path) string {
	names := make([]string, p.Len())
	for i, v := range p.All() {
		names[i] = w.net.NodeName(v)
	}
	return strings.Join(names, " > ")
}

// Flush flushes the files' buffers.
func (w *CSVWriter) Flush() error {
	if err := w.rtt.Flush(); err != nil {
		return err
	}
	if w.paths != nil {
		if err := w.paths.Flush(); err != nil {
			return err
		}
	}
	return w.events.Flush()
}

func appendCSV(b []byte, s string) []byte { return append(b, csvField(s)...) }

// csvField quotes a field when RFC 4180 requires it.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
