package shard

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// tableVariant is a sweep shard's one-row table.
const tableVariant = "variant"

// SweepRow is a sweep variant's outcome (table variant, and a row of
// sweep.csv): over every pair and step of the variant's run with its
// failures, the fraction of pair-steps with a path, the median and 95th
// percentile RTT of those (exact, from the merged 1 µs histograms), and
// the path changes and handovers.
type SweepRow struct {
	Variant             int32    `parquet:"variant"`
	Params              string   `parquet:"params"` // key=value;key=value
	Pairs               int32    `parquet:"pairs"`
	ReachableFrac       float64  `parquet:"reachable_frac"`
	MedianRTTMs         *float64 `parquet:"median_rtt_ms,optional"`
	P95RTTMs            *float64 `parquet:"p95_rtt_ms,optional"`
	PathChanges         int64    `parquet:"path_changes"`
	Handovers           int64    `parquet:"handovers"`
	PairsNeverReachable int32    `parquet:"pairs_never_reachable"`
}

func paramString(ps []scenario.Param) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.Key+"="+p.Value)
	}
	return strings.Join(parts, ";")
}

// Outcome summarises a run's statistics as a sweep row.
func Outcome(res *sim.Result) SweepRow {
	row := SweepRow{Pairs: int32(len(res.Stats))}
	var all sim.Hist
	var steps, reach int64
	for k := range res.Stats {
		st := &res.Stats[k]
		steps += st.Steps
		reach += st.Steps - st.Unreachable
		row.PathChanges += st.PathChanges
		row.Handovers += st.Handovers
		if st.Steps > 0 && st.Unreachable == st.Steps {
			row.PairsNeverReachable++
		}
		all.Merge(&st.Hist)
	}
	if steps > 0 {
		row.ReachableFrac = math.Round(float64(reach)/float64(steps)*1e6) / 1e6
	}
	if all.N() > 0 {
		q := all.AppendQuantiles(nil, 0.5, 0.95)
		m, p := q[0].Ms(), q[1].Ms()
		row.MedianRTTMs, row.P95RTTMs = &m, &p
	}
	return row
}

// computeVariant runs sweep variant s whole and records its outcome.
func computeVariant(ctx context.Context, p *Plan, s Shard, workers int, tmp string) error {
	sc, err := p.ResolveVariant(s.Index)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadShard, err)
	}
	net, err := sim.NewNetwork(sc.Config)
	if err != nil {
		return fmt.Errorf("%w: variant %s: %v", ErrBadShard, paramString(s.Params), err)
	}
	res, err := sim.Run(ctx, net, sim.Options{Workers: workers}, sim.SinkFunc(func(*sim.StepResult) error { return nil }))
	if err != nil {
		return err
	}
	row := Outcome(res)
	row.Variant, row.Params = int32(s.Index), paramString(s.Params)
	f, err := os.Create(filepath.Join(tmp, tableVariant+".parquet"))
	if err != nil {
		return err
	}
	w := parquet.NewGenericWriter[SweepRow](f, parquet.Compression(&parquet.Zstd))
	if _, err := w.Write([]SweepRow{row}); err != nil {
		f.Close()
		return err
	}
	if err := w.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SweepFiles are the files MergeSweep writes.
var SweepFiles = []string{"sweep.csv", "resilience.png", "resilience.svg"}

// MergeSweep reads every variant's outcome (call Check first) and writes
// the tidy table sweep.csv (one row per variant: its swept settings, then
// the outcome) and the resilience plot into outDir. It returns the rows.
func MergeSweep(dir string, p *Plan, outDir string) ([]SweepRow, error) {
	var rows []SweepRow
	for _, s := range p.Shards {
		it, err := openRows[SweepRow](filepath.Join(dir, PartsDir, ShardDir(s.Index), tableVariant+".parquet"))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadShard, err)
		}
		r, err := it.peek()
		if err == nil && (r == nil || int(r.Variant) != s.Index || r.Params != paramString(s.Params)) {
			err = fmt.Errorf("%w: %s: no row for variant %d (%s)", ErrBadShard, it.name, s.Index, paramString(s.Params))
		}
		if err != nil {
			it.close()
			return nil, err
		}
		rows = append(rows, *r)
		it.close()
	}
	keys := make([]string, 0, len(p.Shards[0].Params))
	for _, pr := range p.Shards[0].Params {
		keys = append(keys, pr.Key)
	}
	var b strings.Builder
	b.WriteString("variant," + strings.Join(keys, ",") + ",pairs,reachable_frac,median_rtt_ms,p95_rtt_ms,path_changes,handovers,pairs_never_reachable\n")
	optMs := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', 3, 64)
	}
	for i, r := range rows {
		fmt.Fprintf(&b, "%d", i)
		for _, pr := range p.Shards[i].Params {
			b.WriteString("," + csvQuote(pr.Value))
		}
		fmt.Fprintf(&b, ",%d,%.6f,%s,%s,%d,%d,%d\n", r.Pairs, r.ReachableFrac, optMs(r.MedianRTTMs), optMs(r.P95RTTMs), r.PathChanges, r.Handovers, r.PairsNeverReachable)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	csvF, err := report.CreateAtomic(filepath.Join(outDir, "sweep.csv"))
	if err != nil {
		return nil, err
	}
	defer csvF.Abort() // no-op after Commit
	if _, err := csvF.Write([]byte(b.String())); err != nil {
		return nil, err
	}
	groups, xLabel := resilienceGroups(p, rows)
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(strings.TrimPrefix(p.Scenario.Name, "embedded:")), ".yaml"), ".yml")
	if err := report.PlotResilience(name+": reachability over the sweep", xLabel, "pair-steps with a path (%)", groups,
		filepath.Join(outDir, "resilience.png"), filepath.Join(outDir, "resilience.svg")); err != nil {
		return nil, fmt.Errorf("resilience plot: %w", err)
	}
	return rows, csvF.Commit()
}

// resilienceGroups puts the variants on the plot's x axis by failure
// fraction (else elevation mask, else variant number), one group per
// combination of the other swept settings but the seed, whose spread the
// plot shows.
func resilienceGroups(p *Plan, rows []SweepRow) ([]report.ResilienceGroup, string) {
	xKey, xLabel := "", "variant"
	for _, k := range []string{"failure_fraction", "min_elevation_deg"} {
		for _, pr := range p.Shards[0].Params {
			if pr.Key == k && xKey == "" {
				xKey = k
			}
		}
	}
	switch xKey {
	case "failure_fraction":
		xLabel = "fraction of satellites failed (%)"
	case "min_elevation_deg":
		xLabel = "minimum elevation (°)"
	}
	var order []string
	byLabel := map[string]*report.ResilienceGroup{}
	for i, r := range rows {
		x := float64(i)
		var label []string
		for _, pr := range p.Shards[i].Params {
			switch pr.Key {
			case xKey:
				x, _ = strconv.ParseFloat(pr.Value, 64)
				if xKey == "failure_fraction" {
					x *= 100
				}
			case "seed":
			default:
				label = append(label, pr.Key+" "+pr.Value)
			}
		}
		l := strings.Join(label, ", ")
		if l == "" {
			l = "all variants"
		}
		g, ok := byLabel[l]
		if !ok {
			g = &report.ResilienceGroup{Label: l}
			byLabel[l] = g
			order = append(order, l)
		}
		g.X = append(g.X, x)
		g.Y = append(g.Y, 100*r.ReachableFrac)
	}
	out := make([]report.ResilienceGroup, 0, len(order))
	for _, l := range order {
		out = append(out, *byLabel[l])
	}
	return out, xLabel
}

func csvQuote(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
