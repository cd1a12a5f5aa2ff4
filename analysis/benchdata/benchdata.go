// Package benchdata generates the inputs of guardrail's benchmarks: rules
// whose phrases are two or three words of a pseudo-word vocabulary, and
// text made of sentences of the same words, so that many phrases occur and
// every word of the text starts some phrase (the matcher's worst case).
package benchdata

import (
	"fmt"
	"math/rand"
	"strings"

	"github.com/guardrail-dev/guardrail/rules"
)

func vocabulary(rng *rand.Rand, n int) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		l := 3 + rng.Intn(7)
		b := make([]byte, l)
		for i := range b {
			b[i] = letters[rng.Intn(len(letters))]
		}
		if w := string(b); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Rules returns n phrase rules of two or three words.
func Rules(n int) []*rules.Rule {
	rng := rand.New(rand.NewSource(42))
	vocab := vocabulary(rand.New(rand.NewSource(7)), 3000)
	var rs []*rules.Rule
	for i := 0; i < n; i++ {
		k := 2 + rng.Intn(2)
		words := make([]string, k)
		for j := range words {
			words[j] = vocab[rng.Intn(len(vocab))]
		}
		rs = append(rs, &rules.Rule{
			ID:         fmt.Sprintf("bench.r%05d", i),
			Message:    "Use '{approved}' instead of '{match}'.",
			Severity:   rules.SeverityWarning,
			Restricted: []string{strings.Join(words, " ")},
			Approved:   []string{"approved " + words[0]},
			Scopes:     rules.DefaultScopes,
		})
	}
	return rs
}

// Text returns about size bytes of plain text, or of Markdown with
// headings, lists, quotes, code blocks, emphasis, links and inline code.
func Text(size int, markdown bool) []byte { return textSeeded(size, markdown, 99) }

func textSeeded(size int, markdown bool, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	vocab := vocabulary(rand.New(rand.NewSource(7)), 3000)
	var sb strings.Builder
	sentence := func() {
		n := 6 + rng.Intn(14)
		for i := 0; i < n; i++ {
			w := vocab[rng.Intn(len(vocab))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			if markdown && rng.Intn(25) == 0 {
				w = "*" + w + "*"
			} else if markdown && rng.Intn(40) == 0 {
				w = "[" + w + "](https://example.com/" + w + ")"
			} else if markdown && rng.Intn(60) == 0 {
				w = "`" + w + "`"
			}
			sb.WriteString(w)
			if i < n-1 {
				if rng.Intn(12) == 0 {
					sb.WriteString("\n")
				} else {
					sb.WriteString(" ")
				}
			}
		}
		sb.WriteString(". ")
	}
	for sb.Len() < size {
		if markdown {
			switch rng.Intn(10) {
			case 0:
				sb.WriteString("## ")
				sentence()
				sb.WriteString("\n\n")
				continue
			case 1:
				for i := 0; i < 3; i++ {
					sb.WriteString("- ")
					sentence()
					sb.WriteString("\n")
				}
				sb.WriteString("\n")
				continue
			case 2:
				sb.WriteString("```go\nfunc main() { fmt.Println(\"x\") }\n```\n\n")
				continue
			case 3:
				sb.WriteString("> ")
				sentence()
				sb.WriteString("\n> ")
				sentence()
				sb.WriteString("\n\n")
				continue
			}
		}
		for i := 0; i < 2+rng.Intn(4); i++ {
			sentence()
		}
		sb.WriteString("\n\n")
	}
	return []byte(sb.String())
}

// Tree returns the files of the benchmark tree: n Markdown files of
// about total bytes in all, in folders of 100 (two levels deep), each
// generated from its own seed so that the files differ. The names are
// relative slash paths, in a fixed order; the same arguments always give
// the same files.
func Tree(n, total int) (names []string, files [][]byte) {
	rng := rand.New(rand.NewSource(2000))
	// textSeeded overshoots its size by half a paragraph on average.
	mean := total/n - 200
	for i := 0; i < n; i++ {
		// Sizes from half to one and a half times the mean.
		size := mean/2 + rng.Intn(mean+1)
		names = append(names, fmt.Sprintf("part%02d/ch%02d/doc%04d.md", i/400, (i/100)%4, i))
		files = append(files, textSeeded(size, true, int64(1000+i)))
	}
	return names, files
}
