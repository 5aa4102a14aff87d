// Package constellation assembles satellites into a constellation: shells of
// planes of satellites, whether generated from Walker presets or grouped
// from a real element catalog. The plane and slot structure is what the
// topology package needs to lay laser links.
package constellation

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"orbitnet/orbit/tle"
	"orbitnet/orbit/units"
	"orbitnet/orbit/walker"
)

// Satellite is one member of a constellation.
type Satellite struct {
	Name     string
	Elements tle.Elements
	Shell    int // index into Constellation.Shells, −1 when not placed in a shell
	Plane    int // index of the plane within the shell, −1 when not placed
	Slot     int // position within the plane by argument of latitude, −1 when not placed
}

// Shell is a group of satellites at one altitude and inclination, in planes.
type Shell struct {
	Name        string
	Altitude    units.Length
	Inclination units.Angle
	// Planes lists the satellites (indices into Constellation.Sats) of each
	// plane, planes in increasing right ascension of the ascending node and
	// satellites in increasing argument of latitude at the reference epoch.
	Planes [][]int
	// Walker is the design of a generated shell (nil for catalog shells).
	Walker *walker.Shell
}

// Size returns the number of satellites in the shell.
func (s *Shell) Size() int {
	n := 0
	for _, p := range s.Planes {
		n += len(p)
	}
	return n
}

// Constellation is a set of satellites grouped in shells.
type Constellation struct {
	Name   string
	Sats   []Satellite
	Shells []Shell
	// Unplaced lists the satellites that belong to no shell (orbit raising,
	// deorbiting or lone objects), for catalogs.
	Unplaced []int
	// Source says where the constellation comes from, for summaries.
	Source string
}

// FromWalker generates a constellation of Walker shells at the given epoch.
// Satellite names are "<shell>-<plane>-<slot>"; catalog numbers count from 1.
func FromWalker(name string, shells []walker.Shell, epoch time.Time) (*Constellation, error) {
	c := &Constellation{Name: name, Source: "walker"}
	seen := map[string]bool{}
	for si, ws := range shells {
		if ws.Name == "" {
			ws.Name = fmt.Sprintf("shell%d", si+1)
		}
		if seen[ws.Name] {
			return nil, fmt.Errorf("shell %q: name used twice", ws.Name)
		}
		seen[ws.Name] = true
		els, err := ws.Elements(epoch, len(c.Sats)+1)
		if err != nil {
			return nil, fmt.Errorf("shell %q: %w", ws.Name, err)
		}
		wsCopy := ws
		sh := Shell{Name: ws.Name, Altitude: ws.MeanAltitude(), Inclination: ws.Inclination, Walker: &wsCopy}
		for p := 0; p < ws.Planes; p++ {
			plane := make([]int, ws.PerPlane)
			for k := range plane {
				e := els[p*ws.PerPlane+k]
				plane[k] = len(c.Sats)
				c.Sats = append(c.Sats, Satellite{Name: e.Name, Elements: e, Shell: si, Plane: p, Slot: k})
			}
			sh.Planes = append(sh.Planes, plane)
		}
		c.Shells = append(c.Shells, sh)
	}
	if len(c.Sats) == 0 {
		return nil, fmt.Errorf("constellation %q has no satellites", name)
	}
	return c, nil
}

// Preset describes an embedded constellation design.
type Preset struct {
	Name   string
	Source string // citation of the parameters
	Shells []walker.Shell
}

