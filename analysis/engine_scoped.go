package analysis

import (
	"time"

	"github.com/guardrail-dev/guardrail/analysis/format"
)

// Scoping a document does not depend on the rules, only on a config's
// scoping options, so it can run while the engine that will check it is
// still being compiled: the CLI scopes the first file on one core while
// it compiles the rules on another (StartScope), and a large document's
// parts are checked as soon as each is scoped once the engine has come
// (engine_pipeline.go).

// Prescoped is a document scoped beforehand for CheckPrescoped: whole, or
// in parts when it is checked in parts (engine_parallel.go).
type Prescoped struct {
	planned chan struct{}  // closed once whole and run are set
	whole   *format.Scoped // scoped whole (nil: plain text, never scoped)
	run     *partRun       // non-nil: checked in parts (engine_pipeline.go)
}

// ScopeFor scopes doc as an engine compiled with opts would, or returns
// nil for a document such an engine does not check (an unknown kind; a
// document over MaxDocumentSize). A large document split into parts is
// returned as soon as its parts are known, their scoping under way on
// other goroutines.
func ScopeFor(doc Document, opts Options) *Prescoped {
	p := StartScope(doc, opts)
	p.wait()
	return p
}

// StartScope is ScopeFor returning at once, the document scoped on another
// goroutine meanwhile.
func StartScope(doc Document, opts Options) *Prescoped {
	return StartScopePlanned(doc, opts, nil)
}

// StartScopePlanned is StartScope taking the document's parts from plan
// (nil: none) when it was made for the same text, path and kind and opts
// have no [ignore] patterns (with which a document is checked whole);
// otherwise the parts are planned here. Scoping waits for the plan.
func StartScopePlanned(doc Document, opts Options, plan *Plan) *Prescoped {
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	if kind == format.KindNone || len(doc.Text) > MaxDocumentSize {
		return nil
	}
	p := &Prescoped{planned: make(chan struct{})}
	go func() {
		parts, ok := plan.partsFor(doc, kind)
		if !ok || opts.hasIgnores() {
			parts = opts.planParts(doc, kind)
		}
		if parts == nil {
			if kind != format.KindText || opts.hasIgnores() {
				sc := (&Engine{opts: opts}).scope(kind, doc.Path, doc.Text)
				p.whole = &sc
			}
			close(p.planned)
			return
		}
		// This goroutine goes on as the first of the workers that scope
		// the parts, and check them once the engine has come.
		p.run = newPartRun(doc, opts, parts)
		p.run.wg.Add(1)
		close(p.planned)
		defer p.run.wg.Done()
		p.run.startHelpers()
		p.run.work()
	}()
	return p
}

// Plan is where a document splits into parts, planned before its config
// is known (the CLI reads and plans its one document while it loads the
// config): the parts for options without [ignore] patterns.
type Plan struct {
	done  chan struct{} // closed once Make has run
	path  string
	kind  format.Kind
	text  []byte
	parts []srcRange
}

// NewPlan returns a plan to be made (Make) on some goroutine and used by
// StartScopePlanned on another.
func NewPlan() *Plan { return &Plan{done: make(chan struct{})} }

// Make plans doc's parts. Every plan must be made once, for a document
// or for none (an empty Document{}), or StartScopePlanned waits for ever.
func (pl *Plan) Make(doc Document) {
	defer close(pl.done)
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	if kind == format.KindNone || len(doc.Text) > MaxDocumentSize {
		return
	}
	pl.path, pl.kind, pl.text = doc.Path, kind, doc.Text
	pl.parts = (&Options{}).planParts(doc, kind)
}

// partsFor waits for the plan and returns its parts (nil: whole) when it
// was made for doc's text, path and kind; ok is false when not.
func (pl *Plan) partsFor(doc Document, kind format.Kind) (parts []srcRange, ok bool) {
	if pl == nil {
		return nil, false
	}
	<-pl.done
	same := len(pl.text) == len(doc.Text) && (len(doc.Text) == 0 || &pl.text[0] == &doc.Text[0])
	if !same || pl.path != doc.Path || pl.kind != kind {
		return nil, false
	}
	return pl.parts, true
}

// wait waits until p's scoping is planned (a nil p: nothing to wait for).
func (p *Prescoped) wait() {
	if p != nil && p.planned != nil {
		<-p.planned
	}
}

// CheckPrescoped is Check given p = ScopeFor(doc, the options e was
// compiled with) or StartScope's, computed beforehand (a nil p is
// computed here when Check would need it); the findings are Check's.
func (e *Engine) CheckPrescoped(doc Document, p *Prescoped) []Finding {
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	if kind == format.KindNone || len(doc.Text) > MaxDocumentSize {
		return nil
	}
	if p == nil {
		return e.Check(doc)
	}
	p.wait()
	if p.run != nil {
		return p.run.check(e)
	}
	if kind == format.KindText && !e.opts.hasIgnores() {
		f, _ := e.check(doc, nil, time.Time{})
		return f
	}
	sc := p.whole
	if sc == nil {
		s := e.scope(kind, doc.Path, doc.Text)
		sc = &s
	}
	f, _ := e.check(doc, sc, time.Time{})
	return f
}

// Whole is the document scoped whole: nil for plain text, a kind the
// engine does not check (a nil p), or a document checked in parts.
func (p *Prescoped) Whole() *format.Scoped {
	if p == nil {
		return nil
	}
	p.wait()
	return p.whole
}

// Parts is the number of parts the document is checked in (0: whole).
func (p *Prescoped) Parts() int {
	if p == nil {
		return 0
	}
	p.wait()
	if p.run == nil {
		return 0
	}
	return len(p.run.parts)
}
