package analysis

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/guardrail-dev/guardrail/rules"
)

// Every phrase of every rule — restricted, approved, `when`/`unless` terms
// and the literals that regex patterns require — goes into one automaton.
// A pattern (a normalized phrase) can serve several rules; its entries say
// for whom and as what.

type entryKind uint8

const (
	entRestricted entryKind = iota
	entApproved
	entWhen
	entUnless
	entTrigger // a literal that a regex pattern needs: run the regex
	entPart    // a part of a template with gaps (template_join.go)
	entSet     // a shared slot's set (template_split.go); rule is -1
)

type entry struct {
	rule      int32
	kind      entryKind
	inflected bool      // restricted: found only through inflection
	index     int32     // restricted: phrase index; trigger: regex index; entSet: the set's number; entPart: the chain's (Engine.chains)
	bounds    bool      // whole-word boundaries are required
	part      uint8     // entPart: the part's index
	of        entryKind // entPart: the kind of the templated phrase
}

type compiledRule struct {
	*rules.Rule
	regexes     []*lazyFilter // shared by rules with the same pattern (prefilter.go)
	untriggered []int32       // regexes without a required literal: run on every chunk in scope
	hasContext  bool          // has when or unless terms
	hasApproved bool
	filesGlobs  []string
	tpl         *ruleTemplates // phrase templates; nil when none
	twin        []int32        // per restricted phrase: its case-only approved twin, -1 none (caseonly.go)
	caseOnly    []bool         // per approved phrase: a case-only twin
}

// Options tune an engine.
type Options struct {
	// UnusedSuppression is the severity of guardrail.unused-suppression
	// findings; rules.SeverityOff disables them. Zero value: off; use
	// DefaultOptions for the default (hint).
	UnusedSuppression rules.Severity
	// FrontMatter are the front-matter keys whose values are checked in
	// Markdown; nil means rules.DefaultFrontMatter.
	FrontMatter []string
	// IgnoreTokens and IgnoreBlocks are a config's [ignore] patterns
	// (ignore.go).
	IgnoreTokens, IgnoreBlocks []*regexp.Regexp
}

// DefaultOptions reports unused suppressions as hints.
var DefaultOptions = Options{UnusedSuppression: rules.SeverityHint}

// Engine is a compiled set of rules. It is safe for concurrent use.
type Engine struct {
	rules []*compiledRule
	// phrases matches whole-word phrases (restricted, approved, context
	// terms); triggers finds the literals regex patterns need, anywhere.
	phrases        *phraseIndex
	phraseEntries  [][]entry // per phrase pattern
	triggers       *automaton
	triggerEntries [][]entry // per trigger pattern
	triggerTexts   []string  // the trigger patterns (for the engine cache)
	opts           Options
	hasFiles       bool
	// setUses lists, per shared set (template_split.go), the template
	// pieces its matches may be.
	setUses [][]setUse
	// chains are the templated phrases matched as chains of parts, by
	// the number their entPart entries carry.
	chains []chainInfo
	// maxResolveSteps, when positive, lowers the template slot search's
	// bound (maxResolveSteps) for this engine: a knob for tests.
	maxResolveSteps int
}

// Compile builds an engine for rs with DefaultOptions.
func Compile(rs []*rules.Rule) (*Engine, error) {
	return CompileWith(rs, DefaultOptions)
}

