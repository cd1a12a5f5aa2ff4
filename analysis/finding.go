package analysis

import "github.com/guardrail-dev/guardrail/rules"

// Finding is one flagged range of a document.
type Finding struct {
	Rule     string
	Severity rules.Severity
	Message  string
	// Start and End are byte offsets into the original document; the range
	// may span lines.
	Start, End int
	// Match is the raw source text of the range.
	Match string
	// Replacements are the fixes, preferred first; empty when the rule is
	// flag-only or its fix is none, or when the match spans inline markup
	// or was found only through inflection.
	Replacements []string
	// Fix says what may be done with Replacements: FixAuto (applied by
	// --fix and "Fix all"), FixSuggest (only offered: the rule says so, or
	// the match is likely an acronym) or FixNone (no replacements).
	Fix rules.FixMode
	// Template is the restricted phrase as written when it is a phrase
	// template ("" for a plain phrase or a pattern), and Slots the text
	// each of its slots matched.
	Template string
	Slots    []Slot
}

// UnusedSuppressionRule is the rule id of findings for suppression comments
// that suppress nothing.
const UnusedSuppressionRule = "guardrail.unused-suppression"
