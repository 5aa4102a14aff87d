package report

import (
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"
)

// RTTRow is one row of rtt.parquet (same columns as rtt.csv, typed).
//
// The Parquet schema, in column order:
//
//	time_s  DOUBLE                                 seconds since the start of the run
//	src     BYTE_ARRAY (STRING), dictionary-encoded source endpoint name
//	dst     BYTE_ARRAY (STRING), dictionary-encoded destination endpoint name
//	rtt_ms  DOUBLE, optional                       round-trip time in milliseconds; null when unreachable
//	hops    INT32                                  hops on the path
type RTTRow struct {
	TimeS float64  `parquet:"time_s"`
	Src   string   `parquet:"src,dict"`
	Dst   string   `parquet:"dst,dict"`
	RTTMs *float64 `parquet:"rtt_ms,optional"` // null when unreachable
	Hops  int32    `parquet:"hops"`
}

// defaultRowGroupRows is the number of rows in each row group of
// rtt.parquet: large enough for good compression and fast scans, small
// enough that the writer's buffered row group (a few tens of MB before
// compression) stays modest.
const defaultRowGroupRows = 1 << 20

// ParquetWriter writes RTTRows to a zstd-compressed Parquet file through an
// AtomicFile: the file appears at its path, complete, only on Commit.
//
// Rows are buffered in memory one row group (about a million rows) at a
// time; a full row group is compressed and written out, so memory stays
// bounded whatever the number of rows. A ParquetWriter is not safe for
// concurrent use.
type ParquetWriter struct {
	file *AtomicFile
	pw   *parquet.GenericWriter[RTTRow]
	done bool // committed or aborted
}

// NewParquetWriter starts a Parquet file of RTTRows at path (see RTTRow for
// the schema). Call Commit to put it in place, or Abort to discard it.
func NewParquetWriter(path string) (*ParquetWriter, error) {
	return newParquetWriter(path, defaultRowGroupRows)
}

// newParquetWriter is NewParquetWriter with rowGroupRows rows per row group
// (tests use small groups to exercise several).
func newParquetWriter(path string, rowGroupRows int64) (*ParquetWriter, error) {
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	pw := parquet.NewGenericWriter[RTTRow](f,
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
	)
	return &ParquetWriter{file: f, pw: pw}, nil
}

// Write appends rows. After an error the file is unusable: call Abort.
func (w *ParquetWriter) Write(rows []RTTRow) error {
	if w.done {
		return fmt.Errorf("report: write %s: %w", w.file.Path(), os.ErrClosed)
	}
	if _, err := w.pw.Write(rows); err != nil {
		return fmt.Errorf("report: write %s: %w", w.file.Path(), err)
	}
	return nil
}

// Commit writes the last row group and the footer, then commits the
// AtomicFile. On error nothing is left at the path (unless a file was there
// before, which is kept).
func (w *ParquetWriter) Commit() error {
	if w.done {
		return fmt.Errorf("report: commit %s: %w", w.file.Path(), os.ErrClosed)
	}
	w.done = true
	if err := w.pw.Close(); err != nil {
		w.file.Abort()
		return fmt.Errorf("report: write %s: %w", w.file.Path(), err)
	}
	return w.file.Commit()
}

// Abort discards the file. It is a no-op after Commit or a previous Abort.
func (w *ParquetWriter) Abort() {
	w.done = true
	w.file.Abort()
}
