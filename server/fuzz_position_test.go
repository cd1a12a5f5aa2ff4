package server

import (
	"math"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"
)

// A reference for position conversion, written for clarity, not speed:
// the text's characters are what a Go range loop yields (an invalid
// UTF-8 byte is one U+FFFD), and a line ends after "\n", "\r\n" or a lone
// "\r".

var allEncodings = []string{encUTF16, encUTF8, encUTF32}

// refLine is one line: where it starts and where its content ends
// (before the line break).
type refLine struct{ start, end int }

func refLines(text string) []refLine {
	var lines []refLine
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' && text[i] != '\r' {
			continue
		}
		lines = append(lines, refLine{start, i})
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		start = i + 1
	}
	return append(lines, refLine{start, len(text)})
}

// refWidth is the width in enc's code units of character r, which took
// size bytes.
func refWidth(r rune, size int, enc string) int {
	switch enc {
	case encUTF8:
		return size
	case encUTF32:
		return 1
	}
	return len(utf16.Encode([]rune{r}))
}

// refBoundaries are the offsets where characters start, and len(text).
func refBoundaries(text string) []int {
	var out []int
	for i := range text {
		out = append(out, i)
	}
	return append(out, len(text))
}

// refPosition is the position of byte offset off (a character boundary);
// an offset inside a "\r\n" is the end of its line.
func refPosition(text string, off int, enc string) protocol.Position {
	return refPositionIn(text, refLines(text), off, enc)
}

// refPositionIn is refPosition with the text's lines already split.
func refPositionIn(text string, lines []refLine, off int, enc string) protocol.Position {
	l := len(lines) - 1
	for lines[l].start > off {
		l--
	}
	off = min(off, lines[l].end)
	n := 0
	seg := text[lines[l].start:off]
	for i, r := range seg {
		n += refWidth(r, runeSize(seg[i:]), enc)
	}
	return protocol.Position{Line: uint32(l), Character: uint32(n)}
}

// runeSize is the size of the first character of s, as a range loop
// decodes it.
func runeSize(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}

// refOffset is the byte offset of position p, by the server's rules: a
// character past its line's end is the line's end (the LSP spec); a
// character inside a character (a surrogate pair, a UTF-8 sequence) is
// that character's start; a line past the last one is out of range,
// except the line after the last with character 0 (the end of the text).
func refOffset(text string, p protocol.Position, enc string) (int, bool) {
	return refOffsetIn(text, refLines(text), p, enc)
}

// refOffsetIn is refOffset with the text's lines already split.
func refOffsetIn(text string, lines []refLine, p protocol.Position, enc string) (int, bool) {
	if int64(p.Line) >= int64(len(lines)) {
		if int64(p.Line) == int64(len(lines)) && p.Character == 0 {
			return len(text), true
		}
		return 0, false
	}
	ln := lines[p.Line]
	off, n := ln.start, 0
	for _, r := range text[ln.start:ln.end] {
		size := runeSize(text[off:ln.end])
		w := refWidth(r, size, enc)
		if int64(n+w) > int64(p.Character) {
			break
		}
		n += w
		off += size
	}
	return off, true
}

