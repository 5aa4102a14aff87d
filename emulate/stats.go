package emulate

import "time"

// Stats are an emulation's counters so far.
type Stats struct {
	// Directions holds both directions of every pair, A→B first, in the
	// order of Config.Pairs.
	Directions []DirectionStats
	// Unroutable counts packets the namespaces sent that no pair carries:
	// IPv6 (the emulator routes IPv4 only) or to an address that is not a
	// peer.
	Unroutable uint64
}

// DirectionStats are the counters of one direction of one pair.
type DirectionStats struct {
	Pair      string
	Direction Direction
	From, To  string // endpoint names
	Forwarded uint64 // packets written into the destination namespace
	Bytes     uint64 // bytes of the forwarded packets (IP headers included)
	// Packets dropped: sent during an outage, refused by the full queue of
	// a rate-limited link, or failed to write.
	DroppedOutage, DroppedQueue, DroppedWrite uint64
	// DelayError is how late packets were written with respect to their
	// due instant (the timer's error; the delay's own error against the
	// schedule adds the emulator's reading latency, see docs/emulation.md).
	DelayError DelayError
}

// Dropped returns all packets dropped.
func (s DirectionStats) Dropped() uint64 {
	return s.DroppedOutage + s.DroppedQueue + s.DroppedWrite
}

// DelayError summarises applied − intended delivery instants in real time;
// quantiles are within 1.6 % (see histogram), Max is exact.
type DelayError struct {
	Count         uint64
	P50, P99, Max time.Duration
}

// Stats returns the counters so far.
func (e *Emulator) Stats() Stats {
	s := Stats{Unroutable: e.unroutable.Load()}
	for _, d := range e.dirs {
		d.mu.Lock()
		s.Directions = append(s.Directions, DirectionStats{
			Pair: d.pair, Direction: d.dir, From: d.from.name, To: d.to.name,
			Forwarded: d.forwarded, Bytes: d.bytes,
			DroppedOutage: d.dropOutage, DroppedQueue: d.dropQueue, DroppedWrite: d.dropWrite,
			DelayError: DelayError{
				Count: d.delayErr.n,
				P50:   d.delayErr.quantile(0.50),
				P99:   d.delayErr.quantile(0.99),
				Max:   d.delayErr.max,
			},
		})
		d.mu.Unlock()
	}
	return s
}

// Records returns one Record per record bucket (Config.RecordInterval) and
// direction, from the start to now (or to Close), ordered by time, then
// pair, then direction: the rows of emulation.csv (see WriteCSV).
func (e *Emulator) Records() []Record {
	iv := e.cfg.RecordInterval
	elapsed := e.Elapsed()
	n := int((elapsed + iv - 1) / iv)
	recs := make([]Record, 0, n*len(e.dirs))
	for i := range n {
		t := time.Duration(i) * iv
		for _, d := range e.dirs {
			c := d.sched.At(t)
			r := Record{
				Time: t, Pair: d.pair, Direction: d.dir,
				IntendedDelay: c.delay(d.dir), Up: c.Up, RateBps: c.RateBps,
			}
			d.mu.Lock()
			if i < len(d.buckets) {
				b := d.buckets[i]
				r.Forwarded, r.Dropped = b.forwarded, b.dropped
				if b.forwarded > 0 {
					r.AppliedDelay = b.appliedSum / time.Duration(b.forwarded)
				}
			}
			d.mu.Unlock()
			recs = append(recs, r)
		}
	}
	return recs
}
