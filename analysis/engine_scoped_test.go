package analysis

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// TestCheckPrescopedSameAsCheck: scoping first (as the CLI does while the
// engine compiles) gives Check's findings, for every kind of document.
func TestCheckPrescopedSameAsCheck(t *testing.T) {
	rs := []*rules.Rule{
		{ID: "t.access", Message: "Say {approved}.", Severity: rules.SeverityWarning, Restricted: []string{"enables access to OpenAI models"}, Approved: []string{"is powered by OpenAI models"}, Scopes: rules.DefaultScopes},
		{ID: "t.utilize", Message: "Avoid {match}.", Severity: rules.SeverityInfo, Restricted: []string{"utilize"}, Approved: []string{"use"}, Scopes: rules.DefaultScopes | rules.ScopeStrings},
	}
	docs := []Document{
		{Path: "fm.md", Text: []byte("---\ntitle: We utilize it\nsummary: We utilize it\n---\n\nWe utilize it. IGNORE utilize ME.\n")},
		{Path: "a.md", Text: []byte("# We utilize it\n\nSRE *enables access to* OpenAI models.\nWe utilize\nit. `utilize`\n\n<!-- guardrail-disable-next-line t.utilize -->\nutilize\n")},
		{Path: "a.mdx", Text: []byte("import X from 'x'\n\nWe utilize <X a=\"utilize\" /> it.\n")},
		{Path: "a.txt", Text: []byte("We utilize it. SRE enables access to\nOpenAI models.\n")},
		{Path: "a.html", Text: []byte("<p title=\"utilize\">We utilize it.</p><script>utilize()</script>")},
		{Path: "a.go", Text: []byte("package a\n\n// We utilize it.\nvar s = \"utilize\"\n")},
		{Path: "a.json", Text: []byte(`{"utilize": "We utilize it."}`)},
		{Path: "a.yaml", Text: []byte("k: We utilize it. # utilize\n")},
		{Path: "notes", Kind: format.KindText, Text: []byte("utilize\n")},
		{Path: "a.unknown", Text: []byte("utilize\n")},
		{Path: "empty.md", Text: nil},
	}
	for _, opts := range []Options{
		DefaultOptions,
		{UnusedSuppression: rules.SeverityHint, FrontMatter: []string{"summary"}, IgnoreTokens: []*regexp.Regexp{regexp.MustCompile(`IGNORE \w+ ME`)}, IgnoreBlocks: []*regexp.Regexp{regexp.MustCompile(`(?m)^k:`)}},
	} {
		e, err := CompileWith(rs, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range docs {
			want := e.Check(doc)
			if got := e.CheckPrescoped(doc, ScopeFor(doc, opts)); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: CheckPrescoped(ScopeFor) = %v, Check = %v", doc.Path, got, want)
			}
			if got := e.CheckPrescoped(doc, nil); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: CheckPrescoped(nil) = %v, Check = %v", doc.Path, got, want)
			}
			if doc.Path == "a.md" && len(want) < 3 {
				t.Errorf("a.md: only %d findings: the test document lost its point", len(want))
			}
		}
	}
}
