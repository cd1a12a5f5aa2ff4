package analysis

import (
	"fmt"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"math/rand"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/rules"
)

// withPartSizes checks documents of min bytes or more in parts of part
// bytes or more, on 4 cores, until the test ends.
func withPartSizes(t testing.TB, min, part int) {
	oldMin, oldPart := parallelMin, partMin
	oldProcs := runtime.GOMAXPROCS(4)
	parallelMin, partMin = min, part
	t.Cleanup(func() {
		parallelMin, partMin = oldMin, oldPart
		runtime.GOMAXPROCS(oldProcs)
	})
}

// checkWhole is Check on one core, never in parts.
func checkWhole(e *Engine, doc Document) []Finding {
	f, _ := e.checkUntil(doc, time.Time{}, false)
	return f
}

const partsPack = `
[sets]
give = ["give", "gives", "provide"]
who = ["you", "customers", "your teams"]

[[rule]]
id = "p.access"
message = "Say '{approved}', not '{match}'."
restricted = ["enables access to", "{give} [{who}] access to {...2} models"]
approved = ["is powered by"]
inflect = true

[[rule]]
id = "p.utilize"
message = "Avoid {match}."
restricted = ["utilize"]
approved = ["use"]
inflect = true

[[rule]]
id = "p.pattern"
message = "A model name: {match}."
patterns = ['\bGPT-\d\b']

[[rule]]
id = "p.when"
message = "Only near SRE."
restricted = ["leverage"]
approved = ["use"]
when = ["SRE"]

[[rule]]
id = "p.case"
message = "Case."
restricted = ["OpenAI"]
approved = ["the vendor"]
case_sensitive = true

[[rule]]
id = "p.claim"
kind = "claim"
message = "A claim."
restricted = ["is secure"]

[[rule]]
id = "p.heading"
message = "Headings."
restricted = ["quick start"]
approved = ["Getting started"]
scopes = ["headings"]
`

