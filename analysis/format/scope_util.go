package format

import (
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/yuin/goldmark/util"
)

// Helpers shared by the scopers: building chunks segment by segment,
// decoding entities and escapes into synthetic segments, and folding line
// breaks into synthetic "\n" segments.

// chunkBuilder collects the segments of one chunk, in source order.
type chunkBuilder struct {
	segs []Segment
	// arena, when set, is where take allocates finished chunks' segments
	// (one allocation for many chunks).
	arena *[]Segment
}

// raw appends src[start:end] as checked text, merging it into the previous
// segment when they touch.
func (b *chunkBuilder) raw(start, end int) {
	if end <= start {
		return
	}
	if n := len(b.segs); n > 0 {
		last := &b.segs[n-1]
		if !last.Synthetic && last.End == start {
			last.End = end
			return
		}
	}
	b.segs = append(b.segs, Segment{Start: start, End: end})
}

// synth appends a synthetic segment: source range [start, end) stands for
// text.
func (b *chunkBuilder) synth(start, end int, text string) {
	if end < start {
		return
	}
	b.segs = append(b.segs, Segment{Start: start, End: end, Synthetic: true, Text: text})
}

// opaque appends an Opaque segment standing for source [start, end):
// inline code or a template tag. One touching the previous opaque segment
// extends it.
func (b *chunkBuilder) opaque(start, end int) {
	if end < start {
		return
	}
	if n := len(b.segs); n > 0 {
		if last := &b.segs[n-1]; last.Opaque && last.End == start {
			last.End = end
			return
		}
	}
	b.segs = append(b.segs, Segment{Start: start, End: end, Synthetic: true, Opaque: true, Text: Placeholder})
}

// lastEnd is the End of the last segment, or -1.
func (b *chunkBuilder) lastEnd() int {
	if len(b.segs) == 0 {
		return -1
	}
	return b.segs[len(b.segs)-1].End
}

// empty reports whether no segment has been added.
func (b *chunkBuilder) empty() bool { return len(b.segs) == 0 }

// take trims the collected segments, appends them to sc as a chunk of the
// given scope when any text remains, and resets the builder.
func (b *chunkBuilder) take(sc *Scoped, src []byte, scope rules.Scope) {
	segs := trimSegs(src, b.segs)
	if n := len(segs); n > 0 && (segs[0].Opaque || segs[n-1].Opaque) && !holdsText(src, segs) {
		segs = nil // nothing but inline code: no text to check
	}
	if n := len(segs); n > 0 {
		var out []Segment
		if a := b.arena; a != nil {
			if cap(*a)-len(*a) < n {
				// The first block is sized for the document (a paragraph
				// checked alone needs a few segments, not a thousand).
				size := 1024
				if cap(*a) == 0 {
					size = min(size, len(src)/16+8)
				}
				*a = make([]Segment, 0, max(size, n))
			}
			start := len(*a)
			*a = append(*a, segs...)
			out = (*a)[start:len(*a):len(*a)]
		} else {
			out = make([]Segment, n)
			copy(out, segs)
		}
		sc.Chunks = append(sc.Chunks, Chunk{Scope: scope, Segs: out})
	}
	b.segs = b.segs[:0]
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isBlankString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIISpace(s[i]) {
			return false
		}
	}
	return true
}

// holdsText reports whether segs hold any text that is not white space
// or an Opaque placeholder.
func holdsText(src []byte, segs []Segment) bool {
	for _, s := range segs {
		switch {
		case s.Opaque:
		case s.Synthetic:
			if !isBlankString(s.Text) {
				return true
			}
		default:
			for i := s.Start; i < s.End; i++ {
				if !isASCIISpace(src[i]) {
					return true
				}
			}
		}
	}
	return false
}

// trimSegs drops leading and trailing white space (raw white space and
// synthetic segments that stand for white space). It returns nil when no
// text is left.
func trimSegs(src []byte, segs []Segment) []Segment {
	for len(segs) > 0 {
		s := &segs[0]
		if s.Synthetic {
			if isBlankString(s.Text) {
				segs = segs[1:]
				continue
			}
			break
		}
		for s.Start < s.End && isASCIISpace(src[s.Start]) {
			s.Start++
		}
		if s.Start < s.End {
			break
		}
		segs = segs[1:]
	}
	for len(segs) > 0 {
		s := &segs[len(segs)-1]
		if s.Synthetic {
			if isBlankString(s.Text) {
				segs = segs[:len(segs)-1]
				continue
			}
			break
		}
		for s.End > s.Start && isASCIISpace(src[s.End-1]) {
			s.End--
		}
		if s.End > s.Start {
			break
		}
		segs = segs[:len(segs)-1]
	}
	if len(segs) == 0 {
		return nil
	}
	return segs
}

// sortScoped orders chunks by their first segment and comments by start.
func sortScoped(sc *Scoped) {
	sort.SliceStable(sc.Chunks, func(i, j int) bool {
		return sc.Chunks[i].Segs[0].Start < sc.Chunks[j].Segs[0].Start
	})
	sort.SliceStable(sc.Comments, func(i, j int) bool {
		return sc.Comments[i].Start < sc.Comments[j].Start
	})
}

// proseOpts says which source constructs addProse decodes.
type proseOpts uint8

