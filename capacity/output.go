package capacity

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"orbitnet/sim"
)

// CSVWriter writes capacity.csv, one row per demand per step:
//
//	time_s,src,dst,demand_gbps,throughput_gbps,path_bottleneck_link
//	0,London,New York,12.5,2,gsl-user:STARLINK-1007>London
//
// The columns are Row's (see StepRows). Rates are rounded to 1 kb/s (6
// decimals of Gb/s) and written without trailing zeros; time_s in the
// shortest form that reads back exactly (steps are whole milliseconds).
type CSVWriter struct {
	w        *csv.Writer
	endpoint func(int) string
	node     func(sim.NodeID) string
	header   bool
	rows     []Row
}

// NewCSVWriter returns a writer of capacity.csv rows to w. endpointName
// names a demand endpoint (Demand.Src/Dst: a ground-node index for
// FromSnapshot) and nodeName a graph node (the engine's
// sim.Network.NodeName fits); nil for either writes numbers.
func NewCSVWriter(w io.Writer, endpointName func(int) string, nodeName func(sim.NodeID) string) *CSVWriter {
	endpointName, nodeName = defaultNames(endpointName, nodeName)
	return &CSVWriter{w: csv.NewWriter(w), endpoint: endpointName, node: nodeName}
}

func defaultNames(endpointName func(int) string, nodeName func(sim.NodeID) string) (func(int) string, func(sim.NodeID) string) {
	if endpointName == nil {
		endpointName = strconv.Itoa
	}
	if nodeName == nil {
		nodeName = func(v sim.NodeID) string { return strconv.Itoa(int(v)) }
	}
	return endpointName, nodeName
}

// Row is one demand at one step: a row of capacity.csv and of
// capacity.parquet.
type Row struct {
	TimeS float64 `parquet:"time_s"` // the step's offset from the start, s
	Src   string  `parquet:"src,dict"`
	Dst   string  `parquet:"dst,dict"`
	// DemandGbps is the offered rate (+Inf for an elastic demand) and
	// ThroughputGbps the allocated one, both rounded to 1 kb/s.
	DemandGbps     float64 `parquet:"demand_gbps"`
	ThroughputGbps float64 `parquet:"throughput_gbps"`
	// Bottleneck names the resource that limits the demand (see
	// Problem.ResourceName): empty when the demand got its rate,
	// "unrouted" when it had no path, and for a demand split over several
	// paths the distinct bottlenecks of its sub-flows in path order,
	// joined by ';'.
	Bottleneck string `parquet:"path_bottleneck_link,dict"`
}

