package format

import (
	"reflect"
	"strings"
	"testing"
)

func TestScopeCode(t *testing.T) {
	cases := []struct {
		path string
		scopeCase
	}{
		{"main.go", scopeCase{
			name: "Go comments and strings, CRLF",
			src: "// Package x enables access\r\n// to OpenAI models.\r\npackage x\r\n\r\n/*\r\n * Block ’one’\r\n * line two\r\n *\r\n * para\r\n */\r\n" +
				"var s = \"hello \\\"world\\\" \\u00e9\" + `raw\\n` // trailing\r\n\t// guardrail-disable-next-line sre.x\r\nvar r = 'x'\r\n",
			want: []string{
				"C:Package x enables access«\r\n// →\n»to OpenAI models.",
				"C:Block ’one’«\r\n * →\n»line two«\r\n *\r\n * →\n\n»para",
				"S:hello «\\\"→\"»world«\\\"→\"» «\\u00e9→é»",
				"S:raw\\n",
				"C:trailing",
				"C:guardrail-disable-next-line sre.x",
			},
			comments: []string{
				"// Package x enables access→Package x enables access",
				"// to OpenAI models.→to OpenAI models.",
				"/*\r\n * Block ’one’\r\n * line two\r\n *\r\n * para\r\n */→Block ’one’\nline two\n\npara",
				"// trailing→trailing",
				"// guardrail-disable-next-line sre.x→guardrail-disable-next-line sre.x",
			},
		}},
		{"app.py", scopeCase{
			name: "Python comments, docstrings, strings",
			src: "#!/usr/bin/env python\n\"\"\"Module doc.\"\"\"\n# one\n#   two\n\ndef f():\n    \"\"\"Docstring here.\n\n    More text.\n    \"\"\"\n" +
				"    x = f\"hi {name} there\" # c\n    y = r\"raw\\n\" + 'single'\n    z = \"\"\"not a\n    docstring\"\"\"\n",
			want: []string{
				"C:Module doc.",
				"C:one«\n#   →\n»two",
				"C:Docstring here.«\n\n    →\n\n»More text.",
				"S:hi ¦ there",
				"C:c",
				"S:raw\\n",
				"S:single",
				"S:not a«\n    →\n»docstring",
			},
		}},
		{"web.ts", scopeCase{
			name: "TypeScript",
			src:  "/** Doc\n * more */\nconst s: string = `Hello ${name} world`; // tail\nlet t = 'it\\'s' + \"dq\";\n",
			want: []string{"C:Doc«\n * →\n»more", "S:Hello ¦ world", "C:tail", "S:it«\\'→'»s", "S:dq"},
		}},
		{"ui.jsx", scopeCase{
			name: "JSX",
			src:  "// Component\nconst a = \"jsx string\";\n",
			want: []string{"C:Component", "S:jsx string"},
		}},
		{"run.sh", scopeCase{
			name: "shell",
			src:  "#!/bin/sh\n# comment one\n# comment two\necho \"Hello $USER world\" 'single q' # tail\n",
			want: []string{"C:comment one«\n# →\n»comment two", "S:Hello ¦ world", "S:single q", "C:tail"},
		}},
		{"run.sh", scopeCase{
			name: "shell $$ is the process ID, not half of $( or ${",
			src:  "echo \"pid $$(and more\" # one\necho $${x \"two\"}\n",
			want: []string{"S:pid ¦(and more", "C:one", "S:two"},
		}},
		{"lib.rs", scopeCase{
			name: "Rust",
			src:  "/// Doc line\n/// second\nfn main() { let s = \"rust \\u{1F600} s\"; let r = r#\"raw \"x\"\"#; } /* b */\n",
			want: []string{"C:Doc line«\n/// →\n»second", "S:rust «\\u{1F600}→😀» s", "S:raw \"x\"", "C:b"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby",
			src:  "# ruby c\nputs \"hi #{name} there\"\n=begin\nblock doc\n=end\n",
			want: []string{"C:ruby c", "S:hi ¦ there", "C:block doc"},
		}},
		{"x.py", scopeCase{
			name: "Python raw strings keep an escaped quote; a backslash escapes no brace",
			src:  "q = re.compile(r\"\\\"(.*)\\\"\") # quoted text\nf = f\"a\\{b} c\" # d\n",
			want: []string{"S:\\\"(.*)\\\"", "C:quoted text", "S:a\\¦ c", "C:d"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby symbols after ::, :name and ...",
			src:  "y = A:::\"sym\" \"str\"\nz = :a:\"sym2\" + \"str2\"\nw = x....:\"sym3\" + \"str3\"\n",
			want: []string{"S:str", "S:str2", "S:str3"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby labels start with an ASCII letter",
			src:  "h = {é:\"sym\", aé:\"str\", 0a:\"str2\"}\n",
			want: []string{"S:str", "S:str2"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby names start with an ASCII letter: š? is no name, ?\" a character",
			src:  "x = š?\"\" + \"str\" # c\n",
			want: []string{"S:+", "S:# c"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby interpolations hold code: a comment runs to the line's end, a string's quote is its own",
			src:  "puts \"a #{x # }\" c\n} b\" # d\nputs \"e #{h[\"}\"]} f\" # g\n",
			want: []string{"S:a ¦ b", "C:d", "S:e ¦ f", "C:g"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby heredoc openers are code, a line __END__ ends the program",
			src:  "x = <<-\"EOS\" # c\nbody\nEOS\ny = :<<\"s\" + a.<<\"t\"\n__END__\n\"data\" # d\n",
			want: []string{"C:c", "S:s", "S:t"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby method names after def: /, ` and << are operators, not a regular expression, a command or a heredoc",
			src:  "def /(o) \"ratio\" end # a/b\ndef `(c) \"ran\" end\ndef <<\"x\"\nend\n",
			want: []string{"S:ratio", "C:a/b", "S:ran", "S:x"},
		}},
		{"a.rb", scopeCase{
			name: "Ruby regular expressions after if, when, .sub and the like, even with a space after the slash",
			src:  "puts \"ok\" if / \"/ =~ s # c\nt = s.sub / \"/, \"q\" # d\n",
			want: []string{"S:ok", "C:c", "S:q", "C:d"},
		}},
		{"run.sh", scopeCase{
			name: "a shell here-document's body is no code; the rest of its opener's line is",
			src:  "cat <<EOF > \"$out\" # c\nHello \"world\" # not a comment\nEOF\necho \"done\" # d\n",
			want: []string{"C:c", "S:done", "C:d"},
		}},
		{"run.sh", scopeCase{
			name: "a parenthesis inside ${…} opens nothing",
			src:  "echo ${x:-(} \"text\" # c\necho \"${y:-(} more\" # d\n",
			want: []string{"S:text", "C:c", "S:more", "C:d"},
		}},
		{"A.java", scopeCase{
			name: "Java",
			src:  "/** Javadoc here. */\nclass A { String s = \"java\"; }\n",
			want: []string{"C:Javadoc here.", "S:java"},
		}},
		{"a.cpp", scopeCase{
			name: "C++ preprocessor is not a comment",
			src:  "#include <stdio.h>\n/* c comment */\nint main() { printf(\"hello\\n\"); } // x\n",
			want: []string{"C:c comment", "S:hello", "C:x"},
		}},
		{"a.cpp", scopeCase{
			name: "an #include file name is on its line",
			src:  "#include\n\"text\" // c\n",
			want: []string{"S:text", "C:c"},
		}},
		{"a.cs", scopeCase{
			name: "C#",
			src:  "// cs comment\nvar s = @\"verbatim\";\n",
			want: []string{"C:cs comment", "S:verbatim"},
		}},
		{"x.py", scopeCase{
			name: "no final line break",
			src:  "x = 1 # last comment",
			want: []string{"C:last comment"},
		}},
		{"x.go", scopeCase{
			name: "a directive is a chunk of its own",
			src:  "// before\n// guardrail-disable-next-line sre.x -- says enables access\n// after\nx := 1\n",
			want: []string{"C:before", "C:guardrail-disable-next-line sre.x -- says enables access", "C:after"},
		}},
		{"x.go", scopeCase{
			name: "invalid UTF-8 is still scoped (fast scanner)",
			src:  "// bad \xff byte\n",
			want: []string{"C:bad \xff byte"},
		}},
		{"x.lua", scopeCase{
			name: "invalid UTF-8 gives nothing through chroma",
			src:  "-- bad \xff byte\n",
			want: nil,
		}},
	}
	for _, tc := range cases {
		runScopeCases(t, []scopeCase{tc.scopeCase}, func(src []byte) Scoped { return ScopeCode(tc.path, src) })
	}
}

func TestKindOf(t *testing.T) {
	for path, want := range map[string]Kind{
		"README.md": KindMarkdown, "a/b/page.MDX": KindMarkdown, "x.markdown": KindMarkdown, "x.mkdn": KindMarkdown,
		"index.html": KindHTML, "a.XHTML": KindHTML, "notes.txt": KindText, "en.json": KindJSON,
		"en.yml": KindYAML, "a.yaml": KindYAML, "main.go": KindCode, "x.py": KindCode, "x.tsx": KindCode,
		"x.mjs": KindCode, "x.hpp": KindCode, "x.cs": KindCode, "x.rs": KindCode, "x.rb": KindCode,
		"x.zsh": KindCode, "Dockerfile": KindCode, "Makefile": KindCode, ".guardrail.toml": KindNone,
		"pack.toml": KindNone, "x.png": KindNone, "LICENSE": KindNone, "x.unknown": KindNone,
	} {
		if got := KindOf(path); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", path, got, want)
		}
	}
}

// Every extension KindOf calls code has the fast scanner or a chroma lexer.
func TestCodeExtsHaveLexers(t *testing.T) {
	for ext, k := range kindByExt {
		if k == KindCode && fastSyntaxFor("x"+ext) == nil && lexerFor("x"+ext) == nil {
			t.Errorf("no lexer for %s", ext)
		}
	}
	for name := range codeNames {
		if lexerFor(name) == nil {
			t.Errorf("no lexer for %s", name)
		}
	}
}

func TestIsBinary(t *testing.T) {
	if IsBinary([]byte("plain text\n")) || !IsBinary([]byte("a\x00b")) {
		t.Fatal("IsBinary")
	}
	late := append([]byte(strings.Repeat("a", 9000)), 0)
	if IsBinary(late) {
		t.Fatal("NUL after 8000 bytes counts")
	}
}

func TestScopeDocumentDispatch(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		path string
		src  string
		want []string
	}{
		{KindMarkdown, "a.md", "# H\n\n`x` text\n", []string{"H", Placeholder + " text"}},
		{KindMarkdown, "a.mdx", "import x from 'y'\n\ntext\n", []string{"text"}},
		{KindHTML, "a.html", "<p>text</p>", []string{"text"}},
		{KindText, "LICENSE", "text\n", []string{"text"}},
		{KindJSON, "a.json", `{"k": "text"}`, []string{"text"}},
		{KindYAML, "a.yml", "k: text\n", []string{"text"}},
		{KindCode, "a.go", "// text\n", []string{"text"}},
		{KindCode, "a.unknownlang", "// text\n", nil},
		{KindNone, "a.toml", "# text\n", nil},
	} {
		src := []byte(c.src)
		got := chunkTexts(src, ScopeDocument(c.kind, c.path, src))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v %s: got %q, want %q", c.kind, c.path, got, c.want)
		}
	}
}

// Ruby interpolations nest ("#{"#{…}"}"): the scanner follows them up to
// maxRubyNest levels, and past that takes the rest of the file for the
// innermost literal, so a hostile file cannot grow its stack without
// bound (scanning stays linear: each level is read once).
func TestRubyNestedInterpolations(t *testing.T) {
	for _, c := range []struct {
		levels   int
		comments int
	}{{maxRubyNest - 1, 1}, {100 * maxRubyNest, 0}} {
		src := strings.Repeat(`"#{`, c.levels) + "x" + strings.Repeat(`}"`, c.levels) + " # c\n"
		if got := len(ScopeCode("a.rb", []byte(src)).Comments); got != c.comments {
			t.Errorf("%d levels: %d comments, want %d", c.levels, got, c.comments)
		}
	}
}
