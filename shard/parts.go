package shard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"orbitnet/sim"
)

// PartsDir is the folder of shard outputs inside a plan folder.
const PartsDir = "parts"

// DoneFile is the marker a finished shard's folder holds.
const DoneFile = "_done.json"

// The Parquet tables of a shard (parts/shard=NNNNN/NAME.parquet); the
// baseline_ tables hold the what-if run without failures.
const (
	tableSteps      = "steps"
	tableValues     = "values"
	tablePaths      = "paths"
	tableForwarding = "forwarding"
	tableTerminals  = "terminals"
	tablePairStats  = "pairstats"
	baselinePrefix  = "baseline_"
)

// StepRow is one step of a shard (table steps).
type StepRow struct {
	Step            int32 `parquet:"step"`
	ForcedHandovers int32 `parquet:"forced_handovers"`
	ActiveISLs      int32 `parquet:"active_isls"`
}

// ValueRow is one pair at one step (table values): the engine's PairValue.
// delay_ms is the one-way delay, +Inf when unreachable; hash identifies the
// node path (equal paths, equal hashes).
type ValueRow struct {
	Step    int32   `parquet:"step"`
	Pair    int32   `parquet:"pair"`
	DelayMs float64 `parquet:"delay_ms"`
	Hops    int32   `parquet:"hops"`
	First   int32   `parquet:"first_sat"`
	Last    int32   `parquet:"last_sat"`
	Hash    uint64  `parquet:"path_hash"`
	// Where the RTT went (routing mode starlink; zero in the geometry
	// modes), in nanoseconds: starlink.Parts.
	PropagationNs int64 `parquet:"propagation_ns"`
	AccessNs      int64 `parquet:"access_ns"`
	ProcessingNs  int64 `parquet:"processing_ns"`
	QueueingNs    int64 `parquet:"queueing_ns"`
	TerrestrialNs int64 `parquet:"terrestrial_ns"`
}

// PathRow is a listed pair's routing-node path at one step (table paths;
// only reachable pairs).
type PathRow struct {
	Step int32   `parquet:"step"`
	Pair int32   `parquet:"pair"`
	Path []int32 `parquet:"path,list"`
}

// ForwardingRow is one forwarding entry (table forwarding): at a shard's
// first step the full table, after it the changes.
type ForwardingRow struct {
	Step int32 `parquet:"step"`
	Dst  int32 `parquet:"dst"`
	Node int32 `parquet:"node"`
	Next int32 `parquet:"next"`
}

// TerminalRow is one terminal at one step (table terminals, written when
// the run reports per-terminal statistics): sim.TerminalState.
type TerminalRow struct {
	Step          int32   `parquet:"step"`
	Node          int32   `parquet:"node"`
	Serving       int32   `parquet:"serving"`
	Visible       int32   `parquet:"visible"`
	ElevationSin  float64 `parquet:"elevation_sin"`
	GatewayDirect bool    `parquet:"gateway_direct"`
	Cause         int32   `parquet:"cause"`
	PoP           int32   `parquet:"pop"` // home PoP (ground node), −1 outside starlink mode
}

// PairStatsRow is one pair's statistics over a shard's steps (table
// pairstats, with Plan.PairStats: the pairs beyond the listed ones, whose
// steps no output reads), sim.PairStats: counts, extremes, the RTT
// histogram in sim.Hist's binary form, and the pair's path at the shard's
// first and last steps, from which the merge finds the path change and
// handover across the edge between two shards.
type PairStatsRow struct {
	Pair        int32   `parquet:"pair"` // index into the run's pair list
	Src         int32   `parquet:"src"`  // ground nodes
	Dst         int32   `parquet:"dst"`
	Steps       int64   `parquet:"steps"`
	Unreachable int64   `parquet:"unreachable"`
	MinRTTMs    float64 `parquet:"min_rtt_ms"` // 0 when never reachable
	MaxRTTMs    float64 `parquet:"max_rtt_ms"`
	MinHops     int32   `parquet:"min_hops"`
	MaxHops     int32   `parquet:"max_hops"`
	HopSum      int64   `parquet:"hop_sum"` // over reachable steps
	PathChanges int64   `parquet:"path_changes"`
	Handovers   int64   `parquet:"handovers"`
	// RTTHist holds the RTT of every reachable step (sim.Hist.AppendBinary:
	// a format byte, the count, the values in µs in increasing order as
	// differences).
	RTTHist []byte `parquet:"rtt_hist"`
	// Where the RTT went (routing mode starlink; empty otherwise or when
	// never reachable), as RTTHist.
	PropagationHist []byte `parquet:"propagation_hist"`
	AccessHist      []byte `parquet:"access_hist"`
	ProcessingHist  []byte `parquet:"processing_hist"`
	QueueingHist    []byte `parquet:"queueing_hist"`
	TerrestrialHist []byte `parquet:"terrestrial_hist"`
	// The pair at the shard's first (head) and last (tail) step.
	HeadReachable bool   `parquet:"head_reachable"`
	HeadHash      uint64 `parquet:"head_path_hash"`
	HeadFirst     int32  `parquet:"head_first_sat"`
	HeadLast      int32  `parquet:"head_last_sat"`
	TailReachable bool   `parquet:"tail_reachable"`
	TailHash      uint64 `parquet:"tail_path_hash"`
	TailFirst     int32  `parquet:"tail_first_sat"`
	TailLast      int32  `parquet:"tail_last_sat"`
}

