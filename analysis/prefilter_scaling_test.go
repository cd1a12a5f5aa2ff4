package analysis

import (
	"regexp"
	"strings"
	"testing"
)

// TestRegexFilterWorkScales counts the prefilter's work (bytes read by
// its scans and literal searches and handed to the regexp package, see
// regexFilter.find), not time: doubling the text must at most double it,
// and it stays within a small multiple of the text, for patterns and
// texts built to make a per-candidate search quadratic: a need of
// white space (the region-name pattern that once took 40 s on 1 MB),
// needs with one frequent and one absent literal, folded literals,
// non-ASCII classes, white-space windows, unbounded patterns.
func TestRegexFilterWorkScales(t *testing.T) {
	cases := []struct{ name, expr, unit string }{
		{"region name then (", `\b(?:US\s+(?:East|West)|Europe|Asia\s+Pacific)\s*\((?:N\.\s*Virginia|Ohio|S[ãa]o\s+Paulo|Hong\s+Kong)\)`, "Europe Asia  Pacific US East ( São  "},
		{"white space as a need", `[\t ]x\s+y[\t\f]`, "x y x  y\t"},
		{"a frequent literal and an absent one", `(?:the|zebra)\s+\w+\s+(?:quux|a)`, "the the the cat a "},
		{"absent literals after the first", `\b\w+\s+(?:qq|zz|jj)\d`, "word word word "},
		{"currency signs", `[$£€]\s?\d[\d,]*(?:\.\d+)?`, "$ £ € x$ "},
		{"folded literals", `(?i)\b(?:kelvin|ſun|straße)\s\d`, "KELVIN kelvin SUN strasse ſun "},
		{"folded letters, no digit", `(?i)(?:jan|feb|mar)\w*\s\d`, "Jan February march "},
		{"white-space window, comma far away", `(?:[^\s,]+,){1,} \w+ (?:and|or) \w+[.?!]`, "aa bb cc dd ee ff gg hh, "},
		{"spacing", `[a-z][.?!] {2,}[A-Z]`, "a. b. c. d.  e "},
		{"unbounded", `\(.+\)`, "(((( a ( "},
		{"oxford comma", `(?m)\b(?:(?:[^,]+,){1,}\s\w+\s(?:and|or))\b`, "a, b, c, d and, "},
		{"passive", `(?i)\b(am|are|were|being|is|been|was|be)\b\s*\b(?:[\w]+ed|broken|written)\b`, "is be was it is been "},
		{"many candidates", `(?i)[a-z]\w*\s\d`, "word word "},
	}
	const n = 32 << 10
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newRegexFilter(c.expr, regexp.MustCompile(c.expr))
			work := func(size int) int {
				text := strings.Repeat(c.unit, size/len(c.unit))
				got, w := f.find(text, nil)
				if want := plainMatches(f.re, text); len(got) != len(want) {
					t.Fatalf("%d matches, want %d", len(got), len(want))
				}
				return w
			}
			w1, w2 := work(n), work(2*n)
			if w2 > 2*w1+2*n/10 {
				t.Errorf("work %d on %d bytes, %d on %d: more than double", w1, n, w2, 2*n)
			}
			if w2 > 40*2*n {
				t.Errorf("work %d on %d bytes: more than 40 per byte", w2, 2*n)
			}
		})
	}
}
