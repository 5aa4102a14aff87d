package capacity

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"orbitnet/ground"
)

func TestGravity(t *testing.T) {
	for _, tc := range []struct {
		name  string
		eps   []Endpoint
		total Gbps
		want  []Demand
		equal bool
	}{
		{
			// Σ_{k<l} P_k·P_l = 1·2 + 1·3 + 2·3 = 11.
			name:  "populations 1, 2, 3",
			eps:   []Endpoint{{10, 1}, {20, 2}, {30, 3}},
			total: 11,
			want:  []Demand{{10, 20, 2}, {10, 30, 3}, {20, 30, 6}},
		},
		{
			name:  "one unknown population: equal weights",
			eps:   []Endpoint{{0, 1_000_000}, {1, 0}, {2, 5}},
			total: 9,
			want:  []Demand{{0, 1, 3}, {0, 2, 3}, {1, 2, 3}},
			equal: true,
		},
		{
			name:  "two endpoints take the whole total",
			eps:   []Endpoint{{5, 37_000_000}, {3, 9_000_000}},
			total: 100,
			want:  []Demand{{5, 3, 100}},
		},
		{
			name:  "zero total",
			eps:   []Endpoint{{0, 1}, {1, 1}},
			total: 0,
			want:  []Demand{{0, 1, 0}},
		},
	} {
		got, err := Gravity(tc.eps, tc.total)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.UsedEqualWeights != tc.equal {
			t.Errorf("%s: UsedEqualWeights = %v, want %v", tc.name, got.UsedEqualWeights, tc.equal)
		}
		if len(got.Demands) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got.Demands, tc.want)
			continue
		}
		sum := Gbps(0)
		for i, w := range tc.want {
			d := got.Demands[i]
			sum += d.Rate
			if d.Src != w.Src || d.Dst != w.Dst || !approx(d.Rate, w.Rate, veryClose) {
				t.Errorf("%s: demand %d = %v, want %v", tc.name, i, d, w)
			}
		}
		if !approx(sum, tc.total, veryClose) {
			t.Errorf("%s: demands sum to %v, want %v", tc.name, sum, tc.total)
		}
	}
}

// TestGravityLopsided: one huge population does not lose precision in the
// denominator (which a (ΣP)² − ΣP² formula would).
func TestGravityLopsided(t *testing.T) {
	eps := []Endpoint{{0, 1 << 50}, {1, 1}, {2, 1}}
	got, err := Gravity(eps, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Σ = 2^50 + 2^50 + 1; the small pair gets 1/(2^51 + 1).
	if want := 1 / (math.Exp2(51) + 1); !approx(got.Demands[2].Rate, Gbps(want), veryClose) || got.Demands[2].Rate == 0 {
		t.Errorf("small pair %v, want %v", got.Demands[2].Rate, want)
	}
}

func TestGravityErrors(t *testing.T) {
	for _, tc := range []struct {
		eps   []Endpoint
		total Gbps
		want  string
	}{
		{[]Endpoint{{0, 1}}, 1, "gravity model: 1 endpoints, need at least 2"},
		{[]Endpoint{{0, 1}, {0, 2}}, 1, "gravity model: node 0 is endpoint 0 and 1"},
		{[]Endpoint{{0, 1}, {1, 2}}, -1, "gravity model: total -1, must be finite and ≥ 0"},
		{[]Endpoint{{0, 1}, {1, 2}}, inf, "gravity model: total +Inf, must be finite and ≥ 0"},
	} {
		if _, err := Gravity(tc.eps, tc.total); err == nil || err.Error() != tc.want {
			t.Errorf("Gravity(%v, %v): %v, want %q", tc.eps, tc.total, err, tc.want)
		}
	}
}

var csvNames = []string{"London", "Paris", "paris", "New York", "Kyiv, UA"}

func TestReadDemandCSV(t *testing.T) {
	in := "\ufeffSRC, dst ,Gbps\n" +
		"# comment\n" +
		"London,New York,12.5\n" +
		"\n" +
		"london,\"Kyiv, UA\", 1e-3\n" +
		"paris,Paris,0\n" +
		"Paris,paris,7\n"
	got, err := ReadDemandCSV(strings.NewReader(in), "d.csv", csvNames)
	if err != nil {
		t.Fatal(err)
	}
	want := []Demand{{0, 3, 12.5}, {0, 4, 0.001}, {2, 1, 0}, {1, 2, 7}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("demand %d: %v, want %v", i, got[i], want[i])
		}
	}
	// Columns in another order.
	got, err = ReadDemandCSV(strings.NewReader("gbps,dst,src\n3,London,Paris\n"), "d.csv", csvNames)
	if err != nil || len(got) != 1 || got[0] != (Demand{1, 0, 3}) {
		t.Errorf("reordered columns: %v, %v", got, err)
	}
	// A header alone is an empty matrix, not an error.
	if got, err := ReadDemandCSV(strings.NewReader("src,dst,gbps\n"), "d.csv", csvNames); err != nil || len(got) != 0 {
		t.Errorf("header only: %v, %v", got, err)
	}
}

func TestReadDemandCSVErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "d.csv: empty input; want a header line \"src,dst,gbps\""},
		{"src,dst\n", "d.csv:1: header: missing column \"gbps\"; want src,dst,gbps"},
		{"src,dst,gbps,x\n", "d.csv:1: header: unknown column \"x\"; want src,dst,gbps"},
		{"src,dst,src\n", "d.csv:1: header: column \"src\" appears twice"},
		{"src,dst,gbps\nLondon,Paris\n", "d.csv:2: got 2 fields, want 3 (src,dst,gbps)"},
		{"src,dst,gbps\nLondon,Lodnon,1\n", "d.csv:2: field dst: unknown node \"Lodnon\""},
		{"src,dst,gbps\nPARIS,London,1\n", "d.csv:2: field src: node \"PARIS\" matches several names that differ only in case"},
		{"src,dst,gbps\n,London,1\n", "d.csv:2: field src: \"\" is not a node name"},
		{"src,dst,gbps\nLondon,LONDON,1\n", "d.csv:2: field dst: demand from \"London\" to itself"},
		{"src,dst,gbps\nLondon,Paris,-1\n", "d.csv:2: field gbps: \"-1\" is not a finite decimal number ≥ 0"},
		{"src,dst,gbps\nLondon,Paris,Inf\n", "d.csv:2: field gbps: \"Inf\" is not a finite decimal number ≥ 0"},
		{"src,dst,gbps\nLondon,Paris,0x10\n", "d.csv:2: field gbps: \"0x10\" is not a finite decimal number ≥ 0"},
		{"src,dst,gbps\nLondon,Paris,1e400\n", "d.csv:2: field gbps: \"1e400\" is not a finite decimal number ≥ 0"},
		{"src,dst,gbps\nLondon,Paris,\n", "d.csv:2: field gbps: \"\" is not a finite decimal number ≥ 0"},
		{"src,dst,gbps\nLondon,Paris,1\n#x\nlondon,Paris,2\n", "d.csv:4: demand London→Paris given twice (first on line 2)"},
		{"src,dst,gbps\n\"London,Paris,1\n", "d.csv:2: extraneous or missing \" in quoted-field"},
		{"src,dst,gbps\nParis,Lyon,1\n", "d.csv:2: field dst: node \"Lyon\": several nodes have this name"},
	} {
		_, err := ReadDemandCSV(strings.NewReader(tc.in), "d.csv", append(slices.Clone(csvNames), "Lyon", "Lyon"))
		var pe *ground.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: error %v (%T), want a *ground.ParseError", tc.in, err, err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.in, err, tc.want)
		}
	}
}

// FuzzReadDemandCSV checks that ReadDemandCSV never panics, that every
// error is a *ground.ParseError, that what it accepts obeys the documented
// rules, and that writing it back (names as given, rates in shortest form)
// reads back the same.
func FuzzReadDemandCSV(f *testing.F) {
	f.Add("src,dst,gbps\nLondon,New York,12.5\n")
	f.Add("gbps,src,dst\n1,\"Kyiv, UA\",paris\n")
	f.Add("\ufeffSRC,DST,GBPS\r\n# c\r\nlondon,PARIS,0\r\n")
	f.Add("src,dst,gbps\nParis,paris,1e-3\nparis,Paris,2E2\n")
	f.Add("src,dst,gbps\nLondon,London,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		ds, err := ReadDemandCSV(strings.NewReader(in), "fuzz.csv", csvNames)
		if err != nil {
			var pe *ground.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is %T, not *ground.ParseError", err, err)
			}
			return
		}
		seen := map[[2]int]bool{}
		for _, d := range ds {
			if d.Src < 0 || d.Src >= len(csvNames) || d.Dst < 0 || d.Dst >= len(csvNames) || d.Src == d.Dst ||
				!(d.Rate >= 0) || math.IsInf(float64(d.Rate), 0) || seen[[2]int{d.Src, d.Dst}] {
				t.Fatalf("accepted invalid demand %+v", d)
			}
			seen[[2]int{d.Src, d.Dst}] = true
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"src", "dst", "gbps"})
		for _, d := range ds {
			w.Write([]string{csvNames[d.Src], csvNames[d.Dst], strconv.FormatFloat(float64(d.Rate), 'g', -1, 64)})
		}
		w.Flush()
		back, err := ReadDemandCSV(&buf, "back.csv", csvNames)
		if err != nil {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		if len(back) != len(ds) {
			t.Fatalf("read back %d demands, want %d", len(back), len(ds))
		}
		for i := range ds {
			if back[i] != ds[i] && !(back[i].Src == ds[i].Src && back[i].Dst == ds[i].Dst && back[i].Rate == 0 && ds[i].Rate == 0) {
				t.Fatalf("demand %d: %+v read back as %+v", i, ds[i], back[i])
			}
		}
	})
}

