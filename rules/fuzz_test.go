package rules

import (
	"strings"
	"testing"
)

func FuzzParsePack(f *testing.F) {
	f.Add([]byte(okRule))
	f.Add([]byte("[[rule]]\nid = \"a.b\nrestricted = [\"x\"]\n"))
	f.Add([]byte("extends = [\"builtin:nope\", \"\"]\n[severity]\n\"x\" = \"loud\"\n"))
	f.Add([]byte("rule = [{id = \"a\", restricted = [\"\"], message = \"\"\"\n{x}\"\"\"}]\n"))
	f.Add([]byte("[[rule]]\nid = 'a'\npatterns = ['(', 'a*']\n[[rule.example]]\ngood = \"\\u00e9\"\n"))
	f.Add([]byte("\uFEFFa = 1\r\nb = \"\\\n\"\n"))
	f.Add([]byte("[sets]\ng = [\"give\", \"(a|b) [c]\"]\nh = [\"{g} x\"]\n[[rule]]\nid = \"a.b\"\nrestricted = [\"{h} {...2} y\"]\napproved = [\"z {g}\"]\n"))
	f.Add([]byte("[sets]\na = [\"{b}\"]\nb = [\"{a}\"]\nmatch = [\"x\"]\n[[rule]]\nid = \"a.b\"\nrestricted = [\"(x|[y]\"]\n"))
	f.Add([]byte("front_matter = [\"title\", \"\", 3]\n[ignore]\ntokens = ['a(', 'x*', '\\{\\{<[^>]*>\\}\\}']\nblocks = \"(?s)x.*y\"\nother = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, errs := ParsePack("f.toml", data)
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range errs {
			if e.Pos.File != "f.toml" || e.Pos.Line < 1 || e.Pos.Line > lines+1 || e.Pos.Column < 1 {
				t.Fatalf("error outside the input (%d lines): %v", lines, e)
			}
			if e.Msg == "" {
				t.Fatal("empty message")
			}
		}
		if p != nil {
			for _, r := range p.Rules {
				if !ValidRuleID(r.ID) || r.Scopes == 0 || r.Message == "" {
					t.Fatalf("invalid rule accepted: %+v", r)
				}
				if len(r.Restricted) == 0 && len(r.Patterns) == 0 {
					t.Fatalf("rule with nothing to match accepted: %+v", r)
				}
			}
		}
	})
}
