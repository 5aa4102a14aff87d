package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkPhases/1584sats-100cities/positions-2         	      10	   1000000 ns/op
BenchmarkPhases/1584sats-100cities/positions-2         	      10	   3000000 ns/op
BenchmarkPhases/1584sats-100cities/positions-2         	      10	   2000000 ns/op
BenchmarkPhases/4408sats-100cities/positions-2         	      10	   8000000 ns/op
BenchmarkPhases/4408sats-100cities/routing-kept         	      10	  16000000 ns/op
point W3 29988 186
PASS
`

// The median of each benchmark, the slope between the constellation
// sizes, and a plot file.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	if err := os.WriteFile(in, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "cost.png")
	var b strings.Builder
	if err := run([]string{out, in}, &b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"| satellites | cities (all pairs) | positions | routing-kept |",
		"| 1584 | 100 | 2 | — |",
		"| 4408 | 100 | 8 | 16 |",
		"slope positions, 100 cities: 1.35", // log(8/2)/log(4408/1584)
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Errorf("plot: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	os.WriteFile(in, []byte("point W3 -5 abc\n"), 0o644)
	err := run([]string{filepath.Join(dir, "x.png"), in}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "bench.txt:1: point") {
		t.Errorf("err = %v", err)
	}
	os.WriteFile(in, []byte("nothing\n"), 0o644)
	if err := run([]string{filepath.Join(dir, "x.png"), in}, &strings.Builder{}); err == nil {
		t.Error("no benchmark lines: no error")
	}
}
