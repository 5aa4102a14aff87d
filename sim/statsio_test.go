package sim

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"orbitnet/topology"
)

// TestRangesAsStatsEqualRun computes a run as separate step ranges and
// replays them with only the listed pairs' steps, the other pairs handed
// over as each range's statistics (as shards do when no output needs their
// steps): every pair's statistics must equal one Run's, path changes and
// handovers across the range edges included.
func TestRangesAsStatsEqualRun(t *testing.T) {
	for _, slot := range []bool{false, true} {
		cfg := forwardingConfig(t, Hybrid)
		cfg.AllPairs = true
		cfg.Forwarding = false
		cfg.Duration, cfg.Step = 400*time.Second, 4*time.Second
		if slot {
			cfg.GSL.Policy = topology.SlotScheduled
			cfg.Duration, cfg.Step = 150*time.Second, time.Second
		}
		n, err := NewNetwork(cfg)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Run(context.Background(), n, Options{Workers: 2}, SinkFunc(func(*StepResult) error { return nil }))
		if err != nil {
			t.Fatal(err)
		}
		listed, pairs := n.NumListed(), len(n.PairList())
		rep := NewReplayer(n)
		if err := rep.Detail(listed); err != nil {
			t.Fatal(err)
		}
		var edges int64 // path changes across range edges, which the ranges' own statistics lack
		for _, rg := range SplitSteps(&n.Cfg, 4) {
			head := make([]PairValue, pairs)
			tail := make([]PairValue, pairs)
			res, err := Run(context.Background(), n, Options{Workers: 1, First: rg[0], End: rg[1]}, SinkFunc(func(r *StepResult) error {
				if r.Index == rg[0] {
					copy(head, r.Values)
				}
				copy(tail, r.Values)
				c := *r
				c.Values = append([]PairValue(nil), r.Values...)
				for k := listed; k < pairs; k++ {
					c.Values[k] = PairValue{DelayMs: math.Inf(1), First: -1, Last: -1}
				}
				return rep.Step(&c, r.Index == rg[0])
			}))
			if err != nil {
				t.Fatal(err)
			}
			for k := listed; k < pairs; k++ {
				before := rep.Result().Stats[k].PathChanges
				// round-trip the histograms as a shard's table does
				st := res.Stats[k]
				b, err := st.Hist.AppendBinary(nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := st.Hist.UnmarshalBinary(b); err != nil {
					t.Fatal(err)
				}
				if err := rep.AddRange(k, &st, head[k], tail[k]); err != nil {
					t.Fatal(err)
				}
				edges += rep.Result().Stats[k].PathChanges - before - st.PathChanges
			}
		}
		if !slot && edges == 0 {
			t.Errorf("no path change across a range edge: the test does not test the edges")
		}
		got := rep.Result()
		if got.Steps != want.Steps {
			t.Fatalf("slot %v: %d steps, want %d", slot, got.Steps, want.Steps)
		}
		for k := range want.Stats {
			if d := statsDiff(&got.Stats[k], &want.Stats[k]); d != "" {
				t.Errorf("slot %v: pair %d: %s", slot, k, d)
			}
		}
		if err := rep.AddRange(0, &PairStats{}, PairValue{}, PairValue{}); err == nil {
			t.Error("AddRange took a listed pair")
		}
	}
}

// statsDiff describes how two pairs' statistics differ as far as any output
// can tell ("" when they do not).
func statsDiff(a, b *PairStats) string {
	var d []string
	eq := func(name string, x, y any) {
		if x != y {
			d = append(d, name)
		}
	}
	eq("src", a.Src, b.Src)
	eq("dst", a.Dst, b.Dst)
	eq("steps", a.Steps, b.Steps)
	eq("unreachable", a.Unreachable, b.Unreachable)
	eq("min rtt", a.MinRTTMs, b.MinRTTMs)
	eq("max rtt", a.MaxRTTMs, b.MaxRTTMs)
	eq("path changes", a.PathChanges, b.PathChanges)
	eq("handovers", a.Handovers, b.Handovers)
	eq("min hops", a.MinHops, b.MinHops)
	eq("max hops", a.MaxHops, b.MaxHops)
	eq("hop sum", a.HopSum(), b.HopSum())
	eq("mean hops", math.Float64bits(a.MeanHops()), math.Float64bits(b.MeanHops()))
	if !sameHist(&a.Hist, &b.Hist) {
		d = append(d, "rtt histogram")
	}
	eq("parts", a.Parts == nil, b.Parts == nil)
	if a.Parts != nil && b.Parts != nil {
		for i, h := range []*Hist{&a.Parts.Propagation, &a.Parts.Access, &a.Parts.Processing, &a.Parts.Queueing, &a.Parts.Terrestrial} {
			o := []*Hist{&b.Parts.Propagation, &b.Parts.Access, &b.Parts.Processing, &b.Parts.Queueing, &b.Parts.Terrestrial}[i]
			if !sameHist(h, o) {
				d = append(d, "parts histogram")
			}
		}
	}
	return strings.Join(d, ", ")
}

// sameHist: the same multiset of values (their canonical binary forms).
func sameHist(a, b *Hist) bool {
	x, err1 := a.AppendBinary(nil)
	y, err2 := b.AppendBinary(nil)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// TestHistBinary: the binary form round-trips, is the same for the list
// and histogram forms of the same values, and malformed data is refused
// with a reason.
func TestHistBinary(t *testing.T) {
	var list, counts Hist
	for i := range 3000 {
		v := 30 + 5*math.Sin(float64(i)/40) + float64(i%7)/1000
		list.Add(v)
		counts.Add(v)
	}
	counts.toCounts()
	a, err := list.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := counts.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("list and histogram forms of the same values encode differently")
	}
	var back Hist
	if err := back.UnmarshalBinary(a); err != nil {
		t.Fatal(err)
	}
	for _, q := range []float64{0, 0.05, 0.5, 0.95, 1} {
		if back.Quantile(q) != list.Quantile(q) || back.N() != list.N() {
			t.Errorf("q %v: decoded %v (n %d), original %v (n %d)", q, back.Quantile(q), back.N(), list.Quantile(q), list.N())
		}
	}
	var empty Hist
	e, _ := empty.AppendBinary(nil)
	if err := back.UnmarshalBinary(e); err != nil || back.N() != 0 {
		t.Errorf("empty: %v, n %d", err, back.N())
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"nothing", nil, "empty"},
		{"format", append([]byte{2}, a[1:]...), "format 2"},
		{"count beyond data", []byte{1, 100, 5}, "100 values in 1 bytes"},
		{"truncated", a[:len(a)-1], "truncated"},
		{"trailing", append(append([]byte(nil), a...), 0), "after the"},
		{"huge value", []byte{1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, "beyond"},
		{"bad varint", []byte{1, 2, 0x80, 0x80}, "truncated"},
	} {
		if err := back.UnmarshalBinary(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func FuzzHistUnmarshal(f *testing.F) {
	var h Hist
	for _, v := range []float64{10, 12.5, 11, 10, 40} {
		h.Add(v)
	}
	b, _ := h.AppendBinary(nil)
	f.Add(b)
	f.Add([]byte{1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var h Hist
		if err := h.UnmarshalBinary(data); err != nil {
			return
		}
		again, err := h.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Fatalf("accepted %x re-encodes as %x", data, again)
		}
	})
}
