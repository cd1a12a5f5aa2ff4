package format

import "bytes"

// Segments for incremental checks. A keystroke changes one paragraph of a
// large document; checking the whole document again costs milliseconds
// per 100 KB. Markdown and plain text split into segments at blank lines
// where no construct continues across them, so that findings never depend
// on text in another segment: chunks, sentences and matches stay inside a
// block, and the only cross-block effects — block suppression directives
// (guardrail-disable … guardrail-enable), link reference definitions,
// template tags, fenced code and HTML blocks that contain blank lines,
// front matter, container blocks continued by indented lines — are either
// kept inside a segment or make the document be checked whole. The server
// checks each segment as a document of its own (server/incremental.go).

// Span is the byte range [Start, End) of a document.
type Span struct{ Start, End int }

// Segmentable reports whether documents of this kind and path may be
// split into segments (MDX is always checked whole).
func Segmentable(kind Kind, path string) bool {
	switch kind {
	case KindText:
		return true
	case KindMarkdown:
		return !isMDX(path)
	}
	return false
}

// Splittable reports whether text — a whole document of the given kind,
// or the region around an edit — holds nothing that rules out splitting:
// "\r", block suppression directives, and in Markdown "]:" (maybe a link
// reference definition, which links anywhere may use), "{{<" and "{%"
// (template tags whose bodies are skipped, which may pair across blank
// lines: markdown_template.go).
//
// Each search looks for a byte that is rare in prose ('-', ']', '{'), not
// for its pattern's first byte: searching "guardrail-" stopped at every
// 'g' of the text (about one byte in 35), and this runs over every byte
// of a large document before anything else can start. What holds none of
// these patterns is splittable whatever the text around it, as long as
// that text is blank lines: so text split at blank lines is splittable
// exactly when each part is (TestSplittableByParts).
func Splittable(kind Kind, text []byte) bool {
	if bytes.IndexByte(text, '\r') >= 0 || hasBlockDirective(text) {
		return false
	}
	return kind != KindMarkdown || !hasLinkDefinitionMark(text) && !hasTemplateOpener(text)
}

// SplitFloor is the offset before which no segment may start: the end of
// a Markdown document's front matter (FrontMatterEnd), else 0.
func SplitFloor(kind Kind, text []byte) int {
	if kind == KindMarkdown {
		return FrontMatterEnd(text)
	}
	return 0
}

// Split splits text, a document of kind KindMarkdown or KindText, into
// segments from offset from (a line start where no construct is open) at
// blank lines that no construct continues across; no segment starts
// before minSplit (SplitFloor). When stopAt accepts a split point x, it
// stops there and returns the segments before x and x; otherwise it
// returns every segment to the end and -1. ok is false when the document
// must be checked whole.
func Split(kind Kind, text []byte, from, minSplit int, stopAt func(x int) bool) (spans []Span, stop int, ok bool) {
	stop, ok = SplitEach(kind, text, from, minSplit, func(s Span, next int) bool {
		spans = append(spans, s)
		return next >= 0 && stopAt != nil && stopAt(next)
	})
	if !ok {
		return nil, -1, false
	}
	return spans, stop, true
}

