package analysis

import (
	"sort"
	"unicode/utf8"
)

// One pass over a chunk's normalized text (lower case, white space
// collapsed, typographic quotes and dashes folded) finds what the context
// and negation checks need: its sentences, clauses, words, commas, negation
// cues, quotations and "don't say:" introductions. Every match of the chunk
// is then answered by binary searches in these lists, so checking a chunk
// costs its length plus a logarithm per match, whatever the number of
// matches.
//
// Sentences end as sentence.go says, and at a paragraph break.
//
// A clause ends where a sentence ends, and
//   - at ';', at ':' followed by a space or the end, at '(' not glued to a
//     word before it and at ')' not glued to a word after it, and at a dash
//     standing between spaces (" - ", " – ", " — ", " -- ");
//   - before the words but, however, whereas, while, although, though,
//     because, if, unless, when and whenever, and before "now that" (unless
//     the word starts the clause, and not before "however," or "though,",
//     which are asides);
//   - before so, yet, which and who, and before the pronouns it, we, you,
//     they, i, he and she, when a comma precedes them (", so", "SRE is not
//     slow, it calls …");
//   - before and / or when a comma precedes them and that comma is the
//     clause's first ("fast, and it calls ..." joins clauses; "a gateway, a
//     proxy, or a passthrough" is one list);
//   - at the first comma of a clause that starts with a subordinating word
//     (while, although, though, because, whereas, if, unless, when, since,
//     once, after, before, until, whether): "If you have no account, SRE
//     gives you access" is two clauses.
//
// A word is a run of letters, digits, marks and underscores, joined across
// an apostrophe or hyphen between two such characters ("don't",
// "pass-through", "gpt-4o") and a period between digits ("4.5").

// bound is a sentence or clause boundary: the unit before it ends at end,
// the next starts at after; at orders the bounds (a match ending at or
// before at lies in a unit ending at end).
type bound struct {
	at, end, after int
	// weak marks a parenthesis or a dash of a pair: it ends a clause for
	// `context = "clause"`, but negation reaches across it (groups).
	weak bool
}

type wordSpan struct{ s, e int }

// segmentation is what the pass finds in one chunk [cs, ce).
type segmentation struct {
	cs, ce  int
	sents   []bound // sentence bounds, in order
	clauses []bound // clause bounds (sentence bounds included), in order
	words   []wordSpan
	commas  []int
	cues    []cue
	quotes  []quoteSpan
	intro   []span  // from a "don't say:" colon to its sentence's end
	strong  []bound // clause bounds without the weak ones: negation's clauses
	groups  []span  // parenthesised and dash-paired insertions [open, close]
	// cueCount[k][i]: cues of kind k among cues[:i]; outCount the same
	// for cues outside groups; lastDet[i]: index of the last determiner
	// cue among cues[:i], or -1.
	cueCount [numCueKinds][]int32
	outCount [numCueKinds][]int32
	lastDet  []int32
	lastNeed []int32 // the same for "don't need" cues
	openNeed int     // index of a "don't need" cue waiting for its "to", or -1
	// reductive is the index of a "not simply" cue that an additive word
	// later in sentence reductiveSent (len(sents) then) concedes, or -1.
	reductive, reductiveSent int
	text                     []byte // the normalized text segmented
	work                     int    // bytes scanned and search steps, for the scaling test
}

// clauseState is the open clause during the pass.
type clauseState struct {
	start       int
	words       int
	commas      int
	subordinate bool // starts with a subordinating word: ends at its first comma
	intro       bool // holds a word that forbids what a colon after it introduces ("avoid")
	short       bool // holds "bad", "wrong" or "incorrect" ("Bad: …")
	prohib      bool // holds a prohibition word (or "stop"): a speech verb after it negates
	plain       int  // words that are not negations, prohibitions, speech verbs or do/this/these/that
	lastSpeech  int  // offset of its last speech verb ("say", "write"), -1 if none
}

