package report

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// tabWidth is the tab stop used when showing source lines.
const tabWidth = 4

// cell is one code point of a source line as shown in a terminal.
type cell struct {
	off   int    // byte offset in the line
	col   int    // 0-based display column
	width int    // display columns taken (0, 1 or 2)
	text  string // what is printed
}

// layout lays out one line (without its line break) for a terminal: tabs
// expand to the next tab stop, East Asian wide and fullwidth characters take
// two columns, combining marks and format characters (zero-width spaces,
// bidirectional controls) take none and are not printed, and other control
// characters and invalid bytes show as visible placeholders.
func layout(line []byte) []cell {
	cells := make([]cell, 0, len(line))
	col := 0
	for off := 0; off < len(line); {
		r, size := utf8.DecodeRune(line[off:])
		c := cell{off: off, col: col}
		switch {
		case r == '\t':
			c.width = tabWidth - col%tabWidth
			c.text = spaces(c.width)
		case r == utf8.RuneError && size == 1:
			c.width, c.text = 1, "\uFFFD"
		case r < 0x20:
			c.width, c.text = 1, string(rune(0x2400+r)) // control pictures
		case r == 0x7f:
			c.width, c.text = 1, "\u2421"
		case r >= 0x80 && r < 0xa0:
			c.width, c.text = 1, "\uFFFD"
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
			c.width, c.text = 0, ""
		default:
			c.width, c.text = runeWidth(r), string(line[off:off+size])
		}
		cells = append(cells, c)
		col += c.width
		off += size
	}
	return cells
}

func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// cellCol is the display column where byte offset off of the laid-out line
// starts (the line's width when off is at or past its end).
func cellCol(cells []cell, off int) int {
	for _, c := range cells {
		if c.off >= off {
			return c.col
		}
	}
	if len(cells) == 0 {
		return 0
	}
	last := cells[len(cells)-1]
	return last.col + last.width
}

func spaces(n int) string {
	const s = "        "
	if n <= len(s) {
		return s[:n]
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