// presets are Walker designs from public filings. Phasing factors are not
// part of the filings; StarPerf's configuration (SpaceNetLab, config/XML_
// constellation_*.xml, BSD-2-Clause) uses a phase shift of 1 for Starlink
// and 0 for the others, and so do these presets.
var presets = []Preset{
	{
		Name: "starlink-gen1",
		Source: "SpaceX FCC modification, IBFS SAT-MOD-20200417-00037, granted 27 April 2021 (FCC 21-48): " +
			"72×22 at 550 km/53°, 72×22 at 540 km/53.2°, 36×20 at 570 km/70°, 6×58 and 4×43 at 560 km/97.6° (4,408 satellites)",
		Shells: []walker.Shell{
			{Name: "550", Planes: 72, PerPlane: 22, Phasing: 1, Altitude: 550, Inclination: 53},
			{Name: "540", Planes: 72, PerPlane: 22, Phasing: 1, Altitude: 540, Inclination: 53.2},
			{Name: "570", Planes: 36, PerPlane: 20, Phasing: 1, Altitude: 570, Inclination: 70},
			{Name: "560a", Planes: 6, PerPlane: 58, Phasing: 1, Altitude: 560, Inclination: 97.6},
			{Name: "560b", Planes: 4, PerPlane: 43, Phasing: 1, Altitude: 560, Inclination: 97.6},
		},
	},
	{
		Name:   "kuiper",
		Source: "Kuiper Systems FCC authorisation FCC 20-102 (30 July 2020): 34×34 at 630 km/51.9°, 36×36 at 610 km/42°, 28×28 at 590 km/33° (3,236 satellites)",
		Shells: []walker.Shell{
			{Name: "630", Planes: 34, PerPlane: 34, Altitude: 630, Inclination: 51.9},
			{Name: "610", Planes: 36, PerPlane: 36, Altitude: 610, Inclination: 42},
			{Name: "590", Planes: 28, PerPlane: 28, Altitude: 590, Inclination: 33},
		},
	},
	{
		Name:   "oneweb",
		Source: "OneWeb phase 1 as in StarPerf config/XML_constellation_OneWeb.xml: 12×49 at 1,200 km/87.9° (588 satellites), near-polar star-like spacing over 180°",
		Shells: []walker.Shell{
			{Name: "1200", Planes: 12, PerPlane: 49, Altitude: 1200, Inclination: 87.9, RAANSpread: 180},
		},
	},
	{
		Name:   "telesat",
		Source: "Telesat Lightspeed as in StarPerf config/XML_constellation_Telesat.xml: 27×13 at 1,015 km/98.98°, 40×33 at 1,325 km/50.88° (1,671 satellites)",
		Shells: []walker.Shell{
			{Name: "1015", Planes: 27, PerPlane: 13, Altitude: 1015, Inclination: 98.98, RAANSpread: 180},
			{Name: "1325", Planes: 40, PerPlane: 33, Altitude: 1325, Inclination: 50.88},
		},
	},
}

// Presets returns the embedded Walker designs.
func Presets() []Preset { return append([]Preset(nil), presets...) }

// FindPreset returns the design named name, or "name/shell" for one or more
// shells of it: "starlink-gen1/550" is the 550 km shell, "starlink-gen1/560"
// both 560 km shells (560a and 560b).
func FindPreset(name string) (Preset, error) {
	base, shellSel, hasShell := strings.Cut(name, "/")
	for _, p := range presets {
		if p.Name != base {
			continue
		}
		if !hasShell {
			return p, nil
		}
		var sel []walker.Shell
		var names []string
		for _, s := range p.Shells {
			names = append(names, s.Name)
			if s.Name == shellSel || strings.TrimRight(s.Name, "abcdefghijklmnopqrstuvwxyz") == shellSel {
				sel = append(sel, s)
			}
		}
		if len(sel) == 0 {
			return Preset{}, fmt.Errorf("preset %q has no shell %q (shells: %s)", base, shellSel, strings.Join(names, ", "))
		}
		return Preset{Name: name, Source: p.Source, Shells: sel}, nil
	}
	var names []string
	for _, p := range presets {
		names = append(names, p.Name)
	}
	sort.Strings(names)
	return Preset{}, fmt.Errorf("unknown constellation preset %q (known: %s)", name, strings.Join(names, ", "))
}

// FromPreset generates a preset constellation at epoch.
func FromPreset(name string, epoch time.Time) (*Constellation, error) {
	p, err := FindPreset(name)
	if err != nil {
		return nil, err
	}
	c, err := FromWalker(p.Name, p.Shells, epoch)
	if err != nil {
		return nil, err
	}
	c.Source = "preset " + p.Name + ": " + p.Source
	return c, nil
}

// KeepShells returns a constellation with only the shells whose names pass
// keep (satellites renumbered; unplaced satellites dropped).
func (c *Constellation) KeepShells(keep func(name string) bool) *Constellation {
	out := &Constellation{Name: c.Name, Source: c.Source}
	for _, sh := range c.Shells {
		if !keep(sh.Name) {
			continue
		}
		si := len(out.Shells)
		nsh := Shell{Name: sh.Name, Altitude: sh.Altitude, Inclination: sh.Inclination, Walker: sh.Walker}
		for p, plane := range sh.Planes {
			np := make([]int, len(plane))
			for k, i := range plane {
				s := c.Sats[i]
				s.Shell, s.Plane, s.Slot = si, p, k
				np[k] = len(out.Sats)
				out.Sats = append(out.Sats, s)
			}
			nsh.Planes = append(nsh.Planes, np)
		}
		out.Shells = append(out.Shells, nsh)
	}
	return out
}
