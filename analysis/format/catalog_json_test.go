package format

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONValidMatchesEncodingJSON(t *testing.T) {
	cases := []string{
		``, ` `, `0`, `-0`, `01`, `-`, `1.`, `1.5`, `1e`, `1e+5`, `1E-5`, `-1.5e10`, `.5`, `+1`,
		`"x"`, `"\u00e9"`, `"\u00g9"`, `"\x"`, `"a\"b"`, `"tab	x"`, "\"\xff\"", `"unterminated`,
		`true`, `tru`, `truex`, `false`, `null`, `nul`, `[]`, `[ ]`, `[1,]`, `[,1]`, `[1 2]`, `[1,2]`,
		`{}`, `{ }`, `{"a":1}`, `{"a" : 1 , "b":[true,{}]}`, `{"a"}`, `{"a":}`, `{1:2}`, `{"a":1,}`,
		`[}`, `{]`, `[[[]]]`, `[[[]]`, `[]]`, `{"a":{"b":{"c":[null]}}}`, ` [1] `, `[1] x`, `1 2`,
		"[\n\t\r 1 ]", `"\/\b\f\n\r\t\\"`,
	}
	for _, c := range cases {
		if got, want := jsonValid([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("jsonValid(%q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

func FuzzJSONValid(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"c\u0041"}]}`, `[1e5, -0.5, true, null]`, `"x"`, `{"a":}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Count(s, "[")+strings.Count(s, "{") > 9000 {
			return // beyond encoding/json's nesting limit the two differ by design
		}
		if got, want := jsonValid([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Fatalf("jsonValid(%q) = %v, json.Valid says %v", s, got, want)
		}
	})
}

// A JSON document nested deeper than encoding/json allows (100,000 levels)
// is checked, not skipped: its strings are chunks.
func TestScopeJSONDeeplyNested(t *testing.T) {
	for _, depth := range []int{10001, 100000} {
		src := strings.Repeat(`{"k":[`, depth) + `"enables access to"` + strings.Repeat(`]}`, depth)
		sc := ScopeJSON([]byte(src))
		if got := chunkTexts([]byte(src), sc); len(got) != 1 || got[0] != "enables access to" {
			t.Fatalf("depth %d: chunks %q, want the one string", depth, got)
		}
		if bad := ScopeJSON([]byte(src[:len(src)-1])); len(bad.Chunks) != 0 {
			t.Fatalf("depth %d: an unbalanced document gave chunks", depth)
		}
	}
}
