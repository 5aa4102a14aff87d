package topology

import (
	"fmt"
	"math"
	"sort"
	"time"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
)

// GSLPolicy says which visible satellites a ground node may use.
type GSLPolicy string

// GSL policies.
const (
	// AnyVisible: every visible satellite is a candidate at every step
	// (Hypatia's model).
	AnyVisible GSLPolicy = "any"
	// SlotScheduled: Starlink's global scheduler assigns each user terminal
	// one satellite per 15 s slot (a gateway one per antenna).
	SlotScheduled GSLPolicy = "slot"
)

// Selection is the rule the slot scheduler uses to pick a satellite.
type Selection string

// Selection rules.
const (
	HighestElevation Selection = "highest-elevation"
	// LongestVisible picks the satellite that stays above the mask longest
	// from the decision instant (searched ahead in 10 s steps up to 20 min;
	// ties go to the higher elevation).
	LongestVisible Selection = "longest-visible"
	// NorthPreferred picks the highest satellite in the northern half of the
	// sky (azimuth within 90° of north), or the highest overall when none is
	// there (Starlink dishes in the northern hemisphere point north of
	// zenith).
	NorthPreferred Selection = "north-preferred"
)

// GSLConfig configures ground-satellite links.
type GSLConfig struct {
	MinElevation units.Angle  // elevation mask (default 25°)
	MaxRange     units.Length // 0 = no range cap
	Policy       GSLPolicy
	Selection    Selection
}

// Validate checks the configuration.
func (c GSLConfig) Validate() error {
	if el := c.MinElevation.Deg(); !(el >= 0 && el < 90) {
		return fmt.Errorf("min_elevation_deg: %v, must be in [0, 90)", el)
	}
	if r := c.MaxRange.Km(); !(r >= 0) || math.IsInf(r, 0) {
		return fmt.Errorf("max_range_km: %v, must be ≥ 0 (0 = no cap)", r)
	}
	switch c.Policy {
	case AnyVisible, SlotScheduled:
	default:
		return fmt.Errorf("policy: %q, must be any or slot", c.Policy)
	}
	switch c.Selection {
	case HighestElevation, LongestVisible, NorthPreferred:
	default:
		return fmt.Errorf("selection: %q, must be highest-elevation, longest-visible or north-preferred", c.Selection)
	}
	return nil
}

// Visible is a satellite seen from a ground node.
type Visible struct {
	Sat   int32
	Range units.Length // slant range
	SinEl float64      // sine of the elevation angle
}

// Delay returns the one-way delay of the ground-satellite link (light in
// vacuum over the slant range).
func (v Visible) Delay() units.Delay { return units.LightDelay(v.Range, 1) }

// VisibleFrom appends to out every valid satellite seen from obs at or above
// the elevation mask (and within MaxRange when set), in increasing
// satellite index. With enough capacity in out it allocates nothing.
// Complexity O(satellites).
func VisibleFrom(obs *frame.Observer, pos *Positions, cfg GSLConfig, out []Visible) []Visible {
	m := newSightTest(obs, cfg)
	for i := range pos.X {
		up, d2 := m.geometry(pos, i)
		if v, ok := m.visible(i, up, d2, pos.Valid[i]); ok {
			out = append(out, v)
		}
	}
	return out
}

// sightTest is VisibleFrom's test for one observer and configuration, shared
// with Culler so that both decide in the same arithmetic.
type sightTest struct {
	sinMask, s2, maxR, maxR2 float64
	ox, oy, oz, ux, uy, uz   float64
}

func newSightTest(obs *frame.Observer, cfg GSLConfig) sightTest {
	sinMask := math.Sin(cfg.MinElevation.Rad())
	maxR := cfg.MaxRange.Km()
	return sightTest{sinMask: sinMask, s2: sinMask * sinMask, maxR: maxR, maxR2: maxR * maxR,
		ox: obs.Pos[0], oy: obs.Pos[1], oz: obs.Pos[2], ux: obs.Up[0], uy: obs.Up[1], uz: obs.Up[2]}
}

// geometry returns satellite i's height above the observer's horizontal
// plane (km) and its squared distance (km²).
func (m *sightTest) geometry(pos *Positions, i int) (up, d2 float64) {
	dx, dy, dz := pos.X[i]-m.ox, pos.Y[i]-m.oy, pos.Z[i]-m.oz
	return dx*m.ux + dy*m.uy + dz*m.uz, dx*dx + dy*dy + dz*dz
}

