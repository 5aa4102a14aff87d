package topology

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"orbitnet/internal/limits"
)

// ReadISLs reads a list of laser links in Hypatia's isls.txt form: one link
// per line, two 0-based satellite indices separated by white space (blank
// lines and lines starting with # are skipped). Indices must be below nSats;
// a link may not join a satellite to itself, and a link listed twice (in
// either order) is an error. Errors name the file and line.
func ReadISLs(r io.Reader, filename string, nSats int) ([][2]int32, error) {
	sc := bufio.NewScanner(limits.NewReader(r, filename, limits.Table))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	var links [][2]int32
	seen := map[[2]int32]int{}
	lineNo := 0
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", filename, lineNo, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fail("expected two satellite indices, got %q", clipText(line))
		}
		var ab [2]int32
		for i, x := range f {
			v, err := strconv.ParseInt(x, 10, 32)
			if err != nil {
				return nil, fail("satellite index %q is not an integer", clipText(x))
			}
			if v < 0 || v >= int64(nSats) {
				return nil, fail("satellite index %d out of range: the constellation has %d satellites (indices 0 to %d)", v, nSats, nSats-1)
			}
			ab[i] = int32(v)
		}
		if ab[0] == ab[1] {
			return nil, fail("links satellite %d to itself", ab[0])
		}
		key := [2]int32{min(ab[0], ab[1]), max(ab[0], ab[1])}
		if prev, ok := seen[key]; ok {
			return nil, fail("link %d–%d already listed on line %d", key[0], key[1], prev)
		}
		seen[key] = lineNo
		links = append(links, ab)
	}
	if err := sc.Err(); err != nil {
		var tl *limits.TooLargeError
		if errors.As(err, &tl) {
			return nil, err
		}
		return nil, fmt.Errorf("%s:%d: %w", filename, lineNo+1, err)
	}
	return links, nil
}

func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
