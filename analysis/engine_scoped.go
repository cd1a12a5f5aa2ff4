package analysis

import (
	"time"

	"github.com/guardrail-dev/guardrail/analysis/format"
)

// Scoping a document does not depend on the rules, only on a config's
// scoping options, so it can run while the engine that will check it is
// still being compiled: the CLI scopes the first file on one core while
// it compiles the rules on another.

// ScopeFor scopes doc as an engine compiled with opts would, or returns
// nil for a document such an engine does not scope (plain text without
// [ignore] patterns, which is normalised straight from its lines; an
// unknown kind; a document over MaxDocumentSize).
func ScopeFor(doc Document, opts Options) *format.Scoped {
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	if kind == format.KindNone || len(doc.Text) > MaxDocumentSize || kind == format.KindText && !opts.hasIgnores() {
		return nil
	}
	sc := (&Engine{opts: opts}).scope(kind, doc.Path, doc.Text)
	return &sc
}

// CheckPrescoped is Check given sc = ScopeFor(doc, the options e was
// compiled with), computed beforehand (a nil sc is computed here when
// Check would need it); the findings are Check's.
func (e *Engine) CheckPrescoped(doc Document, sc *format.Scoped) []Finding {
	kind := doc.Kind
	if kind == format.KindNone {
		kind = format.KindOf(doc.Path)
	}
	if kind == format.KindNone || len(doc.Text) > MaxDocumentSize {
		return nil
	}
	if kind == format.KindText && !e.opts.hasIgnores() {
		f, _ := e.check(doc, nil, time.Time{})
		return f
	}
	if sc == nil {
		s := e.scope(kind, doc.Path, doc.Text)
		sc = &s
	}
	f, _ := e.check(doc, sc, time.Time{})
	return f
}