// CompileWith builds an engine for rs. Rules are expected to be valid
// (loaded through package rules); a regex that fails to compile is an error.
func CompileWith(rs []*rules.Rule, opts Options) (*Engine, error) {
	e := &Engine{opts: opts}
	// Sized once for the phrases to come (templates may expand to a
	// million), rather than grown by rehashing.
	setCache := map[*rules.WordSets]*lazyTsets{}
	tpls := make([]*ruleTemplates, len(rs))
	for ri, r := range rs {
		tpls[ri] = compileTemplates(r, setCache)
	}
	nphrases := expectedPhrases(rs, tpls)
	var shared sharedSets
	phraseIdx, triggerIdx := make(map[string]int32, nphrases), map[string]int32{}
	phrases := make([]string, 0, nphrases)
	e.phraseEntries = make([][]entry, 0, nphrases)
	var triggers []string
	add := func(p string, en entry) {
		if p == "" {
			return
		}
		idx, pats, entries := phraseIdx, &phrases, &e.phraseEntries
		if !en.bounds {
			idx, pats, entries = triggerIdx, &triggers, &e.triggerEntries
		}
		i, ok := idx[p]
		if !ok {
			i = int32(len(*pats))
			idx[p] = i
			*pats = append(*pats, p)
			*entries = append(*entries, nil)
		}
		for _, x := range (*entries)[i] {
			if x == en {
				return
			}
		}
		(*entries)[i] = append((*entries)[i], en)
	}
	addPhrase := func(phrase string, en entry) {
		// Phrases are matched case-insensitively; case-sensitive rules
		// verify the case of each candidate afterwards.
		n := normalizePhrase(phrase)
		en.bounds = true
		add(n, en)
	}
	filters := map[string]*lazyFilter{} // one per distinct expression
	// addExpansion is addPhrase for a template's expansion, which is
	// mostly one already added: no string is made for those.
	var nbuf []byte
	addExpansion := func(phrase []byte, en entry) {
		nbuf = normalizePhraseBytes(nbuf[:0], phrase)
		if len(nbuf) == 0 {
			return
		}
		en.bounds = true
		i, ok := phraseIdx[string(nbuf)]
		if !ok {
			add(string(nbuf), en)
			return
		}
		for _, x := range e.phraseEntries[i] {
			if x == en {
				return
			}
		}
		e.phraseEntries[i] = append(e.phraseEntries[i], en)
	}
	setups := make([]ruleSetup, len(rs))
	for ri, r := range rs {
		su, err := setupRule(r, tpls[ri], filters)
		if err != nil {
			return nil, err
		}
		setups[ri] = su
		if len(r.Files) > 0 {
			e.hasFiles = true
		}
	}
	for ri, r := range rs {
		cr, lits := setups[ri].cr, setups[ri].lits
		var tr, ta, tw, tu []*phraseTemplate
		if cr.tpl != nil {
			tr, ta, tw, tu = cr.tpl.restricted, cr.tpl.approved, cr.tpl.when, cr.tpl.unless
		}
		rid := int32(ri)
		for pi, p := range r.Restricted {
			if pt := at(tr, pi); pt != nil {
				addTemplate(r.Sets, pt, entry{rule: rid, kind: entRestricted, index: int32(pi)}, r.Inflect, &shared, addExpansion)
				continue
			}
			addPhrase(p, entry{rule: rid, kind: entRestricted, index: int32(pi)})
			if r.Inflect {
				for _, v := range inflectPhrase(p) {
					addPhrase(v, entry{rule: rid, kind: entRestricted, index: int32(pi), inflected: true})
				}
			}
		}
		for pi, p := range r.Approved {
			if pt := at(ta, pi); pt != nil {
				addTemplate(r.Sets, pt, entry{rule: rid, kind: entApproved, index: int32(pi)}, false, &shared, addExpansion)
				continue
			}
			addPhrase(p, entry{rule: rid, kind: entApproved, index: int32(pi)})
		}
		for pi, p := range r.When {
			if pt := at(tw, pi); pt != nil {
				addTemplate(r.Sets, pt, entry{rule: rid, kind: entWhen, index: int32(pi)}, false, &shared, addExpansion)
				continue
			}
			addPhrase(p, entry{rule: rid, kind: entWhen})
		}
		for pi, p := range r.Unless {
			if pt := at(tu, pi); pt != nil {
				addTemplate(r.Sets, pt, entry{rule: rid, kind: entUnless, index: int32(pi)}, false, &shared, addExpansion)
				continue
			}
			addPhrase(p, entry{rule: rid, kind: entUnless})
		}
		for xi, ls := range lits {
			for _, l := range ls {
				add(normalizeString(l, true), entry{rule: rid, kind: entTrigger, index: int32(xi)})
			}
		}
		e.rules = append(e.rules, cr)
	}
	sharePieces(e.phraseEntries, &shared)
	// Entries in rule order within a pattern, for determinism.
	for _, list := range [][][]entry{e.phraseEntries, e.triggerEntries} {
		for _, es := range list {
			if len(es) < 2 {
				continue
			}
			sort.SliceStable(es, func(i, j int) bool {
				if es[i].rule != es[j].rule {
					return es[i].rule < es[j].rule
				}
				return es[i].kind < es[j].kind
			})
		}
	}
	e.setUses, e.chains = shared.uses, shared.chains
	e.phrases = newPhraseIndex(phrases)
	if len(triggers) > 0 {
		e.triggers = newAutomaton(triggers)
		e.triggerTexts = triggers
	}
	return e, nil
}

// ruleSetup is a rule's compiled form before its phrases are indexed,
// and the required literals of each of its patterns (nil: none).
type ruleSetup struct {
	cr   *compiledRule
	lits [][]string
}

