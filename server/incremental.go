package server

import (
	"bytes"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// Incremental analysis. A keystroke changes one paragraph of a large
// document; checking the whole document again costs milliseconds per
// 100 KB. Package format splits Markdown and plain text into segments
// whose findings never depend on text in another segment (format.Split,
// analysis/format/segments.go), or says the document must be checked
// whole. Each segment is checked alone, as a document of its own, and its
// findings (and their wire form) are cached; after an edit only the
// segments around it are split and checked again. The result equals
// checking the whole document: TestIncrementalEqualsFull compares the two
// on random documents and edits.

// incrementalTuning sizes incremental analysis; a zero field takes its
// default. The server's comes from Options (tests lower the sizes).
type incrementalTuning struct {
	// min is the smallest document checked incrementally (default
	// defaultIncrementalMin): below it a whole check is as fast.
	min int64
	// batch is about how much text fillInBatches checks at once (default
	// 256 KiB): large enough to cost little per segment, small enough to
	// stop soon after a deadline.
	batch int64
	// coldMin is the fewest unchecked segments checked in batches (default
	// 64).
	coldMin int64
}

// defaultIncrementalMin is incrementalTuning.min's default.
const defaultIncrementalMin = 8 << 10

func (t incrementalTuning) withDefaults() incrementalTuning {
	if t.min == 0 {
		t.min = defaultIncrementalMin
	}
	if t.batch == 0 {
		t.batch = 256 << 10
	}
	if t.coldMin == 0 {
		t.coldMin = 64
	}
	return t
}

// segEntry is the analysis of one segment (or of a whole document).
type segEntry struct {
	text     string             // the segment ("" for a whole document)
	findings []analysis.Finding // offsets relative to the segment
	wire     []wireDiag         // findings[i] on the wire, lines relative to the segment

	// json is the last encoding of the entry's shown diagnostics, for a
	// base line and minimum severity: most keystrokes move no line.
	json atomic.Pointer[entryJSON]
}

type entryJSON struct {
	base   uint32
	minSev rules.Severity
	n      int // diagnostics in b
	b      []byte
	ends   []int // ends[i]: where the i-th diagnostic ends in b
}

// part is a segment of a document at an offset.
type part struct {
	start int
	entry *segEntry
}

// segCache is a document's last segmentation and its segments' analyses,
// for one engine and encoding.
type segCache struct {
	mu       sync.Mutex
	eng      *analysis.Engine
	kind     format.Kind
	enc      string
	text     []byte // the text last segmented (nil: none)
	minSplit int
	spans    []format.Span
	ents     []*segEntry
}

func (c *segCache) reset() {
	c.text, c.spans, c.ents = nil, nil, nil
}

// checkDocument checks text (whose line index is idx) and returns its
// findings by segment.
//
// A non-zero deadline stops checking at the first segment not checked by
// then (one segment is always checked), or, in a document checked whole, at
// the engine's next chunk; stop is the offset where checking stopped
// (len(text): it did not).
func checkDocument(c *segCache, tune incrementalTuning, eng *analysis.Engine, cfg *rules.Config, path string, kind format.Kind, text []byte, idx *lineIndex, enc string, deadline time.Time) (parts []part, stop int) {
	doc := analysis.Document{Path: path, RelPath: cfg.RelPath(path), Kind: kind}
	whole := func() ([]part, int) {
		doc.Text = text
		found, stop := eng.CheckUntil(doc, deadline)
		e := &segEntry{findings: found}
		e.wire = wireDiags(cfg, e.findings, idx, enc)
		return []part{{0, e}}, stop
	}
	// A config's ignore patterns may match across blank lines: such a
	// document is checked whole.
	tune = tune.withDefaults()
	if c == nil || int64(len(text)) < tune.min || !format.Segmentable(kind, path) || eng.HasIgnorePatterns() {
		if c != nil {
			c.mu.Lock()
			c.reset()
			c.mu.Unlock()
		}
		return whole()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.eng != eng || c.kind != kind || c.enc != enc {
		c.reset()
		c.eng, c.kind, c.enc = eng, kind, enc
	}
	// What rules out splitting can only have come with the change when the
	// previous text could be split: look around the change only.
	from, to := 0, len(text)
	if c.text != nil {
		p := commonPrefix(c.text, text)
		q := commonSuffix(c.text[p:], text[p:])
		from, to = max(0, p-32), min(len(text), len(text)-q+32)
	}
	if !format.Splittable(kind, text[from:to]) {
		c.reset()
		return whole()
	}
	minSplit := format.SplitFloor(kind, text)
	spans, ents, ok := c.rescan(text, minSplit)
	if !ok {
		c.reset()
		return whole()
	}
	checked := 0
	if coldCache(ents, tune.coldMin) {
		checked = fillInBatches(eng, doc, cfg, text, spans, ents, enc, deadline, int(tune.batch))
	}
	parts = make([]part, len(spans))
	stop = len(text)
	for i, sp := range spans {
		e := ents[i]
		if e == nil {
			// Past the deadline, stop; but check one segment each time, so
			// that the versions to come get further.
			if checked > 0 && !deadline.IsZero() && time.Now().After(deadline) {
				parts, stop = parts[:i], sp.Start
				break
			}
			checked++
			seg := text[sp.Start:sp.End]
			doc.Text = seg
			e = &segEntry{text: string(seg), findings: eng.Check(doc)}
			if len(e.findings) > 0 {
				e.wire = wireDiags(cfg, e.findings, newLineIndex(seg), enc)
			}
			ents[i] = e
		}
		parts[i] = part{sp.Start, e}
	}
	c.text, c.minSplit, c.spans, c.ents = text, minSplit, spans, ents
	return parts, stop
}

// coldCache reports whether most segments are unchecked (a document just
// opened, a config change): one check of the whole document is then much
// cheaper than one check per paragraph.
func coldCache(ents []*segEntry, coldMin int64) bool {
	missing := 0
	for _, e := range ents {
		if e == nil {
			missing++
		}
	}
	return int64(missing) >= coldMin && missing*2 >= len(ents)
}

// fillInBatches checks runs of unchecked segments a batch of consecutive
// segments at a time, and gives each segment its share of the batch's
// findings: a segment's findings do not depend on the text around it (the
// invariant the segmentation keeps), so a batch's findings are those of its
// segments. Should a finding cross a segment boundary, that batch's
// segments are left to be checked one by one. It stops at the deadline
// (after one batch), and returns how many batches it checked. size is
// incrementalTuning.batch.
func fillInBatches(eng *analysis.Engine, doc analysis.Document, cfg *rules.Config, text []byte, spans []format.Span, ents []*segEntry, enc string, deadline time.Time, size int) int {
	batches := 0
	for i := 0; i < len(spans); {
		if ents[i] != nil {
			i++
			continue
		}
		j := i + 1
		for j < len(spans) && ents[j] == nil && spans[j].End-spans[i].Start <= size {
			j++
		}
		if batches > 0 && !deadline.IsZero() && time.Now().After(deadline) {
			return batches
		}
		fillBatch(eng, doc, cfg, text, spans[i:j], ents[i:j], enc)
		batches++
		i = j
	}
	return batches
}

// fillBatch checks text from the first span's start to the last one's end
// and fills ents from the findings.
func fillBatch(eng *analysis.Engine, doc analysis.Document, cfg *rules.Config, text []byte, spans []format.Span, ents []*segEntry, enc string) {
	base := spans[0].Start
	doc.Text = text[base:spans[len(spans)-1].End]
	per := make([][]analysis.Finding, len(spans))
	k := 0
	for _, f := range eng.Check(doc) {
		f.Start += base
		f.End += base
		for k < len(spans) && spans[k].End <= f.Start {
			k++
		}
		if k == len(spans) || f.Start < spans[k].Start || f.End > spans[k].End {
			return
		}
		f.Start -= spans[k].Start
		f.End -= spans[k].Start
		per[k] = append(per[k], f)
	}
	for i, sp := range spans {
		seg := text[sp.Start:sp.End]
		e := &segEntry{text: string(seg), findings: per[i]}
		if len(e.findings) > 0 {
			e.wire = wireDiags(cfg, e.findings, newLineIndex(seg), enc)
		}
		ents[i] = e
	}
}

// rescan splits text, reusing the previous split (and its entries) outside
// the region that changed. Entries of new segments are nil.
func (c *segCache) rescan(text []byte, minSplit int) ([]format.Span, []*segEntry, bool) {
	if c.text == nil || c.minSplit != minSplit {
		// Split it all (front matter changed, say), reusing what we can.
		spans, _, ok := format.Split(c.kind, text, 0, minSplit, nil)
		ents := make([]*segEntry, len(spans))
		if ok && len(c.ents) > 0 {
			byText := make(map[string]*segEntry, len(c.ents))
			for _, e := range c.ents {
				if e != nil { // nil: not checked (time limit)
					byText[e.text] = e
				}
			}
			for i, sp := range spans {
				ents[i] = byText[string(text[sp.Start:sp.End])]
			}
		}
		return spans, ents, ok
	}
	old := c.text
	p := commonPrefix(old, text)
	q := commonSuffix(old[p:], text[p:])
	delta := len(text) - len(old)
	newEnd := len(text) - q
	// Restart at the last split point before the change: the split there
	// depended only on text before it.
	i := sort.Search(len(c.spans), func(i int) bool { return c.spans[i].Start >= p }) - 1
	from := 0
	if i > 0 {
		from = c.spans[i].Start
	} else {
		i = 0
	}
	// Stop at a split point after the change that was a split point
	// before it: from there on the text, and so the split, is the same.
	j := -1
	mid, stop, ok := format.Split(c.kind, text, from, minSplit, func(x int) bool {
		if x < newEnd {
			return false
		}
		k := sort.Search(len(c.spans), func(k int) bool { return c.spans[k].Start >= x-delta })
		if k < len(c.spans) && c.spans[k].Start == x-delta && k > i {
			j = k
			return true
		}
		return false
	})
	if !ok {
		return nil, nil, false
	}
	spans := make([]format.Span, 0, i+len(mid)+len(c.spans)-max(j, 0))
	ents := make([]*segEntry, 0, cap(spans))
	spans = append(spans, c.spans[:i]...)
	ents = append(ents, c.ents[:i]...)
	// New segments may repeat old ones of the changed region.
	oldEnd := len(c.spans)
	if stop >= 0 {
		oldEnd = j
	}
	byText := map[string]*segEntry{}
	for k := i; k < oldEnd; k++ {
		if e := c.ents[k]; e != nil { // nil: not checked (time limit)
			byText[e.text] = e
		}
	}
	for _, sp := range mid {
		spans = append(spans, sp)
		ents = append(ents, byText[string(text[sp.Start:sp.End])])
	}
	if stop >= 0 {
		for k := j; k < len(c.spans); k++ {
			spans = append(spans, format.Span{Start: c.spans[k].Start + delta, End: c.spans[k].End + delta})
			ents = append(ents, c.ents[k])
		}
	}
	return spans, ents, true
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+256 <= n && bytes.Equal(a[i:i+256], b[i:i+256]) {
		i += 256
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+256 <= n && bytes.Equal(a[len(a)-i-256:len(a)-i], b[len(b)-i-256:len(b)-i]) {
		i += 256
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}
