package analysis

import "bytes"

// Bounds on what goldmark is given to parse. goldmark's block phase finds
// a line's column by scanning the line from its start, once per container
// (block quote or list item) it opens or continues on that line, and tries
// every block parser again after each container marker: a line of 100,000
// '>' or "- " costs 10^10 steps (an hour). Real documents never nest more
// than a handful of containers; a hostile one is read with the markers
// beyond the caps below taken as text (in goldmark's private copy of the
// source: the chunks still point at the document as written, so their
// text is checked, the surplus markers reading as punctuation).
const (
	// mdMaxContainers is the number of container markers ('>', a list
	// bullet, an ordered list number) read as markers on one line.
	mdMaxContainers = 32
	// mdMaxMarkerColumn is the byte offset in a line beyond which a
	// container marker is text: deeper indentation than this opens no
	// further container (list items nested by indentation alone).
	mdMaxMarkerColumn = 256
)

// tameContainers finds the container markers of src beyond the caps; with
// fix set it turns them into text in src (which must be a private copy),
// byte for byte. It reports whether there were any. It reads only the
// leading run of blanks and marker characters of each line: linear work.
func tameContainers(src []byte, fix bool) bool {
	found := false
	noCR := bytes.IndexByte(src, '\r') < 0
	for ls := 0; ls < len(src); {
		markers := 0
		i := ls
	run:
		for i < len(src) {
			c := src[i]
			mark := -1 // position of a marker's byte to rewrite
			next := i + 1
			switch {
			case c == ' ' || c == '\t':
			case c == '>':
				mark = i
			case c == '-' || c == '*' || c == '+':
				if i+1 >= len(src) || isMarkerEnd(src[i+1]) {
					mark = i
				}
			case isDigit(c):
				j := i
				for j < len(src) && j-i < 10 && isDigit(src[j]) {
					j++
				}
				if j-i <= 9 && j < len(src) && (src[j] == '.' || src[j] == ')') && (j+1 >= len(src) || isMarkerEnd(src[j+1])) {
					mark = j
				}
				next = j
				if mark >= 0 {
					next = j + 1
				} else if j < len(src) && (src[j] == '.' || src[j] == ')') {
					next = j + 1
				}
			case c == '.' || c == ')':
			default:
				break run
			}
			if mark >= 0 {
				markers++
				if markers > mdMaxContainers || mark-ls > mdMaxMarkerColumn {
					if !fix {
						return true
					}
					found = true
					src[mark] = 'x'
				}
			}
			i = next
		}
		// Next line.
		if noCR {
			k := bytes.IndexByte(src[i:], '\n')
			if k < 0 {
				break
			}
			ls = i + k + 1
			continue
		}
		for i < len(src) && src[i] != '\n' && src[i] != '\r' {
			i++
		}
		ls = nextLine(src, i)
		if ls == i {
			break
		}
	}
	return found
}

// isMarkerEnd reports whether c may follow a list marker.
func isMarkerEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
