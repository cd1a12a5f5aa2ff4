package analysis

import "strings"

// Case-only rules. Text that is itself an approved phrase of a rule is never
// flagged; compared without case, an approved phrase "GB" would cover every
// match of the restricted "gb" and the rule could never fire. So when an
// approved phrase differs from one of the rule's restricted phrases only in
// case (and the rule ignores case), the case is the point of the rule:
//   - the approved phrase protects text only where it is written as
//     approved (or in ALL CAPS, which a fix would keep), and
//   - a match whose fix would write it exactly as it stands (a capital at
//     a sentence start, ALL CAPS) is not flagged.
// Restricted and approved phrases written alike are left as they are: such
// a phrase is never flagged, and the loader warns about it
// (rules/deadphrase.go).

// caseTwins finds, for a rule that ignores case, each plain restricted
// phrase's case-only approved twin (-1: none) and marks the approved
// phrases that are such twins. Both are nil when the rule has none.
func caseTwins(cr *compiledRule) (twin []int32, caseOnly []bool) {
	r := cr.Rule
	if r.CaseSensitive || len(r.Approved) == 0 {
		return nil, nil
	}
	var tr, ta []*phraseTemplate
	if cr.tpl != nil {
		tr, ta = cr.tpl.restricted, cr.tpl.approved
	}
	for pi, p := range r.Restricted {
		if at(tr, pi) != nil {
			continue
		}
		folded, kept := normalizeString(p, true), normalizeString(p, false)
		for ai, a := range r.Approved {
			if at(ta, ai) != nil || normalizeString(a, true) != folded || normalizeString(a, false) == kept {
				continue
			}
			if twin == nil {
				twin = make([]int32, len(r.Restricted))
				for i := range twin {
					twin[i] = -1
				}
				caseOnly = make([]bool, len(r.Approved))
			}
			twin[pi] = int32(ai)
			caseOnly[ai] = true
			break
		}
	}
	return twin, caseOnly
}

// caseOnlyApproved reports whether approved phrase ai of r is a case-only
// twin of a restricted phrase.
func (r *compiledRule) caseOnlyApproved(ai int32) bool {
	return int(ai) < len(r.caseOnly) && r.caseOnly[ai]
}

// writtenAsApproved reports whether the text at normalized [s, e) is the
// approved phrase a as written, or in ALL CAPS.
func writtenAsApproved(b *textBuilder, src []byte, a string, s, e int) bool {
	got := normalizeString(string(src[b.srcStart(s):b.srcEnd(e)]), false)
	want := normalizeString(a, false)
	return got == want || isAllCaps(got) && got == strings.ToUpper(want)
}

// caseOnlyNoop reports whether f, the finding of candidate c, is a match
// of a restricted phrase with a case-only twin whose fix would write the
// text exactly as it stands: then the text is already as approved.
func (e *Engine) caseOnlyNoop(c candidate, f *Finding) bool {
	r := e.rules[c.rule]
	if r.twin == nil || c.phrase < 0 || int(c.phrase) >= len(r.twin) || f.Template != "" {
		return false
	}
	ai := r.twin[c.phrase]
	if ai < 0 || int(ai) >= len(f.Replacements) {
		return false
	}
	return normalizeString(f.Replacements[ai], false) == normalizeString(f.Match, false)
}
