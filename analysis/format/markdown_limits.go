package format

import (
	"bytes"
	"reflect"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Bounds on goldmark's block parsing. goldmark finds a line's column by
// scanning the line from its start, once per container (block quote or
// list) it opens or continues on that line, and tries every block parser
// again after each container marker: a line of 100,000 '>' or "- " costs
// 10^10 steps (an hour), and so do lists nested by indentation alone.
// Real documents never nest more than a handful of containers; beyond
// mdMaxContainers nested block quotes and lists, a marker opens nothing
// and reads as text (so the text there is still checked).
const mdMaxContainers = 32

// mdBlockParsers is parser.DefaultBlockParsers with the block quote and list
// parsers capped at mdMaxContainers nested containers.
func mdBlockParsers() []util.PrioritizedValue {
	ps := parser.DefaultBlockParsers()
	quote, list := reflect.TypeOf(parser.NewBlockquoteParser()), reflect.TypeOf(parser.NewListParser())
	for i, p := range ps {
		if t := reflect.TypeOf(p.Value); t == quote || t == list {
			ps[i].Value = depthCapped{p.Value.(parser.BlockParser)}
		}
	}
	return ps
}

// depthCapped is a container's block parser that opens nothing inside
// mdMaxContainers nested block quotes and lists.
type depthCapped struct{ parser.BlockParser }

func (d depthCapped) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for p := parent; p != nil; p = p.Parent() {
		switch p.(type) {
		case *ast.Blockquote, *ast.List:
			if depth++; depth >= mdMaxContainers {
				return nil, parser.NoChildren
			}
		}
	}
	return d.BlockParser.Open(parent, reader, pc)
}

// mdLinkScanBudget bounds, per line, the bytes goldmark's link parser may
// scan for link destinations, as a multiple of the line's length: at each
// "](" it reads a destination up to the next blank (or an unbalanced ')'),
// so a line of 100,000 "[x](" without a blank costs 10^10 steps. A line
// over the budget has its "](" read as text (the '(' taken for a letter
// in goldmark's copy); a real line, links and badges included, is far
// below it.
const mdLinkScanBudget = 64

// tameLinks finds the lines of src whose "](" would make goldmark scan more
// than mdLinkScanBudget times the line's length; with fix set it turns
// their "](" into text in src (a private copy). It reports whether there
// were any. Linear: it jumps from one "](" to the next, and reads each line
// that has one twice, the second time backwards.
func tameLinks(src []byte, fix bool) bool {
	found := false
	noCR := bytes.IndexByte(src, '\r') < 0
	for from := 0; ; {
		k := bytes.Index(src[from:], []byte("]("))
		if k < 0 {
			return found
		}
		at := from + k
		var ls, le int
		if noCR {
			le = bytes.IndexByte(src[at:], '\n')
		} else {
			le = bytes.IndexAny(src[at:], "\r\n")
		}
		if le < 0 {
			le = len(src)
		} else {
			le += at
		}
		// A line of fewer than 2*mdLinkScanBudget bytes has no more "]("
		// than the budget: skipped when a line break close enough before
		// "](" (found forwards: the backward search reads byte by byte)
		// shows it that short.
		if k := 2*mdLinkScanBudget - (le - at); noCR && k > 0 && (at < k || bytes.IndexByte(src[at-k:at], '\n') >= 0) {
			from = le
			continue
		}
		if noCR {
			ls = bytes.LastIndexByte(src[:at], '\n') + 1
		} else {
			ls = bytes.LastIndexAny(src[:at], "\r\n") + 1
		}
		from = le
		line := src[ls:le]
		// Each scan is at most the line: a line with few "](" is within
		// the budget whatever they are.
		if bytes.Count(line, []byte("](")) <= mdLinkScanBudget {
			continue
		}
		// The scan from each "](" ends at most at the next blank.
		cost, next := 0, len(line)
		for i := len(line) - 1; i > 0; i-- {
			switch line[i] {
			case ' ', '\t':
				next = i
			case '(':
				if line[i-1] == ']' {
					cost += next - i
				}
			}
		}
		if cost <= mdLinkScanBudget*len(line)+4096 {
			continue
		}
		if !fix {
			return true
		}
		found = true
		for i := 1; i < len(line); i++ {
			if line[i] == '(' && line[i-1] == ']' {
				line[i] = 'x'
			}
		}
	}
}
