package format

// The goldmark-only Markdown scoper as it was before the fast inline
// scanner (markdown_fast.go): the reference of the differential tests.
// Do not change it except to follow changes of the shared helpers.

import (
	"bytes"
	"sort"
	"sync"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Markdown scoping uses goldmark's AST and its source segments (never
// rendered text). What becomes a chunk:
//
//   - paragraphs and list items' text (ScopeProse), headings
//     (ScopeHeadings), each table cell;
//   - link text, as part of the surrounding chunk (the link's destination
//     is a gap);
//   - image alt text, as a chunk of its own (an image is not part of the
//     sentence around it), and link and image titles, each a chunk of its
//     own, found by parsing the link syntax after the link text; titles of
//     link reference definitions too;
//   - the `title` and `description` values of YAML front matter;
//   - text, alt and title of HTML inside HTML blocks (HTML scoper), and alt
//     and title of inline HTML tags (no other attribute, aria-label
//     included: Markdown skips every other attribute).
//
// Skipped (a gap where inline): code blocks, code spans, autolinks and bare
// URLs (GFM extended autolinks: http://, https://, ftp://, www. and e-mail
// addresses), raw HTML, `$$` math paragraphs and `$inline$` math; in MDX,
// import/export paragraphs, paragraphs that open with a JSX component or an
// expression, and {/* comment */} lines (which are Comments).
//
// A soft or hard line break inside a block is one synthetic "\n" segment
// from the end of a line's text to the start of the next line's text, `>`
// markers and indentation included. Backslash escapes and character
// references are synthetic segments with their decoded text. HTML comments
// are Comments.

var refMDParser = sync.OnceValue(func() parser.Parser {
	// goldmark's defaults, but for the caps on nested containers
	// (mdBlockParsers) and on delimiter runs (mdInlineParsers, which has
	// Strikethrough's parser), bounds shared with the scoper.
	inline := mdInlineParsers()
	for i, p := range inline {
		// goldmark's own link parser: the MDX differential tests compare
		// linkValued with it.
		if l, ok := p.Value.(linkValued); ok {
			inline[i].Value = l.InlineParser
		}
	}
	p := parser.NewParser(
		parser.WithBlockParsers(mdBlockParsers()...),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(
		extension.Table,
		extension.TaskList,
		// Not extension.Linkify: bare URLs are found by cutURLs, at a
		// fraction of the cost.
	)).Parser()
})

type refMDScoper struct {
	// src is what goldmark parsed: the input, or a copy of the same length
	// with front matter blanked and lone CRs turned into LFs.
	src   []byte
	sc    *Scoped
	mdx   bool
	lines []text.Segment // lines of the block being scoped
	cur   chunkBuilder
	alt   chunkBuilder
	tmp   chunkBuilder
	// dollar is set when the current chunk holds a '$' (math may need
	// cutting), url when it may hold a bare URL.
	dollar, url bool
	arena       []Segment
	// private is set when src is a copy the scoper may change.
	private bool
	code    mdHTMLCode
}

// scopeMarkdownRef scopes a Markdown document; mdx turns on MDX handling.
func scopeMarkdownRef(src []byte, mdx bool) Scoped {
	sc := Scoped{Chunks: make([]Chunk, 0, len(src)/160+4)}
	buf := src
	fmEnd := 0
	if lo, hi, end, yaml := frontMatter(src); end > 0 {
		// YAML front matter must be a mapping; otherwise the "---" lines
		// are thematic breaks or setext underlines.
		if scopeFrontMatter(&sc, src, lo, hi, yaml, nil) {
			fmEnd = end
		}
	}
	longLinks := tameLinks(src, false)
	if fmEnd > 0 || longLinks || hasLoneCR(src) {
		buf = make([]byte, len(src))
		copy(buf, src)
		if longLinks {
			tameLinks(buf, true) // a bound on goldmark's input, shared
		}
		for i := 0; i < fmEnd; i++ {
			if buf[i] != '\n' && buf[i] != '\r' {
				buf[i] = ' '
			}
		}
		for i := range buf {
			if buf[i] == '\r' && (i+1 >= len(buf) || buf[i+1] != '\n') {
				buf[i] = '\n'
			}
		}
	}
	m := &refMDScoper{src: buf, sc: &sc, mdx: mdx, private: len(buf) > 0 && &buf[0] != &src[0]}
	m.cur.arena, m.alt.arena, m.tmp.arena = &m.arena, &m.arena, &m.arena
	doc := refMDParser().Parse(text.NewReader(buf))
	m.block(doc)
	cutTemplates(&sc, src)
	sortScoped(&sc)
	return sc
}

func (m *refMDScoper) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		m.inlineBlock(n, rules.ScopeProse)
	case *ast.Heading:
		m.inlineBlock(n, rules.ScopeHeadings)
	case *east.TableCell:
		m.inlineBlock(n, rules.ScopeProse)
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.ThematicBreak:
	case *ast.HTMLBlock:
		m.htmlBlock(n)
	case *ast.LinkReferenceDefinition:
		m.refDefinition(n)
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			m.block(c)
		}
	}
}

