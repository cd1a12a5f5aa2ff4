package analysis

import (
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// naivePhrases finds every occurrence of every phrase in text that starts
// and ends on token boundaries, by brute force.
func naivePhrases(phrases []string, text string) []string {
	var out []string
	toks := tokenize([]byte(text), 0, len(text), nil)
	starts, ends := map[int]bool{}, map[int]bool{}
	for _, t := range toks {
		starts[int(t.start)] = true
		ends[int(t.end)] = true
	}
	for s := range starts {
		for _, p := range phrases {
			e := s + len(p)
			if e <= len(text) && text[s:e] == p && ends[e] {
				out = append(out, p+"@"+itoa(s))
			}
		}
	}
	sort.Strings(out)
	return out
}

func indexPhrases(phrases []string, text string) []string {
	x := newPhraseIndex(phrases)
	var out []string
	toks := tokenize([]byte(text), 0, len(text), nil)
	x.scan([]byte(text), toks, func(p int32, s, e int) {
		out = append(out, phrases[p]+"@"+itoa(s))
	})
	sort.Strings(out)
	return out
}

func TestPhraseIndexAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	words := []string{"a", "ab", "b", "abc", "c", "-", "'", "x_y", "é", "ab-c"}
	gen := func(n int, sep func() string) string {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteString(sep())
			}
			sb.WriteString(words[rng.Intn(len(words))])
		}
		return sb.String()
	}
	for iter := 0; iter < 500; iter++ {
		seen := map[string]bool{}
		var phrases []string
		for len(phrases) < 1+rng.Intn(20) {
			p := gen(1+rng.Intn(4), func() string { return []string{" ", ""}[rng.Intn(2)] })
			if !seen[p] {
				seen[p] = true
				phrases = append(phrases, p)
			}
		}
		text := gen(rng.Intn(60), func() string { return []string{" ", "", " "}[rng.Intn(3)] })
		got, want := indexPhrases(phrases, text), naivePhrases(phrases, text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("phrases %q in %q:\ngot  %q\nwant %q", phrases, text, got, want)
		}
	}
}

// Many phrases (a large trie with frozen tables) still find exactly their
// own occurrences.
func TestPhraseIndexLarge(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	var phrases []string
	seen := map[string]bool{}
	for len(phrases) < 20000 {
		p := "w" + itoa(rng.Intn(5000)) + " w" + itoa(rng.Intn(5000))
		if !seen[p] {
			seen[p] = true
			phrases = append(phrases, p)
		}
	}
	x := newPhraseIndex(phrases)
	for i, p := range phrases {
		text := "x " + p + " y"
		found := false
		toks := tokenize([]byte(text), 0, len(text), nil)
		x.scan([]byte(text), toks, func(q int32, s, e int) {
			if int(q) == i && s == 2 {
				found = true
			}
		})
		if !found {
			t.Fatalf("phrase %q not found", p)
		}
	}
}
