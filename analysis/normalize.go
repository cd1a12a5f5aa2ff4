package analysis

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// The checked text of a document is built once per check into one
// normalized buffer: case folded (unless kept), typographic variants folded,
// and every run of white space collapsed to one space. Chunks are separated
// by chunkSep, a byte no phrase contains, so no match crosses a chunk.
//
// Offsets map back to the source through runs. Within a linear run, byte i of
// the buffer comes from source byte src+(i-norm); a non-linear run (a
// collapsed character whose folded form has another length, or a synthetic
// segment such as an HTML entity) maps as a whole to [src, srcEnd).

const (
	chunkSep = 0x00 // between chunks
	hardSep  = 0x01 // a paragraph break inside a chunk (two line breaks)
)

type run struct {
	norm   int32 // first byte of the run in the normalized buffer
	src    int32 // source offset of that byte
	srcEnd int32 // source offset just past the run (including skipped white space)
	linear bool
}

// textBuilder appends source text to the normalized buffer.
type textBuilder struct {
	norm []byte
	runs []run
	fold bool // fold case

	inSpace  bool // the last emitted byte is a collapsed space
	newlines int  // line breaks in the current white-space run
	spaceAt  int  // index in norm of the current run's space
	lastCR   bool
}

func (b *textBuilder) reset(fold bool) {
	b.norm = b.norm[:0]
	b.runs = b.runs[:0]
	b.fold = fold
	b.inSpace = false
	b.newlines = 0
	b.lastCR = false
}

// cur returns the open run, or nil.
func (b *textBuilder) cur() *run {
	if len(b.runs) == 0 {
		return nil
	}
	return &b.runs[len(b.runs)-1]
}

// emitLinear appends one byte that comes from source byte at srcPos.
func (b *textBuilder) emitLinear(c byte, srcPos int) {
	r := b.cur()
	if r == nil || !r.linear || int(r.src)+(len(b.norm)-int(r.norm)) != srcPos || int(r.srcEnd) != srcPos {
		b.runs = append(b.runs, run{norm: int32(len(b.norm)), src: int32(srcPos), linear: true})
		r = b.cur()
	}
	b.norm = append(b.norm, c)
	r.srcEnd = int32(srcPos + 1)
}

// emitLinearBytes appends bytes that are a verbatim copy of source starting at srcPos.
func (b *textBuilder) emitLinearBytes(p []byte, srcPos int) {
	r := b.cur()
	if r == nil || !r.linear || int(r.src)+(len(b.norm)-int(r.norm)) != srcPos || int(r.srcEnd) != srcPos {
		b.runs = append(b.runs, run{norm: int32(len(b.norm)), src: int32(srcPos), linear: true})
		r = b.cur()
	}
	b.norm = append(b.norm, p...)
	r.srcEnd = int32(srcPos + len(p))
}

// emitUnit appends bytes standing for the source range [srcStart, srcEnd) as a whole.
func (b *textBuilder) emitUnit(p []byte, srcStart, srcEnd int) {
	b.runs = append(b.runs, run{norm: int32(len(b.norm)), src: int32(srcStart), srcEnd: int32(srcEnd)})
	b.norm = append(b.norm, p...)
}

// skip extends the open run over source bytes that produce no output.
func (b *textBuilder) skip(srcEnd int) {
	if r := b.cur(); r != nil && int(r.srcEnd) < srcEnd {
		r.srcEnd = int32(srcEnd)
	}
}

