package format

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The fast inline scanner must give exactly what the goldmark-only scoper
// (scopeMarkdownRef, markdown_ref_test.go) gives: the same chunks,
// segments (synthetic texts included) and comments, for every input.
//
// Accepted differences: none. The scanner transcribes goldmark's inline
// parsing, quirks included, and reads each block through a copy of
// goldmark's block reader, so no case is approximated; the simple path
// (markdown_simple.go) argues in its comments why its flat pieces emit
// what the tree emits. The places where it does not
// copy goldmark literally are argued equal in the code: raw HTML's "failed
// search" caches are kept per block (goldmark's are per document, but a
// block only ever sees positions inside itself, and blocks are parsed in
// source order); link reference definitions are looked for only in
// paragraphs whose first line starts with '['; being called on white space
// cuts goldmark's text nodes differently only in the blocks the scanner
// declines, display math paragraphs, whose text is dropped.

// dumpScoped renders a Scoped result for comparison (nil and empty slices
// alike).
func dumpScoped(sc Scoped) string {
	var sb strings.Builder
	for _, c := range sc.Chunks {
		fmt.Fprintf(&sb, "chunk %v:", c.Scope)
		for _, s := range c.Segs {
			if s.Synthetic {
				fmt.Fprintf(&sb, " [%d,%d)=%q", s.Start, s.End, s.Text)
			} else {
				fmt.Fprintf(&sb, " [%d,%d)", s.Start, s.End)
			}
		}
		sb.WriteByte('\n')
	}
	for _, c := range sc.Comments {
		fmt.Fprintf(&sb, "comment [%d,%d) %q\n", c.Start, c.End, c.Text)
	}
	return sb.String()
}

func checkFastEqualsGoldmark(t *testing.T, src []byte, mdx bool) {
	t.Helper()
	got := dumpScoped(ScopeMarkdown(src, mdx))
	want := dumpScoped(scopeMarkdownRef(src, mdx))
	if got != want {
		t.Fatalf("fast scoper differs from goldmark (mdx=%v) on %q\n--- fast\n%s--- goldmark\n%s", mdx, src, got, want)
	}
}

