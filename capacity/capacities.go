package capacity

import (
	"fmt"
	"math"
)

// Capacities are the capacities given to each kind of link, in each
// direction (links are full duplex). They are modelling assumptions, not
// measurements: SpaceX publishes almost nothing per link, so each default
// below is an order-of-magnitude figure with its basis stated. Change them
// to study sensitivity; docs/capacity.md discusses each in more detail.
//
//	field               default    basis
//	ISLGbps             100 Gb/s   Optical ISLs run "at 100 Gbps" (SpaceX's T. Brashears, SPIE
//	                               Photonics West, January 2024, as reported by PCMag); Starlink's
//	                               technology page (starlink.com/technology) states up to 200 Gb/s per
//	                               link for V2 Mini satellites. The lower, operational figure is the
//	                               default.
//	UserGSLGbps           2 Gb/s   ASSUMPTION, one Ku-band user beam. SpaceX's FCC application
//	                               SAT-LOA-20161115-00118 (Technical Attachment, Table A.2-1) gives
//	                               10.7–12.7 GHz (2 GHz) for downlinks to users, shared among beams by
//	                               frequency reuse; a beam with a quarter to a half of it at 3–5
//	                               bit/s/Hz carries 1.5–5 Gb/s, and 2 Gb/s is the conservative end. Per
//	                               satellite, del Portillo, Cameron & Crawley (Acta Astronautica 159,
//	                               2019) estimate about 21 Gb/s at most, spread over several beams;
//	                               Pachler et al. (IEEE ICC Workshops 2021) update those estimates.
//	GatewayAntennaGbps   20 Gb/s   ASSUMPTION, one Ka-band gateway antenna tracking one satellite.
//	                               The same table gives 27.5–29.1 and 29.5–30.0 GHz up (2.1 GHz) and
//	                               17.8–18.6 and 18.8–19.3 GHz down (1.3 GHz); two polarisations at
//	                               about 4.5 bit/s/Hz give roughly 12–19 Gb/s. 20 Gb/s is at the
//	                               generous end, about one satellite's user traffic (~21 Gb/s above),
//	                               which its feeder link must carry in a bent pipe.
//	FiberGbps           100 Gb/s   ASSUMPTION: one 100 Gb/s Ethernet port (IEEE 802.3ba) from a gateway
//	                               to its PoP. Real sites likely have more; raise it to take fibre out
//	                               of play.
//
// A GSL is one beam or one antenna; a ground node that the snapshot links to
// more satellites than it has antennas also gets a pool limiting its total
// to antennas × the per-link figure (see Snapshot.Graph).
type Capacities struct {
	ISLGbps            Gbps // one laser inter-satellite link
	UserGSLGbps        Gbps // one user beam (user terminal or city ↔ satellite)
	GatewayAntennaGbps Gbps // one gateway antenna ↔ satellite
	FiberGbps          Gbps // gateway ↔ PoP (and PoP ↔ PoP) fibre, unless a link sets its own
}

// Defaults returns the default capacities tabled on Capacities.
func Defaults() Capacities {
	return Capacities{
		ISLGbps:            100,
		UserGSLGbps:        2,
		GatewayAntennaGbps: 20,
		FiberGbps:          100,
	}
}

// Validate checks that every capacity is positive; +Inf (unconstrained) is
// allowed, zero is not (it is almost always an unset field).
func (c Capacities) Validate() error {
	for _, f := range []struct {
		name string
		v    Gbps
	}{
		{"isl_gbps", c.ISLGbps},
		{"user_gsl_gbps", c.UserGSLGbps},
		{"gateway_antenna_gbps", c.GatewayAntennaGbps},
		{"fiber_gbps", c.FiberGbps},
	} {
		if !(f.v > 0) || math.IsNaN(float64(f.v)) {
			return fmt.Errorf("capacity %s: %v, must be positive", f.name, float64(f.v))
		}
	}
	return nil
}
