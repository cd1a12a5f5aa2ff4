package analysis

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// FuzzTemplateMatch compares template matching with a plain reference: the
// template (built from the fuzz input, with word sets, alternatives,
// optionals and gaps) is expanded naively, by this test's own code, to a
// list of phrases per part; a regular expression made of those phrases and
// of the gaps (up to N words, never across a sentence end) then says where
// the template matches. Every finding must be a whole match of the
// reference, and every place the reference matches must be covered by a
// finding.
func FuzzTemplateMatch(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05"), []byte("aa bb cc dd aa bb"))
	f.Add([]byte("\x02\x01\x07\x03\x01\x02\x09\x11"), []byte("aa, bb. cc dd\naa bb cc aa"))
	f.Add([]byte("\x05\x05\x05\x01\x02\x03\x04\x05\x06\x07\x08"), []byte("dd cc bb aa dd cc bb aa aa aa"))
	f.Add([]byte("\x13\x21\x04\x02\x10\x00\x07"), []byte("bb bb bb bb bb bb bb bb"))
	// Random shapes and texts, so that `go test` covers sets, nesting
	// and gaps without fuzzing.
	rng := rand.New(rand.NewSource(11))
	for range 40 {
		shape, words := make([]byte, 32), make([]byte, 60)
		rng.Read(shape)
		rng.Read(words)
		f.Add(shape, words)
	}
	f.Fuzz(func(t *testing.T, shape, words []byte) {
		g := &tmplGen{b: shape}
		tg := g.template()
		text := genText(words)
		src := tg.toml()
		p, errs := rules.ParsePack("f.toml", []byte(src))
		if rules.HasErrors(errs) {
			t.Fatalf("generated pack does not load: %v\n%s", errs, src)
		}
		// Once as the engine splits templates, once cut at every blank
		// with every slot shared (splitKnob).
		for _, knob := range []int{0, 1} {
			checkTemplateFuzz(t, p.Rules, tg, text, knob)
		}
	})
}

func checkTemplateFuzz(t *testing.T, rs []*rules.Rule, tg *genTemplate, text string, knob int) {
	defer func(k int) { splitKnob = k }(splitKnob)
	splitKnob = knob
	e, err := Compile(rs)
	splitKnob = 0
	if err != nil {
		t.Fatal(err)
	}
	fs := e.Check(Document{Path: "a.txt", Kind: format.KindText, Text: []byte(text)})
	ref := tg.regex()
	whole := regexp.MustCompile(`^(?:` + ref + `)$`)
	prefix := regexp.MustCompile(`^(?:` + ref + `)\b`)
	for _, fd := range fs {
		if !whole.MatchString(fd.Match) {
			t.Fatalf("knob %d: finding %q is not a match of %s\n(reference %s)\ntext %q", knob, fd.Match, tg.rule, ref, text)
		}
		if want := tg.rule; fd.Template != want && (rules.IsTemplate(want) || fd.Template != "") {
			t.Fatalf("finding template %q, want %q", fd.Template, tg.rule)
		}
	}
	for s := 0; s < len(text); s++ {
		if s > 0 && isWordByteAt([]byte(text), s-1) || !isWordByteAt([]byte(text), s) {
			continue
		}
		loc := prefix.FindStringIndex(text[s:])
		if loc == nil {
			continue
		}
		covered := false
		for _, fd := range fs {
			if fd.Start < s+loc[1] && s < fd.End {
				covered = true
				break
			}
		}
		if !covered {
			t.Fatalf("knob %d: %q at %d matches %s but no finding covers it\nfindings %v\ntext %q", knob, text[s:s+loc[1]], s, tg.rule, fs, text)
		}
	}
}

var fuzzVocab = []string{"aa", "bb", "cc", "dd"}

func genText(b []byte) string {
	var sb strings.Builder
	seps := []string{" ", " ", " ", ", ", ". ", "\n"}
	for i, c := range b {
		if i >= 80 {
			break
		}
		if i > 0 {
			sb.WriteString(seps[int(c>>4)%len(seps)])
		}
		sb.WriteString(fuzzVocab[int(c)%len(fuzzVocab)])
	}
	return sb.String()
}

// gnode is the test's own template tree.
type gnode struct {
	word string
	set  int // ≥ 0: a slot of set number set
	alts [][]gnode
	opt  bool
}

type genTemplate struct {
	sets  [][][]gnode // set → entries
	parts [][]gnode
	gaps  []int
	rule  string
}

type tmplGen struct {
	b []byte
	i int
}

