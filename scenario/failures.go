package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"orbitnet/ground"
	"orbitnet/sim"
)

// resolveFailures turns the failures key into the engine's failures.
func resolveFailures(f *File, src *source, cfg *sim.Config) error {
	for i, fe := range f.Failures {
		key := fmt.Sprintf("failures[%d]", i)
		if fe.Name == "" {
			fe.Name = fmt.Sprintf("failure-%d", i+1)
			f.Failures[i].Name = fe.Name
		}
		out := sim.Failure{Name: fe.Name, Fraction: fe.Fraction, Seed: fe.Seed}
		var err error
		if out.From, err = parseWhen(fe.From, cfg.Start, 0); err != nil {
			return src.errorf(key+".from", "%v", err)
		}
		if out.Until, err = parseWhen(fe.Until, cfg.Start, -1); err != nil {
			return src.errorf(key+".until", "%v", err)
		}
		if out.Until > 0 && out.Until <= out.From {
			return src.errorf(key+".until", "%s is not after from (%s)", fe.Until, fe.From)
		}
		if !(fe.Fraction >= 0 && fe.Fraction <= 1) {
			return src.errorf(key+".fraction", "%v: must be in [0, 1]", fe.Fraction)
		}
		c := cfg.Constellation
		switch fe.Kind {
		case "satellites":
			out.Kind = sim.SatellitesDown
			byName := map[string]int{}
			for k, s := range c.Sats {
				byName[strings.ToLower(s.Name)] = k
			}
			for j, nm := range fe.Names {
				k, ok := byName[strings.ToLower(strings.TrimSpace(nm))]
				if !ok {
					return src.errorf(fmt.Sprintf("%s.names[%d]", key, j), "no satellite named %q (names look like %s)", nm, c.Sats[0].Name)
				}
				out.Sats = append(out.Sats, k)
			}
			if len(out.Sats) == 0 && fe.Fraction == 0 {
				return src.errorf(key, "satellites: give names or a fraction (with a seed)")
			}
		case "planes":
			out.Kind = sim.SatellitesDown
			if len(fe.Planes) == 0 {
				return src.errorf(key+".planes", "give planes as SHELL/PLANE, e.g. 550/3")
			}
			for j, pl := range fe.Planes {
				shellName, planeS, ok := strings.Cut(pl, "/")
				pi, err := strconv.Atoi(planeS)
				si := -1
				for k := range c.Shells {
					if c.Shells[k].Name == shellName {
						si = k
					}
				}
				if !ok || err != nil || si < 0 || pi < 0 || pi >= len(c.Shells[si].Planes) {
					return src.errorf(fmt.Sprintf("%s.planes[%d]", key, j), "%q: want SHELL/PLANE with a shell of this constellation and a plane index from 0", pl)
				}
				out.Sats = append(out.Sats, c.Shells[si].Planes[pi]...)
			}
		case "isls":
			out.Kind = sim.ISLsDown
			if fe.Fraction == 0 {
				return src.errorf(key+".fraction", "isls: give the fraction of laser links that fail (with a seed)")
			}
		case "gateways", "pops":
			out.Kind = sim.GroundDown
			kind := ground.Gateway
			if fe.Kind == "pops" {
				kind = ground.PoP
			}
			idx, err := groundSelection(fe, key, kind, src, cfg)
			if err != nil {
				return err
			}
			out.Ground = idx
		case "jamming":
			out.Kind = sim.Jammed
			if fe.Region == "" {
				return src.errorf(key+".region", "jamming needs a region (country or GeoJSON file)")
			}
			reg, err := lookupRegion(fe.Region, src)
			if err != nil {
				return src.errorf(key+".region", "%v", err)
			}
			for g, nd := range cfg.Ground {
				if nd.Kind != ground.PoP && reg.Contains(nd.Pos.Lat.Deg(), nd.Pos.Lon.Deg()) {
					out.Ground = append(out.Ground, g)
				}
			}
			out.Area = reg.Contains
		default:
			return src.errorf(key+".kind", "%q: must be satellites, planes, isls, gateways, pops or jamming", fe.Kind)
		}
		if fe.Fraction > 0 && out.Kind != sim.SatellitesDown && out.Kind != sim.ISLsDown {
			return src.errorf(key+".fraction", "a fraction applies to satellites and isls only")
		}
		cfg.Failures = append(cfg.Failures, out)
	}
	return nil
}

// groundSelection picks ground nodes of a kind by name and/or region.
func groundSelection(fe FailureEntry, key string, kind ground.Kind, src *source, cfg *sim.Config) ([]int, error) {
	var idx []int
	var pool []ground.Node
	var poolIdx []int
	for g, nd := range cfg.Ground {
		if nd.Kind == kind {
			pool = append(pool, nd)
			poolIdx = append(poolIdx, g)
		}
	}
	if len(pool) == 0 {
		return nil, src.errorf(key+".kind", "the scenario has no %ss", kind)
	}
	for j, nm := range fe.Names {
		nd, err := ground.Find(pool, nm)
		if err != nil {
			return nil, src.errorf(fmt.Sprintf("%s.names[%d]", key, j), "%v", err)
		}
		for k := range pool {
			if pool[k].Name == nd.Name {
				idx = append(idx, poolIdx[k])
			}
		}
	}
	if fe.Region != "" {
		reg, err := lookupRegion(fe.Region, src)
		if err != nil {
			return nil, src.errorf(key+".region", "%v", err)
		}
		n := 0
		for k, nd := range pool {
			if reg.Contains(nd.Pos.Lat.Deg(), nd.Pos.Lon.Deg()) {
				idx = append(idx, poolIdx[k])
				n++
			}
		}
		if n == 0 {
			return nil, src.errorf(key+".region", "no %s lies inside %s", kind, reg.Name)
		}
	}
	if len(idx) == 0 {
		return nil, src.errorf(key, "give names or a region")
	}
	return idx, nil
}

// ParseTime reads an instant as orbitnet accepts it everywhere: an RFC 3339
// time such as 2026-02-23T06:30:00Z (any offset; fractions of a second
// allowed) or a date such as 2026-02-23, meaning midnight UTC. The result
// is in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time like 2026-02-23T00:00:00Z or a date like 2026-02-23", s)
}

// parseWhen reads an offset ("60s"), an RFC 3339 time or a date; empty gives def.
func parseWhen(s string, start time.Time, def time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return 0, fmt.Errorf("%q is negative", s)
		}
		return d, nil
	}
	t, err := ParseTime(s)
	if err != nil {
		return 0, fmt.Errorf("%q is neither an offset like 60s nor an RFC 3339 time or a date", s)
	}
	if t.Before(start) {
		return 0, fmt.Errorf("%s is before the start %s", s, start.Format(time.RFC3339))
	}
	return t.Sub(start), nil
}
