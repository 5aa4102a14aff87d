package starlink

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Params)
		key  string // "" = valid
	}{
		{"defaults", func(*Params) {}, ""},
		{"negative frame", func(p *Params) { p.Frame = -time.Millisecond }, "frame"},
		{"negative queue", func(p *Params) { p.QueueMedian = -1 }, "queue_median"},
		{"grant order", func(p *Params) { p.GrantMax = p.GrantMin - 1 }, "grant_max"},
		{"utilisation 1", func(p *Params) { p.Utilisation = 1 }, "utilisation"},
		{"utilisation negative", func(p *Params) { p.Utilisation = -0.1 }, "utilisation"},
		{"stretch below 1", func(p *Params) { p.RouteStretch = 0.9 }, "route_stretch"},
		{"burst a slot long", func(p *Params) { p.LossBurst = SlotLength }, "loss_burst"},
	}
	for _, tc := range tests {
		p := Defaults
		tc.edit(&p)
		err := p.Validate()
		switch {
		case tc.key == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.key != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.key+":")):
			t.Errorf("%s: error %v, want one naming %s", tc.name, err, tc.key)
		}
	}
}

func TestSlotBoundaries(t *testing.T) {
	base := time.Date(2026, 2, 23, 10, 0, 0, 0, time.UTC)
	for _, s := range []int{12, 27, 42, 57} {
		at := base.Add(time.Duration(s) * time.Second)
		i1, into := Slot(at)
		i0, _ := Slot(at.Add(-time.Nanosecond))
		if into != 0 || i1 != i0+1 {
			t.Errorf(":%02d: slot %d into %v, previous slot %d", s, i1, into, i0)
		}
	}
}

// The access parts never go below the floor, the slot level holds within
// a slot, and uplink+downlink drawn at different instants have the same
// distribution as Sample's (the emulator relies on it).
func TestSampleFloorAndDirections(t *testing.T) {
	p := Defaults
	start := time.Date(2026, 2, 23, 0, 0, 12, 0, time.UTC)
	var s, d []float64
	for i := range 20000 {
		at := start.Add(time.Duration(i) * 7 * time.Millisecond)
		q := p.Sample(3, at)
		if q.Access+q.Processing+q.Queueing < p.Floor() {
			t.Fatalf("%v: access parts %v below the floor %v", at, q.Access+q.Processing+q.Queueing, p.Floor())
		}
		s = append(s, float64(q.Total()))
		up, _ := p.Directions(3, at)
		_, down := p.Directions(3, at.Add(20*time.Millisecond))
		d = append(d, float64(up+down))
		if _, into := Slot(at); p.SlotLevel(3, at) != p.SlotLevel(3, at.Add(-into)) {
			t.Fatalf("%v: slot level changed within a slot", at)
		}
	}
	sort.Float64s(s)
	sort.Float64s(d)
	// sampling tolerance of a quantile of 20,000 draws: the log-normal
	// queue makes the 95th percentile the noisiest
	for _, c := range []struct{ q, tolMs float64 }{{0.05, 0.5}, {0.5, 0.5}, {0.95, 1.5}} {
		q := c.q
		a, b := s[int(q*float64(len(s)))], d[int(q*float64(len(d)))]
		if diff := (a - b) / 1e6; diff > c.tolMs || diff < -c.tolMs {
			t.Errorf("q%.2f: Sample %.3f ms, up+down %.3f ms", q, a/1e6, b/1e6)
		}
	}
}

func TestTerrestrial(t *testing.T) {
	p := Defaults
	// Warsaw–New York, 6,860 km: 6860×1.5×1.468/c = 50.4 ms + 7 exchanges.
	km := 6860.0
	got := p.Terrestrial(km)
	want := time.Duration(km*1.5*1.468/SpeedOfLightKmS*1e9) + 7*p.PerExchange
	if got != want {
		t.Errorf("Terrestrial(6860) = %v, want %v", got, want)
	}
	if p.Terrestrial(0) != 0 {
		t.Error("Terrestrial(0) is not 0")
	}
}

// TestSampleWithReusedDraws: drawing from one reused generator gives the
// parts a fresh one gives, whatever it drew before, and without allocating.
func TestSampleWithReusedDraws(t *testing.T) {
	p := Defaults
	p.Utilisation = 0.5 // exercise the M/M/1 draws too
	start := time.Date(2026, 2, 23, 0, 0, 12, 0, time.UTC)
	var d Draws
	for i := range 1000 {
		node, at := i%7, start.Add(time.Duration(i)*13*time.Millisecond)
		if got, want := p.SampleWith(&d, node, at), p.Sample(node, at); got != want {
			t.Fatalf("node %d at %v: reused draws %+v, fresh %+v", node, at, got, want)
		}
	}
	if a := testing.AllocsPerRun(100, func() { p.SampleWith(&d, 3, start) }); a != 0 {
		t.Errorf("SampleWith: %v allocations per draw", a)
	}
}
