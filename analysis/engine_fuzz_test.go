package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// FuzzMatcher checks arbitrary text against rules built from the fuzz input
// in every file type: no panic, and every finding's range lies inside the
// input, on UTF-8 boundaries where the input is valid, with Match equal to
// the source text of the range.
func FuzzMatcher(f *testing.F) {
	f.Add("SRE enables access\nto OpenAI models.", "enables access to OpenAI models", "is powered by OpenAI models", `\bcall(s|ed)?\b`)
	f.Add("*call* [OpenAI](x) models", "call OpenAI models", "", "")
	f.Add("<!-- guardrail-disable-next-line -->\ncall it", "call", "use", "")
	f.Add("// guardrail-disable\nfoo\r\nbar\rbaz", "foo bar", "", "b.r")
	f.Add("don’t — x\u00a0y 😀 İstanbul", "don't - x y", "do not", "İ")
	f.Add("When `go` `mod` is {{< ref \"x\" >}} (`y`) <kbd>z</kbd> is\n", "when is", "if", `\(\s*\)|is\W+is`)
	f.Add("a `b` \uFFFC c {{% d %}}\x02e\n", "\uFFFC c", "", `\x{FFFC}|\x02`)
	f.Fuzz(func(t *testing.T, text, phrase, approved, pattern string) {
		r := &rules.Rule{ID: "fuzz.rule", Message: "{match} {approved}", Severity: rules.SeverityWarning, Scopes: rules.DefaultScopes | rules.ScopeStrings}
		if strings.TrimSpace(phrase) != "" {
			r.Restricted = []string{phrase}
			r.Inflect = len(phrase)%2 == 0
		}
		if strings.TrimSpace(approved) != "" {
			r.Approved = []string{approved}
		}
		if pattern != "" {
			r.Patterns = []string{pattern}
		}
		if len(r.Restricted) == 0 && len(r.Patterns) == 0 {
			return
		}
		if len(text)%3 == 0 {
			r.When = []string{"sre"}
		}
		r.Fix = rules.FixMode(len(approved) % 3) // auto, suggest, none
		e, err := Compile([]*rules.Rule{r})
		if err != nil {
			return // a bad regex
		}
		src := []byte(text)
		for _, path := range []string{"a.txt", "a.md", "a.html", "a.go", "a.py", "a.json", "a.yaml"} {
			for _, fd := range e.Check(Document{Path: path, Text: src}) {
				if fd.Start < 0 || fd.End > len(src) || fd.Start > fd.End {
					t.Fatalf("%s: range %d..%d outside %d bytes", path, fd.Start, fd.End, len(src))
				}
				if fd.Match != string(src[fd.Start:fd.End]) {
					t.Fatalf("%s: Match %q is not the source %q", path, fd.Match, src[fd.Start:fd.End])
				}
				if (fd.Fix == rules.FixNone) != (len(fd.Replacements) == 0) || r.Fix == rules.FixNone && !likelyAcronym(fd.Match, phrase) && len(fd.Replacements) > 0 {
					t.Fatalf("%s: fix %v (rule: %v) with replacements %q", path, fd.Fix, r.Fix, fd.Replacements)
				}
			}
		}
	})
}

// FuzzTextFastPaths checks the plain-text fast paths against the general
// ones: Check on a .txt document against CheckScoped on ScopeText's
// chunks, addVerbatim against the per-character normalizer, and tokenize
// against the byte-at-a-time tokenizer.
func FuzzTextFastPaths(f *testing.F) {
	f.Add("SRE enables access\nto OpenAI models.\n\nguardrail-disable-line\ncall  it", "enables access to OpenAI models", "call")
	f.Add("Longerwordsthaneight and_more wörds\r\n\tÉCOLE—x\u00a0y", "wörds école", "and_more")
	f.Add("a\x00b\x01c  d\r\re", "b c", "d e")
	f.Fuzz(func(t *testing.T, text, phrase, approved string) {
		src := []byte(text)
		for _, fold := range []bool{false, true} {
			var fast, ref textBuilder
			fast.reset(fold)
			ref.reset(fold)
			fast.addVerbatim(src, 0, len(src))
			addVerbatimRef(&ref, src, 0, len(src))
			if string(fast.norm) != string(ref.norm) {
				t.Fatalf("norm %q, want %q", fast.norm, ref.norm)
			}
			for i := range ref.norm {
				if fast.srcStart(i) != ref.srcStart(i) || fast.srcEnd(i+1) != ref.srcEnd(i+1) {
					t.Fatalf("offset map differs at %d", i)
				}
			}
			// In pieces, some bytes skipped (markup between segments):
			// a piece's last bytes are read past its end (asciiRun).
			var fastP, refP textBuilder
			fastP.reset(fold)
			refP.reset(fold)
			for i, k := 0, 0; i < len(src); k++ {
				n := 1 + k%5
				if len(approved) > 0 {
					n = 1 + int(approved[k%len(approved)])%13
				}
				end := min(i+n, len(src))
				fastP.addVerbatim(src, i, end)
				addVerbatimRef(&refP, src, i, end)
				i = end + k%2
			}
			if string(fastP.norm) != string(refP.norm) {
				t.Fatalf("pieces: norm %q, want %q", fastP.norm, refP.norm)
			}
			for i := range refP.norm {
				if fastP.srcStart(i) != refP.srcStart(i) || fastP.srcEnd(i+1) != refP.srcEnd(i+1) || fastP.contiguous(0, i+1) != refP.contiguous(0, i+1) {
					t.Fatalf("pieces: offset map differs at %d", i)
				}
			}
			got := tokenize(fast.norm, 0, len(fast.norm), nil)
			want := tokenizeRef(fast.norm, 0, len(fast.norm), nil)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("tokens of %q:\ngot  %+v\nwant %+v", fast.norm, got, want)
			}
		}
		if strings.TrimSpace(phrase) == "" {
			return
		}
		r := &rules.Rule{ID: "fuzz.rule", Message: "{match} {approved}", Severity: rules.SeverityWarning, Scopes: rules.DefaultScopes,
			Restricted: []string{phrase}, Inflect: len(phrase)%2 == 0, CaseSensitive: len(text)%5 == 0}
		if strings.TrimSpace(approved) != "" {
			r.Approved = []string{approved}
		}
		if len(text)%3 == 0 {
			r.When = []string{approved}
		}
		e, err := Compile([]*rules.Rule{r})
		if err != nil {
			t.Fatal(err)
		}
		doc := Document{Path: "a.txt", Text: src}
		if got, want := e.Check(doc), e.CheckScoped(doc, format.ScopeText(src)); !reflect.DeepEqual(got, want) {
			t.Fatalf("Check:\ngot  %+v\nwant %+v", got, want)
		}
	})
}
