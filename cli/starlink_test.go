package cli

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"orbitnet/emulate"
	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/starlink"
)

// starlinkRun runs the embedded ukraine scenario (starlink mode) for d.
func starlinkRun(t *testing.T, d time.Duration) (*sim.Network, []sim.StepResult) {
	t.Helper()
	sc, err := scenario.Load("ukraine")
	if err != nil {
		t.Fatal(err)
	}
	cfg := sc.Config
	cfg.Duration = d
	cfg.Failures = nil
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out []sim.StepResult
	_, err = sim.Run(context.Background(), net, sim.Options{}, sim.SinkFunc(func(r *sim.StepResult) error {
		c := *r
		c.Values = append([]sim.PairValue(nil), r.Values...)
		c.Parts = append([]starlink.Parts(nil), r.Parts...)
		c.Events = append([]sim.Event(nil), r.Events...)
		out = append(out, c)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return net, out
}

// European terminals' idle RTT to their home PoP lies in the published
// 20–50 ms band (median), no RTT is below propagation plus the access
// floor, the parts add up to the total, and path changes and RTT steps
// cluster at the 15 s reconfiguration boundaries.
func TestStarlinkUkraine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a scenario")
	}
	net, steps := starlinkRun(t, 3*time.Minute)
	p := net.Cfg.Starlink.Params
	listed := net.NumListed()
	names := map[string]bool{"Kyiv (Kiev)": true, "Lviv": true, "Kharkiv": true}
	var atBoundary, inside, bigAt, bigIn int
	for k := 0; k < listed; k++ {
		var rtts []float64
		for i, r := range steps {
			v := r.Values[k]
			if !v.Reachable() {
				continue
			}
			pt := r.Parts[k]
			if d := math.Abs(float64(pt.Total())/1e6 - v.RTT().Ms()); d > 1e-6 {
				t.Fatalf("pair %d step %d: parts add to %v, rtt %.6f ms", k, i, pt.Total(), v.RTT().Ms())
			}
			if pt.Total() < pt.Propagation+p.Floor() {
				t.Fatalf("pair %d step %d: RTT %v below propagation %v + floor %v", k, i, pt.Total(), pt.Propagation, p.Floor())
			}
			rtts = append(rtts, v.RTT().Ms())
			if i == 0 || !steps[i-1].Values[k].Reachable() {
				continue
			}
			_, into := starlink.Slot(r.Time)
			boundary := into < net.Cfg.Step
			if steps[i-1].Values[k].Hash != v.Hash {
				if boundary {
					atBoundary++
				} else {
					inside++
				}
			}
			// an RTT step: the slot-held part (propagation + slot level)
			// moving by more than 2 ms
			prev := steps[i-1].Parts[k]
			held := func(q starlink.Parts, at time.Time) float64 {
				return float64(q.Propagation+p.SlotLevel(net.StarlinkKey(net.PairList()[k][0]), at)) / 1e6
			}
			if math.Abs(held(pt, r.Time)-held(prev, steps[i-1].Time)) > 2 {
				if boundary {
					bigAt++
				} else {
					bigIn++
				}
			}
		}
		src := net.Cfg.Ground[net.PairList()[k][0]].Name
		if !names[src] || len(rtts) == 0 {
			continue
		}
		sort.Float64s(rtts)
		if med := rtts[len(rtts)/2]; med < 20 || med > 50 {
			t.Errorf("%s → home PoP: median %.3f ms outside the published 20–50 ms", src, med)
		}
	}
	// 1 s steps: 1 in 15 steps is a boundary step
	if atBoundary == 0 || inside*5 > atBoundary {
		t.Errorf("path changes: %d at slot boundaries, %d inside slots", atBoundary, inside)
	}
	if bigAt == 0 || bigIn*5 > bigAt {
		t.Errorf("RTT steps > 2 ms: %d at slot boundaries, %d inside slots", bigAt, bigIn)
	}
	t.Logf("path changes %d at boundaries / %d inside; RTT steps %d / %d", atBoundary, inside, bigAt, bigIn)
}

// Ping over the emulator's schedule (a packet each 10 ms, the echo sent
// back on arrival) follows the modelled RTT: medians within 2 ms, packets
// lost only in the bursts after the reconfigurations.
func TestStarlinkEmulatedPing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a scenario")
	}
	sc, err := scenario.Load("ukraine")
	if err != nil {
		t.Fatal(err)
	}
	cfg := sc.Config
	cfg.Duration = 2 * time.Minute
	cfg.Failures = nil
	cfg.Pairs = cfg.Pairs[:1]
	cfg.AllPairs = false
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	scheds, err := emulate.SchedulesFromSim(context.Background(), net, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var model []float64
	if _, err := sim.Run(context.Background(), net, sim.Options{}, sim.SinkFunc(func(r *sim.StepResult) error {
		if r.Values[0].Reachable() {
			model = append(model, r.Values[0].RTT().Ms())
		}
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	s := scheds[0]
	var ping []float64
	lost := 0
	for t0 := time.Duration(0); t0 < cfg.Duration; t0 += 10 * time.Millisecond {
		c := s.At(t0)
		if !c.Up {
			lost++
			continue
		}
		back := s.At(t0 + c.DelayAB)
		if !back.Up {
			lost++
			continue
		}
		ping = append(ping, float64(c.DelayAB+back.DelayBA)/1e6)
	}
	sort.Float64s(model)
	sort.Float64s(ping)
	mm, pm := model[len(model)/2], ping[len(ping)/2]
	if math.Abs(mm-pm) > 2 {
		t.Errorf("median RTT: model %.3f ms, emulated ping %.3f ms", mm, pm)
	}
	// a 30 ms burst every 15 s, met by the ping or by its echo: 2×30/15000
	frac := float64(lost) / float64(lost+len(ping))
	if want := 2 * float64(net.Cfg.Starlink.Params.LossBurst) / float64(starlink.SlotLength); frac < want/2 || frac > want*2 {
		t.Errorf("lost %.3f of the pings, want the reconfiguration bursts' share", frac)
	}
	t.Logf("median model %.3f ms, emulated %.3f ms; lost %.3f", mm, pm, frac)
}

// Bad starlink parameters get one line naming the file, line and key, and
// exit code 2.
func TestStarlinkBadParameters(t *testing.T) {
	dir := t.TempDir()
	base := `name: bad
duration: 10s
constellation: {preset: starlink-gen1/550}
ground:
  terminals: {cities: [Kyiv]}
  gateways: {preset: starlink-gateways, only: [Wola Krobowska]}
  pops: {preset: starlink-pops, only: [Warsaw]}
links:
  gsl: {policy: slot}
pairs: [[Kyiv, Warsaw]]
`
	tests := []struct{ routing, want string }{
		{"routing: {mode: starlink, starlink: {queue_median: -2ms}}", "routing.starlink.queue_median"},
		{"routing: {mode: starlink, starlink: {utilisation: 1}}", "routing.starlink.utilisation"},
		{"routing: {mode: starlink, starlink: {homes: {Kyiv: Atlantis}}}", "routing.starlink.homes.Kyiv"},
		{"routing: {mode: starlink, starlink: {frame: soon}}", "routing.starlink.frame"},
		{"routing: {mode: hybrid, starlink: {seed: 3}}", "routing.starlink"},
	}
	for i, tc := range tests {
		path := filepath.Join(dir, fmt.Sprintf("s%d.yaml", i))
		if err := os.WriteFile(path, []byte(base+tc.routing+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := run(t, "validate", path)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != 2 || len(lines) != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, path) {
			t.Errorf("%s: exit %d, stderr %q; want one line naming %s and the file", tc.routing, code, stderr, tc.want)
		}
	}
	// a valid section passes
	path := filepath.Join(dir, "ok.yaml")
	os.WriteFile(path, []byte(base+"routing: {mode: starlink, starlink: {utilisation: 0.5, homes: {Kyiv: Warsaw}}}\n"), 0o644)
	if _, stderr, code := run(t, "validate", path); code != 0 {
		t.Errorf("valid starlink section: exit %d, %s", code, stderr)
	}
}
