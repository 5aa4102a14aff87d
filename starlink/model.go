package starlink

import (
	"math"
	"math/rand/v2"
	"time"
)

// SpeedOfLightKmS is the speed of light in vacuum (SI, exact).
const SpeedOfLightKmS = 299792.458

// SlotLength and SlotPhase place the reconfiguration boundaries: every 15 s
// starting 12 s past each UTC minute (:12, :27, :42, :57). They are the
// same boundaries as topology.SlotIndex (checked by a test in sim).
const (
	SlotLength = 15 * time.Second
	SlotPhase  = 12 * time.Second
)

// Slot returns the number of the reconfiguration slot containing t and how
// far into it t lies.
func Slot(t time.Time) (index int64, into time.Duration) {
	ns := t.UnixNano() - int64(SlotPhase)
	q := ns / int64(SlotLength)
	if ns%int64(SlotLength) < 0 {
		q--
	}
	return q, time.Duration(ns - q*int64(SlotLength))
}

// Parts splits a round trip into where its time goes. All are RTT
// contributions (both directions added).
type Parts struct {
	// Propagation: speed-of-light delay over the space and gateway–PoP
	// fibre path (the engine's geometry).
	Propagation time.Duration
	// Access: user-link frame alignment, uplink request/grant and the
	// per-slot scheduling level.
	Access time.Duration
	// Processing in satellites, gateways and PoPs.
	Processing time.Duration
	// Queueing: idle queueing plus the load term.
	Queueing time.Duration
	// Terrestrial: the Internet past the PoP (route stretch and exchanges).
	Terrestrial time.Duration
}

// Total returns the RTT a user measures.
func (p Parts) Total() time.Duration {
	return p.Propagation + p.Access + p.Processing + p.Queueing + p.Terrestrial
}

// Add returns p + q, part by part.
func (p Parts) Add(q Parts) Parts {
	return Parts{p.Propagation + q.Propagation, p.Access + q.Access, p.Processing + q.Processing,
		p.Queueing + q.Queueing, p.Terrestrial + q.Terrestrial}
}

// Floor is the smallest RTT the access model can add to a terminal's
// propagation delay: both frames and the queue at zero, the shortest grant,
// the lowest slot level, and processing.
func (p *Params) Floor() time.Duration {
	return p.GrantMin + p.Processing()
}

// Processing returns the RTT processing of one terminal–PoP leg.
func (p *Params) Processing() time.Duration {
	return 2 * (p.SatProcessing + p.GatewayProcessing + p.PoPProcessing)
}

// Stream tags keep independent draws apart.
const (
	tagSample uint64 = 0x7374657073616d70 // per instant
	tagSlot   uint64 = 0x736c6f746c657665 // per slot
)

// Draws holds the generator the model draws from, reseeded for every
// draw: keep one per goroutine (an engine workspace does) and draw with
// SampleWith to draw without allocating. The zero value is ready to use.
type Draws struct {
	pcg rand.PCG
	r   *rand.Rand
}

