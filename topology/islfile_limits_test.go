package topology

import (
	"strings"
	"testing"

	"orbitnet/internal/limits"
)

// TestReadISLsEndless: /dev/zero or an endless stream of comments stops
// with one error naming the file.
func TestReadISLsEndless(t *testing.T) {
	if _, err := ReadISLs(&limits.Repeat{}, "isls.txt", 10); err == nil || !strings.Contains(err.Error(), "isls.txt:1: ") {
		t.Errorf("zeros: %v", err)
	}
	if testing.Short() {
		return
	}
	_, err := ReadISLs(&limits.Repeat{Text: "# c\n"}, "isls.txt", 10)
	if err == nil || err.Error() != "isls.txt: larger than 64 MiB, the most orbitnet reads from such a file" {
		t.Errorf("comments: %v", err)
	}
}
