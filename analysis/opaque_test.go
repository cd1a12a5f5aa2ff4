package analysis

import (
	"reflect"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// Inline code is an opaque token: no phrase or pattern match enters it or
// joins the words on either side (the contract's settled points), in the fast
// Markdown scanner (.md), goldmark's path (.mdx) and HTML alike.
func TestInlineCodeIsOpaque(t *testing.T) {
	rs := []*rules.Rule{
		rule("t.when-is", []string{"when is"}, []string{"if"}),
		rule("t.an-url", []string{"an URL"}, []string{"a URL"}),
		rule("t.go-mod", []string{"go mod"}, nil),
		rule("t.empty-parens", nil, nil, withPatterns(`\(\s*\)`)),
		rule("t.pat-when-is", nil, nil, withPatterns(`\bwhen\W+is\b`)),
		rule("t.pat-run", nil, nil, withPatterns(`run [^.]*now`)),
		rule("t.word", []string{"word"}, nil),
	}
	eng, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, src string
		want            []string
	}{
		{"code spans in a row", "a.md", "When `go` `mod` `download` is run, it works.\n", nil},
		{"code span between words", "a.md", "Open an `https://` URL.\n", nil},
		{"code span between words, mdx", "a.mdx", "Open an `https://` URL.\n", nil},
		{"code spans in a row, mdx", "a.mdx", "When `go` `mod` `download` is run.\n", nil},
		{"phrase inside code", "a.md", "Type `go mod` here.\n", nil},
		{"parenthesis around code", "a.md", "The flag (`-v`) and (`x`) are set.\n", nil},
		{"pattern across code", "a.md", "Then run `make` now.\n", nil},
		{"pattern beside code is found", "a.md", "`x` then run it now.\n", []string{"t.pat-run@run it now"}},
		{"double backticks", "a.md", "When ``a ` b`` is.\n", nil},
		{"code over a line break", "a.md", "When `go\nmod` is.\n", nil},
		{"in a quote over lines", "a.md", "> When `go\n> mod` is.\n", nil},
		{"html code", "a.html", "<p>When <code>go</code> is.</p>", nil},
		{"html code, unclosed", "a.html", "<p>When <code>go is.</p><p>word</p>", []string{"t.word@word"}},
		{"inline html kbd in markdown", "a.md", "When <kbd>Ctrl</kbd> is pressed.\n", nil},
		{"words around code still match apart", "a.md", "When is `x` an URL?\n", []string{"t.pat-when-is@When is", "t.when-is@When is=>If", "t.an-url@an URL=>a URL"}},
		{"a code span at a paragraph's start", "a.md", "`x` when is.\n", []string{"t.pat-when-is@when is", "t.when-is@when is=>if"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := brief(t, c.src, eng.Check(Document{Path: c.path, Text: []byte(c.src)}))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("%q: got %q, want %q", c.src, got, c.want)
			}
		})
	}
}

// Patterns see inline code as Placeholder.
func TestInlineCodePlaceholderText(t *testing.T) {
	src := []byte("Use (`x`) here.\n")
	sc := format.ScopeDocument(format.KindMarkdown, "a.md", src)
	if len(sc.Chunks) != 1 {
		t.Fatalf("chunks: %+v", sc.Chunks)
	}
	rc := newRawChunk(src, sc.Chunks[0])
	if want := "Use (" + format.Placeholder + ") here."; rc.text != want {
		t.Errorf("pattern text %q, want %q", rc.text, want)
	}
	// A cell or item of nothing but code has no text to check.
	for _, s := range []string{"`x`\n", "- `a` `b`\n", "| `a` |\n|---|\n| `b` |\n"} {
		if sc := format.ScopeDocument(format.KindMarkdown, "a.md", []byte(s)); len(sc.Chunks) != 0 {
			t.Errorf("%q: chunks %+v", s, sc.Chunks)
		}
	}
}
