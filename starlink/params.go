package starlink

import (
	"fmt"
	"math"
	"time"

	"orbitnet/orbit/units"
)

// Params are the access-network, reconfiguration and terrestrial
// parameters of the model. Delays are per direction unless they say RTT.
type Params struct {
	// Seed makes the random draws reproducible; it is recorded in outputs.
	Seed uint64

	// Frame is the user-link frame length: a packet waits for the next
	// frame, uniformly in [0, Frame), in each direction.
	Frame time.Duration
	// GrantMin and GrantMax bound the uplink request/grant wait (uniform):
	// a terminal with data asks for uplink capacity and is granted a later
	// frame. Uplink only.
	GrantMin, GrantMax time.Duration
	// SatProcessing, GatewayProcessing and PoPProcessing are fixed
	// processing delays per direction (satellite counted once per
	// direction however many lasers the path crosses: forwarding on the
	// lasers is below the IP layer).
	SatProcessing, GatewayProcessing, PoPProcessing time.Duration
	// QueueMedian and QueueSigma give the idle queueing delay per
	// direction, log-normal with this median and log-standard deviation.
	QueueMedian time.Duration
	QueueSigma  float64
	// Utilisation in [0, 1) of the terminal's cell adds queueing (an
	// M/M/1 wait, ρ/(1−ρ) service times, exponentially distributed) on
	// top of the idle queue: "under load" figures. 0 = idle.
	Utilisation float64
	// ServiceTime is the mean service time of that queue.
	ServiceTime time.Duration

	// SlotStep is the width of the per-slot scheduling level: at each 15 s
	// reconfiguration a terminal's RTT moves to a new level drawn
	// uniformly in [0, SlotStep) (RTT), held for the slot.
	SlotStep time.Duration
	// LossBurst is how long packets are lost right after each
	// reconfiguration boundary.
	LossBurst time.Duration

	// RouteStretch is terrestrial route length over the geodesic past the
	// PoP; FibreIndex the refractive index of the fibre.
	RouteStretch, FibreIndex float64
	// ExchangeSpacing and PerExchange: one exchange (router/IXP hop with
	// its processing and queueing) per ExchangeSpacing of geodesic, plus
	// one, each costing PerExchange per direction.
	ExchangeSpacing units.Length
	PerExchange     time.Duration
}

// Defaults are the model's parameters as calibrated (docs/realism.md):
//
//   - Frame 1.333 ms: the Starlink Ku-band downlink frame of 1/750 s
//     (Humphreys et al., "Signal structure of the Starlink Ku-band downlink",
//     IEEE TAES 2023; recalled, not read in stored text).
//   - GrantMin 1 ms, GrantMax 9 ms: uplink request/grant wait; the range is
//     not published, it was set from the calibration sites' medians and
//     spread (SpaceX FCC filing 2020, p50 30 ms p95 42 ms user→PoP; Ookla
//     New Zealand Q2 2022 median 23 ms).
//   - SatProcessing 0.1 ms, GatewayProcessing 0.5 ms, PoPProcessing 0.5 ms:
//     order-of-magnitude router figures, not measured for Starlink.
//   - QueueMedian 2 ms, QueueSigma 1.1: idle queueing, chosen with the
//     grant range by a grid search on the calibration sites only
//     (go test ./starlink -run Calibrate -calibrate; docs/realism.md).
//   - ServiceTime 1 ms for the load term (one MTU-sized burst at the
//     terminal's share of a beam; assumption).
//   - SlotStep 6 ms (RTT): the RTT level moves at every 15 s
//     reconfiguration (Mohan et al., "A Multifaceted Look at Starlink
//     Performance", WWW 2024, §6: RTT and throughput change at the
//     globally synchronised 15 s boundaries; width recalled).
//   - LossBurst 30 ms: packets lost just after each boundary (Mohan et
//     al. 2024 and Kassem et al., "A browser-side view of Starlink
//     connectivity", IMC 2022, who saw losses correlated with handovers;
//     the length is recalled, not read).
//   - RouteStretch 1.5, FibreIndex 1.468, ExchangeSpacing 1000 km, PerExchange
//     0.25 ms: terrestrial Internet past the PoP. The stretch matches
//     orbitnet's gateway fibre default; Bozkurt et al., "Why is the
//     Internet so slow?!", PAM 2017, measured median RTT inflation of
//     about 3× the c-latency (of which the 1.47 fibre index is about half)
//     (recalled).
var Defaults = Params{
	Seed:              1,
	Frame:             1333333 * time.Nanosecond,
	GrantMin:          1 * time.Millisecond,
	GrantMax:          9 * time.Millisecond,
	SatProcessing:     100 * time.Microsecond,
	GatewayProcessing: 500 * time.Microsecond,
	PoPProcessing:     500 * time.Microsecond,
	QueueMedian:       2 * time.Millisecond,
	QueueSigma:        1.1,
	ServiceTime:       1 * time.Millisecond,
	SlotStep:          6 * time.Millisecond,
	LossBurst:         30 * time.Millisecond,
	RouteStretch:      1.5,
	FibreIndex:        1.468,
	ExchangeSpacing:   1000,
	PerExchange:       250 * time.Microsecond,
}

