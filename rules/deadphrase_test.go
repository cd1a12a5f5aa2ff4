package rules

import (
	"strings"
	"testing"
)

// TestNeverFlaggedPhraseWarns: a restricted phrase that is also an
// approved phrase of its rule, written the same way (up to white space and
// typography), can never be flagged: a warning at the phrase naming the
// rule (and saying when the whole rule can never fire), and the rule still
// loads. A phrase that differs from its approved twin only in case is a
// working case-only rule, with or without case_sensitive.
func TestNeverFlaggedPhraseWarns(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "LINE:COL: message"
	}{
		{"identical", "[[rule]]\nid = \"a.gb\"\nrestricted = [\"gb\"]\napproved = [\"gb\"]\n",
			[]string{`3:15: restricted phrase "gb" is also an approved phrase of rule "a.gb", so it is never flagged; the rule can never fire`}},
		{"second phrase, typography and spaces differ", "[[rule]]\nid = \"a.b\"\nrestricted = [\"x\", \"don’t  use\"]\napproved = [\"y\", \"don't use\"]\n",
			[]string{`3:20: restricted phrase "don’t  use" is also an approved phrase of rule "a.b", so it is never flagged` + "\x00"}},
		{"with patterns the rule still fires", "[[rule]]\nid = \"a.b\"\nrestricted = [\"gb\"]\napproved = [\"gb\"]\npatterns = ['\\d+gb']\n",
			[]string{`3:15: restricted phrase "gb" is also an approved phrase of rule "a.b", so it is never flagged` + "\x00"}},
		{"case sensitive and identical", "[[rule]]\nid = \"a.b\"\ncase_sensitive = true\nrestricted = [\"GB\"]\napproved = [\"GB\"]\n",
			[]string{`4:15: restricted phrase "GB" is also an approved phrase`}},
		{"case only: fires", "[[rule]]\nid = \"a.b\"\nrestricted = [\"gb\"]\napproved = [\"GB\"]\n", nil},
		{"case only, case sensitive: fires", "[[rule]]\nid = \"a.b\"\ncase_sensitive = true\nrestricted = [\"gb\"]\napproved = [\"GB\"]\n", nil},
		{"approved phrase longer: fires", "[[rule]]\nid = \"a.b\"\nrestricted = [\"enabled\"]\napproved = [\"is enabled by\"]\n", nil},
		{"templates are not compared", "[sets]\ng = [\"gb\"]\n[[rule]]\nid = \"a.b\"\nrestricted = [\"{g}\"]\napproved = [\"{g}\"]\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, errs := ParsePack("p.toml", []byte(tc.src))
			var got []string
			for _, e := range errs {
				if !e.Warning {
					t.Fatalf("error: %v", e)
				}
				got = append(got, e.Error())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d warnings, want %d:\n  %s", len(got), len(tc.want), strings.Join(got, "\n  "))
			}
			for i, w := range tc.want {
				exact := strings.HasSuffix(w, "\x00") // the message ends here
				w = strings.TrimSuffix(w, "\x00")
				if !strings.Contains(got[i], "p.toml:"+w) || exact && !strings.HasSuffix(got[i], w) {
					t.Errorf("warning %d = %q, want %q", i, got[i], w)
				}
			}
			if p == nil || len(p.Rules) != 1 {
				t.Fatalf("the rule did not load: %+v", p)
			}
		})
	}
}
