package format

import (
	"reflect"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdMaxDelimiters bounds the emphasis and strikethrough delimiter runs of
// one inline block (paragraph, heading, table cell). goldmark's
// ProcessDelimiters scans the delimiter stack down to its bottom for each
// closer, so a paragraph of 100,000 unmatched runs ("a*a_" repeated)
// costs 10^10 steps; the fast scanner transcribes the same algorithm.
// Past the cap a run of '*', '_' or '~' is not a delimiter: it reads as
// text (and is still checked), so a block's delimiter work is at most
// mdMaxDelimiters², and a document's at most mdMaxDelimiters times its
// runs. Real paragraphs hold a few dozen. A variable only so that tests
// can lower it.
var mdMaxDelimiters = 1000

// mdInlineParsers is parser.DefaultInlineParsers plus the Strikethrough
// extension's parser, with the emphasis and strikethrough parsers capped
// at mdMaxDelimiters delimiter runs per block, and the link parser reading
// reference labels in logarithmic time (linkValued). (Use it instead of
// extension.Strikethrough, whose parser would be uncapped.)
func mdInlineParsers() []util.PrioritizedValue {
	ps := parser.DefaultInlineParsers()
	emphasis, link := reflect.TypeOf(parser.NewEmphasisParser()), reflect.TypeOf(parser.NewLinkParser())
	for i, p := range ps {
		switch reflect.TypeOf(p.Value) {
		case emphasis:
			ps[i].Value = delimCapped{p.Value.(parser.InlineParser)}
		case link:
			ps[i].Value = linkValued{p.Value.(parser.InlineParser)}
		}
	}
	// The priority extension.Strikethrough gives it.
	return append(ps, util.Prioritized(delimCapped{gmStrikethroughParser{}}, 500))
}

// delimCapped is a delimiter parser that parses nothing once its block
// holds mdMaxDelimiters delimiter runs: goldmark then reads the byte as
// text, as the fast scanner does.
type delimCapped struct{ parser.InlineParser }

// delimCount counts the delimiter runs parsed in block.
type delimCount struct {
	block ast.Node
	n     int
}

var mdDelimCountKey = parser.NewContextKey()

func (d delimCapped) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	c, _ := pc.Get(mdDelimCountKey).(*delimCount)
	if c == nil {
		c = &delimCount{}
		pc.Set(mdDelimCountKey, c)
	}
	// goldmark parses one block's inlines at a time, parent being the
	// block.
	if c.block != parent {
		c.block, c.n = parent, 0
	}
	if c.n >= mdMaxDelimiters {
		return nil
	}
	n := d.InlineParser.Parse(parent, block, pc)
	if n != nil {
		c.n++
	}
	return n
}

// linkValued is goldmark's link parser reading its block through
// valueReader: goldmark's blockReader.Value walks back from the block's
// last line at each call, and the link parser calls it for every
// reference link ("[x][r]", "[r]"), so a paragraph of 100,000 lines of
// them costs 10^10 steps. (The fast scanner reads them with blockValues
// already; this is for MDX and the blocks it leaves to goldmark.)
type linkValued struct{ parser.InlineParser }

func (l linkValued) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	return l.InlineParser.Parse(parent, valuesOf(parent, block, pc), pc)
}

func (l linkValued) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	l.InlineParser.(parser.CloseBlocker).CloseBlock(parent, valuesOf(parent, block, pc), pc)
}

var mdValueReaderKey = parser.NewContextKey()

// valuesOf is block, reading parent's lines, with Value by binary search
// (one valueReader per parse, reused: no allocation per link).
func valuesOf(parent ast.Node, block text.Reader, pc parser.Context) text.Reader {
	br, ok := block.(text.BlockReader)
	if !ok {
		return block
	}
	v, _ := pc.Get(mdValueReaderKey).(*valueReader)
	if v == nil {
		v = &valueReader{}
		pc.Set(mdValueReaderKey, v)
	}
	lines := parent.Lines()
	v.BlockReader = br
	v.bv = blockValues{src: block.Source(), lines: lines.Sliced(0, lines.Len())}
	return v
}

// valueReader is a block reader whose Value is blockValues.value, which
// gives what goldmark's gives in time logarithmic in the lines.
type valueReader struct {
	text.BlockReader
	bv blockValues
}

func (r *valueReader) Value(seg text.Segment) []byte { return r.bv.value(seg) }
