package scenario

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// checkWholeNumbers reports the first value in the document given for an
// integer field (planes, per_plane, phasing, antennas, ...) that is not an
// integer. The YAML library silently truncates 10.5 to 10 and accepts
// 1e3; docs/scenario.md promises that a value of the wrong type is an
// error. The walk follows the Go type of File, so it knows which fields
// are integers; values of other types are left to the decoder.
func checkWholeNumbers(name string, f *ast.File) error {
	for _, d := range f.Docs {
		if err := wholeNumbers(name, d.Body, reflect.TypeOf(File{}), ""); err != nil {
			return err
		}
	}
	return nil
}

func wholeNumbers(name string, n ast.Node, t reflect.Type, path string) error {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
			continue
		case *ast.TagNode:
			n = v.Value
			continue
		}
		break
	}
	if n == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		switch v := n.(type) {
		case *ast.StringNode:
			// the YAML library reads 1e1 as a string and the decoder then
			// turns it into 10; a count is written as a whole number
			tk := v.GetToken()
			e := &Error{File: name, Key: path, Msg: fmt.Sprintf("%s: must be a whole number written without an exponent or quotes", tk.Value)}
			if tk.Position != nil {
				e.Line, e.Column = tk.Position.Line, tk.Position.Column
			}
			return e
		case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
			tk := v.GetToken()
			e := &Error{File: name, Key: path, Msg: fmt.Sprintf("%s: must be a whole number", tk.Value)}
			if tk.Position != nil {
				e.Line, e.Column = tk.Position.Line, tk.Position.Column
			}
			return e
		}
	case reflect.Struct:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			if mv, ok1 := n.(*ast.MappingValueNode); ok1 {
				m = &ast.MappingNode{Values: []*ast.MappingValueNode{mv}}
			} else {
				return nil
			}
		}
		for _, mv := range m.Values {
			key := ""
			if mv.Key != nil && mv.Key.GetToken() != nil {
				key = mv.Key.GetToken().Value
			}
			ft, ok := fieldByTag(t, key)
			if !ok {
				continue // unknown keys are the decoder's error
			}
			if err := wholeNumbers(name, mv.Value, ft, joinKey(path, key)); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if s, ok := n.(*ast.SequenceNode); ok {
			for i, v := range s.Values {
				if err := wholeNumbers(name, v, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
	case reflect.Map:
		if m, ok := n.(*ast.MappingNode); ok {
			for _, mv := range m.Values {
				key := ""
				if mv.Key != nil && mv.Key.GetToken() != nil {
					key = mv.Key.GetToken().Value
				}
				if err := wholeNumbers(name, mv.Value, t.Elem(), joinKey(path, key)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// fieldByTag finds the type of the struct field whose yaml tag names key.
func fieldByTag(t reflect.Type, key string) (reflect.Type, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == key && tag != "" && tag != "-" {
			return f.Type, true
		}
	}
	return nil, false
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
