package namematch

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"kyiv", "kyiv", 0}, {"kiyv", "kyiv", 1}, {"warsw", "warsaw", 1},
		{"kitten", "sitting", 3}, {"", "abc", 3}, {"ab", "ba", 1}, {"ca", "abc", 3},
	}
	for _, tc := range tests {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
