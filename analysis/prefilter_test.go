package analysis

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// plainMatches is what the engine used before the prefilter: every
// non-empty match of FindAllStringIndex.
func plainMatches(re *regexp.Regexp, text string) [][2]int {
	var out [][2]int
	for _, m := range re.FindAllStringIndex(text, -1) {
		if m[1] > m[0] {
			out = append(out, [2]int{m[0], m[1]})
		}
	}
	return out
}

// checkFilter compares the prefiltered matches with the plain ones.
func checkFilter(t testing.TB, expr, text string) {
	t.Helper()
	re, err := regexp.Compile(expr)
	if err != nil {
		return
	}
	f := newRegexFilter(expr, re)
	got, want := f.findAll(text, nil), plainMatches(re, text)
	if !slices.Equal(got, want) {
		t.Fatalf("pattern %q on %q:\n got %v\nwant %v", expr, text, got, want)
	}
}

func TestRegexFilterAgreesWithRegexp(t *testing.T) {
	prose := "He said it was done. It is broken; it was written by me.Then I said: I, too, am tired. " +
		"Apples, pears, and plums or figs! The e.g. case, i.e. this one, vs. that (s)he saw 10 AM - 11 PM.\n" +
		"Is it well-known? Really-nice things, auto-update and 3 kB, 5 ms, 2nd of May 1st, 3 GB.\n\n" +
		"Ærø — Ǆemal is here – K° ſun ſtraße KELVIN wasn’t built"
	cases := []struct{ name, expr, text string }{
		{"passive", `(?i)\b(am|are|were|being|is|been|was|be)\b\s*\b(?:[\w]+ed|broken|written|built|done)\b`, prose},
		{"first person, multiline start", `(?m)(?:^|\s)I\s`, prose},
		{"first person at text start", `(?m)(?:^|\s)I\s`, "I am here.\nI said"},
		{"comma run", `(?i)(?m)(?:[^\s,]+,){1,} \w+ (?:and|or) \w+[.?!]`, prose},
		{"oxford with leading \\b", `(?i)(?m)\b(?:(?:[^,]+,){1,}\s\w+\s(?:and|or))\b`, prose},
		{"spacing", `(?i)[a-z][.?!][A-Z]`, prose},
		{"spacing, case-sensitive", `[a-z][.?!] {2,}[A-Z]`, "a.  B and c. D e.   F"},
		{"latin abbreviations", `(?i)\b(?:eg|e\.g\.)[\s,]`, prose},
		{"dashes, non-ASCII", `(?i)\s[—–]\s|\s[—–]|[—–]\s`, prose},
		{"units", `(?i)\b\d+(?:B|kB|MB|GB|TB)`, prose},
		{"kelvin sign folds to k", `(?i)\bk\w+`, "KELVIN and kilo and \u212Aelvin"},
		{"long s folds to s", `(?i)\bsun\b`, "ſun SUN sun"},
		{"word run", `\w+ly-\w+`, "a really-nice fairly-good x-ly-y"},
		{"run then more", `[a-z]+ing\b`, "sing singing ringing bring"},
		{"leading \\B", `\Bing`, "sing singing ing"},
		{"non-multiline ^ only at start", `^The`, "The The"},
		{"$ at end", `(?i)\w+\.$`, "end. The end."},
		{"parens, greedy to the end", `\(.+\)`, "a (b) c (d) e"},
		{"non-greedy", `\(.+?\)`, "a (b) c (d) e"},
		{"alternation preference", `(?i)\b(?:in|in order to)\b`, "in order to win"},
		{"ordinal", `(?i)\d+(?:st|nd|rd|th)`, prose},
		{"many candidates: fallback to the plain search", `(?i)[a-z]\w*`, strings.Repeat("word ", 300)},
		{"bounded: \\b after the window's last byte", `(?i)\bis\b|\d{1,2}[AP]M\b`, "isé is isx 10AMé 9PM 11AMx"},
		{"bounded: $ and (?m)$ past the match", `(?m)\w{1,3}$|x\.?$`, "ab\nabcd\nx.\nx"},
		{"bounded: multi-byte fold", `(?i)\bſ.?\b`, "s, ſ, S, sé, Sa"},
		{"never matches", `x[^\x00-\x{10FFFF}]`, "xx"},
		{"invalid UTF-8", `(?i)\bis\b`, "is \xff is \xe2\x80 is"},
		{"non-ASCII class as a need", `[$£€]\s?\d+`, "costs £5, €6 or $ 7; £ x"},
		{"non-ASCII folded literal", `(?i)\bcafé\b|STRASSE`, "CAFÉ café Café strasse"},
		{"an invalid byte matches .", `.|[^a]b`, "\x85 \xffb"},
		{"U+FFFD is what an invalid byte reads as", `a[\x{FFFD}]b|x\x{FFFD}`, "a\xffb x\xfe a\uFFFDb"},
		{"folded literal with k and s", `(?i)kelvins?\d`, "\u212Aelvin1 KELVINſ2 kelvins3"},
		{"need past the window: skipped candidates", `[a-z][.?!] {2,}[A-Z]`, "a. b. c.  D e.f. g!   H"},
		{"white-space window need", `(?:[^\s,]+,){1,} \w+ (?:and|or) \w+[.?!]`, "x y z a, b and c. d e f g h, i, j or k! l m n o p q, r"},
		{"region name then (", `\b(?:US\s+(?:East|West)|Europe)\s*\((?:N\.\s*Virginia|S[ãa]o\s+Paulo|Ohio)\)`, "US East (Ohio) Europe (São Paulo) US  West(N. Virginia) Europe (x)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkFilter(t, c.expr, c.text) })
	}
}

// The prefilter is not a no-op: on prose it runs the passive pattern at a
// few places, not everywhere.
func TestRegexFilterNarrowsCandidates(t *testing.T) {
	expr := `(?i)\b(am|are|were|being|is|been|was|be)\b\s*\b(?:[\w]+ed|broken)\b`
	f := newRegexFilter(expr, regexp.MustCompile(expr))
	if f.plain || f.prefixes == nil || f.common&syntax.EmptyWordBoundary == 0 {
		t.Fatalf("passive: plain %v, prefixes %d, common %b; want prefixes behind \\b", f.plain, len(f.prefixes), f.common)
	}
	for _, p := range []string{"am", "AM", "Being", "bEEN", "WAS"} {
		if _, ok := f.prefixes[p]; !ok {
			t.Errorf("passive: prefix %q missing", p)
		}
	}
	run := `(?i)(?:[^\s,]+,){1,} \w+ (?:and|or)`
	if g := newRegexFilter(run, regexp.MustCompile(run)); !g.runStart || g.inRun[' '] || g.inRun[','] || !g.inRun['a'] {
		t.Errorf("comma run: runStart %v; want a run of [^\\s,]", g.runStart)
	}
	// Oxford comma: matches run on from any word; the tail after the
	// comma run is looked for first, from its comma.
	ox := `(?m)\b(?:(?:[^,]+,){1,}\s\w+\s(?:and|or))\b`
	if g := newRegexFilter(ox, regexp.MustCompile(ox)); g.tail == nil || string(g.tail.scan.bytes) != "," {
		t.Errorf("oxford comma: tail %v; want one found from its comma", g.tail)
	} else if m, _ := g.find("a, b, c and d. No list here, at all.", nil); len(m) != 1 {
		t.Errorf("oxford comma: %v, want one match", m)
	}
	if g := newRegexFilter(`a*`, regexp.MustCompile(`a*`)); !g.plain {
		t.Errorf("a*: can match empty, want the plain search")
	}
}

// FuzzRegexFilter: the prefiltered search finds exactly the non-empty
// matches of the plain search, for any pattern and text.
func FuzzRegexFilter(f *testing.F) {
	seeds := [][2]string{
		{`(?i)\b(am|is|be)\b\s*\w+ed\b`, "It is used. It was I."},
		{`(?m)(?:^|\s)I\s`, "I am\nI do"},
		{`(?:[^\s,]+,){1,} \w+ (?:and|or) \w+[.?!]`, "a,b, c and d."},
		{`\b[^\s-]+ly-\w+\b`, "really-nice"},
		{`(?i)\bk`, "\u212A K k"},
		{`\Bx+`, "axx xx"},
		{`[—–]\s`, "a — b"},
		{`(?i)ß|ss`, "SS ß ẞ"},
		{`(?U)a+b`, "aaab ab"},
		{`x?`, "xx"},
		{`[$£€]\s?\d[\d,]*`, "£5 €6,0 $ 7"},
		{`(?i)é\w|[a-z][.?!] {2,}[A-Z]`, "É1 a.  B"},
		{`\b(?:US\s+East|Europe)\s*\((?:Ohio|S[ãa]o\s+Paulo)\)`, "Europe (São Paulo) US East (Ohio)"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, expr, text string) {
		if len(expr) > 200 || len(text) > 2000 {
			return
		}
		checkFilter(t, expr, text)
	})
}

// wsWindowAt agrees with counting the runs of white space from s.
func TestWSWindow(t *testing.T) {
	naive := func(text string, s, runs int) int {
		n := 0
		for i := s; i < len(text); i++ {
			if isWS(text[i]) && (i == s || !isWS(text[i-1])) {
				if n == runs {
					return i + 1
				}
				n++
			}
		}
		return len(text)
	}
	for _, text := range []string{"a  b c\t\td", "  x  ", "abc", " ", "a\vb c\n\nd  "} {
		starts := wsRunStarts(text, nil)
		for s := range len(text) {
			for len(starts) > 0 && starts[0] < s {
				starts = starts[1:]
			}
			for runs := range 4 {
				want := naive(text, s, runs)
				if got := wsWindowAt(text, s, runs, starts); got != want {
					t.Errorf("%q at %d, %d runs: %d, want %d", text, s, runs, got, want)
				}
				for limit := range 12 {
					if got, ok := wsWindowNear(text, s, runs, limit); ok && got != want || !ok && want <= s+limit && want < len(text) {
						t.Errorf("%q at %d, %d runs, read %d: %d %v, want %d", text, s, runs, limit, got, ok, want)
					}
				}
			}
		}
	}
}
