package capacity

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CSVWriter writes capacity.csv, one row per demand per step:
//
//	time_s,src,dst,demand_gbps,throughput_gbps,path_bottleneck_link
//	0,London,New York,12.5,2,gsl-user:STARLINK-1007>London
//
// time_s is the step's offset from the start in seconds; src and dst name
// the demand's endpoints; demand_gbps is the offered rate (+Inf for an
// elastic demand) and throughput_gbps the allocated one, both in Gb/s.
// path_bottleneck_link names the resource that limits the demand (see
// Problem.ResourceName): empty when the demand got its rate, "unrouted" when
// it had no path, and for a demand split over several paths the distinct
// bottlenecks of its sub-flows in path order, joined by ';'. Numbers are
// written in the shortest form that reads back exactly.
type CSVWriter struct {
	w        *csv.Writer
	endpoint func(int) string
	node     func(int32) string
	header   bool
}

// NewCSVWriter returns a writer of capacity.csv rows to w. endpointName
// names a demand endpoint (Demand.Src/Dst: a ground-node index for
// FromSnapshot) and nodeName a graph node (the engine's
// sim.Network.NodeName fits); nil for either writes numbers.
func NewCSVWriter(w io.Writer, endpointName func(int) string, nodeName func(int32) string) *CSVWriter {
	if endpointName == nil {
		endpointName = strconv.Itoa
	}
	if nodeName == nil {
		nodeName = func(v int32) string { return strconv.Itoa(int(v)) }
	}
	return &CSVWriter{w: csv.NewWriter(w), endpoint: endpointName, node: nodeName}
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
	ts := formatSeconds(offset)
	tp := p.Throughput(a)
	rec := make([]string, 6)
	var names []string
	for d, dm := range p.Demands {
		names = names[:0]
		if !p.Routed(d) {
			names = append(names, "unrouted")
		}
		for i := p.FirstFlow[d]; i < p.FirstFlow[d+1]; i++ {
			if r := a.Limit[i]; r >= 0 {
				if n := p.ResourceName(r, c.node); !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		rec[0], rec[1], rec[2] = ts, c.endpoint(dm.Src), c.endpoint(dm.Dst)
		rec[3], rec[4], rec[5] = formatGbps(dm.Rate), formatGbps(tp[d]), strings.Join(names, ";")
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
func WriteCapacityCSV(w io.Writer, offset time.Duration, p *Problem, a *Allocation, endpointName func(int) string, nodeName func(int32) string) error {
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

// WriteSummaryCSV writes utilisation summaries, with a header line:
//
//	time_s,class,resources,loaded,saturated,mean_util,p50_util,p90_util,p99_util,max_util
//
// Utilisations are fractions (1 = full); statistics over no loaded
// resource are written as empty fields.
func WriteSummaryCSV(w io.Writer, offset time.Duration, summaries []ClassSummary) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"time_s", "class", "resources", "loaded", "saturated", "mean_util", "p50_util", "p90_util", "p99_util", "max_util"})
	ts := formatSeconds(offset)
	for _, s := range summaries {
		rec := []string{ts, s.Name(), strconv.Itoa(s.Resources), strconv.Itoa(s.Loaded), strconv.Itoa(s.Saturated)}
		for _, v := range []float64{s.Mean, s.P50, s.P90, s.P99, s.Max} {
			if math.IsNaN(v) {
				rec = append(rec, "")
			} else {
				rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// WriteBottleneckCSV writes the saturated resources of a, most limiting
// first (Allocation.Saturated), with a header line:
//
//	time_s,resource,capacity_gbps,load_gbps,flows_limited
//
// nodeName names graph nodes as for Problem.ResourceName.
func WriteBottleneckCSV(w io.Writer, offset time.Duration, p *Problem, a *Allocation, nodeName func(int32) string) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"time_s", "resource", "capacity_gbps", "load_gbps", "flows_limited"})
	ts := formatSeconds(offset)
	for _, b := range a.Saturated {
		cw.Write([]string{ts, p.ResourceName(b.Resource, nodeName), formatGbps(a.Capacity[b.Resource]),
			formatGbps(a.Load[b.Resource]), strconv.Itoa(b.Flows)})
	}
	cw.Flush()
	return cw.Error()
}

func formatSeconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

func formatGbps(r Gbps) string { return strconv.FormatFloat(float64(r), 'g', -1, 64) }
