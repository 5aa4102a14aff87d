package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// syntheticRTTRows returns n rows cycling over a few city pairs, every
// seventh unreachable (RTTMs nil).
func syntheticRTTRows(n int) []RTTRow {
	cities := []string{"New York", "London", "Tokyo", "São Paulo", "Johannesburg"}
	rng := rand.New(rand.NewPCG(1, 1))
	rows := make([]RTTRow, n)
	for i := range rows {
		r := RTTRow{
			TimeS: float64(i/10) * 15,
			Src:   cities[i%len(cities)],
			Dst:   cities[(i/len(cities)+1+i)%len(cities)],
			Hops:  int32(3 + i%17),
		}
		if i%7 != 3 {
			// Full-precision values, as a simulation produces: they
			// compress far less than round numbers would.
			rtt := 40 + 30*math.Sin(float64(i)/100) + rng.Float64()
			r.RTTMs = &rtt
		}
		rows[i] = r
	}
	return rows
}

// readRTTParquet reads every row of the RTT Parquet file at path.
func readRTTParquet(t *testing.T, path string) ([]RTTRow, *parquet.File) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	r := parquet.NewGenericReader[RTTRow](pf)
	defer r.Close()
	got := make([]RTTRow, r.NumRows())
	for n := 0; n < len(got); {
		k, err := r.Read(got[n:])
		n += k
		if err == io.EOF {
			if n != len(got) {
				t.Fatalf("EOF after %d of %d rows", n, len(got))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return got, pf
}

func TestParquetRoundTrip(t *testing.T) {
	const groupRows = 1000
	want := syntheticRTTRows(3*groupRows - 17) // three row groups, the last short
	path := filepath.Join(t.TempDir(), "rtt.parquet")
	w, err := newParquetWriter(path, groupRows)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	// Write in uneven batches that straddle row-group boundaries.
	for i := 0; i < len(want); {
		j := min(i+389, len(want))
		if err := w.Write(want[i:j]); err != nil {
			t.Fatal(err)
		}
		i = j
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("file present before Commit (err = %v)", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}

	got, pf := readRTTParquet(t, path)
	if n := len(pf.RowGroups()); n != 3 {
		t.Errorf("%d row groups, want 3", n)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d rows, wrote %d", len(got), len(want))
	}
	nulls := 0
	for i := range want {
		g, w := got[i], want[i]
		if g.TimeS != w.TimeS || g.Src != w.Src || g.Dst != w.Dst || g.Hops != w.Hops ||
			(g.RTTMs == nil) != (w.RTTMs == nil) || (g.RTTMs != nil && *g.RTTMs != *w.RTTMs) {
			t.Fatalf("row %d: got %s, want %s", i, fmtRTTRow(g), fmtRTTRow(w))
		}
		if g.RTTMs == nil {
			nulls++
		}
	}
	if nulls == 0 {
		t.Error("no null rtt_ms read back; the test data has some")
	}

	// The schema: names, physical types, optionality, in column order.
	wantCols := []struct {
		name     string
		kind     parquet.Kind
		optional bool
		str      bool
	}{
		{"time_s", parquet.Double, false, false},
		{"src", parquet.ByteArray, false, true},
		{"dst", parquet.ByteArray, false, true},
		{"rtt_ms", parquet.Double, true, false},
		{"hops", parquet.Int32, false, false},
	}
	fields := pf.Schema().Fields()
	if len(fields) != len(wantCols) {
		t.Fatalf("schema has %d fields, want %d:\n%s", len(fields), len(wantCols), pf.Schema())
	}
	for i, c := range wantCols {
		f := fields[i]
		if f.Name() != c.name || f.Type().Kind() != c.kind || f.Optional() != c.optional {
			t.Errorf("column %d: %s %v optional=%v, want %s %v optional=%v",
				i, f.Name(), f.Type().Kind(), f.Optional(), c.name, c.kind, c.optional)
		}
		if lt := f.Type().LogicalType(); c.str && (lt == nil || lt.String() != "STRING") {
			t.Errorf("column %s: logical type %v, want STRING", c.name, lt)
		}
	}
	// Compression and dictionary encoding as documented.
	for _, col := range pf.Metadata().RowGroups[0].Columns {
		md := col.MetaData
		if md.Codec.String() != "ZSTD" {
			t.Errorf("column %v: codec %v, want ZSTD", md.PathInSchema, md.Codec)
		}
		name := md.PathInSchema[0]
		dict := slices.ContainsFunc(md.Encoding, func(e format.Encoding) bool {
			return e == format.RLEDictionary || e == format.PlainDictionary
		})
		if wantDict := name == "src" || name == "dst"; dict != wantDict {
			t.Errorf("column %s: encodings %v, dictionary-encoded = %v, want %v", name, md.Encoding, dict, wantDict)
		}
	}
}

func fmtRTTRow(r RTTRow) string {
	rtt := "null"
	if r.RTTMs != nil {
		rtt = fmt.Sprint(*r.RTTMs)
	}
	return fmt.Sprintf("{%v %q %q %s %d}", r.TimeS, r.Src, r.Dst, rtt, r.Hops)
}

func TestParquetEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rtt.parquet")
	w, err := NewParquetWriter(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := readRTTParquet(t, path)
	if len(got) != 0 {
		t.Errorf("read %d rows from an empty file", len(got))
	}
}

func TestParquetAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rtt.parquet")
	w, err := NewParquetWriter(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(syntheticRTTRows(100)); err != nil {
		t.Fatal(err)
	}
	w.Abort()
	w.Abort()
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("after Abort, directory holds %q", names)
	}
	if err := w.Write(syntheticRTTRows(1)); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Abort: err = %v, want os.ErrClosed", err)
	}
	if err := w.Commit(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Commit after Abort: err = %v, want os.ErrClosed", err)
	}
}

// BenchmarkParquetWriter writes 1M rows (about one row group) per iteration
// and reports rows/s and the file size per row.
func BenchmarkParquetWriter(b *testing.B) {
	const n = 1_000_000
	rows := syntheticRTTRows(n)
	path := filepath.Join(b.TempDir(), "rtt.parquet")
	b.ResetTimer()
	for b.Loop() {
		w, err := NewParquetWriter(path)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < n; i += 10_000 {
			if err := w.Write(rows[i : i+10_000]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(fi.Size())/n, "B/row")
}
