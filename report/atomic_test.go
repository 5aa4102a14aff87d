package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirEntries lists the names in dir, failing the test on error.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestAtomicFileCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rtt.csv")
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if f.Path() != path {
		t.Errorf("Path() = %q, want %q", f.Path(), path)
	}
	if _, err := f.Write([]byte("time_s,src\n")); err != nil {
		t.Fatal(err)
	}

	// Before Commit only the temporary file exists, and it looks temporary.
	names := dirEntries(t, dir)
	if len(names) != 1 || !strings.HasPrefix(names[0], ".rtt.csv.") || !strings.HasSuffix(names[0], ".tmp") {
		t.Fatalf("before Commit, directory holds %q; want one .rtt.csv.*.tmp", names)
	}

	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "time_s,src\n" {
		t.Errorf("contents = %q", got)
	}
	if names := dirEntries(t, dir); len(names) != 1 || names[0] != "rtt.csv" {
		t.Errorf("after Commit, directory holds %q; want [rtt.csv]", names)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != atomicFileMode {
		t.Errorf("mode = %v, want %v", fi.Mode().Perm(), os.FileMode(atomicFileMode))
	}

	// After Commit: Abort is a no-op, Write and Commit report ErrClosed.
	f.Abort()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after Commit removed the file: %v", err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Commit: err = %v, want os.ErrClosed", err)
	}
	if err := f.Commit(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("second Commit: err = %v, want os.ErrClosed", err)
	}
}

func TestAtomicFileAbortKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "summary.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new, partial")); err != nil {
		t.Fatal(err)
	}
	f.Abort()
	f.Abort() // twice is fine
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "old" {
		t.Errorf("after Abort, contents = %q, want %q", got, "old")
	}
	if names := dirEntries(t, dir); len(names) != 1 {
		t.Errorf("after Abort, directory holds %q; want only summary.json", names)
	}
	if err := f.Commit(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Commit after Abort: err = %v, want os.ErrClosed", err)
	}
}

func TestAtomicFileCommitFailureRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	// The destination is a non-empty directory, so the rename fails.
	path := filepath.Join(dir, "out")
	if err := os.MkdirAll(filepath.Join(path, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("data"))
	if err := f.Commit(); err == nil {
		t.Fatal("Commit over a non-empty directory succeeded")
	}
	if names := dirEntries(t, dir); len(names) != 1 || names[0] != "out" {
		t.Errorf("after failed Commit, directory holds %q; want [out]", names)
	}
}

func TestCreateAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{
		filepath.Join(dir, "missing", "x.csv"), // no such directory
		dir + string(filepath.Separator),       // no file name
	} {
		if f, err := CreateAtomic(path); err == nil {
			f.Abort()
			t.Errorf("CreateAtomic(%q) succeeded", path)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	for _, want := range []string{"first", "second, longer", ""} {
		if err := WriteFileAtomic(path, []byte(want)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("contents = %q, want %q", got, want)
		}
	}
	if names := dirEntries(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q; want only a.txt", names)
	}
}

func TestAtomicFileLargeWrite(t *testing.T) {
	// More than the buffer, in odd-sized pieces.
	path := filepath.Join(t.TempDir(), "big.bin")
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	var want []byte
	chunk := make([]byte, 12345)
	for i := 0; len(want) < 3*atomicBufferSize; i++ {
		for j := range chunk {
			chunk[j] = byte(i + j)
		}
		f.Write(chunk)
		want = append(want, chunk...)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("read back %d bytes differing from the %d written", len(got), len(want))
	}
}
