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
	if placed < 8400 {
		t.Errorf("only %d of %d placed", placed, len(c.Sats))
	}
	// Every satellite at a shell's altitude and inclination lands in it;
	// those between shells (raising or lowering) are reported, not placed.
	transit := 0
	for _, i := range c.Unplaced {
		s := c.Sats[i]
		alt, inc := MeanAltitude(s.Elements).Km(), s.Elements.Inclination
		for _, sh := range rep.Shells {
			if alt >= 400 && abs(inc.Deg()-sh.Inclination.Deg()) < 0.1 && abs(alt-sh.Altitude.Km()) < 7 {
				t.Errorf("%s (alt %.1f km, incl %.2f°) not placed in shell %s", s.Name, alt, inc, sh.Name)
			}
		}
		if alt >= 470 {
			transit++
		}
	}
	t.Logf("%d unplaced satellites above 470 km (between shells)", transit)
	if !strings.Contains(rep.String(), "shells") {
		t.Error("report lacks a summary line")
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
