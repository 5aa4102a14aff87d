package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"orbitnet/internal/limits"
)

const shapeBase = "constellation: {preset: starlink-gen1/550}\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n"

// TestScenarioShapeLimits: oversized, deeply nested and alias-bomb
// scenarios are refused with one located line before the YAML library
// allocates for them (they took gigabytes before).
func TestScenarioShapeLimits(t *testing.T) {
	laughs := "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n"
	for i := 1; i <= 8; i++ {
		laughs += "a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat("*a"+string(rune('0'+i-1))+",", 9) + "*a" + string(rune('0'+i-1)) + "]\n"
	}
	for _, c := range []struct{ name, text, want string }{
		{"too large", "description: \"" + strings.Repeat("a", limits.Scenario) + "\"\n", "big.yaml: larger than 1 MiB"},
		{"deep flow", "pairs: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n", "big.yaml:1:71: nested more than 64 deep"},
		{"deep mapping", "pairs: " + strings.Repeat("{a: ", 1000) + "1" + strings.Repeat("}", 1000) + "\n", "big.yaml:1:260: nested more than 64 deep"},
		{"deep dashes", "pairs:\n" + strings.Repeat("- ", 1000) + "x\n", "big.yaml:2:127: nested more than 64 deep"},
		{"deep block", deepBlock(100), "big.yaml:65:65: nested more than 64 deep"},
		{"many values", "pairs: [" + strings.Repeat("1,", MaxValues) + "1]\n", "more than 100000 values"},
		{"billion laughs", laughs + "pairs: *a8\n", "big.yaml: expands to more than 100000 values through aliases"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("big.yaml", "", []byte(c.text))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
			var se *Error
			if !errors.As(err, &se) && !strings.Contains(c.name, "large") {
				t.Errorf("not a located *Error: %T", err)
			}
		})
	}
}

func deepBlock(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	return b.String()
}

// TestScenarioShapeAccepts: what real scenarios hold passes the shape
// check: block scalars with brackets, quotes inside plain scalars,
// comments, anchors used a few times, nesting to the limit.
func TestScenarioShapeAccepts(t *testing.T) {
	for _, text := range []string{
		"description: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  it's {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n" + shapeBase,
		"description: it's a \"test\" [of quotes\n" + shapeBase,
		"# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n" + shapeBase,
		"description: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n" + shapeBase,
		"description: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n" + shapeBase,
	} {
		if _, err := Parse("ok.yaml", "", []byte(text)); err != nil {
			t.Errorf("%v\n%s", err, text)
		}
	}
	if err := checkShape("x", []byte("pairs: "+strings.Repeat("[", MaxDepth-1)+strings.Repeat("]", MaxDepth-1))); err != nil {
		t.Errorf("nesting within the limit: %v", err)
	}
	for _, name := range EmbeddedNames() {
		data, err := Embedded(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkShape(name, data); err != nil {
			t.Errorf("embedded %s: %v", name, err)
		}
	}
}

// FuzzCheckShape: text that checkShape accepts parses into a tree no
// deeper than MaxDepth (the lexer never under-counts nesting).
func FuzzCheckShape(f *testing.F) {
	f.Add("pairs: [[a, b], {c: d}]\n")
	f.Add("a:\n  - - - x\n  - 'y'\n")
	f.Add("d: |\n  [[[\nx: [1]\n")
	f.Add("a: &x [1, 2]\nb: *x\n")
	f.Add("a: \"[[\" [1]\n")
	f.Fuzz(func(t *testing.T, text string) {
		if checkShape("f", []byte(text)) != nil {
			return
		}
		var file *ast.File
		func() {
			defer func() { recover() }()
			file, _ = parser.ParseBytes([]byte(text), 0)
		}()
		if file == nil {
			return
		}
		if d := treeDepth(file); d > MaxDepth {
			t.Fatalf("accepted a tree %d deep: %q", d, text)
		}
	})
}

// treeDepth is the nesting of collections in the parsed tree.
func treeDepth(f *ast.File) int {
	var depth func(n ast.Node) int
	depth = func(n ast.Node) int {
		switch n := n.(type) {
		case *ast.DocumentNode:
			return depth(n.Body)
		case *ast.MappingNode:
			d := 0
			for _, v := range n.Values {
				d = max(d, depth(v))
			}
			return 1 + d
		case *ast.MappingValueNode:
			return max(depth(n.Key), depth(n.Value))
		case *ast.SequenceNode:
			d := 0
			for _, v := range n.Values {
				d = max(d, depth(v))
			}
			return 1 + d
		case *ast.AnchorNode:
			return depth(n.Value)
		case *ast.TagNode:
			return depth(n.Value)
		}
		return 0
	}
	d := 0
	for _, doc := range f.Docs {
		d = max(d, depth(doc))
	}
	return d
}

// TestWholeNumbers: a fraction for an integer field is an error at its
// place, not silently truncated (planes: 10.5 ran with 10 planes).
func TestWholeNumbers(t *testing.T) {
	shell := func(planes string) string {
		return "name: x\nconstellation:\n  shells: [{name: a, planes: " + planes + ", per_plane: 22, altitude_km: 550, inclination_deg: 53}]\nground:\n  stations: {cities: [Kyiv, Paris]}\npairs: [[Kyiv, Paris]]\n"
	}
	for _, c := range []struct{ text, want string }{
		{shell("10.5"), "f.yaml:3:30: constellation.shells[0].planes: 10.5: must be a whole number"},
		{shell(".inf"), "f.yaml:3:30: constellation.shells[0].planes: .inf: must be a whole number"},
		{shell("1e1"), "f.yaml:3:30: constellation.shells[0].planes: 1e1: must be a whole number written without an exponent or quotes"},
		{shell("10") + "links:\n  isl: {seam_offset: 1.5}\n", "f.yaml:8:22: links.isl.seam_offset: 1.5: must be a whole number"},
	} {
		_, err := Parse("f.yaml", "", []byte(c.text))
		if err == nil || err.Error() != c.want {
			t.Errorf("got %v\nwant %s", err, c.want)
		}
	}
	sc, err := Parse("f.yaml", "", []byte(shell("10")))
	if err != nil || len(sc.Config.Constellation.Sats) != 220 {
		t.Errorf("planes: 10: %v", err)
	}
}

// TestParseTime: RFC 3339 times and dates (midnight UTC) everywhere.
func TestParseTime(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-02-23", "2026-02-23T00:00:00Z"},
		{"2026-02-23T06:30:00Z", "2026-02-23T06:30:00Z"},
		{"2026-02-23T08:30:00.5+02:00", "2026-02-23T06:30:00.5Z"},
	} {
		got, err := ParseTime(c.in)
		if err != nil || got.Format("2006-01-02T15:04:05.999999999Z07:00") != c.want {
			t.Errorf("ParseTime(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"2026-02-30", "23.02.2026", "2026-02-23 06:30", ""} {
		if _, err := ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) accepted", in)
		}
	}
	sc, err := Parse("f.yaml", "", []byte("start: 2026-02-23\n"+shapeBase))
	if err != nil || sc.Config.Start.Format("2006-01-02T15:04:05Z07:00") != "2026-02-23T00:00:00Z" {
		t.Errorf("start: 2026-02-23: %v %v", sc, err)
	}
}
