// Package jsonstr appends Go strings as JSON strings, byte for byte as
// encoding/json writes them with HTML escaping off, without reflection or
// allocation: the LSP server's diagnostics and the CLI's streaming JSON
// report both write many strings on hot paths.
package jsonstr

import "unicode/utf8"

const hex = "0123456789abcdef"

// safe: ASCII bytes written as they are (printable, less '"' and '\\').
var safe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < 0x7f; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// Append appends s quoted as encoding/json does with HTML escaping off:
// invalid UTF-8 becomes \ufffd, U+2028 and U+2029 are escaped. With
// controls, DEL and the C1 controls (U+0080–U+009F) are escaped too, as
// \u00XX, so that no control character reaches a terminal raw.
func Append(dst []byte, s string, controls bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if safe[b] || b == 0x7f && !controls {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default: // other C0 controls, and DEL with controls
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		case controls && c >= 0x80 && c < 0xa0:
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
