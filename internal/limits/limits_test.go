package limits

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zeros is an endless reader, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestReaderStopsEndlessInput(t *testing.T) {
	b, err := io.ReadAll(NewReader(zeros{}, "zero", 1000))
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Max != 1000 || len(b) != 1000 {
		t.Fatalf("got %d bytes, %v", len(b), err)
	}
	if got := err.Error(); got != "zero: larger than 1000 bytes, the most orbitnet reads from such a file" {
		t.Errorf("message %q", got)
	}
	// exactly max bytes is fine
	if b, err := io.ReadAll(NewReader(strings.NewReader(strings.Repeat("x", 1000)), "x", 1000)); err != nil || len(b) != 1000 {
		t.Errorf("exactly at the limit: %d, %v", len(b), err)
	}
	if _, err := ReadAll(zeros{}, "zero", 4<<10); !errors.As(err, &tl) || !strings.Contains(err.Error(), "4 KiB") {
		t.Errorf("ReadAll: %v", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, make([]byte, 2000), 0o644); err != nil {
		t.Fatal(err)
	}
	var tl *TooLargeError
	if _, err := ReadFile(p, 1999); !errors.As(err, &tl) || tl.Name != p {
		t.Errorf("large file: %v", err)
	}
	if b, err := ReadFile(p, 2000); err != nil || len(b) != 2000 {
		t.Errorf("file at the limit: %d %v", len(b), err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 10); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadFile(dir, 10); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := ReadFile("/dev/zero", 1<<20); !errors.As(err, &tl) {
			t.Errorf("/dev/zero: %v", err)
		}
	}
}