func (m *refMDScoper) setLines(n ast.Node) {
	ls := n.Lines()
	m.lines = ls.Sliced(0, ls.Len())
}

// inlineBlock makes a chunk of a block holding inline content.
func (m *refMDScoper) inlineBlock(n ast.Node, scope rules.Scope) {
	m.setLines(n)
	if len(m.lines) == 0 {
		return
	}
	first := m.lines[0]
	if scope == rules.ScopeProse {
		last := m.lines[len(m.lines)-1]
		body := bytes.TrimSpace(m.src[first.Start:last.Stop])
		if bytes.HasPrefix(body, []byte("$$")) && bytes.HasSuffix(body, []byte("$$")) && len(body) >= 4 {
			return // display math
		}
	}
	skipTo := -1
	if m.mdx && scope == rules.ScopeProse {
		// Leading {/* comment */} lines are Comments, not text.
		k := 0
		for k < len(m.lines) && m.mdxComment(m.lines[k].Start, m.lines[k].Stop) {
			k++
		}
		if k == len(m.lines) {
			return
		}
		if k > 0 {
			skipTo = m.lines[k].Start
		}
		if isMDXSkipped(m.src[m.lines[k].Start:m.lines[k].Stop]) {
			return
		}
	}
	m.dollar, m.url = false, false
	m.cur.segs = m.cur.segs[:0]
	m.code = mdHTMLCode{}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.inline(c, &m.cur, true)
	}
	m.code.see(blockTextEnd(m.src, m.lines))
	m.code.closeIn(&m.cur)
	if skipTo >= 0 {
		k := 0
		for k < len(m.cur.segs) && m.cur.segs[k].Start < skipTo {
			k++
		}
		m.cur.segs = append(m.cur.segs[:0], m.cur.segs[k:]...)
	}
	if m.url {
		m.cur.segs = cutURLs(m.src, m.cur.segs)
	}
	if m.dollar {
		m.cur.segs = cutMath(m.src, m.cur.segs)
	}
	if m.mdx {
		m.cur.segs = cutMDXExpressions(m.src, m.cur.segs)
	}
	m.cur.take(m.sc, m.src, scope)
}

// mdxComment records src[start:end], a line of a paragraph, as a Comment
// if it is an MDX comment, {/* ... */}.
func (m *refMDScoper) mdxComment(start, end int) bool {
	for end > start && isASCIISpace(m.src[end-1]) {
		end--
	}
	v := m.src[start:end]
	if len(v) < 6 || !bytes.HasPrefix(v, []byte("{/*")) || !bytes.HasSuffix(v, []byte("*/}")) {
		return false
	}
	m.sc.Comments = append(m.sc.Comments, Comment{Start: start, End: end, Text: string(bytes.TrimSpace(v[3 : len(v)-3]))})
	return true
}

