// Package namematch matches names typed by people against lists of names:
// case, accents, punctuation and "Saint"/"Sankt"/"St." are ignored, and
// close names are suggested when nothing matches. It serves the ground
// (cities, stations) and region (countries) packages.
package namematch

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// UnknownError reports a name that matched nothing, with close matches.
type UnknownError struct {
	What        string   // what was looked up: "city", "preset", "node", "region"
	Name        string   // the name as given
	Suggestions []string // close matches, best first; may be empty
	Known       []string // every valid name, when there are few; may be empty
}

func (e *UnknownError) Error() string {
	s := fmt.Sprintf("unknown %s %q", e.What, e.Name)
	if len(e.Suggestions) > 0 {
		s += "; did you mean " + orList(e.Suggestions) + "?"
	}
	if len(e.Known) > 0 {
		s += "; known " + e.What + "s: " + strings.Join(e.Known, ", ")
	}
	return s
}

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// foldRunes maps accented Latin letters (after lower-casing) to ASCII.
var foldRunes = func() map[rune]string {
	m := map[rune]string{}
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăąạảấầẩẫậắằẳẵặ", "a"}, {"æ", "ae"}, {"çćĉċč", "c"}, {"ďđð", "d"},
		{"èéêëēĕėęěẹẻẽếềểễệ", "e"}, {"ĝğġģ", "g"}, {"ĥħ", "h"}, {"ìíîïĩīĭįıịỉ", "i"},
		{"ĳ", "ij"}, {"ĵ", "j"}, {"ķ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉ", "n"},
		{"òóôõöøōŏőơọỏốồổỗộớờởỡợ", "o"}, {"œ", "oe"}, {"ŕŗř", "r"}, {"śŝşšș", "s"},
		{"ß", "ss"}, {"ţťŧț", "t"}, {"ùúûüũūŭůűųưụủứừửữự", "u"}, {"ŵ", "w"},
		{"ýÿŷỳỵỷỹ", "y"}, {"źżž", "z"}, {"þ", "th"},
	} {
		for _, r := range p.from {
			m[r] = p.to
		}
	}
	return m
}()

// foldWords are whole words replaced after folding, so that "Saint",
// "Sankt" and "St." match.
var foldWords = map[string]string{"saint": "st", "sankt": "st", "sainte": "ste"}

// Fold returns the key under which a name is matched: lower case, accents
// removed, apostrophes and full stops dropped, every other non-alphanumeric
// run turned into one space, and "saint"/"sankt" shortened to "st". So
// "São Paulo", "sao-paulo" and "SAO PAULO" share the key "sao paulo".
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '.' || r == '’' || r == 'ʼ':
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case foldRunes[r] != "":
			b.WriteString(foldRunes[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		if r, ok := foldWords[w]; ok {
			words[i] = r
		}
	}
	return strings.Join(words, " ")
}

// EditDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent
// runes each cost 1. O(len(a)·len(b)).
func EditDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}

// matcher finds items (indices into a caller's list) by name. Each item
// may be registered under several names; the first item registered under a
// key keeps it.
type Matcher struct {
	keys  []matchKey
	index map[string]int // folded key → index into keys
}

type matchKey struct {
	key, display string
	item         int
}

func New() *Matcher { return &Matcher{index: map[string]int{}} }

// add registers item under name (if the folded name is not taken).
func (m *Matcher) Add(name string, item int) {
	k := Fold(name)
	if k == "" {
		return
	}
	if _, taken := m.index[k]; taken {
		return
	}
	m.index[k] = len(m.keys)
	m.keys = append(m.keys, matchKey{k, name, item})
}

// find returns the item registered under name. Failing an exact match, it
// accepts a key that starts with the whole words of name ("los angeles"
// finds "los angeles long beach santa ana") if only one item has such a
// key. ok is false if nothing matched; then suggest offers close names.
func (m *Matcher) Find(name string) (item int, ok bool, suggest []string) {
	q := Fold(name)
	if i, hit := m.index[q]; hit {
		return m.keys[i].item, true, nil
	}
	if q != "" {
		var items []int
		var names []string
		for _, k := range m.keys {
			if strings.HasPrefix(k.key, q+" ") && !slices.Contains(items, k.item) {
				items = append(items, k.item)
				names = append(names, k.display)
			}
		}
		if len(items) == 1 {
			return items[0], true, nil
		}
		if len(items) > 1 {
			return 0, false, names[:min(len(names), 5)]
		}
	}
	return 0, false, m.suggest(q)
}

// suggest returns up to three display names of distinct items whose key is
// within a small edit distance of q (about one edit per four letters).
func (m *Matcher) suggest(q string) []string {
	n := len([]rune(q))
	if n == 0 {
		return nil
	}
	limit := min(max(1, n/4), 3)
	type cand struct {
		d, order int
		display  string
		item     int
	}
	var cands []cand
	for i, k := range m.keys {
		if abs(len([]rune(k.key))-n) > limit {
			continue
		}
		if d := EditDistance(q, k.key); d <= limit {
			cands = append(cands, cand{d, i, k.display, k.item})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].order < cands[j].order
	})
	var out []string
	var seen []int
	for _, c := range cands {
		if len(out) == 3 {
			break
		}
		if !slices.Contains(seen, c.item) {
			seen = append(seen, c.item)
			out = append(out, c.display)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// NameParts returns the names a display name can be looked up by: the
// whole name, the part before any " (" or ",", and the text in
// parentheses: "Kyiv (Kiev)" gives "Kyiv (Kiev)", "Kyiv", "Kiev".
func NameParts(name string) (whole, base, paren string) {
	whole = name
	base = name
	if i := strings.IndexAny(base, "(,"); i > 0 {
		base = strings.TrimSpace(base[:i])
	}
	if i := strings.IndexByte(name, '('); i >= 0 {
		if j := strings.IndexByte(name[i:], ')'); j > 0 {
			paren = strings.TrimSpace(name[i+1 : i+j])
		}
	}
	return whole, base, paren
}