// space handles one white-space character (source [srcStart, srcEnd)).
func (b *textBuilder) space(c rune, srcStart, srcEnd int) {
	nl := false
	switch c {
	case '\n':
		nl = !b.lastCR
	case '\r':
		nl = true
	}
	b.lastCR = c == '\r'
	if b.inSpace {
		if nl {
			b.newlines++
			if b.newlines == 2 {
				b.norm[b.spaceAt] = hardSep
			}
		}
		// Extend the open run only over touching source: across skipped
		// markup (a gap between segments) the run must keep its end, or
		// the gap would look contiguous and get an automatic fix.
		if r := b.cur(); r != nil && int(r.srcEnd) >= srcStart {
			b.skip(srcEnd)
		}
		return
	}
	b.inSpace = true
	b.newlines = 0
	if nl {
		b.newlines = 1
	}
	b.spaceAt = len(b.norm)
	if c == ' ' && srcEnd-srcStart == 1 {
		b.emitLinear(' ', srcStart)
	} else {
		b.emitUnit([]byte{' '}, srcStart, srcEnd)
	}
}

// endChunk closes a chunk.
func (b *textBuilder) endChunk(srcPos int) {
	b.emitUnit([]byte{chunkSep}, srcPos, srcPos)
	b.inSpace = false
	b.lastCR = false
}

// foldASCII maps A-Z to a-z.
var foldASCII = func() (t [128]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i + 'a' - 'A')
		}
	}
	return
}()

// asciiClass sorts ASCII bytes for the fast path: 0 maps to one byte, 1 is
// white space, 2 needs the careful path.
var asciiClass = func() (t [256]uint8) {
	for i := range t {
		switch {
		case i >= utf8.RuneSelf, i == '\r', i == chunkSep, i == hardSep, i == codeSep:
			t[i] = 2
		case i == ' ', i == '\t', i == '\n', i == '\v', i == '\f':
			t[i] = 1
		}
	}
	return
}()

var identityASCII = func() (t [128]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	return
}()

// addVerbatim appends source bytes src[start:end] (text as written).
func (b *textBuilder) addVerbatim(src []byte, start, end int) {
	for i := start; i < end; {
		c := src[i]
		if asciiClass[c] == 0 || (asciiClass[c] == 1 && !b.inSpace) {
			i = b.asciiRun(src, i, end)
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case ' ', '\t', '\n', '\r', '\v', '\f':
				b.space(rune(c), i, i+1)
			default: // a separator byte in the text itself
				b.inSpace = false
				b.lastCR = false
				b.emitLinear('?', i)
			}
			i++
			continue
		}
		r, w := utf8.DecodeRune(src[i:end])
		if r == utf8.RuneError && w == 1 {
			b.inSpace = false
			b.lastCR = false
			b.emitLinear(c, i)
			i++
			continue
		}
		if isSpaceRune(r) {
			b.space(r, i, i+w)
			i += w
			continue
		}
		b.inSpace = false
		b.lastCR = false
		f := foldRune(r, b.fold)
		if f == r {
			b.emitLinearBytes(src[i:i+w], i)
		} else {
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], f)
			if n == w {
				b.emitLinearBytes(buf[:n], i)
			} else {
				b.emitUnit(buf[:n], i, i+w)
			}
		}
		i += w
	}
}

// asciiRun copies ASCII from src[i:end] while it maps byte for byte
// (letters folded, a single white-space character to a space) and returns
// where it stopped: at a non-ASCII byte, '\r', a second white space in a
// row, or end.
func (b *textBuilder) asciiRun(src []byte, i, end int) int {
	r := b.cur()
	if r == nil || !r.linear || int(r.src)+(len(b.norm)-int(r.norm)) != i || int(r.srcEnd) != i {
		b.runs = append(b.runs, run{norm: int32(len(b.norm)), src: int32(i), linear: true})
		r = b.cur()
	}
	table := &identityASCII
	if b.fold {
		table = &foldASCII
	}
	n := len(b.norm)
	if cap(b.norm)-n < end-i+8 {
		// Room for the run and for copyASCII8's last eight-byte store.
		b.norm = append(b.norm[:cap(b.norm)], make([]byte, end-i+8+len(b.norm))...)
	}
	out := b.norm[:cap(b.norm)]
	inSpace := b.inSpace
	j := i
	// Eight bytes at a time while they are printable ASCII with no two
	// spaces in a row: such a block maps byte for byte, letters folded.
	// out has room: n-len(b.norm) == j-i and cap(out)-len(b.norm) >= end-i+8.
	if k, sp := copyASCII8(out[n:], src[j:end], b.fold, inSpace); k > 0 {
		n += k
		j += k
		inSpace = sp
		if sp {
			b.newlines = 0
			b.spaceAt = n - 1
		}
	}
loop:
	for j < end {
		c := src[j]
		switch asciiClass[c] {
		case 0:
			out[n] = table[c]
			inSpace = false
		case 1:
			if inSpace {
				break loop
			}
			inSpace = true
			b.newlines = 0
			if c == '\n' {
				b.newlines = 1
			}
			b.spaceAt = n
			out[n] = ' '
		default:
			break loop
		}
		n++
		j++
	}
	b.norm = out[:n]
	b.inSpace = inSpace
	b.lastCR = false
	r.srcEnd = int32(j)
	return j
}

