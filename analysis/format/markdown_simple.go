package format

import (
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The simple inline path. Most blocks of a document hold nothing but
// text, emphasis and code spans; for them the fast scanner's tree (a node
// per piece of text, goldmark's delimiter and label lists, the block
// reader) is more machinery than the chunk needs. What a block's chunk
// depends on is the order of its pieces in the source — text, delimiter
// runs, code spans — and, of each delimiter run, how many of its
// characters emphasis leaves as text: emphasis nodes only regroup pieces
// that stay in source order, and the chunk builder joins touching text
// however goldmark's nodes cut it.
//
// So simpleBlock reads the block's bytes directly, as parseInline reads
// them through the block reader (the same line-end rules, the same
// delimiter classes, the code span parser's search, goldmark's
// ProcessDelimiters on a flat list), and emits the pieces as fastEmit
// emits the tree. It declines — having emitted nothing — a block with any
// other inline syntax ('\\', '!', '[', ']', '<', '~', '\r') or as many
// delimiter runs as mdMaxDelimiters, which parseInline then reads. The
// differential tests (checkFastEqualsGoldmark, the fuzz target) hold it
// to goldmark's output like the rest of the scanner.

// spKind is the kind of a piece of a simple block.
type spKind uint8

const (
	spText  spKind = iota
	spDelim        // a delimiter run: start is its index in mdFast.sd
	spCode         // a code span, backticks included
)

// spiece is a piece of a simple block, in source order.
type spiece struct {
	kind       spKind
	brk        bool  // text ending a line with a line break
	line       int32 // the line it ends (brk)
	start, end int
}

// sdelim is a delimiter run on the flat delimiter list.
type sdelim struct {
	start, origLen, length int
	char                   byte
	canOpen, canClose      bool
	prev, next             int32
}

// mdSimpleStop is mdFastSpecial with '\r' special too: simpleBlock stops
// where parseInline does, and at a '\r'.
var mdSimpleStop = func() [256]uint8 {
	t := mdFastSpecial
	t['\r'] |= specialByte
	return t
}()

// simpleBlock scopes a block of padding-free lines (m.lines) if it holds
// only text, emphasis and code spans, and reports whether it did.
func (m *mdScoper) simpleBlock(f *mdFast, scope rules.Scope) bool {
	if !f.parseSimple(m.src, m.lines) {
		return false
	}
	f.simpleDelimiters()
	m.simpleEmit(f, scope)
	return true
}

// parseSimple reads the block's pieces into f.sp and its delimiter runs
// into f.sd (and the flags of the bytes it passed into f.seen). It
// reports false if the block holds anything else.
func (f *mdFast) parseSimple(src []byte, lines []text.Segment) bool {
	f.sp, f.sd = f.sp[:0], f.sd[:0]
	var seen uint8
	first := lines[0].Start
	for li := 0; li < len(lines); {
		pos, stop := lines[li].Start, lines[li].Stop
	line:
		for pos < stop {
			// The rest of the line, as the block reader's PeekLine gives
			// it; parseInline's line-end tests, of which a backslash
			// before the line break (a hard break) is declined here, and
			// two blanks before it (a hard break) read as a soft one does.
			rest := src[pos:stop]
			n := len(rest)
			nl := rest[n-1] == '\n'
			if nl && (n >= 3 && rest[n-2] == '\\' && rest[n-3] != '\\' || n == 2 && rest[0] == '\\') {
				return false
			}
			i := 0
			// Eight bytes at a time while none stops the scan.
			for ; i+8 <= n; i += 8 {
				w := rest[i : i+8 : i+8]
				k := mdSimpleStop[w[0]] | mdSimpleStop[w[1]] | mdSimpleStop[w[2]] | mdSimpleStop[w[3]] |
					mdSimpleStop[w[4]] | mdSimpleStop[w[5]] | mdSimpleStop[w[6]] | mdSimpleStop[w[7]]
				if k&specialByte != 0 {
					break
				}
				seen |= k
			}
			for ; i < n; i++ {
				k := mdSimpleStop[rest[i]]
				if k&specialByte != 0 {
					break
				}
				seen |= k
			}
			if i == n || rest[i] == '\n' {
				// The line's last text, trimmed on the right.
				e := pos + i
				e -= util.TrimRightSpaceLength(src[pos:e])
				f.sp = append(f.sp, spiece{kind: spText, brk: nl, line: int32(li), start: pos, end: e})
				break line
			}
			p := pos + i
			if i > 0 {
				f.sp = append(f.sp, spiece{kind: spText, start: pos, end: p})
			}
			switch c := src[p]; c {
			case '*', '_':
				if len(f.sd) >= mdMaxDelimiters {
					return false
				}
				pos = f.simpleDelimiter(src, p, stop, c, li == 0 && p <= first)
			case '`':
				var ok bool
				if pos, li, ok = f.simpleCodeSpan(src, lines, li, p, stop); ok {
					stop = lines[li].Stop
				}
			default:
				return false
			}
		}
		li++
	}
	f.seen = seen
	return true
}

// simpleDelimiter reads the delimiter run of c at p (parseEmphasis and
// scanDelimiter) and returns the position after it; atStart: p is the
// block's first byte.
func (f *mdFast) simpleDelimiter(src []byte, p, stop int, c byte, atStart bool) int {
	before := '\n'
	if !atStart && p > 0 {
		if b := src[p-1]; b < utf8.RuneSelf {
			before = rune(b)
		} else {
			before = precedingRune(src, p)
		}
	}
	j := p
	for j < stop && src[j] == c {
		j++
	}
	after := rune(' ')
	if j < stop {
		if b := src[j]; b < utf8.RuneSelf {
			after = rune(b)
		} else {
			after = util.ToRune(src[p:stop], j-p)
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
	f.sp = append(f.sp, spiece{kind: spDelim, start: len(f.sd)})
	f.sd = append(f.sd, sdelim{start: p, origLen: j - p, length: j - p, char: c,
		canOpen: canOpen, canClose: canClose, prev: int32(len(f.sd)) - 1, next: -1})
	return j
}

// precedingRune is the block reader's PrecendingCharacter before p (not
// the block's start) where src[p-1] is not ASCII.
func precedingRune(src []byte, p int) rune {
	i := p - 1
	for ; i < len(src) && i >= 0; i-- {
		if utf8.RuneStart(src[i]) {
			break
		}
	}
	if i < 0 || i >= len(src) {
		return '\n'
	}
	rn, _ := utf8.DecodeRune(src[i:])
	return rn
}

// simpleCodeSpan reads the code span opening at p on line li (which ends
// at stop), as parseCodeSpan does: it returns the position after it and
// its last line, and ok; or, with no closing run in the block, the
// position after the opening backticks (which are text) on line li.
func (f *mdFast) simpleCodeSpan(src []byte, lines []text.Segment, li, p, stop int) (int, int, bool) {
	q := p
	for q < stop && src[q] == '`' {
		q++
	}
	opener := q - p
	from, cl := q, li
	for {
		line := src[from:lines[cl].Stop]
		for i := 0; i < len(line); i++ {
			if line[i] == '`' {
				oldi := i
				for ; i < len(line) && line[i] == '`'; i++ {
				}
				if i-oldi == opener && (i >= len(line) || line[i] != '`') {
					f.sp = append(f.sp, spiece{kind: spCode, start: p, end: from + i})
					return from + i, cl, true
				}
			}
		}
		if cl++; cl >= len(lines) {
			f.sp = append(f.sp, spiece{kind: spText, start: p, end: q})
			return q, li, false
		}
		from = lines[cl].Start
	}
}

// simpleDelimiters is processDelimiters(fnNil) on the flat list f.sd: it
// leaves in each run's length the characters emphasis does not consume.
func (f *mdFast) simpleDelimiters() {
	d := f.sd
	if len(d) == 0 {
		return
	}
	for i := range len(d) - 1 {
		d[i].next = int32(i + 1)
	}
	unlink := func(x int32) {
		if p := d[x].prev; p >= 0 {
			d[p].next = d[x].next
		}
		if n := d[x].next; n >= 0 {
			d[n].prev = d[x].prev
		}
		d[x].prev, d[x].next = -1, -1
	}
	for closer := int32(0); closer >= 0; {
		c := &d[closer]
		if !c.canClose {
			closer = c.next
			continue
		}
		consume := 0
		found, maybeOpener := false, false
		opener := c.prev
		for ; opener >= 0; opener = d[opener].prev {
			if o := &d[opener]; o.canOpen && o.char == c.char {
				maybeOpener = true
				consume = simpleConsumption(o, c)
				if consume > 0 {
					found = true
					break
				}
			}
		}
		if !found {
			next := c.next
			if !maybeOpener && !c.canOpen {
				unlink(closer)
			}
			closer = next
			continue
		}
		o := &d[opener]
		o.length -= consume
		c.length -= consume
		for x := o.next; x >= 0 && x != closer; {
			next := d[x].next
			unlink(x)
			x = next
		}
		if o.length == 0 {
			unlink(opener)
		}
		if c.length == 0 {
			next := c.next
			unlink(closer)
			closer = next
		}
	}
}

// simpleConsumption is calcConsumption.
func simpleConsumption(o, c *sdelim) int {
	if (o.canClose || c.canOpen) && (o.origLen+c.origLen)%3 == 0 && c.origLen%3 != 0 {
		return 0
	}
	if o.length >= 2 && c.length >= 2 {
		return 2
	}
	return 1
}

// simpleEmit is fastEmit for the pieces of a simple block.
func (m *mdScoper) simpleEmit(f *mdFast, scope rules.Scope) {
	src := m.src
	www := false
	if f.seen&flagDot != 0 {
		first, last := m.lines[0], m.lines[len(m.lines)-1]
		www = hasWWW(src[first.Start:last.Stop])
	}
	flags := f.seen&(flagDollar|flagURL|flagProse) != 0 || f.seen&flagDot != 0 && www
	m.dollar, m.url = false, false
	b := &m.cur
	b.segs = b.segs[:0]
	m.code = mdHTMLCode{}
	for _, p := range f.sp {
		start, end := p.start, p.end
		switch p.kind {
		case spCode:
			b.opaque(start, end)
			continue
		case spDelim:
			d := &f.sd[start]
			start, end = d.start, d.start+d.length
			if end == start {
				continue
			}
		}
		prose := false
		if flags {
			var dollar, url bool
			dollar, url, prose = textFlags(src[start:end])
			m.dollar = m.dollar || dollar
			m.url = m.url || url
		}
		if prose {
			addProse(b, src, start, end, optEntities|optMDEscapes)
		} else {
			b.raw(start, end)
		}
		if p.brk {
			m.lineBreakAt(b, end, int(p.line))
		}
	}
	if m.url {
		b.segs = cutURLs(src, b.segs)
	}
	if m.dollar {
		b.segs = cutMath(src, b.segs)
	}
	b.take(m.sc, src, scope)
}
