package report

import (
	"math"
	"sync"
	"sync/atomic"

	"orbitnet/ground"
	"orbitnet/orbit/units"
	"orbitnet/sim"
)

// PairSummary is one pair's line in summary.json.
type PairSummary struct {
	Src            string   `json:"src"`
	Dst            string   `json:"dst"`
	MinRTTMs       *float64 `json:"min_rtt_ms"`
	MedianRTTMs    *float64 `json:"median_rtt_ms"`
	P95RTTMs       *float64 `json:"p95_rtt_ms"`
	MaxRTTMs       *float64 `json:"max_rtt_ms"`
	MeanHops       *float64 `json:"mean_hops"`
	ReachableSteps int64    `json:"reachable_steps"`
	UnreachableS   float64  `json:"unreachable_s"`
	PathChanges    int64    `json:"path_changes"`
	Handovers      int64    `json:"handovers"`
	GeodesicKm     float64  `json:"geodesic_km"`
	GeodesicRTTMs  float64  `json:"geodesic_rtt_ms"`
	MedianStretch  *float64 `json:"median_stretch"`

	// Components (starlink mode): where the RTT goes.
	Components *Components `json:"components,omitempty"`
}

// Summary is summary.json.
type Summary struct {
	Version  string        `json:"orbitnet_version"`
	Scenario any           `json:"scenario"`
	Counts   Counts        `json:"counts"`
	Pairs    []PairSummary `json:"pairs"`
	AllPairs *AllPairs     `json:"all_pairs,omitempty"`
	Shells   []ShellInfo   `json:"shells"`
	WhatIf   *WhatIf       `json:"what_if,omitempty"`
	// Terminals: per-terminal statistics (output.terminals or moving nodes).
	Terminals []TerminalSummary `json:"terminals,omitempty"`
}

// Counts are the sizes of the run.
type Counts struct {
	Satellites      int     `json:"satellites"`
	UnplacedSats    int     `json:"unplaced_satellites"`
	Shells          int     `json:"shells"`
	GroundNodes     int     `json:"ground_nodes"`
	Steps           int     `json:"steps"`
	StepS           float64 `json:"step_s"`
	ListedPairs     int     `json:"listed_pairs"`
	ISLCandidates   int     `json:"isl_candidates"`
	ForcedHandovers int64   `json:"forced_handovers"`
}

// ShellInfo describes one shell.
type ShellInfo struct {
	Name           string  `json:"name"`
	AltitudeKm     float64 `json:"altitude_km"`
	InclinationDeg float64 `json:"inclination_deg"`
	Planes         int     `json:"planes"`
	Satellites     int     `json:"satellites"`
}

// AllPairs aggregates the statistics of every endpoint pair.
type AllPairs struct {
	Count             int           `json:"count"`
	NeverReachable    int           `json:"never_reachable"`
	MedianOfMedianRTT *float64      `json:"median_of_median_rtt_ms"`
	MedianStretch     *float64      `json:"median_of_median_stretch"`
	P95Stretch        *float64      `json:"p95_of_median_stretch"`
	TotalPathChanges  int64         `json:"total_path_changes"`
	TotalHandovers    int64         `json:"total_handovers"`
	Pairs             []PairSummary `json:"pairs"`
	// PairsFile names the per-pair table when Pairs is left empty because
	// there are more than AllPairsJSONMax pairs.
	PairsFile string `json:"pairs_file,omitempty"`
}

func opt(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	r := math.Round(v*1e6) / 1e6
	return &r
}

