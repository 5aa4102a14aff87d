package routing

import (
	"fmt"
	"strings"
	"testing"
)

// TestNextHopsMatchHypatia checks next hops toward ground stations against
// the expectations of Hypatia's forwarding-state tests (snkas/hypatia,
// satgenpy/tests/test_fstate_calculation.py, MIT, Copyright (c) 2020 ETH
// Zurich): small graphs of satellites (0 … S−1) and ground stations (S …),
// each expected entry "current>destination=next hop" (−1: no route).
// Hypatia's three algorithms map onto relay flags and links:
//   - without_gs_relays: every link, ground stations do not relay (orbitnet's
//     isl mode);
//   - only_gs_relays: ground links only, ground stations relay (bent-pipe
//     through ground relays);
//   - combined: every link, ground stations relay (hybrid).
//
// Next hops come from Dijkstra on the transposed graph, as the engine's
// forwarding state does.
func TestNextHopsMatchHypatia(t *testing.T) {
	type edge struct{ a, b, w int }
	cases := []struct {
		name  string
		sats  int
		gs    int
		edges []edge
		want  map[string]string // algorithm → entries
	}{
		{"one_sat_two_gs", 1, 2, []edge{{0, 1, 1000}, {0, 2, 1000}}, map[string]string{
			"without_gs_relays": "0>1=1 0>2=2 1>2=0 2>1=0",
			"only_gs_relays":    "0>1=1 0>2=2 1>2=0 2>1=0",
			"combined":          "0>1=1 0>2=2 1>2=0 2>1=0",
		}},
		{"two_sat_two_gs", 2, 2, []edge{{0, 1, 1000}, {0, 2, 1000}, {1, 3, 1000}}, map[string]string{
			"without_gs_relays": "0>2=2 0>3=1 1>2=0 1>3=3 2>3=0 3>2=1",
			"only_gs_relays":    "0>2=2 0>3=-1 1>2=-1 1>3=3 2>3=-1 3>2=-1",
			"combined":          "0>2=2 0>3=1 1>2=0 1>3=3 2>3=0 3>2=1",
		}},
		{"two_sat_three_gs", 2, 3, []edge{{0, 1, 1000}, {0, 2, 500}, {0, 3, 200}, {1, 3, 100}, {1, 4, 400}}, map[string]string{
			"without_gs_relays": "0>2=2 0>3=3 0>4=1 1>2=0 1>3=3 1>4=4 2>3=0 2>4=0 3>2=0 3>4=1 4>2=1 4>3=1",
			"only_gs_relays":    "0>2=2 0>3=3 0>4=3 1>2=3 1>3=3 1>4=4 2>3=0 2>4=0 3>2=0 3>4=1 4>2=1 4>3=1",
			"combined":          "0>2=2 0>3=3 0>4=3 1>2=3 1>3=3 1>4=4 2>3=0 2>4=0 3>2=0 3>4=1 4>2=1 4>3=1",
		}},
		{"five_sat_five_gs", 5, 5, []edge{{0, 3, 600}, {0, 7, 500}, {0, 8, 600}, {1, 4, 300}, {1, 6, 500}, {1, 9, 300},
			{2, 3, 400}, {2, 4, 400}, {2, 5, 500}, {2, 8, 200}, {2, 9, 500}}, map[string]string{
			"without_gs_relays": "0>5=3 0>6=3 0>7=7 0>8=8 0>9=3 1>5=4 1>6=6 1>7=4 1>8=4 1>9=9 " +
				"2>5=5 2>6=4 2>7=3 2>8=8 2>9=9 3>5=2 3>6=2 3>7=0 3>8=2 3>9=2 4>5=2 4>6=1 4>7=2 4>8=2 4>9=1 " +
				"5>6=2 5>7=2 5>8=2 5>9=2 6>5=1 6>7=1 6>8=1 6>9=1 7>5=0 7>6=0 7>8=0 7>9=0 " +
				"8>5=2 8>6=2 8>7=0 8>9=2 9>5=2 9>6=1 9>7=2 9>8=2",
			"only_gs_relays": "0>5=8 0>6=8 0>7=7 0>8=8 0>9=8 1>5=9 1>6=6 1>7=9 1>8=9 1>9=9 " +
				"2>5=5 2>6=9 2>7=8 2>8=8 2>9=9 3>5=-1 3>6=-1 3>7=-1 3>8=-1 3>9=-1 4>5=-1 4>6=-1 4>7=-1 4>8=-1 4>9=-1 " +
				"5>6=2 5>7=2 5>8=2 5>9=2 6>5=1 6>7=1 6>8=1 6>9=1 7>5=0 7>6=0 7>8=0 7>9=0 " +
				"8>5=2 8>6=2 8>7=0 8>9=2 9>5=2 9>6=1 9>7=2 9>8=2",
			"combined": "0>5=8 0>6=8 0>7=7 0>8=8 0>9=8 1>5=4 1>6=6 1>7=4 1>8=4 1>9=9 " +
				"2>5=5 2>6=4 2>7=8 2>8=8 2>9=9 3>5=2 3>6=2 3>7=0 3>8=2 3>9=2 4>5=2 4>6=1 4>7=2 4>8=2 4>9=1 " +
				"5>6=2 5>7=2 5>8=2 5>9=2 6>5=1 6>7=1 6>8=1 6>9=1 7>5=0 7>6=0 7>8=0 7>9=0 " +
				"8>5=2 8>6=2 8>7=0 8>9=2 9>5=2 9>6=1 9>7=2 9>8=2",
		}},
		{"two_sat_two_gs_no_isl", 2, 3, []edge{{0, 2, 100}, {0, 3, 100}, {1, 3, 100}, {1, 4, 100}}, map[string]string{
			"without_gs_relays": "0>2=2 0>3=3 0>4=-1 1>2=-1 1>3=3 1>4=4 2>3=0 2>4=-1 3>2=0 3>4=1 4>2=-1 4>3=1",
			"only_gs_relays":    "0>2=2 0>3=3 0>4=3 1>2=3 1>3=3 1>4=4 2>3=0 2>4=0 3>2=0 3>4=1 4>2=1 4>3=1",
			"combined":          "0>2=2 0>3=3 0>4=3 1>2=3 1>3=3 1>4=4 2>3=0 2>4=0 3>2=0 3>4=1 4>2=1 4>3=1",
		}},
	}
	var d Dijkstra
	var g, tg Graph
	for _, tc := range cases {
		for algo, entries := range tc.want {
			n := tc.sats + tc.gs
			var b Builder
			b.Reset(n)
			for v := tc.sats; v < n; v++ {
				b.SetRelay(v, algo != "without_gs_relays")
			}
			for _, e := range tc.edges {
				isl := e.a < tc.sats && e.b < tc.sats
				if algo == "only_gs_relays" && isl {
					continue
				}
				b.Edge(e.a, e.b, float64(e.w))
			}
			b.Build(&g)
			g.Transpose(&tg)
			for _, entry := range strings.Fields(entries) {
				var cur, dst, next int
				if _, err := fmt.Sscanf(entry, "%d>%d=%d", &cur, &dst, &next); err != nil {
					t.Fatalf("bad entry %q", entry)
				}
				d.Run(&tg, dst)
				if got := int(d.Pred[cur]); got != next {
					t.Errorf("%s/%s: next hop at %d toward %d is %d, Hypatia %d", tc.name, algo, cur, dst, got, next)
				}
			}
		}
	}
}
