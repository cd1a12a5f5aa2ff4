package server

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// lineIndex maps between byte offsets of one immutable text and LSP
// positions. A line ends after "\n", "\r\n" or a lone "\r", as LSP says.
type lineIndex struct {
	text   []byte
	starts []int // byte offset where each line starts; starts[0] == 0
	ascii  bool  // the text is all ASCII: every encoding counts bytes
	hasCR  bool  // the text holds a "\r"
}

func newLineIndex(text []byte) *lineIndex {
	n := bytes.Count(text, []byte{'\n'})
	starts := make([]int, 1, n+2)
	hasCR := bytes.IndexByte(text, '\r') >= 0
	if !hasCR {
		for i := 0; ; {
			j := bytes.IndexByte(text[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			starts = append(starts, i)
		}
	} else {
		for i := 0; i < len(text); i++ {
			switch text[i] {
			case '\n':
				starts = append(starts, i+1)
			case '\r':
				if i+1 < len(text) && text[i+1] == '\n' {
					i++
				}
				starts = append(starts, i+1)
			}
		}
	}
	return &lineIndex{text: text, starts: starts, ascii: isASCII(text), hasCR: hasCR}
}

func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if (uint64(b[0])|uint64(b[1])|uint64(b[2])|uint64(b[3])|
			uint64(b[4])|uint64(b[5])|uint64(b[6])|uint64(b[7]))&0x80 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// edited returns the index of text, which is x's text with [s, e)
// replaced by ins, reusing x's line starts outside the edit. It rebuilds
// from scratch when a "\r" is involved (a "\r\n" may form or split).
func (x *lineIndex) edited(text []byte, s, e int, ins string) *lineIndex {
	if x.hasCR || strings.IndexByte(ins, '\r') >= 0 {
		return newLineIndex(text)
	}
	delta := len(ins) - (e - s)
	// Starts at or before s keep their place; starts after e move;
	// starts inside (s, e] went with the removed text.
	keep := sort.SearchInts(x.starts, s+1)  // starts <= s
	after := sort.SearchInts(x.starts, e+1) // first start > e
	nl := strings.Count(ins, "\n")
	starts := make([]int, 0, keep+nl+len(x.starts)-after)
	starts = append(starts, x.starts[:keep]...)
	for i := 0; i < len(ins); i++ {
		if ins[i] == '\n' {
			starts = append(starts, s+i+1)
		}
	}
	for _, st := range x.starts[after:] {
		starts = append(starts, st+delta)
	}
	return &lineIndex{text: text, starts: starts, ascii: x.ascii && isASCII([]byte(ins))}
}

// lines is the number of lines (at least 1).
func (x *lineIndex) lines() int { return len(x.starts) }

// line is the 0-based line holding byte offset off.
func (x *lineIndex) line(off int) int {
	off = max(0, min(off, len(x.text)))
	return sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
}

// lineStart is where line l starts.
func (x *lineIndex) lineStart(l int) int {
	if l >= len(x.starts) {
		return len(x.text)
	}
	return x.starts[max(l, 0)]
}

// lineEnd is where line l's content ends (before its line break).
func (x *lineIndex) lineEnd(l int) int {
	if l+1 >= len(x.starts) {
		return len(x.text)
	}
	end := x.starts[l+1]
	if end > 0 && x.text[end-1] == '\n' {
		end--
	}
	if end > x.starts[l] && x.text[end-1] == '\r' {
		end--
	}
	return end
}

// position converts a byte offset to an LSP position in encoding enc.
func (x *lineIndex) position(off int, enc string) protocol.Position {
	off = max(0, min(off, len(x.text)))
	l := x.line(off)
	ls := x.starts[l]
	if le := x.lineEnd(l); off > le {
		off = le // inside a "\r\n"
	}
	return protocol.Position{Line: uint32(l), Character: uint32(x.units(x.text[ls:off], enc))}
}

// units is the length of b in enc's code units.
func (x *lineIndex) units(b []byte, enc string) int {
	if x.ascii || enc == encUTF8 {
		return len(b)
	}
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			n++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if enc == encUTF16 && r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// rangeOf converts byte offsets to an LSP range.
func (x *lineIndex) rangeOf(start, end int, enc string) protocol.Range {
	return protocol.Range{Start: x.position(start, enc), End: x.position(end, enc)}
}

// converter converts many offsets, mostly ascending, in linear time even
// on one very long non-ASCII line: it continues counting from the last
// offset converted on the same line. Not safe for concurrent use.
type converter struct {
	x     *lineIndex
	enc   string
	line  int
	off   int // last offset converted on line
	units int // its column
}

func (x *lineIndex) converter(enc string) *converter {
	return &converter{x: x, enc: enc, line: -1}
}

func (c *converter) position(off int) protocol.Position {
	x := c.x
	if x.ascii || c.enc == encUTF8 {
		return x.position(off, c.enc)
	}
	off = max(0, min(off, len(x.text)))
	l := x.line(off)
	if le := x.lineEnd(l); off > le {
		off = le
	}
	from, units := x.starts[l], 0
	if l == c.line && off >= c.off {
		from, units = c.off, c.units
	}
	units += x.units(x.text[from:off], c.enc)
	c.line, c.off, c.units = l, off, units
	return protocol.Position{Line: uint32(l), Character: uint32(units)}
}

func (c *converter) rangeOf(start, end int) protocol.Range {
	return protocol.Range{Start: c.position(start), End: c.position(end)}
}

// errOutOfRange is a position past the end of the document.
type errOutOfRange struct {
	pos   protocol.Position
	lines int
}

func (e *errOutOfRange) Error() string {
	return fmt.Sprintf("position %d:%d is outside the document (%d lines)", e.pos.Line, e.pos.Character, e.lines)
}

// offset converts an LSP position to a byte offset. A character past the
// end of its line means the line's end (as the spec says); a position
// inside a character (a UTF-16 surrogate pair, a UTF-8 sequence) snaps to
// the character's start. A line past the last one is an error, except
// line == lines() with character 0, which some clients use for the end of
// the document.
func (x *lineIndex) offset(p protocol.Position, enc string) (int, error) {
	l := int(p.Line)
	if l >= len(x.starts) {
		if l == len(x.starts) && p.Character == 0 {
			return len(x.text), nil
		}
		return 0, &errOutOfRange{pos: p, lines: len(x.starts)}
	}
	ls, le := x.starts[l], x.lineEnd(l)
	want := int(p.Character)
	if x.ascii || enc == encUTF8 {
		return charStart(x.text, ls, min(ls+want, le)), nil
	}
	n, off := 0, ls
	for off < le && n < want {
		r, size := utf8.DecodeRune(x.text[off:le])
		w := 1
		if enc == encUTF16 && r >= 0x10000 {
			w = 2
		}
		if n+w > want {
			break // inside a surrogate pair: snap to the rune's start
		}
		n += w
		off += size
	}
	return off, nil
}

// charStart returns the start of the character holding byte off (from is
// its line's start): off itself unless off is inside a valid multi-byte
// UTF-8 sequence. Characters are what utf8.DecodeRune decodes: an invalid
// byte is one of its own, even a continuation byte.
func charStart(text []byte, from, off int) int {
	if off >= len(text) || utf8.RuneStart(text[off]) {
		return off
	}
	// The lead byte of a sequence holding off is at most 3 bytes back;
	// a lead byte always starts a character.
	for c := off - 1; c >= max(from, off-utf8.UTFMax+1); c-- {
		if utf8.RuneStart(text[c]) {
			if _, size := utf8.DecodeRune(text[c:]); c+size > off {
				return c
			}
			return off
		}
	}
	return off
}

// offsets converts an LSP range to byte offsets.
func (x *lineIndex) offsets(r protocol.Range, enc string) (int, int, error) {
	s, err := x.offset(r.Start, enc)
	if err != nil {
		return 0, 0, err
	}
	e, err := x.offset(r.End, enc)
	if err != nil {
		return 0, 0, err
	}
	if e < s {
		return 0, 0, fmt.Errorf("range end %d:%d is before its start %d:%d", r.End.Line, r.End.Character, r.Start.Line, r.Start.Character)
	}
	return s, e, nil
}