// PairSummaryOf summarises one pair's statistics.
func PairSummaryOf(net *sim.Network, st *sim.PairStats, src, dst string) PairSummary {
	g := net.Cfg.Ground
	geo, km := ground.GeodesicRTT(g[st.Src], g[st.Dst])
	ps := PairSummary{
		Src: src, Dst: dst,
		ReachableSteps: st.Steps - st.Unreachable,
		UnreachableS:   math.Round(float64(st.Unreachable)*net.Cfg.Step.Seconds()*1e6) / 1e6,
		PathChanges:    st.PathChanges,
		Handovers:      st.Handovers,
		GeodesicKm:     math.Round(km.Km()*1e6) / 1e6,
		GeodesicRTTMs:  math.Round(geo.Ms()*1e6) / 1e6,
	}
	var qb [3]units.Delay
	q := st.Hist.AppendQuantiles(qb[:0], 0.5, 0.95, 0.05) // NaN when never reachable
	if st.Hist.N() > 0 {
		med := q[0]
		ps.MinRTTMs, ps.MaxRTTMs = opt(st.MinRTT.Ms()), opt(st.MaxRTT.Ms())
		ps.MedianRTTMs, ps.P95RTTMs = opt(med.Ms()), opt(q[1].Ms())
		ps.MeanHops = opt(st.MeanHops())
		if geo > 0 {
			ps.MedianStretch = opt(med.Ms() / geo.Ms())
		}
	}
	ps.Components = componentsOf(net, st, q[2])
	return ps
}

// summaryChunk is the number of pairs a goroutine of pairSummaries takes
// at a time.
const summaryChunk = 256

// pairSummaries returns PairSummaryOf each all-pairs index of idx (named
// by its ground nodes), in that order, computed by up to workers
// goroutines (the result does not depend on their number).
func pairSummaries(net *sim.Network, res *sim.Result, idx []int, workers int) []PairSummary {
	if len(idx) == 0 {
		return nil
	}
	out := make([]PairSummary, len(idx))
	g := net.Cfg.Ground
	do := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			st := &res.Stats[idx[i]]
			out[i] = PairSummaryOf(net, st, g[st.Src].Name, g[st.Dst].Name)
		}
	}
	workers = min(workers, (len(idx)+summaryChunk-1)/summaryChunk)
	if workers <= 1 {
		do(0, len(idx))
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(summaryChunk)) - summaryChunk
				if lo >= len(idx) {
					return
				}
				do(lo, min(lo+summaryChunk, len(idx)))
			}
		})
	}
	wg.Wait()
	return out
}

// BuildSummary assembles summary.json's content; up to workers goroutines
// summarise the all-pairs statistics (the summary is the same whatever
// their number).
func BuildSummary(version string, scenario any, net *sim.Network, res *sim.Result, names [][2]string, workers int) *Summary {
	c := net.Cfg.Constellation
	s := &Summary{Version: version, Scenario: scenario}
	s.Counts = Counts{
		Satellites: len(c.Sats), UnplacedSats: len(c.Unplaced), Shells: len(c.Shells),
		GroundNodes: len(net.Cfg.Ground), Steps: res.Steps, StepS: net.Cfg.Step.Seconds(),
		ListedPairs: net.NumListed(), ISLCandidates: net.ISL.Len(), ForcedHandovers: res.ForcedHandovers,
	}
	for _, sh := range c.Shells {
		s.Shells = append(s.Shells, ShellInfo{sh.Name, sh.Altitude.Km(), sh.Inclination.Deg(), len(sh.Planes), sh.Size()})
	}
	for k, nm := range names {
		s.Pairs = append(s.Pairs, PairSummaryOf(net, &res.Stats[k], nm[0], nm[1]))
	}
	if s.Pairs == nil {
		s.Pairs = []PairSummary{}
	}
	if net.Cfg.AllPairs {
		ap := &AllPairs{}
		var meds, stretches []float64
		idx := net.AllPairIndices()
		ap.Pairs = pairSummaries(net, res, idx, workers)
		for i, k := range idx {
			st, ps := &res.Stats[k], &ap.Pairs[i]
			ap.Count++
			ap.TotalPathChanges += st.PathChanges
			ap.TotalHandovers += st.Handovers
			if ps.MedianRTTMs == nil {
				ap.NeverReachable++
				continue
			}
			meds = append(meds, *ps.MedianRTTMs)
			if ps.MedianStretch != nil {
				stretches = append(stretches, *ps.MedianStretch)
			}
		}
		ap.MedianOfMedianRTT = opt(quantile(meds, 0.5))
		ap.MedianStretch = opt(quantile(stretches, 0.5))
		ap.P95Stretch = opt(quantile(stretches, 0.95))
		s.AllPairs = ap
	}
	return s
}