// partsEngine compiles partsPack, reporting unused suppressions.
func partsEngine(t testing.TB) *Engine {
	t.Helper()
	p, errs := rules.ParsePack("parts.toml", []byte(partsPack))
	if rules.HasErrors(errs) {
		t.Fatalf("pack errors: %v", errs)
	}
	e, err := CompileWith(p.Rules, Options{UnusedSuppression: rules.SeverityWarning})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Sentences and blocks with matches, some right at a block's start or end.
var partsSentences = []string{
	"SRE enables access to GPT-4 models.",
	"We utilize it",
	"Teams leverage SRE daily.",
	"We leverage it.",
	"OpenAI and openai differ.",
	"The system is secure.",
	"The system is not secure.",
	"We give customers access to the newest models.",
	"It gives access to\nbig frontier models.",
	"Plain words here, nothing to flag",
	"utilizes",
	"Ends with enables access\nto",
}

// partsBlocks are Markdown blocks (also read as text, HTML or code);
// %s is a sentence.
var partsBlocks = []string{
	"%s",
	"# Quick start: %s",
	"## Quick Start",
	"- %s\n- %s\n  continued %s",
	"1. %s\n\n2. %s",
	"> %s\n> %s",
	"```\n%s\n\n%s\n```",
	"~~~md\n%s\n~~~",
	"    indented %s\n\n    more %s",
	"<div>\n%s\n</div>",
	"<!--\n%s\n\n%s\n-->",
	"<!-- guardrail-disable-next-line -->\n%s",
	"<!-- guardrail-disable-next-line p.utilize -->\n%s",
	"%s <!-- guardrail-disable-line p.access -->",
	"<!-- guardrail-disable-next-line p.nothing -->",
	"// guardrail-disable-next-line\n%s",
	"| a | b |\n|---|---|\n| %s | %s |",
	"*%s* and **%s** with `code %s`",
	"[%s](https://example.com) %s",
	"%s\n===",
	"<pre>\n%s\n\n%s\n</pre>",
	"\t%s",
	"- item %s\n\n  lazy %s",
	"guardrail-disable-line\n%s",
	"\"%s\" // %s",
	"/* %s\n\n%s */",
	"# %s",
	"<p>%s</p>",
}

// partsDirty are blocks that keep a document whole (or test that they do).
var partsDirty = []string{
	"<!-- guardrail-disable p.utilize -->\n%s",
	"<!-- guardrail-enable p.utilize -->",
	"<!-- guardrail-disable -->",
	"[ref]: https://example.com\n\n[%s][ref]",
	"{{< note >}}\n%s\n\n{{< /note >}}",
	"{%% raw %%}\n%s\n{%% endraw %%}",
	"%s\r\n\r\n%s",
	"```\nnever closed %s",
	"---\ntitle: %s\n---",
	"+++\ntitle = \"%s\"\n+++",
}

// partsDoc generates a document of about size bytes; dirty mixes in
// blocks that rule out splitting; frontMatter starts it with some.
func partsDoc(rng *rand.Rand, size int, dirty, frontMatter bool) string {
	var sb strings.Builder
	if frontMatter {
		fmt.Fprintf(&sb, "---\ntitle: %s\ndescription: %s\n---\n\n", partsSentences[rng.Intn(len(partsSentences))], partsSentences[rng.Intn(len(partsSentences))])
	}
	for sb.Len() < size {
		tpl := partsBlocks[rng.Intn(len(partsBlocks))]
		if dirty && rng.Intn(40) == 0 {
			tpl = partsDirty[rng.Intn(len(partsDirty))]
		}
		n := strings.Count(tpl, "%s")
		args := make([]any, n)
		for i := range args {
			args[i] = partsSentences[rng.Intn(len(partsSentences))]
		}
		sb.WriteString(fmt.Sprintf(tpl, args...))
		switch rng.Intn(16) {
		case 0:
			sb.WriteString("\n")
		case 1:
			sb.WriteString("\n\n\n")
		case 2:
			sb.WriteString("\n \t\n")
		default:
			sb.WriteString("\n\n")
		}
	}
	return sb.String()
}

// TestCheckPartsSameAsWhole: a document checked in parts on several cores
// has exactly the findings of checking it whole, in Markdown, text, HTML
// and code, with matches next to and across the parts' boundaries,
// templates, suppression directives, front matter and what keeps a
// document whole (block directives, link references, template tags).
func TestCheckPartsSameAsWhole(t *testing.T) {
	e := partsEngine(t)
	withPartSizes(t, 2<<10, 256)
	rng := rand.New(rand.NewSource(15))
	split := map[string]int{}
	for i := 0; i < 60; i++ {
		dirty, fm := i%3 == 2, i%5 == 1
		src := []byte(partsDoc(rng, 3<<10+rng.Intn(9<<10), dirty, fm))
		for _, path := range []string{"a.md", "a.txt", "a.mdx", "a.html", "a.go", "a.py"} {
			doc := Document{Path: path, Text: src}
			want := checkWhole(e, doc)
			if got := e.Check(doc); !reflect.DeepEqual(got, want) {
				parts := e.opts.planParts(doc, format.KindOf(path))
				t.Fatalf("doc %d %s (%d parts): in parts\n%s\nwhole\n%s", i, path, len(parts), briefFindings(got), briefFindings(want))
			}
			p := ScopeFor(doc, e.opts)
			if got := e.CheckPrescoped(doc, p); !reflect.DeepEqual(got, want) {
				t.Fatalf("doc %d %s: CheckPrescoped(ScopeFor) differs from whole checking", i, path)
			}
			if len(e.opts.planParts(doc, format.KindOf(path))) > 1 {
				split[path]++
				if p.Parts() < 2 {
					t.Fatalf("doc %d %s: ScopeFor did not scope it in parts", i, path)
				}
			}
		}
	}
	t.Logf("documents split: %v", split)
	// Clean documents split, and only Markdown and text do.
	if split["a.md"] < 25 || split["a.txt"] < 30 || split["a.mdx"]+split["a.html"]+split["a.go"]+split["a.py"] > 0 {
		t.Errorf("documents split: %v; want most Markdown and text ones, no others", split)
	}
}

func briefFindings(fs []Finding) string {
	var sb strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&sb, "  %d-%d %s %q %q\n", f.Start, f.End, f.Rule, f.Match, f.Message)
	}
	return sb.String()
}