// FuzzPositionRoundTrip checks lineIndex against the reference: at every
// character boundary, offset → position → offset is the identity and the
// position is the reference's, in every encoding; characters past a
// line's end clamp to it; and lines past the end are errors.
func FuzzPositionRoundTrip(f *testing.F) {
	for _, s := range []string{
		"", "a", "ab\r\n😀x\rc日\n\né🎉z", "\r", "\n", "\r\n", "\r\r\n\n", "x\r", "é\r\n",
		"😀😀\n😀", "a\x80b", "\xe6\x97", "\xe6\x97\n\xf0\x9f\x98", "\xed\xa0\x80", // surrogate encoded in UTF-8: invalid
		"\xf0\x9f\x98\x80\x80\x80", "\xc0\xaf", "\xff\xfe\r\n\x80", "\U0010FFFF\u2028",
	} {
		f.Add(s, uint32(0), uint32(1))
		f.Add(s, uint32(1), uint32(math.MaxUint32))
	}
	f.Fuzz(func(t *testing.T, text string, line, char uint32) {
		// Every boundary is converted, each in O(line length): keep the
		// text short (the properties are local), so that an input costs
		// well under a millisecond and minimizing one takes seconds.
		if len(text) > 128 {
			text = text[:128]
		}
		x := newLineIndex([]byte(text))
		lines := refLines(text)
		if x.lines() != len(lines) {
			t.Fatalf("%q: %d lines, want %d", text, x.lines(), len(lines))
		}
		for l, ln := range lines {
			if x.lineStart(l) != ln.start || x.lineEnd(l) != ln.end {
				t.Fatalf("%q: line %d is [%d,%d), want [%d,%d)", text, l, x.lineStart(l), x.lineEnd(l), ln.start, ln.end)
			}
		}
		bounds := refBoundaries(text)
		isBound := make([]bool, len(text)+1)
		for _, b := range bounds {
			isBound[b] = true
		}
		for _, enc := range allEncodings {
			conv := x.converter(enc)
			for _, off := range bounds {
				p := x.position(off, enc)
				if want := refPositionIn(text, lines, off, enc); p != want {
					t.Fatalf("%q %s: position(%d) = %v, want %v", text, enc, off, p, want)
				}
				if cp := conv.position(off); cp != p {
					t.Fatalf("%q %s: converter position(%d) = %v, want %v", text, enc, off, cp, p)
				}
				inCRLF := off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n'
				back, err := x.offset(p, enc)
				if err != nil || (!inCRLF && back != off) || (inCRLF && back != off-1) {
					t.Fatalf("%q %s: %d → %v → %d, %v", text, enc, off, p, back, err)
				}
			}
			// Offsets inside a character: a position on the right line,
			// no panic.
			for off := 0; off <= len(text); off++ {
				if p := x.position(off, enc); int(p.Line) >= len(lines) || lines[p.Line].start > off {
					t.Fatalf("%q %s: position(%d) = %v", text, enc, off, p)
				}
			}
			// Past the end of each line: its end.
			for l, ln := range lines {
				width := refPositionIn(text, lines, ln.end, enc).Character
				for _, c := range []uint32{width + 1, width + 7, math.MaxUint32} {
					if c < width {
						continue
					}
					got, err := x.offset(protocol.Position{Line: uint32(l), Character: c}, enc)
					if err != nil || got != ln.end {
						t.Fatalf("%q %s: offset(%d:%d) = %d, %v; want the line's end %d", text, enc, l, c, got, err, ln.end)
					}
				}
			}
			// Past the last line.
			n := uint32(len(lines))
			for _, p := range []protocol.Position{{Line: n}, {Line: n, Character: 1}, {Line: n + 1}, {Line: math.MaxUint32, Character: math.MaxUint32}} {
				got, err := x.offset(p, enc)
				want, ok := refOffsetIn(text, lines, p, enc)
				if ok != (err == nil) || ok && got != want {
					t.Fatalf("%q %s: offset(%v) = %d, %v; want %d, %v", text, enc, p, got, err, want, ok)
				}
			}
			// The fuzzed position, and every character of its line.
			p := protocol.Position{Line: line % (n + 2), Character: char}
			ps := []protocol.Position{p, {Line: line, Character: char}}
			if int(p.Line) < len(lines) {
				for c := range uint32(refPositionIn(text, lines, lines[p.Line].end, enc).Character + 2) {
					ps = append(ps, protocol.Position{Line: p.Line, Character: c})
				}
			}
			for _, p := range ps {
				got, err := x.offset(p, enc)
				want, ok := refOffsetIn(text, lines, p, enc)
				if ok != (err == nil) || ok && got != want {
					t.Fatalf("%q %s: offset(%v) = %d, %v; want %d, %v", text, enc, p, got, err, want, ok)
				}
				if ok && !isBound[got] {
					t.Fatalf("%q %s: offset(%v) = %d, not a character boundary", text, enc, p, got)
				}
			}
		}
	})
}
