// Package limits bounds what orbitnet reads from files a user gives it, so
// that a wrong file (/dev/zero, a log, a huge or hostile document) gets one
// clear error instead of unbounded memory: readers stop after a maximum
// number of bytes, and ReadFile refuses a regular file that is larger
// before reading any of it.
//
// The limits themselves are chosen by each format (a scenario, a TLE
// catalog, a CSV table, a GeoJSON outline); this package only enforces
// them.
package limits

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Limits of the formats orbitnet reads, in bytes. Each is far above the
// largest real input of its kind (noted) and keeps parsing within a few
// hundred MB of memory.
const (
	// Scenario is the largest scenario YAML file (embedded ones are < 4 KB;
	// the YAML library needs about 1 KB per value).
	Scenario = 1 << 20
	// Catalog is the largest TLE/3LE or OMM JSON file (the whole public
	// catalog of ~30,000 objects is ~5 MB as 3LE, ~25 MB as OMM JSON).
	Catalog = 64 << 20
	// Table is the largest CSV table: ground nodes, a demand matrix, a
	// list of laser links (the top-1000 cities are 60 KB).
	Table = 64 << 20
	// GeoJSON is the largest GeoJSON region (Natural Earth's 1:10m
	// countries are ~24 MB).
	GeoJSON = 64 << 20
)

// TooLargeError is returned when an input holds more than Max bytes.
type TooLargeError struct {
	Name string // the file, as given
	Max  int64
}

func (e *TooLargeError) Error() string { return e.Name + ": " + e.Reason() }

// Reason is the message without the file's name.
func (e *TooLargeError) Reason() string {
	return fmt.Sprintf("larger than %s, the most orbitnet reads from such a file", Size(e.Max))
}

// Size formats a byte count as orbitnet's messages do ("64 MiB", "512 KiB").
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// reader returns a TooLargeError once more than max bytes have been read.
type reader struct {
	r    io.Reader
	name string
	max  int64
	n    int64
}

// NewReader returns a reader of r that fails with a *TooLargeError after
// max bytes instead of reading more: wrap an io.Reader in it before handing
// it to a scanner or decoder that would otherwise read without end.
func NewReader(r io.Reader, name string, max int64) io.Reader {
	return &reader{r: r, name: name, max: max}
}

func (l *reader) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, &TooLargeError{Name: l.name, Max: l.max}
	}
	if rest := l.max + 1 - l.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		return n - int(l.n-l.max), &TooLargeError{Name: l.name, Max: l.max}
	}
	return n, err
}

// ReadAll reads r to the end, or fails with a *TooLargeError once it has
// given more than max bytes (never holding more than max+1 of them).
func ReadAll(r io.Reader, name string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(b)) > max {
		return nil, &TooLargeError{Name: name, Max: max}
	}
	return b, nil
}

// ReadFile reads the file at path, refusing one larger than max bytes:
// a regular file by its size before reading, anything else (a device, a
// pipe) once max bytes have been read. The error wraps os.ErrNotExist etc.
// as os.ReadFile's does.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil {
		if fi.IsDir() {
			return nil, &os.PathError{Op: "read", Path: path, Err: errors.New("is a folder")}
		}
		if fi.Mode().IsRegular() && fi.Size() > max {
			return nil, &TooLargeError{Name: path, Max: max}
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &TooLargeError{Name: path, Max: max}
	}
	return b, nil
}

// Repeat is an endless reader that gives text over and over, for tests of
// readers fed /dev/zero-like input (a zero-length text gives zero bytes).
type Repeat struct {
	Text string
	off  int
}

func (r *Repeat) Read(p []byte) (int, error) {
	if r.Text == "" {
		clear(p)
		return len(p), nil
	}
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.Text[r.off:])
		n += c
		r.off = (r.off + c) % len(r.Text)
	}
	return n, nil
}