// TestGravityScalesWithPopulationProduct: the demand between two cities is
// proportional to the product of their populations, whatever the others.
func TestGravityScalesWithPopulationProduct(t *testing.T) {
	for _, tc := range []struct {
		name string
		pops []int
	}{
		{"equal", []int{1000, 1000, 1000}},
		{"one doubled", []int{2000, 1000, 1000}},
		{"Tokyo, Delhi, Kyiv, Lviv (GeoNames)", []int{8336599, 10927986, 2797553, 717803}},
		{"lopsided", []int{1 << 40, 3, 7, 11, 13}},
	} {
		eps := make([]Endpoint, len(tc.pops))
		for i, p := range tc.pops {
			eps[i] = Endpoint{Node: 100 + i, Population: p}
		}
		g, err := Gravity(eps, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if g.UsedEqualWeights || g.Unknown != 0 {
			t.Errorf("%s: UsedEqualWeights %v, Unknown %d with every population known", tc.name, g.UsedEqualWeights, g.Unknown)
		}
		// rate(i,j) / (P_i·P_j) is the same constant for every pair.
		var k float64
		d := 0
		for i := range tc.pops {
			for j := i + 1; j < len(tc.pops); j++ {
				dm := g.Demands[d]
				d++
				if dm.Src != 100+i || dm.Dst != 100+j {
					t.Fatalf("%s: demand %d is %d→%d, want %d→%d", tc.name, d-1, dm.Src, dm.Dst, 100+i, 100+j)
				}
				ratio := float64(dm.Rate) / (float64(tc.pops[i]) * float64(tc.pops[j]))
				if k == 0 {
					k = ratio
				} else if math.Abs(ratio-k) > 1e-12*k {
					t.Errorf("%s: pair %d–%d: rate/(P_i·P_j) = %g, pair 0–1 %g", tc.name, i, j, ratio, k)
				}
			}
		}
	}
}

// TestGravityUnknownPopulation: one unknown population gives every pair
// the same demand, flagged, with the count of unknown endpoints.
func TestGravityUnknownPopulation(t *testing.T) {
	for _, tc := range []struct {
		pops    []int
		unknown int
	}{
		{[]int{8336599, 0, 2797553}, 1},
		{[]int{0, 0}, 2},
		{[]int{5, -1, 0, 7}, 2},
	} {
		eps := make([]Endpoint, len(tc.pops))
		for i, p := range tc.pops {
			eps[i] = Endpoint{Node: i, Population: p}
		}
		g, err := Gravity(eps, 60)
		if err != nil {
			t.Fatal(err)
		}
		if !g.UsedEqualWeights || g.Unknown != tc.unknown {
			t.Errorf("%v: UsedEqualWeights %v, Unknown %d; want true, %d", tc.pops, g.UsedEqualWeights, g.Unknown, tc.unknown)
		}
		n := len(tc.pops)
		want := Gbps(60 / float64(n*(n-1)/2))
		for _, d := range g.Demands {
			if !approx(d.Rate, want, veryClose) {
				t.Errorf("%v: demand %v, want %v for every pair", tc.pops, d, want)
			}
		}
		desc := DescribeGravity(g, eps, nil)
		if want := strconv.Itoa(tc.unknown) + " of " + strconv.Itoa(n) + " endpoints have no population"; !strings.Contains(desc, want) || !strings.Contains(desc, "equal weights") {
			t.Errorf("%v: DescribeGravity = %q, want equal weights and %q", tc.pops, desc, want)
		}
	}
}

// TestDescribeGravity: the message names where the populations came from.
func TestDescribeGravity(t *testing.T) {
	top, err := ground.Preset("cities-top100")
	if err != nil {
		t.Fatal(err)
	}
	own := []ground.Node{{Name: "Hamlet", Population: 500}, {Name: "Village", Population: 2000}}
	mixed := []ground.Node{top[0], own[0]}
	for _, tc := range []struct {
		name  string
		nodes []ground.Node
		want  []string
		not   string
	}{
		{"embedded list", top[:5], []string{"population-weighted", ground.PopulationSource}, "population column"},
		{"own CSV", own, []string{"population-weighted", "the ground nodes' population column"}, "GeoNames"},
		{"mixed", mixed, []string{ground.PopulationSource + " and the ground nodes' population column"}, "equal"},
		// a city's name at another place with another population is the user's own
		{"moved Tokyo", []ground.Node{{Name: "Tokyo", Population: 1}, own[1]}, []string{"population column"}, "GeoNames"},
	} {
		eps := make([]Endpoint, len(tc.nodes))
		for i, n := range tc.nodes {
			eps[i] = Endpoint{Node: i, Population: n.Population}
		}
		g, err := Gravity(eps, 1)
		if err != nil {
			t.Fatal(err)
		}
		got := DescribeGravity(g, eps, tc.nodes)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tc.name, got, w)
			}
		}
		if strings.Contains(got, tc.not) {
			t.Errorf("%s: %q says %q", tc.name, got, tc.not)
		}
	}
}