// inline adds inline node n to chunk b. top is false inside image alt text.
func (m *refMDScoper) inline(n ast.Node, b *chunkBuilder, top bool) {
	if m.code.open() {
		switch n := n.(type) {
		case *ast.Text:
			m.code.see(n.Segment.Stop)
		case *ast.RawHTML:
			m.rawHTML(n, b)
		case *ast.CodeSpan:
			m.code.see(codeSpanEnd(m.src, n.Pos(), n))
		default:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				m.inline(c, b, top)
			}
		}
		return
	}
	switch n := n.(type) {
	case *ast.Text:
		s := n.Segment
		if v := m.src[s.Start:s.Stop]; top {
			m.dollar = m.dollar || bytes.IndexByte(v, '$') >= 0
			m.url = m.url || mayHoldURL(v)
		}
		if !n.IsRaw() {
			addProse(b, m.src, s.Start, s.Stop, optEntities|optMDEscapes)
		} else {
			b.raw(s.Start, s.Stop)
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			m.lineBreak(b, s.Stop)
		}
	case *ast.CodeSpan:
		b.opaque(n.Pos(), codeSpanEnd(m.src, n.Pos(), n))
	case *ast.String, *ast.AutoLink, *east.TaskCheckBox:
		// Not checked: a gap.
	case *ast.RawHTML:
		m.rawHTML(n, b)
	case *ast.Link:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			m.inline(c, b, top)
		}
		if n.Reference == nil {
			m.linkTitle(n)
		}
	case *ast.Image:
		// Alt text is a chunk of its own. Images nested in alt text (rare)
		// join the outer alt text.
		if top {
			m.alt.segs = m.alt.segs[:0]
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				m.inline(c, &m.alt, false)
			}
			m.code.closeIn(&m.alt)
			if !m.alt.empty() && mayHoldURL(m.src[m.alt.segs[0].Start:m.alt.lastEnd()]) {
				m.alt.segs = cutURLs(m.src, m.alt.segs)
			}
			m.alt.take(m.sc, m.src, rules.ScopeProse)
		} else {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				m.inline(c, b, false)
			}
		}
		if n.Reference == nil {
			m.linkTitle(n)
		}
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			m.inline(c, b, top)
		}
	}
}

// lineIndex returns the index of the line of the current block holding
// pos (the first line ending after pos).
func (m *refMDScoper) lineIndex(pos int) int {
	return sort.Search(len(m.lines), func(i int) bool { return m.lines[i].Stop > pos })
}

// lineBreak adds the synthetic "\n" for a line break after the text ending
// at pos: up to the next line's text.
func (m *refMDScoper) lineBreak(b *chunkBuilder, pos int) {
	i := m.lineIndex(pos)
	if i+1 >= len(m.lines) {
		return
	}
	next := m.lines[i+1].Start
	if next < pos {
		return
	}
	if n := len(b.segs); n > 0 && b.segs[n-1].Synthetic && b.segs[n-1].End == pos && b.segs[n-1].Text == "\n" {
		b.segs[n-1].End = next // after a <br>
		return
	}
	b.synth(pos, next, "\n")
}

// rawHTML handles inline HTML (markdown_html.go).
func (m *refMDScoper) rawHTML(n *ast.RawHTML, b *chunkBuilder) {
	if n.Segments != nil {
		inlineHTML(m.sc, m.src, n.Segments.Sliced(0, n.Segments.Len()), b, &m.code)
	}
}

// htmlBlock scopes an HTML block with the HTML scoper: its comments, and
// the text, alt and title of its elements.
func (m *refMDScoper) htmlBlock(n *ast.HTMLBlock) {
	m.setLines(n)
	lines := append([]text.Segment(nil), m.lines...)
	if n.HasClosure() {
		lines = append(lines, n.ClosureLine)
	}
	if len(lines) == 0 {
		return
	}
	contiguous := true
	for i := 1; i < len(lines); i++ {
		if lines[i].Start != lines[i-1].Stop {
			contiguous = false
			break
		}
	}
	if contiguous {
		scopeHTMLRange(m.sc, m.src, lines[0].Start, lines[len(lines)-1].Stop, true)
		return
	}
	// Inside a quote or list item: blank the markers between lines (in a
	// private copy of the source) so that the HTML reads as one piece; a
	// line break with the markers after it becomes one synthetic "\n".
	if !m.private {
		m.src = append([]byte(nil), m.src...)
		m.private = true
	}
	for i := 1; i < len(lines); i++ {
		for j := lines[i-1].Stop; j < lines[i].Start && j < len(m.src); j++ {
			if m.src[j] != '\n' && m.src[j] != '\r' {
				m.src[j] = ' '
			}
		}
	}
	scopeHTMLRange(m.sc, m.src, lines[0].Start, lines[len(lines)-1].Stop, true)
}

