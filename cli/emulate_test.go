package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEmulateCommand runs a short emulation with a command in the FROM
// namespace and checks the outputs and that nothing is left behind.
func TestEmulateCommand(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("emulate needs root; skipping")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		t.Skip("no /dev/net/tun; skipping")
	}
	dir := filepath.Join(t.TempDir(), "emu")
	out, stderr, code := run(t, "emulate", "testdata/small.yaml", "--pair", "Kyiv,Frankfurt", "--duration", "3s",
		"-o", dir, "--quiet", "--", "sh", "-c", "echo peer=$ORBITNET_PEER")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "peer=100.") && !strings.Contains(out, "peer=10.") && !strings.Contains(out, "peer=172.") {
		t.Errorf("command did not see its peer:\n%s", out)
	}
	for _, f := range []string{"emulation.csv", "rtt.csv", "events.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// this run's namespaces (other packages' tests may run emulations at
	// the same time) are gone
	m := regexp.MustCompile(`ip netns exec (orbitnet-[a-z0-9]+)-`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no namespace printed:\n%s", out)
	}
	ents, _ := os.ReadDir("/var/run/netns")
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), m[1]+"-") {
			t.Errorf("namespace %s left behind", e.Name())
		}
	}
	if _, stderr, code := run(t, "emulate", "--pair", "Kyiv"); code != 2 {
		t.Errorf("bad --pair: exit %d %s", code, stderr)
	}
	if _, stderr, code := run(t, "emulate", "--cleanup"); code != 0 {
		t.Errorf("--cleanup: exit %d %s", code, stderr)
	}
}
