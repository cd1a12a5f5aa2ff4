package format

import "testing"

// Raw HTML inside Markdown is scoped like the HTML scoper: alt and title
// are checked even when the tag spans lines, and text inside code-like
// elements is inline code (an Opaque segment), never checked.
func TestScopeMarkdownInlineHTML(t *testing.T) {
	runScopeCases(t, []scopeCase{
		{
			name: "alt over lines",
			src:  "Look <img src=x\nalt=\"SRE enables\naccess\"> here.\n",
			want: []string{"Look ¦ here.", "SRE enables«\n→\n»access"},
		},
		{
			name: "alt over lines in a quote",
			src:  "> Look <img\n> alt=\"SRE enables\n> access\"> here.\n",
			want: []string{"Look ¦ here.", "SRE enables«\n> →\n»access"},
		},
		{
			name: "title over lines in a list item",
			src:  "- a <span title=\"one\n  two\">b</span> c\n",
			want: []string{"a ¦b¦ c", "one«\n  →\n»two"},
		},
		{
			name: "code-like elements",
			src:  "Press <kbd>Ctrl</kbd>, type <code>enables access</code>, see <tt>x</tt>, <samp>y</samp> and <var>z</var>.\n",
			want: []string{"Press «<kbd>Ctrl</kbd>→￼», type «<code>enables access</code>→￼», see «<tt>x</tt>→￼», «<samp>y</samp>→￼» and «<var>z</var>→￼»."},
		},
		{
			name: "code with markup inside, nested",
			src:  "a <code>b *c* [d](e) <code>f</code> g</code> h\n",
			want: []string{"a «<code>b *c* [d](e) <code>f</code> g</code>→￼» h"},
		},
		{
			name: "unclosed code runs to the end of the block",
			src:  "a <code>b c\nd\n\nnext\n",
			want: []string{"a «<code>b c\nd→￼»", "next"},
		},
		{
			name: "inline script and style",
			src:  "a <script>enables access</script> b <style>p {}</style> c\n",
			want: []string{"a «<script>enables access</script>→￼» b «<style>p {}</style>→￼» c"},
		},
		{
			name: "title of the code element itself is checked",
			src:  "a <code title=\"the title\">x</code> b\n",
			want: []string{"a «<code title=\"the title\">x</code>→￼» b", "the title"},
		},
	}, func(src []byte) Scoped { return ScopeMarkdown(src, false) })
}
