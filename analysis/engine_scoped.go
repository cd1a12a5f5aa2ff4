package analysis

import "time"

// Scoping a document does not depend on the rules, so it can run while
// the engine that will check it is still being compiled: the CLI scopes
// the first file on one core while it compiles the rules on another.

// ScopeFor scopes doc as Check would, or returns nil for a document Check
// does not scope (plain text, which is normalised straight from its
// lines; an unknown kind; a document over MaxDocumentSize).
func ScopeFor(doc Document) *Scoped {
	kind := doc.Kind
	if kind == KindNone {
		kind = KindOf(doc.Path)
	}
	if kind == KindNone || kind == KindText || len(doc.Text) > MaxDocumentSize {
		return nil
	}
	sc := ScopeDocument(kind, doc.Path, doc.Text)
	return &sc
}

// CheckPrescoped is Check given sc = ScopeFor(doc), computed beforehand (a
// nil sc is computed here when Check would need it); the findings are
// Check's.
func (e *Engine) CheckPrescoped(doc Document, sc *Scoped) []Finding {
	kind := doc.Kind
	if kind == KindNone {
		kind = KindOf(doc.Path)
	}
	if kind == KindNone || len(doc.Text) > MaxDocumentSize {
		return nil
	}
	if kind == KindText {
		f, _ := e.check(doc, nil, time.Time{})
		return f
	}
	if sc == nil {
		sc = ScopeFor(doc)
	}
	f, _ := e.check(doc, sc, time.Time{})
	return f
}
