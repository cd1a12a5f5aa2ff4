package format

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// splittableRef is Splittable written as plainly as it reads: the
// searches of the patterns themselves.
func splittableRef(kind Kind, text []byte) bool {
	if bytes.IndexByte(text, '\r') >= 0 || bytes.Contains(text, []byte("guardrail-enable")) {
		return false
	}
	for rest := text; ; {
		i := bytes.Index(rest, []byte("guardrail-disable"))
		if i < 0 {
			break
		}
		rest = rest[i+len("guardrail-disable"):]
		if !bytes.HasPrefix(rest, []byte("-line")) && !bytes.HasPrefix(rest, []byte("-next-line")) {
			return false
		}
	}
	return kind != KindMarkdown || !bytes.Contains(text, []byte("]:")) && !bytes.Contains(text, []byte("{{<")) && !bytes.Contains(text, []byte("{%"))
}

// splittablePieces are what Splittable looks for, near misses and filler.
var splittablePieces = []string{
	"guardrail-disable", "guardrail-enable", "guardrail-disable-line", "guardrail-disable-next-line",
	"guardrail-disable-next", "guardrail-disabl", "guardrail", "guardrail--enable", "-enable", "-disable",
	"<!-- ", " -->", "]", ":", "]:", "] :", "{", "{{", "<", "{{<", "{%", "{ %", "%", "\r", "\n", "\n\n",
	"-", "---", "----------", "l-", "gguardrail-enable", "words ", "g", "x",
}

func randomSplittableText(rng *rand.Rand) []byte {
	var sb strings.Builder
	for n := rng.Intn(12); n >= 0; n-- {
		sb.WriteString(splittablePieces[rng.Intn(len(splittablePieces))])
	}
	return []byte(sb.String())
}

// TestSplittableSameAsRef: the searches for rare bytes find what the
// searches for the patterns find, patterns at the ends of the text and
// next to runs of dashes included.
func TestSplittableSameAsRef(t *testing.T) {
	for _, s := range []string{
		"", "guardrail-enable", "xguardrail-disable", "guardrail-disable-line", "guardrail-disable-next-line",
		"guardrail-disable-next", "---guardrail-enable", "guardrail---enable", "a]", "]:", "a{", "{{", "{{<", "{%",
		"text\r", "guardrail-disable-line guardrail-disable", "guardrail", "-enable", "guardrail-",
	} {
		for _, kind := range []Kind{KindMarkdown, KindText} {
			if got, want := Splittable(kind, []byte(s)), splittableRef(kind, []byte(s)); got != want {
				t.Errorf("Splittable(%v, %q) = %v, want %v", kind, s, got, want)
			}
		}
	}
	rng := rand.New(rand.NewSource(5))
	kept := 0
	for i := 0; i < 20000; i++ {
		text := randomSplittableText(rng)
		for _, kind := range []Kind{KindMarkdown, KindText} {
			got, want := Splittable(kind, text), splittableRef(kind, text)
			if got != want {
				t.Fatalf("Splittable(%v, %q) = %v, want %v", kind, text, got, want)
			}
			if got {
				kept++
			}
		}
	}
	if kept < 2000 || kept > 38000 {
		t.Fatalf("%d of 40000 texts splittable: the texts test one answer only", kept)
	}
}

// TestSplittableByParts: text cut at blank lines is splittable exactly
// when each piece between the blank lines is (what lets each part of a
// document be tested on its own, on its own core).
func TestSplittableByParts(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for i := 0; i < 5000; i++ {
		var pieces [][]byte
		var whole []byte
		for n := 1 + rng.Intn(4); n > 0; n-- {
			p := randomSplittableText(rng)
			pieces = append(pieces, p)
			whole = append(whole, p...)
			whole = append(whole, []string{"\n\n", "\n \t\n", "\n\n\n"}[rng.Intn(3)]...)
		}
		for _, kind := range []Kind{KindMarkdown, KindText} {
			each := true
			for _, p := range pieces {
				each = each && Splittable(kind, p)
			}
			if got := Splittable(kind, whole); got != each {
				t.Fatalf("%v %q: whole %v, pieces %v", kind, whole, got, each)
			}
		}
	}
}

// FuzzSplittable: Splittable agrees with the plain searches.
func FuzzSplittable(f *testing.F) {
	for _, s := range []string{"guardrail-disable-next-line x", "--guardrail-enable", "a ]: b", "{{< x >}}", "{%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []Kind{KindMarkdown, KindText} {
			if got, want := Splittable(kind, []byte(s)), splittableRef(kind, []byte(s)); got != want {
				t.Fatalf("Splittable(%v, %q) = %v, want %v", kind, s, got, want)
			}
		}
	})
}