func (g *tmplGen) next() int {
	if g.i >= len(g.b) {
		g.i++
		return 0
	}
	c := g.b[g.i]
	g.i++
	return int(c)
}

func (g *tmplGen) word() gnode { return gnode{word: fuzzVocab[g.next()%len(fuzzVocab)], set: -1} }

// seq is 1 to 3 items; it starts with a word, so it is never empty.
func (g *tmplGen) seq(depth, nsets int) []gnode {
	out := []gnode{g.word()}
	n := g.next() % 3
	for range n {
		switch k := g.next() % 5; {
		case k == 0 || depth >= 2:
			out = append(out, g.word())
		case k == 1 || k == 2:
			var alts [][]gnode
			for range 1 + g.next()%3 {
				alts = append(alts, g.seq(depth+1, nsets))
			}
			out = append(out, gnode{set: -1, alts: alts, opt: k == 2})
		default:
			if nsets == 0 {
				out = append(out, g.word())
				continue
			}
			out = append(out, gnode{set: g.next() % nsets})
		}
	}
	return out
}

func (g *tmplGen) template() *genTemplate {
	tg := &genTemplate{}
	// Sets: set i may use sets before it.
	for i := range g.next() % 3 {
		var entries [][]gnode
		for range 1 + g.next()%3 {
			entries = append(entries, g.seq(1, i))
		}
		tg.sets = append(tg.sets, entries)
	}
	nparts := 1 + g.next()%3
	for k := range nparts {
		if k > 0 {
			tg.gaps = append(tg.gaps, 1+g.next()%3)
		}
		tg.parts = append(tg.parts, g.seq(0, len(tg.sets)))
	}
	var sb strings.Builder
	for k, p := range tg.parts {
		if k > 0 {
			fmt.Fprintf(&sb, " {...%d} ", tg.gaps[k-1])
		}
		sb.WriteString(renderSeq(p))
	}
	tg.rule = sb.String()
	return tg
}

func renderSeq(ns []gnode) string {
	var parts []string
	for _, n := range ns {
		switch {
		case n.word != "":
			parts = append(parts, n.word)
		case n.alts != nil:
			var as []string
			for _, a := range n.alts {
				as = append(as, renderSeq(a))
			}
			if n.opt {
				parts = append(parts, "["+strings.Join(as, "|")+"]")
			} else {
				parts = append(parts, "("+strings.Join(as, "|")+")")
			}
		default:
			parts = append(parts, fmt.Sprintf("{s%d}", n.set))
		}
	}
	return strings.Join(parts, " ")
}

func (tg *genTemplate) toml() string {
	var sb strings.Builder
	if len(tg.sets) > 0 {
		sb.WriteString("[sets]\n")
		for i, entries := range tg.sets {
			var es []string
			for _, e := range entries {
				es = append(es, fmt.Sprintf("%q", renderSeq(e)))
			}
			fmt.Fprintf(&sb, "s%d = [%s]\n", i, strings.Join(es, ", "))
		}
	}
	fmt.Fprintf(&sb, "[[rule]]\nid = \"f.t\"\nrestricted = [%q]\n", tg.rule)
	return sb.String()
}

// expand is the naive expansion of a sequence: every choice, as word lists.
func (tg *genTemplate) expand(ns []gnode) [][]string {
	out := [][]string{nil}
	for _, n := range ns {
		var choices [][]string
		switch {
		case n.word != "":
			choices = [][]string{{n.word}}
		case n.alts != nil:
			if n.opt {
				choices = append(choices, nil)
			}
			for _, a := range n.alts {
				choices = append(choices, tg.expand(a)...)
			}
		default:
			for _, e := range tg.sets[n.set] {
				choices = append(choices, tg.expand(e)...)
			}
		}
		var next [][]string
		for _, o := range out {
			for _, c := range choices {
				next = append(next, append(append([]string(nil), o...), c...))
			}
		}
		out = next
	}
	return out
}

// regex is the reference: each part an alternation of its phrases (words
// separated by a space or a line break), parts joined by up to N words
// separated by spaces, commas or line breaks — never a sentence end.
func (tg *genTemplate) regex() string {
	var sb strings.Builder
	for k, p := range tg.parts {
		if k > 0 {
			fmt.Fprintf(&sb, `(?:[ ,\n]+[a-z]+){0,%d}[ ,\n]+`, tg.gaps[k-1])
		}
		var alts []string
		for _, ws := range tg.expand(p) {
			alts = append(alts, strings.Join(ws, `[ \n]`))
		}
		sb.WriteString(`\b(?:` + strings.Join(alts, "|") + `)\b`)
	}
	return sb.String()
}
