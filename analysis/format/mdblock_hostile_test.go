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
