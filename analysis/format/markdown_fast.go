package format

import (
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The fast inline scanner. goldmark parses the block structure of a
// Markdown document (paragraphs, headings, lists, quotes, tables, code
// blocks, link reference definitions); its inline phase is where most of
// its time goes, in allocating and linking an ast.Node per piece of text.
//
// mdFastParser is an inline parser registered ahead of goldmark's own for
// every character that can start a line. At the first character of a
// paragraph, heading or table cell it scans the whole block itself and
// hands goldmark back one marker node (mdFastDone), so goldmark's inline
// parsers never run on that block. The scanner is a transcription of
// goldmark's inline parsing (parser.parseBlock and the code span, link,
// autolink, raw HTML, emphasis, strikethrough and task checkbox parsers,
// with goldmark's own quirks) onto a small index-linked tree in a reused
// arena, and it reads the block through mdReader, goldmark's block reader
// copied as a concrete type (markdown_reader.go), so it reads the block
// exactly as goldmark does. The tree is then turned into the chunk the way
// mdScoper.inline turns goldmark's AST into one. Blocks of the fast block
// scanner holding only text, emphasis, code spans and plain inline links
// take a shorter path still (markdown_simple.go).
//
// MDX documents, display math paragraphs and blocks without any trigger
// (see mdFastTriggers) go through goldmark's inline parsers and
// mdScoper.inline as before.

var mdScoperKey = parser.NewContextKey()

// linkRefTransformer is parser.LinkReferenceParagraphTransformer, run only
// on the paragraphs that can start with a link reference definition: those
// whose first line starts, after white space, with '['. On others
// goldmark's transformer changes nothing, after allocating a block reader.
// It is a transcription of goldmark's (markdown_linkref.go) that
// removes the definitions' lines from the paragraph in one pass: goldmark
// copies the paragraph's remaining lines once per definition, quadratic in
// a paragraph of 100,000 definitions.
type linkRefTransformer struct{}

func (linkRefTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := node.Lines(); lines.Len() > 0 {
		first := lines.At(0)
		src := reader.Source()
		i := first.Start
		for i < first.Stop && util.IsSpace(src[i]) {
			i++
		}
		if i < first.Stop && src[i] != '[' {
			return
		}
	}
	transformLinkRefs(node, reader, pc)
}

// mdFastDone is the single inline child of a block the fast scanner did.
type mdFastDone struct{ ast.BaseInline }

var kindMDFastDone = ast.NewNodeKind("GuardrailFastDone")

func (n *mdFastDone) Kind() ast.NodeKind            { return kindMDFastDone }
func (n *mdFastDone) Dump(source []byte, level int) {}

// isFastDone reports whether the fast scanner did block n: it holds the
// marker, or nothing (the marker moved on to a later block).
func (m *mdScoper) isFastDone(n ast.Node) bool {
	if m.mdx {
		return false // parsed without the fast scanner
	}
	c := n.FirstChild()
	if c == nil {
		return n.Lines().Len() > 0
	}
	_, ok := c.(*mdFastDone)
	return ok
}

// mdFastTriggers are goldmark's own inline triggers and ' ', which stands
// for white space and for any non-punctuation at the start of a line, so
// that the scanner is called early in nearly every block (not in one like
// "&amp;", with neither). Being called cuts goldmark's text nodes where goldmark alone does
// not (before blanks ending a line), which matters only in blocks the
// scanner declines: display math paragraphs, whose text is dropped anyway.
// (MDX documents use a parser without the scanner.)
var mdFastTriggers = []byte{' ', '`', '!', '[', ']', '<', '*', '_', '~'}

type mdFastParser struct{}

func (mdFastParser) Trigger() []byte { return mdFastTriggers }

// hasRefs reports whether pc holds link reference definitions (all are
// known before inline parsing starts), asked once per context.
func (m *mdScoper) hasRefs(pc parser.Context) bool {
	if m.refsOf != pc {
		m.refsOf, m.refs = pc, len(pc.References()) > 0
	}
	return m.refs
}

// Parse takes the whole block when nothing but plain text has been parsed
// in it yet: it starts again from the block's start and drops that text.
func (mdFastParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	m, _ := pc.Get(mdScoperKey).(*mdScoper)
	if m == nil || m.mdx || m.declined == parent {
		return nil
	}
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); !ok || t.IsRaw() {
			return nil
		}
	}
	lines := parent.Lines()
	if lines.Len() == 0 {
		return nil
	}
	var scope rules.Scope
	switch parent.(type) {
	case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
		scope = rules.ScopeProse
	case *ast.Heading:
		scope = rules.ScopeHeadings
	default:
		m.declined = parent
		return nil
	}
	m.lines = lines.Sliced(0, lines.Len())
	if scope == rules.ScopeProse {
		first, last := m.lines[0], m.lines[len(m.lines)-1]
		body := bytes.TrimSpace(m.src[first.Start:last.Stop])
		if bytes.HasPrefix(body, []byte("$$")) && bytes.HasSuffix(body, []byte("$$")) && len(body) >= 4 {
			m.declined = parent // display math: inlineBlock drops it
			return nil
		}
	}
	if m.fast == nil {
		m.fast = mdFastPool.Get().(*mdFast)
	}
	f := m.fast
	f.reset(m.src, pc)
	f.refs = m.hasRefs(pc)
	f.bv = blockValues{src: m.src, lines: m.lines}
	if p := parent.Parent(); p != nil && p.FirstChild() == parent {
		_, f.taskOK = p.(*ast.ListItem)
	}
	f.rd.reset(m.src, m.lines)
	if !f.parseInline(&f.rd) {
		m.declined = parent
		return nil
	}
	// goldmark's reader goes where the scanner's went: past the block.
	block.SetPosition(f.rd.Position())
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.RemoveChild(parent, c)
		c = next
	}
	m.fastEmit(scope)
	// One marker serves the whole document: appended to the next block it
	// leaves this one, which then has no inline children at all, unlike
	// any block with lines that goldmark's inline parsers have done.
	if m.done == nil {
		m.done = &mdFastDone{}
	}
	return m.done
}

// fastEmit turns the tree the fast scanner built for the block of lines
// m.lines into the block's chunk.
func (m *mdScoper) fastEmit(scope rules.Scope) {
	f := m.fast
	first, last := m.lines[0], m.lines[len(m.lines)-1]
	f.narrowFlags(m.src[first.Start:last.Stop])
	m.dollar, m.url = false, false
	m.cur.segs = m.cur.segs[:0]
	m.code = mdHTMLCode{}
	for c := f.n[0].first; c >= 0; c = f.n[c].next {
		f.emit(m, c, &m.cur, true)
	}
	if m.code.open() {
		m.code.see(blockTextEnd(m.src, m.lines))
		m.code.closeIn(&m.cur)
	}
	if m.url {
		m.cur.segs = cutURLs(m.src, m.cur.segs)
	}
	if m.dollar {
		m.cur.segs = cutMath(m.src, m.cur.segs)
	}
	m.cur.take(m.sc, m.src, scope)
}

