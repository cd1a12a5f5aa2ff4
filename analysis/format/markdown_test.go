package format

import (
	"reflect"
	"testing"
)

func TestScopeMarkdown(t *testing.T) {
	cases := []scopeCase{
		{
			name: "paragraph wrapped",
			src:  "The service enables access\nto OpenAI models.\n",
			want: []string{"The service enables access«\n→\n»to OpenAI models."},
		},
		{
			name: "CRLF and trailing blanks",
			src:  "# Title\r\n\r\nThe service enables access  \r\nto OpenAI models.\r\n\r\nSecond para.\r\n",
			want: []string{"H:Title", "The service enables access«  \r\n→\n»to OpenAI models.", "Second para."},
		},
		{
			name: "lone CR",
			src:  "First line\rsecond line\r\rNext para\r",
			want: []string{"First line«\r→\n»second line", "Next para"},
		},
		{
			name: "non-ASCII before text",
			src:  "😀 Émoji, 中文 and ’quotes’ then *SRE* enables access.\n",
			want: []string{"😀 Émoji, 中文 and ’quotes’ then ¦SRE¦ enables access."},
		},
		{
			name: "blockquote wrapping",
			src:  "> SRE enables\n> access to\n>   OpenAI models.\n>\n> Next.\n",
			want: []string{"SRE enables«\n> →\n»access to«\n>   →\n»OpenAI models.", "Next."},
		},
		{
			name: "nested lists wrapping",
			src:  "- SRE enables\n  access to\n  - nested item\n    wraps here\n    1. deeper\n       still\n- second\n",
			want: []string{
				"SRE enables«\n  →\n»access to",
				"nested item«\n    →\n»wraps here",
				"deeper«\n       →\n»still",
				"second",
			},
		},
		{
			name: "list inside blockquote, CRLF",
			src:  "> * one\r\n>   two\r\n>\r\n>   loose para\r\n",
			want: []string{"one«\r\n>   →\n»two", "loose para"},
		},
		{
			name: "table cells",
			src:  "| Name | Notes |\n|------|:-----:|\n| SRE | enables `code` and [link](http://x) |\n| 中文 | *em* |\n",
			want: []string{"Name", "Notes", "SRE", "enables «`code`→￼» and ¦link", "中文", "em"},
		},
		{
			name: "links with titles",
			src:  "See [the *docs*](https://x.com/a_(b) \"Docs title\") and [two](<u v> 'Single &amp; quoted') or [three](/p (Paren title)).\n",
			want: []string{
				"See ¦the ¦docs¦ and ¦two¦ or ¦three¦.",
				"Docs title",
				"Single «&amp;→&» quoted",
				"Paren title",
			},
		},
		{
			name: "link title across lines in a quote",
			src:  "> A [link](http://x \"title\n> wraps\") here.\n",
			want: []string{"A ¦link¦ here.", "title«\n> →\n»wraps"},
		},
		{
			name: "reference links and definitions",
			src:  "Use [text][ref] and [ref].\n\n[ref]: https://example.com\n  \"Ref title\"\n",
			want: []string{"Use ¦text¦ and ¦ref¦.", "Ref title"},
		},
		{
			name: "images",
			src:  "Logo ![The *alt* text](logo.png \"Image title\") here and [![badge alt](b.svg)](http://ci \"CI title\").\n",
			want: []string{"Logo ¦ here and ¦.", "The ¦alt¦ text", "Image title", "badge alt", "CI title"},
		},
		{
			name: "code is skipped",
			src:  "Run `enables access` now.\n\n```go\n// enables access\nfmt.Println(\"x\")\n```\n\n    indented code\n\nAfter.\n",
			want: []string{"Run «`enables access`→￼» now.", "After."},
		},
		{
			name: "HTML blocks and inline HTML",
			src: "<div align=\"center\">\n<p title=\"Block title\">Block &amp; text</p>\n<script>var s = \"no\";</script>\n</div>\n\n" +
				"<!-- guardrail-disable-next-line sre.x -- reason -->\n" +
				"Inline <kbd>Ctrl</kbd> and <img alt=\"inline alt\" src=x> <!-- guardrail-disable-line --> end.\n",
			want: []string{"Block title", "Block «&amp;→&» text", "Inline «<kbd>Ctrl</kbd>→￼» and ¦ ¦ end.", "inline alt"},
			comments: []string{
				"<!-- guardrail-disable-next-line sre.x -- reason -->→guardrail-disable-next-line sre.x -- reason",
				"<!-- guardrail-disable-line -->→guardrail-disable-line",
			},
		},
		{
			name: "in Markdown only alt and title attributes are checked",
			src: "<div aria-label=\"Block label\"><img alt=\"Block alt\"></div>\n<meta name=\"description\" content=\"Meta text\">\n\n" +
				"A <span aria-label=\"inline label\" title=\"inline title\">b</span> c.\n",
			want: []string{"Block alt", "A ¦b¦ c.", "inline title"},
		},
		{
			name:     "HTML block in a quote",
			src:      "> <div title=\"T\">\n> <!-- multi\n> line -->\n> Some\n> text</div>\n\nAfter.\n",
			want:     []string{"T", "Some«\n> →\n»text", "After."},
			comments: []string{"<!-- multi\n> line -->→multi\n  line"},
		},
		{
			name: "front matter",
			src:  "---\ntitle: \"SRE \\u2019s guide\" # note\nauthor: Someone\ndescription: >\n  SRE enables\n  access.\ntags: [a, b]\n---\n# Heading\n",
			want: []string{"SRE «\\u2019→’»s guide", "SRE enables«\n  →\n»access.", "H:Heading"},
		},
		{
			name: "front matter CRLF plain multi-line",
			src:  "---\r\ntitle: Plain title\r\n  continues\r\nlayout: post\r\n---\r\nBody.\r\n",
			want: []string{"Plain title«\r\n  →\n»continues", "Body."},
		},
		{
			name: "front matter after a BOM",
			src:  "\xef\xbb\xbf---\ndescription: 'Desc'\n---\nBody.\n",
			want: []string{"Desc", "Body."},
		},
		{
			name: "not front matter",
			src:  "---\nSome text\n---\n",
			want: []string{"H:Some text"},
		},
		{
			name: "TOML front matter: title checked, other keys skipped",
			src:  "+++\ntitle = \"x\"\ndraft = \"y\"\n+++\nBody.\n",
			want: []string{"x", "Body."},
		},
		{
			name: "entities and escapes",
			src:  "AT&amp;T \\*not emphasis\\* it&#8217;s &copy; &bogus; 5 &lt; 6\n",
			want: []string{"AT«&amp;→&»T «\\*→*»not emphasis«\\*→*» it«&#8217;→’»s «&copy;→©» &bogus; 5 «&lt;→<» 6"},
		},
		{
			name: "bare URLs and autolinks",
			src:  "Visit https://example.com/enables-access or www.example.com or <https://x.y>, mail a@b.co today.\n",
			want: []string{"Visit ¦ or ¦ or ¦, mail ¦ today."},
		},
		{
			name: "bare URL punctuation",
			src:  "(see https://example.com/a_(b)) and HTTP://X.ORG/path. Then www.example.com/x?y=1&amp; ok, mailto user.name+tag@example.co.uk.\n",
			want: []string{"(see ¦) and ¦. Then ¦«&amp;→&» ok, mailto ¦."},
		},
		{
			name: "not URLs",
			src:  "Ratio 1:2, time 10:30, a@b, foo://x, wwwx.com and @handle.\n",
			want: []string{"Ratio 1:2, time 10:30, a@b, foo://x, wwwx.com and @handle."},
		},
		{
			name: "math",
			src:  "$$\nE = mc^2\n$$\n\nInline $x^2 + y$ math, but $5 and $10 are money.\n",
			want: []string{"Inline ¦ math, but $5 and $10 are money."},
		},
		{
			name: "headings",
			src:  "# ATX *heading* #\n\nSetext heading\nwraps\n---\n\n## Héading ’2’\n",
			want: []string{"H:ATX ¦heading", "H:Setext heading«\n→\n»wraps", "H:Héading ’2’"},
		},
		{
			name: "hard breaks",
			src:  "Backslash\\\nbreak and  \nspaces<br>\nand br.\n",
			want: []string{"Backslash«\\\n→\n»break and«  \n→\n»spaces«<br>\n→\n»and br."},
		},
		{
			name: "strikethrough and task list",
			src:  "- [x] done ~~old~~ new\n- [ ] todo\n",
			want: []string{"done ¦old¦ new", "todo"},
		},
		{
			name: "thematic break and empty",
			src:  "---\n\n***\n",
			want: nil,
		},
	}
	runScopeCases(t, cases, func(src []byte) Scoped { return ScopeMarkdown(src, false) })
}

