package analysis

// Bad input through the engine (issue #5): invalid UTF-8, NUL bytes, CR
// and CRLF line endings, huge and deeply nested documents, a huge rule.
// Every case runs under a time bound and must not panic; findings must lie
// inside the input with Match equal to the source of their range, and the
// bytes a fix does not touch must come out unchanged.

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/internal/testutil"

	"github.com/guardrail-dev/guardrail/rules"
)

// badInputEngine has a phrase rule with a fix, a regex rule and a
// flag-only rule.
func badInputEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := Compile([]*rules.Rule{
		rule("t.access", []string{"enables access to OpenAI models"}, []string{"is powered by OpenAI models"}),
		rule("t.utilize", []string{"utilize"}, []string{"use"}, withScopes(rules.DefaultScopes|rules.ScopeStrings)),
		rule("t.price", nil, nil, withPatterns(`\$\d+ per hour`)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// checkFindingsSane checks that every finding lies inside src with Match
// equal to its source text, and that applying the fixes leaves every byte
// outside the fixed ranges as it was.
func checkFindingsSane(t testing.TB, name string, src []byte, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Start < 0 || f.End > len(src) || f.Start > f.End {
			t.Fatalf("%s: %s: range %d..%d outside %d bytes", name, f.Rule, f.Start, f.End, len(src))
		}
		if f.Match != string(src[f.Start:f.End]) {
			t.Fatalf("%s: %s: Match %q is not the source %q", name, f.Rule, f.Match, src[f.Start:f.End])
		}
	}
	checkFixOutside(t, name, src, SelectFixes(src, fs))
}

// checkFixOutside checks Apply(src, fixes) against the oracle: the source
// between fixes unchanged, each fix's text in place.
func checkFixOutside(t testing.TB, name string, src []byte, fixes []Fix) {
	t.Helper()
	out := Apply(src, fixes)
	prev, o := 0, 0
	for _, x := range fixes {
		if x.Start < prev || x.End < x.Start || x.End > len(src) {
			t.Fatalf("%s: fixes not sorted and disjoint: %+v", name, fixes)
		}
		keep := src[prev:x.Start]
		if !bytes.Equal(out[o:o+len(keep)], keep) {
			t.Fatalf("%s: bytes %d..%d outside the fixes changed", name, prev, x.Start)
		}
		o += len(keep)
		if string(out[o:o+len(x.Text)]) != x.Text {
			t.Fatalf("%s: fix text not in place", name)
		}
		o += len(x.Text)
		prev = x.End
	}
	if !bytes.Equal(out[o:], src[prev:]) {
		t.Fatalf("%s: tail after the last fix changed", name)
	}
}

var badInputPaths = []string{"a.txt", "a.md", "a.html", "a.go", "a.py", "a.json", "a.yaml"}

func TestBadInputInvalidUTF8(t *testing.T) {
	e := badInputEngine(t)
	inputs := map[string]string{
		"lone continuation bytes": "\x80\x81 enables access to OpenAI models \xbf",
		"truncated sequences":     "We utilize \xe2\x80 it; \xf0\x9f\x98 enables access to OpenAI models\xc3",
		"overlong and surrogate":  "\xc0\xaf utilize \xed\xa0\x80 utilize \xf8\x88\x80\x80\x80",
		"invalid inside phrase":   "enables ac\xffcess to OpenAI models; enables access to OpenAI\xfe models",
		"invalid in markup":       "# \xff utilize\n\n<!-- \xfe guardrail-disable-next-line -->\n*utilize* `\xff` [\xfe](\xfd) \"utilize\" // utilize\n'utilize'",
		"all bytes":               allBytes(),
	}
	for name, s := range inputs {
		src := []byte(s)
		for _, p := range badInputPaths {
			testutil.Bounded(t, name+" as "+p, 10*time.Second, func() {
				fs := e.Check(Document{Path: p, Text: src})
				checkFindingsSane(t, name+" as "+p, src, fs)
				x := NewLineIndex(src)
				for _, f := range fs {
					l, c := x.Position(f.Start)
					if l < 1 || c < 1 || l > x.Lines() {
						t.Fatalf("%s as %s: position %d:%d", name, p, l, c)
					}
				}
			})
		}
	}
	// The phrase around invalid bytes is still found, with the invalid
	// bytes intact.
	src := []byte("\xff\xfeWe utilize it.\xc3")
	fs := e.Check(Document{Path: "a.txt", Text: src})
	if len(fs) != 1 || fs[0].Match != "utilize" {
		t.Fatalf("findings %+v", fs)
	}
	if got := string(ApplyFixes(src, fs)); got != "\xff\xfeWe use it.\xc3" {
		t.Fatalf("fixed %q", got)
	}
}

func allBytes() string {
	var b []byte
	for i := 0; i < 256; i++ {
		b = append(b, byte(i))
	}
	return string(b) + " utilize " + string(b)
}

func TestBadInputNUL(t *testing.T) {
	e := badInputEngine(t)
	// Early NUL: binary (callers skip it).
	if !format.IsBinary([]byte("PNG\x00utilize")) {
		t.Fatal("a NUL in the first bytes is not binary")
	}
	// A NUL late in a text file: not binary; checked like any character,
	// findings around it are right, and the fix keeps the NUL.
	src := []byte(strings.Repeat("plain words here. ", 600) + "\x00 We utilize\x00it. utilize\x00")
	if format.IsBinary(src) {
		t.Fatal("a NUL after 8000 bytes makes the file binary")
	}
	for _, p := range badInputPaths {
		testutil.Bounded(t, "late NUL as "+p, 10*time.Second, func() {
			fs := e.Check(Document{Path: p, Text: src})
			checkFindingsSane(t, "late NUL as "+p, src, fs)
		})
	}
	fs := e.Check(Document{Path: "a.txt", Text: src})
	if len(fs) != 2 {
		t.Fatalf("late NUL: %d findings, want 2: %+v", len(fs), fs)
	}
	out := ApplyFixes(src, fs)
	if bytes.Count(out, []byte{0}) != 3 || !bytes.HasSuffix(out, []byte("\x00 We use\x00it. use\x00")) {
		t.Fatalf("late NUL fix: %q", out[len(out)-40:])
	}
}

// TestBadInputLineEndings: with LF, CRLF and lone CR, the same document
// gives the same findings at the same lines and columns, and its fix
// keeps every line ending outside the fixed ranges.
func TestBadInputLineEndings(t *testing.T) {
	e := badInputEngine(t)
	docs := map[string]string{
		"a.txt":  "Intro line.\nSRE enables access\nto OpenAI models.\nWe utilize it.\n\nPrice: $5 per hour.\n",
		"a.md":   "# Title\n\nSRE enables access\nto OpenAI models.\nWe utilize it.\n\n- item\n  utilize\n\nPrice: $5 per hour.\n",
		"a.html": "<p>Intro</p>\n<p>SRE enables access\nto OpenAI models.\nWe utilize it.</p>\n<p>Price: $5 per hour.</p>\n",
		"a.go":   "package x\n\n// SRE enables access\n// to OpenAI models.\n// We utilize it.\n// Price: $5 per hour.\nvar s = \"utilize\"\n",
		"a.yaml": "a: Intro\nb: SRE enables access\n  to OpenAI models.\nc: We utilize it.\nd: \"Price: $5 per hour.\"\n",
	}
	type pos struct {
		rule                string
		l0, c0, l1, c1, nfx int
	}
	positions := func(src []byte, fs []Finding) []pos {
		x := NewLineIndex(src)
		var out []pos
		for _, f := range fs {
			l0, c0 := x.Position(f.Start)
			l1, c1 := x.Position(f.End)
			out = append(out, pos{f.Rule, l0, c0, l1, c1, len(f.Replacements)})
		}
		return out
	}
	for path, lf := range docs {
		lfSrc := []byte(lf)
		want := positions(lfSrc, e.Check(Document{Path: path, Text: lfSrc}))
		if len(want) < 3 {
			t.Fatalf("%s: only %d findings with LF: %+v", path, len(want), want)
		}
		lfFixed := string(ApplyFixes(lfSrc, e.Check(Document{Path: path, Text: lfSrc})))
		for _, eol := range []string{"\r\n", "\r"} {
			name := fmt.Sprintf("%s with %q", path, eol)
			src := []byte(strings.ReplaceAll(lf, "\n", eol))
			testutil.Bounded(t, name, 10*time.Second, func() {
				fs := e.Check(Document{Path: path, Text: src})
				checkFindingsSane(t, name, src, fs)
				got := positions(src, fs)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s: positions\n got %v\nwant %v (as with LF)", name, got, want)
				}
				// The fix with CR endings is the LF fix with CR endings:
				// line endings outside the fixed ranges are kept.
				fixed := string(ApplyFixes(src, fs))
				if exp := strings.ReplaceAll(lfFixed, "\n", eol); fixed != exp {
					t.Errorf("%s: fixed\n%q\nwant\n%q", name, fixed, exp)
				}
			})
		}
	}
	// Mixed endings in one document: positions by each ending.
	src := []byte("a\r\nb\rc\nWe utilize\r\rit utilize")
	fs := e.Check(Document{Path: "a.txt", Text: src})
	got := positions(src, fs)
	if fmt.Sprint(got) != fmt.Sprint([]pos{{"t.utilize", 4, 4, 4, 11, 1}, {"t.utilize", 6, 4, 6, 11, 1}}) {
		t.Errorf("mixed endings: %v", got)
	}
}

// raceScale is n, or n/5 under the race detector (which is slow).
func raceScale(n int) int {
	if raceEnabled {
		return n / 5
	}
	return n
}

// fullSize reports GUARDRAIL_FULL=1: the big-input tests run at the sizes
// of issue #5 (a 50 MB line) instead of smaller ones that keep
// `go test ./...` quick.
func fullSize() bool { return os.Getenv("GUARDRAIL_FULL") != "" }

// TestBadInputHugeSingleLine checks a document that is one line (a
// minified file) of 10 MB (50 MB with GUARDRAIL_FULL=1), as text and as
// Markdown, with a finding every 4 KB; GUARDRAIL_FULL=1 adds a run with a
// finding every 40 bytes (1.4 million findings).
func TestBadInputHugeSingleLine(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("huge input")
	}
	e := badInputEngine(t)
	size := 10 << 20
	units := []string{strings.Repeat("plain words go here, nothing to see; ", 110) + "SRE enables access to OpenAI models; we utilize it. "}
	if fullSize() {
		size = 50 << 20
		units = append(units, "plain words go here and SRE enables access to OpenAI models; we utilize it. ")
	}
	for _, unit := range units {
		src := bytes.Repeat([]byte(unit), size/len(unit)+1)[:size]
		want := size / len(unit) * 2 // two findings per full unit
		for _, p := range []string{"a.txt", "a.md"} {
			var fs []Finding
			var took time.Duration
			peak, _ := testutil.PeakHeap(func() {
				testutil.Bounded(t, "huge line as "+p, 120*time.Second, func() {
					start := time.Now()
					fs = e.Check(Document{Path: p, Text: src})
					took = time.Since(start)
				})
			})
			t.Logf("%d MB single line as %s: %d findings in %v, peak heap +%d MB (%.1f× the input)", size>>20, p, len(fs), took.Round(time.Millisecond), peak>>20, float64(peak)/float64(size))
			if len(fs) < want {
				t.Fatalf("%s: %d findings, want at least %d", p, len(fs), want)
			}
			last := fs[len(fs)-1]
			if l, _ := NewLineIndex(src).Position(last.Start); l != 1 {
				t.Fatalf("%s: last finding on line %d", p, l)
			}
			if peak > 40*uint64(size) {
				t.Errorf("%s: peak heap +%d MB for a %d MB input", p, peak>>20, size>>20)
			}
			fs = nil
		}
	}
}

