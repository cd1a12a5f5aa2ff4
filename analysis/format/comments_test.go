package format

import "testing"

func TestSuppressionAt(t *testing.T) {
	html := CommentSyntax{"<!-- ", " -->"}
	hash := CommentSyntax{"# ", ""}
	for _, c := range []struct {
		kind Kind
		path string
		src  string
		off  int
		want Suppression
	}{
		{KindJSON, "a.json", `{"k": "v"}`, 7, Suppression{}},
		{KindMarkdown, "a.md", "text\n", 0, Suppression{Syntax: html, Placement: EndOfLine}},
		{KindMarkdown, "a.md", "+++\ntitle = \"t\"\n+++\ntext\n", 5, Suppression{Syntax: hash, Placement: LineAbove, YAML: true}},
		{KindMarkdown, "a.md", "+++\ntitle = \"t\"\n+++\ntext\n", 20, Suppression{Syntax: html, Placement: EndOfLine}},
		{KindHTML, "a.html", "<p>text</p>", 3, Suppression{Syntax: html, Placement: EndOfLine}},
		{KindText, "a.txt", "text\n", 0, Suppression{Placement: LineAbove}},
		{KindYAML, "a.yml", "k: v\n", 3, Suppression{Syntax: hash, Placement: LineAbove, YAML: true}},
		{KindCode, "a.go", "x := \"text\"\n", 6, Suppression{Syntax: CommentSyntax{"// ", ""}, Placement: LineAbove}},
		{KindCode, "Makefile", "x = text\n", 4, Suppression{Syntax: hash, Placement: LineAbove}},
		{KindCode, "a.sql", "select 'text'\n", 8, Suppression{Syntax: CommentSyntax{"-- ", ""}, Placement: LineAbove}},
		// Inside a comment, the comment's own syntax.
		{KindCode, "a.go", "/* text\n */\n", 3, Suppression{Syntax: CommentSyntax{"/* ", " */"}, Placement: LineAbove}},
		{KindCode, "a.unknownlang", "text\n", 0, Suppression{}},
	} {
		src := []byte(c.src)
		sc := ScopeDocument(c.kind, c.path, src)
		if got := SuppressionAt(c.kind, c.path, src, &sc, c.off); got != c.want {
			t.Errorf("%v %s %q at %d: %+v, want %+v", c.kind, c.path, c.src, c.off, got, c.want)
		}
	}
}

func TestSyntaxOfComment(t *testing.T) {
	for c, want := range map[string]CommentSyntax{
		"<!-- x -->": {"<!-- ", " -->"}, "/* x */": {"/* ", " */"}, "// x": {"// ", ""}, "-- x": {"-- ", ""},
		"(* x *)": {"(* ", " *)"}, "{- x -}": {"{- ", " -}"}, "# x": {"# ", ""}, "; x": {"; ", ""},
		"% x": {"% ", ""}, "' x": {"' ", ""}, "REM x": {"REM ", ""}, "rem x": {"rem ", ""},
	} {
		if got, ok := syntaxOfComment(c); !ok || got != want {
			t.Errorf("syntaxOfComment(%q) = %+v, %v; want %+v", c, got, ok, want)
		}
	}
	if _, ok := syntaxOfComment(`"""doc"""`); ok {
		t.Error("a doc string is not a comment a directive can be written in")
	}
}

func TestAppendOffset(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		line string
		want int
	}{
		{KindMarkdown, "text  ", 4},
		{KindMarkdown, `hard break\`, 10},
		{KindMarkdown, "| a | b |", 7},
		{KindMarkdown, "## Title ##", 8},
		{KindMarkdown, "#hashtag", 8},
		{KindHTML, `<p>x\`, 5},
		{KindHTML, "| a |", 5},
	} {
		if got := AppendOffset(c.kind, []byte(c.line)); got != c.want {
			t.Errorf("%v %q: %d, want %d", c.kind, c.line, got, c.want)
		}
	}
}

func TestCutAtCommentClose(t *testing.T) {
	for in, want := range map[string]string{
		"guardrail-disable-line x.y -->": "guardrail-disable-line x.y",
		"guardrail-disable x */":         "guardrail-disable x ",
		"guardrail-disable x --reason":   "guardrail-disable x",
		"guardrail-disable x":            "guardrail-disable x",
	} {
		if got := CutAtCommentClose(in); got != want {
			t.Errorf("CutAtCommentClose(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsDocString(t *testing.T) {
	for c, want := range map[string]bool{`"""d"""`: true, "r'''d'''": true, `"s"`: false, "# c": false, `abc"""x"""`: false} {
		if IsDocString([]byte(c)) != want {
			t.Errorf("IsDocString(%q) = %v", c, !want)
		}
	}
}

func TestOpensBlockScalar(t *testing.T) {
	for l, want := range map[string]bool{"key: |": true, "- >-": true, "k: |2 # c": true, "k: v": false, "k: a|b": false} {
		if OpensBlockScalar([]byte(l)) != want {
			t.Errorf("OpensBlockScalar(%q) = %v", l, !want)
		}
	}
}
