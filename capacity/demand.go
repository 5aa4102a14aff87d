package capacity

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"orbitnet/ground"

	"orbitnet/internal/limits"
)

// Endpoint is a ground node taking part in a gravity model.
type Endpoint struct {
	Node       int // the caller's index for the node (a ground-node index for FromSnapshot)
	Population int // inhabitants (ground.Node.Population); ≤ 0 means unknown
}

// GravityDemands is the result of Gravity.
type GravityDemands struct {
	// Demands has one entry per unordered pair of endpoints i < j (in the
	// order given), from endpoints[i].Node to endpoints[j].Node.
	Demands []Demand
	// UsedEqualWeights is set when some endpoint's population was unknown
	// and every endpoint was therefore given the same weight.
	UsedEqualWeights bool
	// Unknown is the number of endpoints whose population was unknown.
	Unknown int
}

// DescribeGravity says in words, for messages, which weights g used and,
// for population weights, where the populations of the endpoints' nodes
// came from: GeoNames (ground.PopulationSource) where a node has the
// population that the embedded city list gives the city of its name at
// its place, the ground nodes' own population column otherwise. nodes are
// the nodes that Endpoint.Node indexes.
func DescribeGravity(g GravityDemands, endpoints []Endpoint, nodes []ground.Node) string {
	if g.UsedEqualWeights {
		return fmt.Sprintf("gravity model with equal weights: %d of %d endpoints have no population", g.Unknown, len(endpoints))
	}
	fromList, own := 0, 0
	for _, e := range endpoints {
		if e.Node < 0 || e.Node >= len(nodes) {
			continue
		}
		n := nodes[e.Node]
		if c, err := ground.LookupCity(n.Name); err == nil && ground.SamePlace(c.Pos, n.Pos) && c.Population == n.Population {
			fromList++
		} else {
			own++
		}
	}
	var src []string
	if fromList > 0 {
		src = append(src, ground.PopulationSource)
	}
	if own > 0 {
		src = append(src, "the ground nodes' population column")
	}
	if len(src) == 0 {
		return "population-weighted gravity model"
	}
	return "population-weighted gravity model; populations: " + strings.Join(src, " and ")
}

// Gravity spreads a total offered load over every pair of endpoints by the
// gravity model without distance decay:
//
//	demand(i, j) = total · P_i·P_j / Σ_{k<l} P_k·P_l,    i < j,
//
// so the demands sum to total and a pair's share grows with the product of
// the populations: the simple gravity model of traffic-matrix synthesis
// (see M. Roughan, "Simplifying the synthesis of Internet traffic
// matrices", ACM SIGCOMM CCR 35(5), 2005). Each pair is one demand, carried
// from the earlier endpoint to the later one; links being full duplex, the
// reverse direction then stays idle, so add the reversed demands for
// two-way traffic.
//
// If any population is unknown (≤ 0), every endpoint gets weight 1, which
// spreads total equally over the n(n−1)/2 pairs, and UsedEqualWeights is
// set (Unknown counts them): a node of unknown size would otherwise get no
// traffic at all. The embedded city lists cities-top100 and
// cities-top1000 carry GeoNames populations (city proper; see
// docs/capacity.md), all of them for the top 100 and 963 of the top 1000. The
// denominator is summed as Σ_l P_l·Σ_{k<l} P_k, in float64, without
// cancellation. Gravity fails for fewer than 2 endpoints, a repeated Node,
// or a total that is negative or not finite. Time and space O(n²).
func Gravity(endpoints []Endpoint, total Gbps) (GravityDemands, error) {
	var out GravityDemands
	n := len(endpoints)
	if n < 2 {
		return out, fmt.Errorf("gravity model: %d endpoints, need at least 2", n)
	}
	if !(total >= 0) || math.IsInf(float64(total), 1) {
		return out, fmt.Errorf("gravity model: total %v, must be finite and ≥ 0", float64(total))
	}
	seen := make(map[int]int, n)
	w := make([]float64, n)
	for i, e := range endpoints {
		if j, dup := seen[e.Node]; dup {
			return out, fmt.Errorf("gravity model: node %d is endpoint %d and %d", e.Node, j, i)
		}
		seen[e.Node] = i
		if e.Population <= 0 {
			out.UsedEqualWeights = true
			out.Unknown++
		}
		w[i] = float64(e.Population)
	}
	if out.UsedEqualWeights {
		for i := range w {
			w[i] = 1
		}
	}
	var denom, prefix float64
	for _, x := range w {
		denom += x * prefix
		prefix += x
	}
	out.Demands = make([]Demand, 0, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			out.Demands = append(out.Demands, Demand{
				Src:  endpoints[i].Node,
				Dst:  endpoints[j].Node,
				Rate: total * Gbps(w[i]*w[j]/denom),
			})
		}
	}
	return out, nil
}

