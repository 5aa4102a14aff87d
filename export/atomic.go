package export

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes a file through fill: the bytes go to a hidden
// temporary file beside path, which is synced and renamed into place only
// when fill succeeds. On any error nothing appears at path (an earlier file
// there is left as it was).
func WriteFileAtomic(path string, fill func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return fmt.Errorf("export: %q is not a file name", path)
	}
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err = fill(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("export: write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("export: write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("export: write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// dirWriter builds an output folder under a hidden temporary name beside
// its destination; commit swaps it into place (replacing an earlier folder
// of that name), abort removes it.
type dirWriter struct {
	dest, tmp string
}

func newDirWriter(dest string) (*dirWriter, error) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Split(dest)
	if parent == "" {
		parent = "."
	}
	if fi, err := os.Stat(dest); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("export: %s exists and is not a folder", dest)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("export: %w", err)
	}
	return &dirWriter{dest: dest, tmp: tmp}, nil
}

// path returns where a file of the folder is written before the commit.
func (d *dirWriter) path(rel string) string { return filepath.Join(d.tmp, rel) }

// write writes one file of the folder.
func (d *dirWriter) write(rel string, fill func(w io.Writer) error) error {
	f, err := os.OpenFile(d.path(rel), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := fill(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("export: write %s: %w", filepath.Join(d.dest, rel), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: write %s: %w", filepath.Join(d.dest, rel), err)
	}
	return nil
}

func (d *dirWriter) abort() { os.RemoveAll(d.tmp) }

// commit puts the folder in place: an earlier folder at the destination is
// first moved aside, then removed once the new one is there.
func (d *dirWriter) commit() error {
	old := ""
	if _, err := os.Stat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			d.abort()
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			os.Rename(old, d.dest)
		}
		d.abort()
		return fmt.Errorf("export: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

func mkdir(p string) error {
	if err := os.Mkdir(p, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
