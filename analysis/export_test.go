package analysis

import (
	"time"

	"github.com/guardrail-dev/guardrail/rules"
)

// Shorthands for the tests (the external test package included): the
// server and the CLI call CompileWith, Check and transferCaseIn.

// Compile builds an engine for rs with DefaultOptions.
func Compile(rs []*rules.Rule) (*Engine, error) {
	return CompileWith(rs, DefaultOptions)
}

// CheckScoped is Check on a document already scoped.
func (e *Engine) CheckScoped(doc Document, sc Scoped) []Finding {
	f, _ := e.check(doc, &sc, time.Time{})
	return f
}

// transferCase is transferCaseIn at the start of a sentence.
func transferCase(match, written, approved string) string {
	return transferCaseIn(match, written, approved, titleContext{sentenceStart: true})
}
