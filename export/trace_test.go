package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"orbitnet/scenario"
)

// TestTraceReadBack parses the trace with encoding/csv and compares every
// row with the engine: delays, hops, loss during Saint Petersburg's ten
// seconds without a satellite, and path changes.
func TestTraceReadBack(t *testing.T) {
	sc, err := scenario.Parse("kuiper-shell.yaml", "", []byte(kuiperShellYAML))
	if err != nil {
		t.Fatal(err)
	}
	in := prepare(t, sc, 150*time.Second, 170*time.Second, 500*time.Millisecond, false)
	var buf bytes.Buffer
	if err := WriteTrace(context.Background(), &buf, in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), TraceHeader+"\n") {
		t.Fatalf("header %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	r := csv.NewReader(&buf)
	r.FieldsPerRecord = 10
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	paths, vals := enginePaths(t, in.Net)
	pairs := in.Net.NumListed()
	rows, losses, changes := 0, 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		step, k := rows/pairs, rows%pairs
		rows++
		if rec[0] != strconv.FormatFloat((time.Duration(step)*in.Net.Cfg.Step).Seconds(), 'f', -1, 64) || rec[1] != strconv.Itoa(k) ||
			rec[2] != in.PairNames[k][0] || rec[3] != in.PairNames[k][1] {
			t.Fatalf("row %d: %q, want step %d pair %d", rows, rec, step, k)
		}
		v := vals[step][k]
		if !v.Reachable() {
			losses++
			if rec[8] != "1" || rec[4] != "" || rec[5] != "" || rec[6] != "" {
				t.Errorf("row %d: %q, want loss 1 and no delay", rows, rec)
			}
			continue
		}
		ab, err1 := strconv.ParseFloat(rec[4], 64)
		ba, err2 := strconv.ParseFloat(rec[5], 64)
		rtt, err3 := strconv.ParseFloat(rec[6], 64)
		if err1 != nil || err2 != nil || err3 != nil || rec[8] != "0" {
			t.Fatalf("row %d: %q", rows, rec)
		}
		if math.Abs(ab-v.Delay.Ms()) > 5e-7 || ab != ba || math.Abs(rtt-2*v.Delay.Ms()) > 5e-7 || rec[7] != strconv.Itoa(int(v.Hops)) {
			t.Errorf("row %d: %q, engine delay %.9f ms, %d hops", rows, rec, v.Delay.Ms(), v.Hops)
		}
		want := "0"
		if step > 0 && paths[step-1][k] != nil && !equalPath(paths[step-1][k], paths[step][k]) {
			want = "1"
			changes++
		}
		if rec[9] != want {
			t.Errorf("row %d: path_change %s, want %s", rows, rec[9], want)
		}
	}
	if rows != in.Net.Cfg.Steps()*pairs {
		t.Errorf("%d rows, want %d", rows, in.Net.Cfg.Steps()*pairs)
	}
	if losses == 0 || changes == 0 {
		t.Errorf("%d loss rows and %d path changes: the window was chosen to have both", losses, changes)
	}
	t.Logf("%d rows, %d with loss, %d path changes", rows, losses, changes)
}

// TestAtomicWrites: a writer that fails leaves nothing behind, neither the
// file nor a temporary; a folder is replaced only when complete.
func TestAtomicWrites(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.czml")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := WriteFileAtomic(p, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("file is %q after a failed write, want the old content", b)
	}
	if err := WriteFileAtomic(p, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("file is %q, want new", b)
	}
	// a folder export refused part-way (a ground station missing) leaves the old folder
	out := filepath.Join(dir, "hyp")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	in := loadInput(t, "../cli/testdata/hypatia/scenario.yaml", 0, time.Second, 0, true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteHypatia(ctx, out, in); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want cancelled", err)
	}
	if _, err := os.Stat(filepath.Join(out, "keep")); err != nil {
		t.Errorf("the old folder was touched: %v", err)
	}
	if err := WriteHypatia(context.Background(), out, in); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "keep")); err == nil {
		t.Error("the old folder was not replaced")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "hyp x.czml" {
		t.Errorf("folder holds %v, want only hyp and x.czml", names)
	}
}
