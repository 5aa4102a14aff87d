package sim

import (
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
)

// StartingAt returns c seen from offset off (0 ≤ off ≤ Duration): Start
// moves to Start+off and Duration shrinks by off, while what c gives as
// offsets from its start keeps its absolute times: failure windows are
// shifted (a failure that ended by off is dropped), and moving nodes follow
// their tracks from where they are at off. An export or a query of a later
// window then sees the same network as the whole run at those instants.
func (c Config) StartingAt(off time.Duration) Config {
	if off <= 0 {
		return c
	}
	out := c
	out.Start = c.Start.Add(off)
	out.Duration = max(0, c.Duration-off)
	out.Failures = nil
	for _, f := range c.Failures {
		if f.Until > 0 && f.Until <= off {
			continue // over before the window
		}
		f.From = max(0, f.From-off)
		if f.Until > 0 {
			f.Until -= off
		}
		out.Failures = append(out.Failures, f)
	}
	if len(c.Moving) > 0 {
		out.Ground = append([]ground.Node(nil), c.Ground...)
		out.Moving = make([]MovingNode, len(c.Moving))
		for i, m := range c.Moving {
			t := shiftedTrack{m.Track, off}
			out.Moving[i] = MovingNode{Node: m.Node, Track: t}
			out.Ground[m.Node].Pos = t.At(0)
		}
	}
	return out
}

// shiftedTrack is a track seen from offset off of its own start.
type shiftedTrack struct {
	Track
	off time.Duration
}

func (t shiftedTrack) At(o time.Duration) frame.Geodetic { return t.Track.At(o + t.off) }
