package analysis

import (
	"fmt"
	"testing"
)

func TestScopeDebugMany(t *testing.T) {
	cases := [][2]string{
		{"a.js", "// one\n// two\nconst s = `Hello ${name} world\\n`; /** Doc\n * more */\nlet t = 'it\\'s' + \"dq\";\n"},
		{"a.ts", "/* c */ const x: string = \"ts string\"; // tail\n"},
		{"a.sh", "#!/bin/sh\n# comment one\n# comment two\necho \"Hello $USER world\" 'single q' # tail\n"},
		{"a.rs", "/// Doc line\n/// second\n//! inner\nfn main() { let s = \"rust \\u{1F600} s\"; let r = r#\"raw \"x\"\"#; } /* b */\n"},
		{"a.rb", "# ruby c\nputs \"hi #{name} there\"\n=begin\nblock doc\n=end\n"},
		{"A.java", "/** Javadoc here. */\nclass A { String s = \"java\"; }\n"},
		{"a.cs", "/// <summary>Doc</summary>\nvar s = @\"verbatim\"; var t = $\"interp {x} end\";\n"},
		{"a.c", "#include <stdio.h>\n/* c comment */\nint main() { printf(\"hello\\n\"); // x\n}\n"},
		{"a.yaml", "# top comment\n# second\nkey: value here # trailing\nq: \"dq \\u00e9 text\"\ns: 'it''s'\nlist:\n  - item one\n  - &a !!str item two\nlit: |\n  line one\n  # not comment\n\n  line three\nplain: multi\n  line plain\n42: 43\nflow: {a: b, c: [d, \"e f\"]}\n"},
		{"a.json", "{\"key\": \"value \\\"q\\\" \\u00e9 \\ud83d\\ude00\", \"n\": 1, \"arr\": [\"x\", {\"k\": \"v\"}]}"},
		{"a.txt", "Para one\r\nline two\r\n\r\n  # guardrail-disable-next-line x\r\nPara two\rcr line\n"},
		{"a.html", "<!DOCTYPE html><html><head><title>The &amp; title</title><meta name=\"description\" content=\"Meta desc\"><script>var x = \"no\";</script></head>\n<body><h1>Head <em>one</em></h1><p>Para <a href=\"x\" title='link title'>link</a> text<br>\n  next line &nbsp;&#8217;s</p><pre>code</pre><img alt=\"Alt text\" src=x><!-- guardrail-disable --><p>Use <code>x</code> now</p></body></html>"},
	}
	for _, c := range cases {
		src := []byte(c[1])
		sc := ScopeDocument(KindOf(c[0]), c[0], src)
		checkScoped(t, src, sc)
		fmt.Println("==", c[0])
		for _, x := range renderChunks(src, sc) {
			fmt.Printf("  %q\n", x)
		}
		for _, x := range renderComments(src, sc) {
			fmt.Printf("  comment %q\n", x)
		}
	}
}