// segment runs the pass over text[cs:ce].
func (g *segmentation) segment(text []byte, cs, ce int) {
	g.cs, g.ce = cs, ce
	g.text = text
	g.openNeed, g.reductive = -1, -1
	g.sents = g.sents[:0]
	g.clauses = g.clauses[:0]
	g.words = g.words[:0]
	g.commas = g.commas[:0]
	g.cues = g.cues[:0]
	g.quotes = g.quotes[:0]
	g.intro = g.intro[:0]
	g.strong = g.strong[:0]
	g.groups = g.groups[:0]
	g.work += ce - cs

	cl := clauseState{start: cs, lastSpeech: -1}
	tokStart := cs  // where the space-delimited token being read starts
	lastAfter := cs // no clause bound before this (inside a sentence end)
	introStart := -1
	prevComma := false // the last thing before this word is a comma
	var q quoteState
	parenDepth, parenOpen := 0, 0
	var dashes []int // clause bounds of the sentence's dashes

	newClause := func(b bound) {
		if b.at < lastAfter {
			return
		}
		g.clauses = append(g.clauses, b)
		lastAfter = b.after
		cl = clauseState{start: b.after, lastSpeech: -1}
	}
	// closeSentence ends the sentence's dash pairs and introduction at end.
	closeSentence := func(end int) {
		// Dashes pair up within a sentence: " - and never will - ".
		for k := 0; k+1 < len(dashes); k += 2 {
			d1, d2 := &g.clauses[dashes[k]], &g.clauses[dashes[k+1]]
			d1.weak, d2.weak = true, true
			g.groups = append(g.groups, span{d1.at, d2.at})
		}
		dashes = dashes[:0]
		if introStart >= 0 {
			g.intro = append(g.intro, span{introStart, end})
			introStart = -1
		}
	}
	endSentence := func(b bound) {
		closeSentence(b.end)
		g.sents = append(g.sents, b)
		if b.at >= lastAfter {
			g.clauses = append(g.clauses, b)
		}
		lastAfter = b.after
		cl = clauseState{start: b.after, lastSpeech: -1}
	}

	for i := cs; i < ce; {
		c := text[i]
		if isWordByteAt(text, i) {
			we := wordEnd(text, i, ce)
			g.word(text, i, we, &cl, prevComma, newClause)
			prevComma = false
			i = we
			continue
		}
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRune(text[i:ce])
			if prohibitionMark(r) && introStart < 0 {
				introStart = i // "❌ SRE gives access …": to the sentence's end
			}
			prevComma = false
			i += w
			continue
		}
		switch c {
		case ' ':
			tokStart = i + 1
			i++
			continue // a space keeps prevComma
		case hardSep:
			tokStart = i + 1
			endSentence(bound{i, i, i + 1, false})
			q.reset()
			parenDepth = 0
		case '.', '!', '?':
			if j, ok := sentenceEndAt(text[:ce], i, tokStart); ok {
				endSentence(bound{i, min(j, ce), j, false})
			}
		case ';':
			newClause(bound{i, i, i + 1, false})
		case ':':
			if i+1 >= ce || text[i+1] == ' ' || text[i+1] == hardSep {
				if introStart < 0 && g.introduces(cl) {
					introStart = i + 1
				}
				newClause(bound{i, i, i + 1, false})
			}
		case '(':
			tokStart = i + 1
			if i == cs || !isWordByteAt(text, prevByteStart(text, cs, i)) {
				newClause(bound{i, i, i + 1, true})
			}
			if parenDepth == 0 {
				parenOpen = i
			}
			parenDepth++
		case ')':
			if i+1 >= ce || !isWordByteAt(text, i+1) {
				newClause(bound{i, i, i + 1, true})
			}
			if parenDepth > 0 {
				parenDepth--
				if parenDepth == 0 {
					g.groups = append(g.groups, span{parenOpen, i})
				}
			}
		case '-':
			k := i
			for k < ce && text[k] == '-' {
				k++
			}
			if i > cs && text[i-1] == ' ' && (k == ce || text[k] == ' ') && i >= lastAfter {
				dashes = append(dashes, len(g.clauses))
				newClause(bound{i, i, k, false})
			}
			prevComma = false
			i = k
			continue
		case ',':
			g.commas = append(g.commas, i)
			cl.commas++
			if cl.subordinate && cl.commas == 1 {
				newClause(bound{i, i, i + 1, false})
			}
			prevComma = true
			i++
			continue
		case '"', '`', '\'':
			if c == '"' {
				tokStart = i + 1
			}
			if o, ok := q.char(text, cs, ce, i); ok {
				g.quotes = append(g.quotes, quoteSpan{open: o, close: i})
			}
		}
		prevComma = false
		i++
	}
	closeSentence(ce)
	g.index()
}

// prevByteStart is the start of the character before text[i].
func prevByteStart(text []byte, cs, i int) int {
	j := i - 1
	for j > cs && text[j]&0xC0 == 0x80 {
		j--
	}
	return j
}

// wordEnd returns the end of the word starting at text[i].
func wordEnd(text []byte, i, ce int) int {
	digit := false
	for i < ce {
		c := text[i]
		switch {
		case c < utf8.RuneSelf && asciiWord[c]:
			digit = c >= '0' && c <= '9'
			i++
			continue
		case c >= utf8.RuneSelf:
			r, w := utf8.DecodeRune(text[i:ce])
			if isWordRune(r) {
				digit = false
				i += w
				continue
			}
			return i
		case (c == '\'' || c == '-') && i+1 < ce && isWordByteAt(text, i+1):
			digit = false
			i++
			continue
		case c == '.' && digit && i+1 < ce && text[i+1] >= '0' && text[i+1] <= '9':
			i++
			continue
		}
		return i
	}
	return i
}

// quoteState follows one level of quotation: '"' and '`' open and close
// alike; an apostrophe opens after a non-word character before a word
// character, and closes an open apostrophe quote after a non-space.
type quoteState struct {
	open int  // offset of the open quote character, when set
	ch   byte // that character
	set  bool // a quotation is open
}

