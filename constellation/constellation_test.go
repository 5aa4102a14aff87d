package constellation

import (
	"strings"
	"testing"
	"time"

	"orbitnet/catalog"
)

var epoch = time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)

func TestPresetCounts(t *testing.T) {
	cases := map[string]int{
		"starlink-gen1": 4408, "starlink-gen1/550": 1584, "starlink-gen1/560": 348 + 172,
		"kuiper": 3236, "oneweb": 588, "telesat": 27*13 + 40*33,
	}
	for name, want := range cases {
		c, err := FromPreset(name, epoch)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Sats) != want {
			t.Errorf("%s: %d satellites, want %d", name, len(c.Sats), want)
		}
		for i, s := range c.Sats {
			if c.Shells[s.Shell].Planes[s.Plane][s.Slot] != i {
				t.Fatalf("%s: satellite %d not where its indices say", name, i)
			}
		}
	}
	for _, bad := range []string{"starlink", "starlink-gen1/999", "kuiper/"} {
		if _, err := FromPreset(bad, epoch); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestGroupStarlink2026(t *testing.T) {
	els, err := catalog.Load("starlink-2026-02-23")
	if err != nil {
		t.Fatal(err)
	}
	c, rep := FromCatalog("starlink", els, epoch, GroupOptions{})
	t.Log("\n" + rep.String())
	placed := len(c.Sats) - len(c.Unplaced)
	if placed < 9000 {
		t.Errorf("only %d of %d placed", placed, len(c.Sats))
	}
	// Every satellite at an operational altitude (≥ 470 km, below 600 km)
	// near a known shell inclination must land in a shell.
	for _, i := range c.Unplaced {
		s := c.Sats[i]
		alt := MeanAltitudeKm(s.Elements)
		inc := s.Elements.InclinationDeg
		for _, shellInc := range []float64{43, 53, 53.2, 70, 97.6} {
			if abs(inc-shellInc) < 0.1 && abs(alt-nearestShellAlt(rep, inc)) < 3 {
				t.Errorf("%s (alt %.1f km, incl %.2f°) not placed though at a shell's altitude", s.Name, alt, inc)
			}
		}
	}
	if !strings.Contains(rep.String(), "shells") {
		t.Error("report lacks a summary line")
	}
}

func nearestShellAlt(r GroupReport, incl float64) float64 {
	best, alt := 1e9, 0.0
	for _, s := range r.Shells {
		if d := abs(s.InclinationDeg - incl); d < best {
			best, alt = d, s.AltitudeKm
		}
	}
	return alt
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