// TestBadInputDeepNesting: 10,000-level nested Markdown lists and block
// quotes, and nested HTML elements.
func TestBadInputDeepNesting(t *testing.T) {
	e := badInputEngine(t)
	depth := raceScale(10000)
	var indented strings.Builder
	// Indented nesting grows quadratically; 10,000 levels on one line
	// ("- - - … text") and 500 levels by indentation.
	for i := 0; i < 500; i++ {
		indented.WriteString(strings.Repeat("  ", i) + "- level utilize\n")
	}
	lv := fmt.Sprintf("%d", depth)
	inputs := []struct{ name, path, src string }{
		{lv + " nested list items on one line", "a.md", strings.Repeat("- ", depth) + "We utilize it.\n"},
		{lv + " nested ordered items", "a.md", strings.Repeat("1. ", depth) + "We utilize it.\n"},
		{lv + " nested block quotes", "a.md", strings.Repeat(">", depth) + " We utilize it.\n"},
		{lv + " alternating quote and list", "a.md", strings.Repeat("> - ", depth/2) + "We utilize it.\n"},
		{"500 levels by indentation", "a.md", indented.String()},
		{lv + " nested emphasis", "a.md", strings.Repeat("*_", depth/2) + "utilize" + strings.Repeat("_*", depth/2) + "\n"},
		{lv + " nested links", "a.md", strings.Repeat("[", depth) + "utilize" + strings.Repeat("](x)", depth) + "\n"},
		{lv + " nested HTML elements", "a.html", strings.Repeat("<div><b>", depth/2) + "We utilize it." + strings.Repeat("</b></div>", depth/2)},
		{lv + " unclosed HTML elements", "a.html", strings.Repeat("<p><i>", depth/2) + "We utilize it."},
		{lv + " nested YAML", "a.yaml", nestedYAML(depth)},
		{lv + " nested JSON", "a.json", strings.Repeat(`{"a":[`, depth/2) + `"We utilize it."` + strings.Repeat("]}", depth/2)},
		// encoding/json refuses more than 10,000 levels; guardrail's
		// iterative validator (format/catalog_json.go) has no depth limit.
		{"20,000 nested JSON (over encoding/json's limit, checked by the iterative validator)", "a.json", strings.Repeat(`{"a":[`, 10000) + `"We utilize it."` + strings.Repeat("]}", 10000)},
	}
	for _, in := range inputs {
		src := []byte(in.src)
		var fs []Finding
		start := time.Now()
		testutil.Bounded(t, in.name, 30*time.Second, func() {
			fs = e.Check(Document{Path: in.path, Text: src})
		})
		checkFindingsSane(t, in.name, src, fs)
		t.Logf("%s (%d KB): %d findings in %v", in.name, len(src)>>10, len(fs), time.Since(start).Round(time.Millisecond))
		if len(fs) == 0 && !strings.Contains(in.name, "emphasis") && !strings.Contains(in.name, "links") {
			t.Errorf("%s: the phrase was not found", in.name)
		}
	}
}

