package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/internal/testutil"
	"github.com/guardrail-dev/guardrail/rules"
)

// TestHostileMessageAmplification: a message that repeats {match}
// thousands of times, on a document with many long matches, gives
// messages of at most MaxMessageBytes each, ending in "…" when cut.
func TestHostileMessageAmplification(t *testing.T) {
	msg := strings.Repeat("{match}", 10000)
	r := rule("amp", nil, nil, withPatterns(`x+`))
	r.Message = msg
	eng, err := Compile([]*rules.Rule{r})
	if err != nil {
		t.Fatal(err)
	}
	// 200 paragraphs, each one match of 2,000 bytes: uncapped, 200 × 20 MB.
	src := strings.Repeat(strings.Repeat("x", 2000)+"\n\n", 200)
	var fs []Finding
	peak, _ := testutil.PeakHeap(func() {
		fs = eng.Check(Document{Path: "a.txt", Text: []byte(src), Kind: format.KindText})
	})
	if len(fs) != 200 {
		t.Fatalf("%d findings, want 200", len(fs))
	}
	for _, f := range fs {
		if len(f.Message) > MaxMessageBytes {
			t.Fatalf("message of %d bytes, want at most %d", len(f.Message), MaxMessageBytes)
		}
		if !strings.HasSuffix(f.Message, "…") || !utf8.ValidString(f.Message) {
			t.Fatalf("cut message should end in … and be valid UTF-8: %q", f.Message[len(f.Message)-10:])
		}
	}
	if peak > 64<<20 && !raceEnabled {
		t.Errorf("checking took a peak of %d MB of heap, want under 64 MB", peak>>20)
	}
}

// TestMessageCapKeepsShortMessages: messages under the cap are exact.
func TestMessageCapKeepsShortMessages(t *testing.T) {
	cases := []struct{ msg, match, want string }{
		{"Avoid '{match}'.", "foo", "Avoid 'foo'."},
		{"{match}{match}", "ab", "abab"},
		{"Use '{approved}' for {match} {x}", "m", "Use 'A' for m {x}"},
		{strings.Repeat("é", MaxMessageBytes), "m", strings.Repeat("é", (MaxMessageBytes-len("…"))/2) + "…"},
	}
	for _, c := range cases {
		if got := expandMessage(c.msg, c.match, []string{"A"}); got != c.want {
			t.Errorf("expandMessage(%.20q, %q) = %.40q (%d bytes), want %.40q (%d bytes)", c.msg, c.match, got, len(got), c.want, len(c.want))
		}
	}
}

// FuzzMessagePlaceholders: whatever the message and the match, the
// expanded message is valid UTF-8 when they are, at most MaxMessageBytes
// long, and equal to the plain substitution when that fits.
func FuzzMessagePlaceholders(f *testing.F) {
	f.Add("Avoid '{match}'.", "foo", "bar")
	f.Add("{match}{approved}{match", "{approved}", "{match}")
	f.Add(strings.Repeat("{match}", 700), "éé", "")
	f.Add("{{match}}", "x", "y")
	f.Fuzz(func(t *testing.T, msg, match, approved string) {
		got := expandMessage(msg, match, []string{approved})
		if len(got) > MaxMessageBytes {
			t.Fatalf("%d bytes", len(got))
		}
		if utf8.ValidString(msg) && utf8.ValidString(match) && utf8.ValidString(approved) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from valid input: %q", got)
		}
		plain := naiveExpand(msg, match, approved)
		if len(plain) <= MaxMessageBytes && len(match) <= maxMatchInMessage {
			if got != plain {
				t.Fatalf("got %q, want %q", got, plain)
			}
		} else if !strings.HasSuffix(got, "…") && len(match) <= maxMatchInMessage {
			t.Fatalf("cut message %q does not end in …", got)
		}
	})
}

// naiveExpand is the substitution without caps: left to right, {match}
// and {approved} replaced, anything else kept.
func naiveExpand(msg, match, approved string) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		switch {
		case strings.HasPrefix(msg[i:], "{match}"):
			b.WriteString(match)
			i += len("{match}")
		case strings.HasPrefix(msg[i:], "{approved}"):
			b.WriteString(approved)
			i += len("{approved}")
		default:
			b.WriteByte(msg[i])
			i++
		}
	}
	return b.String()
}