// narrowFlags sets f.www for the block's text v and drops flagURL from
// f.seen when v holds no "://" and no '@': a ':' alone (common in prose)
// makes no text node hold a URL, and the flags only decide whether emit
// looks at each text node with textFlags.
func (f *mdFast) narrowFlags(v []byte) {
	if f.seen&flagURL != 0 && bytes.IndexByte(v, '@') < 0 && !bytes.Contains(v, []byte("://")) {
		f.seen &^= flagURL
	}
	f.www = f.seen&flagDot != 0 && hasWWW(v)
}

var mdFastPool = sync.Pool{New: func() any { return new(mdFast) }}

// release returns the scanner's arenas to the pool.
func (f *mdFast) release() {
	if f == nil {
		return
	}
	f.src, f.pc, f.bv = nil, nil, blockValues{}
	f.rd = mdReader{}
	mdFastPool.Put(f)
}

type fnKind uint8

const (
	fnBlock fnKind = iota // the block itself (the root, index 0)
	fnText
	fnDelim // emphasis or strikethrough delimiter run
	fnLabel // an open '[' or '![' (goldmark's linkLabelState)
	fnLink
	fnImage
	fnEmph // emphasis or strikethrough
	fnCode
	fnAuto
	fnHTML
	fnCheck // task list checkbox
)

const (
	fnNil      = -1
	fnTypedNil = -2 // a link bottom that is a nil *Delimiter in an interface
)

// fnode is one node of the scanner's tree; links are indices into
// mdFast.n (-1: none).
type fnode struct {
	kind                            fnKind
	soft, hard, raw                 bool
	canOpen, canClose               bool
	isImage, isRef, hasTitle        bool
	char                            byte
	parent, first, last, prev, next int32
	prevD, nextD                    int32 // delimiter list
	lprev, lnext, lfirst, llast     int32 // link label list
	start, stop                     int   // segment
	pos                             int   // Pos(); for code spans and autolinks, the end their children reach
	length, origLen                 int   // delimiter run lengths; for a code span, length is where it ends; for a label, mdFast.links when it opened
	segLo, segHi                    int32 // raw HTML segments in mdFast.segs
	line                            int32 // of a text node ending a line
}

type mdFast struct {
	rd      mdReader // the block's
	sp      []spiece // a simple block's pieces (markdown_simple.go)
	sd      []sdelim // and its delimiter runs
	sdHead  int32    // the first and last runs on the delimiter list
	sdTail  int32
	n       []fnode
	segs    []text.Segment
	bottoms []int32
	src     []byte
	pc      parser.Context

	seen          uint8 // flag bits of the bytes parseInline passed over
	www           bool  // the block holds "www." or "WWW."
	firstD, lastD int32 // delimiter list
	delims        int   // delimiter runs parsed in the block (mdMaxDelimiters)
	lhead         int32 // link label list (goldmark's context value)
	links         int32 // links (not images) made in the block so far
	refs          bool  // pc may hold link reference definitions
	taskOK        bool  // the block is the first child of a list item
	bv            blockValues

	// goldmark's posCaches of failed raw HTML searches
	commentCache, piCache, declCache, cdataCache int
}

func (f *mdFast) reset(src []byte, pc parser.Context) {
	f.n = append(f.n[:0], fnode{kind: fnBlock, parent: -1, first: -1, last: -1, prev: -1, next: -1, prevD: -1, nextD: -1, lprev: -1, lnext: -1, lfirst: -1, llast: -1, pos: -1})
	f.segs = f.segs[:0]
	f.bottoms = f.bottoms[:0]
	f.src, f.pc = src, pc
	f.firstD, f.lastD, f.lhead = -1, -1, -1
	f.links, f.refs = 0, true
	f.delims = 0
	f.taskOK = false
	f.seen, f.www = 0, false
	f.commentCache, f.piCache, f.declCache, f.cdataCache = 0, 0, 0, 0
}

// fnodeNew is a node linked to nothing.
var fnodeNew = fnode{parent: -1, first: -1, last: -1, prev: -1, next: -1, prevD: -1, nextD: -1, lprev: -1, lnext: -1, lfirst: -1, llast: -1, pos: -1}

func (f *mdFast) node(k fnKind, start, stop int) int32 {
	f.n = append(f.n, fnodeNew)
	i := len(f.n) - 1
	nd := &f.n[i]
	nd.kind, nd.start, nd.stop = k, start, stop
	return int32(i)
}

// Tree operations, as goldmark's ast.BaseNode does them.

func (f *mdFast) removeChild(p, v int32) {
	if v < 0 || f.n[v].parent != p {
		return
	}
	prev, next := f.n[v].prev, f.n[v].next
	if prev >= 0 {
		f.n[prev].next = next
	} else {
		f.n[p].first = next
	}
	if next >= 0 {
		f.n[next].prev = prev
	} else {
		f.n[p].last = prev
	}
	f.n[v].parent, f.n[v].prev, f.n[v].next = -1, -1, -1
}

func (f *mdFast) isolate(v int32) {
	if p := f.n[v].parent; p >= 0 {
		f.removeChild(p, v)
	}
}

func (f *mdFast) appendChild(p, v int32) {
	f.isolate(v)
	n := f.n
	pn, vn := &n[p], &n[v]
	if pn.first < 0 {
		pn.first = v
		vn.next, vn.prev = -1, -1
	} else {
		n[pn.last].next = v
		vn.prev = pn.last
	}
	vn.parent = p
	pn.last = v
}

func (f *mdFast) insertBefore(p, v1, insertee int32) {
	if v1 < 0 {
		f.appendChild(p, insertee)
		return
	}
	f.isolate(insertee)
	if f.n[v1].parent == p {
		prev := f.n[v1].prev
		if prev >= 0 {
			f.n[prev].next = insertee
			f.n[insertee].prev = prev
		} else {
			f.n[p].first = insertee
			f.n[insertee].prev = -1
		}
		f.n[insertee].next = v1
		f.n[v1].prev = insertee
		f.n[insertee].parent = p
	}
}

func (f *mdFast) insertAfter(p, v1, insertee int32) {
	f.insertBefore(p, f.n[v1].next, insertee)
}

