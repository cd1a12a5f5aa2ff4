package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// TestPatternsReadWrappedLinesAsPhrasesDo: a pattern sees the same prose
// text as a phrase: a line break inside a paragraph (with the trailing
// white space before it and the continuation markup after it) reads as
// one space, in every file type; the finding's range is the source text
// from the first to the last matched character, and its fix replaces the
// whole range. A paragraph break still stops a match, and white space is
// otherwise not folded.
func TestPatternsReadWrappedLinesAsPhrasesDo(t *testing.T) {
	pat := rule("p.call", nil, []string{"use OpenAI models"}, withPatterns(`call(s|ed)? OpenAI models`))
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{"plain text", "a.txt", "We call OpenAI\nmodels.",
			[]string{"p.call@call OpenAI\nmodels=>use OpenAI models"}},
		{"plain text, trailing spaces and indent", "a.txt", "We calls OpenAI  \n\tmodels.",
			[]string{"p.call@calls OpenAI  \n\tmodels=>use OpenAI models"}},
		{"plain text, CRLF", "a.txt", "We call\r\nOpenAI models.",
			[]string{"p.call@call\r\nOpenAI models=>use OpenAI models"}},
		{"Markdown paragraph", "a.md", "We call OpenAI\nmodels here.\n",
			[]string{"p.call@call OpenAI\nmodels=>use OpenAI models"}},
		{"Markdown block quote", "a.md", "> We call OpenAI\n> models.\n",
			[]string{"p.call@call OpenAI\n> models=>use OpenAI models"}},
		{"Markdown list item", "a.md", "- We called OpenAI\n  models.\n",
			[]string{"p.call@called OpenAI\n  models=>use OpenAI models"}},
		{"Markdown hard break", "a.md", "We call OpenAI  \nmodels.\n",
			[]string{"p.call@call OpenAI  \nmodels=>use OpenAI models"}},
		{"Go comment", "a.go", "// We call OpenAI\n// models.\npackage a\n",
			[]string{"p.call@call OpenAI\n// models=>use OpenAI models"}},
		{"HTML", "a.html", "<p>We call OpenAI\n   models.</p>",
			[]string{"p.call@call OpenAI\n   models=>use OpenAI models"}},
		{"two matches, one wrapped", "a.md", "We call OpenAI\nmodels and call OpenAI models.\n",
			[]string{"p.call@call OpenAI\nmodels=>use OpenAI models", "p.call@call OpenAI models=>use OpenAI models"}},
		{"paragraph break stops a pattern", "a.txt", "We call OpenAI\n\nmodels.", nil},
		{"paragraph break stops a pattern in Markdown", "a.md", "We call OpenAI\n\nmodels.\n", nil},
		{"spaces are not folded", "a.txt", "We call  OpenAI models.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile([]*rules.Rule{pat})
			if err != nil {
				t.Fatal(err)
			}
			fs := e.Check(Document{Path: tt.path, Text: []byte(tt.src)})
			got := brief(t, tt.src, fs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(tt.want) > 0 {
				fixed := string(ApplyFixes([]byte(tt.src), fs))
				if strings.Contains(fixed, "OpenAI\n") || !strings.Contains(fixed, "use OpenAI models") {
					t.Errorf("fixed to %q", fixed)
				}
			}
		})
	}
}

// TestPatternsWrappedWhitespaceClassStillMatches: a pattern that names
// white space itself (\s+) keeps matching a wrapped line, and ^ and $ (no
// (?m)) see the chunk as one line, as a phrase would.
func TestPatternsWrappedWhitespaceClassStillMatches(t *testing.T) {
	tests := []struct {
		pattern, src string
		want         []string
	}{
		{`OpenAI\s+models`, "OpenAI\nmodels", []string{"p.x@OpenAI\nmodels"}},
		{`^We.*models$`, "We call OpenAI\nmodels", []string{"p.x@We call OpenAI\nmodels"}},
		{`OpenAI\nmodels`, "OpenAI\nmodels", nil}, // the break reads as a space
	}
	for _, tt := range tests {
		e, err := Compile([]*rules.Rule{rule("p.x", nil, nil, withPatterns(tt.pattern))})
		if err != nil {
			t.Fatal(err)
		}
		got := brief(t, tt.src, e.Check(Document{Path: "a.txt", Text: []byte(tt.src)}))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s on %q: got %q, want %q", tt.pattern, tt.src, got, tt.want)
		}
	}
}
