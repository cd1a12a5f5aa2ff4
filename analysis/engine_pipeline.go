package analysis

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardrail-dev/guardrail/analysis/format"
)

// A large document scoped before its engine is ready (StartScope) is
// checked as a pipeline of parts, with no barrier between scoping and
// checking: each worker takes the next part, scopes it, and checks it
// right away if the engine has come (the part still in its core's
// cache); a part scoped before that waits in a queue for the first free
// worker once the engine has come. The goroutine that will check the
// document joins the workers as soon as its engine is loaded, and the
// findings are joined in document order when the last part is checked.

// partRun is one document's parts on their way through the pipeline.
type partRun struct {
	doc    Document
	kind   format.Kind // Markdown or plain text (not scoped)
	scoper *Engine     // opts only: what scoping needs
	parts  []srcRange
	scs    []*format.Scoped // part i scoped, until it is checked
	res    []partResult

	next atomic.Int32   // the next part not yet taken
	wg   sync.WaitGroup // the workers but the one checking

	mu      sync.Mutex
	eng     *Engine // the engine checking the parts (nil: not yet come)
	pending []int   // parts scoped before the engine came, to check
}

func newPartRun(doc Document, opts Options, parts []srcRange) *partRun {
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	return &partRun{
		doc:    doc,
		kind:   kind,
		scoper: &Engine{opts: opts},
		parts:  parts,
		scs:    make([]*format.Scoped, len(parts)),
		res:    make([]partResult, len(parts)),
	}
}

// startHelpers starts workers besides the first one and the one that will
// check, so that all of GOMAXPROCS work once the engine has come: none on
// two cores, and never more helpers in the process than onParts allows.
func (r *partRun) startHelpers() {
	procs := runtime.GOMAXPROCS(0)
	limit := int32(procs - 1)
	for k := 0; k < procs-2 && k < len(r.parts)-1; k++ {
		if helpers.Add(1) > limit {
			helpers.Add(-1)
			return
		}
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer helpers.Add(-1)
			r.work()
		}()
	}
}

// work scopes and checks parts until none is left to take: a part scoped
// before the engine came is left in pending, checked by the first worker
// free once it has come.
func (r *partRun) work() {
	for {
		r.mu.Lock()
		if eng := r.eng; eng != nil && len(r.pending) > 0 {
			i := r.pending[0]
			r.pending = r.pending[1:]
			r.mu.Unlock()
			r.checkPart(eng, i)
			continue
		}
		r.mu.Unlock()
		i := int(r.next.Add(1)) - 1
		if i >= len(r.parts) {
			return
		}
		// planParts leaves a document with [ignore] patterns whole, so
		// plain text is not scoped.
		if r.kind != format.KindText {
			sc := r.scoper.scope(r.kind, r.doc.Path, r.doc.Text[r.parts[i].Start:r.parts[i].End])
			r.scs[i] = &sc
		}
		r.mu.Lock()
		eng := r.eng
		if eng == nil {
			r.pending = append(r.pending, i)
		}
		r.mu.Unlock()
		if eng != nil {
			r.checkPart(eng, i)
		}
	}
}

// checkPart checks part i, scoped, with eng.
func (r *partRun) checkPart(eng *Engine, i int) {
	sc := r.scs[i]
	r.scs[i] = nil
	r.res[i].found, r.res[i].stop = eng.check(partDoc(r.doc, r.parts[i]), sc, time.Time{})
}

// check hands the parts eng (compiled with the options they were scoped
// with), works on them until every part is checked, and returns the
// document's findings. Checked once more (with the same engine or
// another), the parts are checked afresh.
func (r *partRun) check(eng *Engine) []Finding {
	r.mu.Lock()
	again := r.eng != nil
	if !again {
		r.eng = eng
	}
	r.mu.Unlock()
	if again {
		r.wg.Wait()
		f, _ := eng.checkParts(r.doc, r.kind, r.parts, nil, time.Time{})
		return f
	}
	r.work()
	r.wg.Wait()
	f, _ := joinParts(r.doc.Text, r.parts, r.res)
	return f
}