func (q *quoteState) reset() { q.set = false }

// char handles a quote character at text[i]; ok reports a closed
// quotation [open, i].
func (q *quoteState) char(text []byte, cs, ce, i int) (open int, ok bool) {
	c := text[i]
	if q.set {
		if c != q.ch {
			return 0, false
		}
		if c == '\'' && (i == cs || text[i-1] == ' ') {
			return 0, false
		}
		q.set = false
		return q.open, true
	}
	if c == '\'' {
		if i+1 >= ce || !isWordByteAt(text, i+1) {
			return 0, false
		}
		if i > cs && isWordByteAt(text, prevByteStart(text, cs, i)) {
			return 0, false
		}
	}
	q.open, q.ch, q.set = i, c, true
	return 0, false
}

// index builds the strong clauses, the cue prefix counts and marks
// forbidden quotations.
func (g *segmentation) index() {
	for _, b := range g.clauses {
		if !b.weak {
			g.strong = append(g.strong, b)
		}
	}
	// Groups in order of their opening (dash pairs were added at their
	// sentence's end, parentheses at their close).
	sort.Slice(g.groups, func(i, j int) bool { return g.groups[i].s < g.groups[j].s })
	n := len(g.cues)
	for k := range g.cueCount {
		g.cueCount[k] = growInt32(g.cueCount[k], n+1)
		g.outCount[k] = growInt32(g.outCount[k], n+1)
	}
	g.lastDet = growInt32(g.lastDet, n+1)
	g.lastDet[0] = -1
	g.lastNeed = growInt32(g.lastNeed, n+1)
	g.lastNeed[0] = -1
	gi := 0
	for i, c := range g.cues {
		for k := range g.cueCount {
			g.cueCount[k][i+1] = g.cueCount[k][i]
			g.outCount[k][i+1] = g.outCount[k][i]
		}
		g.cueCount[c.kind][i+1]++
		for gi < len(g.groups) && g.groups[gi].e < c.pos {
			gi++
		}
		if gi == len(g.groups) || c.pos < g.groups[gi].s {
			g.outCount[c.kind][i+1]++
		}
		g.lastDet[i+1] = g.lastDet[i]
		g.lastNeed[i+1] = g.lastNeed[i]
		if c.kind == cueNeed {
			g.lastNeed[i+1] = int32(i)
		}
		if c.kind == cueDet {
			g.lastDet[i+1] = int32(i)
		}
	}
	g.work += n
	for i := range g.quotes {
		g.quotes[i].forbidden = g.quoteForbidden(i)
	}
}

func growInt32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// search is sort.Search counting its steps as work.
func (g *segmentation) search(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		g.work++
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// around returns the unit [start, end) of bounds b holding [s, e).
func (g *segmentation) around(b []bound, s, e int) (int, int) {
	start, end := g.cs, g.ce
	if i := g.search(len(b), func(k int) bool { return b[k].after > s }); i > 0 {
		start = b[i-1].after
	}
	if j := g.search(len(b), func(k int) bool { return b[k].at >= e }); j < len(b) {
		end = min(b[j].end, g.ce)
	}
	return start, end
}

// sentence returns the sentence holding [s, e).
func (g *segmentation) sentence(s, e int) (int, int) { return g.around(g.sents, s, e) }

// clause returns the clause holding [s, e).
func (g *segmentation) clause(s, e int) (int, int) { return g.around(g.clauses, s, e) }

// wordsAround returns [s, e) widened by n words on either side, within its
// sentence.
func (g *segmentation) wordsAround(s, e, n int) (int, int) {
	ss, se := g.sentence(s, e)
	a := g.search(len(g.words), func(k int) bool { return g.words[k].e > s })
	b := g.search(len(g.words), func(k int) bool { return g.words[k].s >= e }) - 1
	lo, hi := s, e
	if a < len(g.words) && b >= a {
		lo = g.words[max(0, a-n)].s
		hi = g.words[min(len(g.words)-1, b+n)].e
	}
	return max(lo, ss), min(max(hi, e), se)
}

// wordIndex is the index of the first word ending after s.
func (g *segmentation) wordIndex(s int) int {
	return g.search(len(g.words), func(k int) bool { return g.words[k].e > s })
}

// cuesFrom is the index of the first cue at or after offset s.
func (g *segmentation) cuesFrom(s int) int {
	return g.search(len(g.cues), func(k int) bool { return g.cues[k].pos >= s })
}

// count is the number of cues of kind k among cues[i:j].
func (g *segmentation) count(k cueKind, i, j int) int {
	if j <= i {
		return 0
	}
	return int(g.cueCount[k][j] - g.cueCount[k][i])
}

// sortedSpans reports whether spans are sorted by start (they are as the
// matcher reports them).
func sortedSpans(x []span) bool {
	return sort.SliceIsSorted(x, func(i, j int) bool { return x[i].s < x[j].s })
}