func nestedYAML(depth int) string {
	var b strings.Builder
	// Flow style keeps the size linear.
	b.WriteString("a: ")
	b.WriteString(strings.Repeat("[", depth))
	b.WriteString("We utilize it")
	b.WriteString(strings.Repeat("]", depth))
	b.WriteString("\n")
	return b.String()
}

// TestBadInputGiantTable: a Markdown document that is one 20,000-row table.
func TestBadInputGiantTable(t *testing.T) {
	e := badInputEngine(t)
	var b strings.Builder
	b.WriteString("| name | text | price |\n|---|---|---|\n")
	rows := raceScale(20000)
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "| row %d | we utilize `code` *it* | $%d per hour |\n", i, i)
	}
	src := []byte(b.String())
	var fs []Finding
	start := time.Now()
	testutil.Bounded(t, "giant table", 60*time.Second, func() {
		fs = e.Check(Document{Path: "table.md", Text: src})
	})
	t.Logf("%d-row table (%d KB): %d findings in %v", rows, len(src)>>10, len(fs), time.Since(start).Round(time.Millisecond))
	checkFindingsSane(t, "giant table", src, fs)
	if len(fs) != 2*rows {
		t.Fatalf("%d findings, want %d", len(fs), 2*rows)
	}
	x := NewLineIndex(src)
	if l, c := x.Position(fs[len(fs)-1].Start); l != rows+2 {
		t.Fatalf("last finding at %d:%d, want line %d", l, c, rows+2)
	}
	// A table whose rows are all one cell wide, and one with 1,000 columns.
	wide := "|" + strings.Repeat(" utilize |", 1000) + "\n|" + strings.Repeat("---|", 1000) + "\n" + strings.Repeat("|"+strings.Repeat(" x |", 1000)+"\n", 20)
	testutil.Bounded(t, "1,000-column table", 30*time.Second, func() {
		fs = e.Check(Document{Path: "wide.md", Text: []byte(wide)})
	})
	checkFindingsSane(t, "1,000-column table", []byte(wide), fs)
	if len(fs) != 1000 {
		t.Fatalf("wide table: %d findings, want 1000", len(fs))
	}
}

