package sim

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"orbitnet/orbit/units"
	"orbitnet/topology"
)

// TestRangesReplayEqualRun computes a run as separate step ranges (as
// shards would) and replays them: every step's events, forwarding changes
// and the statistics must equal one Run's.
func TestRangesReplayEqualRun(t *testing.T) {
	for _, slot := range []bool{false, true} {
		cfg := forwardingConfig(t, Hybrid)
		if slot {
			cfg.GSL.Policy = topology.SlotScheduled
			cfg.Duration = 70 * time.Second
			cfg.Step = time.Second
		}
		n, err := NewNetwork(cfg)
		if err != nil {
			t.Fatal(err)
		}
		type rec struct {
			Values     []PairValue
			Events     []Event
			Forwarding []NextHop
			Forced     int
		}
		var want []rec
		wantRes, err := Run(context.Background(), n, Options{Workers: 2, BlockSteps: 7}, SinkFunc(func(r *StepResult) error {
			want = append(want, rec{append([]PairValue(nil), r.Values...), append([]Event(nil), r.Events...), append([]NextHop(nil), r.Forwarding...), r.ForcedHandovers})
			return nil
		}))
		if err != nil {
			t.Fatal(err)
		}
		ranges := SplitSteps(&n.Cfg, 3)
		if len(ranges) != 3 {
			t.Fatalf("slot %v: %d ranges", slot, len(ranges))
		}
		rep := NewReplayer(n)
		var got []rec
		for _, rg := range ranges {
			var steps []*StepResult
			_, err := Run(context.Background(), n, Options{Workers: 1, First: rg[0], End: rg[1]}, SinkFunc(func(r *StepResult) error {
				c := &StepResult{Index: r.Index, Values: append([]PairValue(nil), r.Values...), Paths: r.Paths,
					ForcedHandovers: r.ForcedHandovers, ActiveISLs: r.ActiveISLs, Forwarding: append([]NextHop(nil), r.Forwarding...)}
				steps = append(steps, c)
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range steps {
				if err := rep.Step(r, r.Index == rg[0]); err != nil {
					t.Fatal(err)
				}
				got = append(got, rec{r.Values, append([]Event(nil), r.Events...), append([]NextHop(nil), r.Forwarding...), r.ForcedHandovers})
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("slot %v: replayed steps differ from one run", slot)
		}
		if !reflect.DeepEqual(rep.Result().Stats, wantRes.Stats) || rep.Result().Steps != wantRes.Steps {
			t.Errorf("slot %v: replayed statistics differ from one run", slot)
		}
		if slot {
			if _, err := Run(context.Background(), n, Options{First: ranges[1][0] + 1, End: ranges[1][1]}, SinkFunc(func(*StepResult) error { return nil })); err == nil {
				t.Error("a range not starting a slot was accepted")
			}
		}
	}
}

func TestHistMerge(t *testing.T) {
	var a, b, all Hist
	for i := range 500 {
		v := 20 + 15*math.Sin(float64(i))
		if i%3 == 0 {
			a.Add(units.Ms(v))
		} else {
			b.Add(units.Ms(v + 40))
			v += 40
		}
		all.Add(units.Ms(v))
	}
	var m Hist
	m.Merge(&b)
	m.Merge(&a)
	m.Merge(&Hist{})
	for _, q := range []float64{0, 0.1, 0.5, 0.95, 1} {
		if m.Quantile(q) != all.Quantile(q) || m.N() != all.N() {
			t.Errorf("q %v: merged %v (n %d), all %v (n %d)", q, m.Quantile(q), m.N(), all.Quantile(q), all.N())
		}
	}
}
