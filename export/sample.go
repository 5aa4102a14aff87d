package export

import (
	"context"
	"fmt"
	"time"

	"orbitnet/sim"
)

// MaxCZMLSatSamples and MaxKMLSatSamples cap the size of a CZML or KML
// export: the number of satellites times the number of samples in the
// window. The output grows with this product: every sample holds each
// satellite's position and its links (about two laser links per satellite,
// plus the ground links). CZML refers to positions and writes a link once
// with the intervals it is up (Starlink Gen1's 4,408 satellites over 121
// samples, 533,368 satellite samples, take 27 MB, so about 50 MB at the
// cap); KML draws every link at every sample (the same Gen1 window takes
// 269 MB, so about 50 MB at its cap).
const (
	MaxCZMLSatSamples = 1_000_000
	MaxKMLSatSamples  = 100_000
)

// MaxHypatiaSteps caps a Hypatia export (two files per step: 100,000
// steps is 10,000 s at Hypatia's usual 100 ms); MaxTraceSteps caps a trace
// (one row per step and listed pair).
const (
	MaxHypatiaSteps = 100_000
	MaxTraceSteps   = 1_000_000
)

// Input is what an export reads.
type Input struct {
	// Net is the prepared network; its configuration spans the export
	// window (Config.Start is the first instant, Config.Step the interval
	// between samples, Config.Steps() the number of samples).
	Net *sim.Network
	// Name names the scenario (document titles).
	Name string
	// PairNames holds each listed pair's two names.
	PairNames [][2]string
	// Workers is the number of engine workers (0: all cores); the output
	// does not depend on it.
	Workers int
}

// CheckSize refuses an export of more than limit satellite samples
// (satellites × samples).
func (in *Input) CheckSize(limit int64) error {
	sats, samples := in.Net.NSat, in.Net.Cfg.Steps()
	if int64(sats)*int64(samples) > limit {
		return inputErrorf("%d satellites × %d samples = %d is above the cap of %d satellite samples; sample less often (--step) or shorten the window (--from, --to)",
			sats, samples, int64(sats)*int64(samples), limit)
	}
	return nil
}

// checkSteps refuses an export of more than limit steps.
func (in *Input) checkSteps(limit int) error {
	if s := in.Net.Cfg.Steps(); s > limit {
		return inputErrorf("%d steps is above the cap of %d; use a longer --step or a shorter window (--from, --to)", s, limit)
	}
	return nil
}

// track is the network sampled at every step of the window.
type track struct {
	times []time.Time
	// x, y, z (km, ECEF) and valid, indexed [sample*nSat + sat]
	x, y, z []float64
	valid   []bool
	nSat    int
	// isl and gsl: per link (laser: satellite pair; ground: ground node,
	// satellite), the samples at which it is up, ascending, with the links
	// in order of first appearance
	isl, gsl linkSet
	// paths[k][i]: listed pair k's routing-node path at sample i (nil when
	// unreachable)
	paths [][]sim.Path
}

// linkSet records when links are up.
type linkSet struct {
	index map[[2]int32]int
	keys  [][2]int32
	on    [][]int // samples
}

func (s *linkSet) add(key [2]int32, sample int) {
	if s.index == nil {
		s.index = map[[2]int32]int{}
	}
	k, ok := s.index[key]
	if !ok {
		k = len(s.keys)
		s.index[key] = k
		s.keys = append(s.keys, key)
		s.on = append(s.on, nil)
	}
	s.on[k] = append(s.on[k], sample)
}

// sampleAll steps one workspace through the window in order, as the engine
// does (a worker that starts at the first step and keeps its slot
// assignments and trees from step to step), and records positions, links
// and the listed pairs' paths.
func sampleAll(ctx context.Context, in *Input, limit int64) (*track, error) {
	if err := in.CheckSize(limit); err != nil {
		return nil, err
	}
	net := in.Net
	steps := net.Cfg.Steps()
	tr := &track{nSat: net.NSat, paths: make([][]sim.Path, net.NumListed())}
	n := steps * net.NSat
	tr.x, tr.y, tr.z, tr.valid = make([]float64, n), make([]float64, n), make([]float64, n), make([]bool, n)
	ws := net.NewWorkspace()
	vals := make([]sim.PairValue, len(net.PairList()))
	paths := make([][]int32, net.NumListed())
	for k := range tr.paths {
		tr.paths[k] = make([]sim.Path, steps)
	}
	for i := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ws.Build(time.Duration(i) * net.Cfg.Step)
		ws.RouteAll(vals, paths)
		tr.times = append(tr.times, ws.Time)
		o := i * net.NSat
		copy(tr.x[o:o+net.NSat], ws.Pos.X)
		copy(tr.y[o:o+net.NSat], ws.Pos.Y)
		copy(tr.z[o:o+net.NSat], ws.Pos.Z)
		copy(tr.valid[o:o+net.NSat], ws.Pos.Valid)
		for _, l := range ws.ISLs {
			tr.isl.add([2]int32{l.A, l.B}, i)
		}
		for g, vis := range ws.GSL {
			for _, v := range vis {
				tr.gsl.add([2]int32{int32(g), v.Sat}, i)
			}
		}
		for k := range paths {
			if vals[k].Reachable() {
				tr.paths[k][i] = append(sim.Path(nil), paths[k]...)
			}
		}
	}
	return tr, nil
}

// runs turns ascending sample indices into runs [first, last] of
// consecutive samples.
func runs(samples []int) [][2]int {
	var out [][2]int
	for _, s := range samples {
		if len(out) > 0 && out[len(out)-1][1] == s-1 {
			out[len(out)-1][1] = s
			continue
		}
		out = append(out, [2]int{s, s})
	}
	return out
}

// until returns the end of a run ending at sample last: the next sample's
// time, or the last sample's time at the end of the window.
func (tr *track) until(last int) time.Time {
	if last+1 < len(tr.times) {
		return tr.times[last+1]
	}
	return tr.times[last]
}

// isoTime formats an instant as CZML and KML want it (ISO 8601, UTC, to the
// millisecond; nanoseconds when the instant needs them).
func isoTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()%1_000_000 != 0 {
		return t.Format("2006-01-02T15:04:05.000000000Z")
	}
	return t.Format("2006-01-02T15:04:05.000Z")
}

// InputError is an export refused because of the scenario, the window or
// the format's limits (not a failure while writing).
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// Check returns the InputError the export in format ("czml", "kml",
// "hypatia", "trace") would be refused with, or nil, without computing
// anything, so that a caller can refuse before creating folders.
func (in *Input) Check(format string) error {
	switch format {
	case "czml":
		return in.CheckSize(MaxCZMLSatSamples)
	case "kml":
		return in.CheckSize(MaxKMLSatSamples)
	case "hypatia":
		if err := hypatiaCheck(in.Net); err != nil {
			return err
		}
		return in.checkSteps(MaxHypatiaSteps)
	case "trace":
		if in.Net.NumListed() == 0 {
			return inputErrorf("the scenario lists no pairs to trace")
		}
		return in.checkSteps(MaxTraceSteps)
	}
	return inputErrorf("unknown export format %q", format)
}
