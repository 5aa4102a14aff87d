package emulate

import (
	"net/netip"
	"strings"
	"testing"
)

func TestPickSubnet(t *testing.T) {
	p := netip.MustParsePrefix
	tests := []struct {
		name string
		used string // space-separated prefixes
		want string
	}{
		{"plain host", "0.0.0.0/0 192.0.2.0/24 192.0.2.2/32 127.0.0.0/8", "100.64.0.0/24"},
		{"first /24 taken", "100.64.0.0/24", "100.64.1.0/24"},
		{"address inside", "100.64.0.7/32 100.64.1.0/25", "100.64.2.0/24"},
		{"tailscale-like", "100.64.0.0/10", "10.0.0.0/24"},
		{"cgnat and 10/8 taken", "100.64.0.0/10 10.0.0.0/8", "172.16.0.0/24"},
		{"wider route covers candidates", "96.0.0.0/3 0.0.0.0/1", "172.16.0.0/24"},
		{"ipv6 and default ignored", "::/0 fd00::/64 0.0.0.0/0", "100.64.0.0/24"},
	}
	for _, tt := range tests {
		var used []netip.Prefix
		for _, s := range strings.Fields(tt.used) {
			used = append(used, p(s))
		}
		got, err := pickSubnet(used, subnetCandidates)
		if err != nil || got != p(tt.want) {
			t.Errorf("%s: pickSubnet(%s) = %v, %v; want %s", tt.name, tt.used, got, err, tt.want)
		}
	}
	all := []netip.Prefix{p("100.0.0.0/8"), p("10.0.0.0/8"), p("172.16.0.0/12"), p("192.168.0.0/16")}
	if got, err := pickSubnet(all, subnetCandidates); err == nil {
		t.Errorf("everything taken: pickSubnet = %v, want an error", got)
	}
}

func TestHostAddrAndIPv4Dst(t *testing.T) {
	subnet := netip.MustParsePrefix("100.64.3.0/24")
	if got := hostAddr(subnet, 7); got != netip.MustParseAddr("100.64.3.7") {
		t.Errorf("hostAddr = %v", got)
	}
	pkt := make([]byte, 28)
	pkt[0] = 0x45
	copy(pkt[16:20], []byte{100, 64, 3, 2})
	if got, ok := ipv4Dst(pkt); !ok || got != netip.MustParseAddr("100.64.3.2") {
		t.Errorf("ipv4Dst = %v, %v", got, ok)
	}
	pkt[0] = 0x60 // IPv6
	if _, ok := ipv4Dst(pkt); ok {
		t.Error("ipv4Dst accepted an IPv6 packet")
	}
	if _, ok := ipv4Dst(pkt[:10]); ok {
		t.Error("ipv4Dst accepted a truncated packet")
	}
}