var fastMarkdownCases = []string{
	// emphasis
	"call *OpenAI* models and **bold** and ***both*** and _under_ and __dunder__\n",
	"a * b * c, 2*3*4, snake_case_name, *a **b** c*, **a *b* c**\n",
	"*foo**bar**baz* ***a** b* *a **b*** _a __b__ c_ __a _b_ c__\n",
	"**foo*bar* *foo**bar* foo*** ***foo *foo**bar**baz* a****b\n",
	"*(*foo*)* _(_foo_)_ *foo*bar _foo_bar_ __foo, __bar__, baz__\n",
	"*a\nb* and **multi\nline** and *unclosed\n",
	"~~strike~~ ~one~ ~~~three~~~ a~~b~~c ~~*mixed~~*\n",
	"\\*not emphasis\\* and \\\\*yes*\n",
	// links and images
	"[OpenAI](https://openai.com) models [a [nested] b](u) [a](b) [c]\n",
	"[link [inner](x) outer](y) ![img [inner](x)](y) [![a](b)](c)\n",
	"[a](b \"title *t*\") [a](b 'single') [a](b (paren)) [a](<b c> \"t\")\n",
	"[a](b\n\"multi\nline\") [a]( b ) [a](b c) [a](\"\" x) [a](b \"\")\n",
	"![alt *text* [x](y)](img.png \"img title\") ![a ![b](c) d](e)\n",
	"[ref]: http://x.com 'ref title'\n[other]: <http://y.com> \"t\"\n\n[ref] [text][ref] [text][] [ref][] [text][other] [nope][missing] [Ref]\n",
	// definitions whose removal goldmark computes with its index
	// arithmetic (titles spanning lines, a definition after a title)
	"[a]: /u\n'x\ny' [b]: /u\n'x\ny' [c]: /v\n'x\ny' [d]: /w\n'x\ny' z\n\n[a] [b] [c] [d]\n",
	"[a]: /u\n[b]: /v 't'\n[c]:\n/w\n(t)\n[d]: <x y> \"t\" tail\nrest [a] [b][] [c] [d]\n",
	"> [a]: /u\n> [b]:\n> [c]:\n> [d]: /x\n> text [a] [b] [c] [d]\n",
	"[foo]: /url\n\n[*foo* bar] [foo *bar*] *[foo*] [foo`]`] [foo][bar][baz]\n",
	"[a](b))) [a](b(c)d) [a](b(c) [a]((b)) [a](\\(b) [a](b\\)c)\n",
	"[unclosed [bracket](x) ] ]] [[ [a]]] [[a]] ![[a]](b)\n",
	"[a *b](c) d* *e [f* g](h) **[i**](j)\n",
	// code spans
	"use `code` and ``co`de`` and ` x ` and `  ` and `a\nb` and ``` unclosed\n",
	"`*not emph*` and `[not](link)` and `<b>` and `` ` `` and `` `a` ``\n",
	"a `b\nc` d\n\n`x`\n",
	// autolinks and bare URLs
	"<https://example.com/a?b=c> <mailto:a@b.co> <a@b.co> <not a link> <http://x>\n",
	"see https://example.com/path_(x) and www.example.com. and a@b.example.org!\n",
	"(https://x.com/a) *https://x.com/b* [https://x.com/c](https://x.com/d)\n",
	// raw HTML
	"text <b>bold</b> <img alt=\"the alt\" title='a title' src=x> <br> <br/>\nafter\n",
	"x <!-- guardrail-disable-line rule.a --> y <!-- multi\nline comment --> z\n",
	"a <!--> b <!---> c <? pi ?> d <!DOCTYPE x> e <![CDATA[ x ]]> f <!-- unclosed\n",
	"<span\ntitle=\"multi\nline\">x</span> </a > <a/> <1> </ b>\n",
	"a <abbr title=\"OpenAI models\">x</abbr> b <span aria-label='label'>c</span>\n",
	// escapes and entities
	"&amp; &nbsp; &copy; &#65; &#x41; &bogus; &amp \\& \\a \\\\ \\` \\[x\\](y)\n",
	"entity at end &amp;\nbreak &#10;\n",
	// line breaks
	"hard  \nbreak\\\nbackslash\\\\\nnot hard \\\\\\\ntriple\n",
	"trailing spaces   \n   leading\ttab\t\nend\n",
	"crlf line\r\nnext  \r\nhard\\\r\nlast\r\n",
	"lone cr\rnext\r\rpara\r",
	// blocks
	"# ATX *heading* #\n\nSetext *heading*\n===\n\nSetext two\n---\n\n## \n\n#\n",
	"- item *one*\n  lazy\ncontinuation\n- [ ] task\n- [x] done *yes*\n  - [X] nested\n\n1. ordered\n2. [ ]\n",
	"> quote *a\n> b* c\nlazy\n> > nested [x](y\n> > \"t\")\n",
	"| a *b* | `c|d` |\n|---|:-:|\n| e \\| f | [g](h) |\n| <b>i</b> | ~~j~~ |\n",
	"```\nfenced *code*\n```\n\n    indented *code*\n\n~~~\nx\n~~~\n",
	"---\ntitle: Front *matter*\ndescription: Desc\n---\n\n# Body\n\ntext\n",
	"+++\ntitle = \"toml\"\n+++\nbody\n",
	"<div>\n*html block*\n</div>\n\n> <div>\n> quoted html\n> </div>\n",
	"$$\nx^2\n$$\n\ninline $x$ and $$y$$ and $5 and $6\n\n$$ a $$\n",
	"- a\n\n  b\n- c\n\n      indented in list\n",
	"\tTab *indented*\n\n- \titem\twith\ttabs\n  >\tquote\ttab\n",
	"text\n\n* * *\n\n___\n\nmore\n",
	"[foo]:\n/url\n\"title\"\n\n[foo]\n",
	"[foo]: /url \"title\" trailing\n\n[foo]\n",
	"Heading with [link](u \"t\")\n====\n",
	"  - a\n    * b\n      + c *d*\n",
	"* a\n*\n* b\n",
	"😀 *émoji* ’quote’ [中文](x) **ü**\n",
	// template syntax and front matter
	"See {{< ref \"a.md\" >}} and {{% notice %}}body{{% /notice %}} and {{ .Title }} {%- if x -%}y{% endif %}\n",
	"{{< highlight toml >}}\ndisabled = false\n\nx = 1\n{{< /highlight >}}\n\n{% raw %}{{ x }}{% endraw %} {{</* esc */>}} {{< a />}} {{< b\n\nc >}}\n",
	"+++\ntitle = \"a \\\"b\\\" \\u00e9\"\nsummary = \"\"\"\nx\ny \\\n z\"\"\"\nk = ['a', \"b\"]\n[t]\ntitle = 'n'\n+++\n# {{ .Site }}\n",
	// inline code and code-like HTML (opaque), tags over lines
	"When `go` `mod` `download` is; an `https://` URL; (`x`) and ``a ` b``\n",
	"a <code>b *c* [d](e) `f`</code> g <kbd>Ctrl</kbd> <tt>x</TT> <pre>p</pre> <var>v</var>\n",
	"a <code>open *b\nc* d\n\ne</code> f <code><code>x</code> y</code> z <code/> w\n",
	"*a <kbd>b* c</kbd> [<samp>x](y)</samp> ![<code>alt](i) z\n",
	"<img\nalt=\"multi\nline alt\" title='t\n t'> and > <img\n> alt=\"quoted\n> alt\">\n",
	"> <img\n> alt=\"a\n> b\"> text\n- <span title=\"x\n  y\">z</span>\n",
	"<br\n/> x <script>var a = `x`</script> y <style>p{}</style>\n",
}

