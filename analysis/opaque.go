package analysis

// Inline code and template tags are Opaque segments (format/scope.go): in the
// normalized text each is one codeSep byte, a token that no phrase
// contains and no match crosses (tokenize); in the text regex patterns
// see, it is Placeholder, and a pattern match that includes it is dropped.
// So a match never enters inline code nor joins the words on either side,
// and `(`x`)` is not an empty parenthesis.

// codeSep stands for an Opaque segment in the normalized buffer.
const codeSep = 0x02

// addOpaque appends an Opaque segment standing for source [start, end).
func (b *textBuilder) addOpaque(start, end int) {
	b.inSpace = false
	b.lastCR = false
	b.emitUnit([]byte{codeSep}, start, end)
}

// opaqueIn reports whether the raw text [a, b) holds a Placeholder.
func (rc *rawChunk) opaqueIn(a, b int) bool {
	if !rc.opaque {
		return false
	}
	for k := max(rc.segAt(a), 0); k < len(rc.segs) && rc.segs[k].raw < b; k++ {
		if rc.segs[k].opaque {
			return true
		}
	}
	return false
}
