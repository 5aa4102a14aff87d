package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// atomicFileMode is the permission of a committed file: the mode os.Create
// gives under the usual 022 umask. It is set explicitly (the umask does not
// apply) because os.CreateTemp creates files 0600.
const atomicFileMode = 0o644

// atomicBufferSize is the size of the write buffer in front of the temporary
// file.
const atomicBufferSize = 256 << 10

// AtomicFile is a file written under a temporary name in the destination's
// directory and renamed into place by Commit; Abort (or Commit failing)
// removes the temporary file. Safe to call Abort after Commit (no-op).
//
// The temporary file is named "." + base name + "." + process id + "-" +
// random digits + ".tmp" (for rtt.csv, something like
// .rtt.csv.4242-123456789.tmp): hidden, next to the
// destination so the rename stays on one file system, and obviously
// temporary if a crash leaves it behind (RemoveStale removes those of dead
// processes). Readers of the destination see either the old file or the complete new one, never a partial write.
//
// The usual pattern is
//
//	f, err := CreateAtomic(path)
//	if err != nil {
//		return err
//	}
//	defer f.Abort() // no-op once committed
//	... write to f ...
//	return f.Commit()
//
// An AtomicFile is not safe for concurrent use.
type AtomicFile struct {
	path string // destination
	tmp  *os.File
	buf  *bufio.Writer
	done bool // committed or aborted: tmp is closed
}

var _ io.Writer = (*AtomicFile)(nil)

// CreateAtomic creates the temporary file for path in path's directory,
// which must exist. Nothing appears at path until Commit.
func CreateAtomic(path string) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return nil, fmt.Errorf("report: create %q: not a file name", path)
	}
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+"."+strconv.Itoa(os.Getpid())+"-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("report: create %s: %w", path, err)
	}
	// os.CreateTemp makes the file 0600; give the result ordinary permissions.
	if err := tmp.Chmod(atomicFileMode); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("report: create %s: %w", path, err)
	}
	return &AtomicFile{path: path, tmp: tmp, buf: bufio.NewWriterSize(tmp, atomicBufferSize)}, nil
}

// Path returns the destination path, the one given to CreateAtomic.
func (f *AtomicFile) Path() string { return f.path }

// Write appends p to the temporary file (through a buffer). It returns
// os.ErrClosed after Commit or Abort.
func (f *AtomicFile) Write(p []byte) (int, error) {
	if f.done {
		return 0, fmt.Errorf("report: write %s: %w", f.path, os.ErrClosed)
	}
	return f.buf.Write(p)
}

// Commit flushes the buffer, syncs and closes the temporary file, renames it
// to the destination (replacing any file there) and syncs the directory so
// that the rename survives a crash. If any step before the rename fails the
// temporary file is removed and the destination is untouched. Commit may be
// called once; later calls return os.ErrClosed.
func (f *AtomicFile) Commit() error { return f.commit(true) }

// commit is Commit; with syncParent false it leaves syncing the directory
// to the caller (OutputDir.Commit syncs its staging folder once for all
// its files).
func (f *AtomicFile) commit(syncParent bool) error {
	if f.done {
		return fmt.Errorf("report: commit %s: %w", f.path, os.ErrClosed)
	}
	f.done = true
	name := f.tmp.Name()
	err := f.buf.Flush()
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, f.path)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("report: write %s: %w", f.path, err)
	}
	if !syncParent {
		return nil
	}
	if err := syncDir(filepath.Dir(f.path)); err != nil {
		return fmt.Errorf("report: %s written, but syncing its directory failed: %w", f.path, err)
	}
	return nil
}

// Abort closes and removes the temporary file, leaving the destination as it
// was. It is a no-op after Commit or a previous Abort.
func (f *AtomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// syncDir fsyncs a directory so that a rename into it is durable. File
// systems that cannot sync a directory (EINVAL) are not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}

// WriteFileAtomic writes data to path atomically: a reader of path sees the
// old contents or all of data, never a mixture.
func WriteFileAtomic(path string, data []byte) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	return f.Commit()
}
