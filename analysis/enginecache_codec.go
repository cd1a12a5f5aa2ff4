package analysis

import (
	"encoding/binary"
	"math"
)

// The engine cache's encoding (enginecache.go): uvarints and varints for
// numbers, little-endian words for hashes and table slots. What a
// 10,000-rule engine has tens of thousands of — phrases, per-node outputs,
// entries, table slots — is written so that it decodes into a few large
// allocations: strings as one block of bytes after their lengths (the
// decoded strings share one allocation), per-pattern lists as their
// lengths then their items (decoded into one backing array), and a hash
// table as only its occupied slots (most of a table at most half full is
// empty).

// enc writes uvarints.
type enc struct{ b []byte }

func (w *enc) u(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *enc) i(v int32)  { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *enc) u64(v uint64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, v)
}

// strs writes a list of strings: its length, every string's length, then
// their bytes.
func (w *enc) strs(list []string) {
	w.u(uint64(len(list)))
	for _, s := range list {
		w.u(uint64(len(s)))
	}
	for _, s := range list {
		w.b = append(w.b, s...)
	}
}

// entry packs an entry's kinds and flags into one byte (kind and of are
// at most entSet, 3 bits each), then its numbers.
func (w *enc) entry(x entry) {
	flags := byte(x.kind) | byte(x.of)<<3
	if x.inflected {
		flags |= 1 << 6
	}
	if x.bounds {
		flags |= 1 << 7
	}
	w.b = append(w.b, flags, x.part)
	w.u(uint64(x.rule + 1))
	w.u(uint64(x.index))
}

// entries writes per-pattern entry lists: the number of lists, their
// lengths, then every entry.
func (w *enc) entries(list [][]entry) {
	w.u(uint64(len(list)))
	for _, es := range list {
		w.u(uint64(len(es)))
	}
	for _, es := range list {
		for _, x := range es {
			w.entry(x)
		}
	}
}

// table writes an edge table: its size, seed and Bloom filter, then its
// occupied slot pairs, each as the gap from the previous one's index and
// its two words.
func (w *enc) table(t edgeTable) {
	w.u(uint64(len(t.slots)))
	w.u64(t.seed)
	w.u(uint64(len(t.bloom)))
	for _, s := range t.bloom {
		w.u64(s)
	}
	w.u(uint64(t.shift))
	used := 0
	for i := 0; i < len(t.slots); i += 2 {
		if t.slots[i] != 0 {
			used++
		}
	}
	w.u(uint64(used))
	prev := -1
	for i := 0; i < len(t.slots); i += 2 {
		if t.slots[i] == 0 {
			continue
		}
		w.u(uint64(i/2 - prev - 1))
		prev = i / 2
		w.u64(t.slots[i])
		w.u64(t.slots[i+1])
	}
}

// dec reads what enc wrote; every read is checked, the first failure
// sticks.
type dec struct {
	b   []byte
	bad bool
}

func (r *dec) u() uint64 {
	if len(r.b) > 0 && r.b[0] < 0x80 {
		v := uint64(r.b[0])
		r.b = r.b[1:]
		return v
	}
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

// strs reads what enc.strs wrote: the strings are substrings of one.
func (r *dec) strs() []string {
	n := r.count(1)
	if r.bad {
		return nil
	}
	lens, total := r.lists(n, 1)
	if r.bad {
		return nil
	}
	block := string(r.b[:total])
	r.b = r.b[total:]
	out := make([]string, n)
	at := 0
	for i := range out {
		l := lens.next()
		out[i] = block[at : at+l]
		at += l
	}
	return out
}

// lengths are list lengths already read and checked by lists, read again
// one by one (rather than kept in a slice of their own).
type lengths struct{ b []byte }

func (l *lengths) next() int {
	v, n := binary.Uvarint(l.b)
	l.b = l.b[n:]
	return int(v)
}

// lists reads n list lengths (each list's items at least min bytes, and
// all of them in the bytes that follow) and returns them, to be read
// again with next, with their total.
func (r *dec) lists(n, min int) (lens lengths, total int) {
	lens.b = r.b
	for range n {
		m := r.u()
		if r.bad || m > uint64(len(r.b)/min) {
			r.bad = true
			return lengths{}, 0
		}
		total += int(m)
		if total > len(r.b)/min {
			r.bad = true
			return lengths{}, 0
		}
	}
	lens.b = lens.b[:len(lens.b)-len(r.b)]
	return lens, total
}

// entries reads what enc.entries wrote into one backing array. Entries
// name rules below nrules; the rest of their numbers are checked against
// the engine (entryValid) once it is decoded.
func (r *dec) entries(nrules int) [][]entry {
	n := r.count(1)
	if n == 0 || r.bad {
		return nil
	}
	lens, total := r.lists(n, 4)
	if r.bad {
		return nil
	}
	flat := make([]entry, total)
	for j := range flat {
		if len(r.b) < 2 {
			r.bad = true
			return nil
		}
		flags, part := r.b[0], r.b[1]
		r.b = r.b[2:]
		rule, index := r.u(), r.u()
		kind, of := entryKind(flags&7), entryKind(flags>>3&7)
		if kind > entSet || of > entSet || rule > uint64(nrules) || index > math.MaxInt32 {
			r.bad = true
			return nil
		}
		flat[j] = entry{rule: int32(rule) - 1, kind: kind, of: of, index: int32(index), part: part,
			inflected: flags&(1<<6) != 0, bounds: flags&(1<<7) != 0}
	}
	out := make([][]entry, n)
	at := 0
	for i := range out {
		m := lens.next()
		if m > 0 {
			out[i] = flat[at : at+m : at+m]
		}
		at += m
	}
	return out
}

// table reads an edge table whose node references are below nodes.
func (r *dec) table(nodes int32) edgeTable {
	var t edgeTable
	n := r.u()
	if r.bad || n < 32 || n&(n-1) != 0 || n > uint64(refNode) {
		r.bad = true
		return t
	}
	t.seed = r.u64()
	nb := r.count(8)
	if r.bad {
		return t
	}
	t.bloom = make([]uint64, nb)
	for i := range t.bloom {
		t.bloom[i] = binary.LittleEndian.Uint64(r.b[8*i:])
	}
	r.b = r.b[8*nb:]
	shift := r.u()
	// bloom bit k>>shift must exist for every k: 64 << (64-shift-6) bits.
	if shift < 24 || shift > 58 || nb != 1<<(64-shift)/64 {
		r.bad = true
		return t
	}
	t.shift = uint8(shift)
	pairs := n / 2
	used := r.count(17)
	// A table without an empty slot would never end a lookup.
	if r.bad || uint64(used) >= pairs {
		r.bad = true
		return t
	}
	t.slots = make([]uint64, n)
	next := uint64(0) // the lowest index the next pair may have
	for range used {
		gap := r.u()
		fp, kids := r.u64(), r.u64()
		i := next + gap
		if r.bad || gap >= pairs || i >= pairs || fp == 0 || int64(uint32(fp)&refNode) >= int64(nodes) {
			r.bad = true
			return t
		}
		t.slots[2*i], t.slots[2*i+1] = fp, kids
		next = i + 1
	}
	return t
}
