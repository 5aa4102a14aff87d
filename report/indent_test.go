package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

var indentCases = []string{
	`{}`, `[]`, `{"a":[]}`, `{"a":{},"b":[{}]}`, `[1,2,[3,[]],{"x":null}]`, `"str"`, `42`, `-1.5e-7`, `true`,
	`{"k\"ey":"v\\","e":"\\\"","u":"\u003c\u0026"}`, `{"a":"[{,:}]"}`, `[[[[]]]]`, `{"a":1,"b":{"c":[true,false,null]}}`,
	`"\\\\"`, `["\\",{"\\\\":"\""}]`,
}

func TestAppendIndent(t *testing.T) {
	for _, c := range indentCases {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(c), "", "  "); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if got := appendIndent(nil, []byte(c), "  "); string(got) != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", c, got, want.String())
		}
	}
}

// FuzzAppendIndent compares appendIndent with json.Indent on the compact
// form of any valid JSON.
func FuzzAppendIndent(f *testing.F) {
	for _, c := range indentCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if !json.Valid(in) {
			return
		}
		var compact, want bytes.Buffer
		if err := json.Compact(&compact, in); err != nil {
			t.Fatal(err)
		}
		if err := json.Indent(&want, compact.Bytes(), "", "\t"); err != nil {
			t.Fatal(err)
		}
		if got := appendIndent(nil, compact.Bytes(), "\t"); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("%q:\n got %q\nwant %q", compact.Bytes(), got, want.Bytes())
		}
	})
}
