package analysis

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/guardrail-dev/guardrail/rules"
)

// The engine cache keeps what compiling a rule set costs most — every
// phrase and template expansion normalized and indexed (the phrase index
// and its entries), the regex triggers and the shared template pieces —
// so that a process whose rules are unchanged loads them instead of
// building them. It never holds rules (the caller parses or reads them
// from the rules cache) nor compiled regexes (they are compiled on first
// use, as in a fresh engine).
//
// EngineStore is where entries live (rules.PackCache: keyed by the
// rule set's fingerprint and the binary's identity, checked against its
// own checksums). Past that check an entry is still trusted only as far as
// decodeEngine verifies it: every length against the bytes left, every
// index against what it indexes (rules, phrases, chains, template parts,
// trie nodes), and a hash table that has no empty slot is refused, so
// any bytes decode to an error or to an engine whose lookups stay in
// bounds. TestEngineCacheNeverChangesResults compares findings with and
// without the cache.

// EngineStore holds encoded engines by key. Get returns nil when there is
// no (valid) entry; Put may fail silently.
type EngineStore interface {
	GetBlob(kind, key string) []byte
	PutBlob(kind, key string, data []byte)
}

// engineCodecVersion changes whenever the encoding or anything it
// encodes does (it is part of the entry's key).
const engineCodecVersion = 2

const engineBlobKind = "engine"

// Per-rule flags of an entry.
const (
	ruleHasTemplates = 1 << iota
	ruleHasTwins
)

var errEngineCorrupt = errors.New("corrupt engine cache entry")

// CompileCached is CompileWith through store (nil: no cache): an engine
// for rs whose entry under key (a rule set's fingerprint, which must
// identify rs exactly) decodes and checks out is read from it; any other
// is compiled and stored. Errors are CompileWith's either way.
func CompileCached(rs []*rules.Rule, opts Options, store EngineStore, key string) (*Engine, error) {
	if store == nil || key == "" {
		return CompileWith(rs, opts)
	}
	key = engineKey(key)
	if data := store.GetBlob(engineBlobKind, key); data != nil {
		e, err := decodeEngine(data, rs, opts)
		if err == nil {
			return e, nil
		}
		if !errors.Is(err, errEngineCorrupt) {
			return nil, err // the rules' own error, as CompileWith gives it
		}
	}
	e, err := CompileWith(rs, opts)
	if err == nil {
		store.PutBlob(engineBlobKind, key, encodeEngine(e))
	}
	return e, err
}

func engineKey(fingerprint string) string {
	return string(binary.AppendUvarint(nil, engineCodecVersion)) + fingerprint
}

// encodeEngine returns e's cache entry (for the rules it was compiled
// from).
func encodeEngine(e *Engine) []byte {
	w := &enc{}
	w.u(uint64(len(e.rules)))
	for _, cr := range e.rules {
		// Shape checks: the entry is for rules of these sizes.
		r := cr.Rule
		for _, n := range []int{len(r.Restricted), len(r.Approved), len(r.When), len(r.Unless), len(r.Patterns)} {
			w.u(uint64(n))
		}
		// Whether the rule has phrase templates (most have none: their
		// phrases need not be looked at), and its case twins (caseTwins
		// normalizes every phrase of the rule to find them): each
		// restricted phrase's twin + 1.
		var flags uint64
		if cr.tpl != nil {
			flags |= ruleHasTemplates
		}
		if cr.twin != nil {
			flags |= ruleHasTwins
		}
		w.u(flags)
		for _, t := range cr.twin {
			w.u(uint64(t + 1))
		}
	}
	x := e.phrases
	w.strs(x.patterns)
	w.u(uint64(x.nodes))
	for _, o := range x.out {
		w.u(uint64(len(o)))
	}
	for _, o := range x.out {
		for _, p := range o {
			w.u(uint64(p))
		}
	}
	w.table(x.roots)
	if x.exact != nil {
		w.u(uint64(len(x.exact)) + 1)
		for k, v := range x.exact {
			w.u64(k[0])
			w.u64(k[1])
			w.u(uint64(v.ref))
			w.u64(v.kids)
		}
	} else {
		w.u(0)
		w.table(x.edges)
	}
	w.entries(e.phraseEntries)
	w.strs(e.triggerTexts)
	w.entries(e.triggerEntries)
	w.u(uint64(len(e.setUses)))
	for _, us := range e.setUses {
		w.u(uint64(len(us)))
		for _, u := range us {
			w.i(u.chain)
			w.u(uint64(u.part))
		}
	}
	w.u(uint64(len(e.chains)))
	for _, c := range e.chains {
		w.i(c.key.rule)
		w.i(c.key.index)
		w.u(uint64(c.key.of))
	}
	return w.b
}

