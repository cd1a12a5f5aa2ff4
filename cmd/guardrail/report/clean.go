package report

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// Output never carries raw control characters from file names, matched
// text or a repository's config: a terminal would obey an ESC sequence in
// a file name, and a line break in a message would forge a line of output.
//
// The text and github formats show a C0 control character or DEL as its
// Unicode control picture (ESC as "␛", as in the source snippet), and a C1
// control character, a bidirectional override or isolate, or an invalid
// UTF-8 byte as U+FFFD; JSON and SARIF escape the control characters (see
// escapeJSONControls).

// clean returns s with every control character other than tab replaced by
// a visible stand-in. Text without any is returned as is.
func clean(s string) string { return cleanKeeping(s, false) }

// Clean is clean for one line of output: line breaks become spaces, other
// control characters visible stand-ins.
func Clean(s string) string { return cleanLine(s) }

// CleanWriter passes what is written to w with every control character
// other than line feed and tab shown as clean does, for commands that
// print a repository's text (rule messages, rationales) as it is.
func CleanWriter(w io.Writer) io.Writer { return cleanWriter{w} }

type cleanWriter struct{ w io.Writer }

func (c cleanWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(c.w, cleanKeeping(string(b), true)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// cleanKeeping is clean, keeping line feeds when nl.
func cleanKeeping(s string, nl bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < 0x20 && c != '\t' && !(nl && c == '\n') || c == 0x7f || c >= 0x80 {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\t' || nl && r == '\n':
			b.WriteByte(byte(r))
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r < 0x20:
			b.WriteRune(0x2400 + r) // control pictures
		case r == 0x7f:
			b.WriteRune(0x2421)
		case r >= 0x80 && r < 0xa0 || isBidiControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isBidiControl reports the Unicode bidirectional embedding, override and
// isolate controls, which make a terminal show text in another order than
// it is ("Trojan Source").
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// cleanLine is clean for one-line output: line breaks in a message (a
// {match} may span lines) become spaces first.
func cleanLine(s string) string { return clean(oneLine(s)) }

// escapeJSONControls escapes the control characters encoding/json writes
// raw: DEL and the C1 controls U+0080–U+009F (UTF-8 C2 80–C2 9F). In JSON
// output these bytes occur only inside strings, so escaping them there is
// safe; the C0 controls are escaped by the encoder already.
func escapeJSONControls(b []byte) []byte {
	if bytes.IndexByte(b, 0x7f) < 0 && !hasC1(b) {
		return b
	}
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(b)+32)
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] < 0xa0:
			out = append(out, '\\', 'u', '0', '0', hex[b[i+1]>>4], hex[b[i+1]&15])
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}

func hasC1(b []byte) bool {
	for {
		i := bytes.IndexByte(b, 0xc2)
		if i < 0 || i+1 >= len(b) {
			return false
		}
		if b[i+1] >= 0x80 && b[i+1] < 0xa0 {
			return true
		}
		b = b[i+1:]
	}
}