// visible reports whether satellite i, valid or not, at that geometry is
// at or above the mask and within the range cap, and its link if so.
func (m *sightTest) visible(i int, up, d2 float64, valid bool) (Visible, bool) {
	if up <= 0 && m.sinMask >= 0 {
		return Visible{}, false
	}
	if up*up < m.s2*d2 || !valid {
		return Visible{}, false
	}
	if m.maxR > 0 && d2 > m.maxR2 {
		return Visible{}, false
	}
	r := math.Sqrt(d2)
	return Visible{Sat: int32(i), Range: units.Km(r), SinEl: up / r}, true
}

// SlotLength is the length of a Starlink scheduling slot.
const SlotLength = 15 * time.Second

// slotPhase is where slots start within a UTC minute: :12, :27, :42, :57.
const slotPhase = 12 * time.Second

// SlotIndex returns the number of the 15 s scheduling slot containing t.
// Slots start at 12, 27, 42 and 57 seconds past each UTC minute (observed on
// Starlink terminals: Tiwari et al., "Making Sense of Constellations:
// Methodologies for Understanding Starlink's Scheduling Algorithms", CoNEXT
// Companion 2023; Pan et al., "Measuring the Starlink network", 2023).
func SlotIndex(t time.Time) int64 {
	ns := t.UnixNano() - int64(slotPhase)
	q := ns / int64(SlotLength)
	if ns%int64(SlotLength) < 0 {
		q--
	}
	return q
}

// SlotStart returns the start of the slot containing t.
func SlotStart(t time.Time) time.Time {
	return time.Unix(0, SlotIndex(t)*int64(SlotLength)+int64(slotPhase)).UTC()
}

// FuturePositions gives a satellite's position at another instant, for
// selection rules that look ahead. *Propagator implements it.
type FuturePositions interface {
	PositionAt(sat int, j timescale.JD) (frame.ECEF, bool)
}

// Scheduler is the slot scheduler's state for a set of ground nodes. Each
// node n may hold up to Capacity[n] satellites (1 for a terminal, the antenna
// count for a gateway). At the first step of each slot every node gets a fresh
// assignment by the selection rule; within a slot a node keeps its
// satellites, and one that drops below the mask is replaced at once (a
// forced handover). A Scheduler is not safe for concurrent use; the engine
// gives each worker its own and starts it at a slot boundary, so results do
// not depend on how steps are split among workers.
type Scheduler struct {
	cfg      GSLConfig
	capacity []int
	slot     []int64
	assigned [][]int32
	future   FuturePositions
	obs      []frame.Observer
	pos      *Positions
	sinMask  float64
	// obsAt, when set, gives a moving node's observer at another instant
	// (the LongestVisible look-ahead); see SetObserverAt.
	obsAt func(n int, t time.Time) (frame.Observer, bool)
}

// SetObserverAt makes the look-ahead of the LongestVisible rule follow
// moving nodes: at reports node n's observer at instant t, or false for a
// node that does not move (its observer is then the one given to
// NewScheduler, which the caller keeps current for the present step).
func (s *Scheduler) SetObserverAt(at func(n int, t time.Time) (frame.Observer, bool)) {
	s.obsAt = at
}

// SetPositions gives the scheduler the satellite positions of the step that
// the following Assign calls are for (used by NorthPreferred).
func (s *Scheduler) SetPositions(p *Positions) { s.pos = p }

// NewScheduler prepares a scheduler for ground nodes with the given
// observers and capacities. future may be nil unless the selection is
// LongestVisible.
func NewScheduler(cfg GSLConfig, obs []frame.Observer, capacity []int, future FuturePositions) *Scheduler {
	s := &Scheduler{cfg: cfg, capacity: capacity, obs: obs, future: future,
		slot: make([]int64, len(obs)), assigned: make([][]int32, len(obs)),
		sinMask: math.Sin(cfg.MinElevation.Rad())}
	for i := range s.slot {
		s.slot[i] = math.MinInt64
		s.assigned[i] = make([]int32, 0, max(capacity[i], 1))
	}
	return s
}

// Reset forgets all assignments (the next Assign starts fresh).
func (s *Scheduler) Reset() {
	for i := range s.slot {
		s.slot[i] = math.MinInt64
		s.assigned[i] = s.assigned[i][:0]
	}
}

