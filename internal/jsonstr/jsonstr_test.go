package jsonstr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// encodingJSON is encoding/json's quoting of s with HTML escaping off.
func encodingJSON(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// withControls is encodingJSON(s) with DEL and the C1 controls escaped.
func withControls(s string) []byte {
	var out []byte
	for _, b := range bytes.Runes(encodingJSON(s)) {
		if b == 0x7f || b >= 0x80 && b < 0xa0 {
			out = fmt.Appendf(out, `\u%04x`, b)
			continue
		}
		out = append(out, string(b)...)
	}
	return out
}

var cases = []string{
	"", "plain", `q"uote\back`, "\b\f\n\r\t\x00\x1f", "<a&b>", "del\x7f",
	"c1\u0085\u009f", "sep\u2028\u2029", "bad\xff\xfe utf8", "ünïcödé ✓ 😀",
}

func TestAppendIsEncodingJSON(t *testing.T) {
	for _, s := range cases {
		if got, want := Append(nil, s, false), encodingJSON(s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
		if got, want := Append(nil, s, true), withControls(s); !bytes.Equal(got, want) {
			t.Errorf("%q with controls: got %s, want %s", s, got, want)
		}
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range cases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Append(nil, s, false), encodingJSON(s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if got, want := Append(nil, s, true), withControls(s); !bytes.Equal(got, want) {
			t.Fatalf("%q with controls: got %s, want %s", s, got, want)
		}
	})
}
