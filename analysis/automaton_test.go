package analysis

import (
	"math/rand"
	"sort"
	"strings"
	"testing"
)

// naiveFind lists every (pattern, end) occurrence by brute force.
func naiveFind(patterns []string, text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); i++ {
		for p, pat := range patterns {
			if pat != "" && strings.HasPrefix(text[i:], pat) {
				out = append(out, [2]int{p, i + len(pat)})
			}
		}
	}
	sortOcc(out)
	return out
}

func sortOcc(o [][2]int) {
	sort.Slice(o, func(i, j int) bool {
		if o[i][1] != o[j][1] {
			return o[i][1] < o[j][1]
		}
		return o[i][0] < o[j][0]
	})
}

func acFind(patterns []string, text string) [][2]int {
	a := newAutomaton(patterns)
	var out [][2]int
	a.scan([]byte(text), func(p int32, end int) bool {
		out = append(out, [2]int{int(p), end})
		return true
	})
	sortOcc(out)
	return out
}

func TestAutomatonOverlapping(t *testing.T) {
	tests := []struct {
		patterns []string
		text     string
	}{
		{[]string{"he", "she", "his", "hers"}, "ushers"},
		{[]string{"a", "aa", "aaa"}, "aaaa"},
		{[]string{"access to openai models", "enables access to openai models", "openai"}, "sre enables access to openai models."},
		{[]string{"abc"}, ""},
		{[]string{"x"}, "yyy"},
		{[]string{"é", "café"}, "le café é"},
	}
	for _, tt := range tests {
		got, want := acFind(tt.patterns, tt.text), naiveFind(tt.patterns, tt.text)
		if len(got) != len(want) {
			t.Fatalf("%q in %q: got %v, want %v", tt.patterns, tt.text, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q in %q: got %v, want %v", tt.patterns, tt.text, got, want)
			}
		}
	}
}

func TestAutomatonRandomAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alpha := "ab c"
	word := func(n int) string {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			sb.WriteByte(alpha[rng.Intn(len(alpha))])
		}
		return sb.String()
	}
	for iter := 0; iter < 300; iter++ {
		seen := map[string]bool{}
		var pats []string
		for len(pats) < 1+rng.Intn(12) {
			p := word(1 + rng.Intn(5))
			if !seen[p] {
				seen[p] = true
				pats = append(pats, p)
			}
		}
		text := word(rng.Intn(80))
		got, want := acFind(pats, text), naiveFind(pats, text)
		if len(got) != len(want) {
			t.Fatalf("%q in %q: got %v, want %v", pats, text, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q in %q: got %v, want %v", pats, text, got, want)
			}
		}
	}
}