// StepRows appends to rows one Row per demand of p, in demand order, and
// returns the result. endpointName and nodeName are as for NewCSVWriter.
func StepRows(rows []Row, offset time.Duration, p *Problem, a *Allocation, endpointName func(int) string, nodeName func(sim.NodeID) string) []Row {
	endpointName, nodeName = defaultNames(endpointName, nodeName)
	tp := p.Throughput(a)
	var names []string
	for d, dm := range p.Demands {
		names = names[:0]
		if !p.Routed(d) {
			names = append(names, "unrouted")
		}
		for i := p.FirstFlow[d]; i < p.FirstFlow[d+1]; i++ {
			if r := a.Limit[i]; r >= 0 {
				if n := p.ResourceName(r, nodeName); !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		rows = append(rows, Row{TimeS: offset.Seconds(), Src: endpointName(dm.Src), Dst: endpointName(dm.Dst),
			DemandGbps: roundMicro(float64(dm.Rate)), ThroughputGbps: roundMicro(float64(tp[d])),
			Bottleneck: strings.Join(names, ";")})
	}
	return rows
}

// WriteStep writes the header, the first time, then one row per demand of
// p in demand order.
func (c *CSVWriter) WriteStep(offset time.Duration, p *Problem, a *Allocation) error {
	if !c.header {
		c.header = true
		if err := c.w.Write([]string{"time_s", "src", "dst", "demand_gbps", "throughput_gbps", "path_bottleneck_link"}); err != nil {
			return err
		}
	}
	c.rows = StepRows(c.rows[:0], offset, p, a, c.endpoint, c.node)
	ts := formatSeconds(offset)
	rec := make([]string, 6)
	for _, r := range c.rows {
		rec[0], rec[1], rec[2] = ts, r.Src, r.Dst
		rec[3], rec[4], rec[5] = formatGbps(Gbps(r.DemandGbps)), formatGbps(Gbps(r.ThroughputGbps)), r.Bottleneck
		if err := c.w.Write(rec); err != nil {
			return err
		}
	}
	return c.w.Error()
}

// Flush writes any buffered rows and reports any write error.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// WriteCapacityCSV writes one step's capacity.csv, header included (see
// CSVWriter; use a CSVWriter for several steps in one file).
func WriteCapacityCSV(w io.Writer, offset time.Duration, p *Problem, a *Allocation, endpointName func(int) string, nodeName func(sim.NodeID) string) error {
	c := NewCSVWriter(w, endpointName, nodeName)
	if err := c.WriteStep(offset, p, a); err != nil {
		return err
	}
	return c.Flush()
}

// ClassSummary summarises the utilisation of one class of resources: the
// arcs of one link kind, or the pool directions of one kind.
type ClassSummary struct {
	Kind LinkKind
	Pool bool
	// Resources counts the arcs (two per link) or pool directions (two per
	// pool); Loaded those carrying traffic, Saturated those within RelTol of
	// their capacity.
	Resources, Loaded, Saturated int
	// Utilisation statistics over the loaded resources (NaN when none is):
	// mean, quantiles by linear interpolation between order statistics, and
	// maximum.
	Mean, P50, P90, P99, Max float64
}

// Name returns the class's name: the link kind ("isl"), with "-pool" for
// pools ("gsl-gateway-pool").
func (s ClassSummary) Name() string {
	if s.Pool {
		return s.Kind.String() + "-pool"
	}
	return s.Kind.String()
}

// Summarize returns the utilisation summary of every class of resource the
// problem has, links before pools, each in LinkKind order.
func Summarize(p *Problem, a *Allocation) []ClassSummary {
	var out []ClassSummary
	sat := make([]bool, p.NumResources())
	for _, b := range a.Saturated {
		sat[b.Resource] = true
	}
	for _, pool := range []bool{false, true} {
		for k := range numKinds {
			s := ClassSummary{Kind: k, Pool: pool}
			var loaded []float64
			for r := range int32(p.NumResources()) {
				res := p.Resource(r)
				if res.Kind != k || res.IsPool != pool {
					continue
				}
				s.Resources++
				if a.Load[r] > 0 {
					loaded = append(loaded, a.Utilisation(r))
				}
				if sat[r] {
					s.Saturated++
				}
			}
			if s.Resources == 0 {
				continue
			}
			s.Loaded = len(loaded)
			s.Mean, s.P50, s.P90, s.P99, s.Max = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
			if len(loaded) > 0 {
				slices.Sort(loaded)
				sum := 0.0
				for _, u := range loaded {
					sum += u
				}
				s.Mean = sum / float64(len(loaded))
				s.P50, s.P90, s.P99 = quantile(loaded, 0.5), quantile(loaded, 0.9), quantile(loaded, 0.99)
				s.Max = loaded[len(loaded)-1]
			}
			out = append(out, s)
		}
	}
	return out
}

// quantile returns the q-quantile of sorted values by linear interpolation
// between order statistics (numpy's default, as in package report).
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(lo)
	return sorted[lo] + f*(sorted[lo+1]-sorted[lo])
}

// SummaryWriter writes capacity_links.csv: a header line, then the
// utilisation summaries of every step written:
//
//	time_s,class,resources,loaded,saturated,mean_util,p50_util,p90_util,p99_util,max_util
//
// Utilisations are fractions (1 = full) rounded to 6 decimals; statistics
// over no loaded resource are empty fields.
type SummaryWriter struct {
	w      *csv.Writer
	header bool
}

// NewSummaryWriter returns a SummaryWriter writing to w.
func NewSummaryWriter(w io.Writer) *SummaryWriter { return &SummaryWriter{w: csv.NewWriter(w)} }

// WriteStep writes one step's summaries (the header the first time) and
// flushes.
func (sw *SummaryWriter) WriteStep(offset time.Duration, summaries []ClassSummary) error {
	if !sw.header {
		sw.header = true
		sw.w.Write([]string{"time_s", "class", "resources", "loaded", "saturated", "mean_util", "p50_util", "p90_util", "p99_util", "max_util"})
	}
	ts := formatSeconds(offset)
	for _, s := range summaries {
		rec := []string{ts, s.Name(), strconv.Itoa(s.Resources), strconv.Itoa(s.Loaded), strconv.Itoa(s.Saturated)}
		for _, v := range []float64{s.Mean, s.P50, s.P90, s.P99, s.Max} {
			if math.IsNaN(v) {
				rec = append(rec, "")
			} else {
				rec = append(rec, strconv.FormatFloat(roundMicro(v), 'f', -1, 64))
			}
		}
		sw.w.Write(rec)
	}
	sw.w.Flush()
	return sw.w.Error()
}

// WriteSummaryCSV writes one step's utilisation summaries with a header
// line (see SummaryWriter; use one for several steps in one file).
func WriteSummaryCSV(w io.Writer, offset time.Duration, summaries []ClassSummary) error {
	return NewSummaryWriter(w).WriteStep(offset, summaries)
}

// BottleneckWriter writes capacity_bottlenecks.csv: a header line, then
// the saturated resources of every step written, most limiting first
// (Allocation.Saturated):
//
//	time_s,resource,capacity_gbps,load_gbps,flows_limited
type BottleneckWriter struct {
	w      *csv.Writer
	node   func(sim.NodeID) string
	header bool
}

// NewBottleneckWriter returns a BottleneckWriter writing to w; nodeName
// names graph nodes as for Problem.ResourceName.
func NewBottleneckWriter(w io.Writer, nodeName func(sim.NodeID) string) *BottleneckWriter {
	return &BottleneckWriter{w: csv.NewWriter(w), node: nodeName}
}

// WriteStep writes one step's bottlenecks (the header the first time) and
// flushes.
func (bw *BottleneckWriter) WriteStep(offset time.Duration, p *Problem, a *Allocation) error {
	if !bw.header {
		bw.header = true
		bw.w.Write([]string{"time_s", "resource", "capacity_gbps", "load_gbps", "flows_limited"})
	}
	ts := formatSeconds(offset)
	for _, b := range a.Saturated {
		bw.w.Write([]string{ts, p.ResourceName(b.Resource, bw.node), formatGbps(a.Capacity[b.Resource]),
			formatGbps(a.Load[b.Resource]), strconv.Itoa(b.Flows)})
	}
	bw.w.Flush()
	return bw.w.Error()
}

// WriteBottleneckCSV writes one step's bottlenecks with a header line (see
// BottleneckWriter).
func WriteBottleneckCSV(w io.Writer, offset time.Duration, p *Problem, a *Allocation, nodeName func(sim.NodeID) string) error {
	return NewBottleneckWriter(w, nodeName).WriteStep(offset, p, a)
}

func formatSeconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

// roundMicro rounds v to 6 decimals (1 kb/s for a rate in Gb/s); ±Inf and
// NaN are kept.
func roundMicro(v float64) float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	r := math.Round(v*1e6) / 1e6
	if r == 0 {
		return 0 // not -0
	}
	return r
}

// formatGbps writes a rate rounded to 1 kb/s, without trailing zeros:
// 12.5, 0.666667, +Inf.
func formatGbps(r Gbps) string {
	return strconv.FormatFloat(roundMicro(float64(r)), 'f', -1, 64)
}
