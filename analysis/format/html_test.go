package format

import "testing"

func TestScopeHTML(t *testing.T) {
	cases := []scopeCase{
		{
			name: "document",
			src: "<!DOCTYPE html>\r\n<html><head><title>The &amp; title</title>\r\n" +
				"<meta name=\"description\" content=\"SRE enables access.\">\r\n<meta name=\"viewport\" content=\"width=device-width\">\r\n" +
				"<script>var s = \"enables access\";</script><style>p { color: red }</style></head>\r\n" +
				"<body><h1>Head <em>one</em></h1>\r\n<p>SRE <a href=\"/x\" title='Link title'>enables</a>\r\n    access to<br>\r\n  OpenAI&nbsp;models&#8217;.</p>\r\n" +
				"<pre>pre text</pre><p>Use <code>code</code> now</p><img alt=\"Alt &quot;text&quot;\" src=x>\r\n" +
				"<ul><li>One</li><li>Two <b>bold</b></li></ul><table><tr><td>Cell A</td><td>Cell B</td></tr></table>\r\n" +
				"<!-- guardrail-disable-next-line sre.x --><button aria-label=\"Close dialog\">X</button><input placeholder=\"Type here\">\r\n" +
				"</body></html>\r\n",
			want: []string{
				"The «&amp;→&» title",
				"SRE enables access.",
				"H:Head ¦one",
				"SRE ¦enables¦«\r\n    →\n»access to«<br>\r\n  →\n»OpenAI«&nbsp;→\u00a0»models«&#8217;→’».",
				"Link title",
				"Use «<code>code</code>→￼» now",
				"Alt «&quot;→\"»text«&quot;→\"»",
				"One",
				"Two ¦bold",
				"Cell A",
				"Cell B",
				"Close dialog",
				"X",
				// placeholder is not among the checked attributes
				// (checked: alt, title, aria-label, meta description).
			},
			comments: []string{"<!-- guardrail-disable-next-line sre.x -->→guardrail-disable-next-line sre.x"},
		},
		{
			name: "non-ASCII and unquoted attributes",
			src:  "<p>😀 中文 ’x’ <abbr title=Unquoted>SRE</abbr> enables</p><img alt='单引号'>",
			want: []string{"😀 中文 ’x’ ¦SRE¦ enables", "Unquoted", "单引号"},
		},
		{
			name: "unclosed code ends with its block",
			src:  "<p>a <code>b</p><p>c</p>",
			want: []string{"a «<code>b→￼»", "c"},
		},
		{
			name: "multi-line attribute",
			src:  "<img alt=\"line one\n   line two\">",
			want: []string{"line one«\n   →\n»line two"},
		},
	}
	runScopeCases(t, cases, ScopeHTML)
}
