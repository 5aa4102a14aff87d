package scenario

import (
	"fmt"

	"github.com/goccy/go-yaml/ast"

	"orbitnet/internal/limits"
)

// Limits on a scenario file's shape, checked before the YAML library sees
// it: the library needs about 1 KB of memory per value and recursion per
// level of nesting, so a 200 KB file nested 100,000 deep or a 1 MB flow
// list of half a million numbers would otherwise take gigabytes. Real
// scenarios are a few hundred values nested less than 10 deep.
const (
	// MaxDepth is the deepest nesting of collections.
	MaxDepth = 64
	// MaxValues is the most values (scalars and collections), counting
	// what aliases expand to.
	MaxValues = 100_000
)

// checkShape refuses scenario text that is too large, too deeply nested or
// holds too many values, with an Error at the place where the limit is
// crossed. It scans the text with a simplified YAML lexer that errs on
// the side of counting more (a bracket in a plain scalar counts as
// nesting).
func checkShape(name string, data []byte) error {
	if len(data) > limits.Scenario {
		return &Error{File: name, Msg: fmt.Sprintf("larger than %s, the most orbitnet reads from a scenario file", limits.Size(limits.Scenario))}
	}
	var (
		line, col  = 1, 0
		flow       = 0    // depth of [ and {
		indents    []int  // indentation of the open block collections
		lineStart  = true // only spaces so far on this line
		indent     = 0    // indentation of this line
		dashes     = 0    // "- " entries opened on this line
		values     = 0    // values counted so far
		prev       = byte('\n')
		blockAt    = -1      // indentation of the line holding a | or > block scalar
		lastSignif = byte(0) // last significant byte on this line
	)
	fail := func(format string, args ...any) error {
		return &Error{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
	}
	depth := func() int { return flow + len(indents) + dashes }
	for i := 0; i < len(data); i++ {
		c := data[i]
		col++
		if c == '\n' {
			if lastSignif == '|' || lastSignif == '>' || isBlockHeader(data, i) {
				blockAt = indent
			}
			line, col, lineStart, indent, dashes, prev, lastSignif = line+1, 0, true, 0, 0, c, 0
			continue
		}
		if lineStart {
			if c == ' ' {
				indent++
				prev = c
				continue
			}
			if c == '\r' || c == '\t' {
				prev = c
				continue
			}
			lineStart = false
			if c == '#' {
				i = skipLine(data, i) - 1
				continue
			}
			if blockAt >= 0 {
				if indent > blockAt {
					i = skipLine(data, i) - 1 // inside a block scalar: text
					continue
				}
				blockAt = -1
			}
			if flow == 0 {
				for len(indents) > 0 && indents[len(indents)-1] >= indent {
					indents = indents[:len(indents)-1]
				}
				indents = append(indents, indent)
			}
			values++
		}
		switch {
		case c == '#' && (prev == ' ' || prev == '\t'):
			i = skipLine(data, i) - 1
			continue
		case (c == '"' || c == '\'') && startsScalar(lastSignif):
			end, lines := skipQuoted(data, i)
			line += lines
			i = end
			lastSignif = c
			prev = c
			continue
		case c == '[' || c == '{':
			flow++
			values++
		case c == ']' || c == '}':
			if flow > 0 {
				flow--
			}
		case c == ',' && flow > 0:
			values++
		case c == '-' && (lastSignif == 0 || lastSignif == '-') && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n'):
			dashes++
			values++
		case c == ':' && (i+1 == len(data) || data[i+1] == ' ' || data[i+1] == '\n'):
			values++
		case c == '*' && startsScalar(lastSignif):
			values++ // an alias; its expansion is counted on the parsed tree
		}
		if depth() > MaxDepth {
			return fail("nested more than %d deep", MaxDepth)
		}
		if values > MaxValues {
			return fail("more than %d values, the most orbitnet reads from a scenario file", MaxValues)
		}
		if c != ' ' && c != '\t' && c != '\r' {
			lastSignif = c
		}
		prev = c
	}
	return nil
}

// isBlockHeader reports whether the line ending at data[nl] ends with a
// block scalar header such as "|", ">-" or "|2+" (followed by nothing or a
// comment).
func isBlockHeader(data []byte, nl int) bool {
	j := nl - 1
	for j >= 0 && (data[j] == ' ' || data[j] == '\r' || data[j] == '\t') {
		j--
	}
	for j >= 0 && (data[j] == '+' || data[j] == '-' || (data[j] >= '1' && data[j] <= '9')) {
		j--
	}
	return j >= 1 && (data[j] == '|' || data[j] == '>') && (data[j-1] == ' ' || data[j-1] == ':')
}

// startsScalar reports whether a scalar may start after the significant
// byte last (0: at the start of the line).
func startsScalar(last byte) bool {
	switch last {
	case 0, ':', ',', '[', '{', '-', '?', '!', '&':
		return true
	}
	return false
}

// skipLine returns the index of the newline ending the line holding i (or
// len(data)).
func skipLine(data []byte, i int) int {
	for i < len(data) && data[i] != '\n' {
		i++
	}
	return i
}

// skipQuoted returns the index of the quote closing the quoted scalar that
// starts at data[i], and the number of newlines inside it.
func skipQuoted(data []byte, i int) (end, lines int) {
	q := data[i]
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\n':
			lines++
		case '\\':
			if q == '"' {
				j++
				if j < len(data) && data[j] == '\n' {
					lines++
				}
			}
		case q:
			if q == '\'' && j+1 < len(data) && data[j+1] == '\'' {
				j++ // '' is a quote inside a single-quoted scalar
				continue
			}
			return j, lines
		}
	}
	return len(data) - 1, lines
}

// checkExpansion refuses a parsed document whose aliases expand to more
// than MaxValues values (a "billion laughs" document is a few hundred
// bytes). Nesting is already bounded by checkShape.
func checkExpansion(name string, f *ast.File) error {
	anchors := map[string]int{}
	var size func(n ast.Node) int
	add := func(a, b int) int { return min(a+b, MaxValues+1) }
	size = func(n ast.Node) int {
		switch n := n.(type) {
		case nil:
			return 0
		case *ast.DocumentNode:
			return size(n.Body)
		case *ast.MappingNode:
			s := 1
			for _, v := range n.Values {
				s = add(s, size(v))
			}
			return s
		case *ast.MappingValueNode:
			return add(size(n.Key), size(n.Value))
		case *ast.MappingKeyNode:
			return add(1, size(n.Value))
		case *ast.SequenceNode:
			s := 1
			for _, v := range n.Values {
				s = add(s, size(v))
			}
			return s
		case *ast.AnchorNode:
			s := size(n.Value)
			if n.Name != nil && n.Name.GetToken() != nil {
				anchors[n.Name.GetToken().Value] = s
			}
			return s
		case *ast.AliasNode:
			if n.Value != nil && n.Value.GetToken() != nil {
				if s, ok := anchors[n.Value.GetToken().Value]; ok {
					return s
				}
			}
			return 1
		case *ast.TagNode:
			return size(n.Value)
		}
		return 1
	}
	total := 0
	for _, d := range f.Docs {
		total = add(total, size(d))
	}
	if total > MaxValues {
		return &Error{File: name, Msg: fmt.Sprintf("expands to more than %d values through aliases (*name), the most orbitnet reads from a scenario file", MaxValues)}
	}
	return nil
}
