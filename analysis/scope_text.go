package analysis

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
	var (
		sc       Scoped
		b        chunkBuilder
		prevEnd  = -1 // end of the previous line's text in the chunk
		lineFrom = 0
	)
	for lineFrom < len(src) || lineFrom == 0 {
		le := lineEnd(src, lineFrom)
		s, e := lineFrom, le
		for s < e && isASCIISpace(src[s]) {
			s++
		}
		for e > s && isASCIISpace(src[e-1]) {
			e--
		}
		switch {
		case s == e:
			b.take(&sc, src, rules.ScopeProse)
			prevEnd = -1
		case isTextDirective(src[s:e]):
			b.take(&sc, src, rules.ScopeProse)
			prevEnd = -1
			sc.Comments = append(sc.Comments, Comment{Start: s, End: e, Text: textDirective(src[s:e])})
		default:
			if prevEnd >= 0 {
				b.synth(prevEnd, s, "\n")
			}
			b.raw(s, e)
			prevEnd = e
		}
		if le >= len(src) {
			break
		}
		lineFrom = nextLine(src, le)
	}
	b.take(&sc, src, rules.ScopeProse)
	return sc
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

// isTextDirective reports whether a trimmed plain-text line is a
// suppression directive.
func isTextDirective(line []byte) bool {
	return isDirectiveText(textDirectivePrefix(line))
}

func textDirective(line []byte) string {
	return strings.TrimSpace(string(textDirectivePrefix(line)))
}