// Assign updates node n's assignment at instant t given the satellites
// visible from it, and returns the assigned subset of vis (ordered as in
// vis) and the number of forced handovers (assigned satellites that dropped
// below the mask within the slot and were replaced or lost). The result
// aliases internal storage valid until the next call for the same node.
func (s *Scheduler) Assign(n int, t time.Time, vis []Visible, out []Visible) (assigned []Visible, forced int) {
	slot := SlotIndex(t)
	cur := s.assigned[n]
	capN := max(s.capacity[n], 1)
	if slot != s.slot[n] {
		s.slot[n] = slot
		cur = s.pick(n, t, vis, cur[:0], capN)
	} else {
		kept := cur[:0]
		for _, sat := range cur {
			if contains(vis, sat) {
				kept = append(kept, sat)
			} else {
				forced++
			}
		}
		cur = kept
		if len(cur) < capN && forced > 0 {
			cur = s.pick(n, t, vis, cur, capN)
		}
	}
	s.assigned[n] = cur
	out = out[:0]
	for _, v := range vis {
		if containsSat(cur, v.Sat) {
			out = append(out, v)
		}
	}
	return out, forced
}

func contains(vis []Visible, sat int32) bool {
	// vis is sorted by satellite index
	k := sort.Search(len(vis), func(i int) bool { return vis[i].Sat >= sat })
	return k < len(vis) && vis[k].Sat == sat
}

func containsSat(s []int32, sat int32) bool {
	for _, x := range s {
		if x == sat {
			return true
		}
	}
	return false
}

// pick adds satellites to cur, best first by the selection rule, until it
// holds capN or no visible satellite is left.
func (s *Scheduler) pick(n int, t time.Time, vis []Visible, cur []int32, capN int) []int32 {
	for len(cur) < capN {
		best := -1
		var bestScore [2]float64
		for k, v := range vis {
			if containsSat(cur, v.Sat) {
				continue
			}
			sc := s.score(n, t, v)
			if best < 0 || sc[0] > bestScore[0] || (sc[0] == bestScore[0] && sc[1] > bestScore[1]) {
				best, bestScore = k, sc
			}
		}
		if best < 0 {
			break
		}
		cur = append(cur, vis[best].Sat)
	}
	return cur
}

// score ranks a candidate: higher is better, compared lexicographically.
func (s *Scheduler) score(n int, t time.Time, v Visible) [2]float64 {
	switch s.cfg.Selection {
	case NorthPreferred:
		// north component of the line of sight > 0: northern half of the sky
		if s.northness(n, v) > 0 {
			return [2]float64{1, v.SinEl}
		}
		return [2]float64{0, v.SinEl}
	case LongestVisible:
		return [2]float64{s.remaining(n, t, v.Sat).Seconds(), v.SinEl}
	default:
		return [2]float64{v.SinEl, -float64(v.Sat)}
	}
}

// northness returns the north component (km) of the line of sight to v,
// from the positions of the current step (SetPositions).
func (s *Scheduler) northness(n int, v Visible) float64 {
	if s.pos == nil {
		return 0
	}
	o := &s.obs[n]
	p := s.pos.At(int(v.Sat))
	d := [3]float64{p[0] - o.Pos[0], p[1] - o.Pos[1], p[2] - o.Pos[2]}
	return d[0]*o.North[0] + d[1]*o.North[1] + d[2]*o.North[2]
}

// lookAhead bounds the LongestVisible search.
const (
	lookAheadStep = 10 * time.Second
	lookAheadMax  = 20 * time.Minute
)

func (s *Scheduler) remaining(n int, t time.Time, sat int32) time.Duration {
	if s.future == nil {
		return 0
	}
	o := &s.obs[n]
	for dt := lookAheadStep; dt <= lookAheadMax; dt += lookAheadStep {
		p, ok := s.future.PositionAt(int(sat), timescale.FromTime(t.Add(dt)))
		if !ok {
			return dt - lookAheadStep
		}
		if s.obsAt != nil {
			if moved, ok := s.obsAt(n, t.Add(dt)); ok {
				o = &moved
			}
		}
		if sinEl, r := o.SinElevation(p); sinEl < s.sinMask || (s.cfg.MaxRange > 0 && r > s.cfg.MaxRange.Km()) {
			return dt - lookAheadStep
		}
	}
	return lookAheadMax
}
