package format

import (
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The simple inline path. Most blocks of a document hold nothing but
// text, emphasis, code spans and inline links; for them the fast
// scanner's tree (a node per piece of text, goldmark's delimiter and label
// lists, the block reader) is more machinery than the chunk needs. What a
// block's chunk depends on is the order of its pieces in the source —
// text, delimiter runs, code spans, a link's syntax (gaps) — and, of each
// delimiter run, how many of its characters emphasis leaves as text:
// emphasis and link nodes only regroup pieces that stay in source order,
// and the chunk builder joins touching text however goldmark's nodes cut
// it. (emit's textFlags looks for '$', '&', '\\', '@', "://" and "www.",
// none of which a cut at a delimiter, backtick or bracket can split.)
//
// So simpleBlock reads the block's bytes directly, as parseInline reads
// them through the block reader (the same line-end rules, the same
// delimiter classes, the code span parser's search, the link parser's
// label and bottom, goldmark's ProcessDelimiters on a flat list), and
// emits the pieces as fastEmit emits the tree. It declines — having
// emitted nothing — a block with other inline syntax ('\\', '<', '~', an
// image, a label inside a label, a reference link, a link destination or
// title it does not read, a possible task checkbox, '\r') or as many
// delimiter runs as mdMaxDelimiters; parseInline then reads it. Links
// resolve by reference nowhere here: the fast block scanner never reads a
// document with a link reference definition. The differential tests
// (checkFastEqualsGoldmark, the fuzz target) hold it to goldmark's output
// like the rest of the scanner.

// spKind is the kind of a piece of a simple block.
type spKind uint8

const (
	spText  spKind = iota
	spDelim        // a delimiter run: start is its index in mdFast.sd
	spCode         // a code span, backticks included
	spGap          // a link's '[' (no text)
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
	gone                   bool // off the list
	prev, next             int32
}

// mdSimpleStop is mdFastSpecial with '\r' special too: simpleBlock stops
// where parseInline does, and at a '\r'.
var mdSimpleStop = func() [256]uint8 {
	t := mdFastSpecial
	t['\r'] |= specialByte
	return t
}()

// mdTaskMark marks the bytes goldmark's task checkbox pattern,
// `^\[([\sxX])\]\s*`, takes between the brackets (and '\v' too).
var mdTaskMark = func() (t [256]bool) {
	for _, c := range []byte("\t\n\v\f\r xX") {
		t[c] = true
	}
	return
}()

// simpleBlock scopes a block of padding-free lines (m.lines) if it holds
// only text, emphasis and code spans, and reports whether it did.
// taskOK: the block is the first of a list item.
func (m *mdScoper) simpleBlock(f *mdFast, scope rules.Scope, taskOK bool) bool {
	if !f.parseSimple(m.src, m.lines, taskOK) {
		return false
	}
	f.simpleDelimiters(f.sdHead, -1)
	m.simpleEmit(f, scope)
	return true
}

// parseSimple reads the block's pieces into f.sp and its delimiter runs
// into f.sd (and the flags of the bytes it passed into f.seen). It
// reports false if the block holds anything else.
func (f *mdFast) parseSimple(src []byte, lines []text.Segment, taskOK bool) bool {
	f.sp, f.sd = f.sp[:0], f.sd[:0]
	f.sdHead, f.sdTail = -1, -1
	var seen uint8
	first := lines[0].Start
	// The open link label: its piece, the delimiter runs before it, and
	// the last of them on the list (goldmark's bottom).
	label, labelD, bottom := -1, 0, int32(-1)
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
			i, k := plainRun(&mdSimpleStop, rest, 0)
			seen |= k
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
			case '!':
				if p+1 < stop && src[p+1] == '[' {
					return false // an image
				}
				// Text: goldmark's link parser takes nothing here.
				f.sp = append(f.sp, spiece{kind: spText, start: p, end: p + 1})
				pos = p + 1
			case '[':
				if label >= 0 || taskOK && len(f.sp) == 0 && p+2 < stop && src[p+2] == ']' && mdTaskMark[src[p+1]] {
					return false // a nested label, or a task checkbox
				}
				label, labelD, bottom = len(f.sp), len(f.sd), f.sdTail
				f.sp = append(f.sp, spiece{kind: spText, start: p, end: p + 1})
				pos = p + 1
			case ']':
				pos = p + 1
				if label < 0 {
					// No label: text.
					f.sp = append(f.sp, spiece{kind: spText, start: p, end: p + 1})
					break
				}
				end, ok := simpleInlineLink(src, pos, stop)
				if !ok {
					return false
				}
				if end < 0 {
					// Not followed by "(": the label and ']' are text (a
					// shortcut reference would need a definition, and
					// documents with one never come here).
					f.sp = append(f.sp, spiece{kind: spText, start: p, end: p + 1})
					label = -1
					break
				}
				// A link: '[' and "](...)" are gaps; the delimiter runs in
				// its text are processed down to the bottom, and what is
				// left of them is text.
				f.sp[label].kind = spGap
				label = -1
				if labelD < len(f.sd) {
					f.simpleDelimiters(int32(labelD), bottom)
					for x := labelD; x < len(f.sd); x++ {
						f.sdUnlink(int32(x))
					}
				}
				pos = end
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
	x := int32(len(f.sd))
	f.sp = append(f.sp, spiece{kind: spDelim, start: int(x)})
	f.sd = append(f.sd, sdelim{start: p, origLen: j - p, length: j - p, char: c,
		canOpen: canOpen, canClose: canClose, prev: f.sdTail, next: -1})
	if f.sdTail >= 0 {
		f.sd[f.sdTail].next = x
	} else {
		f.sdHead = x
	}
	f.sdTail = x
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

// simpleDelimiters is processDelimiters on the flat list, from closer
// first down to bottom (-1: the whole list): it leaves in each run's
// length the characters emphasis does not consume. What goldmark then
// clears from the list keeps its length.
func (f *mdFast) simpleDelimiters(first, bottom int32) {
	d := f.sd
	for closer := first; closer >= 0; {
		c := &d[closer]
		if !c.canClose {
			closer = c.next
			continue
		}
		consume := 0
		found, maybeOpener := false, false
		opener := c.prev
		for ; opener >= 0 && opener != bottom; opener = d[opener].prev {
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
				f.sdUnlink(closer)
			}
			closer = next
			continue
		}
		o := &d[opener]
		o.length -= consume
		c.length -= consume
		for x := o.next; x >= 0 && x != closer; {
			next := d[x].next
			f.sdUnlink(x)
			x = next
		}
		if o.length == 0 {
			f.sdUnlink(opener)
		}
		if c.length == 0 {
			next := c.next
			f.sdUnlink(closer)
			closer = next
		}
	}
}

// sdUnlink takes delimiter run x off the list (if it is on it).
func (f *mdFast) sdUnlink(x int32) {
	d := f.sd
	if d[x].gone {
		return
	}
	p, n := d[x].prev, d[x].next
	if p >= 0 {
		d[p].next = n
	} else {
		f.sdHead = n
	}
	if n >= 0 {
		d[n].prev = p
	} else {
		f.sdTail = p
	}
	d[x].prev, d[x].next, d[x].gone = -1, -1, true
}

// simpleInlineLink reads what follows a label's ']' (pos, on a line
// ending at stop) as parseInlineLink does, for a destination on the same
// line and no title: it returns the position after the link's ')', or -1
// if no '(' follows; ok false declines the block (any other form).
func simpleInlineLink(src []byte, pos, stop int) (end int, ok bool) {
	if pos >= stop || src[pos] != '(' {
		if pos < stop && src[pos] == '[' {
			return -1, false // maybe a reference link
		}
		return -1, true
	}
	i := skipLineSpaces(src, pos+1, stop)
	if i < stop && src[i] == ')' {
		return i + 1, true // "[text]()"
	}
	if i >= stop || src[i] == '<' || util.IsSpace(src[i]) {
		return -1, false
	}
	// linkRefDestination's unbracketed form.
	opened := 0
	j := i
	for ; j < stop; j++ {
		c := src[j]
		if c == '\\' {
			return -1, false
		}
		if c == '(' {
			opened++
		} else if c == ')' {
			if opened--; opened < 0 {
				break
			}
		} else if util.IsSpace(c) {
			break
		}
	}
	if j == i {
		return -1, false
	}
	j = skipLineSpaces(src, j, stop)
	if j < stop && src[j] == ')' {
		return j + 1, true
	}
	return -1, false // a title, a destination over lines, or no link
}

// skipLineSpaces skips white space from i other than a line break (a
// block reader's SkipSpaces would go on to the next line: declined).
func skipLineSpaces(src []byte, i, stop int) int {
	for i < stop && src[i] != '\n' && util.IsSpace(src[i]) {
		i++
	}
	return i
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
	first, last := m.lines[0], m.lines[len(m.lines)-1]
	f.narrowFlags(src[first.Start:last.Stop])
	flags := f.seen&(flagDollar|flagURL|flagProse) != 0 || f.seen&flagDot != 0 && f.www
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
		case spGap:
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