func (f *mdFast) replaceChild(p, v1, insertee int32) {
	f.insertBefore(p, v1, insertee)
	f.removeChild(p, v1)
}

func (f *mdFast) isText(v int32) bool { return v >= 0 && f.n[v].kind == fnText }

// mergeOrAppendText is ast.MergeOrAppendTextSegment.
func (f *mdFast) mergeOrAppendText(p int32, s text.Segment) {
	last := f.n[p].last
	if f.isText(last) && f.n[last].stop == s.Start && !f.n[last].soft {
		f.n[last].stop = s.Stop
		return
	}
	f.appendChild(p, f.node(fnText, s.Start, s.Stop))
}

// mergeOrReplaceText is ast.MergeOrReplaceTextSegment.
func (f *mdFast) mergeOrReplaceText(p, v int32, start, stop int) {
	prev := f.n[v].prev
	if f.isText(prev) && f.n[prev].stop == start && !f.n[prev].soft {
		f.n[prev].stop = stop
		f.removeChild(p, v)
		return
	}
	f.replaceChild(p, v, f.node(fnText, start, stop))
}

const (
	lineBreakSoft uint8 = 1 << iota
	lineBreakHard
	lineBreakVisible
)

// parseInline is goldmark's parser.parseBlock with the inline parsers of
// mdParser. It reports false if the block must go to goldmark.
func (f *mdFast) parseInline(block *mdReader) bool {
	escaped := false
	source := block.Source()
	for {
	retry:
		line, _ := block.PeekLine()
		if line == nil {
			break
		}
		lineLength := len(line)
		var lineBreakFlags uint8
		hasNewLine := line[lineLength-1] == '\n'
		if ((lineLength >= 3 && line[lineLength-2] == '\\' &&
			line[lineLength-3] != '\\') || (lineLength == 2 && line[lineLength-2] == '\\')) && hasNewLine {
			lineLength -= 2
			lineBreakFlags |= lineBreakHard | lineBreakVisible
		} else if ((lineLength >= 4 && line[lineLength-3] == '\\' && line[lineLength-2] == '\r' &&
			line[lineLength-4] != '\\') || (lineLength == 3 && line[lineLength-3] == '\\' && line[lineLength-2] == '\r')) &&
			hasNewLine {
			lineLength -= 3
			lineBreakFlags |= lineBreakHard | lineBreakVisible
		} else if lineLength >= 3 && line[lineLength-3] == ' ' && line[lineLength-2] == ' ' &&
			hasNewLine {
			lineLength -= 3
			lineBreakFlags |= lineBreakHard
		} else if lineLength >= 4 && line[lineLength-4] == ' ' && line[lineLength-3] == ' ' &&
			line[lineLength-2] == '\r' && hasNewLine {
			lineLength -= 4
			lineBreakFlags |= lineBreakHard
		} else if hasNewLine {
			lineBreakFlags |= lineBreakSoft
		}

		l, startPosition := block.Position()
		n := 0
		for i := 0; i < lineLength; i++ {
			c := line[i]
			if k := mdFastSpecial[c]; k&specialByte == 0 {
				// Not a trigger, '\\' or '\n': goldmark only counts it.
				j, seen := plainRun(&mdFastSpecial, line[:lineLength], i+1)
				f.seen |= seen | k
				n += j - i
				i = j - 1
				escaped = false
				continue
			}
			if c == '\n' {
				break
			}
			if c == '\\' {
				f.seen |= flagProse
			}
			// Spaces and non-punctuation have no parser here, so only
			// punctuation (unescaped, or at the start of a line) triggers.
			if !escaped || i == 0 {
				if mdFastHasParser(c) {
					block.Advance(n)
					n = 0
					savedLine, savedPosition := block.Position()
					if i != 0 {
						_, currentPosition := block.Position()
						f.mergeOrAppendText(0, startPosition.Between(currentPosition))
						_, startPosition = block.Position()
					}
					node := f.parseAt(c, block, savedLine, savedPosition)
					if node == fnTypedNil {
						return false
					}
					if node >= 0 {
						if f.n[node].pos < 0 {
							f.n[node].pos = startPosition.Start
						}
						f.appendChild(0, node)
						goto retry
					}
				}
			}
			if escaped {
				escaped = false
				n++
				continue
			}
			if c == '\\' {
				escaped = true
				n++
				continue
			}
			escaped = false
			n++
		}
		if n != 0 {
			// Up to the end of the block's last line goldmark's block
			// reader advances byte by byte; the same position, set.
			if cl, cur := block.Position(); cur.Padding == 0 && cur.Start+n == cur.Stop {
				cur.Start = cur.Stop
				block.SetPosition(cl, cur)
			} else {
				block.Advance(n)
			}
		}
		currentL, currentPosition := block.Position()
		if l != currentL {
			continue
		}
		diff := startPosition.Between(currentPosition)
		if lineBreakFlags&(lineBreakHard|lineBreakVisible) != lineBreakHard|lineBreakVisible {
			diff = diff.TrimRightSpace(source)
		}
		t := f.node(fnText, diff.Start, diff.Stop)
		f.n[t].line = int32(l)
		f.n[t].soft = lineBreakFlags&lineBreakSoft != 0
		f.n[t].hard = lineBreakFlags&lineBreakHard != 0
		f.appendChild(0, t)
		block.AdvanceLine()
	}
	f.processDelimiters(fnNil)
	// The link parser's CloseBlock: open labels become text.
	for s := f.lhead; s >= 0; {
		next := f.n[s].lnext
		f.removeLabel(s)
		p := f.n[s].parent
		if p < 0 {
			return false
		}
		f.replaceChild(p, s, f.node(fnText, f.n[s].start, f.n[s].stop))
		s = next
	}
	return true
}

func mdFastHasParser(c byte) bool {
	switch c {
	case '`', '!', '[', ']', '<', '*', '_', '~':
		return true
	}
	return false
}

// mdFastSpecial marks with specialByte the bytes parseInline must look
// at: the triggers, '\\' and '\n'. The other bits mark the bytes textFlags
// looks for, so that parseInline can note which of them the block's text
// holds at all.
// plainRun returns where the run of bytes from i of b that class gives no
// specialByte ends, and the class bits of its bytes, eight bytes a step
// while none is special.
func plainRun(class *[256]uint8, b []byte, i int) (int, uint8) {
	var seen uint8
	for ; i+8 <= len(b); i += 8 {
		w := b[i : i+8 : i+8]
		k := class[w[0]] | class[w[1]] | class[w[2]] | class[w[3]] |
			class[w[4]] | class[w[5]] | class[w[6]] | class[w[7]]
		if k&specialByte != 0 {
			break
		}
		seen |= k
	}
	for ; i < len(b); i++ {
		k := class[b[i]]
		if k&specialByte != 0 {
			break
		}
		seen |= k
	}
	return i, seen
}