// Documents below the threshold, on one core, or with [ignore] patterns
// are checked whole; a document with a block directive, a link reference
// definition, a template tag or "\r" too.
func TestPlanPartsKeepsWhole(t *testing.T) {
	withPartSizes(t, 1<<10, 64)
	para := strings.Repeat("Some words in a paragraph here.\n\n", 100)
	o := Options{}
	doc := func(s string) Document { return Document{Path: "a.md", Text: []byte(s)} }
	if n := len(o.planParts(doc(para), format.KindMarkdown)); n < 2 {
		t.Fatalf("a clean document: %d parts, want several", n)
	}
	for _, s := range []string{
		para[:900],
		para + "<!-- guardrail-disable -->\n",
		para + "<!-- guardrail-enable x.y -->\n",
		para + "[a]: https://example.com\n",
		para + "{{< x >}}\n",
		para + "{% x %}\n",
		strings.ReplaceAll(para, "\n", "\r\n"),
		para + "```\nopen to the end\n\nstill code\n",
	} {
		if parts := o.planParts(doc(s), format.KindMarkdown); parts != nil {
			t.Errorf("%.40q…%q: %d parts, want whole", s, s[max(0, len(s)-30):], len(parts))
		}
	}
	withIgnore := Options{IgnoreTokens: []*regexp.Regexp{regexp.MustCompile(`x+`)}}
	if parts := withIgnore.planParts(doc(para), format.KindMarkdown); parts != nil {
		t.Error("[ignore] patterns: checked in parts")
	}
	if parts := o.planParts(Document{Path: "a.mdx", Text: []byte(para)}, format.KindMarkdown); parts != nil {
		t.Error("MDX: checked in parts")
	}
	runtime.GOMAXPROCS(1)
	if parts := o.planParts(doc(para), format.KindMarkdown); parts != nil {
		t.Error("one core: checked in parts")
	}
}

// The parts are the text between blank lines, in order, none empty, and
// none starts with indentation or with what would be front matter.
func TestSplitPartsBoundaries(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		src := []byte(partsDoc(rng, 2<<10, false, i%2 == 0))
		parts := splitParts(src, true, 64+rng.Intn(512))
		prev := 0
		for k, p := range parts {
			if p.Start < prev || p.End <= p.Start || p.End > len(src) {
				t.Fatalf("doc %d: part %d is %v after %d", i, k, p, prev)
			}
			if k > 0 {
				if between := src[prev:p.Start]; !isBlankLines(between) || !strings.Contains(string(between), "\n\n") && !strings.HasPrefix(strings.TrimLeft(string(between), " \t"), "\n") {
					t.Fatalf("doc %d: %q between parts %d and %d is not blank lines", i, between, k-1, k)
				}
				if c := src[p.Start]; c == ' ' || c == '\t' || format.FrontMatterEnd(src[p.Start:]) > 0 {
					t.Fatalf("doc %d: part %d starts with %q", i, k, src[p.Start:min(len(src), p.Start+20)])
				}
			}
			prev = p.End
		}
		if parts != nil && (parts[0].Start != 0 || parts[len(parts)-1].End != len(src)) {
			t.Fatalf("doc %d: parts %v do not cover the text", i, parts)
		}
	}
}

func isBlankLines(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' {
			return false
		}
	}
	return true
}