// TestBadInputManyPhrases: one rule with 100,000 restricted phrases,
// loaded from TOML, compiled and run.
func TestBadInputManyPhrases(t *testing.T) {
	n := raceScale(100000)
	var b strings.Builder
	b.WriteString("[[rule]]\nid = \"big.list\"\nmessage = \"No {match}.\"\napproved = [\"ok\"]\nrestricted = [\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  \"term%d word%d\",\n", i, i%977)
	}
	b.WriteString("]\n")
	data := []byte(b.String())

	start := time.Now()
	var p *rules.Pack
	var errs []*rules.Error
	testutil.Bounded(t, "100,000-phrase pack: parse", 60*time.Second, func() { p, errs = rules.ParsePack("big.toml", data) })
	parse := time.Since(start)
	if len(errs) > 0 || p == nil || len(p.Rules) != 1 || len(p.Rules[0].Restricted) != n {
		t.Fatalf("parse: %v", errs)
	}
	start = time.Now()
	var e *Engine
	testutil.Bounded(t, "100,000-phrase pack: compile", 60*time.Second, func() {
		var err error
		if e, err = Compile(p.Rules); err != nil {
			panic(err)
		}
	})
	compile := time.Since(start)

	var doc strings.Builder
	for i := 0; i < n/5; i++ {
		fmt.Fprintf(&doc, "Some text with term%d word%d inside. ", i*5, (i*5)%977)
	}
	src := []byte(doc.String())
	var fs []Finding
	start = time.Now()
	testutil.Bounded(t, "100,000-phrase pack: check", 60*time.Second, func() { fs = e.Check(Document{Path: "a.txt", Text: src}) })
	check := time.Since(start)
	t.Logf("%d phrases (%d KB TOML): parse %v, compile %v, check %d KB with %d findings %v",
		n, len(data)>>10, parse.Round(time.Millisecond), compile.Round(time.Millisecond), len(src)>>10, len(fs), check.Round(time.Millisecond))
	if len(fs) != n/5 {
		t.Fatalf("%d findings, want %d", len(fs), n/5)
	}
	checkFindingsSane(t, "100,000 phrases", src, fs)
}

// TestBadInputSeparatorBytes: the three bytes the normalized text uses as
// separators (0x00 between chunks, 0x01 a paragraph break, 0x02 inline
// code) are ordinary characters when a document holds them: each reads as
// '?', in the fast path and the per-character one, so a document's own
// 0x02 is never taken for inline code (it once was copied as is).
func TestBadInputSeparatorBytes(t *testing.T) {
	src := []byte("a\x00b\x01c\x02d \x02")
	for _, fold := range []bool{false, true} {
		var fast, ref textBuilder
		fast.reset(fold)
		ref.reset(fold)
		fast.addVerbatim(src, 0, len(src))
		addVerbatimRef(&ref, src, 0, len(src))
		for name, got := range map[string][]byte{"fast": fast.norm, "ref": ref.norm} {
			if string(got) != "a?b?c?d ?" {
				t.Errorf("fold %v, %s path: %q, want %q", fold, name, got, "a?b?c?d ?")
			}
		}
	}
}
