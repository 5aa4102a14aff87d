package scenario

import (
	"errors"
	"maps"
	"slices"
	"time"

	"orbitnet/ground"
	"orbitnet/sim"
	"orbitnet/starlink"
	"orbitnet/topology"
)

// StarlinkFile is routing.starlink: the parameters of the starlink mode
// (docs/scenario.md, docs/realism.md). Every key is optional; a missing key
// keeps the model's default (starlink.Defaults). Delays are Go durations
// ("1.5ms") and per direction.
type StarlinkFile struct {
	Seed                *uint64           `yaml:"seed,omitempty" json:"seed,omitempty"`
	Frame               string            `yaml:"frame,omitempty" json:"frame,omitempty"`
	GrantMin            string            `yaml:"grant_min,omitempty" json:"grant_min,omitempty"`
	GrantMax            string            `yaml:"grant_max,omitempty" json:"grant_max,omitempty"`
	SatelliteProcessing string            `yaml:"satellite_processing,omitempty" json:"satellite_processing,omitempty"`
	GatewayProcessing   string            `yaml:"gateway_processing,omitempty" json:"gateway_processing,omitempty"`
	PoPProcessing       string            `yaml:"pop_processing,omitempty" json:"pop_processing,omitempty"`
	QueueMedian         string            `yaml:"queue_median,omitempty" json:"queue_median,omitempty"`
	QueueSigma          *float64          `yaml:"queue_sigma,omitempty" json:"queue_sigma,omitempty"`
	Utilisation         *float64          `yaml:"utilisation,omitempty" json:"utilisation,omitempty"`
	ServiceTime         string            `yaml:"service_time,omitempty" json:"service_time,omitempty"`
	SlotStep            string            `yaml:"slot_step,omitempty" json:"slot_step,omitempty"`
	LossBurst           string            `yaml:"loss_burst,omitempty" json:"loss_burst,omitempty"`
	RouteStretch        *float64          `yaml:"route_stretch,omitempty" json:"route_stretch,omitempty"`
	FibreIndex          *float64          `yaml:"fibre_index,omitempty" json:"fibre_index,omitempty"`
	ExchangeKm          *float64          `yaml:"exchange_km,omitempty" json:"exchange_km,omitempty"`
	PerExchange         string            `yaml:"per_exchange,omitempty" json:"per_exchange,omitempty"`
	Homes               map[string]string `yaml:"homes,omitempty" json:"homes,omitempty"`
}

// resolveStarlink fills cfg.Starlink from routing.starlink (starlink mode
// only; elsewhere the section is refused).
func resolveStarlink(f *File, src *source, cfg *sim.Config) error {
	s := f.Routing.Starlink
	if cfg.Mode != sim.Starlink {
		if s != nil {
			return src.errorf("routing.starlink", "only with routing.mode: starlink (mode is %s)", cfg.Mode)
		}
		return nil
	}
	if cfg.GSL.Policy != topology.SlotScheduled {
		return src.errorf("links.gsl.policy", "routing mode starlink needs the slot scheduler (policy: slot)")
	}
	p := starlink.Defaults
	if s == nil {
		cfg.Starlink = sim.StarlinkConfig{Params: p}
		return nil
	}
	durs := []struct {
		key string
		val string
		dst *time.Duration
	}{
		{"frame", s.Frame, &p.Frame}, {"grant_min", s.GrantMin, &p.GrantMin}, {"grant_max", s.GrantMax, &p.GrantMax},
		{"satellite_processing", s.SatelliteProcessing, &p.SatProcessing},
		{"gateway_processing", s.GatewayProcessing, &p.GatewayProcessing},
		{"pop_processing", s.PoPProcessing, &p.PoPProcessing}, {"queue_median", s.QueueMedian, &p.QueueMedian},
		{"service_time", s.ServiceTime, &p.ServiceTime}, {"slot_step", s.SlotStep, &p.SlotStep},
		{"loss_burst", s.LossBurst, &p.LossBurst}, {"per_exchange", s.PerExchange, &p.PerExchange},
	}
	for _, d := range durs {
		if d.val == "" {
			continue
		}
		v, err := time.ParseDuration(d.val)
		if err != nil {
			return src.errorf("routing.starlink."+d.key, "%q: not a duration such as 1.5ms", d.val)
		}
		*d.dst = v
	}
	for _, x := range []struct {
		v   *float64
		dst *float64
	}{{s.QueueSigma, &p.QueueSigma}, {s.Utilisation, &p.Utilisation}, {s.RouteStretch, &p.RouteStretch},
		{s.FibreIndex, &p.FibreIndex}, {s.ExchangeKm, (*float64)(&p.ExchangeSpacing)}} {
		if x.v != nil {
			*x.dst = *x.v
		}
	}
	if s.Seed != nil {
		p.Seed = *s.Seed
	}
	if err := p.Validate(); err != nil {
		var pe *starlink.ParamError
		if errors.As(err, &pe) {
			return src.errorf("routing.starlink."+pe.Key, "%s", pe.Msg)
		}
		return src.errorf("routing.starlink", "%v", err)
	}
	// names as written (Kyiv) → the nodes' names (Kyiv (Kiev))
	var users []int
	for i, g := range cfg.Ground {
		if g.Kind == ground.Station || g.Kind == ground.Terminal {
			users = append(users, i)
		}
	}
	sub := make([]ground.Node, len(users))
	for k, i := range users {
		sub[k] = cfg.Ground[i]
	}
	homes := make(map[string]string, len(s.Homes))
	names := slices.Sorted(maps.Keys(s.Homes)) // report the first bad one deterministically
	for _, name := range names {
		pop := s.Homes[name]
		k, err := FindNode(sub, name)
		if err != nil {
			return src.errorf("routing.starlink.homes."+name, "no terminal or station of that name")
		}
		homes[sub[k].Name] = pop
	}
	if _, err := starlink.Homes(cfg.Ground, homes); err != nil {
		var pe *starlink.ParamError
		if errors.As(err, &pe) {
			return src.errorf("routing.starlink."+pe.Key, "%s", pe.Msg)
		}
		return src.errorf("routing.starlink.homes", "%v", err)
	}
	cfg.Starlink = sim.StarlinkConfig{Params: p, Homes: homes}
	return nil
}
