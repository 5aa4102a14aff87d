package scenario

import (
	"strings"
	"testing"
)

// TestUnknownKeyHelp: an unknown key is reported with its place in the
// file, the key it most likely meant and the keys valid there.
func TestUnknownKeyHelp(t *testing.T) {
	for _, tc := range []struct {
		yaml, want string
	}{
		{"nmae: x\n", `t.yaml:1:1: unknown field "nmae"; did you mean name? valid keys here: name, description,`},
		{"constellation:\n  shells: [{name: a, planes: 2, per_plne: 3}]\n", `t.yaml:2:33: constellation.shells[]: unknown field "per_plne"; did you mean per_plane?`},
		{"failures:\n  - {name: x, kind: satellites, fracton: 0.1}\n", `t.yaml:2:33: failures[]: unknown field "fracton"; did you mean fraction?`},
		{"ground:\n  stations: {presett: cities-top100}\n", `t.yaml:2:14: ground.stations: unknown field "presett"; did you mean preset?`},
		{"links: {isl: {pattern: none, range: 3}}\n", `t.yaml:1:30: links.isl: unknown field "range"; did you mean max_range_km?`},
		{"output:\n  forwardng: true\n", `t.yaml:2:3: output: unknown field "forwardng"; did you mean forwarding?`},
		{"routing: {mode: isl, zzzzzz: 1}\n", `t.yaml:1:22: routing: unknown field "zzzzzz"; valid keys here: mode`},
	} {
		_, err := Parse("t.yaml", "", []byte(tc.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s…", tc.yaml, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error spans lines: %q", tc.yaml, err)
		}
	}
}
