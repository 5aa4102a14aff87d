package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"orbitnet/report"
	"orbitnet/sim"
	"sort"
	"strings"
)

const sparks = "▁▂▃▄▅▆▇█"

// RTTJSON is what rtt --json prints: the series' settings and the pair's
// statistics as in summary.json.
type RTTJSON struct {
	From     string             `json:"from"`
	To       string             `json:"to"`
	Scenario string             `json:"scenario"`
	Start    string             `json:"start"`
	StepS    float64            `json:"step_s"`
	Steps    int                `json:"steps"`
	Mode     string             `json:"mode"`
	Pair     report.PairSummary `json:"pair"`
}

// RTTSeriesResult is the statistics of one pair's RTT series.
type RTTSeriesResult struct {
	Doc       RTTJSON // the series' settings and the pair's statistics
	Sparkline string  // the series in SparkWidth columns, with its range
}

// JSON returns Doc as rtt --json prints it (indented, with a newline).
func (r *RTTSeriesResult) JSON() ([]byte, error) {
	js, err := json.MarshalIndent(r.Doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(js, '\n'), nil
}

// RTTSeries runs net, whose one listed pair is the places names, and
// returns the pair's statistics and sparkline; scenarioName is recorded in
// the document. Memory is bounded whatever the number of steps.
func RTTSeries(ctx context.Context, net *sim.Network, names [2]string, scenarioName string) (*RTTSeriesResult, error) {
	spark := newSparkBuckets(net.Cfg.Steps(), SparkWidth)
	res, err := sim.Run(ctx, net, sim.Options{}, sim.SinkFunc(func(r *sim.StepResult) error {
		if v := r.Values[0]; v.Reachable() {
			spark.add(r.Index, v.RTT().Ms())
		}
		return nil
	}))
	if err != nil {
		return nil, err
	}
	ps := report.PairSummaryOf(net, &res.Stats[0], names[0], names[1])
	return &RTTSeriesResult{
		Doc: RTTJSON{From: names[0], To: names[1], Scenario: scenarioName, Start: net.Cfg.Start.Format(TimeFormat),
			StepS: net.Cfg.Step.Seconds(), Steps: res.Steps, Mode: string(net.Cfg.Mode), Pair: ps},
		Sparkline: sparkline(spark.means(), SparkWidth),
	}, nil
}

// SparkWidth is the sparkline's width in columns.
const SparkWidth = 72

// sparkBuckets accumulates a series of n values into at most width
// buckets, the same ones sparkline makes of the whole series, so that a
// long series needs no memory per step.
type sparkBuckets struct {
	n    int
	sum  []float64
	cnt  []int
	cols int
}

func newSparkBuckets(n, width int) *sparkBuckets {
	cols := max(1, min(width, n))
	return &sparkBuckets{n: max(n, 1), sum: make([]float64, cols), cnt: make([]int, cols), cols: cols}
}

// add records value x of step i (0 ≤ i < n); steps without a value are
// gaps.
func (b *sparkBuckets) add(i int, x float64) {
	c := ((i+1)*b.cols - 1) / b.n // the bucket [c·n/cols, (c+1)·n/cols) holding i
	c = min(max(c, 0), b.cols-1)
	b.sum[c] += x
	b.cnt[c]++
}

// means returns each bucket's mean, NaN for a bucket without values.
func (b *sparkBuckets) means() []float64 {
	out := make([]float64, b.cols)
	for c := range out {
		out[c] = math.NaN()
		if b.cnt[c] > 0 {
			out[c] = b.sum[c] / float64(b.cnt[c])
		}
	}
	return out
}

// sparkline renders values in at most width columns (means of buckets); a
// gap marks buckets with no reachable step.
func sparkline(v []float64, width int) string {
	if len(v) == 0 {
		return ""
	}
	cols := min(width, len(v))
	vals := make([]float64, cols)
	var finite []float64
	for c := 0; c < cols; c++ {
		lo, hi := c*len(v)/cols, (c+1)*len(v)/cols
		sum, n := 0.0, 0
		for _, x := range v[lo:hi] {
			if !math.IsNaN(x) {
				sum += x
				n++
			}
		}
		vals[c] = math.NaN()
		if n > 0 {
			vals[c] = sum / float64(n)
			finite = append(finite, vals[c])
		}
	}
	if len(finite) == 0 {
		return strings.Repeat(" ", cols)
	}
	sort.Float64s(finite)
	lo, hi := finite[0], finite[len(finite)-1]
	r := []rune(sparks)
	var b strings.Builder
	for _, x := range vals {
		switch {
		case math.IsNaN(x):
			b.WriteRune(' ')
		case hi == lo:
			b.WriteRune(r[3])
		default:
			b.WriteRune(r[int((x-lo)/(hi-lo)*float64(len(r)-1)+0.5)])
		}
	}
	return fmt.Sprintf("%s  (%.2f–%.2f ms)", b.String(), lo, hi)
}
