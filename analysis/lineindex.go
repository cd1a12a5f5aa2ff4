package analysis

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// LineIndex converts byte offsets of one document to lines and columns.
// A line ends after "\n", after "\r\n", or after a lone "\r".
type LineIndex struct {
	src    []byte
	starts []int // byte offset of the start of each line
	// long holds, for each line longer than runeStride bytes, the code
	// point count at about every runeStride bytes, so that a column on a
	// huge line (a minified file) costs no more than runeStride bytes of
	// counting.
	long map[int][]runeMark
}

// runeMark is a character boundary of a long line: its byte offset and the
// number of code points from the line start to it.
type runeMark struct{ off, runes int }

const runeStride = 4096

// NewLineIndex indexes src. It keeps a reference to src.
func NewLineIndex(src []byte) *LineIndex {
	// Sized once: one start per "\n", plus the first line (lone "\r"
	// line breaks, rare, grow it).
	x := &LineIndex{src: src, starts: make([]int, 1, bytes.Count(src, nl)+1)}
	if bytes.IndexByte(src, '\r') < 0 {
		// The usual text: only "\n" ends lines, found by the vectorized
		// byte search.
		for i := 0; ; {
			k := bytes.IndexByte(src[i:], '\n')
			if k < 0 {
				break
			}
			i += k + 1
			if l := len(x.starts); i-x.starts[l-1] <= runeStride && l < cap(x.starts) {
				x.starts = x.starts[:l+1] // endLine's usual case, inlined
				x.starts[l] = i
				continue
			}
			x.endLine(i)
		}
		x.endLine(-1)
		return x
	}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			x.endLine(i + 1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			x.endLine(i + 1)
		}
	}
	x.endLine(-1)
	return x
}

var nl = []byte{'\n'}

// endLine records the start of the next line (-1: the end of the text) and
// marks the line that ends there if it is long.
func (x *LineIndex) endLine(next int) {
	l := len(x.starts) - 1
	start, end := x.starts[l], next
	if next < 0 {
		end = len(x.src)
	} else {
		x.starts = append(x.starts, next)
	}
	if end-start <= runeStride {
		return
	}
	var marks []runeMark
	runes := 0
	for i, mark := start, start+runeStride; i < end; {
		if i >= mark {
			marks = append(marks, runeMark{i, runes})
			mark = i + runeStride
		}
		if x.src[i] < utf8.RuneSelf {
			i++
		} else {
			_, w := utf8.DecodeRune(x.src[i:end])
			i += w
		}
		runes++
	}
	if x.long == nil {
		x.long = map[int][]runeMark{}
	}
	x.long[l] = marks
}

// Lines is the number of lines (at least 1).
func (x *LineIndex) Lines() int { return len(x.starts) }

// Line returns the 0-based line holding byte offset off (clamped to the text).
func (x *LineIndex) Line(off int) int {
	off = x.clamp(off)
	return sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
}

// LineStart is the byte offset where 0-based line l starts.
func (x *LineIndex) LineStart(l int) int {
	if l < 0 {
		return 0
	}
	if l >= len(x.starts) {
		return len(x.src)
	}
	return x.starts[l]
}

// LineEnd is the byte offset of the end of 0-based line l, before its line
// break.
func (x *LineIndex) LineEnd(l int) int {
	if l+1 >= len(x.starts) {
		return len(x.src)
	}
	end := x.starts[l+1]
	if end > 0 && x.src[end-1] == '\n' {
		end--
	}
	if end > x.starts[l] && x.src[end-1] == '\r' {
		end--
	}
	return end
}

// Position returns the 1-based line and 1-based column (in Unicode code
// points) of byte offset off.
func (x *LineIndex) Position(off int) (line, col int) {
	off = x.clamp(off)
	l := x.Line(off)
	from, runes := x.starts[l], 0
	if marks := x.long[l]; marks != nil {
		if i := sort.Search(len(marks), func(i int) bool { return marks[i].off > off }) - 1; i >= 0 {
			from, runes = marks[i].off, marks[i].runes
		}
	}
	return l + 1, runes + utf8.RuneCount(x.src[from:off]) + 1
}

func (x *LineIndex) clamp(off int) int {
	if off < 0 {
		return 0
	}
	if off > len(x.src) {
		return len(x.src)
	}
	return off
}
