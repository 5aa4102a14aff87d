package emulate

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Record is one row of emulation.csv: what one direction of one pair did
// during one time bucket. Packets belong to the bucket of their send instant.
type Record struct {
	Time      time.Duration // start of the bucket, emulated time since the start
	Pair      string
	Direction Direction
	// IntendedDelay, Up and RateBps are the schedule's conditions at the
	// start of the bucket.
	IntendedDelay time.Duration
	Up            bool
	RateBps       float64
	// AppliedDelay is the mean delay, in emulated time, of the packets
	// forwarded in the bucket, from the emulator reading each packet to
	// it writing it (queueing and serialisation included); meaningful only
	// when Forwarded > 0.
	AppliedDelay time.Duration
	Forwarded    uint64
	Dropped      uint64
}

// CSVHeader is the header row of emulation.csv.
const CSVHeader = "time_s,pair,direction,intended_delay_ms,applied_delay_ms,up,rate_bps,packets_forwarded,packets_dropped"

// EncodeCSV writes recs to w as emulation.csv: the CSVHeader row, then one
// row per record, times in seconds and delays in milliseconds with
// microsecond resolution; applied_delay_ms is empty when no packet was
// forwarded, up is 1 or 0, rate_bps is 0 for an unlimited rate.
func EncodeCSV(w io.Writer, recs []Record) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if _, err := bw.WriteString(CSVHeader + "\n"); err != nil {
		return err
	}
	row := make([]string, 9)
	for _, r := range recs {
		row[0] = strconv.FormatFloat(r.Time.Seconds(), 'f', 3, 64)
		row[1] = r.Pair
		row[2] = r.Direction.String()
		row[3] = formatMillis(r.IntendedDelay)
		row[4] = ""
		if r.Forwarded > 0 {
			row[4] = formatMillis(r.AppliedDelay)
		}
		row[5] = "0"
		if r.Up {
			row[5] = "1"
		}
		row[6] = strconv.FormatFloat(r.RateBps, 'f', -1, 64)
		row[7] = strconv.FormatUint(r.Forwarded, 10)
		row[8] = strconv.FormatUint(r.Dropped, 10)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// formatMillis formats d in milliseconds with three decimals.
func formatMillis(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64)
}

// WriteCSV writes recs to path as emulation.csv (see EncodeCSV) atomically:
// to a temporary file in the same directory, synced, then renamed over path,
// so a reader never sees a partial file.
func WriteCSV(path string, recs []Record) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("emulate: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("emulate: write %s: %w", path, err)
		}
	}()
	if err = EncodeCSV(f, recs); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
