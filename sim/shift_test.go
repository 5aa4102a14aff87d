package sim

import (
	"testing"
	"time"
)

func TestStartingAtShiftsFailures(t *testing.T) {
	start := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	c := Config{Start: start, Duration: time.Minute, Failures: []Failure{
		{Name: "over before", From: 0, Until: 10 * time.Second},
		{Name: "spans", From: 10 * time.Second, Until: 30 * time.Second},
		{Name: "later", From: 40 * time.Second},
		{Name: "to the end", From: 5 * time.Second},
	}}
	got := c.StartingAt(15 * time.Second)
	if !got.Start.Equal(start.Add(15*time.Second)) || got.Duration != 45*time.Second {
		t.Errorf("start %v duration %v", got.Start, got.Duration)
	}
	want := []Failure{
		{Name: "spans", From: 0, Until: 15 * time.Second},
		{Name: "later", From: 25 * time.Second},
		{Name: "to the end", From: 0},
	}
	if len(got.Failures) != len(want) {
		t.Fatalf("failures %+v, want %+v", got.Failures, want)
	}
	for i, w := range want {
		f := got.Failures[i]
		if f.Name != w.Name || f.From != w.From || f.Until != w.Until {
			t.Errorf("failure %d: %s [%v, %v), want %s [%v, %v)", i, f.Name, f.From, f.Until, w.Name, w.From, w.Until)
		}
		// active at the same absolute instants as before
		for s := 15; s < 60; s++ {
			abs, rel := time.Duration(s)*time.Second, time.Duration(s-15)*time.Second
			var orig Failure
			for _, o := range c.Failures {
				if o.Name == f.Name {
					orig = o
				}
			}
			if orig.ActiveAt(abs) != f.ActiveAt(rel) {
				t.Errorf("%s at %v: active %v before, %v after the shift", f.Name, abs, orig.ActiveAt(abs), f.ActiveAt(rel))
			}
		}
	}
	if c.StartingAt(0).Start != start {
		t.Error("StartingAt(0) changed the start")
	}
}
