package sim

import (
	"time"

	"orbitnet/orbit/timescale"
	"orbitnet/topology"
)

// Place computes the satellites' positions at offset from the start with
// the what-if failures active then: a failed satellite's position is
// invalid (it is seen by no one and carries no link); moving ground nodes
// are put where they are then (Workspace.Obs, and whether they are jammed). It is the first part
// of Build, for models that need the engine's view of the sky without its
// links and graph (package coverage).
func (w *Workspace) Place(offset time.Duration) {
	n := w.net
	w.Offset = offset
	w.Time = n.Cfg.Start.Add(offset)
	n.Prop.PositionsAt(timescale.FromTime(w.Time), w.Pos)
	n.failuresAt(offset, &w.fail)
	if len(n.moving) > 0 {
		w.moveGround(offset)
	}
	if w.fail.any {
		for i, down := range w.fail.sat {
			if down {
				w.Pos.Valid[i] = false
			}
		}
	}
}

// VisibleFrom appends to dst the satellites above the elevation mask (and
// within the range cap) of ground node g at the placed step (Place or
// Build), by the engine's rules: none while g is down or jammed. It does
// not apply the GSL policy (Workspace.GSL does) nor ask whether g takes
// part in routing.
func (w *Workspace) VisibleFrom(g int, dst []topology.Visible) []topology.Visible {
	if w.fail.any && (w.fail.ground[g] || w.fail.jam[g]) {
		return dst
	}
	return topology.VisibleFrom(&w.Obs[g], w.Pos, w.net.Cfg.GSL, dst)
}
