package analysis

// Negation and quotation, for claim rules (rules.KindClaim). A claim
// match is not flagged when
//
//  1. a verbal negation occurs earlier in its clause: not, n't (don't,
//     doesn't, isn't, can't, won't, … and the same without the
//     apostrophe), cannot, never, nor, neither, no longer;
//  2. a prepositional negation occurs earlier in its clause with no comma
//     in between: without, unlike, rather than, instead of, far from,
//     refrain from, avoid, avoids, avoided, avoiding;
//  3. a determiner negation — no, none, nobody — occurs earlier in its
//     clause, with no comma in between and at most four words between it
//     and the match ("there is no way SRE gives …");
//     For 2 and 3, a match that ends a list (right after ", or", ", and",
//     ", nor", and an article) is reached across the list's commas;
//  4. it lies inside a quotation ("…", '…', `…`) and a negation or a
//     prohibition word (banned, forbidden, prohibited, incorrect, wrong,
//     bad, replace, discouraged, deprecated, disallowed, retired,
//     outdated, obsolete, off-limits, misleading, inaccurate, untrue,
//     false) stands in the quotation's clause
//     outside it (parentheses and dash pairs do not end that clause):
//     `Avoid "passthrough"`, `"Gateway" is banned`;
//  5. it follows, in the same sentence, a colon ending a clause that
//     forbids wording: one with a prohibition word or "avoid" ("Words to
//     avoid: …"), a negation before a speech verb ("Don't say: …", "Never
//     write: …"), or one or two words that are a negation or "bad",
//     "wrong", "incorrect" with at most "do", "this", "these", "that"
//     ("Don't: …", "Not this: …"; not "Don't panic: …");
//     or it follows a cross mark (❌ ✗ ✘ 🚫 ⛔ ⊘ ❎) in its sentence, or
//     it is in a table row with a cross mark in a cell (crossedRow), or
//     in a table column whose header forbids its wording ("Instead of",
//     "Avoid", "Don't say", "Not": forbiddenColumn);
//  6. it is in a list item of a list that such a colon introduces: a
//     paragraph ending in "Don't say:" and the list items right after it
//     (introducedLists).
//
// A prohibition word followed by a speech verb in a clause ("it's wrong to
// say …", "stop saying …", "it is misleading to claim …") negates the rest
// of the clause like a verbal negation.
//
// A negated need/require/have ("don't need", "doesn't require") reaches
// only to the next "to": "you don't need an account to access GPT-5"
// asserts the access.
//
// "Not simply" and "not merely" deny the reduced description that follows
// ("SRE does not simply forward requests to OpenAI"): they negate, unless
// the sentence goes on to add to it with "also", "too", "as well" or "but"
// ("doesn't merely forward requests, it also …" concedes the forwarding).
//
// Not negations, because they assert: "not only/just", "not
// to mention", "if not", "why not", "whether or not", "never before",
// "never been easier" (a comparative after "never been"), "can't wait",
// "don't miss/forget/hesitate", "no doubt", "no wonder", "no matter"; and a
// negation word joined by a hyphen ("no-code", "non-stop") is not one.
// Negation after the match ("SRE gives access to OpenAI models? No.") does
// not count.

type cueKind uint8

const (
	cueVerbal   cueKind = iota // to the end of the clause
	cuePrep                    // to the next comma
	cueDet                     // to the next comma, within detReach words
	cueProhib                  // marks quotations and introductions only
	cueNeed                    // "don't need": to the clause end or to the next "to"
	cueConceded                // a "not simply" the sentence went on to add to: none
	numCueKinds
)

// detReach is how many words after a determiner negation a match may
// start: "no" at word i negates a match starting at word i+1..i+detReach.
const detReach = 5

// cue is one negation or prohibition word (or pair) in a chunk.
type cue struct {
	pos  int // offset of its first word
	word int // index of its last word
	kind cueKind
	// until: a cueNeed's scope ends at this offset (its "to"), -1 at the
	// clause's end.
	until int
}

