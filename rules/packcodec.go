package rules

import (
	"encoding/binary"
	"errors"
	"maps"
	"math"
	"slices"
)

// The rules cache (packcache.go) stores a parsed pack in this binary form:
// every field of Pack, Rule, Example and Position, in a fixed order, with
// lengths as uvarints. The decoder trusts nothing: every length is
// checked against the bytes left before anything is allocated, every
// number against its type's range, and any excess or shortfall is an
// error. A pack with word sets ([sets]) is never written to the cache:
// only the built-in packs' encodings, made at build time and embedded in
// the binary (builtin_blob.go), hold sets (packcodec_sets.go); the cache's
// decoder refuses them.
//
// A field added to Pack, Rule, Example, Position, Context or
// SeverityOverride must be added here too (and packCodecVersion bumped): TestPackCodecCoversEveryField
// fails until it is (a field the codec dropped would make a cached pack
// differ from a parsed one).

// packCodecVersion changes whenever the encoding does; it is part of the
// cache key, so an old cache file is never read as a new one.
const packCodecVersion = 4

var errCorrupt = errors.New("corrupt rules cache entry")

// Strings are interned: the first occurrence is written as 0, length,
// bytes; a repeat as its index in the order of first occurrences plus one
// (the pack's path is in every position, a message is often shared).
type encoder struct {
	b     []byte
	table map[string]int
}

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *encoder) str(s string) {
	if i, ok := e.table[s]; ok {
		e.uint(uint64(i) + 1)
		return
	}
	e.table[s] = len(e.table)
	e.uint(0)
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// strs keeps nil and empty apart (an empty include selects nothing; no
// include selects the defaults).
func (e *encoder) strs(list []string) {
	if list == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(list)) + 1)
	for _, s := range list {
		e.str(s)
	}
}

func (e *encoder) pos(p Position) { e.str(p.File); e.int(p.Line); e.int(p.Column) }

// encodePack returns p's encoding; ok is false for a pack the cache does
// not hold: one with phrase templates, or with [ignore] patterns (whose
// compiled regexps are rebuilt by parsing).
func encodePack(p *Pack) (data []byte, ok bool) { return encodePackSets(p, false) }

// encodePackSets is encodePack that, when sets is true, encodes a pack
// with word sets too.
func encodePackSets(p *Pack, sets bool) (data []byte, ok bool) {
	if p == nil || p.Sets != nil && !sets || len(p.IgnoreTokens)+len(p.IgnoreBlocks) > 0 {
		return nil, false
	}
	e := &encoder{table: map[string]int{}}
	e.str(p.Name)
	e.str(p.Description)
	e.str(p.Version)
	e.bool(p.Default)
	e.uint(uint64(p.Kind))
	e.str(p.Path)
	e.strs(p.Extends)
	e.uint(uint64(len(p.ExtendsPos)))
	for _, x := range p.ExtendsPos {
		e.pos(x)
	}
	e.strs(p.Include)
	e.strs(p.Exclude)
	e.bool(p.Root)
	if p.Severity == nil {
		e.uint(0)
	} else {
		e.uint(uint64(len(p.Severity)) + 1)
		for _, id := range slices.Sorted(maps.Keys(p.Severity)) {
			o := p.Severity[id]
			e.str(id)
			e.uint(uint64(o.Severity))
			e.pos(o.Pos)
		}
	}
	e.uint(uint64(len(p.Rules)))
	for _, r := range p.Rules {
		if r == nil || r.Sets != nil && r.Sets != p.Sets {
			return nil, false
		}
		encodeRule(e, r)
	}
	e.bool(p.IsConfig)
	e.uint(uint64(len(p.configKeys)))
	for _, k := range p.configKeys {
		e.str(k.name)
		e.pos(k.pos)
	}
	e.strs(p.FrontMatter)
	e.bool(p.Sets != nil)
	if p.Sets != nil {
		encodeSets(e, p.Sets)
	}
	return e.b, true
}

func encodeRule(e *encoder, r *Rule) {
	e.str(r.ID)
	e.str(r.Message)
	e.uint(uint64(r.Severity))
	e.strs(r.Restricted)
	e.strs(r.Approved)
	e.strs(r.Patterns)
	e.bool(r.CaseSensitive)
	e.bool(r.Inflect)
	e.strs(r.When)
	e.strs(r.Unless)
	e.strs(r.Files)
	e.uint(uint64(r.Scopes))
	e.str(r.Rationale)
	e.str(r.Link)
	if r.Examples == nil {
		e.uint(0)
	} else {
		e.uint(uint64(len(r.Examples)) + 1)
		for _, x := range r.Examples {
			e.str(x.Bad)
			e.str(x.Good)
			e.str(x.File)
			e.pos(x.Pos)
		}
	}
	e.uint(uint64(r.Kind))
	e.uint(uint64(r.Context.Mode))
	e.int(r.Context.Words)
	e.bool(r.kindSet)
	e.uint(uint64(r.Fix))
	e.pos(r.Pos)
	e.str(r.Pack)
	e.bool(r.Sets != nil)
}

// decoder reads from one string: every decoded string is a substring of
// it (one allocation for the whole pack, not one per string).
type decoder struct {
	b     string
	err   error
	table []string
	arena []string // string lists are cut from it (strs)
}

func (d *decoder) fail() { d.err = errCorrupt; d.b = "" }

func (d *decoder) uint() uint64 {
	if len(d.b) > 0 && d.b[0] < 0x80 {
		v := uint64(d.b[0])
		d.b = d.b[1:]
		return v
	}
	var v uint64
	for i := 0; i < len(d.b) && i < binary.MaxVarintLen64; i++ {
		c := d.b[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break // overflows 64 bits
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.b = d.b[i+1:]
			return v
		}
	}
	d.fail()
	return 0
}

