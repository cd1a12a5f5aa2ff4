package analysis

import (
	"math"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// Document is one document to check.
type Document struct {
	// Path picks the file type (by extension) unless Kind is set.
	Path string
	// RelPath is the path matched against rules' `files` globs: the
	// document's path relative to the project root, with forward slashes.
	// Empty: every rule applies regardless of its `files`.
	RelPath string
	Text    []byte
	// Kind overrides detection from Path when not KindNone.
	Kind format.Kind
	// IgnoreFiles makes every rule apply regardless of its `files` globs
	// (rule examples).
	IgnoreFiles bool
}

// chunkSpan is one chunk's place in the normalized buffer.
type chunkSpan struct {
	start, end int // normalized [start, end)
	scope      rules.Scope
	chunk      int // index into Scoped.Chunks
}

// candidate is a phrase or regex match before filtering.
type candidate struct {
	rule       int32
	start, end int // normalized offsets; for regex matches, source offsets
	srcStart   int
	srcEnd     int
	phrase     int32 // restricted phrase index, -1 for regex matches
	inflected  bool
	gap        bool // spans inline markup
	chunk      int32
	join       int32 // a template with gaps: its parts (templateScratch.joins, 1-based)
	sentStart  bool  // starts a sentence (casing.go)
}

type checkState struct {
	b     textBuilder
	spans []chunkSpan
	cands []candidate
	toks  []token
	tpl   templateScratch // phrase templates with gaps

	// Context and negation filtering (context.go).
	seg    segmentation
	ctxIdx []int32
	work   int // context work done, for the scaling test

	// Regex matches in the current chunk, per pattern: rules with the
	// same pattern search once.
	rxDone []rxDone
	rxBuf  [][2]int
}

// rxDone is one pattern's matches in the current chunk: rxBuf[lo:hi].
type rxDone struct {
	f      *regexFilter
	lo, hi int
}

// regexMatches returns f's non-empty matches in text, the current
// chunk's text, searching once per pattern and chunk.
func (st *checkState) regexMatches(f *regexFilter, text string) [][2]int {
	for _, d := range st.rxDone {
		if d.f == f {
			return st.rxBuf[d.lo:d.hi]
		}
	}
	lo := len(st.rxBuf)
	st.rxBuf = f.findAll(text, st.rxBuf)
	st.rxDone = append(st.rxDone, rxDone{f, lo, len(st.rxBuf)})
	return st.rxBuf[lo:]
}

var statePool = sync.Pool{New: func() any { return new(checkState) }}

// applies reports whether a rule with scopes s applies to a chunk of scope c.
func applies(s, c rules.Scope) bool {
	switch c {
	case rules.ScopeHeadings:
		return s&(rules.ScopeProse|rules.ScopeHeadings) != 0
	default:
		return s&c != 0
	}
}

// Check returns the document's findings sorted by start offset, then rule.
// A large Markdown or text document is checked in parts on several cores
// (engine_parallel.go), with the same findings. An Engine may check
// documents from several goroutines at once.
func (e *Engine) Check(doc Document) []Finding {
	f, _ := e.CheckUntil(doc, time.Time{})
	return f
}

// CheckUntil is Check with a time limit: past the deadline (zero: none) it
// stops at the next chunk boundary and returns the findings before that
// point and the source offset where checking stopped (len(doc.Text) when it
// did not stop). The findings returned are exactly those of Check that start
// before stop. Checking stops only between chunks — in the phrase pass and
// again in the regex pass — so one huge chunk is checked whole; the first
// chunks are always checked. Within a chunk, every pass is linear in its
// length (context and negation included, context.go). Checked in parts, it
// stops before the first part not begun by the deadline, or where a part
// stopped.
func (e *Engine) CheckUntil(doc Document, deadline time.Time) ([]Finding, int) {
	return e.checkUntil(doc, deadline, true)
}

// checkUntil is CheckUntil; inParts allows checking a large document in
// parts on several cores (engine_parallel.go).
func (e *Engine) checkUntil(doc Document, deadline time.Time, inParts bool) ([]Finding, int) {
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	if kind == format.KindNone || len(doc.Text) > MaxDocumentSize {
		return nil, len(doc.Text)
	}
	if inParts {
		if parts := e.opts.planParts(doc, kind); parts != nil {
			return e.checkParts(doc, kind, parts, nil, deadline) // engine_parallel.go
		}
	}
	src := doc.Text
	if kind == format.KindText && !e.opts.hasIgnores() {
		// Plain text is normalized straight from its lines, as ScopeText
		// would scope them, without building its segments.
		return e.check(doc, nil, deadline)
	}
	sc := e.scope(kind, doc.Path, src)
	return e.check(doc, &sc, deadline)
}

// clock tells a long loop when to look at the time: after every 64 chunks
// or 64 KiB, so that the clock costs nothing next to the work.
type clock struct {
	deadline time.Time
	chunks   int
	bytes    int
}

const (
	clockChunks = 64
	clockBytes  = 64 << 10
)

// expired counts a chunk of n bytes done and reports whether the deadline
// has passed (looking at the clock only now and then).
func (c *clock) expired(n int) bool {
	if c.deadline.IsZero() {
		return false
	}
	c.chunks++
	c.bytes += n
	if c.chunks < clockChunks && c.bytes < clockBytes {
		return false
	}
	c.chunks, c.bytes = 0, 0
	return now().After(c.deadline)
}

// now is time.Now, replaced by tests of the deadline.
var now = time.Now

// check checks a document scoped as sc; nil means plain text, scoped by
// ScopeText (computed only if a regex needs a chunk's segments). Past the
// deadline (zero: none) it stops between chunks; stop is the source offset
// where it stopped (len(doc.Text): it did not).
func (e *Engine) check(doc Document, sc *format.Scoped, deadline time.Time) (_ []Finding, stop int) {
	src := doc.Text
	stop = len(src)
	if len(src) > MaxDocumentSize {
		return nil, stop
	}
	clk := clock{deadline: deadline}
	var lines *LineIndex
	var dirs []*directive
	var comments []format.Comment
	if sc != nil && len(sc.Comments) > 0 {
		lines = NewLineIndex(src) // only directives need lines
		dirs = directivesOf(sc.Comments, lines, e.knownID)
	}
	nchunks := len(src) / 64 // plain text: a guess, for sizing only
	nruns := len(src) / 32   // two per line of plain text
	if sc != nil {
		nchunks = len(sc.Chunks)
		nruns = nchunks
		for i := range sc.Chunks {
			nruns += len(sc.Chunks[i].Segs)
		}
	}

	st := statePool.Get().(*checkState)
	defer statePool.Put(st)
	st.b.reset(true)
	if need := len(src) + nchunks + 16; cap(st.b.norm) < need {
		// The normalized text is at most about as long as the source:
		// size it once instead of growing it.
		st.b.norm = make([]byte, 0, need+need/16)
	}
	if need := nruns + 16; cap(st.b.runs) < need {
		// About one run per segment and chunk: sized once rather than
		// grown by copies (fresh memory costs page faults).
		st.b.runs = make([]run, 0, need+need/8)
	}
	st.spans = st.spans[:0]
	st.cands = st.cands[:0]
	st.tpl.reset()
	st.work = 0

	// Which rules apply to this path.
	var off []bool
	if e.hasFiles && !doc.IgnoreFiles {
		off = make([]bool, len(e.rules))
		// Imported packs give hundreds of rules the same globs: match
		// each distinct glob once per document.
		matched := map[string]bool{}
		for i, r := range e.rules {
			if len(r.filesGlobs) == 0 {
				continue
			}
			off[i] = true
			for _, g := range r.filesGlobs {
				ok, seen := matched[g]
				if !seen {
					ok, _ = doublestar.Match(g, doc.RelPath)
					matched[g] = ok
				}
				if ok {
					off[i] = false
					break
				}
			}
		}
	}

	// Context terms and approved phrases seen, per rule, in normalized offsets.
	var approved map[int32][]span
	var terms map[int32][]span  // when
	var unless map[int32][]span // unless
	var triggered map[[2]int32]map[int]bool

	spanOf := func(start int) int {
		i := sort.Search(len(st.spans), func(k int) bool { return st.spans[k].end > start })
		if i < len(st.spans) && st.spans[i].start <= start {
			return i
		}
		return -1
	}
	// handle records the phrase entries found at normalized [start, end)
	// in chunk span si.
	handle := func(entries []entry, si, start, end int) {
		if si < 0 || end > st.spans[si].end {
			return
		}
		cs := st.spans[si]
		for _, en := range entries {
			if en.kind == entSet {
				st.tpl.parts = append(st.tpl.parts, partOcc{chain: -1, set: en.index, start: int32(start), end: int32(end)})
				continue
			}
			r := e.rules[en.rule]
			if off != nil && off[en.rule] {
				continue
			}
			if en.kind == entRestricted || en.kind == entApproved {
				if !applies(r.Scopes, cs.scope) {
					continue
				}
			}
			switch en.kind {
			case entRestricted:
				st.cands = append(st.cands, candidate{rule: en.rule, start: start, end: end, phrase: en.index, inflected: en.inflected, chunk: int32(si), join: st.tpl.curJoin})
			case entApproved:
				if r.CaseSensitive && !exactOneOf(&st.b, src, r, r.Approved, tplOf(r).approved, start, end) {
					continue // same letters, other case: not the approved wording
				}
				if r.caseOnlyApproved(en.index) && !writtenAsApproved(&st.b, src, r.Approved[en.index], start, end) {
					continue // a case-only rule's other spelling (caseonly.go)
				}
				if approved == nil {
					approved = map[int32][]span{}
				}
				approved[en.rule] = append(approved[en.rule], span{start, end})
			case entWhen:
				if r.CaseSensitive && !exactOneOf(&st.b, src, r, r.When, tplOf(r).when, start, end) {
					continue
				}
				if terms == nil {
					terms = map[int32][]span{}
				}
				terms[en.rule] = append(terms[en.rule], span{start, end})
			case entUnless:
				if r.CaseSensitive && !exactOneOf(&st.b, src, r, r.Unless, tplOf(r).unless, start, end) {
					continue
				}
				if unless == nil {
					unless = map[int32][]span{}
				}
				unless[en.rule] = append(unless[en.rule], span{start, end})
			case entTrigger:
				if triggered == nil {
					triggered = map[[2]int32]map[int]bool{}
				}
				k := [2]int32{en.rule, en.index}
				if triggered[k] == nil {
					triggered[k] = map[int]bool{}
				}
				triggered[k][si] = true
			case entPart:
				st.tpl.parts = append(st.tpl.parts, partOcc{chain: en.index, part: en.part, inflected: en.inflected, start: int32(start), end: int32(end)})
			}
		}
	}
	// Build the normalized text, leaving out directive comments. Phrases
	// never cross chunks: each chunk is tokenized and matched as soon as it
	// is built, while its text is still in cache.
	var si int
	found := func(p int32, start, end int) {
		handle(e.phraseEntries[p], si, start, end)
	}
	// scanChunk records the chunk just built at normalized [start, end)
	// and matches phrases in it.
	scanChunk := func(start, end int, scope rules.Scope, ci int) {
		if end <= start {
			return
		}
		st.spans = append(st.spans, chunkSpan{start: start, end: end, scope: scope, chunk: ci})
		si = len(st.spans) - 1
		if n := (end - start) / 4; cap(st.toks) < n {
			// A huge chunk: size the tokens once (about one per 4 bytes
			// or more) rather than growing them by copies.
			st.toks = make([]token, 0, n)
		}
		st.toks = tokenize(st.b.norm, start, end, st.toks[:0])
		e.phrases.scan(st.b.norm, st.toks, found)
		if len(st.tpl.parts) > 0 {
			e.joinParts(&st.tpl, st.b.norm, st.toks, start, func(en entry, s, e int) { handle([]entry{en}, si, s, e) })
		}
	}
	if sc == nil {
		// Plain text, line by line as ScopeText sees it: a paragraph is a
		// chunk, its line breaks (synthetic "\n" segments there) one
		// space; blank lines and directive lines end it. A directive line
		// is never inside a chunk.
		tl := format.NewTextLines(src)
		ci, start, prevEnd := 0, 0, -1
		expired := false
		for {
			ls, le, more := tl.Next()
			switch {
			case ls == le || format.IsTextDirective(src[ls:le]):
				if prevEnd >= 0 {
					end := len(st.b.norm)
					st.b.endChunk(prevEnd)
					scanChunk(start, end, rules.ScopeProse, ci)
					ci++
					prevEnd = -1
					expired = clk.expired(end - start)
				}
				if ls < le {
					comments = append(comments, format.Comment{Start: ls, End: le, Text: format.TextDirective(src[ls:le])})
				}
			default:
				if prevEnd >= 0 {
					st.b.space('\n', prevEnd, ls)
				} else {
					if expired {
						stop = ls // a paragraph starts here: stop before it
						more = false
						break
					}
					start = len(st.b.norm)
				}
				st.b.addVerbatim(src, ls, le)
				prevEnd = le
			}
			if !more {
				break
			}
		}
		if prevEnd >= 0 {
			end := len(st.b.norm)
			st.b.endChunk(prevEnd)
			scanChunk(start, end, rules.ScopeProse, ci)
		}
		if len(comments) > 0 {
			lines = NewLineIndex(src)
			dirs = directivesOf(comments, lines, e.knownID)
		}
	} else {
		expired := false
		for ci := range sc.Chunks {
			ch := &sc.Chunks[ci] // chunks and segments by reference: no copies
			if len(ch.Segs) == 0 || insideDirective(dirs, *ch) {
				continue
			}
			if expired {
				// Stop before the first chunk left: chunks mostly come in
				// document order, but take the least start to be sure.
				stop = min(stop, chunkStart(sc.Chunks[ci:]))
				break
			}
			start := len(st.b.norm)
			for k := range ch.Segs {
				sg := &ch.Segs[k]
				if sg.Start < 0 || sg.End > len(src) || sg.Start > sg.End {
					continue
				}
				if sg.Opaque {
					st.b.addOpaque(sg.Start, sg.End)
				} else if sg.Synthetic {
					st.b.addSynthetic(sg.Text, sg.Start, sg.End)
				} else {
					st.b.addVerbatim(src, sg.Start, sg.End)
				}
			}
			end := len(st.b.norm)
			last := ch.Segs[len(ch.Segs)-1].End
			st.b.endChunk(min(last, len(src)))
			scanChunk(start, end, ch.Scope, ci)
			expired = clk.expired(end - start)
		}
	}
	norm := st.b.norm
	if e.triggers != nil {
		// A literal that regexes need is found again and again (",",
		// "is"): once per chunk is enough (recording it is idempotent),
		// and its chunk is most often the last one's.
		seen := make([]int32, len(e.triggerEntries))
		for i := range seen {
			seen[i] = -1
		}
		cur := -1
		e.triggers.scan(norm, func(p int32, end int) bool {
			start := end - int(e.triggers.patLen[p])
			si := cur
			if si < 0 || start < st.spans[si].start || start >= st.spans[si].end {
				si = spanOf(start)
				cur = si
			}
			if si < 0 || seen[p] == int32(si) || end > st.spans[si].end {
				return true
			}
			seen[p] = int32(si)
			handle(e.triggerEntries[p], si, start, end)
			return true
		})
	}

	// Source offsets and markup gaps of phrase candidates.
	for i := range st.cands {
		c := &st.cands[i]
		c.srcStart = st.b.srcStart(c.start)
		c.srcEnd = st.b.srcEnd(c.end)
		c.gap = !st.b.contiguous(c.start, c.end)
	}

	// Regex patterns, only on chunks where they can match.
	var raws map[int]*rawChunk
	rawOf := func(si int) *rawChunk {
		if raws == nil {
			raws = map[int]*rawChunk{}
		}
		if r, ok := raws[si]; ok {
			return r
		}
		if sc == nil {
			full := format.ScopeText(src)
			sc = &full
		}
		r := newRawChunk(src, sc.Chunks[st.spans[si].chunk])
		raws[si] = r
		return r
	}
	runRegex := func(ri int32, xi int32, si int) {
		r := e.rules[ri]
		if !applies(r.Scopes, st.spans[si].scope) {
			return
		}
		raw := rawOf(si)
		for _, m := range st.regexMatches(r.regexes[xi].filter(), raw.text) {
			if raw.opaqueIn(m[0], m[1]) {
				continue
			}
			s, gapS := raw.srcStart(m[0])
			en, gapE := raw.srcEnd(m[1])
			c := candidate{rule: ri, srcStart: s, srcEnd: en, phrase: -1, chunk: int32(si), gap: gapS || gapE || raw.gapBetween(m[0], m[1])}
			// Normalized offsets for context and approved checks.
			c.start, c.end = raw.normRange(&st.b, st.spans[si], s, en)
			st.cands = append(st.cands, c)
		}
	}
	// Chunk by chunk in document order, so that past the deadline the
	// regex pass stops between chunks as the phrase pass does (a long
	// document's regexes are most of its cost): never before the first.
	type regexRun struct{ rule, xi int32 }
	var perChunk map[int][]regexRun
	for k, set := range triggered {
		if off != nil && off[k[0]] {
			continue
		}
		if perChunk == nil {
			perChunk = map[int][]regexRun{}
		}
		for si := range set {
			perChunk[si] = append(perChunk[si], regexRun{k[0], k[1]})
		}
	}
	var everywhere []regexRun
	for ri, r := range e.rules {
		if len(r.untriggered) == 0 || (off != nil && off[ri]) {
			continue
		}
		for _, xi := range r.untriggered {
			everywhere = append(everywhere, regexRun{int32(ri), xi})
		}
	}
	if len(perChunk) > 0 || len(everywhere) > 0 {
		rclk := clock{deadline: deadline}
		var runs []regexRun
		for si := range st.spans {
			runs = append(append(runs[:0], perChunk[si]...), everywhere...)
			if len(runs) == 0 {
				continue
			}
			sort.Slice(runs, func(i, j int) bool {
				if runs[i].rule != runs[j].rule {
					return runs[i].rule < runs[j].rule
				}
				return runs[i].xi < runs[j].xi
			})
			st.rxDone, st.rxBuf = st.rxDone[:0], st.rxBuf[:0]
			for _, x := range runs {
				runRegex(x.rule, x.xi, si)
			}
			n := 0
			if raw := raws[si]; raw != nil {
				n = len(raw.text)
				delete(raws, si) // done with this chunk
			}
			if si+1 < len(st.spans) && rclk.expired(n) {
				least := math.MaxInt
				for _, cs := range st.spans[si+1:] {
					least = min(least, st.b.srcStart(cs.start))
				}
				stop = min(stop, least)
				break
			}
		}
	}

	// Filter candidates: case, approved text, context and negation
	// (context.go), each in a logarithm of the candidates' number.
	drop := e.contextDrops(st, src, terms, unless)
	approvedIx := spanIndexes{occ: approved}
	kept := make([]candidate, 0, len(st.cands))
	for i, c := range st.cands {
		r := e.rules[c.rule]
		if r.CaseSensitive && c.phrase >= 0 && !e.phraseCaseMatches(src, &st.b, &st.tpl, c) {
			continue
		}
		if len(approved[c.rule]) > 0 && approvedIx.of(c.rule, &st.work).covers(c.start, c.end, &st.work) {
			continue
		}
		if drop != nil && drop[i] {
			continue
		}
		c.sentStart = startsSentence(norm, st.spans[c.chunk].start, c.start)
		kept = append(kept, c)
	}

	if workHook != nil {
		workHook(st.work)
	}

	// Per rule, drop a match inside a longer one of the same rule, and
	// duplicates (a phrase and its inflection, a phrase and a pattern).
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if a.rule != b.rule {
			return a.rule < b.rule
		}
		if a.srcStart != b.srcStart {
			return a.srcStart < b.srcStart
		}
		if a.srcEnd != b.srcEnd {
			return a.srcEnd > b.srcEnd
		}
		return !a.inflected && b.inflected
	})
	var findings []Finding
	if len(kept) > 0 {
		findings = make([]Finding, 0, len(kept))
	}
	sup := &suppressor{dirs: dirs, lines: lines, closest: e.closestID}
	lastRule, lastEnd := int32(-1), -1
	for _, c := range kept {
		if c.rule == lastRule && c.srcEnd <= lastEnd {
			continue
		}
		if c.srcStart >= stop {
			continue // a regex match over a chunk of its own left out
		}
		f := e.finding(src, c, e.resolveTemplate(src, &st.b, &st.tpl, c))
		if e.caseOnlyNoop(c, &f) {
			continue // already written as approved (caseonly.go)
		}
		settleFix(&f)
		lastRule, lastEnd = c.rule, c.srcEnd
		if sup.suppressed(&f) {
			continue
		}
		findings = append(findings, f)
	}
	if e.opts.UnusedSuppression != rules.SeverityOff && stop == len(src) {
		// (Stopped early, a directive may only seem unused.)
		for _, f := range sup.unused(src) {
			f.Severity = e.opts.UnusedSuppression
			settleFix(&f)
			findings = append(findings, f)
		}
	}
	sortFindings(findings)
	return findings, stop
}