// Past the deadline, the first part is checked and the findings are
// exactly whole checking's before the point where it stopped; no
// suppression is reported unused.
func TestCheckPartsDeadline(t *testing.T) {
	e := partsEngine(t)
	withPartSizes(t, 2<<10, 256)
	rng := rand.New(rand.NewSource(7))
	tested := 0
	for i := 0; i < 30 && tested < 10; i++ {
		src := []byte(partsDoc(rng, 16<<10, false, false))
		doc := Document{Path: "a.md", Text: src}
		if len(e.opts.planParts(doc, format.KindMarkdown)) < 2 {
			continue
		}
		tested++
		all := checkWhole(e, doc)
		got, stop := e.CheckUntil(doc, time.Unix(1, 0))
		if stop <= 0 || stop >= len(src) {
			t.Fatalf("doc %d: stopped at %d of %d", i, stop, len(src))
		}
		var want []Finding
		for _, f := range all {
			if f.Start < stop && f.Rule != UnusedSuppressionRule {
				want = append(want, f)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("doc %d, stopped at %d:\n%s\nwant\n%s", i, stop, briefFindings(got), briefFindings(want))
		}
		if far, stop := e.CheckUntil(doc, time.Now().Add(time.Hour)); stop != len(src) || !reflect.DeepEqual(far, all) {
			t.Fatalf("doc %d: a far deadline stopped at %d of %d", i, stop, len(src))
		}
	}
	if tested < 10 {
		t.Fatalf("%d documents split, want 10", tested)
	}
}

// joinParts stops at the first part that stopped early or was skipped,
// whatever later parts found, and then reports no unused suppression.
func TestJoinPartsStopsAtFirstStoppedPart(t *testing.T) {
	src := make([]byte, 300)
	parts := []srcRange{{Start: 0, End: 100}, {Start: 102, End: 200}, {Start: 202, End: 300}}
	f := func(rule string, s int) Finding { return Finding{Rule: rule, Start: s, End: s + 3} }
	res := []partResult{
		{found: []Finding{f("a", 1), f(UnusedSuppressionRule, 5)}, stop: 100},
		{found: []Finding{f("b", 2)}, stop: 40},
		{found: []Finding{f("c", 3)}, stop: 98},
	}
	got, stop := joinParts(src, parts, res)
	want := []Finding{f("a", 1), f("b", 104)}
	if stop != 142 || !reflect.DeepEqual(got, want) {
		t.Fatalf("stop %d, %+v; want 142, %+v", stop, got, want)
	}
	res[1] = partResult{skipped: true}
	if got, stop := joinParts(src, parts, res); stop != 102 || !reflect.DeepEqual(got, want[:1]) {
		t.Fatalf("skipped part: stop %d, %+v", stop, got)
	}
	res[1] = partResult{found: []Finding{f("b", 2)}, stop: 98}
	got, stop = joinParts(src, parts, res)
	want = []Finding{f("a", 1), f(UnusedSuppressionRule, 5), f("b", 104), f("c", 205)}
	if stop != 300 || !reflect.DeepEqual(got, want) {
		t.Fatalf("all done: stop %d, %+v", stop, got)
	}
}

// Parts never run on more goroutines than cores, across concurrent checks.
func TestOnPartsHelpersBounded(t *testing.T) {
	withPartSizes(t, 0, 0)
	var running, most int32
	var mu = make(chan struct{}, 1)
	done := make(chan struct{})
	for c := 0; c < 3; c++ {
		go func() {
			onParts(20, func(int) {
				mu <- struct{}{}
				running++
				most = max(most, running)
				<-mu
				time.Sleep(time.Millisecond)
				mu <- struct{}{}
				running--
				<-mu
			})
			done <- struct{}{}
		}()
	}
	for c := 0; c < 3; c++ {
		<-done
	}
	// 3 callers and at most GOMAXPROCS-1 = 3 helpers.
	if most > 6 || helpers.Load() != 0 {
		t.Fatalf("%d parts at once (want at most 6), %d helpers left", most, helpers.Load())
	}
}

// A part never starts with what would be front matter, after a byte
// order mark either, wherever the split falls.
func TestCheckPartsFrontMatterInside(t *testing.T) {
	e := partsEngine(t)
	filler := strings.Repeat("Plain words in a paragraph of filler text.\n\n", 30)
	for _, fm := range []string{"---\nfoo: We utilize it\n---\n", "\uFEFF---\nfoo: We utilize it\n---\n", "+++\nfoo = \"We utilize it\"\n+++\n"} {
		src := []byte(filler + fm + "\n" + filler)
		doc := Document{Path: "a.md", Text: src}
		want := checkWhole(e, doc)
		if len(want) == 0 {
			t.Fatalf("%q: no finding: the case tests nothing", fm)
		}
		for size := 1; size < len(filler)+64; size += 7 {
			parts := splitParts(src, true, size)
			if got, _ := e.checkParts(doc, format.KindMarkdown, parts, nil, time.Time{}); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q, parts of %d bytes %v: in parts\n%s\nwhole\n%s", fm, size, parts, briefFindings(got), briefFindings(want))
			}
		}
	}
}

