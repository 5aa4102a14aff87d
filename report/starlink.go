package report

import (
	"math"
	"strconv"
	"time"

	"orbitnet/orbit/units"
	"orbitnet/sim"
	"orbitnet/starlink"
)

// RTTPartsHeader is appended to rtt.csv's header in starlink mode: where
// each row's rtt_ms goes (the parts add up to rtt_ms, to rounding).
const RTTPartsHeader = ",propagation_ms,access_ms,processing_ms,queueing_ms,terrestrial_ms"

// appendParts appends the starlink parts of a reachable row (empty fields
// when unreachable).
func appendParts(b []byte, v sim.PairValue, p starlink.Parts) []byte {
	for _, d := range [...]time.Duration{p.Propagation, p.Access, p.Processing, p.Queueing, p.Terrestrial} {
		b = append(b, ',')
		if v.Reachable() {
			b = strconv.AppendFloat(b, float64(d)/1e6, 'f', 6, 64)
		}
	}
	return b
}

// Components are a pair's RTT parts over the run (starlink mode): the
// median of each part in ms (medians of parts do not add up to the median
// RTT), and the home PoP of the pair's user.
type Components struct {
	HomePoP         string   `json:"home_pop,omitempty"`
	MedianPropMs    *float64 `json:"median_propagation_ms"`
	MedianAccessMs  *float64 `json:"median_access_ms"`
	MedianProcMs    *float64 `json:"median_processing_ms"`
	MedianQueueMs   *float64 `json:"median_queueing_ms"`
	MedianTerrestMs *float64 `json:"median_terrestrial_ms"`
	P5RTTMs         *float64 `json:"p5_rtt_ms"`
	AccessFloorMs   float64  `json:"access_floor_ms"`
	LossBurstMs     float64  `json:"reconfiguration_loss_burst_ms"`
	SlotStepMs      float64  `json:"reconfiguration_slot_step_ms"`
	Seed            uint64   `json:"seed"`
}

// componentsOf returns st's components (nil outside starlink mode); p5 is
// the 5th percentile of its RTT (NaN when never reachable).
func componentsOf(net *sim.Network, st *sim.PairStats, p5 units.Delay) *Components {
	if net.Cfg.Mode != sim.Starlink {
		return nil
	}
	p := net.Cfg.Starlink.Params
	c := &Components{AccessFloorMs: ms(p.Floor()), LossBurstMs: ms(p.LossBurst), SlotStepMs: ms(p.SlotStep), Seed: p.Seed}
	for _, g := range [2]int{st.Src, st.Dst} {
		if h := net.StarlinkHome(g); h >= 0 {
			c.HomePoP = net.Cfg.Ground[h].Name
			break
		}
	}
	if st.Hist.N() > 0 {
		c.P5RTTMs = opt(p5.Ms())
	}
	if ps := st.Parts; ps != nil && ps.Propagation.N() > 0 {
		c.MedianPropMs = opt(ps.Propagation.Quantile(0.5).Ms())
		c.MedianAccessMs = opt(ps.Access.Quantile(0.5).Ms())
		c.MedianProcMs = opt(ps.Processing.Quantile(0.5).Ms())
		c.MedianQueueMs = opt(ps.Queueing.Quantile(0.5).Ms())
		c.MedianTerrestMs = opt(ps.Terrestrial.Quantile(0.5).Ms())
	}
	return c
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }
