package format

import (
	"strings"
	"testing"
)

// withDelimiterCap runs f with mdMaxDelimiters set to n. (Not parallel: it
// changes a package variable.)
func withDelimiterCap(n int, f func()) {
	defer func(old int) { mdMaxDelimiters = old }(mdMaxDelimiters)
	mdMaxDelimiters = n
	f()
}

// TestMarkdownDelimiterCap: past the cap, delimiter runs are text, in the
// fast scanner and in goldmark alike; below it nothing changes.
func TestMarkdownDelimiterCap(t *testing.T) {
	for _, c := range []struct {
		src      string
		cap      int
		want     string // the chunks' text, joined by |
		wantFull string // with the default cap
	}{
		// Two runs are delimiters: *a* is emphasis, *b* text.
		{"*a* *b* c\n", 2, "a *b* c", "a b c"},
		{"**a** **b**\n", 2, "a **b**", "a b"},
		{"~~a~~ ~~b~~\n", 2, "a ~~b~~", "a b"},
		{"*a* ~~b~~ _c_\n", 4, "a b _c_", "a b c"},
		// The count is per block.
		{"*a* *b*\n\n*c* *d*\n", 2, "a *b*|c *d*", "a b|c d"},
		{"# *a* *b*\n\n| *x* *y* |\n|-|\n", 2, "a *b*|x *y*", "a b|x y"},
	} {
		for _, mdx := range []bool{false, true} {
			withDelimiterCap(c.cap, func() {
				if got := mdTexts(c.src, mdx); got != c.want {
					t.Errorf("cap %d, mdx=%v: %q scopes to %q, want %q", c.cap, mdx, c.src, got, c.want)
				}
				checkFastEqualsGoldmark(t, []byte(c.src), mdx)
			})
			if got := mdTexts(c.src, mdx); got != c.wantFull {
				t.Errorf("mdx=%v: %q scopes to %q, want %q", mdx, c.src, got, c.wantFull)
			}
		}
	}
	// The fast scanner equals goldmark with a small cap on every case
	// the differential tests know.
	for _, cap := range []int{1, 3} {
		withDelimiterCap(cap, func() {
			for _, s := range append(append([]string{}, fastMarkdownCases...), markdownSeeds...) {
				checkFastEqualsGoldmark(t, []byte(s), false)
				checkFastEqualsGoldmark(t, []byte(s), true)
			}
		})
	}
}

// TestMarkdownDelimiterCapLongParagraph: a paragraph of many unmatched
// runs keeps all its text, and its emphasis before the cap.
func TestMarkdownDelimiterCapLongParagraph(t *testing.T) {
	src := "*lead* " + strings.Repeat("a*a_", 20000) + " *tail*\n"
	got := mdTexts(src, false)
	if !strings.HasPrefix(got, "lead ") || !strings.HasSuffix(got, "a*a_ *tail*") || strings.Count(got, "a") != 40002 {
		t.Errorf("scoped to %.40q ... %.40q (%d a's)", got, got[max(0, len(got)-40):], strings.Count(got, "a"))
	}
	checkFastEqualsGoldmark(t, []byte(src), false)
}

// mdTexts is the text of the Markdown chunks of src, joined by |.
func mdTexts(src string, mdx bool) string {
	return strings.Join(chunkTexts([]byte(src), ScopeMarkdown([]byte(src), mdx)), "|")
}

// TestMDInlineParsersWrapped: the caps find goldmark's parsers (matched
// by type, a goldmark upgrade could rename them).
func TestMDInlineParsersWrapped(t *testing.T) {
	capped, linked := 0, 0
	for _, p := range mdInlineParsers() {
		switch p.Value.(type) {
		case delimCapped:
			capped++
		case linkValued:
			linked++
		}
	}
	if capped != 2 || linked != 1 {
		t.Errorf("%d capped delimiter parsers (want 2: emphasis, strikethrough), %d link parsers (want 1)", capped, linked)
	}
}

// BenchmarkScopeMDX is BenchmarkScopeMarkdown's input as MDX (goldmark's
// inline parsers, capped, instead of the fast scanner).
func BenchmarkScopeMDX(b *testing.B) {
	src := benchMarkdown(1 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		ScopeMarkdown(src, true)
	}
}
