package rules

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// expandAll expands a template of a file with sets (TOML lines), trimming
// and collapsing white space, sorted.
func expandAll(t *testing.T, sets, tmpl string) []string {
	t.Helper()
	src := sets + "\n[[rule]]\nid = \"a.b\"\nrestricted = [" + fmt.Sprintf("%q", tmpl) + "]\n"
	p, errs := ParsePack("x.toml", []byte(src))
	if HasErrors(errs) {
		t.Fatalf("errors: %v", errs)
	}
	r := p.Rules[0]
	tp, err := ParseTemplate(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	parts, _ := tp.Parts()
	for _, part := range parts {
		r.Sets.Expand(part, func(s string) bool {
			out = append(out, strings.Join(strings.Fields(s), " "))
			return true
		})
		if n := r.Sets.Count(part); n != int64(len(out)) && len(parts) == 1 {
			t.Errorf("Count = %d, expanded %d", n, len(out))
		}
	}
	sort.Strings(out)
	return out
}

func TestTemplateExpansion(t *testing.T) {
	sets := `[sets]
give = ["give", "provide"]
aud = ["you", "your teams"]
models = ["OpenAI models", "GPT(-4o|-5) models", "OpenAI's [latest|newest] models"]
nested = ["{give} access"]
`
	tests := []struct {
		tmpl string
		want []string
	}{
		{"a (b|c) d", []string{"a b d", "a c d"}},
		{"gives [you] access", []string{"gives access", "gives you access"}},
		{"{give} [{aud}] access", []string{"give access", "give you access", "give your teams access", "provide access", "provide you access", "provide your teams access"}},
		{"{models}", []string{"GPT-4o models", "GPT-5 models", "OpenAI models", "OpenAI's latest models", "OpenAI's models", "OpenAI's newest models"}},
		{"{nested}", []string{"give access", "provide access"}},
		{`a \(b\) \[c\] \{d\} \| \\`, []string{`a (b) [c] {d} | \`}},
		{"(a (b|c)|d) e", []string{"a b e", "a c e", "d e"}},
		{"x [a [b]] y", []string{"x a b y", "x a y", "x y"}},
		{"GPT(-4o|-5| ) models", []string{"GPT models", "GPT-4o models", "GPT-5 models"}},
		{"a (b|) c", []string{"a b c", "a c"}},
		{"{give} {...3} access", []string{"access", "give", "provide"}},
	}
	for _, tc := range tests {
		got := expandAll(t, sets+"\n# uses: {aud} {models} {nested} {give}", tc.tmpl)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

func TestParseTemplateErrors(t *testing.T) {
	tests := []struct {
		tmpl string
		off  int
		msg  string
	}{
		{"a (b", 2, `unclosed '('`},
		{"a [b", 2, `unclosed '['`},
		{"a b)", 3, `unmatched ')'`},
		{"a | b", 2, `| outside`},
		{"a {b", 2, `unclosed "{"`},
		{"a }", 2, `unmatched "}"`},
		{"a {B}", 2, `is not a set name`},
		{"a {} b", 2, `is not a set name`},
		{"a () c", 2, `empty ()`},
		{"a [ | ] c", 2, `empty []`},
		{"a (b] c", 4, `does not close`},
		{"{...2} a", 0, `cannot start`},
		{"a {...2}", 2, `cannot end`},
		{"a {...9} b", 2, `at most 8 words`},
		{"a {...0} b", 2, `1 to 8 words`},
		{"a {...x} b", 2, `number of words`},
		{"a {...1}{...2} b", 8, `two gaps`},
		{"a (b {...2} c) d", 5, `top level`},
		{`a \`, 2, `cannot end with \`},
	}
	for _, tc := range tests {
		_, err := ParseTemplate(tc.tmpl)
		te, ok := err.(*TemplateError)
		if !ok {
			t.Errorf("%q: err = %v, want a TemplateError", tc.tmpl, err)
			continue
		}
		if te.Off != tc.off || !strings.Contains(te.Msg, tc.msg) {
			t.Errorf("%q: got %d %q, want %d %q", tc.tmpl, te.Off, te.Msg, tc.off, tc.msg)
		}
	}
}

func TestTemplateLoadErrors(t *testing.T) {
	rule := func(key, phrase string) string {
		return "[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\n" + key + " = [" + phrase + "]\n"
	}
	tests := []struct {
		name string
		src  string
		want []string // "LINE:COL substring"; warnings end with " (warning)"
	}{
		{"syntax error in restricted at its column", "[[rule]]\nid = \"a.b\"\nrestricted = [\"gives (you access\"]\n",
			[]string{`3:22 unclosed '('`}},
		{"unknown set", "[sets]\ngive = [\"give\"]\n" + rule("approved", `"is {gvie}"`),
			[]string{`2:1 never used (warning)`, `6:17 unknown set {gvie} (did you mean "give"?)`}},
		{"unknown set without [sets]", "[[rule]]\nid = \"a.b\"\nrestricted = [\"{x} y\"]\n",
			[]string{`3:16 unknown set {x}`}},
		{"reserved set name", "[sets]\nmatch = [\"a\"]\n", []string{`2:1 set name "match" is reserved`}},
		{"dot set name", "[sets]\n\".x\" = [\"a\"]\n", []string{`2:1 set name ".x" is reserved`}},
		{"bad set name", "[sets]\nGive = [\"a\"]\n", []string{`2:1 set name "Give" is not valid`}},
		{"empty set", "[sets]\ng = []\n", []string{`2:5 set "g" is empty`}},
		{"set not an array", "[sets]\ng = \"a\"\n", []string{`2:5 g must be an array of strings`}},
		{"sets not a table", "sets = 1\n", []string{`1:8 sets must be a table`}},
		{"cycle", "[sets]\na = [\"x {b}\"]\nb = [\"y {a}\"]\n" + rule("when", `"{a}"`),
			[]string{`2:1 sets form a cycle: a → b → a`, `7:10 set {a} is part of a cycle`}},
		{"self cycle", "[sets]\na = [\"x\", \"[{a}] y\"]\n" + rule("when", `"{a}"`),
			[]string{`2:1 sets form a cycle: a → a`, `6:10 set {a} is part of a cycle`}},
		{"unused set warns", "[sets]\na = [\"x\"]\nb = [\"{a}\"]\n" + rule("when", `"{a}"`),
			[]string{`3:1 set "b" is never used (warning)`}},
		{"used through another set", "[sets]\na = [\"x\"]\nb = [\"{a}\"]\n" + rule("when", `"{b}"`), nil},
		{"gap in a set entry", "[sets]\na = [\"x {...2} y\"]\n", []string{`2:9 a gap {...N} cannot stand in a set entry`}},
		{"syntax error in a set entry", "[sets]\na = [\"ok\", \"x (y\"]\n", []string{`2:15 unclosed '('`}},
		{"approved with alternatives", rule("approved", `"is (a|b)"`),
			[]string{`4:17 an approved phrase may contain only words and {set} slots`}},
		{"approved with a gap", rule("approved", `"is {...2} b"`),
			[]string{`4:17 an approved phrase may contain only words`}},
		{"empty expansion", rule("unless", `"[a|b]"`), []string{`4:11 can expand to an empty phrase`}},
		{"set that can be empty", "[sets]\na = [\"[x]\"]\n" + rule("when", `"b {a}"`), []string{`2:1 set "a" can expand to an empty phrase`}},
		{"gap in when is fine", rule("when", `"a {...3} b"`), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := ParsePack("p.toml", []byte(tc.src))
			var got []string
			for _, e := range errs {
				s := e.Error()
				if e.Warning {
					s += " (warning)"
				}
				got = append(got, s)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n  %s", len(got), len(tc.want), strings.Join(got, "\n  "))
			}
			for i, w := range tc.want {
				pos, sub, _ := strings.Cut(w, " ")
				if !strings.HasPrefix(got[i], "p.toml:"+pos+":") || !strings.Contains(got[i], strings.TrimSuffix(sub, " (warning)")) || strings.HasSuffix(sub, "(warning)") != errs[i].Warning {
					t.Errorf("problem %d = %q, want %s %q", i, got[i], pos, sub)
				}
			}
		})
	}
}

func TestTemplateBound(t *testing.T) {
	// 100 × 100 × 100 = 1,000,000 phrases: at the bound, no error; one more
	// phrase anywhere in the file is an error at that phrase.
	var entries []string
	for i := range 100 {
		entries = append(entries, fmt.Sprintf("%q", fmt.Sprintf("w%d", i)))
	}
	sets := "[sets]\nw = [" + strings.Join(entries, ", ") + "]\n"
	at := sets + "[[rule]]\nid = \"a.b\"\nrestricted = [\"{w} {w} {w}\"]\n"
	if _, errs := ParsePack("p.toml", []byte(at)); len(errs) != 0 {
		t.Fatalf("at the bound: %v", errs)
	}
	over := at + "[[rule]]\nid = \"a.c\"\nrestricted = [\"x\", \"(y|z)\"]\n"
	_, errs := ParsePack("p.toml", []byte(over))
	if len(errs) != 1 || errs[0].Pos.Line != 8 || errs[0].Pos.Column != 20 || !strings.Contains(errs[0].Msg, "more than 1000000 phrases") {
		t.Fatalf("over the bound: %v", errs)
	}
	// A huge product is counted without overflow.
	huge := sets + "[[rule]]\nid = \"a.b\"\nrestricted = [\"" + strings.Repeat("{w} ", 40) + "\"]\n"
	if _, errs := ParsePack("p.toml", []byte(huge)); len(errs) != 1 || !strings.Contains(errs[0].Msg, "more than") {
		t.Fatalf("huge: %v", errs)
	}
}