// word classes
const (
	wcVerbal      = 1 << iota // not, never, cannot, nor, neither, don't…
	wcPrep                    // without, unlike, avoid…
	wcPrepHead                // rather, instead, far, refrain (+ than/of/from)
	wcDet                     // no, none, nobody
	wcProhib                  // banned, forbidden, …
	wcSpeech                  // say, write, claim, …
	wcJoiner                  // starts a clause: but, however, …
	wcCommaJoiner             // starts a clause after a comma: so, yet, which, who, it, we, …
	wcList                    // and, or: a clause after the clause's first comma
	wcSubordinate             // a clause starting with it ends at its first comma
	wcAssertNot               // only, just after a negation
	wcReductive               // simply, merely after a negation
	wcAdditive                // also, too, but: concede a "not simply"
	wcIntro                   // a clause ending in a colon with it forbids what follows
	wcShort                   // so does a clause of one or two words with it: "Bad:"
)

var wordClasses = func() map[string]uint32 {
	m := map[string]uint32{}
	add := func(c uint32, words ...string) {
		for _, w := range words {
			m[w] |= c
		}
	}
	add(wcVerbal, "not", "never", "cannot", "nor", "neither",
		"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt",
		"wont", "wouldnt", "shouldnt", "hasnt", "havent", "hadnt", "aint", "mustnt", "neednt")
	add(wcPrep, "without", "unlike", "avoid", "avoids", "avoided", "avoiding")
	add(wcPrepHead, "rather", "instead", "far", "refrain", "refrains")
	add(wcDet, "no", "none", "nobody")
	add(wcProhib, "banned", "ban", "bans", "forbidden", "forbid", "prohibited", "prohibit",
		"incorrect", "wrong", "bad", "replace", "replaces", "replacing", "discouraged",
		"deprecated", "disallowed", "retired", "outdated", "obsolete", "off-limits",
		"misleading", "inaccurate", "untrue", "false")
	add(wcIntro, "avoid", "avoids", "avoided", "avoiding", "banned", "forbidden", "prohibited",
		"discouraged", "disallowed")
	add(wcShort, "bad", "wrong", "incorrect")
	add(wcSpeech, "say", "says", "said", "saying", "write", "writes", "writing", "wrote", "written",
		"claim", "claims", "claiming", "describe", "describes", "describing", "state", "states",
		"mention", "imply", "implies", "suggest", "suggests", "promise", "promises", "tell",
		"refer", "phrase", "phrases", "word", "words", "wording", "term", "terms", "language")
	add(wcJoiner, "but", "however", "whereas", "while", "although", "though", "because",
		"if", "unless", "when", "whenever")
	add(wcCommaJoiner, "so", "yet", "which", "who", "it", "we", "you", "they", "i", "he", "she")
	add(wcList, "and", "or")
	add(wcSubordinate, "while", "although", "though", "because", "whereas", "if", "unless",
		"when", "since", "once", "after", "before", "until", "whether")
	add(wcAssertNot, "only", "just")
	add(wcReductive, "simply", "merely")
	add(wcAdditive, "also", "too", "but")
	return m
}()

// classOf returns the classes of the word text[s:e].
func classOf(text []byte, s, e int) uint32 {
	w := text[s:e]
	c := wordClasses[string(w)]
	if len(w) > 3 && string(w[len(w)-3:]) == "n't" {
		c |= wcVerbal // don't, doesn't, can't, won't, …
	}
	return c
}

