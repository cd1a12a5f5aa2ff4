package format

import (
	"bytes"
	"sort"
	"strings"
	"sync"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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
//   - the values of the chosen keys of YAML or TOML front matter
//     (frontmatter.go; default title and description);
//   - text, alt and title of HTML inside HTML blocks (HTML scoper), and alt
//     and title of inline HTML tags, also over several lines (no other
//     attribute, aria-label included: Markdown skips every other
//     attribute; markdown_html.go).
//
// Inline code — code spans, code-like inline HTML elements (<code>, <kbd>,
// ...) and template tags (markdown_template.go) — is one Opaque
// segment: not text, but a token no match enters or joins across.
//
// Skipped (a gap where inline): code blocks, autolinks and bare URLs (GFM
// extended autolinks: http://, https://, ftp://, www. and e-mail
// addresses), raw HTML tags, `$$` math paragraphs and `$inline$` math; in
// MDX, import/export paragraphs, paragraphs that open with a JSX component
// or an expression, and {/* comment */} lines (which are Comments).
//
// A soft or hard line break inside a block is one synthetic "\n" segment
// from the end of a line's text to the start of the next line's text, `>`
// markers and indentation included. Backslash escapes and character
// references are synthetic segments with their decoded text. HTML comments
// are Comments.
//
// goldmark's inline phase is replaced, block by block, by the fast inline
// scanner of markdown_fast.go, which builds the same inline tree
// (goldmark's algorithm, on an arena) at a fraction of the cost, or for
// the common blocks read by mdblock.go, by the simple path of
// markdown_simple.go, which builds no tree at all; inline() below still
// does the blocks they leave to goldmark.

// newMDParser is goldmark's default parser with the Table, Strikethrough and
// TaskList extensions (not Linkify: bare URLs are found by cutURLs, at a
// fraction of the cost), but for the link reference definition
// transformer, which runs only on paragraphs that can hold one. With fast
// set it also has the fast inline scanner (markdown_fast.go), which
// takes each block at its first trigger; MDX documents are parsed without
// it.
func newMDParser(fast bool) parser.Parser {
	inline := mdInlineParsers()
	if fast {
		inline = append(inline, util.Prioritized(mdFastParser{}, -1000))
	}
	p := parser.NewParser(
		parser.WithBlockParsers(mdBlockParsers()...),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(util.Prioritized(linkRefTransformer{}, 100)),
	)
	// extension.Table and extension.TaskList, as copied in gmext.go;
	// Strikethrough's parser is in mdInlineParsers, capped.
	p.AddOptions(gmExtParserOptions()...)
	return p
}

var (
	mdParser    = sync.OnceValue(func() parser.Parser { return newMDParser(true) })
	mdxMDParser = sync.OnceValue(func() parser.Parser { return newMDParser(false) })
)

type mdScoper struct {
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
	// fast is the state of the fast inline scanner, declined the last
	// block it declined.
	fast     *mdFast
	declined ast.Node
	done     *mdFastDone
	// code is a code-like HTML element open in the block (markdown_html.go).
	code mdHTMLCode
	// blocks is the fast block scanner's state (mdblock.go).
	blocks *mdBlockState
}

// scopeMarkdown scopes a Markdown document; mdx turns on MDX handling, and
// front are the front-matter keys checked (nil: rules.DefaultFrontMatter).
func scopeMarkdown(src []byte, mdx bool, front []string) Scoped {
	return scopeMarkdownWith(nil, src, mdx, front)
}

// scopeMarkdownWith is scopeMarkdown with goldmark parser p: nil for
// mdParser (with the fast inline scanner), or mdxMDParser for MDX. The
// differential tests pass a parser of goldmark's own parts, which leaves
// every block to inline() below.
func scopeMarkdownWith(p parser.Parser, src []byte, mdx bool, front []string) Scoped {
	sc := Scoped{Chunks: make([]Chunk, 0, len(src)/160+4)}
	buf := src
	fmEnd := 0
	if lo, hi, end, yaml := frontMatter(src); end > 0 {
		// YAML front matter must be a mapping; otherwise the "---" lines
		// are thematic breaks or setext underlines.
		if scopeFrontMatter(&sc, src, lo, hi, yaml, front) {
			fmEnd = end
		}
	}
	longLinks := tameLinks(src, false)
	if fmEnd > 0 || longLinks || hasLoneCR(src) {
		buf = make([]byte, len(src))
		copy(buf, src)
		if longLinks {
			tameLinks(buf, true)
		}
		for i := 0; i < fmEnd; i++ {
			if buf[i] != '\n' && buf[i] != '\r' {
				buf[i] = ' '
			}
		}
		// Lone CRs become LFs (found by IndexByte: most documents copied
		// here have none, and a byte loop costs as much as scoping them).
		for i := bytes.IndexByte(buf, '\r'); i >= 0; {
			if i+1 >= len(buf) || buf[i+1] != '\n' {
				buf[i] = '\n'
			}
			j := bytes.IndexByte(buf[i+1:], '\r')
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	m := &mdScoper{src: buf, sc: &sc, mdx: mdx, private: len(buf) > 0 && &buf[0] != &src[0]}
	m.cur.arena, m.alt.arena, m.tmp.arena = &m.arena, &m.arena, &m.arena
	var doc ast.Node
	switch {
	case p != nil:
		doc = p.Parse(text.NewReader(buf))
	case mdx:
		doc = mdxMDParser().Parse(text.NewReader(buf))
	case m.scopeBlocks():
		// Scoped by the fast block scanner and goldmark (mdblock.go).
	default:
		pc := parser.NewContext()
		pc.Set(mdScoperKey, m)
		doc = mdParser().Parse(text.NewReader(buf), parser.WithContext(pc))
	}
	m.fast.release()
	if doc != nil {
		m.block(doc)
	}
	cutTemplates(&sc, src)
	sortScopedMD(&sc)
	return sc
}

func hasLoneCR(src []byte) bool {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 >= len(src) || src[i+1] != '\n' {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func (m *mdScoper) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
		if !m.isFastDone(n) {
			m.inlineBlock(n, rules.ScopeProse)
		}
	case *ast.Heading:
		if !m.isFastDone(n) {
			m.inlineBlock(n, rules.ScopeHeadings)
		}
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

func (m *mdScoper) setLines(n ast.Node) {
	ls := n.Lines()
	m.lines = ls.Sliced(0, ls.Len())
}

// inlineBlock makes a chunk of a block holding inline content.
func (m *mdScoper) inlineBlock(n ast.Node, scope rules.Scope) {
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

// isMDXSkipped reports whether a paragraph starting with line is MDX code:
// an ESM import/export or a JSX component.
func isMDXSkipped(line []byte) bool {
	if len(line) == 0 {
		return false
	}
	if bytes.HasPrefix(line, []byte("import ")) || bytes.HasPrefix(line, []byte("export ")) {
		return true
	}
	if len(line) >= 2 && line[0] == '<' {
		c := line[1]
		if c == '/' && len(line) >= 3 {
			c = line[2]
		}
		return c >= 'A' && c <= 'Z' || c == '>'
	}
	return line[0] == '{'
}

// mdxComment records src[start:end], a line of a paragraph, as a Comment
// if it is an MDX comment, {/* ... */}.
func (m *mdScoper) mdxComment(start, end int) bool {
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
func (m *mdScoper) inline(n ast.Node, b *chunkBuilder, top bool) {
	if m.code.open() {
		m.skipInline(n, b, top)
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
		if p := n.Pos(); p >= 0 {
			b.opaque(p, codeSpanEnd(m.src, p, n))
		}
	case *ast.String, *ast.AutoLink, *east.TaskCheckBox:
		// Not checked: a gap.
	case *ast.RawHTML:
		if n.Segments != nil {
			inlineHTML(m.sc, m.src, n.Segments.Sliced(0, n.Segments.Len()), b, &m.code)
		}
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

// codeSpanEnd is where the code span n starting at start ends: after its
// closing backticks, the first backticks after its last child (goldmark
// trims at most one blank from the content, and between lines only block
// markers, which hold no backticks, stand outside the children).
func codeSpanEnd(src []byte, start int, n *ast.CodeSpan) int {
	open := start
	for open < len(src) && src[open] == '`' {
		open++
	}
	i := open
	if c, ok := n.LastChild().(*ast.Text); ok {
		i = max(i, c.Segment.Stop)
	}
	for i < len(src) && src[i] != '`' {
		i++
	}
	return min(i+open-start, len(src))
}

// lineIndex returns the index of the line of the current block holding
// pos (the first line ending after pos).
func (m *mdScoper) lineIndex(pos int) int {
	return sort.Search(len(m.lines), func(i int) bool { return m.lines[i].Stop > pos })
}

// lineBreak adds the synthetic "\n" for a line break after the text ending
// at pos: up to the next line's text.
func (m *mdScoper) lineBreak(b *chunkBuilder, pos int) {
	m.lineBreakAt(b, pos, m.lineIndex(pos))
}

// lineBreakAt is lineBreak for pos in line i of the block.
func (m *mdScoper) lineBreakAt(b *chunkBuilder, pos, i int) {
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

// skipInline walks inline node n inside a code-like HTML element: nothing
// is text until the element's end tag, after which n's later children are
// scoped as usual.
func (m *mdScoper) skipInline(n ast.Node, b *chunkBuilder, top bool) {
	switch n := n.(type) {
	case *ast.Text:
		m.code.see(n.Segment.Stop)
	case *ast.RawHTML:
		if n.Segments != nil {
			inlineHTML(m.sc, m.src, n.Segments.Sliced(0, n.Segments.Len()), b, &m.code)
		}
	case *ast.CodeSpan:
		if p := n.Pos(); p >= 0 {
			m.code.see(codeSpanEnd(m.src, p, n))
		}
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			m.inline(c, b, top)
		}
	}
}

// htmlBlock scopes an HTML block with the HTML scoper: its comments, and
// the text, alt and title of its elements.
func (m *mdScoper) htmlBlock(n *ast.HTMLBlock) {
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
func (m *mdScoper) skipWS(pos int) int {
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
func (m *mdScoper) inLine(i, pos int) bool {
	return i < len(m.lines) && pos < m.lines[i].Stop && m.src[pos] != '\n' && m.src[pos] != '\r'
}

// destTitle parses a link destination and optional title from pos (after
// "(" of an inline link or ":" of a definition). It returns the title's
// source pieces (one per line; empty without a title) and the position
// after what it parsed, or ok false if the syntax does not parse.
func (m *mdScoper) destTitle(pos int, pieces [][2]int) ([][2]int, int, bool) {
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
func (m *mdScoper) titleChunk(pieces [][2]int) {
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
func (m *mdScoper) linkEnd(n ast.Node, ref bool) (int, [][2]int) {
	start := n.Pos()
	if start < 0 {
		return -1, nil
	}
	_, image := n.(*ast.Image)
	return m.linkEndAt(start, image, m.childrenEnd(n), ref)
}

// linkEndAt is linkEnd for a link or image starting at start whose inline
// children reach childEnd.
func (m *mdScoper) linkEndAt(start int, image bool, childEnd int, ref bool) (int, [][2]int) {
	pos := start + 1
	if image {
		pos++
	}
	pos = max(pos, childEnd)
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
func (m *mdScoper) childrenEnd(n ast.Node) int {
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
func (m *mdScoper) linkTitle(n ast.Node) {
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
func (m *mdScoper) refDefinition(n *ast.LinkReferenceDefinition) {
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

// cutMath removes inline math ($x$ and $$x$$) from a chunk's segments: an
// opening '$' is followed by a non-blank, a closing '$' follows a non-blank
// and is not followed by a digit.
func cutMath(src []byte, segs []Segment) []Segment {
	type cand struct {
		pos, n      int
		open, close bool
	}
	var cs []cand
	for _, s := range segs {
		if s.Synthetic {
			continue
		}
		for i := s.Start; i < s.End; i++ {
			if src[i] != '$' {
				continue
			}
			n := 1
			if i+1 < s.End && src[i+1] == '$' {
				n = 2
			}
			after := i + n
			c := cand{pos: i, n: n}
			c.open = after < len(src) && !isASCIISpace(src[after])
			c.close = i > 0 && !isASCIISpace(src[i-1]) && !(after < len(src) && isDigit(src[after]))
			cs = append(cs, c)
			i += n - 1
		}
	}
	var cuts [][2]int
	for i := 0; i < len(cs); i++ {
		if !cs[i].open {
			continue
		}
		for j := i + 1; j < len(cs) && j < i+64; j++ {
			if cs[j].n == cs[i].n && cs[j].close {
				cuts = append(cuts, [2]int{cs[i].pos, cs[j].pos + cs[j].n})
				i = j
				break
			}
		}
	}
	return applyCuts(segs, cuts)
}

// cutMDXExpressions removes MDX expressions from a chunk's segments:
// {...}, braces nested, is JavaScript, not prose (a literal brace in MDX
// text is escaped, and an escape is a synthetic segment, not seen here). An
// unclosed brace cuts nothing.
func cutMDXExpressions(src []byte, segs []Segment) []Segment {
	if len(segs) == 0 {
		return segs
	}
	end := segs[len(segs)-1].End
	var cuts [][2]int
	next := 0
	for _, s := range segs {
		if s.Synthetic {
			continue
		}
		for i := max(s.Start, next); i < s.End; i++ {
			if src[i] != '{' {
				continue
			}
			depth, j := 0, i
			for ; j < end; j++ {
				if src[j] == '{' {
					depth++
				} else if src[j] == '}' {
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if j == end {
				return applyCuts(segs, cuts)
			}
			cuts = append(cuts, [2]int{i, j + 1})
			next = j + 1
			i = j
		}
	}
	return applyCuts(segs, cuts)
}

// applyCuts removes the source ranges cuts (sorted, disjoint) from segs:
// raw segments are split around them, synthetic ones inside are dropped.
func applyCuts(segs []Segment, cuts [][2]int) []Segment {
	if len(cuts) == 0 {
		return segs
	}
	out := make([]Segment, 0, len(segs)+len(cuts))
	k := 0
	for _, s := range segs {
		for k < len(cuts) && cuts[k][1] <= s.Start {
			k++
		}
		if s.Synthetic {
			if k < len(cuts) && cuts[k][0] < s.End && cuts[k][1] > s.Start {
				continue
			}
			out = append(out, s)
			continue
		}
		start := s.Start
		for j := k; j < len(cuts) && cuts[j][0] < s.End; j++ {
			if cuts[j][0] > start {
				out = append(out, Segment{Start: start, End: cuts[j][0]})
			}
			start = max(start, cuts[j][1])
		}
		if start < s.End {
			out = append(out, Segment{Start: start, End: s.End})
		}
	}
	return out
}

// mayHoldURL is a quick test for text that may hold a bare URL or e-mail
// address.
func mayHoldURL(v []byte) bool {
	return bytes.Contains(v, []byte("://")) || bytes.IndexByte(v, '@') >= 0 ||
		bytes.Contains(v, []byte("www.")) || bytes.Contains(v, []byte("WWW."))
}

// cutURLs removes bare URLs and e-mail addresses (GFM extended autolinks)
// from a chunk's segments. A URL runs over touching raw segments up to white
// space or '<', less trailing punctuation and an unbalanced ')'.
func cutURLs(src []byte, segs []Segment) []Segment {
	var cuts [][2]int
	last := -1 // end of the last cut
	for si, s := range segs {
		if s.Synthetic {
			continue
		}
		for i := max(s.Start, last); i < s.End; i++ {
			c := src[i]
			var start int
			switch {
			case c == ':' && i+2 < len(src) && src[i+1] == '/' && src[i+2] == '/':
				start = urlSchemeStart(src, s.Start, i)
				if start < 0 || i+3 >= len(src) || !isAlnumByte(src[i+3]) {
					continue
				}
			case (c == 'w' || c == 'W') && i+4 < len(src) && strings.EqualFold(string(src[i:i+4]), "www.") &&
				(i == s.Start || isWWWBoundary(src[i-1])) && isAlnumByte(src[i+4]):
				start = i
			case c == '@':
				if a, b := emailAt(src, s.Start, i, segEnd(segs, si)); a >= 0 {
					cuts = append(cuts, [2]int{a, b})
					last = b
					i = b - 1
				}
				continue
			default:
				continue
			}
			end := trimURLEnd(src, start, segEnd(segs, si))
			if !bytes.ContainsRune(src[start:end], '.') {
				continue
			}
			cuts = append(cuts, [2]int{start, end})
			last = end
			i = end - 1
		}
	}
	return applyCuts(segs, cuts)
}

// segEnd is the end of the run of touching raw segments starting with
// segs[si], stopping at white space or '<'.
func segEnd(segs []Segment, si int) int {
	end := segs[si].End
	for j := si + 1; j < len(segs) && !segs[j].Synthetic && segs[j].Start == end; j++ {
		end = segs[j].End
	}
	return end
}

func isAlnumByte(c byte) bool { return isAlpha(c) || isDigit(c) || c >= 0x80 }

func isWWWBoundary(c byte) bool {
	return isASCIISpace(c) || c == '*' || c == '_' || c == '~' || c == '(' || c == '"' || c == '\''
}

// urlSchemeStart returns where the scheme before "://" at i starts (http,
// https or ftp, not preceded by a letter), or -1.
func urlSchemeStart(src []byte, lo, i int) int {
	for _, sch := range []string{"https", "http", "ftp"} {
		s := i - len(sch)
		if s >= lo && strings.EqualFold(string(src[s:i]), sch) && (s == lo || !isAlpha(src[s-1])) {
			return s
		}
	}
	return -1
}

// maxBareURL bounds the length of a bare URL.
const maxBareURL = 4096

// trimURLEnd finds the end of a URL starting at start within [start, hi):
// up to white space or '<', less trailing punctuation and unbalanced ')'.
// A URL is at most maxBareURL bytes (a longer run is cut there): each
// candidate ("://" or "www." in a long run without a '.') costs at most
// that, whatever the length of the run.
func trimURLEnd(src []byte, start, hi int) int {
	end := start
	hi = min(hi, start+maxBareURL)
	for end < hi && !isASCIISpace(src[end]) && src[end] != '<' {
		end++
	}
	open, closed := -1, -1 // parentheses in src[start:end], counted once
	for end > start {
		c := src[end-1]
		if strings.IndexByte("?!.,:*_~'\"", c) >= 0 {
			end--
			continue
		}
		if c == ')' {
			if open < 0 {
				open = bytes.Count(src[start:end], []byte("("))
				closed = bytes.Count(src[start:end], []byte(")"))
			}
			if closed > open {
				end--
				closed--
				continue
			}
		}
		if c == ';' {
			// An entity-like "&name;" at the end is not part of the URL.
			j := end - 2
			for j > start && isAlnumByte(src[j]) {
				j--
			}
			if j >= start && src[j] == '&' {
				end = j
				continue
			}
		}
		break
	}
	return end
}

// emailAt finds an e-mail address around the '@' at i within [lo, hi), or
// returns -1.
func emailAt(src []byte, lo, i, hi int) (int, int) {
	isLocal := func(c byte) bool { return isAlpha(c) || isDigit(c) || strings.IndexByte(".+-_", c) >= 0 }
	a := i
	for a > lo && isLocal(src[a-1]) {
		a--
	}
	if a == i {
		return -1, -1
	}
	b := i + 1
	dots := 0
	for b < hi && (isAlpha(src[b]) || isDigit(src[b]) || src[b] == '-' || src[b] == '_' || src[b] == '.') {
		if src[b] == '.' {
			if b+1 >= hi || !(isAlpha(src[b+1]) || isDigit(src[b+1])) {
				break
			}
			dots++
		}
		b++
	}
	if dots == 0 || src[b-1] == '-' || src[b-1] == '_' {
		return -1, -1
	}
	return a, b
}