// pairStatsRows is the row group size of table pairstats: a row holds a
// pair's histogram (about a byte per reachable step), so groups stay small
// for the writer's and the reader's memory.
const pairStatsRows = 4096

// Done is a finished shard's marker.
type Done struct {
	Plan  string `json:"plan"` // the plan's hash
	Shard int    `json:"shard"`
	First int    `json:"first"`
	End   int    `json:"end"`
	// Files maps each table file to its SHA-256.
	Files map[string]string `json:"files"`
}

// ShardDir returns a shard's folder name (hive partition shard=NNNNN).
func ShardDir(i int) string { return fmt.Sprintf("shard=%05d", i) }

// stepsWriter records one run's steps into a shard's tables.
type stepsWriter struct {
	steps  *parquet.GenericWriter[StepRow]
	values *parquet.GenericWriter[ValueRow]
	paths  *parquet.GenericWriter[PathRow]
	fwd    *parquet.GenericWriter[ForwardingRow]
	terms  *parquet.GenericWriter[TerminalRow]
	tbuf   []TerminalRow
	files  []*os.File
	vbuf   []ValueRow
	pbuf   []PathRow
	fbuf   []ForwardingRow
	// detail: the values of pairs [0, detail) go to table values; the
	// others' (Plan.PairStats) go to table pairstats once the run is done,
	// with their values at the first and last steps kept here
	detail      int
	first, last int // the shard's steps [first, last]
	head, tail  []sim.PairValue
	pstats      *parquet.GenericWriter[PairStatsRow]
}

// newStepsWriter opens the tables of one run of a shard (steps
// [first, end)) in dir; the values of pairs from detail on (of pairs) go to
// table pairstats (finishStats) instead of table values.
func newStepsWriter(dir, prefix string, forwarding, terminals bool, first, end, detail, pairs int) (*stepsWriter, error) {
	w := &stepsWriter{detail: detail, first: first, last: end - 1}
	open := func(name string) (*os.File, error) {
		f, err := os.Create(filepath.Join(dir, prefix+name+".parquet"))
		if err == nil {
			w.files = append(w.files, f)
		}
		return f, err
	}
	opts := []parquet.WriterOption{parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(1 << 20)}
	f, err := open(tableSteps)
	if err != nil {
		return nil, w.close(err)
	}
	w.steps = parquet.NewGenericWriter[StepRow](f, opts...)
	if f, err = open(tableValues); err != nil {
		return nil, w.close(err)
	}
	w.values = parquet.NewGenericWriter[ValueRow](f, opts...)
	if f, err = open(tablePaths); err != nil {
		return nil, w.close(err)
	}
	w.paths = parquet.NewGenericWriter[PathRow](f, opts...)
	if forwarding {
		if f, err = open(tableForwarding); err != nil {
			return nil, w.close(err)
		}
		w.fwd = parquet.NewGenericWriter[ForwardingRow](f, opts...)
	}
	if terminals {
		if f, err = open(tableTerminals); err != nil {
			return nil, w.close(err)
		}
		w.terms = parquet.NewGenericWriter[TerminalRow](f, opts...)
	}
	if detail < pairs {
		if f, err = open(tablePairStats); err != nil {
			return nil, w.close(err)
		}
		w.pstats = parquet.NewGenericWriter[PairStatsRow](f, parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(pairStatsRows))
		w.head = make([]sim.PairValue, pairs-detail)
		w.tail = make([]sim.PairValue, pairs-detail)
	}
	return w, nil
}

