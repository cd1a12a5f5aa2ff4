package rules

import (
	"fmt"
	"strings"
	"unicode"
)

// Text that is itself an approved phrase of a rule is never flagged. A
// restricted phrase written the same way as one of the rule's approved
// phrases (up to white space and typographic variants) is therefore never
// flagged, whatever the case of the text: the rule is dead there. One that
// differs only in case ("gb" → "GB") is a case-only rule and fires on the
// other spellings (analysis/caseonly.go).

// warnNeverFlagged warns at each restricted phrase of r that can never be
// flagged, and says so when that leaves the rule nothing to fire on.
func (d *docCtx) warnNeverFlagged(r *Rule, path []string) {
	if len(r.Approved) == 0 {
		return
	}
	approved := make(map[string]bool, len(r.Approved))
	for _, a := range r.Approved {
		if !IsTemplate(a) {
			approved[phraseKey(a)] = true
		}
	}
	dead := 0
	var at []int
	for i, p := range r.Restricted {
		if !IsTemplate(p) && approved[phraseKey(p)] {
			dead++
			at = append(at, i)
		}
	}
	for _, i := range at {
		msg := fmt.Sprintf("restricted phrase %q is also an approved phrase of rule %q, so it is never flagged", r.Restricted[i], r.ID)
		if dead == len(r.Restricted) && len(r.Patterns) == 0 {
			msg += "; the rule can never fire"
		}
		d.errs.warn(d.valPos(child(path, "restricted", fmt.Sprint(i))...), "%s", msg)
	}
}

// phraseKey is a phrase as the matcher compares it, case kept: white space
// runs are one space, typographic quotes and dashes their ASCII forms.
func phraseKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == 0xA0 || r == 0x202F || r == 0xFEFF {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		switch r {
		case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC', '\uFF07':
			r = '\''
		case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\uFF02':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
			r = '-'
		}
		b.WriteRune(r)
	}
	return b.String()
}
