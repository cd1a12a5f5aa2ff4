package rules

import (
	"fmt"
	"strings"
	"testing"
)

// checkErrs asserts that errs are exactly want, in order; each want is
// "LINE:COL substring".
func checkErrs(t *testing.T, file string, errs []*Error, want []string) {
	t.Helper()
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n  %s", len(errs), len(want), strings.Join(got, "\n  "))
	}
	for i, w := range want {
		pos, sub, _ := strings.Cut(w, " ")
		e := errs[i]
		if gotPos := fmt.Sprintf("%d:%d", e.Pos.Line, e.Pos.Column); gotPos != pos || e.Pos.File != file {
			t.Errorf("error %d at %s:%s, want %s:%s (%s)", i, e.Pos.File, gotPos, file, pos, e.Msg)
		}
		if !strings.Contains(e.Msg, sub) {
			t.Errorf("error %d = %q, want it to contain %q", i, e.Msg, sub)
		}
	}
}

const okRule = "[[rule]]\nid = \"a.b\"\nrestricted = [\"foo\"]\n"

func TestParsePackErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"syntax: unterminated string", "[[rule]]\nid = \"a.b\nrestricted = [\"x\"]\n",
			[]string{`2:10 invalid TOML: strings cannot contain newlines`}},
		{"syntax: bad value", "a = 1\nb = [\n  \"x\",\n  3x\n]\n",
			[]string{`4:4 invalid TOML: expected a comma`}},
		{"syntax: duplicate key", "root = true\nroot = false\n",
			[]string{`2:1 invalid TOML: Key 'root' has already been defined`}},
		{"unknown top-level key", "colour = 1\n" + okRule,
			[]string{`1:1 unknown key "colour"`}},
		{"unknown rule key with suggestion", okRule + "severty = \"error\"\n",
			[]string{`4:1 unknown key "severty" in [[rule]] (did you mean "severity"?)`}},
		{"unknown [pack] key", "[pack]\nname = \"p\"\nowner = \"me\"\n" + okRule,
			[]string{`3:1 unknown key "owner" in [pack]`}},
		{"pack default wrong type", "[pack]\ndefault = \"yes\"\n",
			[]string{`2:11 pack default must be true or false, not a string`}},
		{"restricted is a string", "[[rule]]\nid = \"a.b\"\nrestricted = \"foo\"\n",
			[]string{`3:14 restricted must be an array of strings; write restricted = ["foo"]`}},
		{"restricted holds a number", "[[rule]]\nid = \"a.b\"\nrestricted = [\"foo\", 3]\n",
			[]string{`3:22 restricted must contain only strings; item 2 is an integer`}},
		{"bool of wrong type", okRule + "case_sensitive = \"yes\"\n",
			[]string{`4:18 case_sensitive must be true or false, not a string`}},
		{"id of wrong type", "[[rule]]\nid = 7\nrestricted = [\"x\"]\n",
			[]string{`2:6 id must be a string, not an integer`}},
		{"missing id", "[[rule]]\nrestricted = [\"x\"]\n",
			[]string{`1:1 rule has no id`}},
		{"duplicate id", okRule + "\n" + okRule,
			[]string{`6:6 duplicate rule id "a.b" (first defined at line 2)`}},
		{"bad id", "[[rule]]\nid = \"Acme.Name\"\nrestricted = [\"x\"]\n",
			[]string{`2:6 rule id "Acme.Name" is not valid`}},
		{"id starting with a dot", "[[rule]]\nid = \".a\"\nrestricted = [\"x\"]\n",
			[]string{`2:6 rule id ".a" is not valid`}},
		{"reserved id", "[[rule]]\nid = \"guardrail.x\"\nrestricted = [\"x\"]\n",
			[]string{`2:6 rule id "guardrail.x" is reserved`}},
		{"bad regex points at the broken group", "[[rule]]\nid = \"a.b\"\npatterns = ['ok', 'x(abc']\n",
			[]string{"3:20 pattern \"x(abc\" is not a valid RE2 regular expression: missing closing ) in `x(abc`"}},
		{"regex valid only in PCRE", "[[rule]]\nid = \"a.b\"\npatterns = ['(?<=a)b']\n",
			[]string{"3:14 pattern \"(?<=a)b\" is not a valid RE2 regular expression"}},
		{"regex matching empty text", "[[rule]]\nid = \"a.b\"\npatterns = ['a*']\n",
			[]string{`3:13 pattern "a*" matches empty text`}},
		{"unknown severity", okRule + "severity = \"fatal\"\n",
			[]string{`4:12 unknown severity "fatal" (want error, warning, info or hint)`}},
		{"rule severity off", okRule + "severity = \"off\"\n",
			[]string{`4:12 a rule's severity cannot be "off"`}},
		{"unknown scope", okRule + "scopes = [\"prose\", \"code\"]\n",
			[]string{`4:20 unknown scope "code"`}},
		{"empty scopes", okRule + "scopes = []\n",
			[]string{`4:10 scopes is empty`}},
		{"unknown builtin pack", "extends = [\"builtin:sre-messaging\", \"builtin:nope\"]\n",
			[]string{`1:37 unknown built-in pack "builtin:nope"`}},
		{"unknown builtin near miss", "extends = [\"builtin:sre-mesaging\"]\n",
			[]string{`1:12 unknown built-in pack "builtin:sre-mesaging" (did you mean "sre-messaging"?)`}},
		{"approved placeholder without approved", okRule + "message = \"Say {approved}.\"\n",
			[]string{`4:16 message uses {approved} but the rule has no approved phrases`}},
		{"approved placeholder with empty approved", okRule + "approved = []\nmessage = \"Say {approved}.\"\n",
			[]string{`5:16 message uses {approved}`}},
		{"unknown placeholder", okRule + "approved = [\"bar\"]\nmessage = \"Use {approved}, not {matched}.\"\n",
			[]string{`5:32 unknown placeholder {matched} in message`}},
		{"placeholder after an escape", okRule + "message = \"\\\"{x}\\\"\"\n",
			[]string{`4:14 unknown placeholder {x}`}},
		{"nothing to match", "[[rule]]\nid = \"a.b\"\napproved = [\"x\"]\n",
			[]string{`1:1 rule "a.b" has nothing to match`}},
		{"empty restricted, no patterns", "[[rule]]\nid = \"a.b\"\nrestricted = []\n",
			[]string{`3:14 rule "a.b" has nothing to match`}},
		{"empty string in list", "[[rule]]\nid = \"a.b\"\nrestricted = [\"foo\", \"\"]\n",
			[]string{`3:22 restricted item 2 is empty`}},
		{"blank string in approved", okRule + "approved = [\"  \"]\n",
			[]string{`4:13 approved item 1 is empty`}},
		{"empty extends entry", "extends = [\"\"]\n",
			[]string{`1:12 extends item 1 is empty`}},
		{"empty message", okRule + "message = \"\"\n",
			[]string{`4:11 message is empty`}},
		{"example missing bad", okRule + "\n[[rule.example]]\ngood = \"x\"\n",
			[]string{`5:1 example has no bad text`}},
		{"example unknown key", okRule + "[[rule.example]]\nbad = \"foo\"\nfixed = \"x\"\n",
			[]string{`6:1 unknown key "fixed" in [[rule.example]]`}},
		{"example is a string", okRule + "example = \"foo\"\n",
			[]string{`4:1 example must be an array of tables`}},
		{"rule is a table", "[rule]\nid = \"a.b\"\n",
			[]string{`1:1 rule must be an array of tables; write [[rule]]`}},
		{"bad glob in files", okRule + "files = [\"docs/[a\"]\n",
			[]string{`4:10 "docs/[a" is not a valid glob`}},
		{"severity value of wrong type", "[severity]\n\"a.b\" = 3\n",
			[]string{`2:9 severity of "a.b" must be a string`}},
		{"severity unknown level", "[severity]\n\"a.b\" = \"loud\"\n",
			[]string{`2:9 unknown severity "loud" (want error, warning, info, hint or off)`}},
		{"severity key with unquoted dots", "[severity]\nsre.access-claim = \"error\"\n",
			[]string{`2:1 severity for "sre" is a table; quote rule ids that contain dots`}},
		{"root of wrong type", "root = \"yes\"\n",
			[]string{`1:8 root must be true or false, not a string`}},
		{"include of wrong type", "include = \"**/*.md\"\n",
			[]string{`1:11 include must be an array of strings`}},
		{"columns count code points", "[[rule]]\nid = \"a.b\"\nrestricted = [\"héé\", \"\"]\n",
			[]string{`3:22 restricted item 2 is empty`}},
		{"inline array of rules", "rule = [\n  {id = \"a.b\", restricted = [\"\"]},\n]\n",
			[]string{`2:30 restricted item 1 is empty`}},
		{"second [[rule]] gets its own positions", okRule + "\n[[rule]]\nid = \"c.d\"\nrestricted = [\"x\"]\nscopes = [\"nope\"]\n",
			[]string{`8:11 unknown scope "nope"`}},
		{"nested example positions per rule", okRule + "[[rule.example]]\nbad = \"foo\"\n[[rule]]\nid = \"c.d\"\nrestricted = [\"x\"]\n[[rule.example]]\nbad = \"x\"\n[[rule.example]]\ngood = \"x\"\n",
			[]string{`11:1 example has no bad text`}},
		{"multi-line string placeholder", okRule + "message = \"\"\"\nUse {nope}\"\"\"\n",
			[]string{`5:5 unknown placeholder {nope}`}},
		{"CRLF line endings", strings.ReplaceAll(okRule+"severity = \"loud\"\n", "\n", "\r\n"),
			[]string{`4:12 unknown severity "loud"`}},
		{"byte order mark", "\uFEFF" + okRule + "severity = \"loud\"\n",
			[]string{`4:12 unknown severity "loud"`}},
		{"all errors of a file are collected", "colour = 1\n[[rule]]\nid = \"Bad\"\nrestricted = [\"\"]\nseverity = \"loud\"\n[[rule]]\nrestricted = [\"x\"]\n",
			[]string{
				`1:1 unknown key "colour"`,
				`3:6 rule id "Bad" is not valid`,
				`4:15 restricted item 1 is empty`,
				`5:12 unknown severity "loud"`,
				`6:1 rule has no id`,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := ParsePack("p.toml", []byte(tc.src))
			checkErrs(t, "p.toml", errs, tc.want)
			for _, e := range errs {
				if e.Warning {
					t.Errorf("%v is a warning, want an error", e)
				}
			}
		})
	}
}

