package analysis

import (
	"strings"
	"unicode"

	"github.com/guardrail-dev/guardrail/rules"
)

// A finding's Fix says what may be done with its replacements (see
// rules.FixMode): auto ones are applied by SelectFixes (check --fix, "Fix
// all"), suggest ones are only offered, and a finding without
// replacements is none.

// likelyAcronym reports an ALL CAPS single-word match of a phrase written
// in lower case ("DWARF" for "dwarf"): likely an acronym that happens to
// spell the word, so its fix is only suggested, whatever the rule says.
func likelyAcronym(match, written string) bool {
	if written == "" || hasUpper(written) || strings.IndexFunc(match, unicode.IsSpace) >= 0 {
		return false
	}
	return isAllCaps(match)
}

// fixModeOf is the fix mode of a finding of r whose match is match, found
// through the phrase written as written ("" for a pattern).
func fixModeOf(r *compiledRule, match, written string) rules.FixMode {
	if likelyAcronym(match, written) {
		return rules.FixSuggest
	}
	return r.Fix
}

// settleFix drops the replacements of a finding whose mode is none, and
// marks a finding without replacements none.
func settleFix(f *Finding) {
	if f.Fix == rules.FixNone || len(f.Replacements) == 0 {
		f.Fix = rules.FixNone
		f.Replacements = f.Replacements[:0]
	}
}