// decodeEngine builds the engine for rs from its cache entry. The rules'
// own compile work (templates, globs, patterns) is done as CompileWith
// does it, so its errors are CompileWith's; an entry that does not decode
// or check out is errEngineCorrupt.
func decodeEngine(data []byte, rs []*rules.Rule, opts Options) (*Engine, error) {
	r := &dec{b: data}
	if r.count(6) != len(rs) || r.bad {
		return nil, errEngineCorrupt
	}
	crs := make([]compiledRule, len(rs))
	// Each rule's sizes, which its entries are checked against: a small
	// array in cache rather than a walk to every rule.
	shapes := make([]ruleShape, len(rs))
	// The rules with case twins, in order. (Kept apart rather than
	// written to crs: a read of crs's fresh pages before initRule writes
	// them maps the zero page, and the write then costs a fault and a
	// TLB flush on every core, a millisecond for 10,000 rules.)
	var twins []ruleTwins
	for i, ru := range rs {
		sh := &shapes[i]
		for k, n := range [...]int{len(ru.Restricted), len(ru.Approved), len(ru.When), len(ru.Unless), len(ru.Patterns)} {
			if r.u() != uint64(n) || n > math.MaxInt32 {
				return nil, errEngineCorrupt
			}
			sh.n[k] = int32(n)
		}
		flags := r.u()
		if flags > ruleHasTemplates|ruleHasTwins {
			return nil, errEngineCorrupt
		}
		sh.tpl = flags&ruleHasTemplates != 0
		if flags&ruleHasTwins == 0 {
			continue
		}
		if len(ru.Restricted) == 0 || len(ru.Approved) == 0 {
			return nil, errEngineCorrupt
		}
		twin := make([]int32, len(ru.Restricted))
		caseOnly := make([]bool, len(ru.Approved))
		for j := range twin {
			t := r.u()
			if t > uint64(len(ru.Approved)) {
				return nil, errEngineCorrupt
			}
			twin[j] = int32(t) - 1
			if t > 0 {
				caseOnly[t-1] = true
			}
		}
		twins = append(twins, ruleTwins{i, twin, caseOnly})
	}
	if r.bad {
		return nil, errEngineCorrupt
	}
	// The rules' own compile work (templates, globs, patterns), as
	// CompileWith does it, runs beside the decoding of the index, which
	// needs none of it; the case twins came with the entry. Its result
	// counts only once the whole entry has decoded.
	rulesDone := make(chan rulesResult, 1)
	go func() {
		rulesDone <- compileCachedRules(crs, rs, shapes, twins)
	}()
	corrupt := func() (*Engine, error) {
		<-rulesDone
		return nil, errEngineCorrupt
	}
	x := &phraseIndex{}
	x.patterns = r.strs()
	np := len(x.patterns)
	nodes := r.count(1)
	if r.bad || nodes < 1 || nodes > refNode {
		return corrupt()
	}
	x.nodes = int32(nodes)
	lens, total := r.lists(nodes, 1)
	if r.bad {
		return corrupt()
	}
	flat := make([]int32, total)
	for j := range flat {
		p := r.u()
		if p >= uint64(np) {
			return corrupt()
		}
		flat[j] = int32(p)
	}
	x.out = make([][]int32, nodes)
	at := 0
	for i := range x.out {
		m := lens.next()
		if m > 0 {
			x.out[i] = flat[at : at+m : at+m]
		}
		at += m
	}
	x.roots = r.table(x.nodes)
	if ne := r.u(); ne > 0 {
		ne--
		if ne > uint64(len(r.b)/25) {
			return corrupt()
		}
		x.exact = make(map[[2]uint64]nodeVal, ne)
		for range ne {
			k := [2]uint64{r.u64(), r.u64()}
			ref, kids := r.u(), r.u64()
			if ref > math.MaxUint32 || int64(uint32(ref)&refNode) >= int64(nodes) {
				r.bad = true
			}
			x.exact[k] = nodeVal{ref: uint32(ref), kids: kids}
		}
	} else {
		x.edges = r.table(x.nodes)
	}
	if r.bad {
		return corrupt()
	}
	e := &Engine{opts: opts, phrases: x}
	e.phraseEntries = r.entries(len(rs))
	triggers := r.strs()
	for _, t := range triggers {
		if t == "" {
			r.bad = true
		}
	}
	nt := len(triggers)
	e.triggerEntries = r.entries(len(rs))
	ns := r.count(1)
	if r.bad || len(e.phraseEntries) != np || len(e.triggerEntries) != nt {
		return corrupt()
	}
	if ns > 0 {
		e.setUses = make([][]setUse, ns)
	}
	for i := range e.setUses {
		m := r.count(2)
		us := make([]setUse, m)
		for j := range us {
			us[j] = setUse{chain: r.i(), part: uint8(r.u())}
		}
		e.setUses[i] = us
	}
	nc := r.count(3)
	if r.bad {
		return corrupt()
	}
	keys := make([]chainKey, nc)
	for i := range keys {
		keys[i] = chainKey{rule: r.i(), index: r.i(), of: entryKind(r.u())}
	}
	if r.bad || len(r.b) != 0 {
		return corrupt()
	}

	res := <-rulesDone
	if res.err != nil {
		return nil, res.err
	}
	e.rules, e.hasFiles = res.rules, res.hasFiles
	// Chains name templated phrases of these rules.
	e.chains = make([]chainInfo, nc)
	for i, k := range keys {
		pt := e.templateOf(k)
		if pt == nil {
			return nil, errEngineCorrupt
		}
		e.chains[i] = chainInfo{key: k, pt: pt}
	}
	for _, us := range e.setUses {
		for _, u := range us {
			if u.chain < 0 || int(u.chain) >= nc || int(u.part) >= len(e.chains[u.chain].pt.parts) {
				return nil, errEngineCorrupt
			}
		}
	}
	for _, es := range e.phraseEntries {
		for _, en := range es {
			if !en.bounds || !e.entryValid(en, shapes) {
				return nil, errEngineCorrupt
			}
		}
	}
	for _, es := range e.triggerEntries {
		for _, en := range es {
			if en.kind != entTrigger || en.bounds || !e.entryValid(en, shapes) {
				return nil, errEngineCorrupt
			}
		}
	}
	if len(triggers) > 0 {
		e.triggers = newAutomaton(triggers)
		e.triggerTexts = triggers
	}
	return e, nil
}