func (w *stepsWriter) Step(r *sim.StepResult) error {
	i := int32(r.Index)
	if _, err := w.steps.Write([]StepRow{{Step: i, ForcedHandovers: int32(r.ForcedHandovers), ActiveISLs: int32(r.ActiveISLs)}}); err != nil {
		return err
	}
	if w.pstats != nil {
		if r.Index == w.first {
			copy(w.head, r.Values[w.detail:])
		}
		if r.Index == w.last {
			copy(w.tail, r.Values[w.detail:])
		}
	}
	w.vbuf = w.vbuf[:0]
	for k, v := range r.Values[:w.detail] {
		row := ValueRow{Step: i, Pair: int32(k), DelayMs: v.Delay.Ms(), Hops: v.Hops, First: v.First, Last: v.Last, Hash: v.Hash}
		if r.Parts != nil {
			p := r.Parts[k]
			row.PropagationNs, row.AccessNs, row.ProcessingNs = int64(p.Propagation), int64(p.Access), int64(p.Processing)
			row.QueueingNs, row.TerrestrialNs = int64(p.Queueing), int64(p.Terrestrial)
		}
		w.vbuf = append(w.vbuf, row)
	}
	if _, err := w.values.Write(w.vbuf); err != nil {
		return err
	}
	w.pbuf = w.pbuf[:0]
	for k, p := range r.Paths {
		if len(p) > 0 {
			w.pbuf = append(w.pbuf, PathRow{Step: i, Pair: int32(k), Path: p})
		}
	}
	if _, err := w.paths.Write(w.pbuf); err != nil {
		return err
	}
	if w.fwd != nil {
		w.fbuf = w.fbuf[:0]
		for _, h := range r.Forwarding {
			w.fbuf = append(w.fbuf, ForwardingRow{Step: i, Dst: h.Dst, Node: h.Node, Next: h.Next})
		}
		if _, err := w.fwd.Write(w.fbuf); err != nil {
			return err
		}
	}
	if w.terms != nil {
		w.tbuf = w.tbuf[:0]
		for _, t := range r.Terminals {
			w.tbuf = append(w.tbuf, TerminalRow{Step: i, Node: t.Node, Serving: t.Serving, Visible: t.Visible,
				ElevationSin: t.ElevationSin, GatewayDirect: t.GatewayDirect, Cause: int32(t.Cause), PoP: t.PoP})
		}
		if _, err := w.terms.Write(w.tbuf); err != nil {
			return err
		}
	}
	return nil
}