// Limits on parameters: beyond them the model stops meaning anything.
const (
	maxDelay = 10 * time.Second
)

// Validate checks p and names the offending parameter by its scenario key
// (routing.starlink.KEY).
func (p Params) Validate() error {
	durs := []struct {
		key string
		d   time.Duration
	}{
		{"frame", p.Frame}, {"grant_min", p.GrantMin}, {"grant_max", p.GrantMax},
		{"satellite_processing", p.SatProcessing}, {"gateway_processing", p.GatewayProcessing},
		{"pop_processing", p.PoPProcessing}, {"queue_median", p.QueueMedian},
		{"service_time", p.ServiceTime}, {"slot_step", p.SlotStep}, {"loss_burst", p.LossBurst},
		{"per_exchange", p.PerExchange},
	}
	for _, x := range durs {
		if x.d < 0 {
			return &ParamError{Key: x.key, Msg: fmt.Sprintf("%v: a delay must not be negative", x.d)}
		}
		if x.d > maxDelay {
			return &ParamError{Key: x.key, Msg: fmt.Sprintf("%v: more than %v", x.d, maxDelay)}
		}
	}
	switch {
	case p.GrantMax < p.GrantMin:
		return &ParamError{Key: "grant_max", Msg: fmt.Sprintf("%v: less than grant_min %v", p.GrantMax, p.GrantMin)}
	case !(p.QueueSigma >= 0 && p.QueueSigma <= 3):
		return &ParamError{Key: "queue_sigma", Msg: fmt.Sprintf("%v: must be in [0, 3]", p.QueueSigma)}
	case !(p.Utilisation >= 0 && p.Utilisation < 1):
		return &ParamError{Key: "utilisation", Msg: fmt.Sprintf("%v: must be in [0, 1) (at 1 or more the queue grows without bound)", p.Utilisation)}
	case !(p.RouteStretch >= 1 && p.RouteStretch < 10):
		return &ParamError{Key: "route_stretch", Msg: fmt.Sprintf("%v: must be in [1, 10)", p.RouteStretch)}
	case !(p.FibreIndex >= 1 && p.FibreIndex < 3):
		return &ParamError{Key: "fibre_index", Msg: fmt.Sprintf("%v: must be in [1, 3)", p.FibreIndex)}
	case !(p.ExchangeSpacing > 0) || math.IsInf(p.ExchangeSpacing.Km(), 0):
		return &ParamError{Key: "exchange_km", Msg: fmt.Sprintf("%v: must be a positive number", p.ExchangeSpacing.Km())}
	case p.LossBurst >= SlotLength:
		return &ParamError{Key: "loss_burst", Msg: fmt.Sprintf("%v: must be shorter than the %v slot", p.LossBurst, SlotLength)}
	}
	return nil
}

// ParamError is a bad model parameter; Key is its scenario key under
// routing.starlink.
type ParamError struct {
	Key, Msg string
}

func (e *ParamError) Error() string { return e.Key + ": " + e.Msg }
