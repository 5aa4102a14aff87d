package emulate

import (
	"math"
	"time"
)

// verdict is what becomes of a packet offered to a link.
type verdict uint8

const (
	deliver    verdict = iota
	dropOutage         // the path was down at the send instant
	dropQueue          // the queue in front of the bottleneck was full
)

// link decides when each packet of one direction arrives. It reads no clock
// and does no I/O: the caller passes the real time since the start, and the
// link converts to emulated time with speed.
//
// A packet offered at real time now, while the schedule says the path is up
// with delay d and rate r, waits behind the packets still being serialised,
// is serialised at r (drop-tail when the wait would exceed maxQueue), and
// arrives d after its serialisation ends, adjusted by the ordering policy
// (see Ordering). All durations inside are real time except where noted.
type link struct {
	dir       Direction
	sched     Schedule
	speed     float64       // emulated seconds per real second
	ordering  Ordering      //
	threshold time.Duration // path-change threshold, emulated
	maxQueue  time.Duration // longest wait before serialisation, emulated

	busyUntil   time.Duration // end of the serialisation of the last packet
	lastDelay   time.Duration // emulated delay given to the previous packet
	lastArrival time.Duration // arrival of the previous packet
	any         bool          // whether a packet was admitted yet
}

// emulated converts real time to emulated time.
func (l *link) emulated(real time.Duration) time.Duration {
	return time.Duration(float64(real) * l.speed)
}

// real converts emulated time to real time.
func (l *link) real(emulated time.Duration) time.Duration {
	return time.Duration(float64(emulated) / l.speed)
}

// admit offers a packet of size bytes at real time now and returns the
// conditions at that instant, the real time it must arrive, and whether it is
// delivered at all.
func (l *link) admit(now time.Duration, size int) (c Conditions, arrival time.Duration, v verdict) {
	c = l.sched.At(l.emulated(now))
	if !c.Up {
		return c, 0, dropOutage
	}
	depart := now
	if c.RateBps > 0 {
		start := max(now, l.busyUntil)
		if l.emulated(start-now) > l.maxQueue {
			return c, 0, dropQueue
		}
		ser := float64(size*8) / (c.RateBps * l.speed) * 1e9
		l.busyUntil = start + time.Duration(math.Ceil(ser))
		depart = l.busyUntil
	}
	d := c.delay(l.dir)
	arrival = depart + l.real(d)
	if l.any && arrival < l.lastArrival {
		hold := true
		switch l.ordering {
		case OrderSendTime:
			hold = false
		case OrderPath:
			hold = l.lastDelay-d < l.threshold
		}
		if hold {
			arrival = l.lastArrival
		}
	}
	l.lastDelay, l.lastArrival, l.any = d, arrival, true
	return c, arrival, deliver
}