// rng returns the generator for one (node, key, tag), reseeding d: a pure
// function of the seed and these keys, so draws do not depend on
// evaluation order or on what d drew before.
func (p *Params) rng(d *Draws, node int, key int64, tag uint64) *rand.Rand {
	h := splitmix(p.Seed ^ tag)
	h = splitmix(h ^ uint64(int64(node)))
	d.pcg.Seed(h, splitmix(h^uint64(key)))
	if d.r == nil {
		d.r = rand.New(&d.pcg)
	}
	return d.r
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// SlotLevel returns terminal node's scheduling level (RTT) during the slot
// containing t: uniform in [0, SlotStep), new at every reconfiguration.
func (p *Params) SlotLevel(node int, t time.Time) time.Duration {
	return p.slotLevel(&Draws{}, node, t)
}

func (p *Params) slotLevel(d *Draws, node int, t time.Time) time.Duration {
	if p.SlotStep <= 0 {
		return 0
	}
	slot, _ := Slot(t)
	r := p.rng(d, node, slot, tagSlot)
	return time.Duration(r.Float64() * float64(p.SlotStep))
}

// Leg returns the access-network parts of one terminal–PoP leg (both
// directions) for a packet pair sent at t, drawn from r: two frame waits,
// one uplink grant, processing, two idle queue waits and, under load, two
// M/M/1 waits. The slot level is added by the caller (see Sample).
func (p *Params) Leg(r *rand.Rand) Parts {
	var q Parts
	frame := float64(p.Frame)
	q.Access = time.Duration(r.Float64()*frame + r.Float64()*frame +
		float64(p.GrantMin) + r.Float64()*float64(p.GrantMax-p.GrantMin))
	q.Processing = p.Processing()
	for range 2 {
		q.Queueing += time.Duration(float64(p.QueueMedian) * math.Exp(p.QueueSigma*r.NormFloat64()))
		if rho := p.Utilisation; rho > 0 {
			// M/M/1 waiting time: 0 with probability 1−ρ, else exponential
			// with mean S/(1−ρ) (so the mean wait is ρ/(1−ρ)·S).
			if r.Float64() < rho {
				q.Queueing += time.Duration(r.ExpFloat64() * float64(p.ServiceTime) / (1 - rho))
			}
		}
	}
	return q
}

// Sample returns terminal node's access parts at instant t (the engine's
// step, or a packet's send time in emulation): the leg's random parts drawn
// from a generator keyed on (seed, node, t) plus the slot level.
func (p *Params) Sample(node int, t time.Time) Parts {
	return p.SampleWith(&Draws{}, node, t)
}

// SampleWith is Sample drawing from d (the same parts, whatever d drew
// before), without allocating once d has drawn.
func (p *Params) SampleWith(d *Draws, node int, t time.Time) Parts {
	q := p.Leg(p.rng(d, node, t.UnixNano(), tagSample))
	q.Access += p.slotLevel(d, node, t)
	return q
}

// InLossBurst reports whether t falls in the loss burst right after a
// reconfiguration boundary.
func (p *Params) InLossBurst(t time.Time) bool {
	_, into := Slot(t)
	return into < p.LossBurst
}

// Terrestrial returns the one-way delay over the terrestrial Internet for
// a geodesic of km: the route (km × RouteStretch) in fibre, plus one
// exchange per ExchangeSpacing and one more, each costing PerExchange.
func (p *Params) Terrestrial(km float64) time.Duration {
	if km <= 0 {
		return 0
	}
	prop := km * p.RouteStretch * p.FibreIndex / SpeedOfLightKmS
	ex := 1 + math.Floor(km/p.ExchangeSpacing.Km())
	return time.Duration(prop*1e9) + time.Duration(ex)*p.PerExchange
}

// Directions draws terminal node's access delays for a packet sent at t,
// uplink (terminal → PoP) and downlink (PoP → terminal) separately, each
// from its own generator keyed on (seed, node, t, direction): frame wait,
// queueing (and load) and half the processing and slot level each; the
// uplink also waits for its grant. up(t)+down(t′) has the distribution of
// Sample(t)'s non-propagation parts, so a ping over an emulated path
// follows the modelled RTT.
func (p *Params) Directions(node int, t time.Time) (up, down time.Duration) {
	half := (p.Processing() + p.SlotLevel(node, t)) / 2
	for dir := range 2 {
		r := p.rng(&Draws{}, node, t.UnixNano(), tagSample+1+uint64(dir))
		d := time.Duration(r.Float64()*float64(p.Frame)) + half
		d += time.Duration(float64(p.QueueMedian) * math.Exp(p.QueueSigma*r.NormFloat64()))
		if rho := p.Utilisation; rho > 0 && r.Float64() < rho {
			d += time.Duration(r.ExpFloat64() * float64(p.ServiceTime) / (1 - rho))
		}
		if dir == 0 {
			d += p.GrantMin + time.Duration(r.Float64()*float64(p.GrantMax-p.GrantMin))
			up = d
		} else {
			down = d
		}
	}
	return up, down
}

// SlotStartAfter returns the first reconfiguration boundary at or after t.
func SlotStartAfter(t time.Time) time.Time {
	i, into := Slot(t)
	if into == 0 {
		return t
	}
	return time.Unix(0, (i+1)*int64(SlotLength)+int64(SlotPhase)).UTC()
}