var mdFastSpecial = func() (t [256]uint8) {
	for _, c := range []byte("`![]<*_~\\\n") {
		t[c] = specialByte
	}
	t['$'] = flagDollar
	t[':'], t['@'] = flagURL, flagURL
	t['.'] = flagDot
	t['&'] = flagProse
	return
}()

const (
	specialByte uint8 = 1 << iota
	flagDollar
	flagURL
	flagDot
	flagProse
)

// parseAt tries the inline parsers for c in goldmark's order. It returns
// the new node, -1 if none parsed (the position restored), or fnTypedNil
// to give up on the block.
func (f *mdFast) parseAt(c byte, block *mdReader, savedLine int, savedPosition text.Segment) int32 {
	node := int32(fnNil)
	switch c {
	case '`':
		node = f.parseCodeSpan(block)
	case '[':
		if node = f.parseTaskCheckBox(block); node == fnNil {
			block.SetPosition(savedLine, savedPosition)
			node = f.parseLink(block)
		}
	case '!', ']':
		node = f.parseLink(block)
	case '<':
		if node = f.parseAutoLink(block); node == fnNil {
			block.SetPosition(savedLine, savedPosition)
			node = f.parseRawHTML(block)
		}
	case '*', '_':
		node = f.parseEmphasis(block)
	case '~':
		node = f.parseStrikethrough(block)
	}
	if node == fnNil {
		block.SetPosition(savedLine, savedPosition)
	}
	return node
}

// parseCodeSpan is goldmark's codeSpanParser.
func (f *mdFast) parseCodeSpan(block *mdReader) int32 {
	line, startSegment := block.PeekLine()
	opener := 0
	for ; opener < len(line) && line[opener] == '`'; opener++ {
	}
	block.Advance(opener)
	l, pos := block.Position()
	// Children (raw text) are tracked as their first start and last stop.
	var firstChild, lastChild text.Segment
	count := 0
	blank := true
	src := f.src
	addChild := func(s text.Segment) {
		if count == 0 {
			firstChild = s
		}
		lastChild = s
		count++
		if blank && !util.IsBlank(src[s.Start:s.Stop]) {
			blank = false
		}
	}
	for {
		line, segment := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			return f.node(fnText, startSegment.Start, startSegment.Start+opener)
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c == '`' {
				oldi := i
				for ; i < len(line) && line[i] == '`'; i++ {
				}
				closure := i - oldi
				if closure == opener && (i >= len(line) || line[i] != '`') {
					segment = segment.WithStop(segment.Start + i - closure)
					if !segment.IsEmpty() {
						addChild(segment)
					}
					block.Advance(i)
					goto end
				}
			}
		}
		addChild(segment)
		block.AdvanceLine()
	}
end:
	node := f.node(fnCode, -1, -1)
	_, after := block.Position()
	// The whole span, backticks included.
	f.n[node].start, f.n[node].length = startSegment.Start, after.Start
	end := -1 // the end its children reach
	if count > 0 {
		end = lastChild.Stop
		// goldmark trims a space from the first and the last child when
		// both have one.
		if !blank && !firstChild.IsEmpty() && isSpaceOrNL(src[firstChild.Start]) &&
			!lastChild.IsEmpty() && isSpaceOrNL(src[lastChild.Stop-1]) {
			end--
		}
	}
	f.n[node].stop = end
	return node
}

func isSpaceOrNL(c byte) bool { return c == ' ' || c == '\n' }

// parseTaskCheckBox is goldmark's taskCheckBoxParser.
func (f *mdFast) parseTaskCheckBox(block *mdReader) int32 {
	if !f.taskOK || f.n[0].first >= 0 {
		return fnNil
	}
	line, _ := block.PeekLine()
	m := gmTaskListRegexp().FindSubmatchIndex(line) // goldmark's pattern, compiled on first use
	if m == nil {
		return fnNil
	}
	block.Advance(m[1])
	return f.node(fnCheck, -1, -1)
}

// parseAutoLink is goldmark's autoLinkParser.
func (f *mdFast) parseAutoLink(block *mdReader) int32 {
	line, segment := block.PeekLine()
	stop := util.FindEmailIndex(line[1:])
	if stop < 0 {
		stop = util.FindURLIndex(line[1:])
	}
	if stop < 0 {
		return fnNil
	}
	stop++
	if stop >= len(line) || line[stop] != '>' {
		return fnNil
	}
	node := f.node(fnAuto, segment.Start+1, segment.Start+stop)
	block.Advance(stop + 1)
	return node
}

// goldmark's raw HTML patterns.
var (
	rawTagnamePattern    = `([A-Za-z][A-Za-z0-9-]*)`
	rawSpaceOrOneNewline = `(?:[ \t]|(?:\r\n|\n){0,1})`
	rawAttributePattern  = `(?:[\r\n \t]+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:[\r\n \t]*=[\r\n \t]*(?:[^\"'=<>` + "`" + `\x00-\x20]+|'[^']*'|"[^"]*"))?)` //nolint:lll
	rawOpenPI            = []byte("<?")
	rawClosePI           = []byte("?>")
	rawOpenCDATA         = []byte("<![CDATA[")
	rawCloseCDATA        = []byte("]]>")
	rawCloseDecl         = []byte(">")
	rawEmptyComment1     = []byte("<!-->")
	rawEmptyComment2     = []byte("<!--->")
	rawOpenComment       = []byte("<!--")
	rawCloseComment      = []byte("-->")
)

// The raw HTML tag regexps, compiled on first use (not at every start).
var (
	rawOpenTagRegexp = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile("^<" + rawTagnamePattern + rawAttributePattern + `*` + rawSpaceOrOneNewline + `*/?>`)
	})
	rawCloseTagRegexp = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile("^</" + rawTagnamePattern + rawSpaceOrOneNewline + `*>`)
	})
)

