package format

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
)

// The fast block scanner (mdblock.go) must give exactly what goldmark
// gives (checkFastEqualsGoldmark compares ScopeMarkdown, which uses it,
// with the goldmark-only reference); these tests also check that it is
// the scanner, not goldmark, that does the blocks it claims.

// blockCounts scopes src and returns how many segments the fast block
// scanner did and how many it left to goldmark (-1, -1: it did not try).
func blockCounts(src []byte) (fast, slow int) {
	sc := Scoped{}
	m := &mdScoper{src: src, sc: &sc}
	m.cur.arena, m.alt.arena, m.tmp.arena = &m.arena, &m.arena, &m.arena
	if !m.scopeBlocks() {
		return -1, -1
	}
	m.fast.release()
	return m.blocks.fast, m.blocks.slow
}

// mdBlockFastCases are read by the fast block scanner alone.
var mdBlockFastCases = []string{
	"plain paragraph\n",
	"no newline at the end",
	"para *one*\nwrapped line\n  indented continuation\n     deeply indented\nend.  \n",
	"trailing spaces   \nhard\\\nbreak\n\n\n\nafter blanks\n\n",
	"ends in a backslash\\\n\n- item\\\n> quote\\\n# heading\\\n",
	"# Heading\n## Heading *two* ##\n### closing #'s ###   \n#### not # closing#\n#\n# \n## ##\n###### six\n#hashtag para\n",
	"text\n# heading interrupts\nmore\n",
	"```go\ncode *x*\n\n  indented\n```\nafter the fence\n\n~~~~\n~~~\n ~~~~~\ntext\n",
	"````\n```\nstill code\n````   \n",
	"``` not a fence ```\n``x``\n`code`\n",
	"para\n```\ncode\n```\n",
	"- item *one*\n- item two\nlazy line\n  indented line\n- [ ] task\n- [x] done\n* star\n+ plus\n",
	"para\n- interrupting item\n- second\n",
	"- item\n> quote after item\nlazy quote\n> more\n- item after quote\n",
	"> quote *a*\n> b\n>c\nlazy\n> d\n\n> second quote\n",
	"para\n> quote interrupts\n",
	"- item\n## heading after item\n- item\n```\nfence\n```\n",
	"- `code` first\n- *emph* first\n- [link](u) first\n- **strong**\n- 2024 was\n- #tag\n- -x\n",
	"$$\nx^2\n$$\n\n$$ inline display $$\n\ntext $x$ and $$y$$\n",
	"a | b\nc | d\n\n|x|\n",
	"text <b>inline html</b>\nand <!-- comment --> more\n",
	"links [a](https://x.com/a \"t\") ![img](i.png 'title') <https://auto.link> www.example.com a@b.co\n",
	"-x not a list\n+y\n*z*\n_u_\n1)one\n",
	"😀 unicode *é* line\nnext\n",
	"a\n\n\n   \n\t\nb\n",
	"- a\n  - nested *b*\n    - deeper\n  lazy\n      indented\n  - [ ] sibling task\n- outer\n - one space\n   - under it\n",
	"para\n  - indented item interrupts\n   * other marker\nlazy\n",
	"> quote\n  - item closes it\n",
	"- a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n",
}

// mdBlockSlowCases hold blocks the scanner leaves to goldmark: each must
// send at least one segment there.
var mdBlockSlowCases = []string{
	"title\n===\n",
	"title\n---\n",
	"a\n\n***\n\nb\n",
	"| a | b |\n|---|---|\n| c | d |\n",
	"a | b\n-|-\n",
	"    indented code\n",
	"<div>\nhtml\n</div>\n",
	"1. ordered\n2. list\n",
	"- a\n\n  loose\n",
	"> > nested quote\n",
	"> - list in quote\n",
	"-\tTab\n",
	"\tTab\n",
	"-  two spaces\n",
	"- a\n  -  two spaces\n",
	"- a\n  > quote in item\n",
	"- a\n  # heading in item\n",
	"- a\n  ```\n  fence in item\n  ```\n",
	"- a\n  1. ordered in item\n",
	"- a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n                - i\n",
	">\n",
	"> \n> x\n",
	"- \n",
	"text\n  > indented quote marker\n",
	"```\nunclosed fence\n",
	"text\n   # indented heading\n",
	"~~~\n",
}

