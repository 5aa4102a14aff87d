package topology

import (
	"testing"
	"time"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
)

// mmKm is 1 mm in km: a slant range computed from ECEF positions of
// 10⁴ km magnitude, compared with the exact geometry.
const mmKm = 1e-6

// TestVisibleOverhead: a satellite straight above at 550 km is seen at
// elevation 90° and 550 km; one below the horizon is not.
func TestVisibleOverhead(t *testing.T) {
	g := frame.Geodetic{Lat: 50.45, Lon: 30.52}
	obs := frame.NewObserver(g)
	up := frame.Geodetic{Lat: 50.45, Lon: 30.52, Alt: 550}.ToECEF()
	other := frame.Geodetic{Lat: -50, Lon: -150, Alt: 550}.ToECEF()
	pos := NewPositions(2)
	for i, p := range []frame.ECEF{up, other} {
		pos.X[i], pos.Y[i], pos.Z[i], pos.Valid[i] = p[0], p[1], p[2], true
	}
	vis := VisibleFrom(&obs, pos, GSLConfig{MinElevation: 25}, nil)
	if len(vis) != 1 || vis[0].Sat != 0 || vis[0].SinEl < 0.999999 || vis[0].Range-550 > mmKm {
		t.Fatalf("visible %+v", vis)
	}
	if d := 2 * vis[0].Delay(); d < 3.668 || d > 3.670 {
		t.Errorf("overhead round trip %.4f ms, want 3.669", d)
	}
	if v := VisibleFrom(&obs, pos, GSLConfig{MinElevation: 25, MaxRange: 500}, nil); len(v) != 0 {
		t.Error("range cap ignored")
	}
}

// TestSchedulerSlots: within a slot the assignment holds even when another
// satellite gets higher; at the next slot the best is taken; a satellite
// that drops out within the slot is replaced at once (a forced handover);
// a gateway holds one satellite per antenna.
func TestSchedulerSlots(t *testing.T) {
	cfg := GSLConfig{MinElevation: 25, Policy: SlotScheduled, Selection: HighestElevation}
	obs := []frame.Observer{{}, {}}
	s := NewScheduler(cfg, obs, []int{1, 2}, nil)
	slot := time.Date(2026, 2, 23, 0, 0, 12, 0, time.UTC)
	v := func(sats ...int32) []Visible {
		var out []Visible
		for i, x := range sats {
			out = append(out, Visible{Sat: x, SinEl: 0.9 - 0.1*float64(i)})
		}
		return out
	}
	got, forced := s.Assign(0, slot, v(3, 5, 7), nil) // 3 is highest
	if len(got) != 1 || got[0].Sat != 3 || forced != 0 {
		t.Fatalf("first: %+v %d", got, forced)
	}
	// 1 s later 7 is highest, but the slot holds 3
	got, _ = s.Assign(0, slot.Add(time.Second), []Visible{{Sat: 3, SinEl: 0.5}, {Sat: 7, SinEl: 0.95}}, nil)
	if got[0].Sat != 3 {
		t.Errorf("kept %+v, want 3", got)
	}
	// 3 drops below the mask: forced handover to the best remaining
	got, forced = s.Assign(0, slot.Add(2*time.Second), []Visible{{Sat: 5, SinEl: 0.6}, {Sat: 7, SinEl: 0.95}}, nil)
	if got[0].Sat != 7 || forced != 1 {
		t.Errorf("forced: %+v %d", got, forced)
	}
	// next slot: fresh choice
	got, forced = s.Assign(0, slot.Add(15*time.Second), []Visible{{Sat: 5, SinEl: 0.99}, {Sat: 7, SinEl: 0.95}}, nil)
	if got[0].Sat != 5 || forced != 0 {
		t.Errorf("next slot: %+v %d", got, forced)
	}
	// a gateway with two antennas takes the two best
	got, _ = s.Assign(1, slot, []Visible{{Sat: 1, SinEl: 0.3}, {Sat: 2, SinEl: 0.8}, {Sat: 4, SinEl: 0.7}}, nil)
	if len(got) != 2 || got[0].Sat != 2 || got[1].Sat != 4 {
		t.Errorf("gateway: %+v", got)
	}
}

// fixedSats is a FuturePositions whose satellites stay put in ECEF.
type fixedSats []frame.ECEF

func (f fixedSats) PositionAt(i int, _ timescale.JD) (frame.ECEF, bool) { return f[i], true }

// TestLookAheadFollowsMovingObserver: with LongestVisible, a node moving
// east picks the satellite ahead of it (the one it will keep seeing), not
// the one behind that a fixed node at its present point would keep; without
// the SetObserverAt hook the look-ahead would use the present point.
func TestLookAheadFollowsMovingObserver(t *testing.T) {
	now := frame.Geodetic{Lat: 50, Lon: 10}
	later := frame.Geodetic{Lat: 50, Lon: 24}
	sats := fixedSats{
		frame.Geodetic{Lat: 50, Lon: 8, Alt: 550}.ToECEF(),  // behind, higher now
		frame.Geodetic{Lat: 50, Lon: 13, Alt: 550}.ToECEF(), // ahead
	}
	cfg := GSLConfig{MinElevation: 25, Policy: SlotScheduled, Selection: LongestVisible}
	sinMask := 0.42261826174069944 // sin 25°
	o, l := frame.NewObserver(now), frame.NewObserver(later)
	var vis []Visible
	for i, p := range sats {
		s, r := o.SinElevation(p)
		if s < sinMask {
			t.Fatalf("satellite %d not visible now", i)
		}
		vis = append(vis, Visible{Sat: int32(i), SinEl: s, Range: units.Km(r)})
	}
	if s0, _ := l.SinElevation(sats[0]); s0 >= sinMask {
		t.Fatal("premise: the satellite behind stays visible")
	}
	if s1, _ := l.SinElevation(sats[1]); s1 < sinMask {
		t.Fatal("premise: the satellite ahead is lost")
	}
	slot := time.Date(2026, 2, 23, 0, 0, 12, 0, time.UTC)
	fixed := NewScheduler(cfg, []frame.Observer{o}, []int{1}, sats)
	if got, _ := fixed.Assign(0, slot, vis, nil); len(got) != 1 || got[0].Sat != 0 {
		t.Fatalf("fixed node picked %+v, want the higher satellite 0 (both stay in view)", got)
	}
	moving := NewScheduler(cfg, []frame.Observer{o}, []int{1}, sats)
	moving.SetObserverAt(func(n int, at time.Time) (frame.Observer, bool) {
		if at.After(slot) {
			return l, true
		}
		return o, true
	})
	if got, _ := moving.Assign(0, slot, vis, nil); len(got) != 1 || got[0].Sat != 1 {
		t.Fatalf("moving node picked %+v, want satellite 1 ahead of it", got)
	}
}
