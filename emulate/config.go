package emulate

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"
)

// Direction names one direction of a pair.
type Direction uint8

// The two directions of a pair.
const (
	AtoB Direction = iota // from endpoint A to endpoint B
	BtoA                  // from endpoint B to endpoint A
)

// String returns "AB" or "BA", the direction column of emulation.csv.
func (d Direction) String() string {
	if d == BtoA {
		return "BA"
	}
	return "AB"
}

// Ordering decides whether packets of one direction may overtake each other
// when the delay decreases.
//
// Under a pure "delay at send time" model a packet sent just after the delay
// drops by Δ arrives before the packets sent during the previous Δ. That is
// what happens when a satellite path is rerouted (the new path is shorter,
// and packets already on the old one are still in flight), but not when one
// path's delay drifts as the satellites move: the drift is far slower than
// one millisecond per millisecond, so packets never overtake. A schedule
// sampled at fixed steps turns drift into small steps, which the pure model
// would wrongly turn into reordering.
type Ordering uint8

const (
	// OrderPath (the default) delivers packets in order along one path and
	// lets them overtake across a path change: a decrease of the delay by
	// at least Config.PathChangeThreshold between consecutive packets
	// starts a new path, whose packets may arrive before those still in
	// flight on the old one. Smaller decreases are drift: a packet that
	// would overtake its predecessor is held until the predecessor arrives.
	OrderPath Ordering = iota
	// OrderFIFO never reorders: every packet arrives no earlier than the one
	// sent before it in the same direction.
	OrderFIFO
	// OrderSendTime applies the delay at the send instant and nothing else:
	// any decrease of the delay lets later packets overtake.
	OrderSendTime
)

// String returns the ordering's name.
func (o Ordering) String() string {
	switch o {
	case OrderPath:
		return "path"
	case OrderFIFO:
		return "fifo"
	case OrderSendTime:
		return "send-time"
	}
	return fmt.Sprintf("Ordering(%d)", uint8(o))
}

// Pair is a path between two endpoints whose conditions a Schedule tells.
// Endpoints are named; a name used by several pairs is one endpoint (one
// namespace, one address).
type Pair struct {
	Name     string // shown in logs, statistics and emulation.csv
	A, B     string // endpoint names
	Schedule Schedule
}

// Defaults applied by Start to zero fields of Config.
const (
	DefaultPathChangeThreshold = time.Millisecond
	DefaultMaxQueueDelay       = 100 * time.Millisecond
	DefaultRecordInterval      = 100 * time.Millisecond
	maxEndpoints               = 250 // addresses .1 to .250 of one /24
)

// Config describes an emulation.
type Config struct {
	Pairs []Pair
	// Speed is the time scale in emulated seconds per real second;
	// 0 means 1 (real time).
	Speed float64
	// Duration is how long Run runs, in emulated time; 0 means until its
	// context is done.
	Duration time.Duration
	// RunID is a short identifier (1 to 11 lower-case letters or digits)
	// used in namespace and device names; a random one is generated when
	// empty.
	RunID string
	// Log receives progress messages (addresses chosen, errors, removal),
	// one line per write, serialised; nil discards them.
	Log io.Writer

	// Ordering decides whether packets may overtake (default OrderPath).
	Ordering Ordering
	// PathChangeThreshold is the smallest delay decrease OrderPath treats
	// as a path change; 0 means DefaultPathChangeThreshold.
	PathChangeThreshold time.Duration
	// MaxQueueDelay bounds the queue in front of a rate-limited link, in
	// emulated time: a packet that would wait longer before its
	// serialisation starts is dropped (drop-tail). 0 means
	// DefaultMaxQueueDelay.
	MaxQueueDelay time.Duration
	// RecordInterval is the time bucket of Records and emulation.csv, in
	// emulated time; 0 means DefaultRecordInterval.
	RecordInterval time.Duration
}

var runIDPattern = regexp.MustCompile(`^[a-z0-9]{1,11}$`)

// withDefaults returns c with its zero fields set to their defaults, or an
// error naming the first invalid field.
func (c Config) withDefaults() (Config, error) {
	if c.Speed == 0 {
		c.Speed = 1
	}
	if !(c.Speed > 0) || c.Speed > 1e6 {
		return c, fmt.Errorf("emulate: speed %v is not in (0, 1e6]", c.Speed)
	}
	if c.Duration < 0 {
		return c, fmt.Errorf("emulate: negative duration %v", c.Duration)
	}
	if c.RunID != "" && !runIDPattern.MatchString(c.RunID) {
		return c, fmt.Errorf("emulate: run id %q is not 1 to 11 lower-case letters or digits", c.RunID)
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if c.Ordering > OrderSendTime {
		return c, fmt.Errorf("emulate: unknown ordering %v", c.Ordering)
	}
	if c.PathChangeThreshold == 0 {
		c.PathChangeThreshold = DefaultPathChangeThreshold
	}
	if c.MaxQueueDelay == 0 {
		c.MaxQueueDelay = DefaultMaxQueueDelay
	}
	if c.RecordInterval == 0 {
		c.RecordInterval = DefaultRecordInterval
	}
	if c.PathChangeThreshold < 0 || c.MaxQueueDelay < 0 || c.RecordInterval < 0 {
		return c, errors.New("emulate: negative path-change threshold, queue delay or record interval")
	}
	if len(c.Pairs) == 0 {
		return c, errors.New("emulate: no pairs")
	}
	type key struct{ a, b string }
	seen := map[key]string{}
	names := map[string]bool{}
	endpoints := map[string]bool{}
	for i, p := range c.Pairs {
		switch {
		case p.Name == "":
			return c, fmt.Errorf("emulate: pair %d: empty name", i)
		case names[p.Name]:
			return c, fmt.Errorf("emulate: pair %d: duplicate name %q", i, p.Name)
		case p.A == "" || p.B == "":
			return c, fmt.Errorf("emulate: pair %q: empty endpoint name", p.Name)
		case p.A == p.B:
			return c, fmt.Errorf("emulate: pair %q: endpoint %q paired with itself", p.Name, p.A)
		case p.Schedule == nil:
			return c, fmt.Errorf("emulate: pair %q: no schedule", p.Name)
		}
		k := key{p.A, p.B}
		if p.B < p.A {
			k = key{p.B, p.A}
		}
		if other, dup := seen[k]; dup {
			return c, fmt.Errorf("emulate: pairs %q and %q join the same endpoints %q and %q", other, p.Name, p.A, p.B)
		}
		if v, ok := p.Schedule.(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				return c, fmt.Errorf("emulate: pair %q: %w", p.Name, err)
			}
		}
		seen[k] = p.Name
		names[p.Name] = true
		endpoints[p.A], endpoints[p.B] = true, true
	}
	if len(endpoints) > maxEndpoints {
		return c, fmt.Errorf("emulate: %d endpoints, at most %d", len(endpoints), maxEndpoints)
	}
	return c, nil
}