// parseRawHTML is goldmark's rawHTMLParser.
func (f *mdFast) parseRawHTML(block *mdReader) int32 {
	line, _ := block.PeekLine()
	if len(line) > 1 && util.IsAlphaNumeric(line[1]) {
		return f.parseMultiLineRegexp(rawOpenTagRegexp(), block)
	}
	if len(line) > 2 && line[1] == '/' && util.IsAlphaNumeric(line[2]) {
		return f.parseMultiLineRegexp(rawCloseTagRegexp(), block)
	}
	if bytes.HasPrefix(line, rawOpenComment) {
		return f.parseComment(block)
	}
	if bytes.HasPrefix(line, rawOpenPI) {
		return f.parseUntil(block, rawClosePI, &f.piCache)
	}
	if len(line) > 2 && line[1] == '!' && line[2] >= 'A' && line[2] <= 'Z' {
		return f.parseUntil(block, rawCloseDecl, &f.declCache)
	}
	if bytes.HasPrefix(line, rawOpenCDATA) {
		return f.parseUntil(block, rawCloseCDATA, &f.cdataCache)
	}
	return fnNil
}

func (f *mdFast) htmlNode() int32 {
	node := f.node(fnHTML, -1, -1)
	f.n[node].segLo = int32(len(f.segs))
	f.n[node].segHi = int32(len(f.segs))
	return node
}

func (f *mdFast) htmlAppend(node int32, s text.Segment) {
	f.segs = append(f.segs, s)
	f.n[node].segHi = int32(len(f.segs))
}

func (f *mdFast) parseComment(block *mdReader) int32 {
	savedLine, savedSegment := block.Position()
	line, segment := block.PeekLine()
	if bytes.HasPrefix(line, rawEmptyComment1) {
		node := f.htmlNode()
		f.htmlAppend(node, segment.WithStop(segment.Start+len(rawEmptyComment1)))
		block.Advance(len(rawEmptyComment1))
		return node
	}
	if bytes.HasPrefix(line, rawEmptyComment2) {
		node := f.htmlNode()
		f.htmlAppend(node, segment.WithStop(segment.Start+len(rawEmptyComment2)))
		block.Advance(len(rawEmptyComment2))
		return node
	}
	if segment.Start < f.commentCache {
		return fnNil
	}
	node := f.htmlNode()
	offset := len(rawOpenComment)
	line = line[offset:]
	var lastStop int
	for {
		index := bytes.Index(line, rawCloseComment)
		if index > -1 {
			f.htmlAppend(node, segment.WithStop(segment.Start+offset+index+len(rawCloseComment)))
			block.Advance(offset + index + len(rawCloseComment))
			return node
		}
		offset = 0
		f.htmlAppend(node, segment)
		lastStop = segment.Stop
		block.AdvanceLine()
		line, segment = block.PeekLine()
		if line == nil {
			break
		}
	}
	f.commentCache = lastStop
	block.SetPosition(savedLine, savedSegment)
	return fnNil
}

func (f *mdFast) parseUntil(block *mdReader, closer []byte, cache *int) int32 {
	savedLine, savedSegment := block.Position()
	node := f.htmlNode()
	lastStop := 0
	for {
		line, segment := block.PeekLine()
		if line == nil {
			break
		}
		if segment.Start < *cache {
			block.SetPosition(savedLine, savedSegment)
			return fnNil
		}
		index := bytes.Index(line, closer)
		if index > -1 {
			f.htmlAppend(node, segment.WithStop(segment.Start+index+len(closer)))
			block.Advance(index + len(closer))
			return node
		}
		f.htmlAppend(node, segment)
		lastStop = segment.Stop
		block.AdvanceLine()
	}
	*cache = lastStop
	block.SetPosition(savedLine, savedSegment)
	return fnNil
}

func (f *mdFast) parseMultiLineRegexp(reg *regexp.Regexp, block *mdReader) int32 {
	sline, ssegment := block.Position()
	if !block.Match(reg) {
		return fnNil
	}
	node := f.htmlNode()
	eline, esegment := block.Position()
	block.SetPosition(sline, ssegment)
	for {
		line, segment := block.PeekLine()
		if line == nil {
			break
		}
		l, _ := block.Position()
		start := segment.Start
		if l == sline {
			start = ssegment.Start
		}
		end := segment.Stop
		if l == eline {
			end = esegment.Start
		}
		f.htmlAppend(node, text.NewSegment(start, end))
		if l == eline {
			block.Advance(end - start)
			break
		}
		block.AdvanceLine()
	}
	return node
}

// Delimiters (goldmark's parser/delimiter.go).

func (f *mdFast) scanDelimiter(line []byte, before rune, tilde bool) int32 {
	c := line[0]
	if tilde && c != '~' || !tilde && c != '*' && c != '_' {
		return fnNil
	}
	j := 0
	for ; j < len(line) && c == line[j]; j++ {
	}
	after := rune(' ')
	if j != len(line) {
		if b := line[j]; b < utf8.RuneSelf {
			after = rune(b)
		} else {
			after = util.ToRune(line, j)
		}
	}
	beforeIsPunctuation, beforeIsWhitespace := punctSpace(before)
	afterIsPunctuation, afterIsWhitespace := punctSpace(after)
	isLeft := !afterIsWhitespace &&
		(!afterIsPunctuation || beforeIsWhitespace || beforeIsPunctuation)
	isRight := !beforeIsWhitespace &&
		(!beforeIsPunctuation || afterIsWhitespace || afterIsPunctuation)
	var canOpen, canClose bool
	if c == '_' {
		canOpen = isLeft && (!isRight || beforeIsPunctuation)
		canClose = isRight && (!isLeft || afterIsPunctuation)
	} else {
		canOpen = isLeft
		canClose = isRight
	}
	d := f.node(fnDelim, -1, -1)
	nd := &f.n[d]
	nd.canOpen, nd.canClose = canOpen, canClose
	nd.length, nd.origLen, nd.char = j, j, c
	return d
}

// mdASCIIClass is util.IsPunctRune (classPunct) and util.IsSpaceRune
// (classSpace) for the ASCII runes (TestMDASCIIClass checks it).
var mdASCIIClass = func() (t [utf8.RuneSelf]uint8) {
	for _, c := range []byte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") {
		t[c] = classPunct
	}
	for _, c := range []byte("\t\n\v\f\r ") {
		t[c] = classSpace
	}
	return
}()

const (
	classPunct uint8 = 1 << iota
	classSpace
)

// punctSpace is util.IsPunctRune(r), util.IsSpaceRune(r).
func punctSpace(r rune) (punct, space bool) {
	if r >= 0 && r < utf8.RuneSelf {
		k := mdASCIIClass[r]
		return k&classPunct != 0, k&classSpace != 0
	}
	return util.IsPunctRune(r), util.IsSpaceRune(r)
}

func (f *mdFast) pushDelimiter(d int32) {
	if f.firstD < 0 {
		f.firstD, f.lastD = d, d
		return
	}
	l := f.lastD
	f.lastD = d
	f.n[l].nextD = d
	f.n[d].prevD = l
}

