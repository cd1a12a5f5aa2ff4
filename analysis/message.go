package analysis

import (
	"strings"
	"unicode/utf8"
)

// MaxMessageBytes caps a finding's message: a message that repeats
// {match} thousands of times, on a document with many matches, must not
// make guardrail build (or an editor receive) gigabytes of text. A longer
// message is cut at a character boundary and ends in "…".
const MaxMessageBytes = 4096

// maxMatchInMessage caps the text one {match} puts in a message (a match
// of a pattern may be a whole paragraph); a longer match is cut with "…".
const maxMatchInMessage = 1024

const ellipsis = "…"

// messageBuilder builds a message of at most MaxMessageBytes.
type messageBuilder struct {
	b    strings.Builder
	full bool
}

// write appends s, or as much of it as fits; full is set when something
// was left out.
func (m *messageBuilder) write(s string) {
	if m.full {
		return
	}
	room := MaxMessageBytes - m.b.Len()
	if len(s) <= room {
		m.b.WriteString(s)
		return
	}
	m.b.WriteString(cutAt(s, room))
	m.full = true // String makes room for the ellipsis
}

// writeMatch appends a {match}, cut at maxMatchInMessage.
func (m *messageBuilder) writeMatch(s string) {
	if len(s) > maxMatchInMessage {
		s = cutAt(s, maxMatchInMessage-len(ellipsis)) + ellipsis
	}
	m.write(s)
}

func (m *messageBuilder) String() string {
	if m.full {
		return cutAt(m.b.String(), MaxMessageBytes-len(ellipsis)) + ellipsis
	}
	return m.b.String()
}

// capMessage cuts a message with no placeholders to MaxMessageBytes.
func capMessage(s string) string {
	if len(s) <= MaxMessageBytes {
		return s
	}
	return cutAt(s, MaxMessageBytes-len(ellipsis)) + ellipsis
}

// cutAt returns the longest prefix of s of at most n bytes that does not
// split a UTF-8 sequence.
func cutAt(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if n >= len(s) {
		return s
	}
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
