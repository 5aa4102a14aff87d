package capacity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Tolerances for comparing rates: veryClose for results of the same algorithm
// against exact fractions (a few ulps of float64 rounding), loose for the
// bisection reference, which halves its bracket 200 times and classifies
// with a 1e-9 margin.
const (
	veryClose = 1e-12
	loose     = 1e-7
)

var inf = Gbps(math.Inf(1))

func approx(a, b Gbps, tol float64) bool {
	if math.IsInf(float64(a), 0) || math.IsInf(float64(b), 0) {
		return a == b
	}
	return math.Abs(float64(a-b)) <= tol*math.Max(1, math.Max(math.Abs(float64(a)), math.Abs(float64(b))))
}

func req(demand Gbps, uses ...int32) Request { return Request{Demand: demand, Uses: uses} }

func TestMaxMinFair(t *testing.T) {
	for _, tc := range []struct {
		name      string
		capacity  []Gbps
		reqs      []Request
		want      []Gbps
		limit     []int32      // nil: not checked
		saturated []Bottleneck // nil: not checked
	}{
		{
			name:     "one link shared equally",
			capacity: []Gbps{3},
			reqs:     []Request{req(inf, 0), req(inf, 0), req(inf, 0)},
			want:     []Gbps{1, 1, 1},
			limit:    []int32{0, 0, 0},
		},
		{
			name:      "a small demand leaves room for the others",
			capacity:  []Gbps{10},
			reqs:      []Request{req(1, 0), req(inf, 0), req(inf, 0)},
			want:      []Gbps{1, 4.5, 4.5},
			limit:     []int32{-1, 0, 0},
			saturated: []Bottleneck{{0, 2}},
		},
		{
			name:     "demands all met",
			capacity: []Gbps{10},
			reqs:     []Request{req(1, 0), req(2, 0)},
			want:     []Gbps{1, 2},
			limit:    []int32{-1, -1},
		},
		{
			// Long flow over links 0 and 1, a short flow on each.
			name:     "parking lot",
			capacity: []Gbps{1, 1},
			reqs:     []Request{req(inf, 0, 1), req(inf, 0), req(inf, 1)},
			want:     []Gbps{0.5, 0.5, 0.5},
			limit:    []int32{0, 0, 1},
		},
		{
			name:     "parking lot, wider second link",
			capacity: []Gbps{1, 2},
			reqs:     []Request{req(inf, 0, 1), req(inf, 0), req(inf, 1)},
			want:     []Gbps{0.5, 0.5, 1.5},
			limit:    []int32{0, 0, 1},
		},
		{
			// Five sessions on a chain of unit links a=0, b=1, c=2, d=3, in
			// the manner of Bertsekas and Gallager's worked example (§6.5.2):
			// session 0 crosses b, c, d; session 1 b, c; session 2 c;
			// session 3 d; session 4 a. Link c is the bottleneck of sessions
			// 0–2 (1/3 each), d of session 3 (1 − 1/3), a of session 4; b
			// carries 2/3 and is not saturated.
			name:      "five sessions on a chain",
			capacity:  []Gbps{1, 1, 1, 1},
			reqs:      []Request{req(inf, 1, 2, 3), req(inf, 1, 2), req(inf, 2), req(inf, 3), req(inf, 0)},
			want:      []Gbps{1.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1},
			limit:     []int32{2, 2, 2, 3, 0},
			saturated: []Bottleneck{{2, 3}, {0, 1}, {3, 1}},
		},
		{
			name:     "zero capacity stops its flows at 0",
			capacity: []Gbps{0, 5},
			reqs:     []Request{req(inf, 0, 1), req(inf, 1)},
			want:     []Gbps{0, 5},
			limit:    []int32{0, 1},
		},
		{
			name:     "infinite capacity never binds",
			capacity: []Gbps{inf, 2},
			reqs:     []Request{req(7, 0), req(inf, 0, 1)},
			want:     []Gbps{7, 2},
			limit:    []int32{-1, 1},
		},
		{
			name:     "no resources: the demand",
			capacity: nil,
			reqs:     []Request{req(3)},
			want:     []Gbps{3},
			limit:    []int32{-1},
		},
		{
			name:      "simultaneous saturation goes to the lower index",
			capacity:  []Gbps{2, 2},
			reqs:      []Request{req(inf, 0, 1), req(inf, 0), req(inf, 1)},
			want:      []Gbps{1, 1, 1},
			limit:     []int32{0, 0, 1},
			saturated: []Bottleneck{{0, 2}, {1, 1}},
		},
		{
			name:     "a demand equal to the fair share is met, not limited",
			capacity: []Gbps{2},
			reqs:     []Request{req(1, 0), req(inf, 0)},
			want:     []Gbps{1, 1},
			limit:    []int32{-1, 0},
		},
		{
			name:     "zero demand",
			capacity: []Gbps{1},
			reqs:     []Request{req(0, 0), req(inf, 0)},
			want:     []Gbps{0, 1},
		},
		{
			// Thirds do not add up exactly in binary: the saturated link
			// must still be found and the rates stay ordered.
			name:     "thirds",
			capacity: []Gbps{1, 0.1},
			reqs:     []Request{req(inf, 0), req(inf, 0), req(inf, 0, 1), req(inf, 1), req(0.1/3, 1)},
			want:     []Gbps{(1 - 0.1/3) / 2, (1 - 0.1/3) / 2, 0.1 / 3, 0.1 / 3, 0.1 / 3},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := MaxMinFair(tc.capacity, tc.reqs)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if !approx(a.Rate[i], w, veryClose) {
					t.Errorf("rate %d = %v, want %v", i, a.Rate[i], w)
				}
			}
			if tc.limit != nil && !slices.Equal(a.Limit, tc.limit) {
				t.Errorf("limits %v, want %v", a.Limit, tc.limit)
			}
			if tc.saturated != nil && !slices.Equal(a.Saturated, tc.saturated) {
				t.Errorf("saturated %v, want %v", a.Saturated, tc.saturated)
			}
			if err := checkMaxMin(tc.capacity, tc.reqs, a.Rate, veryClose*10); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestMaxMinFairErrors(t *testing.T) {
	nan := Gbps(math.NaN())
	for _, tc := range []struct {
		name     string
		capacity []Gbps
		reqs     []Request
		want     string
	}{
		{"negative capacity", []Gbps{-1}, nil, "resource 0: capacity -1, must be ≥ 0"},
		{"NaN capacity", []Gbps{nan}, nil, "resource 0: capacity NaN, must be ≥ 0"},
		{"negative demand", []Gbps{1}, []Request{req(-2, 0)}, "request 0: demand -2, must be ≥ 0"},
		{"NaN demand", []Gbps{1}, []Request{req(nan, 0)}, "request 0: demand NaN, must be ≥ 0"},
		{"out of range", []Gbps{1}, []Request{req(1, 1)}, "request 0: resource 1 out of range [0, 1)"},
		{"negative index", []Gbps{1}, []Request{req(1, -1)}, "request 0: resource -1 out of range [0, 1)"},
		{"twice", []Gbps{1, 1}, []Request{req(1, 0), req(1, 1, 0, 1)}, "request 1: resource 1 listed twice"},
		{"unbounded, no resources", nil, []Request{req(inf)}, "request 0: unbounded: infinite demand and no resource of finite capacity"},
		{"unbounded, infinite resources", []Gbps{inf}, []Request{req(inf, 0)}, "request 0: unbounded: infinite demand and no resource of finite capacity"},
	} {
		a, err := MaxMinFair(tc.capacity, tc.reqs)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, %v; want error %q", tc.name, a, err, tc.want)
		}
	}
}

// checkMaxMin checks an allocation against the definition, independently
// of how it was found (Bertsekas and Gallager, Prop. in §6.5.2): it is
// feasible, and every flow either has its demand or crosses a bottleneck,
// a saturated resource on which no flow has a higher rate.
func checkMaxMin(capacity []Gbps, reqs []Request, rate []Gbps, tol float64) error {
	load := make([]float64, len(capacity))
	maxRate := make([]float64, len(capacity))
	for i, q := range reqs {
		r := float64(rate[i])
		if r < 0 || math.IsNaN(r) || r > float64(q.Demand)*(1+tol)+tol {
			return fmt.Errorf("flow %d: rate %v outside [0, demand %v]", i, r, q.Demand)
		}
		for _, u := range q.Uses {
			load[u] += r
			maxRate[u] = max(maxRate[u], r)
		}
	}
	for u, c := range capacity {
		if load[u] > float64(c)*(1+tol)+tol {
			return fmt.Errorf("resource %d: load %v over capacity %v", u, load[u], c)
		}
	}
	for i, q := range reqs {
		r := float64(rate[i])
		if r >= float64(q.Demand)*(1-tol)-tol {
			continue
		}
		ok := false
		for _, u := range q.Uses {
			c := float64(capacity[u])
			if !math.IsInf(c, 1) && load[u] >= c*(1-tol)-tol && r >= maxRate[u]*(1-tol)-tol {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("flow %d: rate %v below demand %v with no bottleneck", i, r, q.Demand)
		}
	}
	return nil
}

// refMaxMin is the "dumb" reference: water-filling in rounds, each round
// finding by bisection the largest common level t at which the unfrozen
// flows, each at min(t, demand), still fit on every resource, then freezing
// the flows that reached their demands and those on resources that are
// full. It shares no code with MaxMinFair.
func refMaxMin(capacity []Gbps, reqs []Request) []Gbps {
	n := len(reqs)
	rate := make([]float64, n)
	frozen := make([]bool, n)
	hi := 1.0
	for _, c := range capacity {
		if !math.IsInf(float64(c), 1) {
			hi += float64(c)
		}
	}
	for _, q := range reqs {
		if !math.IsInf(float64(q.Demand), 1) {
			hi += float64(q.Demand)
		}
	}
	loadAt := func(t float64) []float64 {
		load := make([]float64, len(capacity))
		for i, q := range reqs {
			r := rate[i]
			if !frozen[i] {
				r = min(t, float64(q.Demand))
			}
			for _, u := range q.Uses {
				load[u] += r
			}
		}
		return load
	}
	fits := func(t float64) bool {
		for u, l := range loadAt(t) {
			if l > float64(capacity[u]) {
				return false
			}
		}
		return true
	}
	for slices.Contains(frozen, false) {
		lo, up := 0.0, hi
		if fits(up) {
			lo = up
		} else {
			for range 200 { // far below float64 resolution; a stopping test on the width can stall at 0
				mid := (lo + up) / 2
				if fits(mid) {
					lo = mid
				} else {
					up = mid
				}
			}
		}
		t := lo
		load := loadAt(t)
		progress := false
		for i, q := range reqs {
			if frozen[i] {
				continue
			}
			full := float64(q.Demand) <= t
			for _, u := range q.Uses {
				c := float64(capacity[u])
				full = full || !math.IsInf(c, 1) && load[u] >= c-1e-9*max(c, 1)
			}
			if full {
				frozen[i], rate[i], progress = true, min(t, float64(q.Demand)), true
			}
		}
		if !progress {
			panic("refMaxMin: no progress")
		}
	}
	out := make([]Gbps, n)
	for i, r := range rate {
		out[i] = Gbps(r)
	}
	return out
}

// randomInstance returns up to 6 resources and 6 requests, drawing
// capacities and demands from small integers (so that ties and
// simultaneous saturations are common), zero, +Inf and arbitrary reals.
func randomInstance(rng *rand.Rand) ([]Gbps, []Request) {
	pick := func(allowInf bool) Gbps {
		switch k := rng.IntN(10); {
		case k < 5:
			return Gbps(rng.IntN(5))
		case k < 7 && allowInf:
			return inf
		default:
			return Gbps(rng.Float64() * 4)
		}
	}
	capacity := make([]Gbps, 1+rng.IntN(6))
	for i := range capacity {
		capacity[i] = pick(rng.IntN(4) == 0)
	}
	reqs := make([]Request, 1+rng.IntN(6))
	for i := range reqs {
		q := Request{Demand: pick(true)}
		for r := range capacity {
			if rng.IntN(2) == 0 {
				q.Uses = append(q.Uses, int32(r))
			}
		}
		rng.Shuffle(len(q.Uses), func(a, b int) { q.Uses[a], q.Uses[b] = q.Uses[b], q.Uses[a] })
		bounded := !math.IsInf(float64(q.Demand), 1)
		for _, r := range q.Uses {
			bounded = bounded || !math.IsInf(float64(capacity[r]), 1)
		}
		if !bounded {
			q.Demand = pick(false)
		}
		reqs[i] = q
	}
	return capacity, reqs
}

// TestMaxMinFairRandom checks MaxMinFair on random small instances against
// the definition and against the bisection reference.
func TestMaxMinFairRandom(t *testing.T) {
	const seed = 20260223
	rng := rand.New(rand.NewPCG(seed, 1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for k := range n {
		capacity, reqs := randomInstance(rng)
		a, err := MaxMinFair(capacity, reqs)
		if err != nil {
			t.Fatalf("seed %d instance %d: %v", seed, k, err)
		}
		if err := checkMaxMin(capacity, reqs, a.Rate, 1e-9); err != nil {
			t.Fatalf("seed %d instance %d: capacities %v, requests %v: rates %v: %v", seed, k, capacity, reqs, a.Rate, err)
		}
		ref := refMaxMin(capacity, reqs)
		for i := range ref {
			if !approx(a.Rate[i], ref[i], loose) {
				t.Fatalf("seed %d instance %d: capacities %v, requests %v: rate %d = %v, reference %v",
					seed, k, capacity, reqs, i, a.Rate[i], ref[i])
			}
		}
		// Limit names a bottleneck; Saturated lists exactly the full
		// resources that some flow crosses, counting the limited flows.
		limited := map[int32]int{}
		for i, r := range a.Limit {
			if r < 0 {
				if !approx(a.Rate[i], reqs[i].Demand, 1e-9) {
					t.Fatalf("instance %d: flow %d has no limit but rate %v < demand %v", k, i, a.Rate[i], reqs[i].Demand)
				}
				continue
			}
			limited[r]++
			if !slices.Contains(reqs[i].Uses, r) {
				t.Fatalf("instance %d: flow %d limited by resource %d it does not cross", k, i, r)
			}
		}
		for j, b := range a.Saturated {
			if b.Flows != limited[b.Resource] {
				t.Fatalf("instance %d: resource %d limits %d flows, listed %d", k, b.Resource, limited[b.Resource], b.Flows)
			}
			if j > 0 && (b.Flows > a.Saturated[j-1].Flows || b.Flows == a.Saturated[j-1].Flows && b.Resource < a.Saturated[j-1].Resource) {
				t.Fatalf("instance %d: saturated list out of order: %v", k, a.Saturated)
			}
		}
		for r := range limited {
			if !slices.ContainsFunc(a.Saturated, func(b Bottleneck) bool { return b.Resource == r }) {
				t.Fatalf("instance %d: limiting resource %d not in the saturated list %v", k, r, a.Saturated)
			}
		}
	}
}

// TestMaxMinFairDeterministic: the same input gives bit-identical output,
// and permuting requests permutes rates.
func TestMaxMinFairDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		capacity, reqs := randomInstance(rng)
		a, _ := MaxMinFair(capacity, reqs)
		b, _ := MaxMinFair(capacity, reqs)
		if !slices.Equal(a.Rate, b.Rate) || !slices.Equal(a.Limit, b.Limit) || !slices.Equal(a.Load, b.Load) {
			t.Fatal("two runs differ")
		}
		perm := rng.Perm(len(reqs))
		shuffled := make([]Request, len(reqs))
		for i, p := range perm {
			shuffled[i] = reqs[p]
		}
		c, _ := MaxMinFair(capacity, shuffled)
		for i, p := range perm {
			if !approx(c.Rate[i], a.Rate[p], veryClose*10) {
				t.Fatalf("permuted request %d: %v, was %v", i, c.Rate[i], a.Rate[p])
			}
		}
	}
}
