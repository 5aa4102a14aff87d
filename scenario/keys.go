package scenario

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"orbitnet/internal/namematch"
)

// unknownKeyHelp explains an unknown key at (line, col): where it sits
// (its dotted path), the closest valid key, and the valid keys at that
// place. It returns "" when the key cannot be placed.
func unknownKeyHelp(f *ast.File, line, col int) (path, help string) {
	if f == nil {
		return "", ""
	}
	var keys []string
	for _, doc := range f.Docs {
		if keys = findKey(doc.Body, line, col, nil); keys != nil {
			break
		}
	}
	if len(keys) == 0 {
		return "", ""
	}
	t := reflect.TypeOf(File{})
	for _, k := range keys[:len(keys)-1] {
		if k == "[]" {
			t = elem(t)
			if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
				return "", ""
			}
			t = t.Elem()
			continue
		}
		ft, ok := fieldByKey(elem(t), k)
		if !ok {
			return "", ""
		}
		t = ft
	}
	t = elem(t)
	if t.Kind() != reflect.Struct {
		return "", ""
	}
	valid := structKeys(t)
	bad := keys[len(keys)-1]
	var parts []string
	for _, k := range keys[:len(keys)-1] {
		if k == "[]" && len(parts) > 0 {
			parts[len(parts)-1] += "[]"
			continue
		}
		parts = append(parts, k)
	}
	path = strings.Join(parts, ".")
	if s := closestKey(bad, valid); s != "" {
		help = fmt.Sprintf("did you mean %s? ", s)
	}
	help += "valid keys here: " + strings.Join(valid, ", ")
	return path, help
}

// findKey returns the key path (with "[]" for list items) of the mapping
// key whose token starts at (line, col), or nil.
func findKey(n ast.Node, line, col int, path []string) []string {
	switch n := n.(type) {
	case *ast.MappingNode:
		for _, mv := range n.Values {
			if p := findKey(mv, line, col, path); p != nil {
				return p
			}
		}
	case *ast.MappingValueNode:
		key := n.Key.GetToken()
		name := strings.Trim(n.Key.String(), `"'`)
		here := append(slices.Clip(path), name)
		if key != nil && key.Position != nil && key.Position.Line == line && key.Position.Column == col {
			return here
		}
		return findKey(n.Value, line, col, here)
	case *ast.SequenceNode:
		for _, v := range n.Values {
			if p := findKey(v, line, col, append(slices.Clip(path), "[]")); p != nil {
				return p
			}
		}
	case *ast.TagNode:
		return findKey(n.Value, line, col, path)
	case *ast.AnchorNode:
		return findKey(n.Value, line, col, path)
	}
	return nil
}

func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// fieldByKey returns the type of t's field whose YAML key is k.
func fieldByKey(t reflect.Type, k string) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if yamlKey(f) == k {
			return f.Type, true
		}
	}
	return nil, false
}

// structKeys lists the YAML keys of t's fields in declaration order.
func structKeys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if k := yamlKey(t.Field(i)); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func yamlKey(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	if tag == "-" || !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		return strings.ToLower(f.Name)
	}
	return name
}

// closestKey suggests the valid key a typo most likely meant: one that
// starts with or contains it, or the nearest by edit distance (at most a
// third of the key's length, plus one).
func closestKey(bad string, valid []string) string {
	b := strings.ToLower(strings.ReplaceAll(bad, "-", "_"))
	for _, v := range valid {
		if strings.HasPrefix(v, b) || (len(b) >= 4 && strings.Contains(v, b)) {
			return v
		}
	}
	best, bestD := "", len(b)/3+2
	for _, v := range valid {
		if d := namematch.EditDistance(b, v); d < bestD {
			best, bestD = v, d
		}
	}
	return best
}