func TestScopeMDX(t *testing.T) {
	cases := []scopeCase{
		{
			name: "imports, exports and JSX",
			src:  "import { Callout } from './c'\nexport const meta = { title: 'x' }\n\n# Title\n\n<Callout type=\"info\">\n  Callout text.\n</Callout>\n\n<Chart data={{a: 1}} />\n\nBody text.\n",
			want: []string{"H:Title", "Callout text.", "Body text."},
		},
		{
			name: "inline expressions are code",
			src:  "Text {props.utilize} and {a({b: 1})} prose, {open\n\n# Head {x} end\n\n- item {y}\n",
			want: []string{"Text ¦ and ¦ prose, {open", "H:Head ¦ end", "item"},
		},
		{
			name:     "MDX comment",
			src:      "{/* guardrail-disable-next-line sre.x */}\nText.\n",
			want:     []string{"Text."},
			comments: []string{"{/* guardrail-disable-next-line sre.x */}→guardrail-disable-next-line sre.x"},
		},
	}
	runScopeCases(t, cases, func(src []byte) Scoped { return ScopeDocument(KindMarkdown, "page.mdx", src) })
}

// Scopers share parsers and lexers: they must be safe for concurrent use.
func TestScopeConcurrent(t *testing.T) {
	md := benchMarkdown(20 << 10)
	code := []byte("// comment one\nvar s = \"string\"\n")
	want := renderChunks(md, ScopeMarkdown(md, false))
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for i := 0; i < 3; i++ {
				if got := renderChunks(md, ScopeMarkdown(md, false)); !reflect.DeepEqual(got, want) {
					t.Error("concurrent Markdown scoping differs")
				}
				if got := len(ScopeCode("x.go", code).Chunks); got != 2 {
					t.Errorf("code chunks = %d", got)
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}
