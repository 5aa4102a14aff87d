package report

import (
	"fmt"

	"github.com/parquet-go/parquet-go"
)

// AllPairsJSONMax is the largest number of all-pairs entries summary.json
// lists in all_pairs.pairs. Above it (the 1,000-city runs have 499,500
// pairs, about 225 MB of JSON) the per-pair table is only in pairs.parquet,
// all_pairs.pairs is empty and all_pairs.pairs_file names the table; the
// listed pairs and the all-pairs aggregates stay in summary.json. At this
// size the JSON list is about 9 MB.
const AllPairsJSONMax = 20_000

// PairsParquetName is the file name of the per-pair table.
const PairsParquetName = "pairs.parquet"

// PairRow is one row of pairs.parquet: one endpoint pair's statistics over
// the run, the fields of summary.json's per-pair entries with the same
// rounding (null where the JSON has null).
//
// The Parquet schema, in column order:
//
//	src              BYTE_ARRAY (STRING), dictionary-encoded
//	dst              BYTE_ARRAY (STRING), dictionary-encoded
//	min_rtt_ms       DOUBLE, optional (null: never reachable)
//	median_rtt_ms    DOUBLE, optional
//	p95_rtt_ms       DOUBLE, optional
//	max_rtt_ms       DOUBLE, optional
//	mean_hops        DOUBLE, optional
//	reachable_steps  INT64
//	unreachable_s    DOUBLE
//	path_changes     INT64
//	handovers        INT64
//	geodesic_km      DOUBLE
//	geodesic_rtt_ms  DOUBLE
//	median_stretch   DOUBLE, optional
//
// Starlink-mode RTT components are not in the table (they stay in
// summary.json for the pairs it lists).
type PairRow struct {
	Src            string   `parquet:"src,dict"`
	Dst            string   `parquet:"dst,dict"`
	MinRTTMs       *float64 `parquet:"min_rtt_ms,optional"`
	MedianRTTMs    *float64 `parquet:"median_rtt_ms,optional"`
	P95RTTMs       *float64 `parquet:"p95_rtt_ms,optional"`
	MaxRTTMs       *float64 `parquet:"max_rtt_ms,optional"`
	MeanHops       *float64 `parquet:"mean_hops,optional"`
	ReachableSteps int64    `parquet:"reachable_steps"`
	UnreachableS   float64  `parquet:"unreachable_s"`
	PathChanges    int64    `parquet:"path_changes"`
	Handovers      int64    `parquet:"handovers"`
	GeodesicKm     float64  `parquet:"geodesic_km"`
	GeodesicRTTMs  float64  `parquet:"geodesic_rtt_ms"`
	MedianStretch  *float64 `parquet:"median_stretch,optional"`
}

func pairRowOf(p *PairSummary) PairRow {
	return PairRow{
		Src: p.Src, Dst: p.Dst,
		MinRTTMs: p.MinRTTMs, MedianRTTMs: p.MedianRTTMs, P95RTTMs: p.P95RTTMs, MaxRTTMs: p.MaxRTTMs,
		MeanHops: p.MeanHops, ReachableSteps: p.ReachableSteps, UnreachableS: p.UnreachableS,
		PathChanges: p.PathChanges, Handovers: p.Handovers,
		GeodesicKm: p.GeodesicKm, GeodesicRTTMs: p.GeodesicRTTMs, MedianStretch: p.MedianStretch,
	}
}

// WritePairsParquet writes pairs as a zstd-compressed Parquet table (see
// PairRow) through an AtomicFile at path, in row groups of at most
// rowGroupRows rows (defaultRowGroupRows when ≤ 0).
func WritePairsParquet(path string, pairs []PairSummary, rowGroupRows int64) error {
	if rowGroupRows <= 0 {
		rowGroupRows = defaultRowGroupRows
	}
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	pw := parquet.NewGenericWriter[PairRow](f,
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
	)
	rows := make([]PairRow, 0, 4096)
	for i := range pairs {
		rows = append(rows, pairRowOf(&pairs[i]))
		if len(rows) == cap(rows) || i == len(pairs)-1 {
			if _, err := pw.Write(rows); err != nil {
				f.Abort()
				return fmt.Errorf("report: write %s: %w", path, err)
			}
			rows = rows[:0]
		}
	}
	if err := pw.Close(); err != nil {
		f.Abort()
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	return f.Commit()
}

// SplitAllPairs moves the all-pairs table of s out of summary.json when it
// is larger than AllPairsJSONMax: it returns the entries to write to
// pairs.parquet and leaves all_pairs.pairs empty with pairs_file set. When
// always is true the entries are returned (for pairs.parquet) whatever the
// size, but stay in the JSON up to AllPairsJSONMax. ok is false when
// there is no table to write.
func (s *Summary) SplitAllPairs(always bool) (pairs []PairSummary, ok bool) {
	a := s.AllPairs
	if a == nil {
		return nil, false
	}
	pairs = a.Pairs
	if len(pairs) > AllPairsJSONMax {
		a.Pairs = []PairSummary{}
		a.PairsFile = PairsParquetName
		return pairs, true
	}
	return pairs, always
}