// chunkStart is the least source offset of the chunks' segments.
func chunkStart(chunks []format.Chunk) int {
	least := math.MaxInt
	for _, ch := range chunks {
		for _, sg := range ch.Segs {
			if sg.Start >= 0 && sg.Start < least {
				least = sg.Start
			}
		}
	}
	return least
}

// knownID reports a rule id of this engine.
func (e *Engine) knownID(id string) bool {
	for _, r := range e.rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// finding builds the finding for a kept candidate; tm (nil: none) is what
// its phrase template matched.
func (e *Engine) finding(src []byte, c candidate, tm *templateMatch) Finding {
	r := e.rules[c.rule]
	match := string(src[c.srcStart:c.srcEnd])
	f := Finding{
		Rule:         r.ID,
		Severity:     r.Severity,
		Start:        c.srcStart,
		End:          c.srcEnd,
		Match:        match,
		Replacements: []string{},
	}
	written := ""
	if c.phrase >= 0 && int(c.phrase) < len(r.Restricted) {
		written = r.Restricted[c.phrase]
	}
	approved := r.Approved
	if tm != nil {
		written, approved = tm.written, tm.approved
		f.Template, f.Slots = tm.template, tm.slots
	}
	if !c.gap && !c.inflected && (tm == nil || !tm.unresolved) {
		tc := titleContext{sentenceStart: c.sentStart}
		if mf, ok := firstLetter(match); ok && unicode.IsUpper(mf) && !r.CaseSensitive && len(approved) > 0 {
			tc = titleLine(src, c.srcStart, c.srcEnd, written) // casing.go
			tc.sentenceStart = c.sentStart
		}
		for _, a := range approved {
			if r.CaseSensitive {
				f.Replacements = append(f.Replacements, a)
			} else {
				f.Replacements = append(f.Replacements, transferCaseIn(match, written, a, tc))
			}
		}
	}
	f.Message = expandMessage(r.Message, match, tm.messageApproved(approved)) // slots as prose (slot_text.go)
	f.Fix = fixModeOf(r, match, written)
	return f
}

// expandMessage fills {match} and {approved}; the result is at most
// MaxMessageBytes (message.go).
func expandMessage(msg, match string, approved []string) string {
	if !strings.Contains(msg, "{") {
		return capMessage(msg)
	}
	a := ""
	if len(approved) > 0 {
		a = approved[0]
	}
	// One pass, as strings.NewReplacer would, without building a replacer
	// per finding.
	var b messageBuilder
	for !b.full {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		b.write(msg[:i])
		switch rest := msg[i:]; {
		case strings.HasPrefix(rest, "{match}"):
			b.writeMatch(match)
			msg = rest[len("{match}"):]
		case strings.HasPrefix(rest, "{approved}"):
			b.write(a)
			msg = rest[len("{approved}"):]
		default:
			b.write("{")
			msg = rest[1:]
		}
	}
	b.write(msg)
	return b.String()
}

func insideDirective(dirs []*directive, ch format.Chunk) bool {
	if len(dirs) == 0 {
		return false
	}
	s, e := ch.Segs[0].Start, ch.Segs[len(ch.Segs)-1].End
	for _, d := range dirs {
		if s >= d.start && e <= d.end {
			return true
		}
	}
	return false
}

// span is a normalized range.
type span struct{ s, e int }

// caseMatches verifies a phrase candidate of a case-sensitive rule.
func caseMatches(text []byte, r *compiledRule, c candidate) bool {
	got := normalizeString(string(text), false)
	p := r.Restricted[c.phrase]
	if !c.inflected {
		return got == normalizeString(p, false)
	}
	for _, v := range inflectPhrase(p) {
		if got == normalizeString(v, false) {
			return true
		}
	}
	return false
}

// normRange is normRange in a logarithm of the chunk's runs when their
// source offsets increase (as they do but for synthetic text): a long
// paragraph with many regex matches costs no scan of its runs per match.
func (rc *rawChunk) normRange(b *textBuilder, cs chunkSpan, s, e int) (int, int) {
	if !rc.runsChecked {
		rc.runsChecked = true
		rc.runLo = b.runAt(cs.start)
		rc.runHi = rc.runLo
		rc.runsSorted = true
		for k := rc.runLo; k < len(b.runs) && int(b.runs[k].norm) < cs.end; k++ {
			if k > rc.runLo && b.runs[k].src < b.runs[k-1].srcEnd {
				rc.runsSorted = false
			}
			rc.runHi = k + 1
		}
	}
	if !rc.runsSorted || rc.runLo < 0 || rc.runHi <= rc.runLo {
		return normRange(b, cs, s, e)
	}
	runs := b.runs[rc.runLo:rc.runHi]
	// The last run starting at or before s must hold s, and the last
	// starting before e must hold e; else the scan decides.
	ks := sort.Search(len(runs), func(k int) bool { return int(runs[k].src) > s }) - 1
	ke := sort.Search(len(runs), func(k int) bool { return int(runs[k].src) >= e }) - 1
	if ks < 0 || ke < 0 || s >= int(runs[ks].srcEnd) || e > int(runs[ke].srcEnd) {
		return normRange(b, cs, s, e)
	}
	nEnd := func(k int) int {
		if rc.runLo+k+1 < len(b.runs) {
			return min(int(b.runs[rc.runLo+k+1].norm), cs.end)
		}
		return cs.end
	}
	ns, ne := int(runs[ks].norm), nEnd(ke)
	if runs[ks].linear {
		ns = int(runs[ks].norm) + (s - int(runs[ks].src))
	}
	if runs[ke].linear {
		ne = min(int(runs[ke].norm)+(e-int(runs[ke].src)), nEnd(ke))
	}
	if ne < ns {
		ne = ns
	}
	return ns, ne
}

// normRange maps a source range inside chunk span cs to normalized offsets
// (approximately, for sentence and approved-phrase checks).
func normRange(b *textBuilder, cs chunkSpan, s, e int) (int, int) {
	ns, ne := cs.start, cs.end
	lo := b.runAt(cs.start)
	for k := lo; k < len(b.runs) && int(b.runs[k].norm) < cs.end; k++ {
		r := b.runs[k]
		nEnd := cs.end
		if k+1 < len(b.runs) {
			nEnd = min(int(b.runs[k+1].norm), cs.end)
		}
		if int(r.src) <= s && s < int(r.srcEnd) {
			if r.linear {
				ns = int(r.norm) + (s - int(r.src))
			} else {
				ns = int(r.norm)
			}
		}
		if int(r.src) < e && e <= int(r.srcEnd) {
			if r.linear {
				ne = min(int(r.norm)+(e-int(r.src)), nEnd)
			} else {
				ne = nEnd
			}
		}
	}
	if ne < ns {
		ne = ns
	}
	return ns, ne
}

// rawChunk is a chunk's text as written (segments concatenated), for regex
// patterns, with a map back to the source. A line break inside the chunk
// reads as one space, as it does for phrases; a paragraph break inside it
// ("\n\n") stays, so that no pattern matches across it. Otherwise the
// text is the source as written: no case, white-space or typography
// folding.
type rawChunk struct {
	text string
	segs []rawSeg

	opaque bool // some segment is Opaque

	// The chunk's runs in the text builder, for normRange.
	runsChecked  bool
	runsSorted   bool
	runLo, runHi int
}

type rawSeg struct {
	raw       int // start in text
	src, end  int // source range
	synthetic bool
	opaque    bool // inline code: Placeholder (opaque.go)
}

func newRawChunk(src []byte, ch format.Chunk) *rawChunk {
	var sb strings.Builder
	rc := &rawChunk{}
	for _, sg := range ch.Segs {
		if sg.Start < 0 || sg.End > len(src) || sg.Start > sg.End {
			continue
		}
		rc.segs = append(rc.segs, rawSeg{raw: sb.Len(), src: sg.Start, end: sg.End, synthetic: sg.Synthetic, opaque: sg.Opaque})
		rc.opaque = rc.opaque || sg.Opaque
		switch {
		case sg.Synthetic && sg.Text == "\n":
			// A line break inside the chunk, with the white space and
			// continuation markup around it (the scopers' synthetic
			// "\n"): one space, as phrases read it.
			sb.WriteByte(' ')
		case sg.Synthetic:
			sb.WriteString(sg.Text)
		default:
			sb.Write(src[sg.Start:sg.End])
		}
	}
	rc.text = sb.String()
	return rc
}

func (rc *rawChunk) segAt(i int) int {
	return sort.Search(len(rc.segs), func(k int) bool { return rc.segs[k].raw > i }) - 1
}

// srcStart maps a raw offset to a source offset; true if it falls inside a
// synthetic segment.
func (rc *rawChunk) srcStart(i int) (int, bool) {
	k := rc.segAt(i)
	if k < 0 {
		return rc.segs[0].src, false
	}
	s := rc.segs[k]
	if s.synthetic {
		return s.src, i != s.raw
	}
	return s.src + (i - s.raw), false
}

func (rc *rawChunk) srcEnd(i int) (int, bool) {
	k := rc.segAt(i - 1)
	if k < 0 {
		return rc.segs[0].src, false
	}
	s := rc.segs[k]
	if s.synthetic {
		next := len(rc.text)
		if k+1 < len(rc.segs) {
			next = rc.segs[k+1].raw
		}
		return s.end, i != next
	}
	return s.src + (i - s.raw), false
}

// gapBetween reports skipped source between segments inside [a, b).
func (rc *rawChunk) gapBetween(a, b int) bool {
	k0, k1 := rc.segAt(a), rc.segAt(b-1)
	for k := k0 + 1; k <= k1; k++ {
		if k > 0 && rc.segs[k-1].end != rc.segs[k].src {
			return true
		}
	}
	return false
}
