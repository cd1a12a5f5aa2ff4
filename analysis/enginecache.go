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
// own hash). Past that check an entry is still trusted only as far as
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
const engineCodecVersion = 1

const engineBlobKind = "engine"

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

// enc writes uvarints.
type enc struct{ b []byte }

func (w *enc) u(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *enc) i(v int32)  { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *enc) u64(v uint64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, v)
}
func (w *enc) str(s string) { w.u(uint64(len(s))); w.b = append(w.b, s...) }

func (w *enc) entries(list [][]entry) {
	w.u(uint64(len(list)))
	for _, es := range list {
		w.u(uint64(len(es)))
		for _, x := range es {
			w.i(x.rule)
			w.u(uint64(x.kind))
			w.i(x.index)
			w.u(uint64(x.part))
			w.u(uint64(x.of))
			var flags uint64
			if x.inflected {
				flags |= 1
			}
			if x.bounds {
				flags |= 2
			}
			w.u(flags)
		}
	}
}

func (w *enc) table(t edgeTable) {
	w.u(uint64(len(t.slots)))
	for _, s := range t.slots {
		w.u64(s)
	}
	w.u64(t.seed)
	w.u(uint64(len(t.bloom)))
	for _, s := range t.bloom {
		w.u64(s)
	}
	w.u(uint64(t.shift))
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
	}
	x := e.phrases
	w.u(uint64(len(x.patterns)))
	for _, p := range x.patterns {
		w.str(p)
	}
	w.u(uint64(x.nodes))
	for _, o := range x.out {
		w.u(uint64(len(o)))
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
	w.u(uint64(len(e.triggerTexts)))
	for _, t := range e.triggerTexts {
		w.str(t)
	}
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

// dec reads what enc wrote; every read is checked, the first failure
// sticks.
type dec struct {
	b   []byte
	bad bool
}

func (r *dec) u() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *dec) i() int32 {
	v, n := binary.Varint(r.b)
	if n <= 0 || v < math.MinInt32 || v > math.MaxInt32 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return int32(v)
}

