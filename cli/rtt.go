package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/ground"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

func newRTTCmd(env Env) *cobra.Command {
	var scen, duration, step, at string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "rtt FROM TO",
		Short: "Quick RTT between two places: series summary, or the path at one instant",
		Long: `rtt answers for one pair: FROM and TO are city names (the embedded top-1000
list, with aliases such as Kiev/Kyiv) or "lat,lon" in degrees, or names of the
scenario's ground nodes. Places not in the scenario are added to it as
stations. Without --at it prints the RTT series' statistics and a sparkline;
with --at it prints the path at that instant hop by hop.`,
		Example: `  orbitnet rtt "New York" London
  orbitnet rtt Kyiv Frankfurt --scenario starlink-gen1 --duration 5m --step 1s
  orbitnet rtt 50.45,30.52 "Rio de Janeiro" --at 30s`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				fmt.Fprint(env.Stderr, cmd.UsageString())
				return usagef("rtt needs two places, FROM and TO (got %d argument%s)", len(args), plural(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && at != "" {
				return usagef("--json applies to the series summary, not to --at")
			}
			sc, err := scenario.Load(scen)
			if err != nil {
				return asUsage(err)
			}
			cfg := sc.Config
			cfg.Ground = append([]ground.Node(nil), cfg.Ground...)
			var idx [2]int
			for i, name := range args {
				if idx[i], err = scenario.PlaceIndex(&cfg, name); err != nil {
					return asUsage(err)
				}
				scenario.AdoptName(&cfg, idx[i], name)
			}
			if idx[0] == idx[1] {
				return usagef("FROM and TO are the same place (%s)", cfg.Ground[idx[0]].Name)
			}
			cfg.Pairs = [][2]int{idx}
			cfg.AllPairs = false
			if err := overrideTimes(&cfg, duration, step); err != nil {
				return err
			}
			net, err := sim.NewNetwork(cfg)
			if err != nil {
				return usagef("%v", err)
			}
			names := [2]string{cfg.Ground[idx[0]].Name, cfg.Ground[idx[1]].Name}
			if at != "" {
				off, err := parseAt(at, cfg.Start)
				if err != nil {
					return asUsage(err)
				}
				if off < 0 || off > cfg.Duration {
					return usagef("--at %s: outside the scenario's time range, %s to %s (start + %s); --duration extends it",
						at, cfg.Start.Format(TimeFormat), cfg.Start.Add(cfg.Duration).Format(TimeFormat), cfg.Duration)
				}
				return printPath(env, net, idx, names, off)
			}
			return printSeries(cmd.Context(), env, net, names, sc.File.Name, asJSON)
		},
	}
	cmd.Flags().StringVar(&scen, "scenario", scenario.Default, "embedded scenario name or YAML file")
	cmd.Flags().StringVar(&duration, "duration", "", "override the scenario's duration")
	cmd.Flags().StringVar(&step, "step", "", "override the scenario's step")
	cmd.Flags().StringVar(&at, "at", "", "one instant inside the scenario: an offset from the start (30s), an RFC 3339 time or a date")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the series summary as one JSON object (see docs/outputs.md)")
	return cmd
}

func parseAt(s string, start time.Time) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	t, err := scenario.ParseTime(s)
	if err != nil {
		return 0, fmt.Errorf("--at %q: neither an offset like 30s nor an RFC 3339 time or a date", s)
	}
	return t.Sub(start), nil
}

func printPath(env Env, net *sim.Network, idx [2]int, names [2]string, off time.Duration) error {
	ws := net.NewWorkspace()
	ws.Build(off)
	pv, path := ws.Route(idx[0], idx[1], nil)
	g := net.Cfg.Ground
	geo, km := report.GeodesicRTTMs(g[idx[0]], g[idx[1]])
	fmt.Fprintf(env.Stdout, "%s → %s at %s (start + %s), %s routing\n", names[0], names[1],
		ws.Time.Format(TimeFormat), off, net.Cfg.Mode)
	if !pv.Reachable() {
		fmt.Fprintf(env.Stdout, "unreachable (geodesic %.0f km, %.3f ms RTT at c)\n", km, geo)
		return nil
	}
	fmt.Fprintf(env.Stdout, "%-4s %-34s %-34s %10s %10s\n", "hop", "from", "to", "km", "ms")
	// each hop's kind, length and delay as the engine routed on it
	for i, h := range ws.Hops(path, nil) {
		fmt.Fprintf(env.Stdout, "%-4d %-34s %-34s %10.1f %10.3f\n", i+1, clipName(net.NodeName(int32(h.From)), 34),
			clipName(net.NodeName(int32(h.To)), 34), h.LengthKm, h.DelayMs)
	}
	fmt.Fprintf(env.Stdout, "one-way %.3f ms, RTT %.3f ms over %d hops; geodesic %.0f km, %.3f ms RTT at c (stretch %.2f×)\n",
		pv.DelayMs, pv.RTTMs(), pv.Hops, km, geo, pv.RTTMs()/geo)
	printStarlinkParts(env, ws, net.Cfg.Starlink.Params)
	return nil
}

const sparks = "▁▂▃▄▅▆▇█"

// rttJSON is what rtt --json prints: the series' settings and the pair's
// statistics as in summary.json.
type rttJSON struct {
	From     string             `json:"from"`
	To       string             `json:"to"`
	Scenario string             `json:"scenario"`
	Start    string             `json:"start"`
	StepS    float64            `json:"step_s"`
	Steps    int                `json:"steps"`
	Mode     string             `json:"mode"`
	Pair     report.PairSummary `json:"pair"`
}

func printSeries(ctx context.Context, env Env, net *sim.Network, names [2]string, scen string, asJSON bool) error {
	spark := newSparkBuckets(net.Cfg.Steps(), sparkWidth) // memory bounded whatever the steps
	res, err := sim.Run(ctx, net, sim.Options{}, sim.SinkFunc(func(r *sim.StepResult) error {
		if v := r.Values[0]; v.Reachable() {
			spark.add(r.Index, v.RTTMs())
		}
		return nil
	}))
	if err != nil {
		return err
	}
	ps := report.PairSummaryOf(net, &res.Stats[0], names[0], names[1])
	if asJSON {
		js, err := json.MarshalIndent(rttJSON{From: names[0], To: names[1], Scenario: scen, Start: net.Cfg.Start.Format(TimeFormat),
			StepS: net.Cfg.Step.Seconds(), Steps: res.Steps, Mode: string(net.Cfg.Mode), Pair: ps}, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(env.Stdout, "%s\n", js)
		return err
	}
	fmt.Fprintf(env.Stdout, "%s → %s: %d steps of %s from %s, %s routing\n", names[0], names[1], res.Steps,
		net.Cfg.Step, net.Cfg.Start.Format(TimeFormat), net.Cfg.Mode)
	fmt.Fprintf(env.Stdout, "RTT ms: min %s  median %s  p95 %s  max %s   geodesic at c %.3f (%.0f km)\n",
		fmtOpt(ps.MinRTTMs), fmtOpt(ps.MedianRTTMs), fmtOpt(ps.P95RTTMs), fmtOpt(ps.MaxRTTMs), ps.GeodesicRTTMs, ps.GeodesicKm)
	fmt.Fprintf(env.Stdout, "path changes %d, handovers %d, unreachable %.1f s\n", ps.PathChanges, ps.Handovers, ps.UnreachableS)
	fmt.Fprintln(env.Stdout, sparkline(spark.means(), sparkWidth))
	return nil
}

// sparkWidth is the sparkline's width in columns.
const sparkWidth = 72

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