func (d *decoder) int() int {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail()
		return 0
	}
	return int(v)
}

// small reads a count or enumeration value of at most max.
func (d *decoder) small(max uint64) uint64 {
	v := d.uint()
	if v > max {
		d.fail()
		return 0
	}
	return v
}

// count reads the number of items that follow, each at least one byte:
// more than the bytes left is corrupt (and never allocated).
func (d *decoder) count() int {
	v := d.uint()
	if v > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

func (d *decoder) str() string {
	if ref := d.uint(); ref > 0 {
		if ref > uint64(len(d.table)) {
			d.fail()
			return ""
		}
		return d.table[ref-1]
	}
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := d.b[:n]
	d.b = d.b[n:]
	if d.table == nil {
		// Sized once for what the bytes can hold (a new string takes at
		// least two bytes, most of a pack's take 16 or more), not grown
		// by doubling through 30,000 strings.
		d.table = make([]string, 0, len(d.b)/16+16)
	}
	d.table = append(d.table, s)
	return s
}

func (d *decoder) strs() []string {
	// The number of strings plus one (0: nil), each at least a byte.
	v := d.uint()
	if v > 0 && v-1 > uint64(len(d.b)) {
		d.fail()
	}
	n := int(v)
	if n == 0 || d.err != nil {
		return nil
	}
	if n == 1 {
		// Empty, not nil (cut from a nil arena, it would be nil).
		return []string{}
	}
	if len(d.arena) < n-1 {
		d.arena = make([]string, max(n-1, min(256, len(d.b))))
	}
	out := d.arena[: n-1 : n-1]
	d.arena = d.arena[n-1:]
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) pos() Position {
	return Position{File: d.str(), Line: d.int(), Column: d.int()}
}

// decodePackString decodes what encodePack wrote, reading from a string
// (a built-in pack's blob is embedded as one: the decoded strings are its
// substrings); any other input is an error, never a panic nor an
// allocation larger than the input. With sets it accepts a pack with word
// sets (the built-in packs' embedded encodings only: the sets are not
// checked for what the loader reports, such as cycles).
func decodePackString(data string, sets bool) (*Pack, error) {
	d := &decoder{b: data}
	p := &Pack{}
	p.Name = d.str()
	p.Description = d.str()
	p.Version = d.str()
	p.Default = d.bool()
	p.Kind = RuleKind(d.small(uint64(KindClaim)))
	p.Path = d.str()
	p.Extends = d.strs()
	if n := d.count(); n > 0 {
		p.ExtendsPos = make([]Position, n)
		for i := range p.ExtendsPos {
			p.ExtendsPos[i] = d.pos()
		}
	}
	p.Include = d.strs()
	p.Exclude = d.strs()
	p.Root = d.bool()
	if n := d.count(); n > 0 {
		p.Severity = make(map[string]SeverityOverride, n-1)
		for range n - 1 {
			id := d.str()
			sev := Severity(d.small(uint64(SeverityError)))
			p.Severity[id] = SeverityOverride{Severity: sev, Pos: d.pos()}
		}
	}
	if n := d.count(); n > 0 {
		p.Rules = make([]*Rule, n)
		var block []Rule // rules are allocated 128 at a time
		for i := range p.Rules {
			if d.err != nil {
				break // never allocate for a count the bytes cannot hold
			}
			if len(block) == 0 {
				block = make([]Rule, min(n-i, 128))
			}
			p.Rules[i] = &block[0]
			decodeRule(d, &block[0])
			block = block[1:]
		}
	}
	p.IsConfig = d.bool()
	if n := d.count(); n > 0 {
		p.configKeys = make([]configKey, n)
		for i := range p.configKeys {
			p.configKeys[i] = configKey{name: d.str(), pos: d.pos()}
		}
	}
	p.FrontMatter = d.strs()
	if d.bool() {
		if !sets {
			return nil, errCorrupt
		}
		p.Sets = decodeSets(d)
	}
	for _, r := range p.Rules {
		if r != nil && r.Sets == setsMarker {
			if p.Sets == nil {
				d.fail()
			}
			r.Sets = p.Sets
		}
	}
	if d.err == nil && p.Sets != nil {
		rememberTemplates(p)
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errCorrupt
	}
	return p, nil
}

func decodeRule(d *decoder, r *Rule) {
	r.ID = d.str()
	r.Message = d.str()
	r.Severity = Severity(d.small(uint64(SeverityError)))
	r.Restricted = d.strs()
	r.Approved = d.strs()
	r.Patterns = d.strs()
	r.CaseSensitive = d.bool()
	r.Inflect = d.bool()
	r.When = d.strs()
	r.Unless = d.strs()
	r.Files = d.strs()
	r.Scopes = Scope(d.small(uint64(ScopeProse | ScopeHeadings | ScopeComments | ScopeStrings)))
	r.Rationale = d.str()
	r.Link = d.str()
	if n := d.count(); n > 0 {
		r.Examples = make([]Example, n-1)
		for i := range r.Examples {
			r.Examples[i] = Example{Bad: d.str(), Good: d.str(), File: d.str(), Pos: d.pos()}
		}
	}
	r.Kind = RuleKind(d.small(uint64(KindClaim)))
	r.Context.Mode = ContextMode(d.small(uint64(ContextWords)))
	r.Context.Words = d.int()
	r.kindSet = d.bool()
	r.Fix = FixMode(d.small(uint64(FixNone)))
	r.Pos = d.pos()
	r.Pack = d.str()
	if d.bool() {
		r.Sets = setsMarker // the pack's sets, once decoded
	}
}
