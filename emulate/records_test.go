package emulate

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// sampleRecords are a few rows covering an outage, a rate, an empty bucket
// and a pair name that needs quoting.
var sampleRecords = []Record{
	{Time: 0, Pair: "Kyiv-Frankfurt", Direction: AtoB, IntendedDelay: 20 * ms, Up: true, AppliedDelay: 20120 * time.Microsecond, Forwarded: 3},
	{Time: 0, Pair: "Kyiv-Frankfurt", Direction: BtoA, IntendedDelay: 22 * ms, Up: true},
	{Time: 100 * ms, Pair: "Kyiv-Frankfurt", Direction: AtoB, IntendedDelay: 35 * ms, Up: false, Dropped: 4},
	{Time: 100 * ms, Pair: "Kyiv-Frankfurt", Direction: BtoA, IntendedDelay: 35 * ms, Up: true, RateBps: 8e6, AppliedDelay: 36500 * time.Microsecond, Forwarded: 1, Dropped: 1},
	{Time: 1500 * ms, Pair: "Lviv, UA", Direction: AtoB, IntendedDelay: 1234567 * time.Nanosecond, Up: true, RateBps: 1.5e9},
}

func TestEncodeCSVGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeCSV(&buf, sampleRecords); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "emulation.csv")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("EncodeCSV differs from %s (run with -update if intended):\n%s", golden, buf.Bytes())
	}
}

func TestWriteCSVAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "emulation.csv")
	if err := os.WriteFile(path, []byte("old contents\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(path, sampleRecords); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	EncodeCSV(&want, sampleRecords)
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("file holds %q, %v; want %q", got, err, want.Bytes())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only emulation.csv (temporary file left?)", len(ents))
	}
	if err := WriteCSV(filepath.Join(dir, "missing", "x.csv"), sampleRecords); err == nil {
		t.Error("WriteCSV into a missing directory succeeded")
	}
}
