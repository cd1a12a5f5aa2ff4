package analysis

import "testing"

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
