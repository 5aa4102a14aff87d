package sim

import (
	"context"
	"math"
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/topology"
)

// lineTrack moves linearly in latitude and longitude from A to B over D
// (a stand-in for mobility.Track; the engine only calls At).
type lineTrack struct {
	A, B frame.Geodetic
	D    time.Duration
}

func (l lineTrack) At(off time.Duration) frame.Geodetic {
	f := math.Min(1, math.Max(0, float64(off)/float64(l.D)))
	return frame.Geodetic{Lat: l.A.Lat + units.Deg(f*(l.B.Lat-l.A.Lat).Deg()), Lon: l.A.Lon + units.Deg(f*(l.B.Lon-l.A.Lon).Deg()),
		Alt: l.A.Alt + units.Km(f*(l.B.Alt-l.A.Alt).Km())}
}

// A moving terminal sees, at every step, exactly the satellites that a
// fixed terminal placed where it is at that instant sees (same indices,
// same ranges), altitude included.
func TestMovingMatchesStatic(t *testing.T) {
	tr := lineTrack{A: frame.Geodetic{Lat: 50.03, Lon: 8.56, Alt: 0.1}, B: frame.Geodetic{Lat: 52, Lon: -20, Alt: 11}, D: 2 * time.Hour}
	for _, pol := range []topology.GSLPolicy{topology.AnyVisible, topology.SlotScheduled} {
		cfg := baseConfig(t)
		cfg.Ground = append(cities(t, "cities-top100")[:4], ground.Node{Name: "plane", Kind: ground.Terminal, Pos: tr.At(0)})
		cfg.Pairs = [][2]int{{4, 0}}
		cfg.AllPairs = false
		cfg.GSL.Policy = pol
		cfg.Duration = 2 * time.Hour
		cfg.Step = 10 * time.Minute
		cfg.Moving = []MovingNode{{Node: 4, Track: tr}}
		n, err := NewNetwork(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ws := n.NewWorkspace()
		for i := 0; i < cfg.Steps(); i++ {
			off := time.Duration(i) * cfg.Step
			ws.Build(off)
			fixed := cfg
			fixed.Moving = nil
			fixed.Ground = append([]ground.Node(nil), cfg.Ground...)
			fixed.Ground[4].Pos = tr.At(off)
			fn, err := NewNetwork(fixed)
			if err != nil {
				t.Fatal(err)
			}
			fw := fn.NewWorkspace()
			fw.Build(off)
			got, want := ws.Vis[4], fw.Vis[4]
			if len(got) != len(want) {
				t.Fatalf("%s step %d: %d satellites visible, fixed terminal sees %d", pol, i, len(got), len(want))
			}
			for k := range got {
				if got[k].Sat != want[k].Sat || got[k].Range != want[k].Range {
					t.Fatalf("%s step %d: visible %v, fixed %v", pol, i, got[k], want[k])
				}
			}
			if i > 0 && len(got) > 0 && n.Obs[4].Pos == ws.Obs[4].Pos {
				t.Fatalf("step %d: the shared observer moved or the workspace's did not", i)
			}
		}
	}
}

// StepResult.Terminals reports the moving node with a serving satellite
// among those it sees, the same whatever the engine.
func TestTerminalStates(t *testing.T) {
	tr := lineTrack{A: frame.Geodetic{Lat: 50.03, Lon: 8.56}, B: frame.Geodetic{Lat: 50, Lon: -30, Alt: 11}, D: time.Hour}
	cfg := baseConfig(t)
	cfg.Ground = append(cities(t, "cities-top100")[:4], ground.Node{Name: "plane", Kind: ground.Terminal, Pos: tr.At(0)})
	cfg.Pairs = [][2]int{{4, 0}}
	cfg.AllPairs = false
	cfg.Duration, cfg.Step = time.Hour, time.Minute
	cfg.Moving = []MovingNode{{Node: 4, Track: tr}}
	cfg.TerminalStates = true
	n, err := NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Terminals(); len(got) != 1 || got[0] != 4 {
		t.Fatalf("Terminals() = %v", got)
	}
	runs := map[int][]TerminalState{}
	for _, w := range []int{1, 2} {
		_, err := Run(context.Background(), n, Options{Workers: w, BlockSteps: 7}, SinkFunc(func(r *StepResult) error {
			if len(r.Terminals) != 1 {
				t.Fatalf("%d terminal states", len(r.Terminals))
			}
			runs[w] = append(runs[w], r.Terminals[0])
			return nil
		}))
		if err != nil {
			t.Fatal(err)
		}
	}
	serving := 0
	for i, s := range runs[1] {
		if s != runs[2][i] {
			t.Fatalf("step %d: %+v with 1 worker, %+v with 2", i, s, runs[2][i])
		}
		if s.Serving >= 0 {
			serving++
			if s.Cause != InService || s.Visible == 0 {
				t.Fatalf("step %d: %+v", i, s)
			}
		} else if s.Cause != CauseNoSatellite || s.Visible != 0 {
			t.Fatalf("step %d: %+v", i, s)
		}
	}
	if serving == 0 {
		t.Fatal("never served")
	}
}

// Build's visibility (topology.Culler) matches the plain scan at every step
// of a run with a moving node, satellites failing and recovering, a jammed
// node and steps visited out of order (as block workers do).
func TestBuildVisibleMatchesScan(t *testing.T) {
	tr := lineTrack{A: frame.Geodetic{Lat: 40, Lon: -70}, B: frame.Geodetic{Lat: 50, Lon: -5, Alt: 11}, D: 10 * time.Minute}
	cfg := baseConfig(t)
	cfg.Ground = append(cities(t, "cities-top100")[:8], ground.Node{Name: "plane", Kind: ground.Terminal, Pos: tr.At(0)})
	cfg.Pairs = nil
	cfg.AllPairs = true // every node takes part, so Build scans each
	cfg.Duration = 10 * time.Minute
	cfg.Step = 5 * time.Second
	cfg.Moving = []MovingNode{{Node: 8, Track: tr}}
	cfg.Failures = []Failure{
		{Name: "sats", Kind: SatellitesDown, From: time.Minute, Until: 3 * time.Minute, Fraction: 0.2, Seed: 3},
		{Name: "jam", Kind: Jammed, From: 2 * time.Minute, Until: 4 * time.Minute, Ground: []int{1}},
	}
	n, err := NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ws := n.NewWorkspace()
	var want []topology.Visible
	steps := []int{}
	for i := 0; i < cfg.Steps(); i++ {
		steps = append(steps, i)
	}
	steps = append(steps, 100, 3, 4, 5, 60, 61, 0) // jumps back and forth
	checked := 0
	for _, i := range steps {
		ws.Build(time.Duration(i) * cfg.Step)
		for g := range cfg.Ground {
			want = ws.VisibleFrom(g, want[:0]) // the plain scan
			if len(ws.Vis[g]) != len(want) {
				t.Fatalf("step %d node %d: Build sees %d satellites, the scan %d", i, g, len(ws.Vis[g]), len(want))
			}
			for k := range want {
				if ws.Vis[g][k] != want[k] {
					t.Fatalf("step %d node %d: Build %v, scan %v", i, g, ws.Vis[g][k], want[k])
				}
			}
			checked += len(want)
		}
	}
	if checked == 0 || ws.cull.Culled == 0 {
		t.Fatalf("%d visible, %d culled calls: the test checks nothing", checked, ws.cull.Culled)
	}
}
