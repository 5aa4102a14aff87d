package report

// MaxStretchSamples is the most RTT-stretch values `orbitnet run` keeps for
// rtt_cdf.png (16 MB of float64), whatever the run's size.
const MaxStretchSamples = 2_000_000

// Sampler keeps every Stride-th value offered to it, in the order offered,
// so that at most a given number of the values of a run are kept. The
// choice depends only on the order of the values, not on timing, so the
// same run keeps the same values whatever the number of workers.
type Sampler struct {
	// Stride is ⌈total/limit⌉ (at least 1): the value with index i (from
	// 0, counting every value offered) is kept when i is a multiple of it.
	Stride int
	seen   int
	Values []float64
}

// NewSampler returns a sampler that keeps at most limit (> 0) of up to
// total values: with stride s = ⌈total/limit⌉ it keeps ⌈n/s⌉ ≤ limit of
// n ≤ total values.
func NewSampler(total, limit int) *Sampler {
	s := 1
	if total > limit {
		s = (total + limit - 1) / limit
	}
	// room for every value it can keep, so that Add never copies them
	return &Sampler{Stride: s, Values: make([]float64, 0, (max(total, 0)+s-1)/s)}
}

// Add offers one value.
func (s *Sampler) Add(v float64) {
	if s.seen%s.Stride == 0 {
		s.Values = append(s.Values, v)
	}
	s.seen++
}

// Seen returns the number of values offered.
func (s *Sampler) Seen() int { return s.seen }
