package emulate

import (
	"strings"
	"testing"
	"time"
)

const ms = time.Millisecond

func TestStepSchedule(t *testing.T) {
	c := func(d time.Duration) Conditions { return Conditions{DelayAB: d, DelayBA: d + 1*ms, Up: true} }
	s := StepSchedule{Step: 15 * time.Second, Samples: []Conditions{c(20 * ms), c(35 * ms), c(25 * ms)}}
	tests := []struct {
		start, t time.Duration
		want     time.Duration // DelayAB
	}{
		{0, 0, 20 * ms},
		{0, 15*time.Second - 1, 20 * ms},
		{0, 15 * time.Second, 35 * ms},
		{0, 44 * time.Second, 25 * ms},
		{0, 45 * time.Second, 25 * ms}, // beyond the end: last sample holds
		{0, time.Hour, 25 * ms},
		{0, -time.Second, 20 * ms}, // before the start: first sample holds
		{20 * time.Second, 0, 35 * ms},
		{20 * time.Second, 10 * time.Second, 25 * ms},
		{-5 * time.Second, 5 * time.Second, 20 * ms},
		{-5 * time.Second, 20 * time.Second, 35 * ms},
	}
	for _, tt := range tests {
		s.Start = tt.start
		got := s.At(tt.t)
		if got.DelayAB != tt.want || got.DelayBA != tt.want+ms || !got.Up {
			t.Errorf("Start %v: At(%v) = %+v, want DelayAB %v", tt.start, tt.t, got, tt.want)
		}
	}
	s.Start = 5 * time.Second
	if got, want := s.End(), 40*time.Second; got != want {
		t.Errorf("End() = %v, want %v", got, want)
	}
	var ps Schedule = &s // pointer and value both satisfy Schedule
	_ = ps
}

func TestStepScheduleValidate(t *testing.T) {
	ok := []Conditions{{DelayAB: ms, Up: true}}
	tests := []struct {
		s    StepSchedule
		want string // substring of the error, "" for none
	}{
		{StepSchedule{Step: time.Second, Samples: ok}, ""},
		{StepSchedule{Step: 0, Samples: ok}, "step"},
		{StepSchedule{Step: time.Second}, "no samples"},
		{StepSchedule{Step: time.Second, Samples: []Conditions{{DelayBA: -ms}}}, "sample 0: negative delay"},
		{StepSchedule{Step: time.Second, Samples: []Conditions{{}, {RateBps: -1}}}, "sample 1: rate"},
	}
	for _, tt := range tests {
		err := tt.s.Validate()
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate(%+v) = %v, want error containing %q", tt.s, err, tt.want)
		}
	}
	if got := (StepSchedule{}).At(0); got.Up {
		t.Errorf("empty schedule: At(0) = %+v, want an outage", got)
	}
}

func TestConfigValidation(t *testing.T) {
	sched := Fixed{Up: true}
	pair := func(name, a, b string) Pair { return Pair{Name: name, A: a, B: b, Schedule: sched} }
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{}, "no pairs"},
		{Config{Pairs: []Pair{pair("p", "a", "a")}}, "paired with itself"},
		{Config{Pairs: []Pair{pair("p", "a", "b"), pair("q", "b", "a")}}, "join the same endpoints"},
		{Config{Pairs: []Pair{pair("p", "a", "b"), pair("p", "a", "c")}}, "duplicate name"},
		{Config{Pairs: []Pair{{Name: "p", A: "a", B: "b"}}}, "no schedule"},
		{Config{Pairs: []Pair{pair("p", "a", "b")}, Speed: -1}, "speed"},
		{Config{Pairs: []Pair{pair("p", "a", "b")}, RunID: "Has-Dash"}, "run id"},
		{Config{Pairs: []Pair{pair("p", "a", "b")}, RunID: "twelvechars1"}, "run id"},
		{Config{Pairs: []Pair{{Name: "p", A: "a", B: "b", Schedule: StepSchedule{}}}}, "step"},
	}
	for _, tt := range tests {
		_, err := tt.cfg.withDefaults()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("withDefaults(%+v) = %v, want error containing %q", tt.cfg, err, tt.want)
		}
	}
	cfg, err := Config{Pairs: []Pair{pair("p", "a", "b"), pair("q", "b", "c")}, RunID: "abc123"}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Speed != 1 || cfg.RecordInterval != DefaultRecordInterval || cfg.MaxQueueDelay != DefaultMaxQueueDelay ||
		cfg.PathChangeThreshold != DefaultPathChangeThreshold || cfg.Log == nil {
		t.Errorf("defaults not applied: %+v", cfg)
	}
}