// word handles the word text[ws:we]: clause joiners and negation cues.
func (g *segmentation) word(text []byte, ws, we int, cl *clauseState, prevComma bool, newClause func(bound)) {
	idx := len(g.words)
	g.words = append(g.words, wordSpan{ws, we})
	cls := classOf(text, ws, we)
	w := text[ws:we]
	is := func(s string) bool { return string(w) == s } // no allocation
	// prevIs reports whether the word k before this one is s.
	prevIs := func(k int, s string) bool {
		if idx-k < 0 {
			return false
		}
		p := g.words[idx-k]
		return string(text[p.s:p.e]) == s
	}

	// Clause joiners.
	if cl.words > 0 {
		switch {
		case cls&wcJoiner != 0 && !((is("however") || is("though")) && we < g.ce && text[we] == ','):
			// (", however," and ", though," are asides, not joins.)
			newClause(bound{ws, ws, ws, false})
		case is("that") && prevIs(1, "now") && cl.words > 1:
			p := g.words[idx-1].s // "now that"
			newClause(bound{p, p, p, false})
		case prevComma && cls&wcCommaJoiner != 0:
			c := g.commas[len(g.commas)-1]
			newClause(bound{c, c, ws, false})
		case prevComma && cls&wcList != 0 && cl.commas == 1:
			c := g.commas[len(g.commas)-1]
			newClause(bound{c, c, ws, false})
		}
	}
	if cl.words == 0 && cls&wcSubordinate != 0 {
		cl.subordinate = true
	}
	cl.words++
	if cls&(wcVerbal|wcShort|wcIntro|wcSpeech) == 0 && !is("do") && !is("this") && !is("these") && !is("that") {
		cl.plain++
	}

	// The last cue, if it ends at the word before this one.
	last := -1
	if n := len(g.cues); n > 0 && g.cues[n-1].word == idx-1 {
		last = n - 1
	}
	lastIs := func(kind cueKind) bool { return last >= 0 && g.cues[last].kind == kind }
	pop := func() { g.cues = g.cues[:len(g.cues)-1] }

	// cueBefore reports the last cue is of kind and ends k words back.
	cueBefore := func(k int, kind cueKind) bool {
		n := len(g.cues)
		return n > 0 && g.cues[n-1].word == idx-k && g.cues[n-1].kind == kind
	}
	if g.reductive >= 0 && g.reductiveSent == len(g.sents) &&
		(cls&wcAdditive != 0 || is("well") && prevIs(1, "as")) {
		g.cues[g.reductive].kind = cueConceded // "doesn't simply …, it also"
		g.reductive = -1
	}
	switch {
	case cls&wcAssertNot != 0 && lastIs(cueVerbal):
		pop() // "not only", "doesn't just"
	case cls&wcReductive != 0 && lastIs(cueVerbal):
		g.reductive, g.reductiveSent = last, len(g.sents) // "does not simply"
	case is("mention") && prevIs(1, "to") && cueBefore(2, cueVerbal):
		pop() // "not to mention"
	case is("before") && lastIs(cueVerbal) && prevIs(1, "never"):
		pop() // "never before"
	case (is("more") || len(w) > 3 && string(w[len(w)-2:]) == "er") && prevIs(1, "been") && prevIs(2, "never") && cueBefore(2, cueVerbal):
		pop() // "never been easier"
	case is("wait") && lastIs(cueVerbal) && (prevIs(1, "can't") || prevIs(1, "cannot") || prevIs(1, "cant") || prevIs(1, "not") && prevIs(2, "can")):
		pop() // "can't wait"
	case (is("miss") || is("forget") || is("hesitate")) && lastIs(cueVerbal):
		pop() // "don't miss"
	case (is("doubt") || is("wonder") || is("matter")) && lastIs(cueDet):
		pop() // "no doubt"
	case is("longer") && lastIs(cueDet) && prevIs(1, "no"):
		g.cues[last].kind = cueVerbal // "no longer"
		g.cues[last].word = idx
	case (is("need") || is("needs") || is("require") || is("requires") || is("have")) && lastIs(cueVerbal):
		// "You don't need an account to access GPT-5": the infinitive
		// after "to" is asserted.
		g.cues[last].kind = cueNeed
		g.cues[last].until = -1
		g.openNeed = last
	case is("to") && g.openNeed >= 0 && g.openNeed < len(g.cues) && g.cues[g.openNeed].kind == cueNeed && g.cues[g.openNeed].pos >= cl.start:
		g.cues[g.openNeed].until = ws
		g.openNeed = -1
	}

	switch {
	case cls&wcVerbal != 0:
		if is("not") && (prevIs(1, "why") || prevIs(1, "if") || prevIs(1, "or") && prevIs(2, "whether")) {
			break // "why not", "if not all", "whether or not"
		}
		g.cues = append(g.cues, cue{pos: ws, word: idx, kind: cueVerbal, until: -1})
	case cls&wcDet != 0:
		g.cues = append(g.cues, cue{pos: ws, word: idx, kind: cueDet, until: -1})
	case cls&wcPrep != 0:
		g.cues = append(g.cues, cue{pos: ws, word: idx, kind: cuePrep, until: -1})
	case is("than") && prevIs(1, "rather") || is("of") && prevIs(1, "instead") ||
		is("from") && (prevIs(1, "far") || prevIs(1, "refrain") || prevIs(1, "refrains")):
		g.cues = append(g.cues, cue{pos: g.words[idx-1].s, word: idx, kind: cuePrep, until: -1})
	case cls&wcProhib != 0:
		g.cues = append(g.cues, cue{pos: ws, word: idx, kind: cueProhib, until: -1})
	}
	if cls&wcIntro != 0 {
		cl.intro = true
	}
	if cls&wcShort != 0 {
		cl.short = true
	}
	if cls&wcSpeech != 0 {
		cl.lastSpeech = ws
		if cl.prohib {
			// "It's wrong to say …", "Stop saying …": what is said is
			// the thing not to say, to the clause's end.
			g.cues = append(g.cues, cue{pos: ws, word: idx, kind: cueVerbal, until: -1})
		}
	}
	if cls&(wcProhib|wcIntro) != 0 || is("stop") || is("quit") {
		cl.prohib = true
	}
}