// copyASCII8 copies src to dst eight bytes at a time while they are
// printable ASCII with no two spaces in a row (none first if inSpace),
// letters folded if fold, and returns the number of bytes copied and
// whether the last of them is a space (inSpace if none). A leaf function,
// so that the loop keeps its state in registers.
func copyASCII8(dst, src []byte, fold, inSpace bool) (int, bool) {
	if len(dst) < len(src) {
		src = src[:len(dst)]
	}
	dst = dst[:len(src)]
	k := 0
	// Sixteen bytes a step while they pass (one test of both halves),
	// then eight.
	for ; k+16 <= len(src); k += 16 {
		p, q := src[k:k+16:k+16], dst[k:k+16:k+16]
		x, y := binary.LittleEndian.Uint64(p[:8]), binary.LittleEndian.Uint64(p[8:])
		if (x|(x-0x20*lsb8)|y|(y-0x20*lsb8))&msb8 != 0 {
			break
		}
		sx, sy := bytesEqual8(x, ' '), bytesEqual8(y, ' ')
		var prev uint64
		if inSpace {
			prev = 0x80
		}
		if sx&(sx<<8|prev)|sy&(sy<<8|sx>>56) != 0 {
			break
		}
		if fold {
			x |= upperASCII8(x) >> 2
			y |= upperASCII8(y) >> 2
		}
		binary.LittleEndian.PutUint64(q[:8], x)
		binary.LittleEndian.PutUint64(q[8:], y)
		inSpace = sy>>63 != 0
	}
	for ; k+8 <= len(src); k += 8 {
		x := binary.LittleEndian.Uint64(src[k : k+8])
		if (x|(x-0x20*lsb8))&msb8 != 0 {
			break // a byte >= 0x80 or < 0x20 (controls, tabs, line breaks)
		}
		sp := bytesEqual8(x, ' ')
		if sp&(sp<<8) != 0 || (inSpace && sp&0x80 != 0) {
			break // a run of spaces
		}
		if fold {
			x |= upperASCII8(x) >> 2
		}
		binary.LittleEndian.PutUint64(dst[k:k+8], x)
		inSpace = sp>>63 != 0
	}
	if r := len(src) - k; r > 0 && r < 8 && k+8 <= cap(src) && k+8 <= cap(dst) {
		// The last r bytes: one load that reads past them (src is a
		// piece of the document, with room after it), the same tests
		// on those bytes only, and one store whose bytes past them are
		// dst's spare room.
		x := binary.LittleEndian.Uint64(src[k : k+8])
		hi := uint64(msb8) & (uint64(1)<<(8*uint(r)) - 1)
		// Borrows and carries only go up: bytes past r cannot change
		// the tests or the folding of the first r.
		if (x|(x-0x20*lsb8))&hi != 0 {
			return k, inSpace
		}
		sp := bytesEqual8(x, ' ') & hi
		if sp&(sp<<8) != 0 || (inSpace && sp&0x80 != 0) {
			return k, inSpace
		}
		if fold {
			x |= upperASCII8(x) >> 2
		}
		binary.LittleEndian.PutUint64(dst[k:k+8], x)
		inSpace = sp>>(8*uint(r)-1)&1 != 0
		k += r
	}
	return k, inSpace
}

