package cli

import (
	"slices"
	"strings"
	"testing"
)

func TestProtectNegativeCoordinates(t *testing.T) {
	root := newRoot(Env{})
	for _, tc := range []struct {
		in, want []string
	}{
		{[]string{"rtt", "-10,20", "Frankfurt"}, []string{"rtt", " -10,20", "Frankfurt"}},
		{[]string{"rtt", "Kyiv", "-33.92,18.42", "--at", "5s"}, []string{"rtt", "Kyiv", " -33.92,18.42", "--at", "5s"}},
		// a flag's value is left alone, and so is everything after "--"
		{[]string{"rtt", "--at", "-5s", "A", "B"}, []string{"rtt", "--at", "-5s", "A", "B"}},
		{[]string{"rtt", "--json", "-1,2", "A"}, []string{"rtt", "--json", " -1,2", "A"}},
		{[]string{"rtt", "--", "-1,2", "A"}, []string{"rtt", "--", "-1,2", "A"}},
		// not coordinates
		{[]string{"run", "-o", "-1,2"}, []string{"run", "-o", "-1,2"}},
		{[]string{"rtt", "-h"}, []string{"rtt", "-h"}},
	} {
		if got := protectNegativeCoordinates(root, tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRTTNegativeLatitude(t *testing.T) {
	out, errOut, code := run(t, "rtt", "10,20", "-10,20", "--duration", "2s", "--step", "1s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "10,20 → -10,20:") {
		t.Errorf("output starts %q, want the two places as typed", strings.SplitN(out, "\n", 2)[0])
	}
}
