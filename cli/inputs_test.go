package cli

import (
	"strings"
	"testing"
)

// TestStepLimitOnFlags: --duration and --step on every command meet the
// same limit on steps as scenario files (sim.MaxSteps), before anything
// is allocated.
func TestStepLimitOnFlags(t *testing.T) {
	for _, args := range [][]string{
		{"rtt", "Kyiv", "Frankfurt", "--duration", "100000h", "--step", "1ms"},
		{"rtt", "Kyiv", "Frankfurt", "--duration", "100000h"},
		{"coverage", "--region", "Ukraine", "--duration", "100000h", "--step", "1ms"},
		{"capacity", "--duration", "100000h", "--step", "1ms"},
		{"serve", "--duration", "100000h", "--addr", "127.0.0.1:0"},
		{"emulate", "--pair", "Kyiv,Frankfurt", "--duration", "100000h"},
	} {
		_, errOut, code := run(t, args...)
		if code != ExitUsage || !strings.Contains(errOut, "more than 100000000") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want exit 2 naming the 100000000-step limit", args, code, errOut)
		}
	}
}