// setupRule compiles what a rule needs besides the phrase index: its
// templates (tpl), case twins, files globs (checked) and patterns (parsed,
// shared through filters by expression, compiled on first use). An engine
// compiled from scratch and one read from the engine cache both start
// here, so both report the same errors.
func setupRule(r *rules.Rule, tpl *ruleTemplates, filters map[string]*lazyFilter) (ruleSetup, error) {
	cr := &compiledRule{}
	lits, err := initRule(cr, r, tpl, filters)
	if err != nil {
		return ruleSetup{}, err
	}
	cr.twin, cr.caseOnly = caseTwins(cr)
	return ruleSetup{cr: cr, lits: lits}, nil
}

// initRule is setupRule into cr, without the case twins (the engine
// cache stores them): it returns the rule's required literals.
func initRule(cr *compiledRule, r *rules.Rule, tpl *ruleTemplates, filters map[string]*lazyFilter) ([][]string, error) {
	*cr = compiledRule{Rule: r, hasContext: len(r.When)+len(r.Unless) > 0, hasApproved: len(r.Approved) > 0, tpl: tpl}
	if len(r.Files) > 0 {
		cr.filesGlobs = r.Files
		for _, g := range r.Files {
			if !doublestar.ValidatePattern(g) {
				return nil, fmt.Errorf("rule %s: bad files glob %q", r.ID, g)
			}
		}
	}
	if len(r.Patterns) == 0 {
		return nil, nil
	}
	lits := make([][]string, len(r.Patterns))
	for xi, p := range r.Patterns {
		expr := p
		if !r.CaseSensitive {
			expr = "(?i)" + p
		}
		f := filters[expr]
		if f == nil {
			// Parsed now, for its errors (regexp.Compile's are
			// syntax.Parse's) and its literals; compiled when a chunk
			// first needs it.
			tree, err := syntax.Parse(expr, syntax.Perl)
			if err != nil {
				return nil, fmt.Errorf("rule %s: pattern %q: %v", r.ID, p, err)
			}
			f = &lazyFilter{expr: expr, lits: literalsOfTree(tree)}
			filters[expr] = f
		}
		cr.regexes = append(cr.regexes, f)
		lits[xi] = f.lits
		if f.lits == nil {
			cr.untriggered = append(cr.untriggered, int32(xi))
		}
	}
	return lits, nil
}

// literalsOfTree returns literals one of which every match of the parsed
// regex re must contain (lower-cased), or nil when there is no such set. A
// regex runs only on chunks where one of its literals occurs.
func literalsOfTree(re *syntax.Regexp) []string {
	lits := literalsOf(re.Simplify())
	var out []string
	for _, l := range lits {
		l = strings.TrimSpace(l)
		if l == "" {
			return nil // some branch needs no literal: cannot skip
		}
		out = append(out, l)
	}
	return out
}

// literalsOf returns a set of strings at least one of which occurs in every
// match of re, or nil if none is known. The longest choice is kept.
func literalsOf(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}
	case syntax.OpCapture:
		return literalsOf(re.Sub[0])
	case syntax.OpPlus:
		return literalsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalsOf(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		// Prefer the longest run of adjacent literals; else the best
		// child set (the one whose shortest member is longest).
		var best []string
		score := func(s []string) int {
			m := -1
			for _, x := range s {
				if m < 0 || len(strings.TrimSpace(x)) < m {
					m = len(strings.TrimSpace(x))
				}
			}
			return m
		}
		var cur []rune
		flush := func() {
			if len(cur) > 0 {
				c := []string{string(cur)}
				if best == nil || score(c) > score(best) {
					best = c
				}
				cur = cur[:0]
			}
		}
		for _, sub := range re.Sub {
			if sub.Op == syntax.OpLiteral {
				cur = append(cur, sub.Rune...)
				continue
			}
			flush()
			if s := literalsOf(sub); s != nil && (best == nil || score(s) > score(best)) {
				best = s
			}
		}
		flush()
		return best
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s := literalsOf(sub)
			if s == nil {
				return nil
			}
			out = append(out, s...)
		}
		return out
	}
	return nil
}

// lazyFilter is a rule pattern's regexFilter, built on first use: a
// check compiles only the patterns whose literals occur in the text (or
// that have none), and an engine loads without compiling any. The
// expression parsed when the engine was compiled, so it compiles.
type lazyFilter struct {
	expr string
	lits []string // literalsOfTree of the parsed expression
	once sync.Once
	f    *regexFilter
}

func (l *lazyFilter) filter() *regexFilter {
	l.once.Do(func() {
		l.f = newRegexFilter(l.expr, regexp.MustCompile(l.expr))
	})
	return l.f
}
