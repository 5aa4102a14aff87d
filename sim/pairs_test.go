package sim

import (
	"testing"

	"orbitnet/ground"
)

// TestPairListOncePerPair: with AllPairs, an endpoint pair that is also
// listed (in either order) is reported once, under its listed index, and
// AllPairIndices still covers every endpoint pair (issue 16: the default
// scenario reported 4958 pairs for 100 cities).
func TestPairListOncePerPair(t *testing.T) {
	base := baseConfig(t)
	tests := []struct {
		name      string
		ground    int // endpoints kept from the top-100 list
		extra     []ground.Node
		pairs     [][2]int
		limit     int
		wantPairs int
	}{
		{"no listed pairs", 10, nil, nil, 0, 45},
		{"listed in endpoint order", 10, nil, [][2]int{{0, 1}, {2, 3}}, 0, 45},
		{"listed reversed", 10, nil, [][2]int{{1, 0}, {9, 2}}, 0, 45},
		{"listed to a gateway", 10, []ground.Node{{Name: "GW", Kind: ground.Gateway}}, [][2]int{{0, 10}, {3, 4}}, 0, 46},
		{"listed outside the limit", 10, nil, [][2]int{{8, 9}, {1, 2}}, 5, 11},
		{"directed both ways", 10, nil, [][2]int{{0, 1}, {1, 0}}, 0, 46},
		{"100 cities, 8 listed", 100, nil, [][2]int{{18, 70}, {9, 27}, {20, 0}, {88, 62}, {14, 96}, {17, 85}, {24, 21}, {34, 8}}, 0, 4950},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			cfg.Ground = append(append([]ground.Node(nil), base.Ground[:tc.ground]...), tc.extra...)
			cfg.Pairs, cfg.AllPairsLimit = tc.pairs, tc.limit
			n, err := NewNetwork(cfg)
			if err != nil {
				t.Fatal(err)
			}
			pl := n.PairList()
			if len(pl) != tc.wantPairs {
				t.Errorf("%d pairs, want %d", len(pl), tc.wantPairs)
			}
			for k, p := range pl[:n.NumListed()] {
				if p != tc.pairs[k] {
					t.Errorf("listed pair %d = %v, want %v", k, p, tc.pairs[k])
				}
			}
			seen := map[[2]int]int{}
			for k, p := range pl[n.NumListed():] {
				u := unorderedPair(p)
				if prev, dup := seen[u]; dup {
					t.Errorf("pair %v at %d and %d", p, prev, k)
				}
				seen[u] = k
			}
			for _, p := range pl[:n.NumListed()] {
				if _, dup := seen[unorderedPair(p)]; dup {
					t.Errorf("listed pair %v repeated among all pairs", p)
				}
			}
			ends := tc.ground
			if tc.limit > 0 {
				ends = tc.limit
			}
			all := n.AllPairIndices()
			if len(all) != ends*(ends-1)/2 {
				t.Fatalf("%d all-pair indices, want %d", len(all), ends*(ends-1)/2)
			}
			k := 0
			for a := 0; a < ends; a++ {
				for b := a + 1; b < ends; b++ {
					if got := unorderedPair(pl[all[k]]); got != [2]int{a, b} {
						t.Errorf("all-pair %d is %v, want %v", k, pl[all[k]], [2]int{a, b})
					}
					k++
				}
			}
		})
	}
}