func TestParsePackValid(t *testing.T) {
	src := `# a pack
extends = ["builtin:sre-messaging", "more/*.toml"]

[pack]
name = "acme"
description = "Acme terms"
version = "1.2.0"
default = true

[[rule]]
id = "acme.product-name"
restricted = ["acme cloud"]
approved = ["Acme Cloud", "the Acme platform"]
patterns = ['\bACME\b']
case_sensitive = true
inflect = true
when = ["product"]
unless = ["Azure"]
files = ["docs/**", "**/*.md"]
scopes = ["prose", "strings"]
rationale = "Brand."
link = "https://example.com/brand"

[[rule.example]]
bad = "We love acme cloud."
good = "We love Acme Cloud."
file = "x.go"

[[rule]]
id = "acme.flag-only"
restricted = ["synergy"]
`
	p, errs := ParsePack("/x/pack.toml", []byte(src))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if p.Name != "acme" || p.Description != "Acme terms" || p.Version != "1.2.0" || !p.Default || p.IsConfig {
		t.Errorf("pack header = %+v", p)
	}
	if got := strings.Join(p.Extends, ","); got != "builtin:sre-messaging,more/*.toml" {
		t.Errorf("extends = %s", got)
	}
	if p.ExtendsPos[1] != (Position{File: "/x/pack.toml", Line: 2, Column: 37}) {
		t.Errorf("extends[1] pos = %v", p.ExtendsPos[1])
	}
	if p.Include != nil {
		t.Errorf("include = %#v, want nil (absent)", p.Include)
	}
	if len(p.Rules) != 2 {
		t.Fatalf("rules = %d", len(p.Rules))
	}
	r := p.Rules[0]
	if r.ID != "acme.product-name" || r.Severity != SeverityWarning || r.Scopes != ScopeProse|ScopeStrings ||
		!r.CaseSensitive || !r.Inflect || r.Rationale != "Brand." || r.Link != "https://example.com/brand" ||
		r.Message != DefaultApprovedMessage || len(r.Patterns) != 1 || len(r.Files) != 2 ||
		r.When[0] != "product" || r.Unless[0] != "Azure" || r.Approved[1] != "the Acme platform" {
		t.Errorf("rule = %+v", r)
	}
	if r.Pos != (Position{File: "/x/pack.toml", Line: 10, Column: 1}) || r.Pack != "/x/pack.toml" {
		t.Errorf("rule pos = %v pack = %q", r.Pos, r.Pack)
	}
	if len(r.Examples) != 1 || r.Examples[0] != (Example{Bad: "We love acme cloud.", Good: "We love Acme Cloud.", File: "x.go", Pos: Position{File: "/x/pack.toml", Line: 24, Column: 1}}) {
		t.Errorf("examples = %+v", r.Examples)
	}
	r2 := p.Rules[1]
	if r2.Message != DefaultMessage || r2.Scopes != DefaultScopes || r2.Severity != SeverityWarning {
		t.Errorf("defaults = %+v", r2)
	}
	res, err := r.Regexps()
	if err != nil || !res[0].MatchString("an ACME thing") || res[0].MatchString("an acme thing") {
		t.Errorf("case-sensitive pattern: %v", err)
	}
	if !r.MatchesFile("docs/a/b.txt") || !r.MatchesFile("x.md") || r.MatchesFile("src/x.go") {
		t.Error("files globs")
	}
}

