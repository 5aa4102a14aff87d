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
}

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
}

func newStepsWriter(dir, prefix string, forwarding, terminals bool) (*stepsWriter, error) {
	w := &stepsWriter{}
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
	return w, nil
}

func (w *stepsWriter) Step(r *sim.StepResult) error {
	i := int32(r.Index)
	if _, err := w.steps.Write([]StepRow{{Step: i, ForcedHandovers: int32(r.ForcedHandovers), ActiveISLs: int32(r.ActiveISLs)}}); err != nil {
		return err
	}
	w.vbuf = w.vbuf[:0]
	for k, v := range r.Values {
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
				ElevationSin: t.ElevationSin, GatewayDirect: t.GatewayDirect, Cause: int32(t.Cause)})
		}
		if _, err := w.terms.Write(w.tbuf); err != nil {
			return err
		}
	}
	return nil
}

// finish closes the writers and files; it returns the first error.
func (w *stepsWriter) finish() error {
	var errs []error
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
