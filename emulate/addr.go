package emulate

import (
	"fmt"
	"net/netip"
)

// subnetCandidates are the ranges searched, in order, for a free /24:
// shared address space (RFC 6598, which Starlink itself uses for CGNAT),
// then the private ranges of RFC 1918.
var subnetCandidates = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// pickSubnet returns the first /24 inside candidates that overlaps none of
// used (the host's addresses and route destinations). Default routes
// (prefix length 0) are ignored: they overlap everything. The cost is
// O(s·len(used)) for s /24s examined.
func pickSubnet(used, candidates []netip.Prefix) (netip.Prefix, error) {
	var busy []netip.Prefix
	for _, u := range used {
		if u.IsValid() && u.Addr().Is4() && u.Bits() > 0 {
			busy = append(busy, u.Masked())
		}
	}
	for _, c := range candidates {
		c = c.Masked()
		if !c.Addr().Is4() || c.Bits() > 24 {
			continue
		}
		n := 1 << (24 - c.Bits())
		base := c.Addr().As4()
		start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8
	next:
		for i := range n {
			v := start + uint32(i)<<8
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), 0}), 24)
			for _, b := range busy {
				if p.Overlaps(b) {
					continue next
				}
			}
			return p, nil
		}
	}
	return netip.Prefix{}, fmt.Errorf("emulate: no free /24 in %v: every one overlaps a host route or address", candidates)
}

// hostAddr returns address n (1-based) of subnet.
func hostAddr(subnet netip.Prefix, n int) netip.Addr {
	a := subnet.Addr().As4()
	a[3] = byte(n)
	return netip.AddrFrom4(a)
}

// ipv4Dst returns the destination of an IPv4 packet.
func ipv4Dst(p []byte) (netip.Addr, bool) {
	if len(p) < 20 || p[0]>>4 != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(p[16:20])), true
}
