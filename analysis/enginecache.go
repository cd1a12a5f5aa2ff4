package analysis

import (
	"encoding/binary"
	"errors"
	"math"
	"unsafe"

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
	return CompileCachedFrom(rs, opts, store, key, nil)
}

// CompileCachedFrom is CompileCached with the entry pre, when it was
// prefetched under key (PrefetchEngine), in place of reading it again.
// pre is used up: it serves one call.
func CompileCachedFrom(rs []*rules.Rule, opts Options, store EngineStore, key string, pre *PrefetchedEngine) (*Engine, error) {
	if store == nil || key == "" {
		return CompileWith(rs, opts)
	}
	if pre != nil && pre.fingerprint == key {
		e, err := finishPrefetched(pre.body, rs, opts)
		if err == nil {
			return e, nil
		}
		if !errors.Is(err, errEngineCorrupt) {
			return nil, err // the rules' own error, as CompileWith gives it
		}
		e, err = CompileWith(rs, opts)
		if err == nil {
			store.PutBlob(engineBlobKind, engineKey(key), encodeEngine(e))
		}
		return e, err
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
	head, ok := decodeHead(r)
	if !ok || !head.matches(rs) {
		return nil, errEngineCorrupt
	}
	// The rules' own compile work runs beside the decoding of the rest,
	// which needs none of it. Its result counts only once the whole entry
	// has decoded.
	rulesDone := make(chan rulesResult, 1)
	go func() {
		rulesDone <- compileCachedRules(rs, head, nil)
	}()
	b, ok := decodeBody(r, head)
	res := <-rulesDone
	if !ok {
		return nil, errEngineCorrupt
	}
	return finishEngine(b, res, opts)
}

// PrefetchedEngine is an engine cache entry read and decoded as far as
// it can be without its rules (PrefetchEngine), for CompileCachedFrom to
// finish.
type PrefetchedEngine struct {
	fingerprint string
	body        *engineBody
}

// PrefetchEngine reads the entry stored under fingerprint (a rule set's,
// as CompileCached takes it) and decodes and checks what of it does not
// need the rules, so that this work can be done while the rules load: nil
// when there is no such entry or it does not decode. Nothing in it is
// trusted until CompileCachedFrom has checked it against the rules whose
// fingerprint it is, as decodeEngine does.
func PrefetchEngine(store EngineStore, fingerprint string) *PrefetchedEngine {
	if store == nil || fingerprint == "" {
		return nil
	}
	data := store.GetBlob(engineBlobKind, engineKey(fingerprint))
	if data == nil {
		return nil
	}
	r := &dec{b: data}
	head, ok := decodeHead(r)
	if !ok {
		return nil
	}
	b, ok := decodeBody(r, head)
	if !ok {
		return nil
	}
	// The compiled rules' memory, made here and written to (a byte a
	// page) so that its pages are mapped on this core rather than one by
	// one, a fault each, on the critical path when the rules are compiled
	// into it: 10,000 rules take 1.4 MB. (Not past prefaultMax, whatever
	// the entry says: its rule count is not checked yet.)
	if n := len(head.shapes); n <= prefaultMax/int(unsafe.Sizeof(compiledRule{})) {
		b.crs = make([]compiledRule, n)
		for i := 0; i < n; i += 16 {
			b.crs[i].hasContext = false
		}
	}
	return &PrefetchedEngine{fingerprint: fingerprint, body: b}
}

// prefaultMax bounds the memory PrefetchEngine makes for the compiled
// rules, in bytes.
const prefaultMax = 16 << 20

// finishPrefetched is decodeEngine's end for a body decoded before rs
// were known.
func finishPrefetched(b *engineBody, rs []*rules.Rule, opts Options) (*Engine, error) {
	if !b.head.matches(rs) {
		return nil, errEngineCorrupt
	}
	return finishEngine(b, compileCachedRules(rs, b.head, b.crs), opts)
}

// engineHead is an entry's first part: each rule's shape (which its rule
// must have) and case twins.
type engineHead struct {
	shapes []ruleShape
	// The rules with case twins, in order. (Kept apart rather than
	// written to the compiled rules: a read of their fresh pages before
	// initRule writes them maps the zero page, and the write then costs
	// a fault and a TLB flush on every core, a millisecond for 10,000
	// rules.)
	twins []ruleTwins
}

// decodeHead reads an entry's head, for rules it is checked against
// later (matches).
func decodeHead(r *dec) (engineHead, bool) {
	n := r.count(6)
	if r.bad {
		return engineHead{}, false
	}
	h := engineHead{shapes: make([]ruleShape, n)}
	for i := range h.shapes {
		sh := &h.shapes[i]
		for k := range sh.n {
			v := r.u()
			if v > math.MaxInt32 {
				return engineHead{}, false
			}
			sh.n[k] = int32(v)
		}
		flags := r.u()
		if r.bad || flags > ruleHasTemplates|ruleHasTwins {
			return engineHead{}, false
		}
		sh.tpl = flags&ruleHasTemplates != 0
		if flags&ruleHasTwins == 0 {
			continue
		}
		// A twin takes a byte at least.
		if sh.n[0] == 0 || sh.n[1] == 0 || int(sh.n[0]) > len(r.b) {
			return engineHead{}, false
		}
		twin := make([]int32, sh.n[0])
		for j := range twin {
			t := r.u()
			if t > uint64(sh.n[1]) {
				return engineHead{}, false
			}
			twin[j] = int32(t) - 1
		}
		h.twins = append(h.twins, ruleTwins{rule: i, twin: twin})
	}
	return h, !r.bad
}

// matches reports whether rs have h's shapes, and then notes each twin's
// approved phrases (which h could not size before).
func (h *engineHead) matches(rs []*rules.Rule) bool {
	if len(rs) != len(h.shapes) {
		return false
	}
	for i, ru := range rs {
		n := &h.shapes[i].n
		if int(n[0]) != len(ru.Restricted) || int(n[1]) != len(ru.Approved) || int(n[2]) != len(ru.When) ||
			int(n[3]) != len(ru.Unless) || int(n[4]) != len(ru.Patterns) {
			return false
		}
	}
	for k := range h.twins {
		tw := &h.twins[k]
		tw.caseOnly = make([]bool, h.shapes[tw.rule].n[1])
		for _, t := range tw.twin {
			if t >= 0 {
				tw.caseOnly[t] = true
			}
		}
	}
	return true
}

// engineBody is the rest of an entry, decoded and checked as far as it
// can be without the rules.
type engineBody struct {
	head           engineHead
	x              *phraseIndex
	phraseEntries  [][]entry
	triggers       []string
	triggerEntries [][]entry
	setUses        [][]setUse
	keys           []chainKey
	hasParts       bool           // some phrase entries are template parts'
	crs            []compiledRule // memory for the compiled rules (nil: none yet)
}

// decodeBody reads the rest of an entry whose head is head.
func decodeBody(r *dec, head engineHead) (*engineBody, bool) {
	nrules := len(head.shapes)
	x := &phraseIndex{}
	x.patterns = r.strs()
	np := len(x.patterns)
	nodes := r.count(1)
	if r.bad || nodes < 1 || nodes > refNode {
		return nil, false
	}
	x.nodes = int32(nodes)
	lens, total := r.lists(nodes, 1)
	if r.bad {
		return nil, false
	}
	flat := make([]int32, total)
	for j := range flat {
		p := r.u()
		if p >= uint64(np) {
			return nil, false
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
			return nil, false
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
		return nil, false
	}
	b := &engineBody{head: head, x: x}
	b.phraseEntries = r.entries(nrules)
	b.triggers = r.strs()
	for _, t := range b.triggers {
		if t == "" {
			r.bad = true
		}
	}
	nt := len(b.triggers)
	b.triggerEntries = r.entries(nrules)
	ns := r.count(1)
	if r.bad || len(b.phraseEntries) != np || len(b.triggerEntries) != nt {
		return nil, false
	}
	if ns > 0 {
		b.setUses = make([][]setUse, ns)
	}
	for i := range b.setUses {
		m := r.count(2)
		us := make([]setUse, m)
		for j := range us {
			us[j] = setUse{chain: r.i(), part: uint8(r.u())}
		}
		b.setUses[i] = us
	}
	nc := r.count(3)
	if r.bad {
		return nil, false
	}
	b.keys = make([]chainKey, nc)
	for i := range b.keys {
		b.keys[i] = chainKey{rule: r.i(), index: r.i(), of: entryKind(r.u())}
	}
	if r.bad || len(r.b) != 0 {
		return nil, false
	}
	// Every entry but a template part's (which names a chain of the rules'
	// templates: finishEngine) is checked here, against the shapes, on the
	// prefetching core when there is one.
	for _, es := range b.phraseEntries {
		for _, en := range es {
			if en.kind == entPart && en.bounds {
				b.hasParts = true
			} else if !en.bounds || !entryInShapes(en, head.shapes, ns) {
				return nil, false
			}
		}
	}
	for _, es := range b.triggerEntries {
		for _, en := range es {
			if en.kind != entTrigger || en.bounds || !entryInShapes(en, head.shapes, ns) {
				return nil, false
			}
		}
	}
	return b, true
}

// finishEngine is the engine of b and the rules compiled for it (res),
// once every index of b checks out against them.
func finishEngine(b *engineBody, res rulesResult, opts Options) (*Engine, error) {
	if res.err != nil {
		return nil, res.err
	}
	shapes := b.head.shapes
	e := &Engine{opts: opts, phrases: b.x, rules: res.rules, hasFiles: res.hasFiles}
	e.phraseEntries, e.triggerEntries, e.setUses = b.phraseEntries, b.triggerEntries, b.setUses
	// Chains name templated phrases of these rules.
	nc := len(b.keys)
	e.chains = make([]chainInfo, nc)
	for i, k := range b.keys {
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
	// The rest of the entries were checked with the body.
	if b.hasParts {
		for _, es := range e.phraseEntries {
			for _, en := range es {
				if en.kind == entPart && !e.entryValid(en, shapes) {
					return nil, errEngineCorrupt
				}
			}
		}
	}
	if len(b.triggers) > 0 {
		e.triggers = newAutomaton(b.triggers)
		e.triggerTexts = b.triggers
	}
	return e, nil
}

// rulesResult is what compileCachedRules gives.
type rulesResult struct {
	rules    []*compiledRule
	hasFiles bool
	err      error
}

// compileCachedRules does the rules' own compile work for an entry whose
// head matches them, as CompileWith does it, with the case twins from the
// entry: an error is the rules' own (CompileWith's), or errEngineCorrupt
// when the entry says a rule has templates that it has not. crs, if not
// nil, is the memory for the compiled rules, one per rule.
func compileCachedRules(rs []*rules.Rule, head engineHead, crs []compiledRule) rulesResult {
	if crs == nil {
		crs = make([]compiledRule, len(rs))
	}
	setCache := map[*rules.WordSets]*lazyTsets{}
	filters := map[string]*lazyFilter{}
	twins := head.twins
	out := rulesResult{rules: make([]*compiledRule, len(rs))}
	for i, ru := range rs {
		cr := &crs[i]
		var tpl *ruleTemplates
		if head.shapes[i].tpl {
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
	if en.kind == entPart {
		if int(en.index) >= len(e.chains) || en.of == entPart || en.of == entSet || en.of == entTrigger {
			return false
		}
		return int(en.part) < len(e.chains[en.index].pt.parts)
	}
	return entryInShapes(en, shapes, len(e.setUses))
}

// entryInShapes reports whether en (not a template part's entry, which
// names a chain) is in range for rules of shapes and nsets shared pieces.
func entryInShapes(en entry, shapes []ruleShape, nsets int) bool {
	if en.kind == entSet {
		return en.rule == -1 && int(en.index) < nsets
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
	}
	return false
}
