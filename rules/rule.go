// Package rules defines guardrail's rule format: the TOML schema of packs and
// configs, their loading and validation, config discovery and the built-in
// packs.
package rules

import (
	"fmt"
	"strings"
)

// Severity orders findings. The zero value is SeverityOff.
type Severity int

const (
	SeverityOff Severity = iota
	SeverityHint
	SeverityInfo
	SeverityWarning
	SeverityError
)

// String returns the TOML spelling of s.
func (s Severity) String() string {
	switch s {
	case SeverityHint:
		return "hint"
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "off"
}

// ParseSeverity reads a severity name; "off" is accepted only when allowOff.
func ParseSeverity(s string, allowOff bool) (Severity, error) {
	switch strings.ToLower(s) {
	case "hint":
		return SeverityHint, nil
	case "info", "information":
		return SeverityInfo, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	case "off":
		if allowOff {
			return SeverityOff, nil
		}
	}
	if allowOff {
		return 0, fmt.Errorf("unknown severity %q (want error, warning, info, hint or off)", s)
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info or hint)", s)
}

// Scope is a set of kinds of text a rule applies to, and the kind of one
// piece of checked text.
type Scope uint8

const (
	// ScopeProse is body text: Markdown, HTML and plain-text paragraphs,
	// list items, table cells, link and alt text, front-matter title and
	// description, and string values of JSON/YAML catalogs.
	ScopeProse Scope = 1 << iota
	// ScopeHeadings is headings only (a heading is also prose).
	ScopeHeadings
	// ScopeComments is code comments, docstrings included.
	ScopeComments
	// ScopeStrings is string literals in code.
	ScopeStrings
)

// DefaultScopes is what a rule without `scopes` applies to.
const DefaultScopes = ScopeProse | ScopeComments

// ParseScope reads one scope name.
func ParseScope(s string) (Scope, error) {
	switch s {
	case "prose":
		return ScopeProse, nil
	case "headings":
		return ScopeHeadings, nil
	case "comments":
		return ScopeComments, nil
	case "strings":
		return ScopeStrings, nil
	}
	return 0, fmt.Errorf("unknown scope %q (want prose, comments, strings or headings)", s)
}

// Position is a place in a rule or config file. Line and Column are 1-based;
// Column counts Unicode code points. A zero Line means "the whole file".
type Position struct {
	File   string
	Line   int
	Column int
}

func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Error is a problem in a rule or config file, at a position.
type Error struct {
	Pos Position
	Msg string
	// Warning marks a problem that does not stop the config from loading
	// (for example an unknown rule id in [severity]).
	Warning bool
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Example is one [[rule.example]]: Bad must be flagged by its rule and fixed
// to Good; Good must pass. File, when set, names the file type to check the
// example as (its extension picks the type); the default is Markdown.
type Example struct {
	Bad  string
	Good string
	File string
	Pos  Position
}

// Rule is one [[rule]] as loaded, with severity overrides applied.
type Rule struct {
	ID            string
	Message       string
	Severity      Severity
	Restricted    []string
	Approved      []string
	Patterns      []string
	CaseSensitive bool
	Inflect       bool
	When          []string
	Unless        []string
	Files         []string // doublestar globs, matched against the document path relative to Config.Root
	Scopes        Scope    // never zero after loading: DefaultScopes when unset
	Rationale     string
	Link          string
	Examples      []Example

	// Kind is term (the default) or claim; a rule without `kind` takes
	// its file's [pack] kind. Context limits where When/Unless terms count
	// (the sentence by default). See kind.go.
	Kind    RuleKind
	Context Context
	kindSet bool // kind written on the rule itself

	// Fix is what may be done with the approved phrases: applied by --fix
	// and "Fix all" (auto, the default), only offered (suggest), or
	// nothing (none). See fixmode.go.
	Fix FixMode

	// Pos is where the rule's [[rule]] table starts; Pack names the pack
	// ("builtin:sre-messaging" or a file path).
	Pos  Position
	Pack string

	// Sets are the word sets of the file the rule is written in, for its
	// phrase templates (template.go); nil when the file has no [sets].
	Sets *WordSets
}
