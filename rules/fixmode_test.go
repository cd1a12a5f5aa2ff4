package rules

import (
	"strings"
	"testing"
)

// TestRuleFixMode: `fix` is "auto" (the default), "suggest" or "none";
// anything else is an error at the value, naming the three.
func TestRuleFixMode(t *testing.T) {
	rule := func(extra string) string {
		return "[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\napproved = [\"y\"]\n" + extra
	}
	for _, tc := range []struct {
		extra string
		want  FixMode
		err   string
	}{
		{"", FixAuto, ""},
		{"fix = \"auto\"\n", FixAuto, ""},
		{"fix = \"suggest\"\n", FixSuggest, ""},
		{"fix = \"none\"\n", FixNone, ""},
		{"fix = \"manual\"\n", 0, `p.toml:5:7: unknown fix "manual" (want "auto", "suggest" or "none")`},
		{"fix = false\n", 0, `p.toml:5:7: fix must be a string ("auto", "suggest" or "none"), not a boolean`},
		{"fx = \"none\"\n", 0, `p.toml:5:1: unknown key "fx" in [[rule]] (did you mean "fix"?)`},
	} {
		p, errs := ParsePack("p.toml", []byte(rule(tc.extra)))
		if tc.err != "" {
			if len(errs) != 1 || errs[0].Error() != tc.err {
				t.Errorf("%q: errors %v, want %s", tc.extra, errs, tc.err)
			}
			continue
		}
		if len(errs) > 0 || len(p.Rules) != 1 {
			t.Fatalf("%q: %v", tc.extra, errs)
		}
		if got := p.Rules[0].Fix; got != tc.want {
			t.Errorf("%q: Fix = %v, want %v", tc.extra, got, tc.want)
		}
		if s := p.Rules[0].Fix.String(); !strings.Contains(tc.extra+"auto", s) {
			t.Errorf("%q: String() = %q", tc.extra, s)
		}
	}
}
