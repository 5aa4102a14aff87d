package region

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		query           string
		name, iso, iso2 string
	}{
		{"UA", "Ukraine", "UKR", "UA"},
		{"UKR", "Ukraine", "UKR", "UA"},
		{"Ukraine", "Ukraine", "UKR", "UA"},
		{"ukraine", "Ukraine", "UKR", "UA"},
		{"  UKRAINE ", "Ukraine", "UKR", "UA"},
		{"ua", "Ukraine", "UKR", "UA"},
		{"France", "France", "FRA", "FR"},
		{"FR", "France", "FRA", "FR"},
		{"FRA", "France", "FRA", "FR"},
		{"French Republic", "France", "FRA", "FR"},
		{"Norway", "Norway", "NOR", "NO"},
		{"NO", "Norway", "NOR", "NO"},
		{"Russian Federation", "Russia", "RUS", "RU"},
		{"RU", "Russia", "RUS", "RU"},
		{"Poland", "Poland", "POL", "PL"},
		{"Czech Republic", "Czechia", "CZE", "CZ"},
		{"Côte d'Ivoire", "Ivory Coast", "CIV", "CI"},
		{"cote divoire", "Ivory Coast", "CIV", "CI"},
		{"United States", "United States of America", "USA", "US"},
		{"US", "United States of America", "USA", "US"},
		{"America", "United States of America", "USA", "US"},
		{"UK", "United Kingdom", "GBR", "GB"},
		{"Great Britain", "United Kingdom", "GBR", "GB"},
		{"Bosnia", "Bosnia and Herzegovina", "BIH", "BA"},
		{"Eswatini", "Swaziland", "SWZ", "SZ"},
		{"North Macedonia", "Macedonia", "MKD", "MK"},
		{"Türkiye", "Turkey", "TUR", "TR"},
		{"Burma", "Myanmar", "MMR", "MM"},
		{"Kosovo", "Kosovo", "", "XK"},
		{"KOS", "Kosovo", "", "XK"},
		{"Republic of Korea", "South Korea", "KOR", "KR"},
		{"Dem. Rep. Congo", "Democratic Republic of the Congo", "COD", "CD"},
	}
	for _, tc := range tests {
		r, err := Lookup(tc.query)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tc.query, err)
			continue
		}
		if r.Name != tc.name || r.ISO != tc.iso || r.ISO2 != tc.iso2 {
			t.Errorf("Lookup(%q) = %q %q %q, want %q %q %q", tc.query, r.Name, r.ISO, r.ISO2, tc.name, tc.iso, tc.iso2)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	tests := []struct{ query, want string }{
		{"Ukrane", `unknown region "Ukrane"; did you mean Ukraine?`},
		{"Polnad", `unknown region "Polnad"; did you mean Poland?`},
		{"Atlantis", `unknown region "Atlantis"`},
		{"Korea", `unknown region "Korea"; did you mean Korea, South or Korea, North?`},
		{"", `unknown region ""`},
	}
	for _, tc := range tests {
		_, err := Lookup(tc.query)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Lookup(%q) error = %v, want %s", tc.query, err, tc.want)
		}
		var ue *UnknownError
		if !errors.As(err, &ue) {
			t.Errorf("Lookup(%q) error is %T, not *UnknownError", tc.query, err)
		}
	}
}

// TestLookupUkraine checks that Ukraine is the Crimea-inclusive outline
// and that Russia lost exactly its Crimea polygon.
func TestLookupUkraine(t *testing.T) {
	ua := mustLookup(t, "Ukraine")
	if b := ua.Bounds(); b.MinLat > 44.4 || b.MinLat < 44.3 {
		t.Errorf("Ukraine reaches south to %v°, want Crimea's 44.36°", b.MinLat)
	}
	if len(ua.polys) != 1 || len(ua.polys[0].rings[0]) != 98 {
		t.Errorf("Ukraine: %d polygons, want the 98-vertex outline of data/ukraine-outline", len(ua.polys))
	}
	ru := mustLookup(t, "Russia")
	if len(ru.polys) != 13 {
		t.Errorf("Russia: %d polygons, want Natural Earth's 14 less Crimea", len(ru.polys))
	}
	for _, p := range ru.polys {
		if within(p.bounds, crimea) {
			t.Errorf("Russia still has a polygon in Crimea: %+v", p.bounds)
		}
	}
}

func TestLookupReturnsCopies(t *testing.T) {
	r := mustLookup(t, "Ukraine")
	r.Name = "changed"
	if mustLookup(t, "UA").Name != "Ukraine" {
		t.Error("Lookup returned shared storage")
	}
}

func TestNames(t *testing.T) {
	names := Names()
	if len(names) != 177 {
		t.Errorf("%d names, want Natural Earth's 177", len(names))
	}
	if !slices.IsSorted(names) || !slices.Contains(names, "Ukraine") {
		t.Errorf("Names() = %v", names)
	}
	for _, n := range names {
		if _, err := Lookup(n); err != nil {
			t.Errorf("Lookup(%q) of a listed name: %v", n, err)
		}
	}
}

// TestEmbeddedChecksums checks that every embedded data file is the
// byte-identical copy that its PROVENANCE.md records.
func TestEmbeddedChecksums(t *testing.T) {
	sha := regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	n := 0
	err := fs.WalkDir(data, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) == "PROVENANCE.md" {
			return err
		}
		prov, err := data.ReadFile(path.Join(path.Dir(p), "PROVENANCE.md"))
		if err != nil {
			t.Errorf("%s: no PROVENANCE.md beside it", p)
			return nil
		}
		b, _ := data.ReadFile(p)
		sum := sha256.Sum256(b)
		var want string
		for _, line := range strings.Split(string(prov), "\n") {
			if strings.HasPrefix(line, "| `"+path.Base(p)+"`") {
				want = sha.FindString(line)
			}
		}
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: sha256 %s, PROVENANCE.md says %q", p, got, want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("checked %d data files, want 2", n)
	}
}
