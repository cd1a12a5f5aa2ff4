package format

import (
	"slices"
	"sort"

	"github.com/guardrail-dev/guardrail/rules"
)

// Cutting source ranges out of scoped text after scoping: template tags in
// Markdown (markdown_template.go) and a config's `ignore` patterns
// (ignore.go). A cut is either opaque — its text becomes one Opaque
// segment, like inline code, so the words on either side stay apart — or
// a split — the chunk ends before it and a new one starts after it, as at
// a block boundary. A cut that falls where a chunk has no text (a link
// destination, between blocks) changes nothing; a chunk left with no text
// but placeholders is dropped.

// Cut is a source range to take out of the checked text: Split ends the
// chunk before it and starts a new one after it; otherwise its text becomes
// one Opaque segment.
type Cut struct {
	Start, End int
	Split      bool
}

// ApplyCuts takes cuts (in any order, overlapping or not) out of every
// chunk of sc, a scoping of src.
func ApplyCuts(sc *Scoped, src []byte, cuts []Cut) {
	applyCutsToScoped(sc, src, normalizeCuts(cuts))
}

// normalizeCuts sorts cuts and merges those that overlap or touch (a
// merged cut splits if any of its parts does).
func normalizeCuts(cuts []Cut) []Cut {
	if len(cuts) == 0 {
		return cuts
	}
	slices.SortFunc(cuts, func(a, b Cut) int { return a.Start - b.Start })
	out := cuts[:1]
	for _, c := range cuts[1:] {
		last := &out[len(out)-1]
		if c.Start <= last.End {
			last.End = max(last.End, c.End)
			last.Split = last.Split || c.Split
			continue
		}
		out = append(out, c)
	}
	return out
}

// applyCutsToScoped takes cuts (normalized) out of every chunk of sc.
// Work is linear in the segments plus the cuts each chunk overlaps.
func applyCutsToScoped(sc *Scoped, src []byte, cuts []Cut) {
	if len(cuts) == 0 || len(sc.Chunks) == 0 {
		return
	}
	var out []Chunk
	changed := false
	for ci, ch := range sc.Chunks {
		if len(ch.Segs) == 0 {
			continue
		}
		lo, hi := ch.Segs[0].Start, ch.Segs[len(ch.Segs)-1].End
		k := sort.Search(len(cuts), func(i int) bool { return cuts[i].End > lo })
		if k == len(cuts) || cuts[k].Start >= hi {
			if changed {
				out = append(out, ch)
			}
			continue
		}
		if !changed {
			changed = true
			out = append(make([]Chunk, 0, len(sc.Chunks)), sc.Chunks[:ci]...)
		}
		j := k
		for j < len(cuts) && cuts[j].Start < hi {
			j++
		}
		out = cutChunk(out, src, ch, cuts[k:j])
	}
	if changed {
		sc.Chunks = out
	}
}

// cutChunk appends to out what is left of ch after cuts (sorted, disjoint,
// each overlapping ch's range).
func cutChunk(out []Chunk, src []byte, ch Chunk, cuts []Cut) []Chunk {
	var b chunkBuilder
	emit := func() {
		b.take0(&out, src, ch.Scope)
	}
	segs := ch.Segs
	i, k := 0, 0
	for i < len(segs) {
		s := segs[i]
		for k < len(cuts) && cuts[k].End <= s.Start {
			k++
		}
		if k == len(cuts) || cuts[k].Start >= s.End {
			b.segs = append(b.segs, s)
			i++
			continue
		}
		c := cuts[k]
		if !s.Synthetic && s.Start < c.Start {
			b.raw(s.Start, c.Start)
		}
		lo, hi := c.Start, c.End
		for i < len(segs) && segs[i].Start < c.End {
			t := segs[i]
			if t.Synthetic {
				lo, hi = min(lo, t.Start), max(hi, t.End)
				i++
				continue
			}
			if t.End > c.End {
				segs[i].Start = c.End // the rest comes after the cut (segs is ch's own)
				break
			}
			i++
		}
		if c.Split {
			emit()
		} else {
			if n := len(b.segs); n > 0 && b.segs[n-1].End > lo {
				lo = b.segs[n-1].End // covered by the last cut already
			}
			if hi > lo {
				b.opaque(lo, hi)
			}
		}
		k++
	}
	emit()
	return out
}

// take0 is take into a chunk list: trimmed, dropped when it holds no text
// but placeholders.
func (b *chunkBuilder) take0(out *[]Chunk, src []byte, scope rules.Scope) {
	segs := trimSegs(src, b.segs)
	if len(segs) > 0 && holdsText(src, segs) {
		*out = append(*out, Chunk{Scope: scope, Segs: slices.Clone(segs)})
	}
	b.segs = b.segs[:0]
}
