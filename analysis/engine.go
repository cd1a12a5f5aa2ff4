package analysis

import "github.com/guardrail-dev/guardrail/rules"

// Engine is a compiled set of rules. It is safe for concurrent use.
type Engine struct {
	rules []*rules.Rule
}

// Document is one document to check.
type Document struct {
	// Path picks the file type (by extension) unless Kind is set.
	Path string
	// RelPath is the path matched against rules' `files` globs: the
	// document's path relative to the project root, with forward slashes.
	RelPath string
	Text    []byte
	// Kind overrides detection from Path when not KindNone.
	Kind Kind
}

// Compile builds an engine for rs. Rules are assumed valid (rules package
// validation); Compile still reports a regex that fails to compile.
func Compile(rs []*rules.Rule) (*Engine, error) {
	return &Engine{rules: rs}, nil
}

// Rules returns the engine's rules.
func (e *Engine) Rules() []*rules.Rule { return e.rules }

// Check returns the document's findings sorted by start offset, then rule id.
func (e *Engine) Check(doc Document) []Finding {
	return nil // TODO(engine): being written
}
