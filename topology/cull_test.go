package topology

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// TestCullerMatchesScan drives a Culler through random walks of satellites
// (with satellites turning invalid and valid again, jumps larger than the
// budget, moving observers and changing masks and range caps) and checks
// every answer against the plain scan, element for element.
func TestCullerMatchesScan(t *testing.T) {
	cases := []struct {
		name   string
		budget float64
		stepKm float64 // typical travel per step
	}{
		{"small budget", 20, 8},
		{"large budget", 400, 8},
		{"fine steps", 100, 0.8},
		{"zero budget", 0, 8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tc.budget*10)))
			const nSat, nGnd, steps = 600, 6, 300
			obs := make([]frame.Observer, nGnd)
			for g := range obs {
				obs[g] = frame.NewObserver(frame.Geodetic{Lat: units.Deg(180*rng.Float64() - 90), Lon: units.Deg(360*rng.Float64() - 180)})
			}
			pos := NewPositions(nSat)
			vel := make([][3]float64, nSat)
			for i := range nSat {
				// points near a 550 km shell, random directions
				r := 6371 + 500 + 100*rng.Float64()
				v := randUnit(rng)
				pos.X[i], pos.Y[i], pos.Z[i] = r*v[0], r*v[1], r*v[2]
				pos.Valid[i] = rng.IntN(20) != 0
				vel[i] = randUnit(rng)
				if i%2 == 0 {
					// head straight for a point over a node: the worst
					// case for the culler's allowance
					o := &obs[rng.IntN(nGnd)]
					var d [3]float64
					n := 0.0
					for k := range d {
						d[k] = o.Pos[k] + 550*o.Up[k] - [3]float64{pos.X[i], pos.Y[i], pos.Z[i]}[k]
						n += d[k] * d[k]
					}
					n = math.Sqrt(n)
					vel[i] = [3]float64{d[0] / n, d[1] / n, d[2] / n}
				}
			}
			cfg := GSLConfig{MinElevation: 25, Policy: AnyVisible, Selection: HighestElevation}
			c := NewCuller(nGnd, tc.budget)
			var got, want []Visible
			total := 0
			for step := range steps {
				for i := range nSat {
					s := tc.stepKm * (0.5 + rng.Float64())
					if rng.IntN(2000) == 0 {
						s *= 100 // a jump far past the budget
					}
					pos.X[i] += s * vel[i][0]
					pos.Y[i] += s * vel[i][1]
					pos.Z[i] += s * vel[i][2]
					if rng.IntN(200) == 0 {
						pos.Valid[i] = !pos.Valid[i]
					}
					if !pos.Valid[i] && rng.IntN(4) == 0 {
						// an invalid satellite's position means nothing
						pos.X[i], pos.Y[i], pos.Z[i] = 0, 0, 0
					}
				}
				if rng.IntN(60) == 0 {
					cfg.MinElevation = units.Deg(float64(rng.IntN(40)))
				}
				if rng.IntN(60) == 0 {
					cfg.MaxRange = []units.Length{0, 900, 1500}[rng.IntN(3)]
				}
				if rng.IntN(30) == 0 {
					g := rng.IntN(nGnd)
					obs[g] = frame.NewObserver(frame.Geodetic{Lat: units.Deg(180*rng.Float64() - 90), Lon: units.Deg(360*rng.Float64() - 180)})
				}
				c.Advance(pos)
				for g := range nGnd {
					if rng.IntN(5) == 0 {
						continue // a node not asked at this step (down, jammed)
					}
					got = c.Visible(g, &obs[g], pos, cfg, got[:0])
					want = VisibleFrom(&obs[g], pos, cfg, want[:0])
					if len(got) == 0 && len(want) == 0 {
						continue
					}
					total += len(want)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("step %d node %d: culler %v, scan %v", step, g, got, want)
					}
				}
			}
			if total == 0 {
				t.Fatal("no satellite was ever visible: the test checks nothing")
			}
			if tc.budget >= 100 && c.Culled == 0 {
				t.Errorf("no culled call in %d (full scans %d)", steps*nGnd, c.FullScans)
			}
		})
	}
}

func randUnit(rng *rand.Rand) [3]float64 {
	for {
		x, y, z := 2*rng.Float64()-1, 2*rng.Float64()-1, 2*rng.Float64()-1
		if n := math.Sqrt(x*x + y*y + z*z); n > 0.1 && n <= 1 {
			return [3]float64{x / n, y / n, z / n}
		}
	}
}

// TestCullerNaNTravel: a valid satellite whose position turns NaN forces a
// new reference rather than being culled (whatever follows it in the
// satellite order).
func TestCullerNaNTravel(t *testing.T) {
	pos := NewPositions(3)
	obs := frame.NewObserver(frame.Geodetic{})
	cfg := GSLConfig{MinElevation: 25, Policy: AnyVisible, Selection: HighestElevation}
	// satellite 0 overhead, satellite 1 on the far side of the Earth
	up := obs.Up
	pos.X[0], pos.Y[0], pos.Z[0] = obs.Pos[0]+550*up[0], obs.Pos[1]+550*up[1], obs.Pos[2]+550*up[2]
	pos.X[1], pos.Y[1], pos.Z[1] = -pos.X[0], -pos.Y[0], -pos.Z[0]
	pos.X[2], pos.Y[2], pos.Z[2] = pos.X[1], pos.Y[1], pos.Z[1]
	pos.Valid[0], pos.Valid[1], pos.Valid[2] = true, true, true
	c := NewCuller(1, 100)
	c.Advance(pos)
	c.Visible(0, &obs, pos, cfg, nil)
	pos.X[1] = math.NaN()
	c.Advance(pos)
	got := c.Visible(0, &obs, pos, cfg, nil)
	want := VisibleFrom(&obs, pos, cfg, nil)
	if len(got) != len(want) {
		t.Fatalf("culler %v, scan %v", got, want)
	}
}