// parseEmphasis and parseStrikethrough are goldmark's parsers as capped
// by delimCapped: past mdMaxDelimiters runs in a block, nothing.
func (f *mdFast) parseEmphasis(block *mdReader) int32 {
	if f.delims >= mdMaxDelimiters {
		return fnNil
	}
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := f.scanDelimiter(line, before, false)
	if d < 0 {
		return fnNil
	}
	f.n[d].start, f.n[d].stop = segment.Start, segment.Start+f.n[d].origLen
	block.Advance(f.n[d].origLen)
	f.pushDelimiter(d)
	f.delims++
	return d
}

func (f *mdFast) parseStrikethrough(block *mdReader) int32 {
	if f.delims >= mdMaxDelimiters {
		return fnNil
	}
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := f.scanDelimiter(line, before, true)
	if d < 0 || f.n[d].origLen > 2 || before == '~' {
		return fnNil
	}
	f.n[d].start, f.n[d].stop = segment.Start, segment.Start+f.n[d].origLen
	block.Advance(f.n[d].origLen)
	f.pushDelimiter(d)
	f.delims++
	return d
}

func (f *mdFast) removeDelimiter(d int32) {
	nd := &f.n[d]
	if nd.prevD < 0 {
		f.firstD = nd.nextD
	} else {
		f.n[nd.prevD].nextD = nd.nextD
		if nd.nextD >= 0 {
			f.n[nd.nextD].prevD = nd.prevD
		}
	}
	if nd.nextD < 0 {
		f.lastD = nd.prevD
	}
	if f.firstD >= 0 {
		f.n[f.firstD].prevD = -1
	}
	if f.lastD >= 0 {
		f.n[f.lastD].nextD = -1
	}
	nd.nextD, nd.prevD = -1, -1
	p := nd.parent
	if p < 0 {
		return
	}
	if nd.length != 0 {
		f.mergeOrReplaceText(p, d, nd.start, nd.stop)
	} else {
		f.removeChild(p, d)
	}
}

func (f *mdFast) clearDelimiters(bottom int32) {
	if f.lastD < 0 {
		return
	}
	for c := f.lastD; c >= 0 && c != bottom; {
		prev := f.n[c].prev
		if f.n[c].kind == fnDelim {
			f.removeDelimiter(c)
		}
		c = prev
	}
}

func (f *mdFast) consume(d int32, n int) {
	f.n[d].length -= n
	f.n[d].stop = f.n[d].start + f.n[d].length
}

func (f *mdFast) calcConsumption(opener, closer int32) int {
	o, c := &f.n[opener], &f.n[closer]
	if (o.canClose || c.canOpen) && (o.origLen+c.origLen)%3 == 0 && c.origLen%3 != 0 {
		return 0
	}
	if o.length >= 2 && c.length >= 2 {
		return 2
	}
	return 1
}

// processDelimiters is goldmark's ProcessDelimiters. bottom is a node,
// fnNil or fnTypedNil.
func (f *mdFast) processDelimiters(bottom int32) {
	lastDelimiter := f.lastD
	if lastDelimiter < 0 {
		return
	}
	closer := int32(-1)
	if bottom != fnNil {
		if bottom != lastDelimiter {
			for c := f.n[lastDelimiter].prev; c >= 0 && c != bottom; c = f.n[c].prev {
				if f.n[c].kind == fnDelim {
					closer = c
				}
			}
		}
	} else {
		closer = f.firstD
	}
	if closer < 0 {
		f.clearDelimiters(bottom)
		return
	}
	for closer >= 0 {
		if !f.n[closer].canClose {
			closer = f.n[closer].nextD
			continue
		}
		consume := 0
		found := false
		maybeOpener := false
		opener := f.n[closer].prevD
		for ; opener >= 0 && opener != bottom; opener = f.n[opener].prevD {
			if f.n[opener].canOpen && f.n[opener].char == f.n[closer].char {
				maybeOpener = true
				consume = f.calcConsumption(opener, closer)
				if consume > 0 {
					found = true
					break
				}
			}
		}
		if !found {
			next := f.n[closer].nextD
			if !maybeOpener && !f.n[closer].canOpen {
				f.removeDelimiter(closer)
			}
			closer = next
			continue
		}
		f.consume(opener, consume)
		f.consume(closer, consume)
		node := f.node(fnEmph, -1, -1)
		f.n[node].pos = f.n[opener].start
		parent := f.n[opener].parent
		child := f.n[opener].next
		for child >= 0 && child != closer {
			next := f.n[child].next
			f.appendChild(node, child)
			child = next
		}
		if parent >= 0 {
			f.insertAfter(parent, opener, node)
		}
		for c := f.n[opener].nextD; c >= 0 && c != closer; {
			next := f.n[c].nextD
			f.removeDelimiter(c)
			c = next
		}
		if f.n[opener].length == 0 {
			f.removeDelimiter(opener)
		}
		if f.n[closer].length == 0 {
			next := f.n[closer].nextD
			f.removeDelimiter(closer)
			closer = next
		}
	}
	f.clearDelimiters(bottom)
}

// Links (goldmark's parser/link.go).

func (f *mdFast) pushLabel(v int32) {
	if f.lhead < 0 {
		f.lhead = v
		f.n[v].lfirst, f.n[v].llast = v, v
		return
	}
	list := f.lhead
	l := f.n[list].llast
	f.n[list].llast = v
	if l >= 0 {
		f.n[l].lnext = v
	}
	f.n[v].lprev = l
}

func (f *mdFast) removeLabel(d int32) {
	if f.lhead < 0 {
		return
	}
	list := f.lhead
	if f.n[d].lprev < 0 {
		list = f.n[d].lnext
		if list >= 0 {
			f.n[list].lfirst = d
			f.n[list].llast = f.n[d].llast
			f.n[list].lprev = -1
			f.lhead = list
		} else {
			f.lhead = -1
		}
	} else {
		f.n[f.n[d].lprev].lnext = f.n[d].lnext
		if f.n[d].lnext >= 0 {
			f.n[f.n[d].lnext].lprev = f.n[d].lprev
		}
	}
	if list >= 0 && f.n[d].lnext < 0 {
		f.n[list].llast = f.n[d].lprev
	}
	f.n[d].lnext, f.n[d].lprev, f.n[d].lfirst, f.n[d].llast = -1, -1, -1, -1
}

func (f *mdFast) labelLength(v int32) int {
	if v < 0 || f.n[v].llast < 0 || f.n[v].lfirst < 0 {
		return 0
	}
	return f.n[f.n[v].llast].stop - f.n[f.n[v].lfirst].start
}

