package server

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

func TestLineIndexConversions(t *testing.T) {
	text := "ab\r\n😀x\rc日\n\né🎉z"
	x := newLineIndex([]byte(text))
	if x.lines() != 5 {
		t.Fatalf("lines %d", x.lines())
	}
	for _, tc := range []struct {
		off  int
		enc  string
		want protocol.Position
	}{
		{0, encUTF16, protocol.Position{Line: 0, Character: 0}},
		{2, encUTF16, protocol.Position{Line: 0, Character: 2}},
		{3, encUTF16, protocol.Position{Line: 0, Character: 2}}, // between \r and \n
		{4 + 4, encUTF16, protocol.Position{Line: 1, Character: 2}},
		{4 + 4, encUTF8, protocol.Position{Line: 1, Character: 4}},
		{4 + 4, encUTF32, protocol.Position{Line: 1, Character: 1}},
		{4 + 5 + 1, encUTF16, protocol.Position{Line: 2, Character: 0}}, // after lone \r
		{len(text), encUTF16, protocol.Position{Line: 4, Character: 4}},
	} {
		if got := x.position(tc.off, tc.enc); got != tc.want {
			t.Errorf("position(%d, %s) = %v, want %v", tc.off, tc.enc, got, tc.want)
		}
	}
	// Clamping and snapping.
	for _, tc := range []struct {
		p    protocol.Position
		enc  string
		want int
	}{
		{protocol.Position{Line: 0, Character: 99}, encUTF16, 2},        // past the line end
		{protocol.Position{Line: 1, Character: 1}, encUTF16, 4},         // inside a surrogate pair
		{protocol.Position{Line: 1, Character: 2}, encUTF8, 4},          // inside a UTF-8 sequence
		{protocol.Position{Line: 5, Character: 0}, encUTF16, len(text)}, // one past the last line
	} {
		got, err := x.offset(tc.p, tc.enc)
		if err != nil || got != tc.want {
			t.Errorf("offset(%v, %s) = %d, %v; want %d", tc.p, tc.enc, got, err, tc.want)
		}
	}
	if _, err := x.offset(protocol.Position{Line: 6}, encUTF16); err == nil {
		t.Errorf("line 6: no error")
	}
	if _, _, err := x.offsets(protocol.Range{Start: protocol.Position{Line: 1}, End: protocol.Position{Line: 0}}, encUTF16); err == nil {
		t.Errorf("backwards range: no error")
	}
}

func TestLineIndexEditsAndRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	pieces := []string{"a", "bc ", "\n", "\n\n", "😀", "日本", "é", "\r\n", "\r", "  ", "x\ny"}
	for it := 0; it < 600; it++ {
		use := pieces
		if it%2 == 0 {
			use = []string{"a", "bc ", "\n", "\n\n", "😀", "日本", "é", "  ", "x\ny"} // no "\r"
		}
		var b strings.Builder
		for i := rng.Intn(40); i > 0; i-- {
			b.WriteString(use[rng.Intn(len(use))])
		}
		text := []byte(b.String())
		x := newLineIndex(text)
		for k := 0; k < 10; k++ {
			// An edit at rune boundaries.
			s := runeBoundary(text, rng.Intn(len(text)+1))
			e := runeBoundary(text, s+rng.Intn(len(text)-s+1))
			ins := use[rng.Intn(len(use))]
			if rng.Intn(3) == 0 {
				ins = ""
			}
			next := append(append(append([]byte{}, text[:s]...), ins...), text[e:]...)
			got := x.edited(next, s, e, ins)
			want := newLineIndex(next)
			if !reflect.DeepEqual(got.starts, want.starts) {
				t.Fatalf("edit [%d,%d)→%q of %q: starts %v, want %v", s, e, ins, text, got.starts, want.starts)
			}
			text, x = next, got
		}
		// offset ∘ position is the identity on rune boundaries outside
		// "\r\n" pairs, in every encoding.
		for off := 0; off <= len(text); off++ {
			if off < len(text) && !utf8.RuneStart(text[off]) || off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
				continue
			}
			for _, enc := range []string{encUTF16, encUTF8, encUTF32} {
				p := x.position(off, enc)
				back, err := x.offset(p, enc)
				if err != nil || back != off {
					t.Fatalf("%q: %d → %v → %d (%v) in %s", text, off, p, back, err, enc)
				}
			}
			// UTF-16 columns agree with an independent count.
			p := x.position(off, encUTF16)
			ls := x.lineStart(int(p.Line))
			if n := len(utf16.Encode([]rune(string(text[ls:off])))); n != int(p.Character) {
				t.Fatalf("%q: offset %d column %d, want %d", text, off, p.Character, n)
			}
		}
	}
}

func runeBoundary(b []byte, i int) int {
	for i > 0 && i < len(b) && !utf8.RuneStart(b[i]) {
		i--
	}
	// Do not split "\r\n".
	if i > 0 && i < len(b) && b[i-1] == '\r' && b[i] == '\n' {
		i--
	}
	return i
}

// TestOffsetInvalidUTF8: in UTF-8 positions, an invalid byte is a
// character of its own (as in every other conversion), so a position
// after it is not moved back over it, nor over the character before.
func TestOffsetInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		text string
		char uint32
		want int
	}{
		{"a\x80b", 1, 1},
		{"a\x80b", 2, 2},
		{"😀\x80\x80", 4, 4}, // was 0: backed up over 😀 too
		{"😀\x80\x80", 5, 5},
		{"😀\x80\x80", 2, 0}, // inside 😀: its start
		{"\xe6\x97x", 1, 1}, // a truncated sequence is two characters
		{"\xed\xa0\x80", 2, 2},
	} {
		x := newLineIndex([]byte(tc.text))
		got, err := x.offset(protocol.Position{Character: tc.char}, encUTF8)
		if err != nil || got != tc.want {
			t.Errorf("%q: offset(0:%d) = %d, %v; want %d", tc.text, tc.char, got, err, tc.want)
		}
		if p := x.position(tc.want, encUTF8); got == tc.want && tc.want == int(tc.char) && p.Character != tc.char {
			t.Errorf("%q: position(%d) = %v", tc.text, tc.want, p)
		}
	}
}
