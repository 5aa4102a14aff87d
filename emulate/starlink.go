package emulate

import (
	"time"

	"orbitnet/ground"
	"orbitnet/sim"
	"orbitnet/starlink"
)

// PacketModel turns a sample's conditions into one packet's: it is how a
// schedule adds per-packet randomness (the starlink access model). T is the
// schedule time of the packet. It must be safe for concurrent use.
type PacketModel interface {
	Packet(t time.Duration, c Conditions) Conditions
}

// starlinkModel adds the starlink access network to the geometric delays
// of one pair: per-packet draws for the user at A (uplink A→B) and, when B
// is a terminal too, for B (downlink A→B), and the loss burst after each
// 15 s reconfiguration.
type starlinkModel struct {
	p     starlink.Params
	start time.Time // schedule time 0
	a, b  int       // draw keys of the users (Network.StarlinkKey)
	hasA  bool
	hasB  bool
}

func (m *starlinkModel) Packet(t time.Duration, c Conditions) Conditions {
	if !c.Up {
		return c
	}
	at := m.start.Add(t)
	if m.p.InLossBurst(at) {
		return Conditions{}
	}
	if m.hasA {
		up, down := m.p.Directions(m.a, at)
		c.DelayAB += up
		c.DelayBA += down
	}
	if m.hasB {
		up, down := m.p.Directions(m.b, at)
		c.DelayAB += down
		c.DelayBA += up
	}
	return c
}

// starlinkModelOf returns listed pair k's packet model in starlink mode, or
// nil.
func starlinkModelOf(net *sim.Network, k int) PacketModel {
	if net.Cfg.Mode != sim.Starlink {
		return nil
	}
	p := net.PairList()[k]
	a, b := p[0], p[1]
	m := &starlinkModel{p: net.Cfg.Starlink.Params, start: net.Cfg.Start, a: net.StarlinkKey(a), b: net.StarlinkKey(b)}
	if net.StarlinkHome(a) >= 0 && isUserKind(net.Cfg.Ground[a].Kind) {
		m.hasA = true
		m.hasB = net.Cfg.Ground[b].Kind == ground.Terminal && net.StarlinkHome(b) >= 0
	} else {
		m.hasB = net.StarlinkHome(b) >= 0 // the user is the pair's second node: A→B is its downlink
	}
	return m
}

func isUserKind(k ground.Kind) bool { return k == ground.Station || k == ground.Terminal }
