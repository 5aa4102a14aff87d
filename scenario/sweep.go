package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// Sweep lists values of scenario settings; orbitnet plan runs one variant
// per combination (the Cartesian product, in the order of the keys below,
// the last key varying fastest). A sweep answers Monte-Carlo questions such
// as "how much damage can the network take": failure fractions × seeds.
type Sweep struct {
	// FailureFraction sets the fraction of every failures entry of kind
	// satellites without names; a fraction of 0 leaves those entries out.
	FailureFraction []float64 `yaml:"failure_fraction,omitempty" json:"failure_fraction,omitempty"`
	// Seed sets the seed of the same entries (the random draw of failed
	// satellites).
	Seed []uint64 `yaml:"seed,omitempty" json:"seed,omitempty"`
	// MinElevationDeg sets links.gsl.min_elevation_deg (the elevation mask).
	MinElevationDeg []float64 `yaml:"min_elevation_deg,omitempty" json:"min_elevation_deg,omitempty"`
	// Gateways sets ground.gateways.only: each item is one set of gateway names.
	Gateways [][]string `yaml:"gateways,omitempty" json:"gateways,omitempty"`
}

// MaxVariants caps the number of variants a sweep expands into.
const MaxVariants = 10_000

// Param is one swept setting of a variant, by sweep key.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Variant is one combination of a sweep.
type Variant struct {
	Params []Param
	File   File
}

// ParseFile parses scenario text into a File without resolving it (for
// commands that adjust a scenario before ResolveFile, such as sweeps).
func ParseFile(name, dir string, data []byte) (*File, error) {
	f, _, err := parseFile(name, dir, data)
	return f, err
}

// Variants expands f's sweep into variants, or returns nil when f has no
// sweep. Errors name the sweep key at fault.
func (f *File) Variants() ([]Variant, error) {
	s := f.Sweep
	if s == nil {
		return nil, nil
	}
	type axis struct {
		key    string
		n      int
		apply  func(f *File, i int) error
		format func(i int) string
	}
	var axes []axis
	fmtF := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	randomSats := func(f *File) []int {
		var out []int
		for i, fe := range f.Failures {
			if fe.Kind == "satellites" && len(fe.Names) == 0 {
				out = append(out, i)
			}
		}
		return out
	}
	if len(s.FailureFraction) > 0 {
		for i, v := range s.FailureFraction {
			if !(v >= 0 && v <= 1) {
				return nil, sweepErr(fmt.Sprintf("sweep.failure_fraction[%d]", i), fmt.Sprintf("%v: must be in [0, 1]", v))
			}
		}
		if len(randomSats(f)) == 0 {
			return nil, sweepErr("sweep.failure_fraction", "the scenario has no failures entry of kind satellites without names to set")
		}
		axes = append(axes, axis{"failure_fraction", len(s.FailureFraction), func(f *File, i int) error {
			for _, k := range randomSats(f) {
				f.Failures[k].Fraction = s.FailureFraction[i]
			}
			if s.FailureFraction[i] == 0 { // no failure drawn: leave the entries out
				kept := f.Failures[:0]
				for _, fe := range f.Failures {
					if !(fe.Kind == "satellites" && len(fe.Names) == 0) {
						kept = append(kept, fe)
					}
				}
				f.Failures = kept
			}
			return nil
		}, func(i int) string { return fmtF(s.FailureFraction[i]) }})
	}
	if len(s.Seed) > 0 {
		if len(randomSats(f)) == 0 {
			return nil, sweepErr("sweep.seed", "the scenario has no failures entry of kind satellites without names to seed")
		}
		axes = append(axes, axis{"seed", len(s.Seed), func(f *File, i int) error {
			for _, k := range randomSats(f) {
				f.Failures[k].Seed = s.Seed[i]
			}
			return nil
		}, func(i int) string { return strconv.FormatUint(s.Seed[i], 10) }})
	}
	if len(s.MinElevationDeg) > 0 {
		for i, v := range s.MinElevationDeg {
			if !(v >= 0 && v < 90) {
				return nil, sweepErr(fmt.Sprintf("sweep.min_elevation_deg[%d]", i), fmt.Sprintf("%v: must be in [0, 90)", v))
			}
		}
		axes = append(axes, axis{"min_elevation_deg", len(s.MinElevationDeg), func(f *File, i int) error {
			v := s.MinElevationDeg[i]
			f.Links.GSL.MinElevationDeg = &v
			return nil
		}, func(i int) string { return fmtF(s.MinElevationDeg[i]) }})
	}
	if len(s.Gateways) > 0 {
		if f.Ground.Gateways == nil {
			return nil, sweepErr("sweep.gateways", "the scenario has no ground.gateways to choose from")
		}
		for i, g := range s.Gateways {
			if len(g) == 0 {
				return nil, sweepErr(fmt.Sprintf("sweep.gateways[%d]", i), "an empty set of gateways")
			}
		}
		axes = append(axes, axis{"gateways", len(s.Gateways), func(f *File, i int) error {
			g := *f.Ground.Gateways
			g.Only = append([]string(nil), s.Gateways[i]...)
			f.Ground.Gateways = &g
			return nil
		}, func(i int) string { return strings.Join(s.Gateways[i], "+") }})
	}
	if len(axes) == 0 {
		return nil, sweepErr("sweep", "give at least one of failure_fraction, seed, min_elevation_deg, gateways")
	}
	total := 1.0
	for _, a := range axes {
		total *= float64(a.n)
	}
	if total > MaxVariants {
		return nil, sweepErr("sweep", fmt.Sprintf("%.0f variants, at most %d", total, MaxVariants))
	}
	n := int(total)
	out := make([]Variant, 0, n)
	idx := make([]int, len(axes))
	for range n {
		v := Variant{File: *f}
		v.File.Sweep = nil
		v.File.Failures = append([]FailureEntry(nil), f.Failures...)
		for k, a := range axes {
			if err := a.apply(&v.File, idx[k]); err != nil {
				return nil, err
			}
			v.Params = append(v.Params, Param{Key: a.key, Value: a.format(idx[k])})
		}
		out = append(out, v)
		for k := len(axes) - 1; k >= 0; k-- { // odometer, last key fastest
			idx[k]++
			if idx[k] < axes[k].n {
				break
			}
			idx[k] = 0
		}
	}
	return out, nil
}

// SweepError is a problem with the sweep key.
type SweepError struct {
	Key string // dotted key, e.g. sweep.seed
	Msg string
}

func (e *SweepError) Error() string { return e.Key + ": " + e.Msg }

func sweepErr(key, msg string) error { return &SweepError{Key: key, Msg: msg} }