// skipWS skips blanks and at most... any number of line breaks of the
// current block from pos, returning the next position with text, or -1 at
// the end of the block.
func (m *refMDScoper) skipWS(pos int) int {
	i := m.lineIndex(pos)
	for i < len(m.lines) {
		if pos < m.lines[i].Start {
			pos = m.lines[i].Start
		}
		for pos < m.lines[i].Stop && (m.src[pos] == ' ' || m.src[pos] == '\t') {
			pos++
		}
		if pos < m.lines[i].Stop && m.src[pos] != '\n' && m.src[pos] != '\r' {
			return pos
		}
		i++
	}
	return -1
}

// inLine reports whether pos is a character of a line of the block (not its
// line break), given the line index i.
func (m *refMDScoper) inLine(i, pos int) bool {
	return i < len(m.lines) && pos < m.lines[i].Stop && m.src[pos] != '\n' && m.src[pos] != '\r'
}

// destTitle parses a link destination and optional title from pos (after
// "(" of an inline link or ":" of a definition). It returns the title's
// source pieces (one per line; empty without a title) and the position
// after what it parsed, or ok false if the syntax does not parse.
func (m *refMDScoper) destTitle(pos int, pieces [][2]int) ([][2]int, int, bool) {
	pos = m.skipWS(pos)
	if pos < 0 {
		return pieces, -1, false
	}
	i := m.lineIndex(pos)
	src := m.src
	if src[pos] == '<' {
		for pos++; m.inLine(i, pos) && src[pos] != '>'; pos++ {
			if src[pos] == '\\' && m.inLine(i, pos+1) {
				pos++
			}
		}
		if !m.inLine(i, pos) {
			return pieces, -1, false
		}
		pos++
	} else {
		depth := 0
		for ; m.inLine(i, pos); pos++ {
			c := src[pos]
			if c == '\\' && m.inLine(i, pos+1) {
				pos++
				continue
			}
			if c == '(' {
				depth++
			} else if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			} else if c == ' ' || c == '\t' {
				break
			}
		}
	}
	afterDest := pos
	pos = m.skipWS(pos)
	if pos < 0 {
		return pieces, afterDest, true
	}
	opener := src[pos]
	if opener != '"' && opener != '\'' && opener != '(' {
		return pieces, pos, true
	}
	if pos == afterDest {
		return pieces, -1, false // a title must be separated from the destination
	}
	closer := opener
	if opener == '(' {
		closer = ')'
	}
	pos++
	i = m.lineIndex(pos)
	ps := pos
	for {
		if !m.inLine(i, pos) {
			pieces = append(pieces, [2]int{ps, pos})
			i++
			if i >= len(m.lines) {
				return pieces[:0], -1, false
			}
			pos = m.lines[i].Start
			ps = pos
			continue
		}
		c := src[pos]
		if c == '\\' && m.inLine(i, pos+1) {
			pos += 2
			continue
		}
		if c == closer {
			pieces = append(pieces, [2]int{ps, pos})
			return pieces, pos + 1, true
		}
		if c == opener && opener == '(' {
			return pieces[:0], -1, false
		}
		pos++
	}
}