func TestParseConfig(t *testing.T) {
	src := `extends = ["builtin:sre-messaging"]
include = []
exclude = ["vendor/**"]
root = true

[severity]
"sre.access-claim" = "error"
"plain.utilize" = "off"
`
	p, errs := ParsePack("/r/.guardrail.toml", []byte(src))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if !p.IsConfig || !p.Root || p.Include == nil || len(p.Include) != 0 || p.Exclude[0] != "vendor/**" {
		t.Errorf("config = %+v", p)
	}
	want := map[string]SeverityOverride{
		"sre.access-claim": {SeverityError, Position{"/r/.guardrail.toml", 7, 1}},
		"plain.utilize":    {SeverityOff, Position{"/r/.guardrail.toml", 8, 1}},
	}
	for id, w := range want {
		if p.Severity[id] != w {
			t.Errorf("severity[%s] = %+v, want %+v", id, p.Severity[id], w)
		}
	}
	// Any file with a config-only key is a config.
	p, _ = ParsePack("/r/other.toml", []byte("root = false\n"))
	if !p.IsConfig {
		t.Error("root key should make a config")
	}
	p, _ = ParsePack("/r/pack.toml", []byte(okRule))
	if p.IsConfig {
		t.Error("plain pack reported as config")
	}
}

func TestPlaceholdersAndDefaults(t *testing.T) {
	p, errs := ParsePack("p.toml", []byte(okRule+"approved = [\"bar\"]\nmessage = \"Use {approved} for {match}; {not a placeholder} {\"\n"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if p.Rules[0].Message != "Use {approved} for {match}; {not a placeholder} {" {
		t.Errorf("message = %q", p.Rules[0].Message)
	}
}
