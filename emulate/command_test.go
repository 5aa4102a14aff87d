package emulate

import (
	"slices"
	"testing"
)

func TestExpandArgs(t *testing.T) {
	env := []string{"ORBITNET_PEER=100.64.0.2", "ORBITNET_PEERS=100.64.0.2 100.64.0.3"}
	got := expandArgs([]string{
		"ping", "-c", "20", "$ORBITNET_PEER", "http://${ORBITNET_PEER}:8080/", "$HOME", "${ORBITNET_PEERS}", "a$", "$ORBITNET_PEERX", "${unclosed",
	}, env)
	want := []string{
		"ping", "-c", "20", "100.64.0.2", "http://100.64.0.2:8080/", "$HOME", "100.64.0.2 100.64.0.3", "a$", "$ORBITNET_PEERX", "${unclosed",
	}
	if !slices.Equal(got, want) {
		t.Errorf("expandArgs =\n%q\nwant\n%q", got, want)
	}
}
