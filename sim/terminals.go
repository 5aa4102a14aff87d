package sim

import "orbitnet/ground"

// Cause says why a terminal has no service at a step.
type Cause uint8

// Outage causes, in the order they are checked: a failed node, then a
// jammed one, then an empty sky, then the routing (found by the caller from
// the pair values: the terminal had a satellite but none of its pairs a
// path).
const (
	InService Cause = iota
	CauseFailure
	CauseJamming
	CauseNoSatellite
	CauseNoRoute
)

var causeNames = [...]string{"", "failure", "jamming", "no_satellite", "no_route"}

// String returns the cause as outputs write it ("" for InService).
func (c Cause) String() string {
	if int(c) < len(causeNames) {
		return causeNames[c]
	}
	return "unknown"
}

// TerminalState is one user terminal at one step.
type TerminalState struct {
	// Node is the ground node (an index into Config.Ground).
	Node int32
	// Serving is the satellite the terminal uses (the highest of its
	// ground links), −1 when it has none.
	Serving int32
	// Visible is the number of satellites above the mask.
	Visible int32
	// ElevationSin is the sine of the serving satellite's elevation.
	ElevationSin float64
	// GatewayDirect: the serving satellite is in view of a gateway (above
	// the gateway's elevation mask) at this step, so the terminal could
	// reach one without lasers; false with a serving satellite means a
	// gateway is reachable only over lasers (or not at all).
	GatewayDirect bool
	// Cause is why the terminal has no satellite (InService when it has
	// one; CauseNoRoute is left to the caller).
	Cause Cause
	// PoP is the terminal's home PoP at this step (a ground node) in
	// routing mode starlink, −1 otherwise: a moving terminal is re-homed
	// along its track (Workspace.StarlinkHome).
	PoP int32
}

// Terminals lists the ground nodes whose state StepResult.Terminals
// reports, in order: every terminal and every moving node.
func (n *Network) Terminals() []int {
	if n.terms == nil {
		n.terms = []int{}
		for g, nd := range n.Cfg.Ground {
			if nd.Kind == ground.Terminal || n.Moving(g) {
				n.terms = append(n.terms, g)
			}
		}
	}
	return n.terms
}

// terminalStates appends the state of each node of Terminals at the
// workspace's current step.
func (w *Workspace) terminalStates(out []TerminalState) []TerminalState {
	n := w.net
	out = out[:0]
	terms := n.terms
	if len(terms) == 0 || !n.Cfg.TerminalStates {
		return out
	}
	if cap(w.gwSat) < n.NSat {
		w.gwSat = make([]bool, n.NSat)
	}
	w.gwSat = w.gwSat[:n.NSat]
	clear(w.gwSat)
	for g, nd := range n.Cfg.Ground {
		if nd.Kind == ground.Gateway {
			for _, v := range w.Vis[g] {
				w.gwSat[v.Sat] = true
			}
		}
	}
	for _, g := range terms {
		st := TerminalState{Node: int32(g), Serving: -1, Visible: int32(len(w.Vis[g])), PoP: int32(w.StarlinkHome(g))}
		for _, v := range w.GSL[g] {
			if st.Serving < 0 || v.SinEl > st.ElevationSin {
				st.Serving, st.ElevationSin = v.Sat, v.SinEl
			}
		}
		switch {
		case st.Serving >= 0:
			st.GatewayDirect = w.gwSat[st.Serving]
		case w.fail.any && w.fail.ground[g]:
			st.Cause = CauseFailure
		case w.fail.any && w.fail.jam[g]:
			st.Cause = CauseJamming
		default:
			st.Cause = CauseNoSatellite
		}
		out = append(out, st)
	}
	return out
}
