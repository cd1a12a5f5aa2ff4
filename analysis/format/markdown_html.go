package format

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/text"
)

// Inline HTML in a Markdown block, scoped as the HTML scoper scopes HTML
// (html.go), shared by the fast scanner and goldmark's path:
//
//   - a comment is a Comment;
//   - <br> is a line break;
//   - the alt and title attributes of a tag are chunks of their own, also
//     when the tag spans lines (in a quote or list item the markers
//     between its lines are skipped, and a line break reads as one);
//   - a code-like element (<code>, <kbd>, <samp>, <var>, <tt>, <pre>,
//     <script>, <style> and the other elements whose content the HTML
//     scoper skips) is inline code: from its start tag to its end tag it
//     is one Opaque segment; unclosed, it runs to the end of the block;
//   - other tags are gaps.

// mdHTMLCode is an open code-like element of the block being scoped.
type mdHTMLCode struct {
	tag   string // "" when none is open
	depth int    // nested elements of the same name
	start int    // where its start tag starts
	reach int    // the furthest source position seen inside it
	b     *chunkBuilder
}

func (c *mdHTMLCode) open() bool { return c.tag != "" }

// see notes that the element's content reaches end.
func (c *mdHTMLCode) see(end int) { c.reach = max(c.reach, end) }

// close ends the element at end: its whole source is one Opaque segment of
// the builder it opened in.
func (c *mdHTMLCode) close(end int) {
	c.b.opaque(c.start, max(end, c.reach))
	*c = mdHTMLCode{}
}

// closeIn closes an element left open in builder b (at the end of a block
// or of an image's alt text).
func (c *mdHTMLCode) closeIn(b *chunkBuilder) {
	if c.open() && c.b == b {
		c.close(c.reach)
	}
}

// inlineHTML handles one inline raw HTML node (its source pieces segs, one
// per line) of a Markdown block being added to b.
func inlineHTML(sc *Scoped, src []byte, segs []text.Segment, b *chunkBuilder, code *mdHTMLCode) {
	if len(segs) == 0 {
		return
	}
	first, last := segs[0], segs[len(segs)-1]
	if bytes.HasPrefix(src[first.Start:first.Stop], []byte("<!--")) {
		var sb strings.Builder
		for _, s := range segs {
			sb.Write(src[s.Start:s.Stop])
		}
		t := strings.TrimPrefix(sb.String(), "<!--")
		t = strings.TrimSuffix(t, "-->")
		sc.Comments = append(sc.Comments, Comment{Start: first.Start, End: last.Stop, Text: strings.TrimSpace(t)})
		return
	}
	tag, closing := rawTagName(src, first)
	selfClosing := bytes.HasSuffix(bytes.TrimRight(src[last.Start:last.Stop], " \t\r\n"), []byte("/>"))
	if code.open() {
		code.see(last.Stop)
		if tag == code.tag {
			switch {
			case closing:
				if code.depth--; code.depth == 0 {
					code.close(last.Stop)
				}
			case !selfClosing:
				code.depth++
			}
		}
		return
	}
	if tag == "" || closing {
		return
	}
	if tag == "br" {
		if !b.empty() {
			b.synth(first.Start, last.Stop, "\n")
		}
		return
	}
	if len(segs) == 1 {
		htmlAttrChunks(sc, src, first.Start, first.Stop, tag, true)
	} else {
		htmlAttrChunksLines(sc, src, segs, tag)
	}
	if c := htmlTags()[tag]; (c == htmlSkip || c == htmlSkipInl) && !selfClosing && !htmlVoid()[tag] {
		*code = mdHTMLCode{tag: tag, depth: 1, start: first.Start, reach: last.Stop, b: b}
	}
}

// rawTagName returns the lower-case name of the tag starting at s ("<name"
// or "</name"), or "".
func rawTagName(src []byte, s text.Segment) (name string, closing bool) {
	i := s.Start + 1
	if i < s.Stop && src[i] == '/' {
		closing = true
		i++
	}
	if i >= s.Stop || !isAlpha(src[i]) {
		return "", false
	}
	j := i
	for j < s.Stop && (isAlpha(src[j]) || isDigit(src[j]) || src[j] == '-') {
		j++
	}
	return strings.ToLower(string(src[i:j])), closing
}

// htmlAttrChunksLines is htmlAttrChunks for a tag written over several
// lines of a block: segs are its pieces, and what lies between them (block
// markers, indentation) is not part of it.
func htmlAttrChunksLines(sc *Scoped, src []byte, segs []text.Segment, tag string) {
	lo, hi := segs[0].Start, segs[len(segs)-1].Stop
	if bytes.IndexByte(src[lo:hi], '=') < 0 {
		return
	}
	// The tag as one piece, markers blanked.
	buf := make([]byte, hi-lo)
	for i := range buf {
		buf[i] = ' '
	}
	for _, s := range segs {
		copy(buf[s.Start-lo:], src[s.Start:s.Stop])
	}
	// Values are added with their line breaks decoded: a break and the
	// blanks after it, the blanked markers included, read as one "\n", so
	// no raw segment covers a marker and offsets map back by adding lo.
	var one Scoped
	htmlAttrChunks(&one, buf, 0, len(buf), tag, true)
	for _, ch := range one.Chunks {
		for k := range ch.Segs {
			ch.Segs[k].Start += lo
			ch.Segs[k].End += lo
		}
		sc.Chunks = append(sc.Chunks, ch)
	}
}

// blockTextEnd is the end of a block's last line, less trailing white space.
func blockTextEnd(src []byte, lines []text.Segment) int {
	if len(lines) == 0 {
		return 0
	}
	end := lines[len(lines)-1].Stop
	lo := lines[len(lines)-1].Start
	for end > lo && isASCIISpace(src[end-1]) {
		end--
	}
	return end
}
