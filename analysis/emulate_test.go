package analysis

import (
	"strings"
	"testing"

	"orbitnet/scenario"
)

// TestEmulationConfigNames: emulate names a node as run and rtt do — by
// the first name typed for it when that is another name of its city — and
// two names of one place are one node.
func TestEmulationConfigNames(t *testing.T) {
	y := strings.Replace(smallYAML, "pairs: [[Kyiv, Frankfurt], [Warsaw, London]]", "pairs: [[Warsaw, London]]", 1)
	sc, err := scenario.Parse("small", "", []byte(strings.Replace(y, "PLOTS", "false", 1)))
	if err != nil {
		t.Fatal(err)
	}
	cfg, names, err := EmulationConfig(sc, []string{"Kyiv,Frankfurt", "Warsaw,Frankfurt am Main"})
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Ground[cfg.Pairs[0][1]].Name; got != "Frankfurt" {
		t.Errorf("--pair Kyiv,Frankfurt named the node %q; want Frankfurt", got)
	}
	if cfg.Pairs[0][1] != cfg.Pairs[1][1] {
		t.Errorf("Frankfurt and Frankfurt am Main are nodes %d and %d; want one", cfg.Pairs[0][1], cfg.Pairs[1][1])
	}
	if names[1] != [2]string{"Warsaw", "Frankfurt am Main"} {
		t.Errorf("names typed: %q", names)
	}
	rp, err := NewRTTPair(sc, "Kyiv", "Frankfurt")
	if err != nil {
		t.Fatal(err)
	}
	if rp.Names[1] != cfg.Ground[cfg.Pairs[0][1]].Name {
		t.Errorf("rtt names the node %q, emulate %q", rp.Names[1], cfg.Ground[cfg.Pairs[0][1]].Name)
	}
	if sc.Config.Ground[cfg.Pairs[0][1]].Name != "Frankfurt am Main" {
		t.Errorf("EmulationConfig renamed the scenario's own node: %q", sc.Config.Ground[cfg.Pairs[0][1]].Name)
	}
}
