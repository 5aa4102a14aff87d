package ground

import (
	"fmt"
	"strings"

	"orbitnet/orbit/frame"
)

// Kind says what role a ground node plays in the network. The zero value is
// Station.
type Kind uint8

const (
	// Station is a generic endpoint, such as a city that sources and sinks
	// traffic. It is the zero value.
	Station Kind = iota
	// Terminal is a user terminal (one phased-array antenna).
	Terminal
	// Gateway is a satellite ground station with several antennas that
	// connects the constellation to the terrestrial internet.
	Gateway
	// PoP is an internet point of presence: a data centre that gateways
	// reach over terrestrial fibre and where traffic enters the internet.
	PoP
)

var kindNames = [...]string{
	Station:  "station",
	Terminal: "terminal",
	Gateway:  "gateway",
	PoP:      "pop",
}

// String returns the kind's lower-case name ("station", "terminal",
// "gateway", "pop"), the form ParseKind accepts.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind parses a kind name as String writes it. Case and surrounding
// space are ignored.
func ParseKind(s string) (Kind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for k, name := range kindNames {
		if t == name {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown node kind %q; want one of %s", s, strings.Join(kindNames[:], ", "))
}

// MarshalText implements encoding.TextMarshaler (for JSON, YAML and flags).
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) {
		return nil, fmt.Errorf("invalid node kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler using ParseKind.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// DefaultGatewayAntennas is the antenna count assumed for a gateway whose
// Antennas field is 0 (unknown). It is the most common value in StarPerf's
// Starlink gateway list (168 of 261 sites have 8 antennas; the large "Mega"
// sites have 32 or 40), so an unknown site is modelled as an ordinary
// mid-sized gateway rather than as a Mega site.
const DefaultGatewayAntennas = 8

// Node is one place in the ground segment.
type Node struct {
	// Name identifies the node for people; it is unique within a preset or
	// CSV file.
	Name string
	Kind Kind
	// Pos is the WGS-84 geodetic position (degrees; height above the
	// ellipsoid in km).
	Pos frame.Geodetic
	// ID is the identifier the source uses, if any: Hypatia's row id, the
	// StarPerf element name ("GS17"), or the Starlink PoP code ("wrswpol1").
	ID string
	// Country is the country as the source gives it ("Poland", "USA");
	// empty if the source does not say.
	Country string
	// Population is the number of inhabitants, 0 if unknown.
	Population int
	// Antennas is the number of satellite antennas (gateways); 0 means
	// unknown, see AntennaCount.
	Antennas int
	// Band is a gateway's feeder-link band as the source gives it ("Ka",
	// "E"); empty if unknown.
	Band string
}

// AntennaCount returns the number of antennas to model: Antennas if it is
// set, DefaultGatewayAntennas for a gateway without a count, and 1 for any
// other kind.
func (n Node) AntennaCount() int {
	switch {
	case n.Antennas > 0:
		return n.Antennas
	case n.Kind == Gateway:
		return DefaultGatewayAntennas
	default:
		return 1
	}
}
