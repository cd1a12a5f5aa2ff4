package analysis

import (
	"time"

	"github.com/guardrail-dev/guardrail/analysis/format"
)

// Shorthands for the tests: the server and the CLI call Check and
// transferCaseIn.

// CheckScoped is Check on a document already scoped.
func (e *Engine) CheckScoped(doc Document, sc format.Scoped) []Finding {
	f, _ := e.check(doc, &sc, time.Time{})
	return f
}

// transferCase is transferCaseIn at the start of a sentence.
func transferCase(match, written, approved string) string {
	return transferCaseIn(match, written, approved, titleContext{sentenceStart: true})
}
