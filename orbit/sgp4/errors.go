package sgp4

import (
	"errors"
	"fmt"
)

// Error codes, numbered as in Vallado et al. (2006) so that results can be
// compared with other SGP4 implementations.
const (
	CodeMeanElements      = 1 // mean eccentricity out of [−0.001, 1)
	CodeMeanMotion        = 2 // mean motion not positive
	CodePerturbedElements = 3 // eccentricity after lunar-solar periodics out of [0, 1]
	CodeSemiLatusRectum   = 4 // semi-latus rectum negative
	CodeSubOrbital        = 5 // epoch perigee below the surface; never reported (see Error)
	CodeDecayed           = 6 // satellite below the surface (r < 1 earth radius)
)

// Sentinel errors, one per reported code. An *Error wraps the one for its
// code, so errors.Is(err, ErrDecayed) tests for code 6.
var (
	ErrMeanElements      = errors.New("mean elements out of range")
	ErrMeanMotion        = errors.New("mean motion not positive")
	ErrPerturbedElements = errors.New("perturbed eccentricity out of range")
	ErrSemiLatusRectum   = errors.New("semi-latus rectum negative")
	ErrDecayed           = errors.New("satellite decayed")
)

// MaxTsince bounds the time argument of Propagate, in minutes (about 1,900
// years). It keeps the resonance integration of deep-space orbits, which
// steps 720 minutes at a time from epoch, finite.
const MaxTsince = 1e9

// ErrTimeRange is returned, as is, by Propagate for a tsince that is NaN or
// beyond ±MaxTsince: a caller's mistake rather than a failure of the model.
var ErrTimeRange = errors.New("sgp4: tsince is NaN or beyond ±1e9 minutes")

// Error reports that SGP4 cannot produce a state for a satellite at a time.
// It is a domain failure of the model, not a programming error: the orbit
// has decayed or its elements have drifted out of the model's range.
//
// Code 5 (epoch perigee below the surface) is never reported: the 2006
// reference set it in sgp4init and its propagation to epoch cleared it, and
// later versions dropped the test. Such a satellite propagates until one of
// the other checks fails, as 33333 of the verification set does.
type Error struct {
	Code          int     // 1, 2, 3, 4 or 6; see the Code constants
	CatalogNumber int     // NORAD catalog number of the satellite
	Tsince        float64 // minutes since epoch of the failed propagation
}

func (e *Error) Error() string {
	what := "error"
	if err := e.Unwrap(); err != nil {
		what = err.Error()
	}
	return fmt.Sprintf("sgp4: satellite %d at %g min: %s (code %d)",
		e.CatalogNumber, e.Tsince, what, e.Code)
}

// Unwrap returns the sentinel error of e.Code (nil for an unknown code).
func (e *Error) Unwrap() error {
	switch e.Code {
	case CodeMeanElements:
		return ErrMeanElements
	case CodeMeanMotion:
		return ErrMeanMotion
	case CodePerturbedElements:
		return ErrPerturbedElements
	case CodeSemiLatusRectum:
		return ErrSemiLatusRectum
	case CodeDecayed:
		return ErrDecayed
	}
	return nil
}