// finishStats writes table pairstats from the run's result (the pairs
// from detail on).
func (w *stepsWriter) finishStats(res *sim.Result) error {
	if w.pstats == nil {
		return nil
	}
	if len(res.Stats) != w.detail+len(w.head) {
		return fmt.Errorf("shard: %d pair statistics, want %d", len(res.Stats), w.detail+len(w.head))
	}
	rows := make([]PairStatsRow, 0, 256)
	flush := func() error {
		_, err := w.pstats.Write(rows)
		rows = rows[:0]
		return err
	}
	for i := range w.head {
		k := w.detail + i
		st := &res.Stats[k]
		h, t := w.head[i], w.tail[i]
		row := PairStatsRow{Pair: int32(k), Src: int32(st.Src), Dst: int32(st.Dst), Steps: st.Steps, Unreachable: st.Unreachable,
			MinRTTMs: st.MinRTT.Ms(), MaxRTTMs: st.MaxRTT.Ms(), MinHops: st.MinHops, MaxHops: st.MaxHops, HopSum: st.HopSum(),
			PathChanges: st.PathChanges, Handovers: st.Handovers,
			HeadReachable: h.Reachable(), HeadHash: h.Hash, HeadFirst: h.First, HeadLast: h.Last,
			TailReachable: t.Reachable(), TailHash: t.Hash, TailFirst: t.First, TailLast: t.Last}
		var err error
		if row.RTTHist, err = st.Hist.AppendBinary(nil); err != nil {
			return fmt.Errorf("pair %d: %w", k, err)
		}
		if ps := st.Parts; ps != nil {
			for _, x := range []struct {
				dst *[]byte
				h   *sim.Hist
			}{{&row.PropagationHist, &ps.Propagation}, {&row.AccessHist, &ps.Access}, {&row.ProcessingHist, &ps.Processing},
				{&row.QueueingHist, &ps.Queueing}, {&row.TerrestrialHist, &ps.Terrestrial}} {
				if *x.dst, err = x.h.AppendBinary(nil); err != nil {
					return fmt.Errorf("pair %d: %w", k, err)
				}
			}
		}
		rows = append(rows, row)
		if len(rows) == cap(rows) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// finish closes the writers and files; it returns the first error.
func (w *stepsWriter) finish() error {
	var errs []error
	if w.pstats != nil {
		errs = append(errs, w.pstats.Close())
	}
	for _, pw := range []interface{ Close() error }{w.steps, w.values, w.paths} {
		errs = append(errs, pw.Close())
	}
	if w.fwd != nil {
		errs = append(errs, w.fwd.Close())
	}
	if w.terms != nil {
		errs = append(errs, w.terms.Close())
	}
	for _, f := range w.files {
		errs = append(errs, f.Sync())
	}
	return w.close(errors.Join(errs...))
}

func (w *stepsWriter) close(err error) error {
	for _, f := range w.files {
		if e := f.Close(); e != nil && err == nil {
			err = e
		}
	}
	w.files = nil
	return err
}

// rowIter streams a Parquet table's rows with one row of look-ahead.
type rowIter[T any] struct {
	name string
	f    *os.File
	r    *parquet.GenericReader[T]
	buf  []T
	i, n int
	eof  bool
}

func openRows[T any](path string) (*rowIter[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &rowIter[T]{name: path, f: f, r: parquet.NewGenericReader[T](pf), buf: make([]T, 4096)}, nil
}

// peek returns the next row, or nil at the end.
func (it *rowIter[T]) peek() (*T, error) {
	for it.i == it.n {
		if it.eof {
			return nil, nil
		}
		n, err := it.r.Read(it.buf)
		it.i, it.n = 0, n
		if err == io.EOF {
			it.eof = true
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", it.name, err)
		}
	}
	return &it.buf[it.i], nil
}

func (it *rowIter[T]) advance() { it.i++ }

func (it *rowIter[T]) close() {
	if it == nil {
		return
	}
	it.r.Close()
	it.f.Close()
}

// listShards lists the shard folders under dir/parts by index, with an
// error for names that are not shard=N or for two folders of one index.
func listShards(dir string) (map[int]string, error) {
	ents, err := os.ReadDir(filepath.Join(dir, PartsDir))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, PartsDir), err)
	}
	out := map[int]string{}
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue // temporary folders of running or dead workers
		}
		num, ok := strings.CutPrefix(name, "shard=")
		i, err := strconv.Atoi(num)
		if !ok || err != nil || i < 0 || !e.IsDir() {
			return nil, fmt.Errorf("%s: not a shard folder (want shard=NNNNN)", filepath.Join(dir, PartsDir, name))
		}
		if prev, dup := out[i]; dup {
			return nil, fmt.Errorf("%s: duplicate of %s (both shard %d)", filepath.Join(dir, PartsDir, name), filepath.Join(dir, PartsDir, prev), i)
		}
		out[i] = name
	}
	return out, nil
}

// compactRanges writes sorted ints as "0-3, 7".
func compactRanges(xs []int) string {
	sort.Ints(xs)
	var b strings.Builder
	for i := 0; i < len(xs); {
		j := i
		for j+1 < len(xs) && xs[j+1] == xs[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if j > i {
			fmt.Fprintf(&b, "%d-%d", xs[i], xs[j])
		} else {
			fmt.Fprintf(&b, "%d", xs[i])
		}
		i = j + 1
	}
	return b.String()
}

func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20+1))
	if err != nil {
		return nil, err
	}
	if len(data) > 1<<20 {
		return nil, fmt.Errorf("%s: larger than 1 MiB", path)
	}
	return data, nil
}

func jsonUnmarshalStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	return nil
}

func mkdirs(dir string) error { return os.MkdirAll(dir, 0o755) }
