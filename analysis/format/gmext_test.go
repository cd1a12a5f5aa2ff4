package format

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The copies of goldmark's Table, TaskList and Strikethrough parsers
// (gmext.go) build the same tree as goldmark's own extensions.

// gmExtParsers are goldmark's default parser with the three extensions:
// goldmark's own, and the copies.
func gmExtParsers() (orig, cp parser.Parser) {
	base := func(strike parser.InlineParser) parser.Parser {
		return parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(append(parser.DefaultInlineParsers(), util.Prioritized(strike, 500))...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)
	}
	orig = goldmark.New(goldmark.WithParser(base(extension.NewStrikethroughParser())),
		goldmark.WithExtensions(extension.Table, extension.TaskList)).Parser()
	cp = base(gmStrikethroughParser{})
	cp.AddOptions(gmExtParserOptions()...)
	return orig, cp
}

// gmDump writes the tree of src as parsed by p: every node's kind and
// position, a block's lines, a text's segment and flags, and what the
// extensions' nodes hold.
func gmDump(p parser.Parser, src []byte) string {
	var b strings.Builder
	doc := p.Parse(text.NewReader(src))
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			b.WriteString(")\n")
			return gast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "(%s @%d", n.Kind(), n.Pos())
		if n.Type() == gast.TypeBlock {
			for i := 0; i < n.Lines().Len(); i++ {
				s := n.Lines().At(i)
				fmt.Fprintf(&b, " [%d,%d,%d]", s.Start, s.Stop, s.Padding)
			}
		}
		switch n := n.(type) {
		case *gast.Text:
			fmt.Fprintf(&b, " %d-%d soft=%v hard=%v raw=%v", n.Segment.Start, n.Segment.Stop, n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw())
		case *gast.String:
			fmt.Fprintf(&b, " %q", n.Value)
		case *ast.Table:
			fmt.Fprintf(&b, " %v", n.Alignments)
		case *ast.TableRow:
			fmt.Fprintf(&b, " %v", n.Alignments)
		case *ast.TableCell:
			fmt.Fprintf(&b, " %v", n.Alignment)
		case *ast.TaskCheckBox:
			fmt.Fprintf(&b, " checked=%v", n.IsChecked)
		}
		b.WriteString("\n")
		return gast.WalkContinue, nil
	})
	return b.String()
}

var gmExtCases = []string{
	"| a | b |\n|---|:-:|\n| 1 | 2 |\n",
	"a | b\n:-- | --:\nc | d | e\nf\n",
	"para\n| a |\n| - |\n| `x \\| y` | z\n",
	"| `a\\|b` | c \\| d |\n|---|---|\n| `e\\|f\\|g` | h |\n",
	"|a|\n|-|-|\n",
	"| a |\n|--|\n|b|\n\n| c | d |\n|:-:|--|\n",
	"    | a |\n    |---|\n",
	"- [ ] open\n- [x] done\n- [X] Done\n-  [ ]\n- [ ]x\n- [y] no\n1. [x] num\n",
	"* [x]\n* text [ ] not first\n> - [ ] quoted\n",
	"~~struck~~ ~one~ ~~~three~~~ a~~b~~c ~~ spaced ~~\n",
	"~~a *b~~ c*\n~~unclosed\n\\~~escaped~~\n",
	"| ~~x~~ | - [ ] y |\n|--|--|\n| *a* | ~b~ |\n",
	"",
	"|\n|-\n",
	"| a |\r\n| --- |\r\n| b |\r\n",
}

func TestGmExtEqualsGoldmark(t *testing.T) {
	orig, cp := gmExtParsers()
	docs := append([]string(nil), gmExtCases...)
	files, _ := filepath.Glob("testdata/markdown/*.md")
	if len(files) == 0 {
		t.Fatal("no testdata/markdown/*.md")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	tables, tasks, strikes := 0, 0, 0
	for _, d := range docs {
		want, got := gmDump(orig, []byte(d)), gmDump(cp, []byte(d))
		if got != want {
			t.Errorf("%q:\ncopy:\n%s\ngoldmark:\n%s", d, got, want)
		}
		tables += strings.Count(want, "(Table ")
		tasks += strings.Count(want, "(TaskCheckBox ")
		strikes += strings.Count(want, "(Strikethrough ")
	}
	// The cases reach every extension.
	if tables < 5 || tasks < 4 || strikes < 4 {
		t.Errorf("the cases hold %d tables, %d task boxes, %d strikethroughs", tables, tasks, strikes)
	}
}

func FuzzGmExtEqualsGoldmark(f *testing.F) {
	for _, c := range gmExtCases {
		f.Add(c)
	}
	orig, cp := gmExtParsers()
	f.Fuzz(func(t *testing.T, d string) {
		if len(d) > 4<<10 {
			return
		}
		if want, got := gmDump(orig, []byte(d)), gmDump(cp, []byte(d)); got != want {
			t.Errorf("%q:\ncopy:\n%s\ngoldmark:\n%s", d, got, want)
		}
	})
}

// TestGuardrailDoesNotLinkGoldmarkExtension: the binary links neither
// goldmark's extension package nor goldmark.New's (which brings the HTML
// renderer), only the parser the scoper uses.
func TestGuardrailDoesNotLinkGoldmarkExtension(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/guardrail-dev/guardrail/cmd/guardrail").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	for _, p := range []string{"github.com/yuin/goldmark/extension", "github.com/yuin/goldmark", "github.com/yuin/goldmark/renderer/html"} {
		if deps[p] {
			t.Errorf("cmd/guardrail depends on %s (gmext.go has what guardrail uses of it)", p)
		}
	}
	if !deps["github.com/yuin/goldmark/parser"] {
		t.Fatal("cmd/guardrail does not depend on goldmark's parser: is the test looking at the right package?")
	}
}