func (r *dec) u64() uint64 {
	if len(r.b) < 8 {
		r.bad = true
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

// count reads a length of items of at least min bytes each, refused when
// the bytes left cannot hold them.
func (r *dec) count(min int) int {
	n := r.u()
	if r.bad || n > uint64(len(r.b)/min) {
		r.bad = true
		return 0
	}
	return int(n)
}

func (r *dec) str() string {
	n := r.count(1)
	if r.bad {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *dec) entries(nrules int) [][]entry {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	out := make([][]entry, n)
	for i := range out {
		m := r.count(6)
		if m == 0 {
			continue
		}
		es := make([]entry, m)
		for j := range es {
			x := &es[j]
			x.rule = r.i()
			kind, index, part, of, flags := r.u(), r.i(), r.u(), r.u(), r.u()
			if kind > uint64(entSet) || of > uint64(entSet) || part > math.MaxUint8 || flags > 3 || x.rule < -1 || int(x.rule) >= nrules || index < 0 {
				r.bad = true
			}
			x.kind, x.index, x.part, x.of = entryKind(kind), index, uint8(part), entryKind(of)
			x.inflected, x.bounds = flags&1 != 0, flags&2 != 0
		}
		out[i] = es
		if r.bad {
			return nil
		}
	}
	return out
}

// table reads an edge table whose node references are below nodes.
func (r *dec) table(nodes int32) edgeTable {
	var t edgeTable
	n := r.count(8)
	if r.bad || n < 32 || n&(n-1) != 0 {
		r.bad = true
		return t
	}
	t.slots = make([]uint64, n)
	empty := false
	for i := range t.slots {
		t.slots[i] = r.u64()
		if i%2 == 0 {
			if t.slots[i] == 0 {
				empty = true
			} else if int64(uint32(t.slots[i])&refNode) >= int64(nodes) {
				r.bad = true
			}
		}
	}
	t.seed = r.u64()
	nb := r.count(8)
	if r.bad || !empty {
		// A table without an empty slot would never end a lookup.
		r.bad = true
		return t
	}
	t.bloom = make([]uint64, nb)
	for i := range t.bloom {
		t.bloom[i] = r.u64()
	}
	shift := r.u()
	// bloom bit k>>shift must exist for every k: 64 << (64-shift-6) bits.
	if shift < 24 || shift > 58 || nb != 1<<(64-shift)/64 {
		r.bad = true
	}
	t.shift = uint8(shift)
	return t
}

// decodeEngine builds the engine for rs from its cache entry. The rules'
// own compile work (templates, case twins, globs, patterns) is done as
// CompileWith does it, so its errors are CompileWith's; an entry that does
// not decode or check out is errEngineCorrupt.
func decodeEngine(data []byte, rs []*rules.Rule, opts Options) (*Engine, error) {
	r := &dec{b: data}
	if r.count(5) != len(rs) || r.bad {
		return nil, errEngineCorrupt
	}
	for _, ru := range rs {
		for _, n := range []int{len(ru.Restricted), len(ru.Approved), len(ru.When), len(ru.Unless), len(ru.Patterns)} {
			if r.u() != uint64(n) {
				return nil, errEngineCorrupt
			}
		}
	}
	x := &phraseIndex{}
	np := r.count(1)
	x.patterns = make([]string, np)
	for i := range x.patterns {
		x.patterns[i] = r.str()
	}
	nodes := r.count(1)
	if r.bad || nodes < 1 || nodes > refNode {
		return nil, errEngineCorrupt
	}
	x.nodes = int32(nodes)
	x.out = make([][]int32, nodes)
	for i := range x.out {
		m := r.count(1)
		if m == 0 {
			continue
		}
		o := make([]int32, m)
		for j := range o {
			p := r.u()
			if p >= uint64(np) {
				r.bad = true
			}
			o[j] = int32(p)
		}
		x.out[i] = o
		if r.bad {
			return nil, errEngineCorrupt
		}
	}
	x.roots = r.table(x.nodes)
	if ne := r.u(); ne > 0 {
		ne--
		if ne > uint64(len(r.b)/25) {
			return nil, errEngineCorrupt
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
		return nil, errEngineCorrupt
	}
	e := &Engine{opts: opts, phrases: x}
	e.phraseEntries = r.entries(len(rs))
	nt := r.count(1)
	triggers := make([]string, nt)
	for i := range triggers {
		triggers[i] = r.str()
		if triggers[i] == "" {
			r.bad = true
		}
	}
	e.triggerEntries = r.entries(len(rs))
	ns := r.count(1)
	if r.bad || len(e.phraseEntries) != np || len(e.triggerEntries) != nt {
		return nil, errEngineCorrupt
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
		return nil, errEngineCorrupt
	}
	keys := make([]chainKey, nc)
	for i := range keys {
		keys[i] = chainKey{rule: r.i(), index: r.i(), of: entryKind(r.u())}
	}
	if r.bad || len(r.b) != 0 {
		return nil, errEngineCorrupt
	}

	// The rules' own compile work, as CompileWith does it.
	setCache := map[*rules.WordSets]*lazyTsets{}
	filters := map[string]*lazyFilter{}
	for _, ru := range rs {
		su, err := setupRule(ru, compileTemplates(ru, setCache), filters)
		if err != nil {
			return nil, err
		}
		e.rules = append(e.rules, su.cr)
		if len(ru.Files) > 0 {
			e.hasFiles = true
		}
	}
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
			if !en.bounds || !e.entryValid(en) {
				return nil, errEngineCorrupt
			}
		}
	}
	for _, es := range e.triggerEntries {
		for _, en := range es {
			if en.kind != entTrigger || en.bounds || !e.entryValid(en) {
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

// entryValid reports whether en's numbers are in range for e.
func (e *Engine) entryValid(en entry) bool {
	if en.kind == entSet {
		return en.rule == -1 && int(en.index) < len(e.setUses)
	}
	if en.rule < 0 || int(en.rule) >= len(e.rules) {
		return false
	}
	r := e.rules[en.rule].Rule
	switch en.kind {
	case entRestricted:
		return int(en.index) < len(r.Restricted)
	case entApproved:
		return int(en.index) < len(r.Approved)
	case entWhen:
		return int(en.index) < max(1, len(r.When))
	case entUnless:
		return int(en.index) < max(1, len(r.Unless))
	case entTrigger:
		return int(en.index) < len(r.Patterns)
	case entPart:
		if int(en.index) >= len(e.chains) || en.of == entPart || en.of == entSet || en.of == entTrigger {
			return false
		}
		return int(en.part) < len(e.chains[en.index].pt.parts)
	}
	return false
}
