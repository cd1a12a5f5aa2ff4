package format

import (
	"strings"
	"testing"
)

// Up to mdMaxContainers nested block quotes and lists are containers;
// deeper markers are text of the innermost paragraph, still checked.
func TestMarkdownContainerCap(t *testing.T) {
	cases := []struct{ src, want string }{
		{strings.Repeat("> ", mdMaxContainers) + "x\n", "x"},
		{strings.Repeat("> ", mdMaxContainers+3) + "x\n", "> > > x"},
		{strings.Repeat(">", mdMaxContainers+2) + " x\n", ">> x"},
		{strings.Repeat("- ", mdMaxContainers) + "x\n", "x"},
		{strings.Repeat("- ", mdMaxContainers+2) + "x\n", "- - x"},
		{strings.Repeat("> - ", mdMaxContainers/2+1) + "x\n", "> - x"},
	}
	for _, c := range cases {
		got := chunkTexts([]byte(c.src), ScopeMarkdown([]byte(c.src), false))
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%.30q…: chunks %q, want [%q]", c.src, got, c.want)
		}
	}
	// Nested by indentation alone.
	var sb strings.Builder
	for i := 0; i < mdMaxContainers+5; i++ {
		sb.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	if got := chunkTexts([]byte(sb.String()), ScopeMarkdown([]byte(sb.String()), false)); len(got) < mdMaxContainers {
		t.Errorf("indented lists: %d chunks", len(got))
	}
}

// Text nested far deeper than the cap is still checked: the markers beyond
// it read as text, in the document as written.
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

func TestTameLinks(t *testing.T) {
	hostile := strings.Repeat("[x](", 5000) + "\n"
	cases := []struct{ name, src, want string }{
		{"links and badges", "[a](u) [![b](i)](v)[![c](i)](w) text (x) [y]\n", ""},
		{"long destination once", "[a](" + strings.Repeat("u", 100000) + ")\n", ""},
		{"unclosed link runs", hostile, strings.Repeat("[x]x", 5000) + "\n"},
		{"only the hostile line", "[a](u)\n" + hostile + "[b](v)\n", "[a](u)\n" + strings.Repeat("[x]x", 5000) + "\n[b](v)\n"},
	}
	for _, c := range cases {
		src := []byte(c.src)
		if got := tameLinks(src, false); got != (c.want != "") {
			t.Errorf("%s: found %v", c.name, got)
		}
		if c.want == "" {
			continue
		}
		tameLinks(src, true)
		if string(src) != c.want {
			t.Errorf("%s: got %.60q…", c.name, src)
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
