package format

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
	"![]() ![http://x.com a@b.co](y) [](z)", "When `go` `mod` is {{< ref \"x\" >}} and <kbd>Ctrl</kbd> <img\nalt=\"a\nb\">\n",
	"{{< tab >}}\nx\n\ny\n{{< /tab >}}\n{% highlight go %}\nz\n{% endhighlight %}\n",
	"+++\ntitle = \"t \\\" x\"\ndescription = '''\nd'''\n+++\nBody {{ .x }}\n",
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

func FuzzScopeCatalog(f *testing.F) {
	for _, s := range []string{
		"# c\nkey: value # t\nq: \"a\\u00e9\\\n  b\"\ns: 'it''s'\nl:\n  - &a !!str x\nlit: |2\n   a\n\n  b\nplain: a\n  b\n\n  c\n",
		"{\"a\": \"b\\n\\ud83d\\ude00\", \"c\": [1, \"d\"]}",
		"a: [b, {c: d}]\n---\n- x\n...\n",
		"a: \u2028b\r\nc: \u0085d\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkScoped(t, src, ScopeYAML(src))
		checkScoped(t, src, ScopeJSON(src))
		checkScoped(t, src, ScopeText(src))
	})
}

func FuzzScopeCode(f *testing.F) {
	for _, s := range []string{
		"// a\n// b\n/* c\n * d */\nvar s = \"x\\n\" + `y`\n",
		"#!/bin/sh\n# a\necho \"b $c d\" 'e'\n",
		"\"\"\"doc\"\"\"\ndef f():\n    '''d'''\n    x = f\"a{b}c\" # e\n",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
		f.Add([]byte(s), uint8(2))
	}
	paths := []string{"x.go", "x.sh", "x.py", "x.js", "x.rs", "x.rb"}
	f.Fuzz(func(t *testing.T, src []byte, lang uint8) {
		checkScoped(t, src, ScopeCode(paths[int(lang)%len(paths)], src))
	})
}
