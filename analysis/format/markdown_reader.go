package format

import (
	"io"
	"regexp"
	"unicode/utf8"

	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdReader is goldmark's text.blockReader (text/reader.go, goldmark
// v1.8.7) as a concrete type over a block's lines (without LineOffset,
// which the inline parsers do not use, nor the head it needs): the fast inline
// scanner calls it for nearly every byte it does not skip, and through
// the text.Reader interface none of those calls is inlined. Its methods
// are goldmark's, line for line; where goldmark's helpers take the
// interface (skipSpacesReader, findClosureReader, matchReader) they are
// copied too.
type mdReader struct {
	source []byte
	lines  []text.Segment
	line   int
	pos    text.Segment
	last   int
}

const mdInvalid = -1 // goldmark's invalidValue

// reset reads lines of source from the start.
func (r *mdReader) reset(source []byte, lines []text.Segment) {
	r.source, r.lines = source, lines
	r.line = -1
	r.last = 0
	r.pos = text.Segment{Start: -1, Stop: -1}
	if len(lines) > 0 {
		r.last = lines[len(lines)-1].Stop
	}
	r.AdvanceLine()
}

func (r *mdReader) Source() []byte { return r.source }

func (r *mdReader) PrecendingCharacter() rune {
	if r.pos.Padding != 0 {
		return ' '
	}
	if len(r.lines) < 1 {
		return '\n'
	}
	if r.line == 0 && r.pos.Start <= r.lines[0].Start {
		return '\n'
	}
	l := len(r.source)
	i := r.pos.Start - 1
	if i >= 0 && i < l && r.source[i] < utf8.RuneSelf {
		return rune(r.source[i])
	}
	for ; i < l && i >= 0; i-- {
		if utf8.RuneStart(r.source[i]) {
			break
		}
	}
	if i < 0 || i >= l {
		return '\n'
	}
	rn, _ := utf8.DecodeRune(r.source[i:])
	return rn
}

func (r *mdReader) Peek() byte {
	if r.line < len(r.lines) && r.pos.Start >= 0 && r.pos.Start < r.last {
		if r.pos.Padding != 0 {
			return ' '
		}
		return r.source[r.pos.Start]
	}
	return text.EOF
}

func (r *mdReader) PeekLine() ([]byte, text.Segment) {
	if p := r.pos; p.Padding == 0 && r.line < len(r.lines) && p.Start < r.last && p.Start >= 0 {
		return r.source[p.Start:p.Stop], p
	}
	return r.peekSlow()
}

// peekSlow is PeekLine with padding or at the end.
//
//go:noinline
func (r *mdReader) peekSlow() ([]byte, text.Segment) {
	if r.line < len(r.lines) && r.pos.Start >= 0 && r.pos.Start < r.last {
		return r.pos.Value(r.source), r.pos
	}
	return nil, r.pos
}

func (r *mdReader) Advance(n int) {
	if p := &r.pos; n < p.Stop-p.Start && p.Padding == 0 {
		p.Start += n
		return
	}
	r.advanceSlow(n)
}

// advanceSlow is Advance across padding or a line's end.
//
//go:noinline
func (r *mdReader) advanceSlow(n int) {
	for ; n > 0; n-- {
		if r.pos.Padding != 0 {
			r.pos.Padding--
			continue
		}
		if r.pos.Start >= r.pos.Stop-1 && r.pos.Stop < r.last {
			r.AdvanceLine()
			continue
		}
		r.pos.Start++
	}
}

func (r *mdReader) AdvanceLine() {
	r.line++
	if r.line < len(r.lines) {
		r.pos = r.lines[r.line]
	}
}

func (r *mdReader) Position() (int, text.Segment) { return r.line, r.pos }

func (r *mdReader) SetPosition(line int, pos text.Segment) {
	r.line = line
	if pos.Start == mdInvalid {
		if r.line < len(r.lines) {
			r.pos = r.lines[line]
		}
		return
	}
	r.pos = pos
}

// ReadRune is goldmark's readRuneReader (io.RuneReader, for Match).
func (r *mdReader) ReadRune() (rune, int, error) {
	line, _ := r.PeekLine()
	if line == nil {
		return 0, 0, io.EOF
	}
	rn, size := utf8.DecodeRune(line)
	if rn == utf8.RuneError {
		return 0, 0, io.EOF
	}
	r.Advance(size)
	return rn, size, nil
}

// SkipSpaces is goldmark's skipSpacesReader.
func (r *mdReader) SkipSpaces() (text.Segment, int, bool) {
	chars := 0
	for {
		line, segment := r.PeekLine()
		if line == nil {
			return segment, chars, false
		}
		if segment.Padding == 0 {
			// The blanks before the line's first other byte, skipped at
			// once: each of goldmark's Advance(1) stays in the line.
			i := 0
			for i < len(line) && util.IsSpace(line[i]) {
				i++
			}
			if i < len(line) {
				r.Advance(i)
				return segment.WithStart(segment.Start + i + 1), chars + i, true
			}
		}
		for i, c := range line {
			if util.IsSpace(c) {
				chars++
				r.Advance(1)
				continue
			}
			return segment.WithStart(segment.Start + i + 1), chars, true
		}
	}
}

// Match is goldmark's matchReader.
func (r *mdReader) Match(reg *regexp.Regexp) bool {
	oldline, oldseg := r.Position()
	match := reg.FindReaderSubmatchIndex(r)
	r.SetPosition(oldline, oldseg)
	if match == nil {
		return false
	}
	r.Advance(match[1] - match[0])
	return true
}

// FindClosure is goldmark's findClosureReader.
func (r *mdReader) FindClosure(opener, closer byte, opts text.FindClosureOptions) (*text.Segments, bool) {
	opened := 1
	codeSpanOpener := 0
	closed := false
	orgline, orgpos := r.Position()
	var ret *text.Segments

	for {
		bs, seg := r.PeekLine()
		if bs == nil {
			goto end
		}
		i := 0
		for i < len(bs) {
			c := bs[i]
			if opts.CodeSpan && codeSpanOpener != 0 && c == '`' {
				codeSpanCloser := 0
				for ; i < len(bs); i++ {
					if bs[i] == '`' {
						codeSpanCloser++
					} else {
						i--
						break
					}
				}
				if codeSpanCloser == codeSpanOpener {
					codeSpanOpener = 0
				}
			} else if codeSpanOpener == 0 && c == '\\' && i < len(bs)-1 && util.IsPunct(bs[i+1]) {
				i += 2
				continue
			} else if opts.CodeSpan && codeSpanOpener == 0 && c == '`' {
				for ; i < len(bs); i++ {
					if bs[i] == '`' {
						codeSpanOpener++
					} else {
						i--
						break
					}
				}
			} else if (opts.CodeSpan && codeSpanOpener == 0) || !opts.CodeSpan {
				if c == closer {
					opened--
					if opened == 0 {
						if ret == nil {
							ret = text.NewSegments()
						}
						ret.Append(seg.WithStop(seg.Start + i - seg.Padding))
						r.Advance(i + 1)
						closed = true
						goto end
					}
				} else if c == opener {
					if !opts.Nesting {
						goto end
					}
					opened++
				}
			}
			i++
		}
		if !opts.Newline {
			goto end
		}
		r.AdvanceLine()
		if ret == nil {
			ret = text.NewSegments()
		}
		ret.Append(seg)
	}
end:
	if !opts.Advance {
		r.SetPosition(orgline, orgpos)
	}
	if closed {
		return ret, true
	}
	return nil, false
}
