package region

import (
	"strings"
	"testing"

	"orbitnet/internal/limits"
)

// TestReadEndless: /dev/zero-like input stops with one error naming the file.
func TestReadEndless(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	_, err := Read(&limits.Repeat{Text: " "}, "r.geojson")
	if err == nil || !strings.Contains(err.Error(), "r.geojson: larger than 64 MiB") {
		t.Errorf("got %v", err)
	}
}
