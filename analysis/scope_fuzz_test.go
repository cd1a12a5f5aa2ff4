package analysis

import "testing"

var markdownSeeds = []string{
	"",
	"# Title\n\nSRE enables access\nto OpenAI models.\n",
	"> quote *line*\r\n> two\\\n>   three  \n",
	"- item one\n  wraps [here](http://x.com \"My\n  title\") ok\n  - nested\n    more\n",
	"[ref]: http://y.com\n  'ref title'\n\nUse [ref] and [x][ref].\n",
	"<div>\n<!-- c -->\nhi &amp; <b>bye</b>\n</div>\n",
	"| a | b |\n|---|---|\n| c `x` | d |\n",
	"See www.x.com and <http://a.b> &amp; \\* x ![alt *text*](i.png 'img title')\n",
	"---\ntitle: \"x\"\ndescription: >\n  a\n  b\n---\nBody\n",
	"$$\nx\n$$\n\nInline $a$ and $5 $6\n",
	"[![a](b \"c\")](d \"e\")\n",
	"[a](<b c> (t)) [x](y\n\"z\nw\")\r\rtext\r",
	"```\ncode\n```\n\n    indented\n",
	"Line<br>\nnext <!-- c --> <img alt=\"x\" title='y'>\n",
	"* [ ] task ~~strike~~\n",
	"1. a\n\n   > b\n   > c\n",
	"&#0; &#x110000; &#xD800; &amp &notanentity;",
	"[\\]](x) [`]`](y \"t\") [<span title=\"]\">a</span>](z 'q')",
}

var htmlSeeds = []string{
	"",
	"<p>Hello &amp; <b>world</b></p>",
	"<!DOCTYPE html><html><head><title>T &amp; t</title><meta name=description content='d'></head><body><h1>H</h1></body></html>",
	"<script>var x = '</p>';</script><pre>a<code>b</code></pre><p>c<br>\nd</p>",
	"<img alt=\"a\nb\" title=c aria-label='d &quot;e&quot;'>",
	"<!-- comment --><!--unterminated",
	"<p>a <code>b</p><p>c</p><code>",
	"<a title=\"x\" href=y>z</a><input placeholder=\"p\"/><br/>",
	"<svg><text>no</text></svg><math>x</math><template><p>t</p></template>",
	"<p\ttitle = \"spaced\"  >x</p><",
	"\r\n<p>\r\n  crlf\r\n</p>\r\n",
}

func FuzzScopeMarkdown(f *testing.F) {
	for _, s := range markdownSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, src []byte, mdx bool) {
		checkScoped(t, src, ScopeMarkdown(src, mdx))
	})
}

func FuzzScopeHTML(f *testing.F) {
	for _, s := range htmlSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkScoped(t, src, ScopeHTML(src))
	})
}
