package topology

import (
	"fmt"

	"orbitnet/constellation"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/sgp4"
	"orbitnet/orbit/timescale"
)

// Positions holds the ECEF positions (km) of all satellites at one instant,
// as a struct of arrays. Valid[i] is false for a satellite that SGP4 could
// not propagate to that instant (decayed, or its elements went out of
// range): such a satellite has no links.
type Positions struct {
	X, Y, Z []float64
	Valid   []bool
}

// NewPositions allocates room for n satellites.
func NewPositions(n int) *Positions {
	return &Positions{X: make([]float64, n), Y: make([]float64, n), Z: make([]float64, n), Valid: make([]bool, n)}
}

// At returns satellite i's position.
func (p *Positions) At(i int) frame.ECEF { return frame.ECEF{p.X[i], p.Y[i], p.Z[i]} }

// Len returns the number of satellites.
func (p *Positions) Len() int { return len(p.X) }

// Propagator computes the positions of a constellation's satellites.
// Propagating is read-only on the propagator, so one Propagator may be shared
// by many goroutines.
type Propagator struct {
	sats []sgp4.Satellite
	// initErr[i] is non-nil for a satellite whose elements SGP4 rejects.
	initErr []error
}

// NewPropagator initialises SGP4 for every satellite. Satellites that SGP4
// rejects at initialisation are kept (so indices stay aligned) and are never
// valid; Failed lists them.
func NewPropagator(c *constellation.Constellation) *Propagator {
	p := &Propagator{sats: make([]sgp4.Satellite, len(c.Sats)), initErr: make([]error, len(c.Sats))}
	for i, s := range c.Sats {
		sat, err := sgp4.New(s.Elements)
		if err != nil {
			p.initErr[i] = fmt.Errorf("satellite %s: %w", s.Name, err)
			continue
		}
		p.sats[i] = *sat
	}
	return p
}

// Failed returns the initialisation errors, one per rejected satellite.
func (p *Propagator) Failed() []error {
	var out []error
	for _, e := range p.initErr {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// Len returns the number of satellites.
func (p *Propagator) Len() int { return len(p.sats) }

// PositionsAt fills out with every satellite's ECEF position at UTC instant
// j. It allocates nothing.
func (p *Propagator) PositionsAt(j timescale.JD, out *Positions) {
	rot := frame.RotationAt(j)
	var c sgp4.Cache // satellites in constellation order: plane by plane
	for i := range p.sats {
		if p.initErr[i] != nil {
			out.Valid[i] = false
			continue
		}
		s := &p.sats[i]
		r, _, err := s.PropagateCached(j.MinutesSince(s.Epoch()), &c)
		if err != nil {
			out.Valid[i] = false
			continue
		}
		e := rot.Position(frame.TEME(r))
		out.X[i], out.Y[i], out.Z[i] = e[0], e[1], e[2]
		out.Valid[i] = true
	}
}

// PositionAt returns satellite i's ECEF position at j, and false when SGP4
// cannot propagate it there.
func (p *Propagator) PositionAt(i int, j timescale.JD) (frame.ECEF, bool) {
	if p.initErr[i] != nil {
		return frame.ECEF{}, false
	}
	s := &p.sats[i]
	r, _, err := s.Propagate(j.MinutesSince(s.Epoch()))
	if err != nil {
		return frame.ECEF{}, false
	}
	return frame.RotationAt(j).Position(frame.TEME(r)), true
}