// What reaches across blocks keeps a document whole: split anyway, each
// of these documents would have other findings than checked whole (so the
// refusal is needed), and Check has whole checking's.
func TestCheckPartsCrossBlockState(t *testing.T) {
	e := partsEngine(t)
	withPartSizes(t, 2<<10, 256)
	filler := strings.Repeat("Plain words in a paragraph of filler text.\n\n", 120)
	cases := []struct{ name, head, tail string }{
		{"block directive", "<!-- guardrail-disable p.utilize -->\n\n", "We utilize it.\n\n<!-- guardrail-enable p.utilize -->\n"},
		{"disable all", "<!-- guardrail-disable -->\n\n", "We utilize it.\n"},
		{"link reference", "[ref]: https://example.com\n\n", "It [enables access][ref] to models.\n"},
		{"shortcode body", "{{< highlight >}}\n", "We utilize it.\n{{< /highlight >}}\n"},
		{"liquid raw", "{% raw %}\n", "We utilize it.\n{% endraw %}\n"},
	}
	for _, c := range cases {
		src := []byte(c.head + filler + c.tail)
		doc := Document{Path: "a.md", Text: src}
		want := checkWhole(e, doc)
		if got := e.Check(doc); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: in parts\n%s\nwhole\n%s", c.name, briefFindings(got), briefFindings(want))
		}
		parts := splitParts(src, true, 256)
		if len(parts) < 2 {
			t.Fatalf("%s: the splitter finds no parts", c.name)
		}
		if naive, _ := e.checkParts(doc, format.KindMarkdown, parts, nil, time.Time{}); reflect.DeepEqual(naive, want) {
			t.Errorf("%s: split anyway, the findings are the same: the case tests nothing\n%s", c.name, briefFindings(want))
		}
	}
}

// FuzzCheckParts: any document checked in parts (as small as they come)
// has the findings of checking it whole.
func FuzzCheckParts(f *testing.F) {
	e := partsEngine(f)
	withPartSizes(f, 1, 1)
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 6; i++ {
		f.Add(partsDoc(rng, 600, i%2 == 1, i%3 == 0))
	}
	f.Add("---\ntitle: We utilize it\n---\n\nWe utilize it.\n\n---\nx: utilize\n---\n")
	f.Add("a\n\n\uFEFF---\nfoo: We utilize it\n---\n\nutilize")
	f.Add("- a\n\n  b utilize\n\nc utilize\n\n    d utilize\n\ne")
	f.Add("<div>\n\n```\nutilize\n\n```\n</div>\n\nutilize")
	f.Add("<!-- guardrail-disable-next-line -->\n\nWe utilize it.\n\n<!-- guardrail-disable-next-line -->\nWe utilize it.")
	f.Fuzz(func(t *testing.T, text string) {
		src := []byte(text)
		for _, path := range []string{"a.md", "a.txt"} {
			doc := Document{Path: path, Text: src}
			// (No findings may come as nil one way and empty the other.)
			if got, want := e.Check(doc), checkWhole(e, doc); (len(got) > 0 || len(want) > 0) && !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: in parts\n%s\nwhole\n%s", path, briefFindings(got), briefFindings(want))
			}
		}
	})
}

// groupSegments groups segments (format.Split's, in order, from 0 to the
// end) into parts of size bytes or more as splitParts does, from the
// collected list: nil for one part.
func groupSegments(segs []format.Span, size int) []srcRange {
	var parts []srcRange
	start := 0
	for i := 1; i < len(segs); i++ {
		if segs[i-1].End-start < size {
			continue
		}
		parts = append(parts, srcRange{Start: start, End: segs[i-1].End})
		start = segs[i].Start
	}
	if len(parts) == 0 {
		return nil
	}
	return append(parts, srcRange{Start: start, End: segs[len(segs)-1].End})
}

// TestSplitPartsGroupsSplit: the parts grouped as segments are found are
// those grouped from format.Split's list, for text and Markdown (dirty
// documents too, some of which do not split).
func TestSplitPartsGroupsSplit(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	split, whole := 0, 0
	for i := 0; i < 300; i++ {
		src := []byte(partsDoc(rng, 1<<10+rng.Intn(4<<10), i%3 == 0, i%4 == 0))
		for _, kind := range []format.Kind{format.KindMarkdown, format.KindText} {
			size := 1 + rng.Intn(1<<10)
			var want []srcRange
			if segs, _, ok := format.Split(kind, src, 0, format.SplitFloor(kind, src), nil); ok {
				want = groupSegments(segs, size)
			}
			got := splitParts(src, kind == format.KindMarkdown, size)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("doc %d, kind %v, size %d: %v, want %v", i, kind, size, got, want)
			}
			if got == nil {
				whole++
			} else {
				split++
			}
		}
	}
	if split < 100 || whole < 20 {
		t.Fatalf("%d split, %d whole: want many of both", split, whole)
	}
}
