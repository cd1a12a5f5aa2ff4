package analysis

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A template slot's text — what Finding.Slots, the "matched `…`" note and
// {approved} in a message show — is the prose the matcher saw, not the
// source bytes: inline markup left out (emphasis marks, a link's
// destination), character references and escapes decoded, and each run of
// white space — a line break with the markup that continues its block
// (`//`, `#`, `*` of a comment, `>` quote markers, list indentation) — one
// space. Its case is the source's, not the folded text's.
//
// A fix is different: it is an edit of the source, so a slot that fills a
// replacement keeps the source's escapes and references ("AT&amp;T" in
// HTML, `\"` in JSON) and only its white space reads as one space
// (fillText); a tag that reads as a line break (<br>) is kept. Markup
// other than that never reaches a fill: a match that spans inline markup
// has no fix at all (candidate.gap).
//
// {match} and Finding.Match are not slot text: they stay the raw source of
// the range.

// proseText returns the text the matcher saw for the normalized range
// [s, e), case as in the source, white space collapsed and trimmed.
func (b *textBuilder) proseText(src []byte, s, e int) string {
	return b.slotText(src, s, e, false)
}

// fillText is proseText for a replacement: escapes and character
// references as written in the source, a <br> kept.
func (b *textBuilder) fillText(src []byte, s, e int) string {
	return b.slotText(src, s, e, true)
}

func (b *textBuilder) slotText(src []byte, s, e int, encoded bool) string {
	if s < 0 || e > len(b.norm) || s >= e || len(b.runs) == 0 {
		return ""
	}
	k := b.runAt(s)
	if k < 0 {
		return ""
	}
	if b.runs[k].linear && (k+1 == len(b.runs) || int(b.runs[k+1].norm) >= e) &&
		b.norm[s] != ' ' && b.norm[e-1] != ' ' && bytes.IndexByte(b.norm[s:e], hardSep) < 0 {
		// One stretch of source, byte for byte: as written, unless a
		// space in it is another white-space character.
		if off := int(b.runs[k].src) - int(b.runs[k].norm); off+s >= 0 && off+e <= len(src) {
			if p := src[off+s : off+e]; !bytes.ContainsAny(p, "\t\n\r\v\f") {
				return string(p)
			}
		}
	}
	out := make([]byte, 0, e-s+8)
	space := false // a space is due before the next text
	put := func(p []byte) {
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, p...)
	}
	for ; k < len(b.runs) && int(b.runs[k].norm) < e; k++ {
		r := b.runs[k]
		rs, re := int(r.norm), len(b.norm)
		if k+1 < len(b.runs) {
			re = int(b.runs[k+1].norm)
		}
		a, z := max(s, rs), min(e, re)
		if a >= z {
			continue
		}
		if r.linear {
			// Byte for byte: the source's bytes (its case), a white-space
			// byte (a space in the normalized text) one space.
			off := int(r.src) - rs
			if off+z > len(src) || off+a < 0 {
				break
			}
			from := a
			for i := a; i < z; i++ {
				if n := b.norm[i]; n == ' ' || n == hardSep {
					if i > from {
						put(src[off+from : off+i])
					}
					space = true
					from = i + 1
				}
			}
			if z > from {
				put(src[off+from : off+z])
			}
			continue
		}
		// A unit: white space, a character folded to another length, a
		// decoded reference or escape, or an opaque token.
		n := b.norm[a:z]
		valid := r.src >= 0 && int(r.srcEnd) <= len(src) && r.src <= r.srcEnd
		if len(n) == 1 && (n[0] == ' ' || n[0] == hardSep) {
			if encoded && valid && bytes.IndexByte(src[r.src:r.srcEnd], '<') >= 0 {
				// A tag that reads as a line break (<br>): a fix keeps it.
				put([]byte(collapseBlanks(src[r.src:r.srcEnd])))
				continue
			}
			space = true
			continue
		}
		if !valid {
			put(n)
			continue
		}
		raw := src[r.src:r.srcEnd]
		switch {
		case encoded || len(n) == 1 && n[0] == codeSep:
			put(raw)
		case a == rs && z == re:
			put(decodedUnit(raw, n, b.fold))
		default:
			put(n)
		}
	}
	if !utf8.Valid(out) {
		out = []byte(strings.ToValidUTF8(string(out), "\uFFFD"))
	}
	return string(out)
}

// sameFill reports whether fillText of [s, e) is its proseText: no unit
// in it but white space (so nothing decoded), and none of those a tag.
func (b *textBuilder) sameFill(src []byte, s, e int) bool {
	k := b.runAt(s)
	if k < 0 {
		return false
	}
	for ; k < len(b.runs) && int(b.runs[k].norm) < e; k++ {
		if r := b.runs[k]; !r.linear {
			n := b.norm[max(s, int(r.norm)):]
			if len(n) == 0 || n[0] != ' ' && n[0] != hardSep {
				return false
			}
			if r.src >= 0 && int(r.srcEnd) <= len(src) && r.src <= r.srcEnd && bytes.IndexByte(src[r.src:r.srcEnd], '<') >= 0 {
				return false // a <br>: fillText keeps it
			}
		}
	}
	return true
}

// decodedUnit is the text of a unit whose source is raw and whose folded
// text is n, with the source's case: the character as written, or the
// decoded character reference or escape; n when neither folds to n.
func decodedUnit(raw, n []byte, fold bool) []byte {
	if r, w := utf8.DecodeRune(raw); w == len(raw) && r != utf8.RuneError && foldsTo(string(raw), n, fold) {
		return raw
	}
	var d string
	var err error
	switch {
	case len(raw) > 1 && raw[0] == '&':
		d = html.UnescapeString(string(raw))
	case len(raw) > 1 && raw[0] == '\\':
		d, err = strconv.Unquote(`"` + string(raw) + `"`)
	default:
		return n
	}
	if err != nil || !foldsTo(d, n, fold) {
		return n
	}
	return []byte(d)
}

// foldsTo reports whether s, folded as the matcher folds text (case too
// when fold is set), is n.
func foldsTo(s string, n []byte, fold bool) bool {
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		k := utf8.EncodeRune(buf[:], foldRune(r, fold))
		if len(n) < k || string(n[:k]) != string(buf[:k]) {
			return false
		}
		n = n[k:]
	}
	return len(n) == 0
}
