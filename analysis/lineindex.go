package analysis

import (
	"sort"
	"unicode/utf8"
)

// LineIndex converts byte offsets of one document to lines and columns.
// A line ends after "\n", after "\r\n", or after a lone "\r".
type LineIndex struct {
	src    []byte
	starts []int // byte offset of the start of each line
}

// NewLineIndex indexes src. It keeps a reference to src.
func NewLineIndex(src []byte) *LineIndex {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &LineIndex{src: src, starts: starts}
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
	return l + 1, utf8.RuneCount(x.src[x.starts[l]:off]) + 1
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
