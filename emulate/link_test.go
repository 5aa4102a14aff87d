package emulate

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// step returns a ScheduleFunc whose A→B delay is before until emulated time
// at, and after from then on.
func step(before, after time.Duration, at time.Duration) Schedule {
	return ScheduleFunc(func(t time.Duration) Conditions {
		d := before
		if t >= at {
			d = after
		}
		return Conditions{DelayAB: d, DelayBA: d, Up: true}
	})
}

func TestLinkAdmit(t *testing.T) {
	type offer struct {
		now  time.Duration
		size int
		want string // arrival as a duration, or "outage" / "queue"
	}
	const us = time.Microsecond
	tests := []struct {
		name   string
		l      link
		offers []offer
	}{
		{"fixed delay", link{sched: Fixed{DelayAB: 20 * ms, DelayBA: 5 * ms, Up: true}}, []offer{
			{0, 100, "20ms"}, {ms, 100, "21ms"}, {ms, 100, "21ms"},
		}},
		{"B to A uses DelayBA", link{dir: BtoA, sched: Fixed{DelayAB: 20 * ms, DelayBA: 5 * ms, Up: true}}, []offer{
			{0, 100, "5ms"},
		}},
		{"outage drops", link{sched: ScheduleFunc(func(t time.Duration) Conditions {
			return Conditions{DelayAB: 10 * ms, Up: t < 50*ms || t >= 80*ms}
		})}, []offer{
			{49 * ms, 100, "59ms"}, {50 * ms, 100, "outage"}, {79 * ms, 100, "outage"}, {80 * ms, 100, "90ms"},
		}},
		// A path change from 30 ms to 10 ms: the packet sent at 100 ms
		// may overtake the one sent at 90 ms, and the next one on the new
		// path is not held back by the old path either.
		{"path change, OrderPath", link{ordering: OrderPath, threshold: ms, sched: step(30*ms, 10*ms, 100*ms)}, []offer{
			{90 * ms, 100, "120ms"}, {100 * ms, 100, "110ms"}, {101 * ms, 100, "111ms"},
		}},
		{"path change, OrderFIFO", link{ordering: OrderFIFO, sched: step(30*ms, 10*ms, 100*ms)}, []offer{
			{90 * ms, 100, "120ms"}, {100 * ms, 100, "120ms"}, {101 * ms, 100, "120ms"}, {111 * ms, 100, "121ms"},
		}},
		{"path change, OrderSendTime", link{ordering: OrderSendTime, sched: step(30*ms, 10*ms, 100*ms)}, []offer{
			{90 * ms, 100, "120ms"}, {100 * ms, 100, "110ms"},
		}},
		// Drift of 0.5 ms: below the 1 ms threshold, the later packet
		// is held behind the earlier one under OrderPath.
		{"drift, OrderPath", link{ordering: OrderPath, threshold: ms, sched: step(30*ms, 29500*us, 100*ms)}, []offer{
			{99800 * us, 100, "129.8ms"}, {100 * ms, 100, "129.8ms"}, {ms * 101, 100, "130.5ms"},
		}},
		{"drift, OrderSendTime", link{ordering: OrderSendTime, sched: step(30*ms, 29500*us, 100*ms)}, []offer{
			{99800 * us, 100, "129.8ms"}, {100 * ms, 100, "129.5ms"},
		}},
		// 8 Mbit/s: 1000 bytes take 1 ms; the queue holds 2 ms of wait.
		{"rate and drop-tail", link{maxQueue: 2 * ms, sched: Fixed{DelayAB: 10 * ms, Up: true, RateBps: 8e6}}, []offer{
			{0, 1000, "11ms"}, {0, 1000, "12ms"}, {0, 1000, "13ms"}, {0, 1000, "queue"}, {3 * ms, 500, "13.5ms"},
		}},
		// At speed 2 the schedule is read at twice the real time, and
		// delays and serialisation take half as long.
		{"speed 2", link{speed: 2, maxQueue: 100 * ms, sched: ScheduleFunc(func(t time.Duration) Conditions {
			return Conditions{DelayAB: t / 10, Up: true, RateBps: 8e6}
		})}, []offer{
			{100 * ms, 1000, "110.5ms"}, // read at 200 ms: 20 ms delay → 10 ms real; 1 ms → 0.5 ms
		}},
	}
	for _, tt := range tests {
		l := tt.l
		if l.speed == 0 {
			l.speed = 1
		}
		for i, o := range tt.offers {
			_, arr, v := l.admit(o.now, o.size)
			got := map[verdict]string{dropOutage: "outage", dropQueue: "queue"}[v]
			if v == deliver {
				got = arr.String()
			}
			if got != o.want {
				t.Errorf("%s: offer %d at %v: got %s, want %s", tt.name, i, o.now, got, o.want)
			}
		}
	}
}

func TestPacketHeapMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h packetHeap
	var ref []*packet // the dumb reference: a slice kept sorted
	seq := uint64(0)
	for range 5000 {
		if r.IntN(3) > 0 || len(ref) == 0 {
			seq++
			// mostly increasing due times, with ties and a few earlier ones
			p := &packet{due: time.Duration(int(seq)/2 - r.IntN(5)*r.IntN(2)*100), seq: seq}
			h.push(p)
			ref = append(ref, p)
			slices.SortStableFunc(ref, func(a, b *packet) int {
				if a.before(b) {
					return -1
				}
				if b.before(a) {
					return 1
				}
				return 0
			})
			continue
		}
		got, want := h.pop(), ref[0]
		ref = ref[1:]
		if got != want {
			t.Fatalf("pop = (due %v, seq %d), want (due %v, seq %d)", got.due, got.seq, want.due, want.seq)
		}
	}
	for len(ref) > 0 {
		if got := h.pop(); got != ref[0] {
			t.Fatalf("draining: pop = seq %d, want seq %d", got.seq, ref[0].seq)
		}
		ref = ref[1:]
	}
	if h.peek() != nil {
		t.Error("heap not empty")
	}
}

func TestHistogramQuantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var h histogram
	var vals []time.Duration
	for range 20000 {
		v := time.Duration(r.ExpFloat64() * float64(30*time.Microsecond))
		if r.IntN(100) == 0 {
			v *= 1000 // a tail
		}
		h.add(v)
		vals = append(vals, v)
	}
	slices.Sort(vals)
	for _, q := range []float64{0, 0.5, 0.9, 0.99, 0.999, 1} {
		exact := vals[int(q*float64(len(vals)-1))]
		got := h.quantile(q)
		tol := time.Duration(float64(exact)/histSub) + 1
		if d := got - exact; d > tol || d < -tol {
			t.Errorf("quantile(%v) = %v, exact %v (tolerance %v)", q, got, exact, tol)
		}
	}
	if h.max != vals[len(vals)-1] {
		t.Errorf("max = %v, want %v", h.max, vals[len(vals)-1])
	}
	for i := range histBuckets - 1 {
		if lo := histLower(i); histIndex(lo) != i || histIndex(histLower(i+1)-1) != i {
			t.Fatalf("bucket %d: bounds [%d, %d) do not map back", i, lo, histLower(i+1))
		}
	}
	var empty histogram
	if empty.quantile(0.5) != 0 {
		t.Error("empty histogram quantile not 0")
	}
	h.add(-5) // counted as zero
	if h.counts[0] == 0 {
		t.Error("negative value not counted as 0")
	}
}