func (f *mdFast) pushBottom() {
	b := f.lastD
	if b < 0 {
		b = fnTypedNil
	}
	f.bottoms = append(f.bottoms, b)
}

func (f *mdFast) popBottom() int32 {
	if len(f.bottoms) == 0 {
		return fnNil
	}
	b := f.bottoms[len(f.bottoms)-1]
	f.bottoms = f.bottoms[:len(f.bottoms)-1]
	return b
}

func (f *mdFast) labelOpen(block *mdReader, pos int, isImage bool) int32 {
	start := pos
	if isImage {
		start--
	}
	s := f.node(fnLabel, start, pos+1)
	f.n[s].isImage = isImage
	f.n[s].length = int(f.links)
	f.pushLabel(s)
	block.Advance(1)
	return s
}

// labelToText turns the label last back into text and drops its bottom.
func (f *mdFast) labelToText(last int32) int32 {
	if p := f.n[last].parent; p >= 0 {
		f.mergeOrReplaceText(p, last, f.n[last].start, f.n[last].stop)
	}
	f.popBottom()
	return fnNil
}

func (f *mdFast) parseLink(block *mdReader) int32 {
	line, segment := block.PeekLine()
	if line[0] == '!' {
		if len(line) > 1 && line[1] == '[' {
			block.Advance(1)
			f.pushBottom()
			return f.labelOpen(block, segment.Start+1, true)
		}
		return fnNil
	}
	if line[0] == '[' {
		f.pushBottom()
		return f.labelOpen(block, segment.Start, false)
	}
	// ']'
	tlist := f.lhead
	if tlist < 0 {
		return fnNil
	}
	last := f.n[tlist].llast
	if last < 0 {
		f.popBottom()
		return fnNil
	}
	block.Advance(1)
	f.removeLabel(last)
	if f.labelLength(tlist) > 998 {
		return f.labelToText(last)
	}
	if !f.n[last].isImage && f.containsLink(last) {
		return f.labelToText(last)
	}
	c := block.Peek()
	l, pos := block.Position()
	link := int32(fnNil)
	switch c {
	case '(':
		link = f.parseInlineLink(last, block)
	case '[':
		var hasValue bool
		link, hasValue = f.parseReferenceLink(last, block)
		if link < 0 && hasValue {
			return f.labelToText(last)
		}
	}
	if link < 0 {
		// maybe a shortcut reference link
		block.SetPosition(l, pos)
		ssegment := text.NewSegment(f.n[last].stop, segment.Start)
		// goldmark builds the label's value and gives up past 999
		// bytes or when no definition has it; with no definitions, or
		// a value over 999 bytes, it is not built (in a deeply nested
		// label, building each would take quadratic time).
		if !f.refs || f.bv.longerThan(ssegment, 999) {
			return f.labelToText(last)
		}
		maybeReference := f.bv.value(ssegment)
		if _, ok := f.pc.Reference(util.ToLinkReference(maybeReference)); !ok {
			return f.labelToText(last)
		}
		link = f.node(fnLink, -1, -1)
		f.processLinkLabel(link, last)
		f.n[link].isRef = true
	}
	if f.n[last].isImage {
		f.n[link].kind = fnImage
	} else {
		f.links++
	}
	if p := f.n[last].parent; p >= 0 {
		f.removeChild(p, last)
	}
	f.n[link].pos = f.n[last].start
	return link
}

// containsLink reports whether a link follows the label n among its
// siblings or inside them, as goldmark's containsLink finds by walking
// them (quadratic time in nested labels): every link made since n opened
// lies there, as links are only made from labels opened after n (which
// follow it) and nodes after n stay after it while n is open; a link
// made before lies before n.
func (f *mdFast) containsLink(n int32) bool {
	return f.links > int32(f.n[n].length)
}

func (f *mdFast) processLinkLabel(link, last int32) {
	bottom := f.popBottom()
	f.processDelimiters(bottom)
	for c := f.n[last].next; c >= 0; {
		next := f.n[c].next
		f.removeChild(0, c)
		f.appendChild(link, c)
		c = next
	}
}

var linkFindClosureOptions = text.FindClosureOptions{Nesting: false, Newline: true, Advance: true}

func (f *mdFast) parseReferenceLink(last int32, block *mdReader) (int32, bool) {
	_, orgpos := block.Position()
	block.Advance(1) // '['
	segments, found := block.FindClosure('[', ']', linkFindClosureOptions)
	if !found {
		return fnNil, false
	}
	var maybeReference []byte
	if segments.Len() == 1 {
		maybeReference = f.bv.value(segments.At(0))
	} else {
		for i := 0; i < segments.Len(); i++ {
			maybeReference = append(maybeReference, f.bv.value(segments.At(i))...)
		}
	}
	if util.IsBlank(maybeReference) { // collapsed reference link
		maybeReference = f.bv.value(text.NewSegment(f.n[last].stop, orgpos.Start-1))
	}
	if len(maybeReference) > 999 {
		return fnNil, true
	}
	if _, ok := f.pc.Reference(util.ToLinkReference(maybeReference)); !ok {
		return fnNil, true
	}
	link := f.node(fnLink, -1, -1)
	f.processLinkLabel(link, last)
	f.n[link].isRef = true
	return link, true
}

func (f *mdFast) parseInlineLink(last int32, block *mdReader) int32 {
	block.Advance(1) // '('
	block.SkipSpaces()
	hasTitle := false
	if block.Peek() == ')' { // empty link like '[link]()'
		block.Advance(1)
	} else {
		if !parseLinkDestination(block) {
			return fnNil
		}
		block.SkipSpaces()
		if block.Peek() == ')' {
			block.Advance(1)
		} else {
			var ok bool
			hasTitle, ok = parseLinkTitle(block)
			if !ok {
				return fnNil
			}
			block.SkipSpaces()
			if block.Peek() != ')' {
				return fnNil
			}
			block.Advance(1)
		}
	}
	link := f.node(fnLink, -1, -1)
	f.processLinkLabel(link, last)
	f.n[link].hasTitle = hasTitle
	return link
}

// parseLinkDestination is goldmark's, reporting only success.
func parseLinkDestination(block *mdReader) bool {
	_, ok := linkRefDestination(block)
	return ok
}

// parseLinkTitle is goldmark's, reporting whether the title is non-empty.
func parseLinkTitle(block *mdReader) (nonEmpty, ok bool) {
	block.SkipSpaces()
	opener := block.Peek()
	if opener != '"' && opener != '\'' && opener != '(' {
		return false, false
	}
	closer := opener
	if opener == '(' {
		closer = ')'
	}
	block.Advance(1)
	segments, found := block.FindClosure(opener, closer, linkFindClosureOptions)
	if !found {
		return false, false
	}
	for i := 0; i < segments.Len(); i++ {
		s := segments.At(i)
		if s.Stop > s.Start || s.Padding > 0 {
			return true, true
		}
	}
	return false, true
}