// introduces reports whether the clause cl, ending at a colon, forbids
// the wording that follows it.
func (g *segmentation) introduces(cl clauseState) bool {
	short := cl.words <= 2 && cl.plain == 0 // "Bad:", "Don't:", "Not this:"
	if cl.intro || cl.short && short {
		return true
	}
	// The clause's verbal negations: the last cues, back to its start.
	for k := len(g.cues) - 1; k >= 0 && g.cues[k].pos >= cl.start; k-- {
		g.work++
		if g.cues[k].kind != cueVerbal && g.cues[k].kind != cueNeed {
			continue
		}
		if short || cl.lastSpeech > g.cues[k].pos {
			return true
		}
	}
	return false
}

// prohibitionMark reports a symbol that marks wording as wrong.
func prohibitionMark(r rune) bool {
	switch r {
	case '\u274C', '\u2717', '\u2718', '\U0001F6AB', '\u26D4', '\u2298', '\u274E':
		return true
	}
	return false
}

// endsIntroducing reports whether the segmented chunk ends with a colon
// that forbids what follows ("Don't say:").
func (g *segmentation) endsIntroducing() bool {
	i := g.ce
	for i > g.cs && (g.text[i-1] == ' ' || g.text[i-1] == '*' || g.text[i-1] == '_') {
		i--
	}
	if i == g.cs || g.text[i-1] != ':' {
		return false
	}
	return len(g.intro) > 0 && g.intro[len(g.intro)-1].s == i
}

// quoteSpan is a quotation: the quote characters at open and close.
type quoteSpan struct {
	open, close int
	forbidden   bool // a negation or prohibition stands in its clause, outside it
}

// quoteForbidden reports whether quotation i is quoted as the thing not to
// say: a cue in its clause before it (after any previous quotation) or
// after it (before any next quotation).
func (g *segmentation) quoteForbidden(i int) bool {
	qt := g.quotes[i]
	cs, _ := g.around(g.strong, qt.open, qt.open+1)
	if i > 0 {
		cs = max(cs, g.quotes[i-1].close+1)
	}
	if g.cuesFrom(cs) < g.cuesFrom(qt.open) {
		return true
	}
	_, ce := g.around(g.strong, qt.close, qt.close+1)
	// A colon right after the quotation opens a comment on it ("“…”: not
	// true", "“…”: legal says no"): its clause is the quotation's too.
	if c := g.skipBlank(qt.close + 1); c < g.ce && g.text[c] == ':' {
		_, ce = g.around(g.strong, c+1, c+2)
	}
	if i+1 < len(g.quotes) {
		ce = min(ce, g.quotes[i+1].open)
	}
	return g.cuesFrom(qt.close+1) < g.cuesFrom(ce)
}

