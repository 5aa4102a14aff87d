package tle

import (
	"errors"
	"strings"
	"testing"

	"orbitnet/internal/limits"
)

// TestEndlessInput: /dev/zero, an endless stream of comments or of element
// sets stop with one error instead of growing without bound.
func TestEndlessInput(t *testing.T) {
	l1 := "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
	l2 := "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"
	for _, c := range []struct {
		name, text, want string
	}{
		{"zeros", "", "token too long"},
		{"comments", "# nothing\n", "larger than 64 MiB"},
		{"element sets", "ISS\n" + l1 + "\n" + l2 + "\n", "more than 200000 element sets"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && c.name != "zeros" {
				t.Skip("reads 64 MiB")
			}
			_, err := Read(&limits.Repeat{Text: c.text}, Options{Filename: "endless.tle"})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "endless.tle") {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
	_, err := ReadOMM(&limits.Repeat{Text: "[{}"}, Options{Filename: "endless.json"})
	var tl *limits.TooLargeError
	if !errors.As(err, &tl) || err.Error() != "endless.json: larger than 64 MiB, the most orbitnet reads from such a file" {
		t.Errorf("OMM: %v", err)
	}
}
