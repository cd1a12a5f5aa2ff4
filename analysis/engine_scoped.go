package analysis

import (
	"time"

	"github.com/guardrail-dev/guardrail/analysis/format"
)

// Scoping a document does not depend on the rules, only on a config's
// scoping options, so it can run while the engine that will check it is
// still being compiled: the CLI scopes the first file on one core while
// it compiles the rules on another.

// Prescoped is a document scoped beforehand for CheckPrescoped: whole, or
// in parts when it is checked in parts (engine_parallel.go).
type Prescoped struct {
	whole *format.Scoped   // scoped whole (nil: plain text, never scoped)
	parts []srcRange       // non-nil: checked in these parts
	scs   []*format.Scoped // scs[i]: part i scoped (nil: plain text)
}

// ScopeFor scopes doc as an engine compiled with opts would, or returns
// nil for a document such an engine does not check (an unknown kind; a
// document over MaxDocumentSize). A large document is scoped in parts on
// several cores.
func ScopeFor(doc Document, opts Options) *Prescoped {
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	if kind == format.KindNone || len(doc.Text) > MaxDocumentSize {
		return nil
	}
	e := &Engine{opts: opts}
	if parts := opts.planParts(doc, kind); parts != nil {
		return &Prescoped{parts: parts, scs: e.scopeParts(doc, kind, parts)}
	}
	if kind == format.KindText && !opts.hasIgnores() {
		return &Prescoped{}
	}
	sc := e.scope(kind, doc.Path, doc.Text)
	return &Prescoped{whole: &sc}
}

// CheckPrescoped is Check given p = ScopeFor(doc, the options e was
// compiled with), computed beforehand (a nil p is computed here when
// Check would need it); the findings are Check's.
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
	if p.parts != nil {
		f, _ := e.checkParts(doc, kind, p.parts, p.scs, time.Time{})
		return f
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
	return p.whole
}

// Parts is the number of parts the document is checked in (0: whole).
func (p *Prescoped) Parts() int {
	if p == nil {
		return 0
	}
	return len(p.parts)
}
