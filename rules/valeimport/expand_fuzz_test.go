package valeimport

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExpandRegex: for any expression, expandRegex returns in bounded
// time either an error or at most MaxExpansions phrases, each a clean
// phrase (non-empty, no white space at the ends or control characters)
// that the expression itself matches whole.
func FuzzExpandRegex(f *testing.F) {
	for _, s := range []string{
		"are not", "(?:alumna|alumnus)", "air(?:m[ae]n|wom[ae]n)", "chat ?bots?",
		`\bI'm\b`, `[\w]+ed`, `(?i)Acme [Cc]loud`, `x{1,3}`, `foo\s+bar`, `\s[—–]\s`,
		`(?:a|b|c|d){4}`, `a{1000}`, `[^a]`, `\d{1,2}[AP]M\b`, `(?<!x)y`, `é|É`, "[\u212a]",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, expr string, fold bool) {
		if len(expr) > 200 {
			return
		}
		x, err := expandRegex(expr, fold)
		if err != nil {
			return
		}
		if len(x.phrases) == 0 || len(x.phrases) > MaxExpansions {
			t.Fatalf("expandRegex(%q) = %d phrases", expr, len(x.phrases))
		}
		flags := ""
		if fold {
			flags = "(?i)"
		}
		// The \b at the ends were set aside (sameBoundaries weighs them):
		// check against the rest.
		parsed, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			t.Fatalf("expandRegex(%q) expanded what regexp/syntax refuses: %v", expr, err)
		}
		inner, _, _ := stripEdgeBoundaries(parsed.Simplify())
		whole, err := regexp.Compile(flags + `^(?:` + inner.String() + `)$`)
		if err != nil {
			t.Fatalf("expandRegex(%q) expanded an expression RE2 refuses: %v", expr, err)
		}
		for _, p := range x.phrases {
			if p == "" || strings.TrimSpace(p) != p || !utf8.ValidString(p) {
				t.Fatalf("expandRegex(%q): bad phrase %q", expr, p)
			}
			if utf8.RuneCountInString(p) > maxExpandRunes {
				t.Fatalf("expandRegex(%q): phrase of %d runes", expr, utf8.RuneCountInString(p))
			}
			for _, r := range p {
				if r < ' ' || r == 0x7f {
					t.Fatalf("expandRegex(%q): control character in %q", expr, p)
				}
			}
			// White space was folded to one space: only phrases without
			// one can be checked against the expression as written.
			if !strings.Contains(p, " ") && !whole.MatchString(p) {
				t.Fatalf("expandRegex(%q) gave %q, which the expression does not match", expr, p)
			}
		}
	})
}
