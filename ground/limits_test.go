package ground

import (
	"io"
	"strconv"
	"strings"
	"testing"

	"orbitnet/internal/limits"
)

// endlessRows gives a header and then rows with distinct names forever.
type endlessRows struct {
	buf []byte
	n   int
}

func (r *endlessRows) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) {
		if r.n == 0 {
			r.buf = append(r.buf, "name,lat_deg,lon_deg\n"...)
		}
		r.n++
		r.buf = append(r.buf, "n"+strconv.Itoa(r.n)+",1,2\n"...)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// TestReadCSVEndless: /dev/zero, an endless field or endless rows stop
// with one error naming the file.
func TestReadCSVEndless(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	for _, c := range []struct {
		name string
		r    io.Reader
		want string
	}{
		{"zeros", &limits.Repeat{}, "gs.csv: larger than 64 MiB"},
		{"one endless field", &limits.Repeat{Text: "name"}, "gs.csv: larger than 64 MiB"},
		{"rows", &endlessRows{}, "gs.csv:100002: more than 100000 ground nodes"},
	} {
		_, err := ReadCSV(c.r, "gs.csv", Station)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}
