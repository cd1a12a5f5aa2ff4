package format

import (
	"bytes"
	"strings"

	"github.com/guardrail-dev/guardrail/rules"
)

// ScopeText scopes plain text: every paragraph (lines up to a blank line)
// is a prose chunk whose line breaks are synthetic "\n" segments. A line
// holding only a suppression directive, optionally after "#" or "//", is a
// Comment and ends the paragraph; it is not checked text.
func ScopeText(src []byte) Scoped {
	var sc Scoped
	lines := bytes.Count(src, []byte{'\n'}) + 1
	if bytes.IndexByte(src, '\r') >= 0 {
		lines += bytes.Count(src, []byte{'\r'})
	}
	// The segments of all chunks, in one allocation: a line adds at most
	// its text and the synthetic line break before it.
	segs := make([]Segment, 0, 2*lines)
	first := -1   // index in segs of the open chunk's first segment
	prevEnd := -1 // end of the previous line's text in the open chunk
	tl := NewTextLines(src)
	for {
		s, e, more := tl.Next()
		switch {
		case s == e || IsTextDirective(src[s:e]):
			// A blank line or a directive ends the chunk.
			if first >= 0 {
				sc.Chunks = append(sc.Chunks, Chunk{Scope: rules.ScopeProse, Segs: segs[first:len(segs):len(segs)]})
				first = -1
			}
			prevEnd = -1
			if s < e {
				sc.Comments = append(sc.Comments, Comment{Start: s, End: e, Text: TextDirective(src[s:e])})
			}
		default:
			if prevEnd >= 0 {
				segs = append(segs, Segment{Start: prevEnd, End: s, Synthetic: true, Text: "\n"})
			} else {
				first = len(segs)
			}
			segs = append(segs, Segment{Start: s, End: e})
			prevEnd = e
		}
		if !more {
			break
		}
	}
	if first >= 0 {
		sc.Chunks = append(sc.Chunks, Chunk{Scope: rules.ScopeProse, Segs: segs[first:len(segs):len(segs)]})
	}
	return sc
}

// TextLines splits plain text into lines trimmed of ASCII white space, as
// ScopeText sees them.
type TextLines struct {
	src  []byte
	from int  // start of the next line
	noCR bool // src has no '\r': a line ends at the next '\n'
}

// NewTextLines returns the lines of src.
func NewTextLines(src []byte) TextLines {
	return TextLines{src: src, noCR: bytes.IndexByte(src, '\r') < 0}
}

// Next returns the next line's text, src[s:e] (s == e for a blank line),
// and whether more lines follow.
func (t *TextLines) Next() (s, e int, more bool) {
	src := t.src
	var le int
	if t.noCR {
		le = len(src)
		if k := bytes.IndexByte(src[t.from:], '\n'); k >= 0 {
			le = t.from + k
		}
	} else {
		le = lineEnd(src, t.from)
	}
	s, e = t.from, le
	for s < e && isASCIISpace(src[s]) {
		s++
	}
	for e > s && isASCIISpace(src[e-1]) {
		e--
	}
	if le >= len(src) {
		return s, e, false
	}
	t.from = nextLine(src, le)
	return s, e, true
}

// textDirectivePrefix strips a leading "#" or "//" and blanks from a line.
func textDirectivePrefix(line []byte) []byte {
	switch {
	case bytes.HasPrefix(line, []byte("//")):
		line = line[2:]
	case bytes.HasPrefix(line, []byte("#")):
		line = line[1:]
	}
	return bytes.TrimLeft(line, " \t")
}

// isDirectiveText reports whether a comment's text (without delimiters) is
// a suppression directive.
func isDirectiveText(t []byte) bool {
	t = bytes.TrimLeft(t, " \t")
	return bytes.HasPrefix(t, []byte("guardrail-disable")) || bytes.HasPrefix(t, []byte("guardrail-enable"))
}

// IsTextDirective reports whether a trimmed plain-text line is a
// suppression directive.
func IsTextDirective(line []byte) bool {
	// A directive line starts with "#", "//" or "guardrail-": most lines
	// are ruled out by their first byte.
	if len(line) == 0 || (line[0] != '#' && line[0] != '/' && line[0] != 'g') {
		return false
	}
	return isDirectiveText(textDirectivePrefix(line))
}

// TextDirective returns the directive text of a plain-text directive line
// (without its "#" or "//" and blanks).
func TextDirective(line []byte) string {
	return strings.TrimSpace(string(textDirectivePrefix(line)))
}
