package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"orbitnet/internal/limits"
)

// Error is a problem with a scenario, located in its file.
type Error struct {
	File   string
	Line   int // 1-based; 0 when unknown
	Column int
	Key    string // dotted key path, e.g. "links.gsl.policy"
	Msg    string
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", loc, e.Line, e.Column)
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// source is a scenario's text with its parsed syntax tree, for locating keys.
type source struct {
	name string
	dir  string // directory relative paths resolve against ("" for embedded)
	data []byte
	ast  *ast.File
}

// errorf returns an Error located at the YAML key path (dotted, with [i]
// for list items).
func (s *source) errorf(key string, format string, args ...any) error {
	e := &Error{File: s.name, Key: key, Msg: fmt.Sprintf(format, args...)}
	if s.ast != nil && key != "" {
		if p, err := yaml.PathString("$." + key); err == nil {
			if n, err := p.FilterFile(s.ast); err == nil && n != nil {
				if tk := n.GetToken(); tk != nil && tk.Position != nil {
					e.Line, e.Column = tk.Position.Line, tk.Position.Column
				}
			}
		}
		if e.Line == 0 {
			// fall back to the closest enclosing key that exists
			parent := key
			for e.Line == 0 {
				i := strings.LastIndexAny(parent, ".[")
				if i <= 0 {
					break
				}
				parent = parent[:i]
				if p, err := yaml.PathString("$." + parent); err == nil {
					if n, err := p.FilterFile(s.ast); err == nil && n != nil {
						if tk := n.GetToken(); tk != nil && tk.Position != nil {
							e.Line, e.Column = tk.Position.Line, tk.Position.Column
						}
					}
				}
			}
		}
	}
	return e
}

// parseFile decodes YAML strictly: unknown keys, duplicate keys, wrong
// types and syntax errors are reported with line and column. A panic inside
// the YAML library (it has some on malformed tags, found by fuzzing) becomes
// an error.
func parseFile(name, dir string, data []byte) (f *File, src *source, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &Error{File: name, Msg: fmt.Sprintf("malformed YAML (the parser failed: %v)", r)}
		}
	}()
	return parseFileUnsafe(name, dir, data)
}

func parseFileUnsafe(name, dir string, data []byte) (*File, *source, error) {
	src := &source{name: name, dir: dir, data: data}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, src, &Error{File: name, Line: 1, Column: 1, Msg: "empty scenario file"}
	}
	if err := checkShape(name, data); err != nil {
		return nil, src, err
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, src, yamlError(name, err)
	}
	if err := checkExpansion(name, f); err != nil {
		return nil, src, err
	}
	if err := checkWholeNumbers(name, f); err != nil {
		return nil, src, err
	}
	src.ast = f
	var file File
	if err := yaml.UnmarshalWithOptions(data, &file, yaml.DisallowUnknownField(), yaml.Strict()); err != nil {
		e := yamlError(name, err)
		if se, ok := e.(*Error); ok && strings.Contains(se.Msg, "unknown field") {
			if path, help := unknownKeyHelp(f, se.Line, se.Column); help != "" {
				se.Key = path
				se.Msg = strings.TrimSuffix(se.Msg, " (see docs/scenario.md for the keys)") + "; " + help
			}
		}
		return nil, src, e
	}
	return &file, src, nil
}

type yamlErr interface {
	GetToken() *token.Token
	GetMessage() string
}

func yamlError(name string, err error) error {
	var ye yamlErr
	if errors.As(err, &ye) {
		e := &Error{File: name, Msg: oneLine(ye.GetMessage())}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		}
		if strings.Contains(e.Msg, "unknown field") {
			e.Msg += " (see docs/scenario.md for the keys)"
		}
		return e
	}
	return &Error{File: name, Msg: oneLine(err.Error())}
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Load reads and resolves a scenario file, or an embedded scenario when
// nameOrPath names one and no such file exists.
func Load(nameOrPath string) (*Scenario, error) {
	if data, err := limits.ReadFile(nameOrPath, limits.Scenario); err == nil {
		abs, _ := filepath.Abs(nameOrPath)
		return Parse(nameOrPath, filepath.Dir(abs), data)
	} else if !errors.Is(err, os.ErrNotExist) || strings.ContainsAny(nameOrPath, `/\`) || strings.HasSuffix(nameOrPath, ".yaml") || strings.HasSuffix(nameOrPath, ".yml") {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file (embedded scenarios: %s)", nameOrPath, strings.Join(EmbeddedNames(), ", "))
		}
		var tl *limits.TooLargeError
		if errors.As(err, &tl) {
			return nil, err // names the file
		}
		return nil, fmt.Errorf("%s: %w", nameOrPath, unwrapPathError(err))
	}
	data, err := Embedded(nameOrPath)
	if err != nil {
		return nil, err
	}
	return Parse("embedded:"+nameOrPath, "", data)
}

// unwrapPathError returns the cause of a failed file operation without the
// path (the caller names the file).
func unwrapPathError(err error) error {
	var tl *limits.TooLargeError
	if errors.As(err, &tl) {
		return errors.New(tl.Reason())
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
