package format

import (
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// transformLinkRefs is goldmark's linkReferenceParagraphTransformer
// (parser/link_ref.go, goldmark v1.8.7), with the same results, in work
// linear in the paragraph's lines.
func transformLinkRefs(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	var block mdReader
	block.reset(reader.Source(), lines.Sliced(0, lines.Len()))
	bv := blockValues{src: reader.Source(), lines: lines.Sliced(0, lines.Len())}
	var removes [][2]int
	for {
		ref, start, end := parseLinkRefDefinition(&block, bv, pc)
		if start < 0 {
			break
		}
		if start == 0 {
			ref.SetBlankPreviousLines(node.HasBlankPreviousLines())
		}
		node.Parent().InsertBefore(node.Parent(), node, ref)
		for i := start + 1; i < end; i++ {
			ref.Lines().Append(lines.At(i))
		}
		seg := ref.Lines().At(ref.Lines().Len() - 1)
		ref.Lines().Set(ref.Lines().Len()-1, seg.TrimRightSpace(reader.Source()))
		if start == end {
			end++
		}
		removes = append(removes, [2]int{start, end})
	}
	if len(removes) == 0 {
		return
	}
	kept := removeLinkRefLines(lines.Sliced(0, lines.Len()), removes)
	if len(kept) == 0 {
		node.Parent().RemoveChild(node.Parent(), node)
		return
	}
	lines.SetSliced(0, 0)
	lines.AppendAll(kept)
	node.SetLines(lines)
}

// removeLinkRefLines computes what goldmark's loop
//
//	offset := 0
//	for _, remove := range removes {
//		if lines.Len() == 0 { break }
//		s := lines.Sliced(remove[1]-offset, lines.Len())
//		lines.SetSliced(0, remove[0]-offset)
//		lines.AppendAll(s)
//		offset = remove[1]
//	}
//
// leaves of all, index arithmetic included, without copying the remaining
// lines at each step: the current lines are head followed by all[t:].
func removeLinkRefLines(all []text.Segment, removes [][2]int) []text.Segment {
	var head []text.Segment
	t := 0
	offset := 0
	for _, r := range removes {
		n := len(head) + len(all) - t
		if n == 0 {
			break
		}
		a := min(max(r[0]-offset, 0), n)
		b := min(max(r[1]-offset, a), n)
		h := len(head)
		switch {
		case b <= h:
			head = append(head[:a], head[b:]...)
		case a <= h:
			head = head[:a]
			t += b - h
		default:
			head = append(head, all[t:t+a-h]...)
			t += b - h
		}
		offset = r[1]
	}
	return append(head, all[t:]...)
}

// parseLinkRefDefinition is goldmark's parseLinkReferenceDefinition.
func parseLinkRefDefinition(block *mdReader, bv blockValues, pc parser.Context) (*ast.LinkReferenceDefinition, int, int) {
	block.SkipSpaces()
	line, _ := block.PeekLine()
	if line == nil {
		return nil, -1, -1
	}
	startLine, _ := block.Position()
	width, pos := util.IndentWidth(line, 0)
	if width > 3 {
		return nil, -1, -1
	}
	if width != 0 {
		pos++
	}
	if line[pos] != '[' {
		return nil, -1, -1
	}
	_, startPos := block.Position()
	block.Advance(pos + 1)
	segments, found := block.FindClosure('[', ']', linkFindClosureOptions)
	if !found {
		return nil, -1, -1
	}
	var label []byte
	if segments.Len() == 1 {
		label = bv.value(segments.At(0))
	} else {
		for i := range segments.Len() {
			label = append(label, bv.value(segments.At(i))...)
		}
	}
	if util.IsBlank(label) {
		return nil, -1, -1
	}
	if block.Peek() != ':' {
		return nil, -1, -1
	}
	block.Advance(1)
	block.SkipSpaces()
	destination, ok := linkRefDestination(block)
	if !ok {
		return nil, -1, -1
	}
	line, _ = block.PeekLine()
	isNewLine := line == nil || util.IsBlank(line)

	endLine, _ := block.Position()
	_, spaces, _ := block.SkipSpaces()
	opener := block.Peek()
	define := func(title []byte) *ast.LinkReferenceDefinition {
		ref := ast.NewLinkReferenceDefinition(label, destination, title)
		ref.Lines().Append(startPos)
		pc.AddReference(parser.NewReference(label, destination, title))
		return ref
	}
	if opener != '"' && opener != '\'' && opener != '(' {
		if !isNewLine {
			return nil, -1, -1
		}
		return define(nil), startLine, endLine + 1
	}
	if spaces == 0 {
		return nil, -1, -1
	}
	block.Advance(1)
	closer := opener
	if opener == '(' {
		closer = ')'
	}
	segments, found = block.FindClosure(opener, closer, linkFindClosureOptions)
	if !found {
		if !isNewLine {
			return nil, -1, -1
		}
		ref := define(nil)
		block.AdvanceLine()
		return ref, startLine, endLine + 1
	}
	var title []byte
	if segments.Len() == 1 {
		title = bv.value(segments.At(0))
	} else {
		for i := range segments.Len() {
			title = append(title, bv.value(segments.At(i))...)
		}
	}
	line, _ = block.PeekLine()
	if line != nil && !util.IsBlank(line) {
		if !isNewLine {
			return nil, -1, -1
		}
		return define(title), startLine, endLine
	}
	endLine, _ = block.Position()
	return define(title), startLine, endLine + 1
}

// linkRefDestination is goldmark's parseLinkDestination.
func linkRefDestination(block *mdReader) ([]byte, bool) {
	block.SkipSpaces()
	line, _ := block.PeekLine()
	if block.Peek() == '<' {
		i := 1
		for i < len(line) {
			c := line[i]
			if c == '\\' && i < len(line)-1 && util.IsPunct(line[i+1]) {
				i += 2
				continue
			} else if c == '>' {
				block.Advance(i + 1)
				return line[1:i], true
			}
			i++
		}
		return nil, false
	}
	opened := 0
	i := 0
	for i < len(line) {
		// Bytes with no meaning here, in a run.
		for i < len(line) && !mdDestSpecial[line[i]] {
			i++
		}
		if i == len(line) {
			break
		}
		c := line[i]
		if c == '\\' && i < len(line)-1 && util.IsPunct(line[i+1]) {
			i += 2
			continue
		} else if c == '(' {
			opened++
		} else if c == ')' {
			opened--
			if opened < 0 {
				break
			}
		} else if util.IsSpace(c) {
			break
		}
		i++
	}
	block.Advance(i)
	return line[:i], len(line[:i]) != 0
}

// mdDestSpecial marks the bytes linkRefDestination looks at in an
// unbracketed destination: '\\', '(', ')' and white space.
var mdDestSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '\\' || c == '(' || c == ')' || util.IsSpace(byte(c))
	}
	return
}()