const (
	lsb8 = 0x0101010101010101 // the low bit of every byte
	msb8 = 0x8080808080808080 // the high bit of every byte
)

// bytesEqual8 returns the high bit of every byte of x equal to c.
func bytesEqual8(x uint64, c byte) uint64 {
	y := x ^ (lsb8 * uint64(c))
	return ^(((y &^ msb8) + (msb8 - lsb8)) | y) & msb8
}

// upperASCII8 returns the high bit of every byte of x in 'A'..'Z'; every
// byte of x must be below 0x80.
func upperASCII8(x uint64) uint64 {
	return ((x + (0x80-'A')*lsb8) ^ (x + (0x7F-'Z')*lsb8)) & msb8
}

// addSynthetic appends text that stands for source [start, end) as a whole.
func (b *textBuilder) addSynthetic(text string, start, end int) {
	var out []byte
	for _, r := range text {
		if isSpaceRune(r) {
			if len(out) > 0 {
				b.inSpace = false
				b.emitUnit(out, start, end)
				out = out[:0]
			}
			b.space(r, start, end)
			continue
		}
		out = utf8.AppendRune(out, foldRune(r, b.fold))
	}
	if len(out) > 0 {
		b.inSpace = false
		b.lastCR = false
		b.emitUnit(out, start, end)
	}
}

// isSpaceRune reports white space, the no-break spaces included.
func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// foldRune maps typographic variants to their plain forms and, when fold is
// set, the rune to lower case.
func foldRune(r rune, fold bool) rune {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC', '\uFF07':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\uFF02':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return '-'
	case chunkSep, hardSep, codeSep:
		return '?'
	}
	if fold {
		if r < utf8.RuneSelf {
			return rune(foldASCII[r])
		}
		return unicode.ToLower(r)
	}
	return r
}

// isWordRune reports a letter, digit, mark or underscore: the characters a
// whole-word match may not touch.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// normalizeString normalizes a phrase the way document text is normalized,
// trimmed of surrounding white space.
func normalizeString(s string, fold bool) string {
	var b textBuilder
	b.reset(fold)
	b.addVerbatim([]byte(s), 0, len(s))
	n := b.norm
	for len(n) > 0 && (n[0] == ' ' || n[0] == hardSep) {
		n = n[1:]
	}
	for len(n) > 0 && (n[len(n)-1] == ' ' || n[len(n)-1] == hardSep) {
		n = n[:len(n)-1]
	}
	return string(n)
}

// srcStart maps a normalized offset to the source offset where its byte starts.
func (b *textBuilder) srcStart(i int) int {
	r := b.runs[b.runAt(i)]
	if r.linear {
		return int(r.src) + (i - int(r.norm))
	}
	return int(r.src)
}

// srcEnd maps the normalized end offset e (exclusive) to a source end offset.
func (b *textBuilder) srcEnd(e int) int {
	r := b.runs[b.runAt(e-1)]
	if r.linear {
		return int(r.src) + (e - 1 - int(r.norm)) + 1
	}
	return int(r.srcEnd)
}

// runAt finds the run holding normalized offset i.
func (b *textBuilder) runAt(i int) int {
	lo, hi := 0, len(b.runs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(b.runs[m].norm) <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// contiguous reports whether the normalized range [s, e) maps to one
// stretch of source with no skipped markup inside.
func (b *textBuilder) contiguous(s, e int) bool {
	first, last := b.runAt(s), b.runAt(e-1)
	for k := first + 1; k <= last; k++ {
		if b.runs[k-1].srcEnd != b.runs[k].src {
			return false
		}
	}
	return true
}
