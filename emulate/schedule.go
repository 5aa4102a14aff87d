package emulate

import (
	"errors"
	"fmt"
	"time"
)

// Conditions are the conditions of one path at one instant.
type Conditions struct {
	// DelayAB and DelayBA are the one-way delays from endpoint A to B and
	// from B to A, in emulated time.
	DelayAB, DelayBA time.Duration
	// Up is false during an outage: packets sent then are dropped.
	Up bool
	// RateBps is the bottleneck rate in bits per emulated second, applied
	// to each direction separately; 0 means unlimited.
	RateBps float64
}

// delay returns the one-way delay in direction d.
func (c Conditions) delay(d Direction) time.Duration {
	if d == BtoA {
		return c.DelayBA
	}
	return c.DelayAB
}

// Schedule tells the conditions of a path at emulated time t since the start
// of the emulation. At is called for every packet, concurrently from several
// goroutines, so it must be cheap and safe for concurrent use.
type Schedule interface {
	At(t time.Duration) Conditions
}

// Fixed is a Schedule whose conditions never change.
type Fixed Conditions

// At returns the fixed conditions.
func (f Fixed) At(time.Duration) Conditions { return Conditions(f) }

// ScheduleFunc adapts a function to a Schedule.
type ScheduleFunc func(t time.Duration) Conditions

// At returns f(t).
func (f ScheduleFunc) At(t time.Duration) Conditions { return f(t) }

// StepSchedule is a piecewise-constant Schedule built from samples taken at
// a fixed step, as the simulation engine produces them: Samples[i] holds
// for schedule time [i*Step, (i+1)*Step).
//
// Start is the schedule time at which the emulation begins, so that emulated
// time t reads the sample covering schedule time Start+t. Before the first
// sample the first one holds, and beyond the last sample the last one holds.
type StepSchedule struct {
	Start   time.Duration
	Step    time.Duration
	Samples []Conditions
	// Model, when set, makes each packet's conditions from the sample's
	// (the starlink access model); nil: the sample holds as it is.
	Model PacketModel
}

// Validate reports whether s can be used: a positive step and at least one
// sample with non-negative delays and rate.
func (s StepSchedule) Validate() error {
	if s.Step <= 0 {
		return fmt.Errorf("step schedule: step %v is not positive", s.Step)
	}
	if len(s.Samples) == 0 {
		return errors.New("step schedule: no samples")
	}
	for i, c := range s.Samples {
		if err := c.validate(); err != nil {
			return fmt.Errorf("step schedule: sample %d: %w", i, err)
		}
	}
	return nil
}

// At returns the sample covering schedule time s.Start+t. It returns the
// zero Conditions (an outage) when s has no samples or no positive step.
func (s StepSchedule) At(t time.Duration) Conditions {
	n := len(s.Samples)
	if n == 0 || s.Step <= 0 {
		return Conditions{}
	}
	st := s.Start + t
	i := max(st, 0) / s.Step
	c := s.Samples[min(i, time.Duration(n-1))]
	if s.Model != nil {
		c = s.Model.Packet(st, c)
	}
	return c
}

// End returns the emulated time at which the last sample begins to hold:
// the length of the emulation the samples describe.
func (s StepSchedule) End() time.Duration {
	return time.Duration(len(s.Samples))*s.Step - s.Start
}

// validate checks one set of conditions.
func (c Conditions) validate() error {
	switch {
	case c.DelayAB < 0 || c.DelayBA < 0:
		return fmt.Errorf("negative delay (A→B %v, B→A %v)", c.DelayAB, c.DelayBA)
	case c.RateBps < 0 || c.RateBps != c.RateBps:
		return fmt.Errorf("rate %v bit/s is not a non-negative number", c.RateBps)
	}
	return nil
}
