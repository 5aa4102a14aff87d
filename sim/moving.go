package sim

import (
	"fmt"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
)

// Track moves a ground node: At gives its WGS-84 position at an offset
// from the start. It must be safe for concurrent use and deterministic.
// mobility.Track implements it.
type Track interface {
	At(offset time.Duration) frame.Geodetic
}

// MovingNode gives ground node Node (an index into Config.Ground) a track.
// The node's Pos should be its position at offset 0; the engine moves its
// observer every step (and at the slot scheduler's look-ahead instants).
type MovingNode struct {
	Node  int
	Track Track
}

// prepareMoving checks Config.Moving and indexes the tracks by node.
func (n *Network) prepareMoving() error {
	if len(n.Cfg.Moving) == 0 {
		return nil
	}
	n.tracks = make([]Track, n.NGnd)
	for _, m := range n.Cfg.Moving {
		if m.Node < 0 || m.Node >= n.NGnd {
			return fmt.Errorf("moving node index %d out of range", m.Node)
		}
		if k := n.Cfg.Ground[m.Node].Kind; k != ground.Terminal && k != ground.Station {
			return fmt.Errorf("ground node %q is a %s; only terminals and stations can move", n.Cfg.Ground[m.Node].Name, k)
		}
		if n.tracks[m.Node] != nil {
			return fmt.Errorf("ground node %q has two tracks", n.Cfg.Ground[m.Node].Name)
		}
		n.tracks[m.Node] = m.Track
		n.moving = append(n.moving, m.Node)
	}
	return nil
}

// Moving reports whether ground node g moves.
func (n *Network) Moving(g int) bool { return n.tracks != nil && n.tracks[g] != nil }

// GroundAt returns ground node g's position at offset off.
func (n *Network) GroundAt(g int, off time.Duration) frame.Geodetic {
	if n.Moving(g) {
		return n.tracks[g].At(off)
	}
	return n.Cfg.Ground[g].Pos
}

// observerAt is the scheduler's look-ahead hook: the observer of a moving
// node at instant t.
func (n *Network) observerAt(g int, t time.Time) (frame.Observer, bool) {
	if !n.Moving(g) {
		return frame.Observer{}, false
	}
	return frame.NewObserver(n.tracks[g].At(t.Sub(n.Cfg.Start))), true
}

// moveGround puts the workspace's observers of moving nodes where they are
// at offset off, re-evaluates jamming areas for them and, in starlink
// mode, re-homes the moving users.
func (w *Workspace) moveGround(off time.Duration) {
	n := w.net
	for _, g := range n.moving {
		pos := n.tracks[g].At(off)
		w.Obs[g] = frame.NewObserver(pos)
		if n.sl != nil {
			w.rehome(g, pos)
		}
		if !w.fail.any {
			continue
		}
		w.fail.jam[g] = false
		for i := range n.failures {
			f := &n.failures[i]
			if f.Kind == Jammed && f.Area != nil && f.activeAt(off) && f.Area(pos.Lat.Deg(), pos.Lon.Deg()) {
				w.fail.jam[g] = true
			}
		}
	}
}