// Output: the tree to chunk segments, as mdScoper.inline does for
// goldmark's AST.

func (f *mdFast) emit(m *mdScoper, n int32, b *chunkBuilder, top bool) {
	nd := &f.n[n]
	if m.code.open() {
		f.skipEmit(m, n, b, top)
		return
	}
	switch nd.kind {
	case fnText:
		var dollar, url, prose bool
		if f.seen&(flagDollar|flagURL|flagProse) != 0 || f.seen&flagDot != 0 && f.www {
			dollar, url, prose = textFlags(m.src[nd.start:nd.stop])
		}
		if top {
			m.dollar = m.dollar || dollar
			m.url = m.url || url
		}
		if !nd.raw && prose {
			addProse(b, m.src, nd.start, nd.stop, optEntities|optMDEscapes)
		} else {
			b.raw(nd.start, nd.stop)
		}
		if nd.soft || nd.hard {
			m.lineBreakAt(b, nd.stop, int(nd.line)) // the line it ends
		}
	case fnCode:
		b.opaque(nd.start, nd.length)
	case fnAuto, fnCheck:
	case fnHTML:
		inlineHTML(m.sc, m.src, f.segs[nd.segLo:nd.segHi], b, &m.code)
	case fnLink:
		for c := nd.first; c >= 0; c = f.n[c].next {
			f.emit(m, c, b, top)
		}
		if !nd.isRef {
			f.linkTitle(m, n)
		}
	case fnImage:
		if top {
			m.alt.segs = m.alt.segs[:0]
			for c := nd.first; c >= 0; c = f.n[c].next {
				f.emit(m, c, &m.alt, false)
			}
			m.code.closeIn(&m.alt)
			if !m.alt.empty() && mayHoldURL(m.src[m.alt.segs[0].Start:m.alt.lastEnd()]) {
				m.alt.segs = cutURLs(m.src, m.alt.segs)
			}
			m.alt.take(m.sc, m.src, rules.ScopeProse)
		} else {
			for c := nd.first; c >= 0; c = f.n[c].next {
				f.emit(m, c, b, false)
			}
		}
		if !nd.isRef {
			f.linkTitle(m, n)
		}
	default:
		for c := nd.first; c >= 0; c = f.n[c].next {
			f.emit(m, c, b, top)
		}
	}
}

// skipEmit is mdScoper.skipInline.
func (f *mdFast) skipEmit(m *mdScoper, n int32, b *chunkBuilder, top bool) {
	nd := &f.n[n]
	switch nd.kind {
	case fnText:
		m.code.see(nd.stop)
	case fnHTML:
		inlineHTML(m.sc, m.src, f.segs[nd.segLo:nd.segHi], b, &m.code)
	case fnCode:
		m.code.see(nd.length)
	default:
		for c := nd.first; c >= 0; c = f.n[c].next {
			f.emit(m, c, b, top)
		}
	}
}

func (f *mdFast) linkTitle(m *mdScoper, n int32) {
	if !f.n[n].hasTitle {
		return
	}
	if _, pieces := f.linkEnd(m, n, false); len(pieces) > 0 {
		m.titleChunk(pieces)
	}
}

func (f *mdFast) linkEnd(m *mdScoper, n int32, ref bool) (int, [][2]int) {
	start := f.n[n].pos
	if start < 0 {
		return -1, nil
	}
	return m.linkEndAt(start, f.n[n].kind == fnImage, f.childrenEnd(m, n), ref)
}

// childrenEnd is mdScoper.childrenEnd.
func (f *mdFast) childrenEnd(m *mdScoper, n int32) int {
	end := -1
	for c := f.n[n].first; c >= 0; c = f.n[c].next {
		e := -1
		nd := &f.n[c]
		switch nd.kind {
		case fnText:
			e = nd.stop
		case fnHTML:
			if nd.segHi > nd.segLo {
				e = f.segs[nd.segHi-1].Stop
			}
		case fnLink, fnImage:
			e, _ = f.linkEnd(m, c, nd.isRef)
		case fnAuto:
			if p := nd.pos; p >= 0 {
				e = p + (nd.stop - nd.start)
				if m.src[p] == '<' {
					e += 2
				}
			}
		case fnCode:
			e = nd.stop
		default:
			e = f.childrenEnd(m, c)
		}
		end = max(end, e)
	}
	return end
}

// textByteKind marks the bytes textFlags looks at.
var textByteKind = func() (t [256]uint8) {
	for _, c := range []byte("$:@.&\\") {
		t[c] = c
	}
	return
}()

// textFlags reports, in one pass, whether v holds a '$', whether
// mayHoldURL(v), and whether it holds a byte addProse may decode ('&' or
// '\\').
func textFlags(v []byte) (dollar, url, prose bool) {
	for i := 0; i < len(v); i++ {
		switch textByteKind[v[i]] {
		case 0:
		case '$':
			dollar = true
		case ':':
			url = url || i+2 < len(v) && v[i+1] == '/' && v[i+2] == '/'
		case '@':
			url = true
		case '.':
			url = url || i >= 3 && (string(v[i-3:i]) == "www" || string(v[i-3:i]) == "WWW")
		default:
			prose = true
		}
	}
	return
}

// hasWWW reports whether v holds "www." or "WWW.": bytes.Contains is slow
// on prose, where 'w' is common; '.' is rarer.
func hasWWW(v []byte) bool {
	for i := 3; i < len(v); {
		j := bytes.IndexByte(v[i:], '.')
		if j < 0 {
			return false
		}
		i += j
		if w := string(v[i-3 : i]); w == "www" || w == "WWW" {
			return true
		}
		i++
	}
	return false
}

// sortScopedMD is sortScoped without reflection, and without sorting when
// (as mostly) the chunks are in order already.
func sortScopedMD(sc *Scoped) {
	byChunk := func(a, b Chunk) int { return cmp.Compare(a.Segs[0].Start, b.Segs[0].Start) }
	if !slices.IsSortedFunc(sc.Chunks, byChunk) {
		slices.SortStableFunc(sc.Chunks, byChunk)
	}
	byComment := func(a, b Comment) int { return cmp.Compare(a.Start, b.Start) }
	if !slices.IsSortedFunc(sc.Comments, byComment) {
		slices.SortStableFunc(sc.Comments, byComment)
	}
}