// ReadDemandCSV reads a demand matrix from CSV text: a header line naming
// the columns src, dst and gbps (in any order, case ignored), then one line
// per demand:
//
//	src,dst,gbps
//	London,New York,12.5
//	"Frankfurt, DE",Tokyo,3
//
// src and dst are node names, matched against names exactly or, failing
// that, ignoring case; a name that matches several nodes either way is an
// error. Demand.Src and Dst are indices into names. gbps is a
// finite decimal number ≥ 0. Fields may be quoted as in RFC 4180; blank
// lines and lines starting with '#' are skipped, and a leading byte-order
// mark is ignored. A demand from a node to itself, or a (src, dst) pair
// given twice, is an error. filename is used only in error messages.
//
// Every error about the text is a *ground.ParseError naming the file, line
// and field, such as
//
//	demand.csv:4: field dst: unknown node "Lodnon"
func ReadDemandCSV(r io.Reader, filename string, names []string) ([]Demand, error) {
	cr := csv.NewReader(limits.NewReader(r, filename, limits.Table))
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.ReuseRecord = true
	fail := func(line int, field, format string, args ...any) error {
		return &ground.ParseError{File: filename, Line: line, Field: field, Err: fmt.Errorf(format, args...)}
	}
	read := func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, &ground.ParseError{File: filename, Line: pe.Line, Err: pe.Err}
			}
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}

	rec, line, err := read()
	if err == io.EOF {
		return nil, fail(0, "", "empty input; want a header line %q", "src,dst,gbps")
	}
	if err != nil {
		return nil, err
	}
	rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
	const (
		colSrc = iota
		colDst
		colGbps
	)
	columns := [...]string{colSrc: "src", colDst: "dst", colGbps: "gbps"}
	pos := [3]int{-1, -1, -1}
	for i, h := range rec {
		name := strings.ToLower(strings.TrimSpace(h))
		c := 0
		for c < len(columns) && columns[c] != name {
			c++
		}
		switch {
		case c == len(columns):
			return nil, fail(line, "", "header: unknown column %q; want src,dst,gbps", h)
		case pos[c] >= 0:
			return nil, fail(line, "", "header: column %q appears twice", name)
		}
		pos[c] = i
	}
	for c, p := range pos {
		if p < 0 {
			return nil, fail(line, "", "header: missing column %q; want src,dst,gbps", columns[c])
		}
	}

	// name → index, and lower-cased name → index; −1 where several match.
	exact := make(map[string]int, len(names))
	folded := make(map[string]int, len(names))
	for i, n := range names {
		if _, dup := exact[n]; dup {
			exact[n] = -1
		} else {
			exact[n] = i
		}
		k := strings.ToLower(n)
		if _, dup := folded[k]; dup {
			folded[k] = -1
		} else {
			folded[k] = i
		}
	}
	lookup := func(s string) (int, error) {
		switch i, ok := exact[s]; {
		case ok && i < 0:
			return 0, fmt.Errorf("node %q: several nodes have this name", s)
		case ok:
			return i, nil
		}
		switch i, ok := folded[strings.ToLower(s)]; {
		case !ok:
			return 0, fmt.Errorf("unknown node %q", s)
		case i < 0:
			return 0, fmt.Errorf("node %q matches several names that differ only in case", s)
		default:
			return i, nil
		}
	}

	var out []Demand
	firstLine := map[[2]int]int{}
	for rec, line, err = read(); err == nil; rec, line, err = read() {
		if len(rec) != len(columns) {
			return nil, fail(line, "", "got %d fields, want 3 (src,dst,gbps)", len(rec))
		}
		var d Demand
		for c, field := range []*int{&d.Src, &d.Dst} {
			s := strings.TrimSpace(rec[pos[c]])
			if s == "" || !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
				return nil, fail(line, columns[c], "%q is not a node name", s)
			}
			i, err := lookup(s)
			if err != nil {
				return nil, fail(line, columns[c], "%v", err)
			}
			*field = i
		}
		if d.Src == d.Dst {
			return nil, fail(line, "dst", "demand from %q to itself", names[d.Src])
		}
		s := strings.TrimSpace(rec[pos[colGbps]])
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !isDecimal(s) || math.IsInf(v, 0) || v < 0 {
			return nil, fail(line, "gbps", "%q is not a finite decimal number ≥ 0", s)
		}
		d.Rate = Gbps(v)
		key := [2]int{d.Src, d.Dst}
		if prev, dup := firstLine[key]; dup {
			return nil, fail(line, "", "demand %s→%s given twice (first on line %d)", names[d.Src], names[d.Dst], prev)
		}
		firstLine[key] = line
		out = append(out, d)
	}
	if err != io.EOF {
		return nil, err
	}
	return out, nil
}

// isDecimal reports whether s is written as a plain decimal number with an
// optional exponent: no hexadecimal floats, underscores, "Inf" or "NaN".
func isDecimal(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !('0' <= r && r <= '9') && !strings.ContainsRune("+-.eE", r)
	}) < 0
}
