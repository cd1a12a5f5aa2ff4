package rules

import (
	"strings"
	"testing"
)

// TestPatternsMatchingEmptyRefused: a pattern that can match empty text
// anywhere (an empty-width assertion included) is refused, consistently.
func TestPatternsMatchingEmptyRefused(t *testing.T) {
	for _, c := range []struct {
		pattern string
		refused bool
	}{
		{`\b`, true}, {`\B`, true}, {`^`, true}, {`$`, true}, {`(?:)`, true},
		{`x*`, true}, {`(a|)`, true}, {`\bx?\b`, true}, {`a{0,3}`, true}, {`(?m)^$`, true},
		{`a`, false}, {`\ba\b`, false}, {`a+`, false}, {`^a`, false}, {`[a-z]{1,3}`, false},
		{`(a|b)c*`, false}, {`\$\d+ per hour`, false},
	} {
		src := "[[rule]]\nid = \"p.x\"\npatterns = ['" + c.pattern + "']\n"
		_, errs := ParsePack("p.toml", []byte(src))
		got := false
		for _, e := range errs {
			if strings.Contains(e.Msg, "matches empty text") {
				got = true
				if e.Pos.Line != 3 {
					t.Errorf("%s: error at %s, want line 3", c.pattern, e.Pos)
				}
			}
		}
		if got != c.refused {
			t.Errorf("pattern %q: refused = %v, want %v (%v)", c.pattern, got, c.refused, errs)
		}
	}
}
