package sim

import (
	"testing"
)

// TestLaidArcs checks the contract the capacity model relies on, in every
// mode: LaidArcs lists exactly the arcs of the step's graph, and every hop
// of a routed path is a laid arc, a laid arc run backwards (directed
// policies only) or one of InternetArcs, with inner nodes that MayRelay.
func TestLaidArcs(t *testing.T) {
	for _, mode := range Modes() {
		t.Run(string(mode), func(t *testing.T) {
			net, ws := hopsStep(t, mode)
			type key struct{ a, b NodeID }
			laid := map[key]bool{}
			count := 0
			ws.LaidArcs(func(x Arc) {
				count++
				laid[key{x.From, x.To}] = true
				if d, ok := ws.arcDelay(x.From, x.To); !ok || d > x.Delay.Ms() {
					t.Errorf("laid arc %+v: graph has %v, %v", x, d, ok)
				}
				if x.Kind != net.LinkKind(x.From, x.To) {
					t.Errorf("laid arc %+v: kind %v", x, net.LinkKind(x.From, x.To))
				}
			})
			arcs := 0
			for u := range ws.G.N() {
				to, _ := ws.G.Arcs(u)
				arcs += len(to)
			}
			if count != arcs {
				t.Fatalf("LaidArcs lists %d arcs, the graph has %d", count, arcs)
			}
			internet := map[key]bool{}
			ws.InternetArcs(func(x Arc) {
				if x.Kind != LinkTerrestrial || x.From >= x.To || !(x.Delay > 0) {
					t.Errorf("Internet arc %+v", x)
				}
				internet[key{x.From, x.To}] = true
			})
			if got := len(internet) > 0; got != net.Policy().Traits().Internet {
				t.Errorf("%d Internet arcs in mode %s", len(internet), mode)
			}
			directed := net.Policy().Traits().Directed
			eachRoute(t, ws, net.Cfg.Pairs, func(p [2]int, _ PairValue, path []int32) {
				for i := 1; i < len(path); i++ {
					a, b := NodeID(path[i-1]), NodeID(path[i])
					if i < len(path)-1 && !ws.MayRelay(b) {
						t.Errorf("%v: inner node %d may not relay", p, b)
					}
					switch {
					case laid[key{a, b}]:
					case directed && laid[key{b, a}]:
					case internet[key{min(a, b), max(a, b)}]:
					default:
						t.Errorf("%v: hop %d→%d is not a laid arc", p, a, b)
					}
				}
			})
		})
	}
}
