package scenario

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"orbitnet/catalog"
	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/internal/limits"
	"orbitnet/orbit/tle"
	"orbitnet/orbit/units"
	"orbitnet/orbit/walker"
	"orbitnet/sim"
	"orbitnet/topology"
)

// Defaults used when a key is absent (documented in docs/scenario.md).
const (
	DefaultWalkerStart     = "2000-01-01T00:00:00Z"
	DefaultDuration        = "200s"
	DefaultStep            = "100ms"
	DefaultISLRangeKm      = 5016.0
	DefaultISLMinAltKm     = 80.0
	DefaultMinElevationDeg = 25.0
	DefaultRefractiveIndex = 1.468
	DefaultRouteInflation  = 1.5
	// MaxSteps is sim.MaxSteps, the one limit on duration/step.
	MaxSteps = sim.MaxSteps
)

// Scenario is a resolved scenario: the file with every default filled in,
// and the engine configuration built from it.
type Scenario struct {
	File   File
	Config sim.Config
	// Source names where the scenario came from (path or embedded:NAME).
	Source string
	// PairNames holds each listed pair's two names: the names of its
	// ground nodes, which take the name the scenario typed for them where
	// that is another name of the same city (see AdoptName), so that every
	// output names a node alike.
	PairNames [][2]string
	// Grouping is the report of grouping a catalog into shells (nil for
	// Walker constellations).
	Grouping *constellation.GroupReport
}

// Parse resolves scenario text. name is used in errors; dir is where
// relative paths resolve ("" for embedded scenarios, where file references
// are not allowed).
func Parse(name, dir string, data []byte) (*Scenario, error) {
	f, src, err := parseFile(name, dir, data)
	if err != nil {
		return nil, err
	}
	return resolve(f, src)
}

// ResolveFile resolves an in-memory File (used by commands that adjust a
// scenario, e.g. rtt adding places). dir resolves relative paths.
func ResolveFile(f File, name, dir string) (*Scenario, error) {
	return resolve(&f, &source{name: name, dir: dir})
}

func (s *source) path(p string) string {
	if filepath.IsAbs(p) || s.dir == "" {
		return p
	}
	return filepath.Join(s.dir, p)
}

