package sim

import (
	"fmt"
	"strings"

	"orbitnet/ground"
)

// Policy is a routing mode's rules: which links carry traffic and how the
// step's routing graph is laid from the topology of the step (positions,
// active laser links, the ground links each ground node uses after the GSL
// policy, and what-if failures).
//
// The policies live in package sim, one file each (policy_isl.go,
// policy_bentpipe.go, policy_hybrid.go, policy_starlink.go), because laying
// the graph needs the engine's prepared state (gateway homing, fibre delays,
// failure masks, the scheduler's assignments) and its reused buffers, and
// must stay allocation-free in the step loop. Everything outside sim reads a
// policy through its Traits and the graph the engine built (Workspace.Hops,
// Network.LinkKind), never by switching on the mode string.
//
// Adding a policy: one new file with a type implementing Policy, one entry
// in registry below, and a line in docs/scenario.md (routing.mode).
type Policy interface {
	// Mode is the policy's name in scenario files (routing.mode).
	Mode() Mode
	// Traits tell the rest of the engine, and the capacity and coverage
	// models, what the policy's graph contains.
	Traits() Traits
	// lay lays the step's routing graph into w.b and builds w.G.
	lay(w *Workspace)
}

// Traits describe a policy's graph.
type Traits struct {
	// ISLs: laser links carry traffic (otherwise none are planned).
	ISLs bool
	// GroundRelay: gateways and PoPs take part in routing (they relay, and
	// carry gateway→PoP and PoP mesh fibre).
	GroundRelay bool
	// UplinkCopies: the graph has an uplink copy of every satellite (bent
	// pipe: a user's uplink may only go back down to a gateway).
	UplinkCopies bool
	// GatewaySeen: a user may only use a satellite that has a link to a
	// gateway this step.
	GatewaySeen bool
	// GatewayGroups: with the slot scheduler, a terminal is offered first
	// the satellites whose laser-connected group has a gateway link.
	GatewayGroups bool
	// Directed: the graph's links are one-way where the mode says so
	// (starlink: a user's uplink, a satellite's downlink to a gateway, a
	// gateway's fibre to its PoP).
	Directed bool
	// Internet: a pair's destination past the PoP is reached over the
	// terrestrial Internet, which is not part of the graph (starlink: the
	// path's hop from the user's home PoP to the destination, or to the
	// destination user's home PoP).
	Internet bool
}

// registry lists the routing policies, in the order their names are listed
// in errors and docs.
var registry = []Policy{islPolicy{}, bentPipePolicy{}, hybridPolicy{}, starlinkPolicy{}}

// Modes returns the names of the routing modes.
func Modes() []Mode {
	ms := make([]Mode, len(registry))
	for i, p := range registry {
		ms[i] = p.Mode()
	}
	return ms
}

// PolicyOf returns the policy of routing mode m, or an error listing the
// modes. It is the one place a mode is validated.
func PolicyOf(m Mode) (Policy, error) {
	for _, p := range registry {
		if p.Mode() == m {
			return p, nil
		}
	}
	names := make([]string, len(registry))
	for i, p := range registry {
		names[i] = string(p.Mode())
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	return nil, fmt.Errorf("%q: must be %s", string(m), list)
}

// Policy returns the network's routing policy.
func (n *Network) Policy() Policy { return n.policy }

// addISLs adds this step's laser links both ways.
func (w *Workspace) addISLs() {
	for _, l := range w.ISLs {
		w.b.Edge(int(l.A), int(l.B), l.Delay.Ms())
	}
}

// addFiber adds ground node g's terrestrial links: the PoP mesh (to every
// later PoP) and, for a gateway, the fibre to its home PoP; nodes that are
// down have none.
func (w *Workspace) addFiber(g int, kind ground.Kind) {
	n := w.net
	b := &w.b
	v := n.Node(g)
	if kind == ground.PoP && n.Cfg.Fiber.PoPMesh {
		for _, q := range n.pops {
			if q <= g {
				continue
			}
			if w.fail.any && (w.fail.ground[g] || w.fail.ground[q]) {
				continue
			}
			b.Edge(v, n.Node(q), n.popFiberMs[g][q])
		}
	}
	if kind == ground.Gateway {
		if p := n.homePoP[g]; p >= 0 {
			if !(w.fail.any && (w.fail.ground[g] || w.fail.ground[p])) {
				b.Edge(v, n.Node(p), n.fiberMs[g])
			}
		}
	}
}

// relays reports whether ground node g relays traffic in a policy with
// ground relays: gateways and PoPs that are not down.
func (w *Workspace) relays(g int, kind ground.Kind) bool {
	return (kind == ground.Gateway || kind == ground.PoP) && !(w.fail.any && w.fail.ground[g])
}

// Traits returns the traits of the configuration's routing mode (the zero
// Traits for a mode that is not registered).
func (c *Config) Traits() Traits {
	p, err := PolicyOf(c.Mode)
	if err != nil {
		return Traits{}
	}
	return p.Traits()
}