func TestMDBlockEqualsGoldmark(t *testing.T) {
	for _, c := range mdBlockFastCases {
		checkFastEqualsGoldmark(t, []byte(c), false)
		if fast, slow := blockCounts([]byte(c)); fast < 1 || slow != 0 {
			t.Errorf("%q: %d segments fast, %d slow; want all fast", c, fast, slow)
		}
	}
	for _, c := range mdBlockSlowCases {
		checkFastEqualsGoldmark(t, []byte(c), false)
		if _, slow := blockCounts([]byte(c)); slow < 1 {
			t.Errorf("%q: no segment left to goldmark", c)
		}
		// Between fast segments, and after a fast prefix of the segment.
		mixed := "para *a*\n\n" + c + "\n\nnext - para\nwrapped\n\n- item\n"
		checkFastEqualsGoldmark(t, []byte(mixed), false)
		if fast, slow := blockCounts([]byte(mixed)); fast < 1 || slow < 1 {
			t.Errorf("%q: %d segments fast, %d slow", mixed, fast, slow)
		}
		prefixed := "lead para\n" + c
		checkFastEqualsGoldmark(t, []byte(prefixed), false)
	}
	// Every pair of cases, one after the other, with and without a blank
	// line between them.
	all := append(append([]string(nil), mdBlockFastCases...), mdBlockSlowCases...)
	for _, a := range all {
		for _, b := range all {
			checkFastEqualsGoldmark(t, []byte(a+b), false)
			checkFastEqualsGoldmark(t, []byte(a+"\n"+b), false)
		}
	}
}

// The whole document goes to goldmark when a link reference definition
// may be in it, or a carriage return.
func TestMDBlockWholeDocument(t *testing.T) {
	for _, c := range []string{"[a]: /u\n\n[a]\n", "x [a]: y\n", "a\r\nb\r\n", "a\rb\n", ""} {
		checkFastEqualsGoldmark(t, []byte(c), false)
		if fast, slow := blockCounts([]byte(c)); fast != -1 || slow != -1 {
			t.Errorf("%q: scanned (%d fast, %d slow)", c, fast, slow)
		}
	}
}

func TestMDBlockCoverage(t *testing.T) {
	for _, c := range []struct {
		name string
		src  []byte
	}{{"benchdata", benchdata.Text(256<<10, true)}, {"benchdata tree file", benchdata.Text(8<<10, true)}} {
		fast, slow := blockCounts(c.src)
		if fast < 10 || slow != 0 {
			t.Errorf("%s: %d segments fast, %d slow; want all fast", c.name, fast, slow)
		}
	}
	// The benchmark's generator: tables and nested items go to goldmark,
	// the rest does not.
	src := benchMarkdown(64 << 10)
	fast, slow := blockCounts(src)
	if fast < slow {
		t.Errorf("benchMarkdown: %d segments fast, %d slow", fast, slow)
	}
	if !strings.Contains(string(src), "|---|") || slow == 0 {
		t.Errorf("benchMarkdown: no table left to goldmark (%d slow)", slow)
	}
}

// TestMDBlockRandomDocuments compares the scanner with goldmark on
// documents built line by line from the block syntax it reads and the
// syntax next to it (random, with a fixed seed): the byte-level fuzz
// target reaches these combinations slowly.
func TestMDBlockRandomDocuments(t *testing.T) {
	prefixes := []string{"", "", "", "- ", "* ", "+ ", "  ", "  - ", "    ", "    - ", "      - ", " - ", "   ",
		"> ", ">", "> - ", "- > ", "# ", "## ", "####### ", "#", "1. ", "2) ", "-  ", "\t", " \t", "=", "-"}
	bodies := []string{"word *em* [l](u) `c`", "text", "[ ] task", "[x] done", "---", "===", "***", "- - -",
		"| a | b |", "|---|---|", ":-:", "```", "~~~", "``` x `y`", "<div>", "<b>x</b> y", "# not", "x #",
		"$$", "$$ m $$", "a  ", "a\\", "&amp;", "", " ", "*a", "b*", "1. x", "10) y", "[a]", "![i](u \"t\")"}
	rng := rand.New(rand.NewSource(15))
	fast := 0
	for n := 0; n < 3000; n++ {
		var sb strings.Builder
		for l := rng.Intn(12); l >= 0; l-- {
			if rng.Intn(6) == 0 {
				sb.WriteString("\n")
				continue
			}
			sb.WriteString(prefixes[rng.Intn(len(prefixes))])
			sb.WriteString(bodies[rng.Intn(len(bodies))])
			sb.WriteString("\n")
		}
		src := []byte(sb.String())
		checkFastEqualsGoldmark(t, src, false)
		if f, _ := blockCounts(src); f > 0 {
			fast++
		}
	}
	if fast < 500 {
		t.Errorf("the scanner read a segment of only %d of 3000 documents", fast)
	}
}