// blockValues is text.Reader.Value for the block reader of a block's lines,
// finding a segment's line by binary search: goldmark's blockReader.Value
// walks back from the block's last line, once per call, which is
// quadratic in a paragraph of 100,000 lines of link reference definitions
// or reference links.
type blockValues struct {
	src   []byte
	lines []text.Segment
}

// longerThan reports whether value(seg) would be longer than max bytes,
// in time bounded by max (a block's lines are not empty).
func (bv blockValues) longerThan(seg text.Segment, max int) bool {
	n := 0
	bv.pieces(seg, func(s text.Segment, from, to int) bool {
		n += s.Padding + to - from
		return n <= max
	})
	return n > max
}

func (bv blockValues) value(seg text.Segment) []byte {
	ret := make([]byte, 0, seg.Stop-seg.Start+1)
	bv.pieces(seg, func(s text.Segment, from, to int) bool {
		ret = s.ConcatPadding(ret)
		ret = append(ret, bv.src[from:to]...)
		return true
	})
	return ret
}

// pieces calls each, until it returns false, for the block's lines that
// value(seg) takes text from, in order, with the bytes [from, to) it
// takes from each (maybe none; the line's padding goes before them).
func (bv blockValues) pieces(seg text.Segment, each func(s text.Segment, from, to int) bool) {
	// The last line starting at or before seg.Start.
	line := sort.Search(len(bv.lines), func(i int) bool { return bv.lines[i].Start > seg.Start }) - 1
	i := seg.Start
	for ; line < len(bv.lines); line++ {
		s := bv.lines[line]
		if i < 0 {
			i = s.Start
		}
		if !each(s, i, max(i, min(seg.Stop, s.Stop))) {
			return
		}
		i = -1
		if s.Stop > seg.Stop {
			break
		}
	}
}
