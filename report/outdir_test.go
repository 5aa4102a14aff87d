package report

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// deadPid is a process id above Linux's largest pid_max, so never alive.
const deadPid = "1073741824"

func writeOutputs(t *testing.T, d *OutputDir, files map[string]string) {
	t.Helper()
	for name, text := range files {
		f, err := d.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
}

// listing returns "name=contents" (files) and "name/" (folders) under dir,
// recursively, sorted.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		if e.IsDir() {
			out = append(out, rel+"/")
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, rel+"="+string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func mustWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOutputDirCommit(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "run")
	// a previous run's outputs, another command's subfolder, a user's file
	// and a temporary file of a killed run
	mustWrite(t, filepath.Join(dest, "rtt.csv"), "old rtt")
	mustWrite(t, filepath.Join(dest, "paths.csv"), "old paths")
	mustWrite(t, filepath.Join(dest, "coverage-ukraine", "coverage.csv"), "cov")
	mustWrite(t, filepath.Join(dest, "notes.txt"), "mine")
	mustWrite(t, filepath.Join(dest, ".rtt.png."+deadPid+"-7.tmp"), "partial")
	d, err := CreateOutputDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	writeOutputs(t, d, map[string]string{"rtt.csv": "new rtt", "summary.json": "{}"})
	// nothing visible before the commit
	if got := listing(t, dest); strings.Join(got, " ") != "coverage-ukraine/ coverage-ukraine/coverage.csv=cov notes.txt=mine paths.csv=old paths rtt.csv=old rtt" {
		t.Errorf("before commit: %q", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	want := "coverage-ukraine/ coverage-ukraine/coverage.csv=cov notes.txt=mine paths.csv=old paths rtt.csv=new rtt summary.json={}"
	if got := listing(t, dest); strings.Join(got, " ") != want {
		t.Errorf("after commit:\n got %q\nwant %q", strings.Join(got, " "), want)
	}
	if got := listing(t, parent); len(got) != 7 { // run/ and what it holds: nothing next to it
		t.Errorf("leftovers next to the output folder: %q", got)
	}
	if err := d.Commit(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("second commit: %v", err)
	}
}

func TestOutputDirNew(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "a", "b")
	d, err := CreateOutputDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	writeOutputs(t, d, map[string]string{"x.csv": "x"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(listing(t, filepath.Join(parent, "a")), " "); got != "b/ b/x.csv=x" {
		t.Errorf("got %q", got)
	}
}

// TestOutputDirFailure: a failure at any point leaves the destination as it
// was and nothing next to it.
func TestOutputDirFailure(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func(old, new string) bool // which rename fails
	}{
		{"swap fails", func(o, n string) bool { return strings.HasSuffix(n, "run") && strings.Contains(o, ".run.") }},
		{"moving aside fails", func(o, n string) bool { return strings.HasSuffix(o, "run") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "run")
			mustWrite(t, filepath.Join(dest, "rtt.csv"), "old")
			d, err := CreateOutputDir(dest)
			if err != nil {
				t.Fatal(err)
			}
			writeOutputs(t, d, map[string]string{"rtt.csv": "new", "rtt.png": "png"})
			failed := false
			renameHook = func(o, n string) error {
				if !failed && tc.fail(o, n) {
					failed = true
					return errors.New("injected failure")
				}
				return os.Rename(o, n)
			}
			defer func() { renameHook = nil }()
			if err := d.Commit(); err == nil || !strings.Contains(err.Error(), "injected failure") {
				t.Fatalf("commit: %v", err)
			}
			if got := strings.Join(listing(t, parent), " "); got != "run/ run/rtt.csv=old" {
				t.Errorf("after a failed commit: %q", got)
			}
		})
	}
	t.Run("abort", func(t *testing.T) {
		parent := t.TempDir()
		dest := filepath.Join(parent, "run")
		d, err := CreateOutputDir(dest)
		if err != nil {
			t.Fatal(err)
		}
		writeOutputs(t, d, map[string]string{"rtt.csv": "new"})
		d.Abort()
		d.Abort()
		if got := listing(t, parent); len(got) != 0 {
			t.Errorf("after abort: %q", got)
		}
	})
}

// TestOutputDirWriteFailure: a write that fails (as on a full disk) fails
// the commit and leaves nothing behind.
func TestOutputDirWriteFailure(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "run")
	d, err := CreateOutputDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	f, err := d.Create("rtt.csv")
	if err != nil {
		t.Fatal(err)
	}
	f.tmp.Close() // every later write and flush fails
	f.Write(make([]byte, 2*atomicBufferSize))
	if err := d.Commit(); err == nil {
		t.Fatal("commit after a failed write succeeded")
	}
	if got := listing(t, parent); len(got) != 0 {
		t.Errorf("after a failed write: %q", got)
	}
}

