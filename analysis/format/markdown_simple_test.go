package format

import (
	"math/rand"
	"strings"
	"testing"
)

// simpleTaken reports, for each leaf block of src's first segment (src
// must be one segment the fast block scanner reads), whether the simple
// inline path took it.
func simpleTaken(t *testing.T, src []byte) []bool {
	t.Helper()
	sc := Scoped{}
	m := &mdScoper{src: src, sc: &sc, blocks: &mdBlockState{}}
	m.cur.arena, m.alt.arena, m.tmp.arena = &m.arena, &m.arena, &m.arena
	if _, ok := m.readSegment(0); !ok {
		t.Fatalf("%q: the block scanner declines it", src)
	}
	m.fast = mdFastPool.Get().(*mdFast)
	defer m.fast.release()
	var taken []bool
	for _, b := range m.blocks.leaves {
		m.lines = m.blocks.lines[b.lo:b.hi]
		taken = append(taken, m.simpleBlock(m.fast, b.scope, b.taskOK))
	}
	return taken
}

// mdSimpleCases are blocks of the syntax the simple path reads, the
// corners of goldmark's algorithms included; each must equal goldmark
// and be taken by the simple path.
var mdSimpleCases = []string{
	"plain text\nover lines  \nwith a hard break and trailing blanks   \nend",
	"*a* **b** ***c*** _d_ __e__ *f**g**h* **i*j*k** a*b*c snake_case_x __a_b__\n",
	"*(*a*)* _(_b_)_ *a*b _a_b_ __a, __b__, c__ ****a**** *a **b** c* a****b\n",
	"*unclosed and **also\nacross *lines* end**\n",
	"**foo*bar* *foo**bar* foo*** ***foo *foo**bar**baz* ***a** b* *a **b***\n",
	"`code` ``co`de`` ` x ` `` ` `` `a\nb` ``unclosed\nstill ``x` y\n",
	"a `b\nc` d `e` f\n`g`\n",
	"[a](b) [a *b*](c) *a [b](c) d* [a *b](c) d* *e [f* g](h) **[i**](j)\n",
	"[a](b(c)d) [a]( b ) [a]() [a](b  ) x [a\nb](c) [*a*\n*b*](c)\n",
	"[a] b] ]c [d] e [f]x (g) ! a! !b !! [x](y)\n",
	"**[a](b)** *[a](b) c* [`a`](b) [a `]` b](c) `[a](b)`\n",
	"unicode *é* ’*q*’ 中*文*字 **ü**_ö_ *😀*\n",
	"$x$ and $$y$$, a@b.co, http://x.y/z, www.example.com. &amp; &copy\n",
	"# Heading *a* [b](c) `d`\n",
	"- item *a*\n  lazy [b](c)\n- `code` first\n- [a](b) first\n",
	"> quote *a\n> b* [c](d)\nlazy `e`\n",
}

// mdSimpleDeclined are blocks the simple path leaves to parseInline.
var mdSimpleDeclined = []string{
	"a \\* b\n",
	"hard\\\nbreak\n",
	"a <b>c</b>\n",
	"a <https://x.y>\n",
	"~~strike~~\n",
	"![img](i.png)\n",
	"[a [b] c](d)\n",
	"[a][b]\n",
	"[a](<b>)\n",
	"[a](b \"title\")\n",
	"[a](b\nc)\n",
	"[a](\nb)\n",
	"[a](b c)\n",
	"- [ ] task\n",
	"- [x] done\n",
	"- [\t] tab\n",
	"!![x](y)\n",
}

func TestMDSimpleEqualsGoldmark(t *testing.T) {
	for _, c := range mdSimpleCases {
		checkFastEqualsGoldmark(t, []byte(c), false)
		for i, ok := range simpleTaken(t, []byte(c)) {
			if !ok {
				t.Errorf("%q: block %d declined by the simple path", c, i)
			}
		}
		withDelimiterCap(3, func() { checkFastEqualsGoldmark(t, []byte(c), false) })
	}
	for _, c := range mdSimpleDeclined {
		checkFastEqualsGoldmark(t, []byte(c), false)
		if taken := simpleTaken(t, []byte(c)); len(taken) != 1 || taken[0] {
			t.Errorf("%q: simple path took %v, want one block declined", c, taken)
		}
	}
}

// TestMDSimpleRandomBlocks compares the simple path with goldmark on
// blocks built from the pieces it reads and those next to them (random,
// fixed seed), where the delimiter and label rules meet.
func TestMDSimpleRandomBlocks(t *testing.T) {
	pieces := []string{"a", "b ", " ", "  ", "é", "*", "**", "***", "_", "__", "`", "``", "[", "]", "](u)",
		"](", ")", "(", "!", "x.", "www.", ":", "$", "&amp;", "\n", "  \n", "\n  ", "\\", "<", "~"}
	rng := rand.New(rand.NewSource(16))
	taken := 0
	for n := 0; n < 4000; n++ {
		var sb strings.Builder
		sb.WriteString("w")
		for l := rng.Intn(16); l >= 0; l-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := []byte(sb.String())
		checkFastEqualsGoldmark(t, src, false)
		if fast, slow := blockCounts(src); fast == 1 && slow == 0 {
			if tk := simpleTaken(t, src); len(tk) == 1 && tk[0] {
				taken++
			}
		}
	}
	if taken < 1000 {
		t.Errorf("the simple path took only %d of 4000 blocks", taken)
	}
}

// TestMDTaskMark checks that the simple path declines every block start
// goldmark's task checkbox pattern could take.
func TestMDTaskMark(t *testing.T) {
	for c := range 256 {
		if gmTaskListRegexp().Match([]byte{'[', byte(c), ']'}) && !mdTaskMark[c] {
			t.Errorf("[%q] is a task checkbox; mdTaskMark misses it", byte(c))
		}
	}
}
