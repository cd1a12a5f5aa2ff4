package analysis

import (
	"sort"
	"testing"
)

// FuzzSegment: the one-pass segmentation of any text never panics, keeps
// its lists ordered and inside the chunk, finds the sentences the old scan
// finds, and answers every window inside the chunk and around the match.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"", "sre is not a passthrough to gpt models.",
		"don't say 'sre enables access to openai models'.",
		"sre doesn't (and won't) call openai models - ever - or \"proxy\" them; no.",
		"if not all, e.g. u.s. 3.5 ... !? '' \"\" `` ((( ))) -- - , , and, or which",
		"no setup needed: sre gives you access to gpt-4o\x01second paragraph",
		"avoid: 'x' \"y\" `z` bad: wrong: never write: it's customers' data",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		b := []byte(normalizeString(text, true))
		var g segmentation
		g.segment(b, 0, len(b))
		for _, list := range [][]bound{g.sents, g.clauses, g.strong} {
			for i, x := range list {
				if x.at < 0 || x.end > len(b) || x.after > len(b)+1 || x.end < x.at || x.after < x.end {
					t.Fatalf("bound %+v out of order in %d bytes", x, len(b))
				}
				if i > 0 && (x.at < list[i-1].at || x.after < list[i-1].after) {
					t.Fatalf("bounds out of order: %+v then %+v", list[i-1], x)
				}
			}
		}
		if !sort.SliceIsSorted(g.cues, func(i, j int) bool { return g.cues[i].pos < g.cues[j].pos }) {
			t.Fatalf("cues out of order: %+v", g.cues)
		}
		for i := 1; i < len(g.quotes); i++ {
			if g.quotes[i].open <= g.quotes[i-1].close {
				t.Fatalf("quotes overlap: %+v", g.quotes)
			}
		}
		for s := 0; s <= len(b); s++ {
			e := min(len(b), s+3)
			ws, we := sentenceAtRef(b, 0, len(b), s, e)
			if gs, ge := g.sentence(s, e); gs != ws || ge != we {
				t.Fatalf("sentence of [%d,%d) = [%d,%d), reference [%d,%d)", s, e, gs, ge, ws, we)
			}
			for _, c := range []func(int, int) (int, int){g.clause, func(s, e int) (int, int) { return g.wordsAround(s, e, 2) }} {
				lo, hi := c(s, e)
				if lo < 0 || hi > len(b) || lo > hi {
					t.Fatalf("window [%d,%d) of [%d,%d) in %d bytes", lo, hi, s, e, len(b))
				}
			}
			g.negated(s, e)
		}
	})
}
