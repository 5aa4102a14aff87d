package capacity

import (
	"strings"
	"testing"

	"orbitnet/internal/limits"
)

// TestReadDemandCSVEndless: /dev/zero stops with one error naming the file.
func TestReadDemandCSVEndless(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	_, err := ReadDemandCSV(&limits.Repeat{}, "demand.csv", []string{"a", "b"})
	if err == nil || !strings.Contains(err.Error(), "demand.csv: larger than 64 MiB") {
		t.Errorf("zeros: %v", err)
	}
}