const (
	optEntities   proseOpts = 1 << iota // HTML character references
	optMDEscapes                        // Markdown backslash escapes
	optLineBreaks                       // line breaks (with surrounding blanks) → synthetic "\n"
)

// addProse appends src[start:end] to b, turning character references,
// backslash escapes and line breaks into synthetic segments as opts says.
func addProse(b *chunkBuilder, src []byte, start, end int, opts proseOpts) {
	run := start
	for i := start; i < end; {
		c := src[i]
		switch {
		case c == '&' && opts&optEntities != 0:
			if n, txt := entityAt(src[:end], i); n > 0 {
				b.raw(run, i)
				b.synth(i, i+n, txt)
				i += n
				run = i
				continue
			}
		case c == '\\' && opts&optMDEscapes != 0:
			if i+1 < end && util.IsPunct(src[i+1]) {
				b.raw(run, i)
				b.synth(i, i+2, string(src[i+1]))
				i += 2
				run = i
				continue
			}
		case (c == '\n' || c == '\r') && opts&optLineBreaks != 0:
			// Back up over blanks before the break.
			bs := i
			for bs > run && (src[bs-1] == ' ' || src[bs-1] == '\t') {
				bs--
			}
			be, breaks := skipBreaks(src, i, end)
			b.raw(run, bs)
			if breaks > 1 {
				b.synth(bs, be, "\n\n")
			} else {
				b.synth(bs, be, "\n")
			}
			i = be
			run = i
			continue
		}
		i++
	}
	b.raw(run, end)
}

// skipBreaks skips line breaks and blanks from i (which is at a line break)
// up to end, returning the position after them and the number of breaks.
func skipBreaks(src []byte, i, end int) (int, int) {
	breaks := 0
	for i < end {
		switch src[i] {
		case '\r':
			breaks++
			i++
			if i < end && src[i] == '\n' {
				i++
			}
		case '\n':
			breaks++
			i++
		case ' ', '\t':
			i++
		default:
			return i, breaks
		}
	}
	return i, breaks
}

// lineEnd returns the position of the line break at or after i (or len).
func lineEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	return i
}

// lineEndIn is lineEnd looking no further than hi: a scoper walking the
// lines of a short piece of a long line (a comment among many on one line)
// must not scan to the end of that line each time.
func lineEndIn(src []byte, i, hi int) int {
	hi = min(hi, len(src))
	for i < hi && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	return i
}

// nextLine returns the start of the line after the break at i.
func nextLine(src []byte, i int) int {
	if i < len(src) && src[i] == '\r' {
		i++
		if i < len(src) && src[i] == '\n' {
			i++
		}
		return i
	}
	if i < len(src) && src[i] == '\n' {
		i++
	}
	return i
}

// entityAt decodes an HTML character reference (with its ';') at src[i]
// ('&'). It returns the reference's length and its text, or 0.
func entityAt(src []byte, i int) (int, string) {
	j := i + 1
	if j >= len(src) {
		return 0, ""
	}
	if src[j] == '#' {
		j++
		hex := false
		if j < len(src) && (src[j] == 'x' || src[j] == 'X') {
			hex = true
			j++
		}
		ds := j
		for j < len(src) && j-ds < 8 && (isDigit(src[j]) || hex && isHexLetter(src[j])) {
			j++
		}
		if j == ds || j >= len(src) || src[j] != ';' {
			return 0, ""
		}
		base := 10
		if hex {
			base = 16
		}
		v, err := strconv.ParseUint(string(src[ds:j]), base, 32)
		r := rune(v)
		if err != nil || v == 0 || v > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
			r = utf8.RuneError
		}
		return j + 1 - i, string(r)
	}
	ns := j
	for j < len(src) && j-ns < 32 && (isAlpha(src[j]) || isDigit(src[j])) {
		j++
	}
	if j == ns || j >= len(src) || src[j] != ';' {
		return 0, ""
	}
	e, ok := util.LookUpHTML5EntityByName(string(src[ns:j]))
	if !ok {
		return 0, ""
	}
	return j + 1 - i, string(e.Characters)
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isHexLetter(c byte) bool { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isAlpha(c byte) bool     { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// stringEscape adds the backslash escape at src[i] of a string literal's
// content (the text since run first), decoded by decode; an escaped line
// break is a line continuation, a gap. It returns the position after it.
func stringEscape(b *chunkBuilder, src []byte, run, i, end int, decode func([]byte) (int, string)) int {
	b.raw(run, i)
	if src[i+1] == '\n' || src[i+1] == '\r' {
		e, _ := skipBreaks(src, i+1, end)
		return e
	}
	n, txt := decode(src[i:end])
	b.synth(i, i+n, txt)
	return i + n
}

// stringBreak adds the line break at src[i] inside a string literal's
// content (the text since run first): the blanks before it and the breaks
// become one synthetic "\n", or "\n\n" for a blank line. It returns the
// position after the breaks.
func stringBreak(b *chunkBuilder, src []byte, run, i, end int) int {
	bs := i
	for bs > run && (src[bs-1] == ' ' || src[bs-1] == '\t') {
		bs--
	}
	b.raw(run, bs)
	e, breaks := skipBreaks(src, i, end)
	if breaks > 1 {
		b.synth(bs, e, "\n\n")
	} else {
		b.synth(bs, e, "\n")
	}
	return e
}
