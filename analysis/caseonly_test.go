package analysis

import (
	"reflect"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// TestCaseOnlyRules: a rule whose approved phrase differs from a restricted
// phrase only in case ("gb" → "GB") flags the other spellings and fixes
// them, and leaves the approved spelling alone — also where the fix would
// write the text as it stands (ALL CAPS, a capital at a sentence start).
func TestCaseOnlyRules(t *testing.T) {
	gb := rule("u.gb", []string{"gb"}, []string{"GB"})
	kb := rule("u.kb", []string{"kb"}, []string{"KB"})
	js := rule("u.js", []string{"javascript"}, []string{"JavaScript"})
	inet := rule("u.inet", []string{"Internet"}, []string{"internet"})
	cloud := rule("u.cloud", []string{"google cloud", "cloud"}, []string{"Google Cloud"})
	tests := []struct {
		name  string
		rules []*rules.Rule
		src   string
		want  []string
		fixed string
	}{
		{"gb", []*rules.Rule{gb}, "5 gb, 5 GB, 5 Gb.",
			[]string{"u.gb@gb=>GB", "u.gb@Gb=>GB"}, "5 GB, 5 GB, 5 GB."},
		{"gb and kb", []*rules.Rule{gb, kb}, "Use 4 kb pages, not 4 KB or 1 gb.",
			[]string{"u.kb@kb=>KB", "u.gb@gb=>GB"}, "Use 4 KB pages, not 4 KB or 1 GB."},
		{"mixed case", []*rules.Rule{js}, "javascript, Javascript, JavaScript, JAVASCRIPT.",
			[]string{"u.js@javascript=>JavaScript", "u.js@Javascript=>JavaScript"}, "JavaScript, JavaScript, JavaScript, JAVASCRIPT."},
		{"lower case wanted", []*rules.Rule{inet}, "Internet use grows. On the Internet, the internet, INTERNET.",
			[]string{"u.inet@Internet=>internet"}, "Internet use grows. On the internet, the internet, INTERNET."},
		{"approved phrase still protects other phrases", []*rules.Rule{cloud}, "Google Cloud and google cloud.",
			[]string{"u.cloud@google cloud=>Google Cloud"}, "Google Cloud and Google Cloud."},
		{"case sensitive rule as before", []*rules.Rule{rule("u.cs", []string{"gb"}, []string{"GB"}, withCaseSensitive)}, "5 gb, 5 GB, 5 Gb.",
			[]string{"u.cs@gb=>GB"}, "5 GB, 5 GB, 5 Gb."},
		{"identical phrases stay silent", []*rules.Rule{rule("u.same", []string{"gb"}, []string{"gb"})}, "5 gb, 5 GB.", nil, "5 gb, 5 GB."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile(tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			for _, kind := range []format.Kind{format.KindText, format.KindMarkdown} {
				fs := e.Check(Document{Path: "a", Text: []byte(tt.src), Kind: kind})
				if got := brief(t, tt.src, fs); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("%v: got  %q\nwant %q", kind, got, tt.want)
				}
				if got := string(ApplyFixes([]byte(tt.src), fs)); got != tt.fixed {
					t.Errorf("%v: fixed to %q, want %q", kind, got, tt.fixed)
				}
			}
		})
	}
}

// TestCaseOnlyRuleExamples: `rules test` of a case-only rule passes (its
// bad was not flagged before).
func TestCaseOnlyRuleExamples(t *testing.T) {
	r := rule("u.gb", []string{"gb"}, []string{"GB"})
	r.Examples = []rules.Example{{Bad: "A 5 gb disk.", Good: "A 5 GB disk."}}
	if fails := TestExamples(r); len(fails) > 0 {
		t.Errorf("%+v", fails)
	}
}
