package capacity

import (
	"io"
	"time"

	"github.com/parquet-go/parquet-go"

	"orbitnet/sim"
)

// parquetRowGroupRows is the number of rows in each row group of
// capacity.parquet, as rtt.parquet's: the writer buffers one group.
const parquetRowGroupRows = 1 << 20

// ParquetWriter writes capacity.parquet: the rows of capacity.csv (see Row
// for the columns), typed, zstd-compressed, with src, dst and
// path_bottleneck_link dictionary-encoded. demand_gbps is +Inf for an
// elastic demand. Memory stays bounded by one row group whatever the
// number of rows. It writes to the io.Writer it is given (an atomic file
// in the CLI); not safe for concurrent use.
type ParquetWriter struct {
	pw       *parquet.GenericWriter[Row]
	endpoint func(int) string
	node     func(sim.NodeID) string
	rows     []Row
}

// NewParquetWriter returns a writer of capacity rows to w; endpointName
// and nodeName are as for NewCSVWriter.
func NewParquetWriter(w io.Writer, endpointName func(int) string, nodeName func(sim.NodeID) string) *ParquetWriter {
	endpointName, nodeName = defaultNames(endpointName, nodeName)
	pw := parquet.NewGenericWriter[Row](w, parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(parquetRowGroupRows))
	return &ParquetWriter{pw: pw, endpoint: endpointName, node: nodeName}
}

// WriteStep appends one row per demand of p, in demand order.
func (w *ParquetWriter) WriteStep(offset time.Duration, p *Problem, a *Allocation) error {
	w.rows = StepRows(w.rows[:0], offset, p, a, w.endpoint, w.node)
	_, err := w.pw.Write(w.rows)
	return err
}

// Close writes the last row group and the footer (it does not close the
// underlying writer).
func (w *ParquetWriter) Close() error { return w.pw.Close() }