// SplitEach is Split handing each segment to seg as it is found instead of
// collecting them: next is where the segment after s starts (-1: s is the
// last). When seg returns true it stops there and returns next; otherwise
// it returns -1 after the last segment. When ok is false the document
// must be checked whole, and the segments seg was given count for
// nothing.
func SplitEach(kind Kind, text []byte, from, minSplit int, seg func(s Span, next int) bool) (stop int, ok bool) {
	markdown := kind == KindMarkdown
	var (
		segStart   = from
		blankStart = -1
		// An open fenced code block or HTML block of types 1-5 (which may
		// hold blank lines), and the indentation of its opening line.
		fenceChar byte
		fenceLen  int
		htmlEnd   []string
		openInd   int
		// html67 is set from a line starting with '<' up to the next
		// blank line: maybe an HTML block of type 6 or 7, in which a
		// fence-like line is not a fence.
		html67 bool
	)
	for ls := from; ls < len(text); {
		le := bytes.IndexByte(text[ls:], '\n')
		next := len(text)
		if le < 0 {
			le = len(text)
		} else {
			le += ls
			next = le + 1
		}
		line := text[ls:le]
		if isBlankLine(line) {
			if blankStart < 0 {
				blankStart = ls
			}
			html67 = false
			ls = next
			continue
		}
		if blankStart >= 0 {
			// A segment is checked as a document of its own, so it must
			// not start with what would be front matter at the top of one
			// (a byte order mark, first byte 0xEF, may come before it).
			if fenceChar == 0 && htmlEnd == nil && ls > minSplit && line[0] != ' ' && line[0] != '\t' &&
				!(markdown && (line[0] == '-' || line[0] == '+' || line[0] == 0xEF) && FrontMatterEnd(text[ls:]) > 0) {
				if seg(Span{segStart, blankStart}, ls) {
					return ls, true
				}
				segStart = ls
			}
			blankStart = -1
		}
		if markdown {
			ind, t := indentation(line)
			switch {
			case fenceChar != 0 || htmlEnd != nil:
				// A line indented less than the opening line may close a
				// container (a list item) and the block with it, or be
				// content of a top-level block: a parser question.
				if ind < openInd {
					return -1, false
				}
				if fenceChar != 0 && ind <= 3 && isClosingFence(t, fenceChar, fenceLen) {
					fenceChar = 0
				} else if htmlEnd != nil && containsAnyFold(line, htmlEnd) {
					htmlEnd = nil
				}
			case ind <= 3:
				c, n, end := blockOpener(t)
				if (c != 0 || end != nil) && html67 {
					return -1, false
				}
				if c != 0 || end != nil {
					fenceChar, fenceLen, htmlEnd, openInd = c, n, end, ind
				} else if len(t) > 0 && t[0] == '<' {
					html67 = true
				}
			}
		}
		ls = next
	}
	if fenceChar != 0 || htmlEnd != nil {
		return -1, false // open to the end: let the parser decide
	}
	seg(Span{segStart, len(text)}, -1)
	return -1, true
}

func isBlankLine(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// hasBlockDirective reports whether text may hold guardrail-disable or
// guardrail-enable (not the -line and -next-line forms), whose effect
// spans blocks.
func hasBlockDirective(text []byte) bool {
	const name = "guardrail"
	for i := 0; i < len(text); i++ {
		j := bytes.IndexByte(text[i:], '-')
		if j < 0 {
			return false
		}
		i += j
		if i >= len(name) && text[i-1] == 'l' && string(text[i-len(name):i]) == name {
			rest := text[i:]
			if bytes.HasPrefix(rest, []byte("-enable")) {
				return true
			}
			if bytes.HasPrefix(rest, []byte("-disable")) {
				rest = rest[len("-disable"):]
				if !bytes.HasPrefix(rest, []byte("-line")) && !bytes.HasPrefix(rest, []byte("-next-line")) {
					return true
				}
			}
		}
		// A run of dashes (a thematic break, a table's delimiter row):
		// a dash after a dash follows no name.
		for i+1 < len(text) && text[i+1] == '-' {
			i++
		}
	}
	return false
}

// hasLinkDefinitionMark reports whether text holds "]:".
func hasLinkDefinitionMark(text []byte) bool {
	for i := 0; i < len(text); i++ {
		j := bytes.IndexByte(text[i:], ']')
		if j < 0 {
			return false
		}
		i += j
		if i+1 < len(text) && text[i+1] == ':' {
			return true
		}
	}
	return false
}

// hasTemplateOpener reports whether text holds "{{<" or "{%".
func hasTemplateOpener(text []byte) bool {
	for i := 0; i < len(text); i++ {
		j := bytes.IndexByte(text[i:], '{')
		if j < 0 {
			return false
		}
		i += j
		if i+1 < len(text) && (text[i+1] == '%' || text[i+1] == '{' && i+2 < len(text) && text[i+2] == '<') {
			return true
		}
	}
	return false
}