func TestMarkdownFastEqualsGoldmark(t *testing.T) {
	var all []string
	all = append(all, fastMarkdownCases...)
	all = append(all, markdownSeeds...)
	for _, c := range all {
		checkFastEqualsGoldmark(t, []byte(c), false)
		checkFastEqualsGoldmark(t, []byte(c), true)
	}
	checkFastEqualsGoldmark(t, benchMarkdown(64<<10), false)
	checkFastEqualsGoldmark(t, benchdata.Text(256<<10, true), false)
	// Markdown files in the repository.
	files, _ := filepath.Glob("../*.md")
	more, _ := filepath.Glob("../*/*.md")
	files = append(files, more...)
	more, _ = filepath.Glob("../*/*/*.md")
	files = append(files, more...)
	// Document-shaped Markdown written for this test (tables, nested
	// lists, fences, front matter, HTML).
	more, _ = filepath.Glob("testdata/markdown/*.md")
	if len(more) < 4 {
		t.Fatalf("testdata/markdown: %d files, want at least 4", len(more))
	}
	files = append(files, more...)
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		checkFastEqualsGoldmark(t, src, false)
	}
}

func FuzzMarkdownFastEqualsGoldmark(f *testing.F) {
	for _, s := range fastMarkdownCases {
		f.Add([]byte(s), false)
	}
	for _, s := range markdownSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	for _, s := range append(append([]string(nil), mdSimpleCases...), mdSimpleDeclined...) {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, src []byte, mdx bool) {
		if len(src) > 1<<16 {
			return
		}
		checkFastEqualsGoldmark(t, src, mdx)
		// The cap on delimiter runs, at a size small inputs reach.
		withDelimiterCap(3, func() { checkFastEqualsGoldmark(t, src, mdx) })
		checkScoped(t, src, ScopeMarkdown(src, mdx))
		if hasWWW(src) != (bytes.Contains(src, []byte("www.")) || bytes.Contains(src, []byte("WWW."))) {
			t.Fatalf("hasWWW(%q) wrong", src)
		}
		dollar, url, prose := textFlags(src)
		if dollar != bytes.Contains(src, []byte("$")) || url != mayHoldURL(src) ||
			prose != bytes.ContainsAny(src, "&\\") {
			t.Fatalf("textFlags(%q) = %v %v %v", src, dollar, url, prose)
		}
	})
}

// BenchmarkScopeMarkdownVsRef compares the scoper with the goldmark-only
// reference on the input of BenchmarkCheckMarkdown*.
func BenchmarkScopeMarkdownVsRef(b *testing.B) {
	src := benchdata.Text(1<<20, true)
	for _, c := range []struct {
		name  string
		scope func([]byte, bool) Scoped
	}{{"fast", ScopeMarkdown}, {"ref", scopeMarkdownRef}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				c.scope(src, false)
			}
		})
	}
}

// TestMarkdownFastPathTaken checks that the differential tests exercise the
// fast scanner: it does every block with an inline trigger (goldmark's),
// outside MDX and display math.
func TestMarkdownFastPathTaken(t *testing.T) {
	src := []byte("# Head *a*\n\nPara [x](y) `z`\nmore\n\n- item *b*\n- item <b>c</b>\n\n| a *b* | c |\n|---|---|\n| d | ~~e~~ |\n\n$$ *x* $$\n\nplain text\n\nword\n")
	for _, mdx := range []bool{false, true} {
		m := &mdScoper{src: src, sc: &Scoped{}, mdx: mdx}
		m.cur.arena, m.alt.arena, m.tmp.arena = &m.arena, &m.arena, &m.arena
		pc := parser.NewContext()
		pc.Set(mdScoperKey, m)
		p := mdParser()
		if mdx {
			p = mdxMDParser()
		}
		doc := p.Parse(text.NewReader(src), parser.WithContext(pc))
		var fast, slow []string
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n.(type) {
			case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.TableCell:
				if !entering || n.Lines().Len() == 0 {
					break
				}
				first := n.Lines().At(0)
				s := string(first.Value(src))
				if m.isFastDone(n) {
					fast = append(fast, s)
				} else {
					slow = append(slow, s)
				}
			}
			return ast.WalkContinue, nil
		})
		want := "[$$ *x* $$]"
		if mdx {
			want = fmt.Sprint(append(fast, slow...))
			if len(fast) != 0 {
				t.Errorf("mdx: fast scanner did %q", fast)
			}
		} else if len(fast) != 10 {
			t.Errorf("fast scanner did %q, not %q", fast, slow)
		}
		if got := fmt.Sprint(slow); got != want {
			t.Errorf("mdx=%v: goldmark did %s, want %s", mdx, got, want)
		}
	}
}
