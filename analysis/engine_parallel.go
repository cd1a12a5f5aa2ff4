package analysis

import (
	"github.com/guardrail-dev/guardrail/analysis/format"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// One large document on several cores: a Markdown or plain-text document
// of parallelMin bytes or more that splits into parts (engine_split.go) is
// scoped and checked part by part on up to GOMAXPROCS cores, and the
// parts' findings are joined in document order with their offsets moved
// back into the document. The findings are those of checking it whole,
// byte for byte.

// parallelMin is the smallest document checked in parts. Below it the
// parts would cost more in set-up than they save; measured with
// BenchmarkCheckParts (go test ./analysis -bench CheckParts).
var parallelMin = 192 << 10

// partMin is the smallest part.
var partMin = 48 << 10

// partsPerCore is how many parts each core gets, about: more than one, so
// that a core slowed by other work on the machine does not hold the rest
// back.
const partsPerCore = 8

// cores is the number of cores parts are planned for: GOMAXPROCS
// (benchmarks that count instructions on one core set more).
var cores = func() int { return runtime.GOMAXPROCS(0) }

// planParts returns the parts doc is checked in, or nil to check it whole:
// too small, one core, a kind or text that does not split, or [ignore]
// patterns (which may match across blank lines).
func (o *Options) planParts(doc Document, kind format.Kind) []srcRange {
	procs := cores()
	if procs < 2 || len(doc.Text) < parallelMin || !format.Segmentable(kind, doc.Path) || o.hasIgnores() {
		return nil
	}
	if !format.Splittable(kind, doc.Text) {
		return nil
	}
	size := max(partMin, len(doc.Text)/(procs*partsPerCore))
	return splitParts(doc.Text, kind == format.KindMarkdown, size)
}

// partDoc is part p of doc as a document of its own.
func partDoc(doc Document, p srcRange) Document {
	doc.Text = doc.Text[p.Start:p.End]
	return doc
}

// helpers counts the goroutines checking parts besides their callers,
// across the process: at most GOMAXPROCS-1, so that files checked on
// every core (a tree) and their parts do not pile up goroutines.
var helpers atomic.Int32

// onParts calls do(i) for each of n parts, on the calling goroutine and
// on as many helpers as are free (at most GOMAXPROCS-1 in the process),
// each taking the next part not yet taken.
func onParts(n int, do func(i int)) {
	var next atomic.Int32
	work := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				return
			}
			do(i)
		}
	}
	limit := int32(runtime.GOMAXPROCS(0) - 1)
	var wg sync.WaitGroup
	for k := 1; k < n; k++ {
		h := helpers.Add(1)
		if h > limit {
			helpers.Add(-1)
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer helpers.Add(-1)
			work()
		}()
	}
	work()
	wg.Wait()
}

// partResult is what checking one part found, in the part's offsets.
type partResult struct {
	found   []Finding
	stop    int // where checking stopped in the part (its length: it did not)
	skipped bool
}

// checkParts checks doc in parts (scs[i] is part i scoped, or nil to scope
// it here) and joins the findings as check would return them for the
// whole document. Past the deadline (zero: none) parts not yet begun are
// left out, as whole checking leaves out chunks (the first part is always
// checked); stop is the source offset where checking stopped.
func (e *Engine) checkParts(doc Document, kind format.Kind, parts []srcRange, scs []*format.Scoped, deadline time.Time) ([]Finding, int) {
	res := make([]partResult, len(parts))
	onParts(len(parts), func(i int) {
		if i > 0 && !deadline.IsZero() && now().After(deadline) {
			res[i].skipped = true
			return
		}
		pd := partDoc(doc, parts[i])
		var sc *format.Scoped
		if scs != nil {
			sc = scs[i]
		}
		if sc == nil && (kind != format.KindText || e.opts.hasIgnores()) {
			s := e.scope(kind, pd.Path, pd.Text)
			sc = &s
		}
		res[i].found, res[i].stop = e.check(pd, sc, deadline)
	})
	return joinParts(doc.Text, parts, res)
}

// joinParts joins the parts' findings in document order, moving their
// offsets into the document, up to the first part that stopped early or
// was skipped; stopped early, no suppression is reported unused (the
// finding it suppresses may lie past the stop), as in whole checking.
func joinParts(src []byte, parts []srcRange, res []partResult) ([]Finding, int) {
	stop := len(src)
	n := 0
	// Checked whole, the findings are an empty list, not nil, when some
	// match was found but none is reported (suppressed, say): so they
	// are when a part's are.
	empty := false
	for i, r := range res {
		if r.skipped {
			stop = parts[i].Start
			break
		}
		n += len(r.found)
		empty = empty || r.found != nil
		if r.stop < parts[i].End-parts[i].Start {
			stop = parts[i].Start + r.stop
			break
		}
	}
	var out []Finding
	if n > 0 || empty {
		out = make([]Finding, 0, n)
	}
	for i, r := range res {
		if parts[i].Start >= stop {
			break
		}
		base := parts[i].Start
		for _, f := range r.found {
			if stop < len(src) && f.Rule == UnusedSuppressionRule {
				continue
			}
			f.Start += base
			f.End += base
			out = append(out, f)
		}
	}
	return out, stop
}
