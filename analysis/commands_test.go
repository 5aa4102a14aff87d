package analysis

import (
	"errors"
	"strings"
	"testing"
	"time"

	"orbitnet/sim"
)

// TestNewRTTPair: the pair's places, names and one listed pair; the same
// place twice is an input error.
func TestNewRTTPair(t *testing.T) {
	sc := small(t, false, "")
	for _, c := range []struct {
		from, to string
		names    [2]string
		added    int // stations added to the scenario
		err      string
	}{
		{from: "Kyiv", to: "London", names: [2]string{"Kyiv", "London"}},
		{from: "London", to: "Paris", names: [2]string{"London", "Paris"}, added: 1},
		{from: "Kyiv", to: "Kyiv", err: "FROM and TO are the same place (Kyiv)"},
		{from: "Kyiv", to: "Nowhereville-on-Sea", err: "Nowhereville"},
	} {
		p, err := NewRTTPair(sc, c.from, c.to)
		if c.err != "" {
			var ie *InputError
			if err == nil || !errors.As(err, &ie) || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s → %s: error %v, want an InputError with %q", c.from, c.to, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s → %s: %v", c.from, c.to, err)
		}
		if p.Names != c.names || len(p.Config.Pairs) != 1 || p.Config.Pairs[0] != p.Idx || p.Config.AllPairs {
			t.Errorf("%s → %s: names %q, pairs %v (idx %v, all %v)", c.from, c.to, p.Names, p.Config.Pairs, p.Idx, p.Config.AllPairs)
		}
		if got := len(p.Config.Ground) - len(sc.Config.Ground); got != c.added {
			t.Errorf("%s → %s: %d stations added, want %d", c.from, c.to, got, c.added)
		}
	}
	if len(sc.Config.Ground) != 4 {
		t.Errorf("the scenario's ground nodes changed: %d", len(sc.Config.Ground))
	}
}

// TestRTTPathAt: the path's hops add up to its one-way delay and run
// between the pair's nodes.
func TestRTTPathAt(t *testing.T) {
	p, err := NewRTTPair(small(t, false, ""), "Kyiv", "Frankfurt")
	if err != nil {
		t.Fatal(err)
	}
	net, err := sim.NewNetwork(p.Config)
	if err != nil {
		t.Fatal(err)
	}
	at := RTTPathAt(net, p.Idx, 10*time.Second)
	if !at.Value.Reachable() {
		t.Fatal("Kyiv → Frankfurt unreachable")
	}
	sum := 0.0
	for _, h := range at.Hops {
		sum += h.Delay.Ms()
	}
	const closeMs = 1e-9 // float sums of the same delays in another order
	if d := sum - at.Value.Delay.Ms(); d > closeMs || d < -closeMs || len(at.Hops) != int(at.Value.Hops) {
		t.Errorf("%d hops adding to %.9f ms; path %d hops, %.9f ms", len(at.Hops), sum, at.Value.Hops, at.Value.Delay)
	}
	if a, b := at.Hops[0].From, at.Hops[len(at.Hops)-1].To; net.GroundOf(a) != p.Idx[0] || net.GroundOf(b) != p.Idx[1] {
		t.Errorf("path runs %s → %s", net.NodeName(a), net.NodeName(b))
	}
	if at.Parts != nil || !(at.Geodesic > 1000 && at.GeodesicRTT > 0) {
		t.Errorf("parts %v, geodesic %.0f km %.3f ms", at.Parts, at.Geodesic, at.GeodesicRTT)
	}
}