// rulesResult is what compileCachedRules gives.
type rulesResult struct {
	rules    []*compiledRule
	hasFiles bool
	err      error
}

// compileCachedRules does the rules' own compile work for decodeEngine
// into crs, as CompileWith does it, with the case twins from the entry:
// an error is the rules' own (CompileWith's), or errEngineCorrupt when
// the entry says a rule has templates that it has not.
func compileCachedRules(crs []compiledRule, rs []*rules.Rule, shapes []ruleShape, twins []ruleTwins) rulesResult {
	setCache := map[*rules.WordSets]*lazyTsets{}
	filters := map[string]*lazyFilter{}
	out := rulesResult{rules: make([]*compiledRule, len(rs))}
	for i, ru := range rs {
		cr := &crs[i]
		var tpl *ruleTemplates
		if shapes[i].tpl {
			if tpl = compileTemplates(ru, setCache); tpl == nil {
				return rulesResult{err: errEngineCorrupt}
			}
		}
		if _, err := initRule(cr, ru, tpl, filters); err != nil {
			return rulesResult{err: err}
		}
		if len(twins) > 0 && twins[0].rule == i {
			cr.twin, cr.caseOnly = twins[0].twin, twins[0].caseOnly
			twins = twins[1:]
		}
		out.rules[i] = cr
		if len(ru.Files) > 0 {
			out.hasFiles = true
		}
	}
	return out
}

// templateOf returns the templated phrase k names, or nil.
func (e *Engine) templateOf(k chainKey) *phraseTemplate {
	if k.rule < 0 || int(k.rule) >= len(e.rules) || k.index < 0 {
		return nil
	}
	tpl := e.rules[k.rule].tpl
	if tpl == nil {
		return nil
	}
	var list []*phraseTemplate
	switch k.of {
	case entRestricted:
		list = tpl.restricted
	case entApproved:
		list = tpl.approved
	case entWhen:
		list = tpl.when
	case entUnless:
		list = tpl.unless
	default:
		return nil
	}
	return at(list, int(k.index))
}

// ruleTwins are the case twins of rule number rule (caseTwins).
type ruleTwins struct {
	rule     int
	twin     []int32
	caseOnly []bool
}

// ruleShape is a rule's numbers of restricted, approved, when, unless
// phrases and patterns, and whether it has templates.
type ruleShape struct {
	n   [5]int32
	tpl bool
}

// entryValid reports whether en's numbers are in range for e, whose
// rules have shapes.
func (e *Engine) entryValid(en entry, shapes []ruleShape) bool {
	if en.kind == entSet {
		return en.rule == -1 && int(en.index) < len(e.setUses)
	}
	if en.rule < 0 || int(en.rule) >= len(shapes) {
		return false
	}
	n := &shapes[en.rule].n
	switch en.kind {
	case entRestricted:
		return en.index < n[0]
	case entApproved:
		return en.index < n[1]
	case entWhen:
		return en.index < max(1, n[2])
	case entUnless:
		return en.index < max(1, n[3])
	case entTrigger:
		return en.index < n[4]
	case entPart:
		if int(en.index) >= len(e.chains) || en.of == entPart || en.of == entSet || en.of == entTrigger {
			return false
		}
		return int(en.part) < len(e.chains[en.index].pt.parts)
	}
	return false
}
