package server

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// Incremental analysis. A keystroke changes one paragraph of a large
// document; checking the whole document again costs milliseconds per
// 100 KB. Markdown and plain text split into segments at blank lines where
// no construct continues across them, and findings never depend on text in
// another segment: chunks, sentences and matches stay inside a block, and
// the only cross-block effects — block suppression directives
// (guardrail-disable … guardrail-enable), link reference definitions,
// fenced code and HTML blocks that contain blank lines, front matter,
// container blocks continued by indented lines — are either kept inside a
// segment or make the document fall back to a whole check. Each segment is
// checked alone, as a document of its own, and its findings (and their
// wire form) are cached; after an edit only the segments around it are
// split and checked again. The result equals checking the whole document:
// TestIncrementalEqualsFull compares the two on random documents and
// edits.

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

// span is a byte range.
type span struct{ start, end int }

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
	spans    []span
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
	if c == nil || int64(len(text)) < tune.min || !segmentableKind(path, kind) || eng.HasIgnorePatterns() {
		if c != nil {
			c.mu.Lock()
			c.reset()
			c.mu.Unlock()
		}
		return whole()
	}
	markdown := kind == format.KindMarkdown

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
	if !splittable(markdown, text[from:to]) {
		c.reset()
		return whole()
	}
	minSplit := 0
	if markdown {
		minSplit = format.FrontMatterEnd(text)
	}
	spans, ents, ok := c.rescan(text, markdown, minSplit)
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
				parts, stop = parts[:i], sp.start
				break
			}
			checked++
			seg := text[sp.start:sp.end]
			doc.Text = seg
			e = &segEntry{text: string(seg), findings: eng.Check(doc)}
			if len(e.findings) > 0 {
				e.wire = wireDiags(cfg, e.findings, newLineIndex(seg), enc)
			}
			ents[i] = e
		}
		parts[i] = part{sp.start, e}
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
func fillInBatches(eng *analysis.Engine, doc analysis.Document, cfg *rules.Config, text []byte, spans []span, ents []*segEntry, enc string, deadline time.Time, size int) int {
	batches := 0
	for i := 0; i < len(spans); {
		if ents[i] != nil {
			i++
			continue
		}
		j := i + 1
		for j < len(spans) && ents[j] == nil && spans[j].end-spans[i].start <= size {
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
func fillBatch(eng *analysis.Engine, doc analysis.Document, cfg *rules.Config, text []byte, spans []span, ents []*segEntry, enc string) {
	base := spans[0].start
	doc.Text = text[base:spans[len(spans)-1].end]
	per := make([][]analysis.Finding, len(spans))
	k := 0
	for _, f := range eng.Check(doc) {
		f.Start += base
		f.End += base
		for k < len(spans) && spans[k].end <= f.Start {
			k++
		}
		if k == len(spans) || f.Start < spans[k].start || f.End > spans[k].end {
			return
		}
		f.Start -= spans[k].start
		f.End -= spans[k].start
		per[k] = append(per[k], f)
	}
	for i, sp := range spans {
		seg := text[sp.start:sp.end]
		e := &segEntry{text: string(seg), findings: per[i]}
		if len(e.findings) > 0 {
			e.wire = wireDiags(cfg, e.findings, newLineIndex(seg), enc)
		}
		ents[i] = e
	}
}

// rescan splits text, reusing the previous split (and its entries) outside
// the region that changed. Entries of new segments are nil.
func (c *segCache) rescan(text []byte, markdown bool, minSplit int) ([]span, []*segEntry, bool) {
	if c.text == nil || c.minSplit != minSplit {
		// Split it all (front matter changed, say), reusing what we can.
		spans, _, ok := splitFrom(text, markdown, 0, minSplit, nil)
		ents := make([]*segEntry, len(spans))
		if ok && len(c.ents) > 0 {
			byText := make(map[string]*segEntry, len(c.ents))
			for _, e := range c.ents {
				if e != nil { // nil: not checked (time limit)
					byText[e.text] = e
				}
			}
			for i, sp := range spans {
				ents[i] = byText[string(text[sp.start:sp.end])]
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
	i := sort.Search(len(c.spans), func(i int) bool { return c.spans[i].start >= p }) - 1
	from := 0
	if i > 0 {
		from = c.spans[i].start
	} else {
		i = 0
	}
	// Stop at a split point after the change that was a split point
	// before it: from there on the text, and so the split, is the same.
	j := -1
	mid, stop, ok := splitFrom(text, markdown, from, minSplit, func(x int) bool {
		if x < newEnd {
			return false
		}
		k := sort.Search(len(c.spans), func(k int) bool { return c.spans[k].start >= x-delta })
		if k < len(c.spans) && c.spans[k].start == x-delta && k > i {
			j = k
			return true
		}
		return false
	})
	if !ok {
		return nil, nil, false
	}
	spans := make([]span, 0, i+len(mid)+len(c.spans)-max(j, 0))
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
		ents = append(ents, byText[string(text[sp.start:sp.end])])
	}
	if stop >= 0 {
		for k := j; k < len(c.spans); k++ {
			spans = append(spans, span{c.spans[k].start + delta, c.spans[k].end + delta})
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

// segmentableKind reports whether documents of this kind and path may be
// split.
func segmentableKind(path string, kind format.Kind) bool {
	switch kind {
	case format.KindText:
		return true
	case format.KindMarkdown:
		return !strings.EqualFold(filepath.Ext(path), ".mdx")
	}
	return false
}

// splittable reports whether text holds nothing that rules out splitting:
// "\r", block suppression directives, and in Markdown "]:" (maybe a link
// reference definition, which links anywhere may use), "{{<" and "{%"
// (template tags whose bodies are skipped, which may pair across blank
// lines: analysis/format/markdown_template.go).
func splittable(markdown bool, text []byte) bool {
	if bytes.IndexByte(text, '\r') >= 0 || hasBlockDirective(text) {
		return false
	}
	return !markdown || !bytes.Contains(text, []byte("]:")) && !bytes.Contains(text, []byte("{{<")) && !bytes.Contains(text, []byte("{%"))
}

// splitFrom splits text into segments from offset from (a line start
// where no construct is open) at blank lines that no construct continues
// across. When stopAt accepts a split point x, it stops there and returns
// the segments before x and x; otherwise it returns every segment to the
// end and -1. ok is false when the document must be checked whole.
func splitFrom(text []byte, markdown bool, from, minSplit int, stopAt func(x int) bool) (spans []span, stop int, ok bool) {
	var (
		segStart   = from
		blankStart = -1
		// An open fenced code block or HTML block of types 1-5 (which may
		// hold blank lines), and the indentation of its opening line.
		fenceChar byte
		fenceLen  int
		htmlEnd   []string
		openInd   int
		// html67 is set from a line starting with '<' up to the next
		// blank line: maybe an HTML block of type 6 or 7, in which a
		// fence-like line is not a fence.
		html67 bool
	)
	for ls := from; ls < len(text); {
		le := bytes.IndexByte(text[ls:], '\n')
		next := len(text)
		if le < 0 {
			le = len(text)
		} else {
			le += ls
			next = le + 1
		}
		line := text[ls:le]
		if isBlankLine(line) {
			if blankStart < 0 {
				blankStart = ls
			}
			html67 = false
			ls = next
			continue
		}
		if blankStart >= 0 {
			// A segment is checked as a document of its own, so it must
			// not start with what would be front matter at the top of one.
			if fenceChar == 0 && htmlEnd == nil && ls > minSplit && line[0] != ' ' && line[0] != '\t' &&
				!(markdown && (line[0] == '-' || line[0] == '+') && format.FrontMatterEnd(text[ls:]) > 0) {
				spans = append(spans, span{segStart, blankStart})
				if stopAt != nil && stopAt(ls) {
					return spans, ls, true
				}
				segStart = ls
			}
			blankStart = -1
		}
		if markdown {
			ind, t := indentation(line)
			switch {
			case fenceChar != 0 || htmlEnd != nil:
				// A line indented less than the opening line may close a
				// container (a list item) and the block with it, or be
				// content of a top-level block: a parser question.
				if ind < openInd {
					return nil, -1, false
				}
				if fenceChar != 0 && ind <= 3 && isClosingFence(t, fenceChar, fenceLen) {
					fenceChar = 0
				} else if htmlEnd != nil && containsAnyFold(line, htmlEnd) {
					htmlEnd = nil
				}
			case ind <= 3:
				c, n, end := blockOpener(t)
				if (c != 0 || end != nil) && html67 {
					return nil, -1, false
				}
				if c != 0 || end != nil {
					fenceChar, fenceLen, htmlEnd, openInd = c, n, end, ind
				} else if len(t) > 0 && t[0] == '<' {
					html67 = true
				}
			}
		}
		ls = next
	}
	if fenceChar != 0 || htmlEnd != nil {
		return nil, -1, false // open to the end: let the parser decide
	}
	spans = append(spans, span{segStart, len(text)})
	return spans, -1, true
}

// indentation returns a line's indentation in columns (tabs to multiples
// of 4) and the line after it.
func indentation(line []byte) (int, []byte) {
	n, i := 0, 0
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n, line[i:]
		}
	}
	return n, nil
}

func isBlankLine(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// hasBlockDirective reports whether text may hold guardrail-disable or
// guardrail-enable (not the -line and -next-line forms), whose effect
// spans blocks.
func hasBlockDirective(text []byte) bool {
	if bytes.Contains(text, []byte("guardrail-enable")) {
		return true
	}
	for rest := text; ; {
		i := bytes.Index(rest, []byte("guardrail-disable"))
		if i < 0 {
			return false
		}
		rest = rest[i+len("guardrail-disable"):]
		if !bytes.HasPrefix(rest, []byte("-line")) && !bytes.HasPrefix(rest, []byte("-next-line")) {
			return true
		}
	}
}

// blockOpener recognises a line (after its indentation of at most three
// columns) that opens a fenced code block or an HTML block that may
// contain blank lines (CommonMark HTML block types 1-5) and does not close
// on the same line.
func blockOpener(t []byte) (fenceChar byte, fenceLen int, htmlEnd []string) {
	if len(t) == 0 {
		return 0, 0, nil
	}
	if c := t[0]; c == '`' || c == '~' {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 && !(c == '`' && bytes.IndexByte(t[n:], '`') >= 0) {
			return c, n, nil
		}
		return 0, 0, nil
	}
	if t[0] != '<' {
		return 0, 0, nil
	}
	lower := bytes.ToLower(t)
	var end []string
	switch {
	case bytes.HasPrefix(lower, []byte("<!--")):
		end = []string{"-->"}
		lower = lower[4:]
	case bytes.HasPrefix(lower, []byte("<![cdata[")):
		end = []string{"]]>"}
	case bytes.HasPrefix(lower, []byte("<?")):
		end = []string{"?>"}
	case len(lower) > 2 && lower[1] == '!' && lower[2] >= 'a' && lower[2] <= 'z':
		end = []string{">"}
	default:
		for _, tag := range []string{"script", "pre", "style", "textarea"} {
			if bytes.HasPrefix(lower[1:], []byte(tag)) {
				rest := lower[1+len(tag):]
				if len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '>' {
					end = []string{"</script>", "</pre>", "</style>", "</textarea>"}
				}
			}
		}
	}
	if end == nil || containsAnyFold(lower, end) {
		return 0, 0, nil
	}
	return 0, 0, end
}

// isClosingFence reports whether t (a line after its indentation) closes
// a fence of n characters c.
func isClosingFence(t []byte, c byte, n int) bool {
	k := 0
	for k < len(t) && t[k] == c {
		k++
	}
	return k >= n && isBlankLine(t[k:])
}

func containsAnyFold(line []byte, subs []string) bool {
	lower := bytes.ToLower(line)
	for _, s := range subs {
		if bytes.Contains(lower, []byte(s)) {
			return true
		}
	}
	return false
}