// JSON renders the summary with two-space indentation and a final newline.
func (s *Summary) JSON() ([]byte, error) {
	// json.MarshalIndent's layout, without its slow indenting pass
	b, err := marshalSummary(s)
	if err != nil {
		return nil, err
	}
	return append(appendIndent(make([]byte, 0, 2*len(b)), b, "  "), '\n'), nil
}

// WhatIf compares a run with failures against the same scenario without.
type WhatIf struct {
	Failures []string      `json:"failures"`
	Pairs    []WhatIfPair  `json:"pairs"`
	Overall  WhatIfOverall `json:"overall"`
}

// WhatIfSide is one pair's outcome with or without the failures.
type WhatIfSide struct {
	ReachableFrac float64  `json:"reachable_frac"`
	MedianRTTMs   *float64 `json:"median_rtt_ms"`
	P95RTTMs      *float64 `json:"p95_rtt_ms"`
}

// WhatIfPair compares one listed pair.
type WhatIfPair struct {
	Src           string     `json:"src"`
	Dst           string     `json:"dst"`
	Baseline      WhatIfSide `json:"baseline"`
	WithFailures  WhatIfSide `json:"with_failures"`
	DeltaMedianMs *float64   `json:"delta_median_rtt_ms"`
}

// WhatIfOverall aggregates every reported pair (listed and, with all_pairs,
// every endpoint pair).
type WhatIfOverall struct {
	Pairs                   int      `json:"pairs"`
	BaselineReachableFrac   float64  `json:"baseline_reachable_frac"`
	WithFailuresReachable   float64  `json:"with_failures_reachable_frac"`
	BaselineMedianRTTMs     *float64 `json:"baseline_median_of_median_rtt_ms"`
	WithFailuresMedianRTTMs *float64 `json:"with_failures_median_of_median_rtt_ms"`
	PairsLosingAllPaths     int      `json:"pairs_never_reachable_with_failures"`
}

func side(st *sim.PairStats) WhatIfSide {
	s := WhatIfSide{}
	if st.Steps > 0 {
		s.ReachableFrac = math.Round(float64(st.Steps-st.Unreachable)/float64(st.Steps)*1e6) / 1e6
	}
	if st.Hist.N() > 0 {
		var qb [2]units.Delay
		q := st.Hist.AppendQuantiles(qb[:0], 0.5, 0.95)
		s.MedianRTTMs, s.P95RTTMs = opt(q[0].Ms()), opt(q[1].Ms())
	}
	return s
}

// BuildWhatIf compares two results of the same pairs.
func BuildWhatIf(failures []string, base, failed *sim.Result, names [][2]string) *WhatIf {
	w := &WhatIf{Failures: failures}
	for k, nm := range names {
		p := WhatIfPair{Src: nm[0], Dst: nm[1], Baseline: side(&base.Stats[k]), WithFailures: side(&failed.Stats[k])}
		if p.Baseline.MedianRTTMs != nil && p.WithFailures.MedianRTTMs != nil {
			p.DeltaMedianMs = opt(*p.WithFailures.MedianRTTMs - *p.Baseline.MedianRTTMs)
		}
		w.Pairs = append(w.Pairs, p)
	}
	var rb, rf float64
	var mb, mf []float64
	for k := range base.Stats {
		b, f := side(&base.Stats[k]), side(&failed.Stats[k])
		rb += b.ReachableFrac
		rf += f.ReachableFrac
		if b.MedianRTTMs != nil {
			mb = append(mb, *b.MedianRTTMs)
		}
		if f.MedianRTTMs != nil {
			mf = append(mf, *f.MedianRTTMs)
		} else {
			w.Overall.PairsLosingAllPaths++
		}
	}
	n := len(base.Stats)
	w.Overall.Pairs = n
	if n > 0 {
		w.Overall.BaselineReachableFrac = math.Round(rb/float64(n)*1e6) / 1e6
		w.Overall.WithFailuresReachable = math.Round(rf/float64(n)*1e6) / 1e6
	}
	w.Overall.BaselineMedianRTTMs = opt(quantile(mb, 0.5))
	w.Overall.WithFailuresMedianRTTMs = opt(quantile(mf, 0.5))
	return w
}