func resolve(f *File, src *source) (*Scenario, error) {
	sc := &Scenario{Source: src.name}
	cfg := &sc.Config
	if f.Name == "" {
		base := filepath.Base(strings.TrimPrefix(src.name, "embedded:"))
		f.Name = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	}
	if strings.ContainsAny(f.Name, `/\`) || strings.TrimSpace(f.Name) != f.Name || f.Name == "." || f.Name == ".." {
		return nil, src.errorf("name", "%q: must be a plain name without slashes or surrounding spaces (it names the output folder)", f.Name)
	}

	if f.Sweep != nil {
		if _, err := f.Variants(); err != nil {
			if se, ok := err.(*SweepError); ok {
				return nil, src.errorf(se.Key, "%s", se.Msg)
			}
			return nil, src.errorf("sweep", "%v", err)
		}
	}

	// Constellation first: a catalog's epochs set the default start.
	c := f.Constellation
	n := 0
	for _, set := range []bool{c.Preset != "", len(c.Shells) > 0, c.TLE != "", c.OMM != "", c.Catalog != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, src.errorf("constellation", "give exactly one of preset, shells, tle, omm or catalog (got %d)", n)
	}
	var els []tle.Elements
	switch {
	case c.TLE != "" || c.OMM != "":
		key, p := "constellation.tle", c.TLE
		if c.OMM != "" {
			key, p = "constellation.omm", c.OMM
		}
		if src.dir == "" && !filepath.IsAbs(p) {
			return nil, src.errorf(key, "an embedded scenario cannot refer to a relative file %q", p)
		}
		data, err := limits.ReadFile(src.path(p), limits.Catalog)
		if err != nil {
			return nil, src.errorf(key, "cannot read %s: %v", p, unwrapPathError(err))
		}
		opts := tle.Options{Filename: src.path(p), AcceptBadChecksum: c.AcceptBadChecksum}
		if c.OMM != "" {
			els, err = tle.ReadOMM(bytes.NewReader(data), opts)
		} else {
			els, err = tle.Read(bytes.NewReader(data), opts)
		}
		if err != nil {
			return nil, err
		}
		if len(els) == 0 {
			return nil, src.errorf(key, "%s holds no element sets", p)
		}
	case c.Catalog != "":
		var err error
		els, err = catalog.Load(c.Catalog)
		if err != nil {
			return nil, src.errorf("constellation.catalog", "%v", err)
		}
	}

	// Time.
	if f.Start == "" {
		f.Start = DefaultWalkerStart
		if els != nil {
			f.Start = medianEpoch(els).Truncate(time.Hour).Format(time.RFC3339)
		}
	}
	start, err := ParseTime(f.Start)
	if err != nil {
		return nil, src.errorf("start", "%q is not an RFC 3339 UTC time like 2026-02-23T00:00:00Z or a date like 2026-02-23", f.Start)
	}
	cfg.Start = start.UTC()
	if f.Duration == "" {
		f.Duration = DefaultDuration
	}
	if f.Step == "" {
		f.Step = DefaultStep
	}
	if cfg.Duration, err = parseDuration(f.Duration); err != nil || cfg.Duration < 0 {
		return nil, src.errorf("duration", "%q is not a duration ≥ 0 like 200s, 10m or 1h", f.Duration)
	}
	if cfg.Step, err = parseDuration(f.Step); err != nil || cfg.Step <= 0 {
		return nil, src.errorf("step", "%q is not a positive duration like 100ms or 1s", f.Step)
	}
	if cfg.Step < time.Millisecond {
		return nil, src.errorf("step", "%s is below orbitnet's 1 ms resolution", f.Step)
	}
	if err := cfg.CheckTimes(); err != nil {
		return nil, src.errorf("step", "%v", err)
	}

	// Constellation.
	switch {
	case c.Preset != "":
		cfg.Constellation, err = constellation.FromPreset(c.Preset, cfg.Start)
		if err != nil {
			return nil, src.errorf("constellation.preset", "%v", err)
		}
	case len(c.Shells) > 0:
		shells := make([]walker.Shell, len(c.Shells))
		for i, s := range c.Shells {
			shells[i] = walker.Shell{Name: s.Name, Planes: s.Planes, PerPlane: s.PerPlane, Phasing: s.Phasing,
				Altitude: units.Km(s.AltitudeKm), Inclination: units.Deg(s.InclinationDeg), RAANSpread: units.Deg(s.RAANSpreadDeg), RAANOffset: units.Deg(s.RAANOffsetDeg),
				MeanMotionRevPerDay: s.MeanMotionRevPerDay, Stagger: s.Stagger}
			if shells[i].Name == "" {
				shells[i].Name = fmt.Sprintf("shell%d", i+1)
				f.Constellation.Shells[i].Name = shells[i].Name
			}
			if err := shells[i].Validate(); err != nil {
				key, msg, _ := strings.Cut(err.Error(), ": ")
				return nil, src.errorf(fmt.Sprintf("constellation.shells[%d].%s", i, key), "%s", msg)
			}
		}
		cfg.Constellation, err = constellation.FromWalker(f.Name, shells, cfg.Start)
		if err != nil {
			return nil, src.errorf("constellation.shells", "%v", err)
		}
	default:
		cons, rep := constellation.FromCatalog(f.Name, els, cfg.Start, constellation.GroupOptions{})
		if c.Shell != "" {
			cons = cons.KeepShells(func(name string) bool { return strings.Contains(name, c.Shell) })
			if len(cons.Shells) == 0 {
				return nil, src.errorf("constellation.shell", "no grouped shell matches %q; shells are:\n%s", c.Shell, rep.String())
			}
		}
		cfg.Constellation = cons
		sc.Grouping = &rep
	}

	// Links.
	l := &f.Links
	if l.ISL.Pattern == "" {
		l.ISL.Pattern = string(topology.PlusGrid)
		if l.ISL.File != "" {
			l.ISL.Pattern = string(topology.ListedISL)
		}
	}
	setDefault(&l.ISL.MaxRangeKm, DefaultISLRangeKm)
	setDefault(&l.ISL.MinAltitudeKm, DefaultISLMinAltKm)
	var listed [][2]int32
	switch topology.ISLPattern(l.ISL.Pattern) {
	case topology.PlusGrid, topology.NoISL:
		if l.ISL.File != "" {
			return nil, src.errorf("links.isl.file", "a link file goes with pattern file (or no pattern), not %s", l.ISL.Pattern)
		}
	case topology.ListedISL:
		if l.ISL.File == "" {
			return nil, src.errorf("links.isl.pattern", "pattern file needs links.isl.file, the list of links")
		}
		if l.ISL.CrossShell {
			return nil, src.errorf("links.isl.cross_shell", "cannot be combined with a link file: list the links between shells in the file")
		}
		if l.ISL.SeamOffset != nil {
			return nil, src.errorf("links.isl.seam_offset", "applies to plus-grid, not to a link file")
		}
		if src.dir == "" && !filepath.IsAbs(l.ISL.File) {
			return nil, src.errorf("links.isl.file", "an embedded scenario cannot refer to a relative file %q", l.ISL.File)
		}
		data, err := limits.ReadFile(src.path(l.ISL.File), limits.Table)
		if err != nil {
			return nil, src.errorf("links.isl.file", "cannot read %s: %v", l.ISL.File, unwrapPathError(err))
		}
		if listed, err = topology.ReadISLs(bytes.NewReader(data), src.path(l.ISL.File), len(cfg.Constellation.Sats)); err != nil {
			return nil, err
		}
	default:
		return nil, src.errorf("links.isl.pattern", "%q: must be plus-grid, none or file", l.ISL.Pattern)
	}
	if !(*l.ISL.MaxRangeKm >= 0) || math.IsInf(*l.ISL.MaxRangeKm, 0) {
		return nil, src.errorf("links.isl.max_range_km", "%v: must be ≥ 0 km (0 = no limit)", *l.ISL.MaxRangeKm)
	}
	if !(*l.ISL.MinAltitudeKm >= 0 && *l.ISL.MinAltitudeKm < 1000) {
		return nil, src.errorf("links.isl.min_altitude_km", "%v: must be in [0, 1000) km", *l.ISL.MinAltitudeKm)
	}
	cfg.ISL = topology.ISLConfig{Pattern: topology.ISLPattern(l.ISL.Pattern), MaxRange: units.Km(*l.ISL.MaxRangeKm),
		MinAltitude: units.Km(*l.ISL.MinAltitudeKm), SeamOffset: l.ISL.SeamOffset, CrossShell: l.ISL.CrossShell, Listed: listed}
	setDefault(&l.GSL.MinElevationDeg, DefaultMinElevationDeg)
	setDefault(&l.GSL.MaxRangeKm, 0)
	if l.GSL.Policy == "" {
		l.GSL.Policy = string(topology.AnyVisible)
	}
	if l.GSL.Selection == "" {
		l.GSL.Selection = string(topology.HighestElevation)
	}
	cfg.GSL = topology.GSLConfig{MinElevation: units.Deg(*l.GSL.MinElevationDeg), MaxRange: units.Km(*l.GSL.MaxRangeKm),
		Policy: topology.GSLPolicy(l.GSL.Policy), Selection: topology.Selection(l.GSL.Selection)}
	setDefault(&l.Fiber.RefractiveIndex, DefaultRefractiveIndex)
	setDefault(&l.Fiber.RouteInflation, DefaultRouteInflation)
	if l.Fiber.PoPMesh == nil {
		v := true
		l.Fiber.PoPMesh = &v
	}
	cfg.Fiber = sim.FiberConfig{RefractiveIndex: *l.Fiber.RefractiveIndex, RouteInflation: *l.Fiber.RouteInflation, PoPMesh: *l.Fiber.PoPMesh}
	if f.Routing.Mode == "" {
		f.Routing.Mode = string(sim.ISLMode)
	}
	cfg.Mode = sim.Mode(f.Routing.Mode)
	if err := cfg.Validate(); err != nil {
		return nil, src.configError(err)
	}

	// Ground.
	if err := resolveGround(f, src, cfg); err != nil {
		return nil, err
	}
	if cfg.Traits().GroundRelay {
		hasGW := false
		for _, g := range cfg.Ground {
			hasGW = hasGW || g.Kind == ground.Gateway
		}
		if !hasGW {
			return nil, src.errorf("ground.gateways", "routing mode %s needs gateways", cfg.Mode)
		}
	}

	if err := resolveStarlink(f, src, cfg); err != nil {
		return nil, err
	}
	if err := resolveFailures(f, src, cfg); err != nil {
		return nil, err
	}

	// Pairs.
	if sc.PairNames, err = resolvePairs(f, src, cfg); err != nil {
		return nil, err
	}
	cfg.AllPairs = f.Output.AllPairs
	if f.Output.AllPairsLimit < 0 {
		return nil, src.errorf("output.all_pairs_limit", "%d: must be ≥ 0 (0 = every endpoint)", f.Output.AllPairsLimit)
	}
	cfg.AllPairsLimit = f.Output.AllPairsLimit
	if f.Output.Parquet == nil {
		v := f.Output.AllPairs
		f.Output.Parquet = &v
	}
	if f.Output.Plots == nil {
		v := true
		f.Output.Plots = &v
	}
	if len(cfg.Pairs) == 0 && !cfg.AllPairs {
		return nil, src.errorf("pairs", "no pairs to compute: list pairs or set output.all_pairs: true")
	}
	sc.File = *f
	return sc, nil
}

// configKeys maps the field paths of sim.Config.Validate's errors to the
// scenario file's keys.
var configKeys = []struct{ field, key string }{
	{"mode", "routing.mode"},
	{"fiber.", "links.fiber."},
	{"gsl.", "links.gsl."},
	{"step", "step"},
	{"constellation", "constellation"},
}

// configError reports an error of sim.Config.Validate at the YAML key of
// its field.
func (s *source) configError(err error) error {
	fe, ok := sim.AsFieldError(err)
	if !ok {
		return err
	}
	for _, m := range configKeys {
		if rest, ok := strings.CutPrefix(fe.Field, m.field); ok {
			return s.errorf(m.key+rest, "%s", fe.Msg)
		}
	}
	return s.errorf(fe.Field, "%s", fe.Msg)
}

func setDefault(p **float64, v float64) {
	if *p == nil {
		*p = &v
	}
}

func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return d, nil
}

func medianEpoch(els []tle.Elements) time.Time {
	ts := make([]time.Time, len(els))
	for i, e := range els {
		ts[i] = e.Epoch
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	return ts[len(ts)/2].UTC()
}