// titleChunk adds a link title from its pieces as a chunk.
func (m *refMDScoper) titleChunk(pieces [][2]int) {
	b := &m.tmp
	b.segs = b.segs[:0]
	for k, p := range pieces {
		if k > 0 {
			prev := pieces[k-1][1]
			for prev > pieces[k-1][0] && (m.src[prev-1] == ' ' || m.src[prev-1] == '\t') {
				prev--
			}
			// Drop the trailing blanks from the previous piece.
			if n := len(b.segs); n > 0 && !b.segs[n-1].Synthetic && b.segs[n-1].End > prev {
				b.segs[n-1].End = max(prev, b.segs[n-1].Start)
			}
			b.synth(prev, p[0], "\n")
		}
		addProse(b, m.src, p[0], p[1], optEntities|optMDEscapes)
	}
	b.take(m.sc, m.src, rules.ScopeProse)
}

// linkEnd parses the syntax of an inline or reference link or image after
// its text and returns the position after it, and the title's pieces.
func (m *refMDScoper) linkEnd(n ast.Node, ref bool) (int, [][2]int) {
	start := n.Pos()
	if start < 0 {
		return -1, nil
	}
	pos := start + 1
	if _, ok := n.(*ast.Image); ok {
		pos++
	}
	pos = max(pos, m.childrenEnd(n))
	src := m.src
	for pos < len(src) && src[pos] != ']' {
		if src[pos] == '\\' {
			pos++
		}
		pos++
	}
	if pos >= len(src) {
		return -1, nil
	}
	pos++ // ']'
	if ref {
		if pos < len(src) && src[pos] == '[' {
			for pos < len(src) && src[pos] != ']' {
				if src[pos] == '\\' {
					pos++
				}
				pos++
			}
			pos++
		}
		return min(pos, len(src)), nil
	}
	if pos >= len(src) || src[pos] != '(' {
		return -1, nil
	}
	pieces, pos, ok := m.destTitle(pos+1, nil)
	if !ok {
		return -1, nil
	}
	pos = m.skipWS(pos)
	if pos < 0 || src[pos] != ')' {
		return -1, nil
	}
	return pos + 1, pieces
}

// childrenEnd is the largest source position reached by n's inline
// descendants (-1 if none).
func (m *refMDScoper) childrenEnd(n ast.Node) int {
	end := -1
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		e := -1
		switch c := c.(type) {
		case *ast.Text:
			e = c.Segment.Stop
		case *ast.RawHTML:
			if c.Segments != nil && c.Segments.Len() > 0 {
				e = c.Segments.At(c.Segments.Len() - 1).Stop
			}
		case *ast.Link:
			e, _ = m.linkEnd(c, c.Reference != nil)
		case *ast.Image:
			e, _ = m.linkEnd(c, c.Reference != nil)
		case *ast.AutoLink:
			if p := c.Pos(); p >= 0 {
				e = p + len(c.Label(m.src))
				if m.src[p] == '<' {
					e += 2
				}
			}
		default:
			e = m.childrenEnd(c)
		}
		end = max(end, e)
	}
	return end
}

// linkTitle adds the title of an inline link or image as a chunk.
func (m *refMDScoper) linkTitle(n ast.Node) {
	var title []byte
	switch n := n.(type) {
	case *ast.Link:
		title = n.Title
	case *ast.Image:
		title = n.Title
	}
	if len(title) == 0 {
		return
	}
	if _, pieces := m.linkEnd(n, false); len(pieces) > 0 {
		m.titleChunk(pieces)
	}
}

// refDefinition adds the title of a link reference definition as a chunk.
func (m *refMDScoper) refDefinition(n *ast.LinkReferenceDefinition) {
	if len(n.Title) == 0 {
		return
	}
	m.setLines(n)
	if len(m.lines) == 0 {
		return
	}
	src := m.src
	pos := m.lines[0].Start
	for pos < len(src) && src[pos] == ' ' {
		pos++
	}
	if pos >= len(src) || src[pos] != '[' {
		return
	}
	// The label may span lines; it holds no unescaped brackets.
	for pos++; pos < len(src) && src[pos] != ']'; pos++ {
		if src[pos] == '\\' {
			pos++
		}
	}
	if pos+1 >= len(src) || src[pos+1] != ':' {
		return
	}
	if pieces, _, ok := m.destTitle(pos+2, nil); ok && len(pieces) > 0 {
		m.titleChunk(pieces)
	}
}
