package report

import "testing"

// TestSamplerCap checks that a sampler never keeps more than its limit,
// for totals just above multiples of the limit where a floor division of
// the stride would keep almost twice as many (issue 16: n = 2,480,240 for
// a cap of 2 million), and that it keeps the same values every time.
func TestSamplerCap(t *testing.T) {
	for _, tc := range []struct{ total, limit, offered int }{
		{4_960_480, 2_000_000, 4_960_480}, // floor(total/limit) = 2 would keep 2,480,240
		{3_999_999, 2_000_000, 3_999_999},
		{2_000_001, 2_000_000, 2_000_001},
		{10, 3, 10},
		{10, 3, 7}, // fewer reachable than planned
		{5, 10, 5},
	} {
		s := NewSampler(tc.total, tc.limit)
		for i := range tc.offered {
			s.Add(float64(i))
		}
		if len(s.Values) > tc.limit {
			t.Errorf("total %d, limit %d: kept %d (stride %d)", tc.total, tc.limit, len(s.Values), s.Stride)
		}
		if tc.total <= tc.limit && len(s.Values) != tc.offered {
			t.Errorf("total %d ≤ limit %d: kept %d of %d", tc.total, tc.limit, len(s.Values), tc.offered)
		}
		for k, v := range s.Values {
			if want := float64(k * s.Stride); v != want {
				t.Fatalf("total %d: value %d is %v, want %v", tc.total, k, v, want)
			}
		}
		if s.Seen() != tc.offered {
			t.Errorf("Seen %d, want %d", s.Seen(), tc.offered)
		}
	}
}