// skipBlank returns the first position at or after i that is not a space
// or a tab (g.ce at the end).
func (g *segmentation) skipBlank(i int) int {
	for i < g.ce && (g.text[i] == ' ' || g.text[i] == '\t') {
		i++
	}
	return i
}

// negated reports whether a claim at [s, e) is negated or quoted as the
// thing not to say.
func (g *segmentation) negated(s, e int) bool {
	qs, _ := g.around(g.strong, s, e)
	// The insertion (parentheses, dash pair) holding the match: cues in
	// other insertions do not reach it.
	var in *span
	if k := g.search(len(g.groups), func(k int) bool { return g.groups[k].s >= s }); k > 0 && g.groups[k-1].e >= s {
		in = &g.groups[k-1]
	}
	if g.cuesIn(cueVerbal, qs, s, in) > 0 {
		return true
	}
	if g.cuesIn(cueNeed, qs, s, in) > 0 {
		if d := g.lastNeed[g.cuesFrom(s)]; d >= 0 && (g.cues[d].until < 0 || g.cues[d].until > s) {
			return true
		}
	}
	// After the last comma before the match, unless the match ends a
	// list ("no passthrough, proxy, or gateway to OpenAI").
	from := qs
	if k := g.search(len(g.commas), func(k int) bool { return g.commas[k] >= s }); k > 0 && g.commas[k-1] >= qs && !g.listTail(s) {
		from = g.commas[k-1] + 1
	}
	if g.cuesIn(cuePrep, from, s, in) > 0 {
		return true
	}
	if g.cuesIn(cueDet, from, s, in) > 0 {
		if d := g.lastDet[g.cuesFrom(s)]; d >= 0 && g.wordIndex(s)-g.cues[d].word <= detReach {
			return true
		}
	}
	if k := g.search(len(g.quotes), func(k int) bool { return g.quotes[k].open >= s }); k > 0 {
		if qt := g.quotes[k-1]; qt.close >= e && qt.forbidden {
			return true
		}
	}
	if k := g.search(len(g.intro), func(k int) bool { return g.intro[k].s > s }); k > 0 {
		if in := g.intro[k-1]; s < in.e {
			return true
		}
	}
	return false
}

// listTail reports whether the match at s is a list's last item: right
// after ", or", ", and" or ", nor" (and an article).
func (g *segmentation) listTail(s int) bool {
	wi := g.wordIndex(s)
	word := func(k int) string {
		if k < 0 || k >= len(g.words) {
			return ""
		}
		return string(g.text[g.words[k].s:g.words[k].e])
	}
	k := wi - 1
	if w := word(k); w == "a" || w == "an" || w == "the" {
		k--
	}
	if w := word(k); w != "or" && w != "and" && w != "nor" {
		return false
	}
	i := g.words[k].s - 1
	for i >= g.cs && g.text[i] == ' ' {
		i--
	}
	return i >= g.cs && g.text[i] == ','
}

// cuesIn counts the cues of kind k in [from, to) that reach a match in
// insertion in (nil: outside insertions): those outside insertions, and
// those in the same insertion.
func (g *segmentation) cuesIn(k cueKind, from, to int, in *span) int {
	if to <= from {
		return 0
	}
	a, b := g.cuesFrom(from), g.cuesFrom(to)
	if in == nil {
		return int(g.outCount[k][b] - g.outCount[k][a])
	}
	if in.s <= from {
		return g.count(k, a, b)
	}
	m := g.cuesFrom(in.s)
	return int(g.outCount[k][m]-g.outCount[k][a]) + g.count(k, m, b)
}
