package analysis

import (
	"encoding/binary"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
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

func indexPhrases(phrases []string, text string, exactEdges bool) []string {
	x := buildPhraseIndex(phrases, exactEdges)
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
		want := naivePhrases(phrases, text)
		for _, exact := range []bool{false, true} {
			if got := indexPhrases(phrases, text, exact); !reflect.DeepEqual(got, want) {
				t.Fatalf("phrases %q in %q (exact edges %v):\ngot  %q\nwant %q", phrases, text, exact, got, want)
			}
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

// tokenizeRef is tokenize one byte at a time (the ASCII word path without
// the eight-byte scan).
func tokenizeRef(text []byte, from, to int, toks []token) []token {
	space := true
	text = text[:to]
	for i := from; i < len(text); {
		c := text[i]
		switch {
		case c == ' ':
			space = true
			i++
			continue
		case c == chunkSep || c == hardSep || c == codeSep:
			toks = append(toks, token{start: int32(i), end: int32(i + 1), brk: true})
			space = true
			i++
			continue
		}
		start := i
		if c < utf8.RuneSelf && asciiWord[c] {
			// Fast path: an ASCII word, hashed eight bytes at a time.
			i++
			for i < len(text) && text[i] < utf8.RuneSelf && asciiWord[text[i]] {
				i++
			}
			if i == len(text) || text[i] < utf8.RuneSelf {
				toks = append(toks, token{start: int32(start), end: int32(i), hash: hashBytes(text[start:i]), spaced: space})
				space = false
				continue
			}
			i = start // a word that goes on with non-ASCII letters
		}
		if isWordByteAt(text, i) {
			for i < len(text) {
				c := text[i]
				if c < utf8.RuneSelf {
					if !asciiWord[c] {
						break
					}
					i++
					continue
				}
				r, w := utf8.DecodeRune(text[i:])
				if !isWordRune(r) {
					break
				}
				i += w
			}
		} else {
			w := 1
			if c >= utf8.RuneSelf {
				_, w = utf8.DecodeRune(text[i:])
			}
			i += w
		}
		h := hashBytes(text[start:i])
		toks = append(toks, token{start: int32(start), end: int32(i), hash: h, spaced: space})
		space = false
	}
	return toks
}

// tokenize finds the same tokens, with the same hashes, as the byte-at-a-time
// tokenizer, on raw and normalized text.
func TestTokenizeAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	for iter := 0; iter < 5000; iter++ {
		text := randomProse(rng, rng.Intn(100))
		if iter%2 == 0 {
			text = normalizeString(text, iter%4 == 0)
		}
		from := 0
		if len(text) > 0 {
			from = rng.Intn(len(text) + 1)
		}
		to := from + rng.Intn(len(text)-from+1)
		got := tokenize([]byte(text), from, to, nil)
		want := tokenizeRef([]byte(text), from, to, nil)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tokenize(%q, %d, %d):\ngot  %+v\nwant %+v", text, from, to, got, want)
		}
	}
}

func TestHashShort(t *testing.T) {
	p := []byte("abcdefgh_0123456")
	for n := 1; n < 8; n++ {
		x := binary.LittleEndian.Uint64(p)
		if got, want := hashShort(x, n), hashBytes(p[:n:n]); got != want {
			t.Errorf("hashShort(%q) = %x, want %x", p[:n], got, want)
		}
	}
	for n := 0; n < 8; n++ {
		x, x1 := binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[8:])
		if got, want := hashMid(x, x1, n), hashBytes(p[:8+n:8+n]); got != want {
			t.Errorf("hashMid(%q) = %x, want %x", p[:8+n], got, want)
		}
	}
}