// TestExportRunConfig: the window, the step floor of czml and kml, and
// forwarding for hypatia alone.
func TestExportRunConfig(t *testing.T) {
	sc := small(t, false, "")
	for _, c := range []struct {
		format   string
		from, to time.Duration
		step     time.Duration
		fwd      bool
		err      bool
	}{
		{format: "czml", to: 20 * time.Second, step: 10 * time.Second},
		{format: "kml", from: 5 * time.Second, to: 15 * time.Second, step: 10 * time.Second},
		{format: "trace", to: 20 * time.Second, step: 500 * time.Millisecond},
		{format: "hypatia", to: 20 * time.Second, step: 500 * time.Millisecond, fwd: true},
		{format: "czml", from: 15 * time.Second, to: 5 * time.Second, err: true},
		{format: "czml", from: -time.Second, to: 5 * time.Second, err: true},
	} {
		r := ExportRun{Scenario: sc, Format: c.format, From: c.from, To: c.to}
		cfg, err := r.Config()
		if c.err {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("%+v: error %v, want an InputError", c, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		if cfg.Step != c.step || cfg.Duration != c.to-c.from || !cfg.Start.Equal(sc.Config.Start.Add(c.from)) ||
			cfg.Forwarding != c.fwd || cfg.AllPairs {
			t.Errorf("%+v: step %v, duration %v, start %v, forwarding %v, all pairs %v", c, cfg.Step, cfg.Duration, cfg.Start, cfg.Forwarding, cfg.AllPairs)
		}
	}
	if ExportFormatIndex("kml") != 1 || ExportFormatIndex("KML") != -1 || strings.Join(ExportFormatNames(), ",") != "czml,kml,hypatia,trace" {
		t.Errorf("formats: %v", ExportFormatNames())
	}
}

// TestCoverageTimes: the 10 s step, the duration lengthened to an orbital
// period unless given, and the cap on steps.
func TestCoverageTimes(t *testing.T) {
	sc := small(t, false, "")
	keep := func(*sim.Config) error { return nil }
	cfg := sc.Config
	note, err := CoverageTimes(&cfg, false, keep)
	if err != nil || cfg.Step != DefaultCoverageStep || cfg.Duration < time.Hour || !strings.Contains(note, "orbital period") {
		t.Errorf("default: step %v, duration %v, note %q, err %v", cfg.Step, cfg.Duration, note, err)
	}
	cfg = sc.Config
	note, err = CoverageTimes(&cfg, true, keep)
	if err != nil || cfg.Duration != sc.Config.Duration || note != "" {
		t.Errorf("duration given: duration %v, note %q, err %v", cfg.Duration, note, err)
	}
	cfg = sc.Config
	_, err = CoverageTimes(&cfg, true, func(c *sim.Config) error { c.Step = time.Millisecond; c.Duration = 1000 * time.Hour; return nil })
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "steps, more than") {
		t.Errorf("too many steps: %v", err)
	}
}

// TestCheckPropagate: the span, frame, format and UT1−UTC checks, in that
// order, and the frame in lower case.
func TestCheckPropagate(t *testing.T) {
	t0 := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	span := func(d, dt time.Duration) PropagateSpan {
		return PropagateSpan{Start: "a", Stop: "b", Step: "c", T0: t0, T1: t0.Add(d), Dt: dt}
	}
	for _, c := range []struct {
		s             PropagateSpan
		frame, format string
		ut1           float64
		want, err     string
	}{
		{s: span(time.Hour, time.Minute), frame: "Geodetic", format: "csv", want: "geodetic"},
		{s: span(time.Hour, time.Minute), frame: "teme", format: "json", ut1: -0.5, want: "teme"},
		{s: span(-time.Second, time.Minute), frame: "x", err: "--stop b is before --start a"},
		{s: span(1000*time.Hour, time.Millisecond), frame: "teme", format: "csv", err: "steps, more than"},
		{s: span(time.Hour, time.Minute), frame: "itrf", format: "xml", err: "--frame"},
		{s: span(time.Hour, time.Minute), frame: "ecef", format: "xml", err: "--format"},
		{s: span(time.Hour, time.Minute), frame: "ecef", format: "csv", ut1: 0.9, err: "--ut1-utc"},
	} {
		fr, err := CheckPropagate(c.s, c.frame, c.format, c.ut1)
		var ie *InputError
		switch {
		case c.err == "" && (err != nil || fr != c.want):
			t.Errorf("%+v: frame %q, error %v; want %q", c, fr, err, c.want)
		case c.err != "" && (!errors.As(err, &ie) || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%+v: error %v, want an InputError with %q", c, err, c.err)
		}
	}
}
