package format

import (
	"bytes"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The fast block scanner. goldmark's block phase (parser.parseBlocks)
// costs about as much as the fast inline scanner does on a whole document:
// a node per block, a segment slice per paragraph, and every block parser
// tried at every line. Most of a real document is a handful of block
// kinds, which readSegment reads line by line itself, as goldmark reads them:
//
//   - paragraphs, with lazy and indented continuation lines;
//   - ATX headings;
//   - fenced code blocks (skipped) opened at the start of a line;
//   - bullet list items ("- ", "* " or "+ " and text on the marker's
//     line), nested by indentation up to mdMaxItems deep, and their
//     continuation lines;
//   - block quotes ("> " and text) and their lazy continuation lines.
//
// Each leaf block's lines are exactly the segments goldmark's block
// parsers give it (the paragraph's lines trimmed on the left, the last
// one on the right too), so the fast inline scanner reads it exactly as
// it reads goldmark's block.
//
// The document is cut in segments where format.Split would cut it, at
// blank lines no construct continues across; a segment's blocks are read
// first and scoped once none of them is left to goldmark. A segment
// holding anything else — an indented line that neither continues a
// paragraph nor is a list item, a tab in a line's indentation or after a
// container marker, a setext underline, thematic break, table delimiter
// row, ordered list, HTML block, a quote or heading or fence inside a
// container, a blank line inside a container, a block the inline scanner
// declines — goes to goldmark, parsed in place from the segment's start
// to where Split cuts next (so that offsets are the document's). A whole
// document goes to goldmark when it has a "\r" or a "]:" (a link
// reference definition, which links in any segment may use).

// mdBlockState is the fast block scanner's state between documents.
type mdBlockState struct {
	lines  []text.Segment // of the segment's blocks
	leaves []mdLeaf       // the segment's blocks
	pc     parser.Context
	// fast and slow count the segments scanned and those left to goldmark
	// (tests).
	fast, slow int
}

// mdContainer is what holds the open paragraph.
type mdContainer uint8

const (
	mdTop mdContainer = iota
	mdItem
	mdQuote
)

// mdItemOffset is the content column of the list items the scanner reads:
// a one-byte marker and one space.
const mdItemOffset = 2

// scopeBlocks scopes m.src with the fast block scanner where it can and
// goldmark elsewhere. It reports false, having done nothing, when the
// whole document must go to goldmark.
func (m *mdScoper) scopeBlocks() bool {
	src := m.src
	if len(src) == 0 || bytes.IndexByte(src, '\r') >= 0 || bytes.Contains(src, []byte("]:")) {
		return false
	}
	if m.blocks == nil {
		m.blocks = &mdBlockState{}
	}
	st := m.blocks
	slow := -1 // start of the run of segments left to goldmark
	for pos := 0; pos < len(src); {
		chunks, comments := len(m.sc.Chunks), len(m.sc.Comments)
		if next, ok := m.scanSegment(pos); ok {
			st.fast++
			if slow >= 0 {
				m.goldmarkRange(slow, pos)
				slow = -1
			}
			pos = next
			continue
		}
		st.slow++
		m.sc.Chunks, m.sc.Comments = m.sc.Chunks[:chunks], m.sc.Comments[:comments]
		if slow < 0 {
			slow = pos
		}
		// The segment goes on to where Split would cut next.
		_, next, ok := Split(KindMarkdown, src, pos, 0, func(int) bool { return true })
		if !ok || next < 0 {
			break
		}
		pos = next
	}
	if slow >= 0 {
		m.goldmarkRange(slow, len(src))
	}
	return true
}

// goldmarkRange scopes src[start:end], segments of the document, with
// goldmark (and the fast inline scanner), reading the document from start
// so that every offset is the document's.
func (m *mdScoper) goldmarkRange(start, end int) {
	r := text.NewReader(m.src[:end])
	r.SetPosition(-1, text.NewSegment(start, start))
	r.AdvanceLine()
	pc := parser.NewContext()
	pc.Set(mdScoperKey, m)
	m.block(mdParser().Parse(r, parser.WithContext(pc)))
}

// scanSegment scopes the segment of the document starting at start with
// the fast block scanner and returns where the next segment starts: after
// blank lines, at a line that does not start with white space and that no
// open block continues to — a cut format.Split would make too. It reports
// false if the segment holds a block the scanner leaves to goldmark
// (having maybe added chunks and comments, which the caller drops).
//
// The segment's blocks are read first and scoped once it is known that
// none is left to goldmark.
func (m *mdScoper) scanSegment(start int) (int, bool) {
	next, ok := m.readSegment(start)
	st := m.blocks
	if ok {
		for _, b := range st.leaves {
			if !m.fastBlock(st.lines[b.lo:b.hi], b.scope, b.taskOK) {
				ok = false
				break
			}
		}
	}
	st.lines, st.leaves = st.lines[:0], st.leaves[:0]
	return next, ok
}

// mdLeaf is a paragraph or heading read by readSegment: its lines are
// mdBlockState.lines[lo:hi].
type mdLeaf struct {
	lo, hi int
	scope  rules.Scope
	taskOK bool // the first block of a list item
}

// mdMaxItems bounds the nesting of the list items the scanner reads, well
// below goldmark's cap (mdMaxContainers).
const mdMaxItems = 8

// readSegment reads the blocks of the segment starting at start into
// m.blocks.leaves and returns where the next segment starts, or false if
// the segment holds a block it leaves to goldmark.
func (m *mdScoper) readSegment(start int) (int, bool) {
	src := m.src
	end := len(src)
	st := m.blocks
	var (
		open     bool // a paragraph is open, in container in
		in       mdContainer
		para     int // the open paragraph's first line in st.lines
		items    [mdMaxItems]int
		nItems   int  // in == mdItem: the open list items' content columns
		fence    byte // an open fenced code block's character
		fenceLen int
		blank    bool // the last line was blank (outside a fence)
	)
	// closePara ends the open paragraph, if any.
	closePara := func() {
		if !open {
			return
		}
		open = false
		n := len(st.lines) - 1
		st.lines[n] = st.lines[n].TrimRightSpace(src)
		st.leaves = append(st.leaves, mdLeaf{lo: para, hi: len(st.lines), scope: rules.ScopeProse, taskOK: in == mdItem})
	}
	openPara := func(c mdContainer, seg text.Segment) {
		closePara()
		in, open, para = c, true, len(st.lines)
		st.lines = append(st.lines, seg)
	}
	for ls := start; ls < end; {
		next := end
		if i := bytes.IndexByte(src[ls:end], '\n'); i >= 0 {
			next = ls + i + 1
		}
		line := src[ls:next]
		if fence != 0 {
			if isFenceClose(line, fence, fenceLen) {
				fence = 0
			}
			ls = next
			continue
		}
		if util.IsBlank(line) {
			closePara()
			in, blank = mdTop, true
			ls = next
			continue
		}
		if blank && line[0] != ' ' && line[0] != '\t' {
			return ls, true // a cut
		}
		blank = false
		w := 0
		for line[w] == ' ' {
			w++
		}
		if line[w] == '\t' || w > 0 && !open {
			return 0, false
		}
		rest := line[w:]
		// The open list items this line continues, and its indentation
		// past the innermost of them.
		d, rel := 0, w
		if in == mdItem {
			for d < nItems && items[d] <= w {
				d++
			}
			if d > 0 {
				rel = w - items[d-1]
			}
		}
		if open && (rel >= 4 || mdPlainStart(rest)) {
			// A continuation line (lazy or not) of the open paragraph:
			// nothing else can start here.
			st.lines = append(st.lines, text.NewSegment(ls+w, next))
			ls = next
			continue
		}
		switch c := rest[0]; {
		case w > 0 && !((c == '-' || c == '*' || c == '+') && isBulletStart(rest)):
			return 0, false // only a list item may be indented here
		case c == '#' && !mdPlainStart(rest):
			// An ATX heading.
			closePara()
			in = mdTop
			if seg, ok := atxHeadingLine(src, ls, next); ok {
				st.leaves = append(st.leaves, mdLeaf{lo: len(st.lines), hi: len(st.lines) + 1, scope: rules.ScopeHeadings})
				st.lines = append(st.lines, seg)
			}
		case (c == '`' || c == '~') && !mdPlainStart(rest):
			closePara()
			in = mdTop
			fence = c
			for fenceLen = 0; fenceLen < len(line) && line[fenceLen] == c; fenceLen++ {
			}
		case (c == '-' || c == '*' || c == '+') && isBulletStart(rest):
			// A list item ("- " and the first line of its paragraph), in
			// the innermost item the line continues, or a sibling of the
			// next one.
			k := w + mdItemOffset
			if len(line) <= k || line[w+1] != ' ' || !mdPlainStart(line[k:]) || d >= mdMaxItems {
				return 0, false
			}
			if in != mdItem {
				d = 0
			}
			openPara(mdItem, text.NewSegment(ls+k, next))
			items[d], nItems = k, d+1
		case c == '>':
			// A block quote line: "> " or ">" and paragraph text.
			k := 1
			if k < len(line) && line[k] == ' ' {
				k++
			}
			if k >= len(line) || !mdPlainStart(line[k:]) {
				return 0, false
			}
			seg := text.NewSegment(ls+k, next)
			if open && in == mdQuote {
				st.lines = append(st.lines, seg)
			} else {
				openPara(mdQuote, seg)
			}
		default:
			if !mdPlainStart(line) {
				return 0, false
			}
			openPara(mdTop, text.NewSegment(ls, next))
		}
		ls = next
	}
	if fence != 0 {
		return 0, false // open to the end: goldmark decides
	}
	closePara()
	return end, true
}

// fastBlock scopes a paragraph or heading of the given lines (goldmark's
// segments) with the fast inline scanner, as mdFastParser.Parse does;
// taskOK: it is the first block of a list item. It reports false if the
// scanner declines the block.
func (m *mdScoper) fastBlock(lines []text.Segment, scope rules.Scope, taskOK bool) bool {
	st := m.blocks
	m.lines = lines
	if scope == rules.ScopeProse {
		first, last := lines[0], lines[len(lines)-1]
		if isDisplayMath(m.src[first.Start:last.Stop]) {
			return true // dropped
		}
	}
	if m.fast == nil {
		m.fast = mdFastPool.Get().(*mdFast)
	}
	if st.pc == nil {
		st.pc = parser.NewContext()
	}
	f := m.fast
	if m.simpleBlock(f, scope, taskOK) {
		return true
	}
	f.reset(m.src, st.pc)
	f.bv = blockValues{src: m.src, lines: lines}
	f.taskOK = taskOK
	f.rd.reset(m.src, lines)
	if !f.parseInline(&f.rd) {
		return false
	}
	m.fastEmit(scope)
	return true
}

// isDisplayMath reports whether a paragraph's text is display math,
// "$$...$$", which is not scoped.
func isDisplayMath(v []byte) bool {
	body := bytes.TrimSpace(v)
	return len(body) >= 4 && bytes.HasPrefix(body, []byte("$$")) && bytes.HasSuffix(body, []byte("$$"))
}

// mdPlainStart reports whether t, a non-blank line or what follows a
// container marker, starts nothing but paragraph text: no block goldmark
// could open or a paragraph transformer could see there (false may be a
// decline of what would be text).
func mdPlainStart(t []byte) bool {
	switch c := t[0]; c {
	case ' ', '\t', '\n', '>', '<', '=':
		return false
	case '#':
		return !isATXHeading(t)
	case '`', '~':
		return !isFenceOpen(t)
	case '-', '*', '+', '_':
		if c != '_' && isBulletStart(t) || onlyByteAndSpace(t, c) {
			return false
		}
		return c != '-' || !isTableDelimLike(t)
	case '|', ':':
		return !isTableDelimLike(t)
	}
	if isDigit(t[0]) {
		i := 0
		for i < len(t) && isDigit(t[i]) {
			i++
		}
		if i <= 9 && i < len(t) && (t[i] == '.' || t[i] == ')') && (i+1 == len(t) || util.IsSpace(t[i+1])) {
			return false // an ordered list item
		}
	}
	return true
}

// isBulletStart reports whether t starts with a bullet list marker: '-',
// '*' or '+' then white space or the end of the line.
func isBulletStart(t []byte) bool {
	return len(t) == 1 || t[1] == ' ' || t[1] == '\t' || t[1] == '\n'
}

// onlyByteAndSpace reports whether t holds nothing but c and white space
// (a thematic break or a setext underline, or a line like one).
func onlyByteAndSpace(t []byte, c byte) bool {
	for _, b := range t {
		if b != c && !util.IsSpace(b) {
			return false
		}
	}
	return true
}

// isTableDelimLike reports whether t could be a table's delimiter row:
// nothing but '-', '|', ':' and white space.
func isTableDelimLike(t []byte) bool {
	for _, b := range t {
		if b != '-' && b != '|' && b != ':' && !util.IsSpace(b) {
			return false
		}
	}
	return true
}

// isATXHeading reports whether line starts an ATX heading (1 to 6 '#'
// then white space or the end of the line), with or without text.
func isATXHeading(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == '#' {
		i++
	}
	return i >= 1 && i <= 6 && (i == len(line) || util.IsSpace(line[i]))
}

// atxHeadingLine is goldmark's atxHeadingParser.Open for src[ls:le], a
// line starting with '#': the heading's line, and ok false if it is not a
// heading or has no text.
func atxHeadingLine(src []byte, ls, le int) (text.Segment, bool) {
	line := src[ls:le]
	i := 0
	for ; i < len(line) && line[i] == '#'; i++ {
	}
	level := i
	if i == 0 || level > 6 || i == len(line) {
		return text.Segment{}, false
	}
	l := util.TrimLeftSpaceLength(line[i:])
	if l == 0 {
		return text.Segment{}, false
	}
	start := min(i+l, len(line)-1)
	hl := text.NewSegment(ls+start, ls+len(line))
	hl = hl.TrimRightSpace(src)
	if hl.Len() == 0 {
		return text.Segment{}, false
	}
	v := hl.Value(src)
	stop := len(v)
	i = stop - 1
	for ; v[i] == '#' && i > 0; i-- {
	}
	if i == 0 && v[0] == '#' {
		return text.Segment{}, false // "### ###"
	}
	if i != stop-1 && util.IsSpace(v[i]) {
		stop = i
		stop -= util.TrimRightSpaceLength(v[0:stop])
	}
	hl.Stop = hl.Start + stop
	return hl, true
}

// isFenceOpen is goldmark's fencedCodeBlockParser.Open for a line with
// no indentation.
func isFenceOpen(line []byte) bool {
	c := line[0]
	i := 0
	for i < len(line) && line[i] == c {
		i++
	}
	if i < 3 {
		return false
	}
	if c == '`' && i < len(line)-1 {
		rest := line[i:]
		left := util.TrimLeftSpaceLength(rest)
		right := util.TrimRightSpaceLength(rest)
		if left < len(rest)-right && bytes.IndexByte(rest[left:len(rest)-right], '`') >= 0 {
			return false
		}
	}
	return true
}

// isFenceClose is goldmark's fencedCodeBlockParser.Continue test for the
// closing line of a fence of n characters c opened at the start of a line.
func isFenceClose(line []byte, c byte, n int) bool {
	w, pos := util.IndentWidth(line, 0)
	if w >= 4 {
		return false
	}
	i := pos
	for i < len(line) && line[i] == c {
		i++
	}
	return i-pos >= n && util.IsBlank(line[i:])
}
