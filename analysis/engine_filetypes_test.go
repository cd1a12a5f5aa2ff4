package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// Findings per file type, through the real scopers: what is checked and what
// is skipped ("What is checked" in the README). brief() verifies that every
// finding's offsets cut its Match out of the original text.
func TestFileTypes(t *testing.T) {
	access := rule("sre.access", []string{"enables access to OpenAI models"}, []string{"is powered by OpenAI models"})
	callStrings := rule("s.call", []string{"call OpenAI models"}, nil, withScopes(rules.ScopeStrings))
	heading := rule("h.only", []string{"enables access to OpenAI models"}, nil, withScopes(rules.ScopeHeadings))
	fix := "=>is powered by OpenAI models"
	tests := []struct {
		name, path, src string
		rules           []*rules.Rule
		want            []string
	}{
		{"markdown paragraph wrapped in a quote", "a.md", "> SRE enables access\n> to OpenAI models.\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access\n> to OpenAI models" + fix}},
		{"markdown list item wrapped with indentation", "a.md", "- SRE enables access\n  to OpenAI models.\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access\n  to OpenAI models" + fix}},
		{"markdown emphasis inside: no fix", "a.md", "SRE enables access to *OpenAI* models.\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access to *OpenAI* models"}},
		{"markdown link text inside: no fix", "a.md", "SRE enables access to [OpenAI](https://openai.com) models.\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access to [OpenAI](https://openai.com) models"}},
		{"markdown code span inside a phrase: no match (inline code is opaque)", "a.md", "SRE enables access to `x` OpenAI models.\n",
			[]*rules.Rule{access}, nil},
		{"markdown skipped URL inside a match between spaces: no fix", "a.md", "SRE enables access to https://x.com OpenAI models.\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access to https://x.com OpenAI models"}},
		{"html empty element inside a match between spaces: no fix", "a.html", "<p>SRE enables access to <span></span> OpenAI models.</p>",
			[]*rules.Rule{access}, []string{"sre.access@enables access to <span></span> OpenAI models"}},
		{"markdown inline code skipped", "a.md", "Never write `enables access to OpenAI models`.\n",
			[]*rules.Rule{access}, nil},
		{"markdown code block skipped", "a.md", "```\nenables access to OpenAI models\n```\n\n    enables access to OpenAI models\n",
			[]*rules.Rule{access}, nil},
		{"markdown heading, table cell, alt", "a.md", "# Enables access to OpenAI models\n\n| a | b |\n|---|---|\n| x | enables access to OpenAI models |\n\n![enables access to OpenAI models](x.png)\n",
			[]*rules.Rule{access}, []string{"sre.access@Enables access to OpenAI models=>Is powered by OpenAI models", "sre.access@enables access to OpenAI models" + fix, "sre.access@enables access to OpenAI models" + fix}},
		{"markdown front matter title only", "a.md", "---\ntitle: SRE enables access to OpenAI models\nslug: enables access to OpenAI models\n---\nBody.\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access to OpenAI models" + fix}},
		{"markdown URL skipped", "a.md", "See https://example.com/enables access to OpenAI models\n",
			[]*rules.Rule{access}, nil},
		{"markdown headings scope", "a.md", "# Enables access to OpenAI models\n\nenables access to OpenAI models\n",
			[]*rules.Rule{heading}, []string{"h.only@Enables access to OpenAI models"}},
		{"markdown html comment suppression", "a.md", "<!-- guardrail-disable-next-line sre.access -- quoting -->\nSRE enables access to OpenAI models.\n",
			[]*rules.Rule{access}, nil},
		{"markdown disable-line comment", "a.md", "SRE enables access to OpenAI models. <!-- guardrail-disable-line -->\n",
			[]*rules.Rule{access}, nil},
		{"html text, alt, meta; script skipped", "a.html", `<html><head><meta name="description" content="SRE enables access to OpenAI models"><script>var s = "enables access to OpenAI models";</script></head><body><p>SRE <b>enables</b> access to OpenAI models.</p><img alt="enables access to OpenAI models" src="enables access to OpenAI models"></body></html>`,
			[]*rules.Rule{access}, []string{"sre.access@enables access to OpenAI models" + fix, "sre.access@enables</b> access to OpenAI models", "sre.access@enables access to OpenAI models" + fix}},
		{"html entity", "a.html", "<p>SRE enables&nbsp;access to OpenAI models.</p>",
			[]*rules.Rule{access}, []string{"sre.access@enables&nbsp;access to OpenAI models" + fix}},
		{"go comments, not code or strings", "a.go", "package a\n\n// SRE enables access\n// to OpenAI models.\nvar s = \"enables access to OpenAI models\"\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access\n// to OpenAI models" + fix}},
		{"go strings when the rule asks", "a.go", "package a\n\n// call OpenAI models\nvar s = \"call OpenAI models\"\n",
			[]*rules.Rule{callStrings}, []string{"s.call@call OpenAI models"}},
		{"python comment and docstring", "a.py", "def f():\n    \"\"\"SRE enables access to OpenAI models.\"\"\"\n    x = 1  # enables access to OpenAI models\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access to OpenAI models" + fix, "sre.access@enables access to OpenAI models" + fix}},
		{"python docstring after a comment", "a.py", "def f():  # note\n    \"\"\"SRE enables access to OpenAI models.\"\"\"\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access to OpenAI models" + fix}},
		{"go suppression comment", "a.go", "package a\n\n// guardrail-disable-next-line sre.access\n// SRE enables access to OpenAI models.\n",
			[]*rules.Rule{access}, nil},
		{"json values not keys", "a.json", `{"enables access to OpenAI models": "SRE enables access to OpenAI models"}`,
			[]*rules.Rule{access}, []string{"sre.access@enables access to OpenAI models" + fix}},
		{"yaml values and comments", "a.yaml", "# SRE enables access to OpenAI models\nenables access to OpenAI models: SRE enables access to OpenAI models\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access to OpenAI models" + fix, "sre.access@enables access to OpenAI models" + fix}},
		{"plain text directive line", "a.txt", "# guardrail-disable-next-line\nSRE enables access to OpenAI models.\n",
			[]*rules.Rule{access}, nil},
		{"plain text CRLF wrap", "a.txt", "SRE enables access\r\nto OpenAI models.\r\n",
			[]*rules.Rule{access}, []string{"sre.access@enables access\r\nto OpenAI models" + fix}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile(tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			fs := e.Check(Document{Path: tt.path, Text: []byte(tt.src)})
			var own []Finding
			for _, f := range fs {
				if f.Rule != UnusedSuppressionRule {
					own = append(own, f)
				} else {
					t.Errorf("unexpected unused suppression: %+v", f)
				}
			}
			got := brief(t, tt.src, own)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// Text in an HTML block inside Markdown is checked; code is not.
func TestMarkdownSkipsCodeChecksHTMLText(t *testing.T) {
	e, _ := Compile([]*rules.Rule{rule("x.models", []string{"OpenAI models"}, nil)})
	src := "Text `OpenAI models` and\n\n```\nOpenAI models\n```\n\n<div title=\"x\">OpenAI models</div>\n"
	fs := e.Check(Document{Path: "a.md", Text: []byte(src)})
	want := strings.Index(src, "OpenAI models</div>")
	if len(fs) != 1 || fs[0].Start != want {
		t.Fatalf("findings %+v, want one at %d", fs, want)
	}
}