// TestOutputDirCommitMany: more files than Commit syncs at once, over an
// earlier run's folder; when two of them cannot be written, Commit names
// the first in creation order (whatever the timing), leaves the earlier
// run's folder as it was and removes the staging folder.
func TestOutputDirCommitMany(t *testing.T) {
	for _, fail := range []bool{false, true} {
		parent := t.TempDir()
		dest := filepath.Join(parent, "run")
		mustWrite(t, filepath.Join(dest, "old.txt"), "earlier")
		d, err := CreateOutputDir(dest)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := range 3*commitParallel + 1 {
			name := "f" + itoa(100+i) + ".txt"
			f, err := d.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if fail && (i == 2*commitParallel+3 || i == 2*commitParallel+7) {
				f.tmp.Close() // its flush fails
				f.Write(make([]byte, 2*atomicBufferSize))
				continue
			}
			f.Write([]byte(name))
			want = append(want, "run/"+name+"="+name)
		}
		err = d.Commit()
		if fail {
			if err == nil || !strings.Contains(err.Error(), "f"+itoa(100+2*commitParallel+3)+".txt") {
				t.Fatalf("commit with two unwritable files: %v; want the first one's error", err)
			}
			if got := strings.Join(listing(t, parent), " "); got != "run/ run/old.txt=earlier" {
				t.Fatalf("after a failed commit: %q", got)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		// (Commit carries over what the earlier run wrote and this one did not)
		if got, want := strings.Join(listing(t, parent), " "), "run/ "+strings.Join(want, " ")+" run/old.txt=earlier"; got != want {
			t.Fatalf("after commit:\n got %q\nwant %q", got, want)
		}
	}
}

// TestRemoveStale: what a killed run leaves is cleaned up by the next one,
// and what a live process is writing is left alone.
func TestRemoveStale(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "run")
	live := ".run." + itoa(os.Getppid()) + "-1.tmp"
	mustWrite(t, filepath.Join(dest, "rtt.csv"), "current")
	// a staging folder of a dead run (it has its marker)
	mustWrite(t, filepath.Join(parent, ".run."+deadPid+"-2.tmp", stagingMarker+deadPid+"-2"), "")
	mustWrite(t, filepath.Join(parent, ".run."+deadPid+"-2.tmp", "rtt.csv"), "partial")
	// an old folder moved aside by a run killed just after its swap
	mustWrite(t, filepath.Join(parent, ".run."+deadPid+"-3.tmp", "rtt.csv"), "older")
	mustWrite(t, filepath.Join(parent, ".run."+deadPid+"-3.tmp", "coverage-x", "coverage.csv"), "cov")
	// a staging folder of a live process, another folder's leftovers, an old-style temporary file
	mustWrite(t, filepath.Join(parent, live, stagingMarker+"x"), "")
	mustWrite(t, filepath.Join(parent, ".other."+deadPid+"-4.tmp", "a"), "")
	mustWrite(t, filepath.Join(dest, ".rtt.csv.123456789.tmp"), "old-style")
	mustWrite(t, filepath.Join(dest, stagingMarker+deadPid+"-5"), "")
	RemoveStale(dest)
	want := ".other." + deadPid + "-4.tmp/ .other." + deadPid + "-4.tmp/a= " + live + "/ " + live + "/" + stagingMarker + "x= run/ run/coverage-x/ run/coverage-x/coverage.csv=cov run/rtt.csv=current"
	if got := strings.Join(listing(t, parent), " "); got != want {
		t.Errorf("after RemoveStale:\n got %q\nwant %q", got, want)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestOutputDirRefusesWorkingFolder(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{".", "..", wd, "/"} {
		if d, err := CreateOutputDir(dest); err == nil {
			d.Abort()
			t.Errorf("CreateOutputDir(%q) accepted", dest)
		}
	}
	f := filepath.Join(t.TempDir(), "file")
	mustWrite(t, f, "x")
	if _, err := CreateOutputDir(f); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file as output folder: %v", err)
	}
}

// TestOutputDirSymlink: an output folder given as a symbolic link stays a
// link; the folder it points to gets the outputs.
func TestOutputDirSymlink(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "real")
	mustWrite(t, filepath.Join(target, "keep.txt"), "k")
	link := filepath.Join(parent, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	d, err := CreateOutputDir(link)
	if err != nil {
		t.Fatal(err)
	}
	writeOutputs(t, d, map[string]string{"rtt.csv": "new"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is gone: %v", err)
	}
	if got := strings.Join(listing(t, target), " "); got != "keep.txt=k rtt.csv=new" {
		t.Errorf("target holds %q", got)
	}
}

func TestPlainNames(t *testing.T) {
	for in, want := range map[string]string{
		"write tiny/.out.11397-971864870.tmp/.rtt.csv.11397-2096596704.tmp: no space left on device": "write tiny/out/rtt.csv: no space left on device",
		"report: write .out.1-2.tmp/rtt.png: x":                                                      "report: write out/rtt.png: x",
		"open /a/.b.c.12-3.tmp failed":                                                               "open /a/b.c failed",
		"nothing .here.tmp to change":                                                                "nothing .here.tmp to change",
	} {
		if got := PlainNames(in); got != want {
			t.Errorf("PlainNames(%q) = %q, want %q", in, got, want)
		}
	}
}
