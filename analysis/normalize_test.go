package analysis

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Enables  Access\tto\nOpenAI", "enables access to openai"},
		{"don’t", "don't"},
		{"pass\u2013through", "pass-through"},
		{"non\u00a0breaking", "non breaking"},
		{"  trimmed  ", "trimmed"},
		{"ÉCOLE", "école"},
	}
	for _, tt := range tests {
		if got := normalizeString(tt.in, true); got != tt.want {
			t.Errorf("normalizeString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every normalized byte range maps back to the source range it came from.
func TestNormalizeOffsets(t *testing.T) {
	src := []byte("A  b\r\nC’d — e\u00a0F\n\nG")
	var b textBuilder
	b.reset(true)
	b.addVerbatim(src, 0, len(src))
	want := "a b c'd - e f\x01g"
	if string(b.norm) != want {
		t.Fatalf("norm = %q, want %q", b.norm, want)
	}
	checks := []struct {
		norm string
		src  string
	}{
		{"a b c'd", "A  b\r\nC’d"},
		{"c'd", "C’d"},
		{"e f", "e\u00a0F"},
		{"g", "G"},
		{"b c", "b\r\nC"},
	}
	for _, c := range checks {
		i := indexOf(string(b.norm), c.norm)
		s, e := b.srcStart(i), b.srcEnd(i+len(c.norm))
		if got := string(src[s:e]); got != c.src {
			t.Errorf("%q maps to %q, want %q", c.norm, got, c.src)
		}
		if !b.contiguous(i, i+len(c.norm)) {
			t.Errorf("%q should be contiguous", c.norm)
		}
	}
}

func TestNormalizeGapAcrossSegments(t *testing.T) {
	src := []byte("call *OpenAI* models")
	var b textBuilder
	b.reset(true)
	b.addVerbatim(src, 0, 5)
	b.addVerbatim(src, 6, 12)
	b.addVerbatim(src, 13, 20)
	if string(b.norm) != "call openai models" {
		t.Fatalf("norm = %q", b.norm)
	}
	if b.contiguous(0, len(b.norm)) {
		t.Error("a range across emphasis markers must not be contiguous")
	}
	if s, e := b.srcStart(0), b.srcEnd(len(b.norm)); s != 0 || e != 20 {
		t.Errorf("range = %d..%d, want 0..20", s, e)
	}
	if !b.contiguous(5, 11) {
		t.Error("OpenAI alone is contiguous")
	}
}

// addVerbatimRef is addVerbatim without the ASCII fast paths: one character
// at a time through space, emitLinear and emitUnit. The first ASCII
// white-space character of a run maps to its space byte for byte.
func addVerbatimRef(b *textBuilder, src []byte, start, end int) {
	for i := start; i < end; {
		r, w := utf8.DecodeRune(src[i:end])
		switch {
		case r == utf8.RuneError && w == 1:
			b.inSpace, b.lastCR = false, false
			b.emitLinear(src[i], i)
		case !b.inSpace && (r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f'):
			// One ASCII white-space character maps to one space byte
			// for byte (a linear run), as the ASCII paths map it.
			b.inSpace, b.lastCR = true, false
			b.newlines = 0
			if r == '\n' {
				b.newlines = 1
			}
			b.spaceAt = len(b.norm)
			b.emitLinear(' ', i)
		case isSpaceRune(r):
			b.space(r, i, i+w)
		default:
			b.inSpace, b.lastCR = false, false
			f := foldRune(r, b.fold)
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], f)
			if n == w {
				b.emitLinearBytes(buf[:n], i)
			} else {
				b.emitUnit(buf[:n], i, i+w)
			}
		}
		i += w
	}
}

// randomProse returns text mixing ASCII words, runs of white space, line
// breaks, separators and non-ASCII letters, spaces and punctuation.
func randomProse(rng *rand.Rand, n int) string {
	pieces := []string{"a", "Word", "UPPER", "longerwordthaneight", "x_9", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n",
		"é", "É", "İ", "’", "\u00a0", "\u2014", "-", ".", "\x00", "\x01", "\x7f", "\xff", "😀", "@[`{", "AZaz09_"}
	var sb strings.Builder
	for sb.Len() < n {
		sb.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return sb.String()
}

// The fast paths of addVerbatim build the same text and offset map as the
// general path, for every fold setting and segment split.
func TestAddVerbatimFastPathsAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for iter := 0; iter < 3000; iter++ {
		src := []byte(randomProse(rng, rng.Intn(120)))
		fold := rng.Intn(2) == 0
		// Random segments, sometimes with gaps between them.
		var cuts [][2]int
		for s := 0; s < len(src); {
			e := min(len(src), s+1+rng.Intn(40))
			cuts = append(cuts, [2]int{s, e})
			s = e + rng.Intn(2)*rng.Intn(3)
		}
		var fast, ref textBuilder
		fast.reset(fold)
		ref.reset(fold)
		for _, c := range cuts {
			fast.addVerbatim(src, c[0], c[1])
			addVerbatimRef(&ref, src, c[0], c[1])
			if rng.Intn(8) == 0 {
				fast.addSynthetic("\n", c[1], c[1])
				ref.addSynthetic("\n", c[1], c[1])
			}
		}
		if string(fast.norm) != string(ref.norm) {
			t.Fatalf("%q (fold %v): norm %q, want %q", src, fold, fast.norm, ref.norm)
		}
		for i := 0; i < len(ref.norm); i++ {
			if fs, rs := fast.srcStart(i), ref.srcStart(i); fs != rs {
				t.Fatalf("%q: srcStart(%d) = %d, want %d", src, i, fs, rs)
			}
			if fe, re := fast.srcEnd(i+1), ref.srcEnd(i+1); fe != re {
				t.Fatalf("%q %v: srcEnd(%d) = %d, want %d\n%+v\n%+v", src, cuts, i+1, fe, re, fast.runs, ref.runs)
			}
			for j := i + 1; j <= len(ref.norm) && j < i+12; j++ {
				if fast.contiguous(i, j) != ref.contiguous(i, j) {
					t.Fatalf("%q: contiguous(%d, %d) differs", src, i, j)
				}
			}
		}
	}
}
