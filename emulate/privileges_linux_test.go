package emulate

import (
	"errors"
	"os"
	"testing"
)

func TestEffectiveCaps(t *testing.T) {
	tests := []struct {
		status string
		ok     bool // CAP_NET_ADMIN and CAP_SYS_ADMIN present
	}{
		{"Name:\tgo\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n", true}, // root
		{"CapEff:\t000001fffeffffff\n", true},                                       // root without CAP_SYS_RESOURCE
		{"CapEff:\t0000000000000000\n", false},                                      // ordinary user
		{"CapEff:\t0000000000001000\n", false},                                      // CAP_NET_ADMIN only
		{"CapEff:\t0000000000201000\n", true},                                       // both
	}
	for _, tt := range tests {
		caps, err := effectiveCaps(tt.status)
		if err != nil {
			t.Fatalf("effectiveCaps(%q): %v", tt.status, err)
		}
		if got := hasEmulateCaps(caps); got != tt.ok {
			t.Errorf("hasEmulateCaps(%#x) = %v, want %v", caps, got, tt.ok)
		}
	}
	if _, err := effectiveCaps("Name:\tx\n"); err == nil {
		t.Error("effectiveCaps without a CapEff line succeeded")
	}
}

// TestCheckPrivilegesMatchesUser checks the verdict for the user running
// the tests: nil as root with /dev/net/tun, ErrNotPermitted otherwise.
func TestCheckPrivilegesMatchesUser(t *testing.T) {
	err := CheckPrivileges()
	_, tunErr := os.Stat("/dev/net/tun")
	switch {
	case os.Geteuid() != 0:
		if !errors.Is(err, ErrNotPermitted) {
			t.Errorf("not root: CheckPrivileges() = %v, want ErrNotPermitted", err)
		}
		t.Skip("not root: the privileged tests of this package skip")
	case tunErr != nil:
		if !errors.Is(err, ErrNoTUN) {
			t.Errorf("no /dev/net/tun: CheckPrivileges() = %v, want ErrNoTUN", err)
		}
	case err != nil:
		t.Errorf("root: CheckPrivileges() = %v, want nil", err)
	}
}
