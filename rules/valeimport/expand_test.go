package valeimport

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestExpandRegex(t *testing.T) {
	tests := []struct {
		expr        string
		fold        bool
		want        []string // sorted; nil when an error is wanted
		err         error    // when not nil, errors.Is must hold
		lead, trail bool
	}{
		{expr: "are not", fold: true, want: []string{"are not"}},
		{expr: "(?:alumna|alumnus)", fold: true, want: []string{"alumna", "alumnus"}},
		{expr: "air(?:m[ae]n|wom[ae]n)", fold: true, want: []string{"airman", "airmen", "airwoman", "airwomen"}},
		{expr: "chat ?bots?", fold: true, want: []string{"chat bot", "chat bots", "chatbot", "chatbots"}},
		{expr: "audio(?:-| )book", fold: true, want: []string{"audio book", "audio-book"}},
		{expr: "woman scientist[s]?", fold: true, want: []string{"woman scientist", "woman scientists"}},
		{expr: `e\.g\.`, want: []string{"e.g."}},
		{expr: `\bI'm\b`, want: []string{"I'm"}, lead: true, trail: true},
		{expr: `\bfoo`, want: []string{"foo"}, lead: true},
		// Case: a folded rule writes literals as given and counts [Aa] once.
		{expr: "(?i)Foo", fold: true, want: []string{"foo"}},
		{expr: "[Aa]ll", fold: true, want: []string{"all"}},
		// A case-sensitive rule spells out every case a class allows.
		{expr: "Acme [Cc]loud", want: []string{"Acme Cloud", "Acme cloud"}},
		{expr: "(?i)ok", want: []string{"OK", "Ok", "oK", "ok"}},
		// White space classes are one space, as in a phrase.
		{expr: `foo\s+bar`, want: []string{"foo bar"}},
		{expr: `foo[ \t]bar`, want: []string{"foo bar"}},
		{expr: `a  b`, want: []string{"a b"}},
		// Optional parts and small repeats unroll.
		{expr: `x{1,3}`, want: []string{"x", "xx", "xxx"}},
		{expr: `(?:very )?near future`, fold: true, want: []string{"near future", "very near future"}},
		{expr: "(foo)", want: []string{"foo"}},
		// Not finite, or not phrases.
		{expr: `[\w]+ed`, err: errNotFinite},
		{expr: `foo.*`, err: errNotFinite},
		{expr: `a.b`},
		{expr: `^foo`, err: errAnchor},
		{expr: `foo$`, err: errAnchor},
		{expr: `a\bb`, err: errBoundary},
		{expr: `\s[—–]\s`, err: errSpaceEdge},
		{expr: `x?`, err: errEmptyPhrase},
		{expr: `[a-z]{3}`, err: errTooMany},
		{expr: `a{150}b{100}`, err: errTooLong},
		{expr: `[\s,]x`, err: errControl},
		{expr: `(?<!x)y`},
		{expr: `(a)\1`},
	}
	for _, tt := range tests {
		x, err := expandRegex(tt.expr, tt.fold)
		if tt.want == nil {
			if err == nil {
				t.Errorf("expandRegex(%q) = %q, want an error", tt.expr, x.phrases)
			} else if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("expandRegex(%q) error = %v, want %v", tt.expr, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("expandRegex(%q): %v", tt.expr, err)
			continue
		}
		got := append([]string(nil), x.phrases...)
		sort.Strings(got)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("expandRegex(%q, fold=%v) = %q, want %q", tt.expr, tt.fold, got, tt.want)
		}
		if x.leadingBoundary != tt.lead || x.trailingBoundary != tt.trail {
			t.Errorf("expandRegex(%q) boundaries = %v,%v, want %v,%v", tt.expr, x.leadingBoundary, x.trailingBoundary, tt.lead, tt.trail)
		}
	}
}

func TestExpandRegexBound(t *testing.T) {
	// 4 × 4 × 4 × 4 = 256 phrases is the bound; one more alternative is over.
	at := strings.Repeat("(?:a|b|c|d)", 4)
	if x, err := expandRegex(at, false); err != nil || len(x.phrases) != MaxExpansions {
		t.Fatalf("expandRegex(%q) = %d phrases, %v; want %d", at, len(x.phrases), err, MaxExpansions)
	}
	over := at + "(?:x|y)"
	if _, err := expandRegex(over, false); !errors.Is(err, errTooMany) {
		t.Fatalf("expandRegex(%q) error = %v, want %v", over, err, errTooMany)
	}
}
