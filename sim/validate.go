package sim

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// FieldError is an invalid value in one field of a Config. Field is the
// field's path in the configuration's own terms, as dotted lower-case keys
// ("mode", "step", "fiber.refractive_index", "gsl.min_elevation_deg"), so
// that a caller reading a file can map it to where the value came from
// (package scenario maps it to a YAML key, line and column).
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// Validate checks the settings of a Config that do not depend on its
// ground nodes and pairs: the constellation is not empty, the times are
// usable (CheckTimes), the GSL settings (topology.GSLConfig.Validate), the
// routing mode is registered (PolicyOf), and the fibre settings, when the
// mode uses fibre or they are set: refractive index in [1, 3) and route
// inflation in [1, 10). Its errors are *FieldError. NewNetwork calls it;
// scenario resolution calls it and reports the YAML key of the field.
func (c *Config) Validate() error {
	if c.Constellation == nil || len(c.Constellation.Sats) == 0 {
		return &FieldError{"constellation", "no satellites"}
	}
	if err := c.CheckTimes(); err != nil {
		return &FieldError{"step", err.Error()}
	}
	if err := c.GSL.Validate(); err != nil {
		key, msg, _ := strings.Cut(err.Error(), ": ")
		return &FieldError{"gsl." + key, msg}
	}
	p, perr := PolicyOf(c.Mode)
	if perr == nil && p.Traits().GroundRelay || c.Fiber != (FiberConfig{}) {
		if f := c.Fiber.RefractiveIndex; !(f >= 1 && f < 3) {
			return &FieldError{"fiber.refractive_index", fmt.Sprintf("%v: must be in [1, 3)", f)}
		}
		if f := c.Fiber.RouteInflation; !(f >= 1 && f < 10) || math.IsInf(f, 0) {
			return &FieldError{"fiber.route_inflation", fmt.Sprintf("%v: must be in [1, 10)", f)}
		}
	}
	if perr != nil {
		return &FieldError{"mode", perr.Error()}
	}
	return nil
}

// AsFieldError returns err's FieldError, if it has one.
func AsFieldError(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}
