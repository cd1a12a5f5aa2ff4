package analysis

import (
	"strings"
	"testing"
)

func TestTameContainers(t *testing.T) {
	deep := strings.Repeat(">", mdMaxContainers+8) + " x\n"
	cases := []struct {
		name, src, want string
	}{
		{"shallow quote", "> > a\n", ""},
		{"shallow list", "- - 1. a\n", ""},
		{"thematic breaks and numbers", "---\n***\n- - -\n123456789012.\n", ""},
		{"deep quote", deep, strings.Repeat(">", mdMaxContainers) + strings.Repeat("x", 8) + " x\n"},
		{"deep list", strings.Repeat("- ", mdMaxContainers+2) + "a\n", strings.Repeat("- ", mdMaxContainers) + "x x a\n"},
		{"deep ordered", strings.Repeat("1. ", mdMaxContainers+1) + "a\n", strings.Repeat("1. ", mdMaxContainers) + "1x a\n"},
		{"deep on a later line, CRLF", "a\r\n" + deep, "a\r\n" + strings.Repeat(">", mdMaxContainers) + strings.Repeat("x", 8) + " x\n"},
		{"lone CR", "a\r" + deep, "a\r" + strings.Repeat(">", mdMaxContainers) + strings.Repeat("x", 8) + " x\n"},
		{"marker past the column cap", strings.Repeat(" ", mdMaxMarkerColumn+1) + "- a\n", strings.Repeat(" ", mdMaxMarkerColumn+1) + "x a\n"},
		{"text after the run is left alone", "> a > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > >\n", ""},
	}
	for _, c := range cases {
		src := []byte(c.src)
		if got := tameContainers(src, false); got != (c.want != "") {
			t.Errorf("%s: found %v", c.name, got)
		}
		if c.want == "" {
			continue
		}
		tameContainers(src, true)
		if string(src) != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, src, c.want)
		}
	}
}

// Text nested deeper than the caps is still checked: the markers beyond
// them read as text, in the document as written.
func TestScopeMarkdownDeepNestingKeepsText(t *testing.T) {
	for _, src := range []string{
		strings.Repeat(">", 100000) + " We utilize it.\n",
		strings.Repeat("- ", 50000) + "We utilize it.\n",
		strings.Repeat("1. ", 30000) + "We utilize it.\n",
		strings.Repeat("> - ", 25000) + "We utilize it.\n",
	} {
		texts := chunkTexts([]byte(src), ScopeMarkdown([]byte(src), false))
		if len(texts) != 1 || !strings.HasSuffix(texts[0], "We utilize it.") {
			t.Errorf("%.20q…: chunks end %q", src, tail(texts))
		}
	}
}

func tail(ss []string) []string {
	var out []string
	for _, s := range ss {
		if len(s) > 40 {
			s = "…" + s[len(s)-40:]
		}
		out = append(out, s)
	}
	return out
}
