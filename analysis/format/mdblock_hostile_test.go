package format

import (
	"strings"
	"testing"
)

// The fast block scanner on the inputs an attacker would pick: linear in
// the document's size (checkScaling, scope_scaling_test.go), also where it
// reads a segment and then leaves it to goldmark, which reads it again.
func TestMDBlockScalesLinearly(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("timing and allocations under the race detector say nothing")
	}
	var cs []scalingCase
	add := func(name string, gen func(n int) string) {
		cs = append(cs, scalingCase{scoper: "markdown", name: name, path: "a.md", gen: gen})
	}
	add("lazy lines in a quote", func(n int) string { return "> x\n" + upTo(n, "lazy *a* [b](c)\n") })
	add("quote lines", func(n int) string { return upTo(n, "> x\n") })
	add("items with lazy lines", func(n int) string { return upTo(n, "- a\nb\n") })
	add("indented continuation lines", func(n int) string { return "- a\n" + upTo(n, "  b *c*\n") })
	add("one long line", func(n int) string { return upTo(n, "word *a* ") + "\n" })
	add("one long heading", func(n int) string { return "# " + upTo(n, "word ") + "#\n" })
	add("# runs", func(n int) string { return upTo(n, "#") })
	add("heading closing #s", func(n int) string { return "# a " + upTo(n, "#") + "\n" })
	add("headings", func(n int) string { return upTo(n, "# a #\n") })
	add("long fence", func(n int) string { return "```\n" + upTo(n, "code\n") + "```\n" })
	add("unclosed fence", func(n int) string { return "a\n\n```\n" + upTo(n, "x\n") })
	add("fences", func(n int) string { return upTo(n, "```\nx\n```\n") })
	add("fence-like runs", func(n int) string { return upTo(n, "`") + "\n" })
	add("- runs", func(n int) string { return upTo(n, "-") + "\n" })
	add("| - delimiter-like line", func(n int) string { return "a\n" + upTo(n, "|-") + "\n" })
	add("blank-separated paragraphs", func(n int) string { return upTo(n, "a\n\n") })
	add("declined segments", func(n int) string { return upTo(n, "a\n===\n\n") })
	add("fast and declined segments", func(n int) string { return upTo(n, "para *a*\n\n| a |\n|---|\n\n") })
	add("declined at the end of a long segment", func(n int) string { return upTo(n, "word *a* word\n") + "===\n" })
	add("declined after a long item", func(n int) string { return "- " + upTo(n, "word\n") + "  - nested\n" })
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			if fast, slow := blockCounts([]byte(c.gen(1 << 10))); fast < 0 || slow < 0 {
				t.Fatalf("not scanned")
			}
			checkScaling(t, c)
		})
	}
}

// goldmark's link closing looks for a link in the label's text and
// builds the label's value: quadratic in nested labels, unless bounded
// (the fast inline scanner, through mdblock or after goldmark's blocks).
func TestMDNestedLabelsScaleLinearly(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("timing and allocations under the race detector say nothing")
	}
	nested := func(n int) string { return strings.Repeat("[", n/2) + "a" + strings.Repeat("]", n/2) + "\n" }
	for _, c := range []scalingCase{
		{name: "nested labels", gen: nested},
		{name: "nested labels with links", gen: func(n int) string { return upTo(n/2, "[a [b](c) ") + upTo(n/2, "]") + "\n" }},
		{name: "nested labels, a definition", gen: func(n int) string { return nested(n) + "\n[a]: /a\n" }},
		{name: "nested images, a definition", gen: func(n int) string { return upTo(n/2, "![") + "a" + upTo(n/2, "]") + "\n\n[a]: /a\n" }},
	} {
		c.scoper, c.path = "markdown", "a.md"
		t.Run(c.name, func(t *testing.T) { checkScaling(t, c) })
	}
	// Linear with a constant of 999 (the label's bound) is no better: at
	// 64 KB the nested labels cost 2× a plain paragraph's CPU time (176×
	// before the bounds).
	const n = 64 << 10
	plain, timed := cpuOf("a.md", []byte(upTo(n, "word *a* [b](c) ")+"\n"), 3)
	if !timed {
		return
	}
	for _, src := range []string{nested(n), nested(n) + "\n[a]: /a\n", upTo(n/2, "[a [b](c) ") + upTo(n/2, "]") + "\n"} {
		if d, _ := cpuOf("a.md", []byte(src), 3); d > 30*plain {
			t.Errorf("%.20q…: %v of CPU time, a plain paragraph as long %v: more than 30×", src, d, plain)
		}
	}
}

// Deep nesting and long lines within the scanner's reach keep their text.
func TestMDBlockHostileText(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"> " + strings.Repeat("a ", 100000) + "\n", strings.TrimSpace(strings.Repeat("a ", 100000))},
		{"- " + strings.Repeat("b", 1<<20) + "\n", strings.Repeat("b", 1<<20)},
		{"# " + strings.Repeat("#", 100000) + " c\n", strings.Repeat("#", 100000) + " c"},
	} {
		if fast, slow := blockCounts([]byte(c.src)); fast < 1 || slow != 0 {
			t.Errorf("%.20q…: %d segments fast, %d slow", c.src, fast, slow)
		}
		got := chunkTexts([]byte(c.src), ScopeMarkdown([]byte(c.src), false))
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%.20q…: chunks %q", c.src, tail(got))
		}
	}
}
