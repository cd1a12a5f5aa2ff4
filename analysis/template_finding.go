package analysis

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
)

// Slot is the text one slot of a template matched.
type Slot struct {
	Name string // the set name
	// Text is the prose the matcher saw (slot_text.go): inline markup
	// left out, references and escapes decoded, white space one space.
	Text string
}

// templateMatch is what a template match adds to its finding.
type templateMatch struct {
	template string // the restricted phrase as written
	slots    []Slot // in order of position, one per set name
	// fills are the slots' texts for a replacement (fillText: the
	// source's escapes and references kept), in the order of slots; nil
	// when they are the slots' texts.
	fills    []Slot
	written  string   // the expansion as written (for case transfer)
	approved []string // the approved phrases, slots filled from fills (the fixes)
	shown    string   // the preferred approved phrase, slots filled from slots ({approved})
	// unresolved: the slots could not be found again (the search gave
	// up), so no fix is offered rather than one filled wrongly.
	unresolved bool
}

// resolveTemplate finds the slots of a candidate of a templated phrase and
// fills the rule's approved phrases; nil when the rule has no templates.
func (e *Engine) resolveTemplate(src []byte, b *textBuilder, ts *templateScratch, c candidate) *templateMatch {
	r := e.rules[c.rule]
	rt := r.tpl
	if rt == nil {
		return nil
	}
	tm := &templateMatch{}
	var pt *phraseTemplate
	if c.phrase >= 0 && int(c.phrase) < len(r.Restricted) {
		// (A regex match has no phrase: its approved slots take the sets'
		// first phrases.)
		pt = at(rt.restricted, int(c.phrase))
		tm.written = r.Restricted[c.phrase]
	}
	if pt != nil {
		tm.template = pt.src
		spans := []span{{c.start, c.end}}
		if c.join > 0 && int(c.join) <= len(ts.joins) {
			spans = ts.joins[c.join-1]
		}
		var written []string
		tparts, _ := pt.compiled()
		for k, sp := range spans {
			if sp.s < 0 && sp.e < 0 {
				continue // a part that may be empty, empty
			}
			if k >= len(tparts) || sp.e > len(b.norm) || sp.s > sp.e {
				break
			}
			res := ts.resolved(e, rt, pt, k, b.norm[sp.s:sp.e], c.inflected && k == 0, tparts[k])
			if !res.ok {
				tm.unresolved = true
				continue
			}
			written = append(written, res.written)
			for _, ss := range res.slots {
				if ss.e < ss.s || hasSlot(tm.slots, ss.name) {
					continue
				}
				s, en := sp.s+ss.s, sp.s+ss.e
				if s < 0 || en > len(b.norm) || s >= en {
					continue
				}
				text := b.proseText(src, s, en)
				same := b.sameFill(src, s, en)
				if tm.fills == nil && !same {
					// The fills differ from here on (non-nil, even empty).
					tm.fills = make([]Slot, len(tm.slots), len(tm.slots)+1)
					copy(tm.fills, tm.slots)
				}
				tm.slots = append(tm.slots, Slot{Name: ss.name, Text: text})
				if tm.fills != nil {
					fill := text
					if !same {
						fill = b.fillText(src, s, en)
					}
					tm.fills = append(tm.fills, Slot{Name: ss.name, Text: fill})
				}
			}
		}
		if len(written) > 0 {
			tm.written = strings.Join(written, " ")
		}
	}
	fills := tm.fills
	if fills == nil {
		fills = tm.slots // the same texts
	}
	tm.approved = r.Approved
	if rt.approvedSlots {
		tm.approved = make([]string, len(r.Approved))
		for i, a := range r.Approved {
			tm.approved[i] = fillApproved(a, at(rt.approved, i), fills, rt.sets)
		}
	}
	if len(tm.approved) > 0 {
		tm.shown = tm.approved[0]
		if rt.approvedSlots && tm.fills != nil {
			tm.shown = fillApproved(r.Approved[0], at(rt.approved, 0), tm.slots, rt.sets)
		}
	}
	return tm
}

// messageApproved is what {approved} of a finding's message shows: the
// preferred approved phrase with its slots filled with their prose (not
// the fill of a fix, which keeps the source's escapes); approved when the
// finding is not from a template (tm nil).
func (tm *templateMatch) messageApproved(approved []string) []string {
	if tm == nil || len(tm.approved) == 0 {
		return approved
	}
	return []string{tm.shown}
}

func hasSlot(slots []Slot, name string) bool {
	for _, s := range slots {
		if s.Name == name {
			return true
		}
	}
	return false
}

// fillApproved writes an approved phrase with its slots filled from the
// match, or with the set's first phrase when the match has no such slot.
func fillApproved(a string, pt *phraseTemplate, slots []Slot, sets *rules.WordSets) string {
	if pt == nil {
		return a
	}
	var b strings.Builder
	for _, n := range pt.t.Nodes {
		switch n.Kind {
		case rules.NodeText:
			b.WriteString(n.Text)
		case rules.NodeSlot:
			fill := ""
			for _, s := range slots {
				if s.Name == n.Text {
					fill = s.Text
					break
				}
			}
			if fill == "" {
				fill = sets.First(n.Text)
			}
			b.WriteString(fill)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// templateCaseMatches verifies a candidate of a case-sensitive templated
// phrase: text (the matched source, one part per span) must be an
// expansion with its case.
func (e *Engine) templateCaseMatches(src []byte, b *textBuilder, ts *templateScratch, c candidate, pt *phraseTemplate) bool {
	rt := e.rules[c.rule].tpl
	spans := []span{{c.start, c.end}}
	if c.join > 0 && int(c.join) <= len(ts.joins) {
		spans = ts.joins[c.join-1]
	}
	tparts, _ := pt.compiled()
	for k, sp := range spans {
		if sp.s < 0 && sp.e < 0 {
			continue // a part that may be empty, empty
		}
		if k >= len(tparts) {
			return false
		}
		text := normalizeString(string(src[b.srcStart(sp.s):b.srcEnd(sp.e)]), false)
		res := resolver{ts: rt.tsets.get(), text: text, inflect: c.inflected && k == 0, maxSteps: e.maxResolveSteps}
		if !res.resolve(tparts[k]) {
			return false
		}
	}
	return true
}

// templateApprovedCase reports whether text (normalized, case kept) is one
// of the expansions of approved template pt.
func templateApprovedCase(rt *ruleTemplates, pt *phraseTemplate, text string) bool {
	_, whole := pt.compiled()
	res := resolver{ts: rt.tsets.get(), text: text}
	return whole != nil && res.resolve(whole)
}

// phraseCaseMatches verifies a phrase candidate of a case-sensitive rule.
func (e *Engine) phraseCaseMatches(src []byte, b *textBuilder, ts *templateScratch, c candidate) bool {
	r := e.rules[c.rule]
	if r.tpl != nil {
		if pt := at(r.tpl.restricted, int(c.phrase)); pt != nil {
			return e.templateCaseMatches(src, b, ts, c, pt)
		}
	}
	return caseMatches(src[c.srcStart:c.srcEnd], r, c)
}

// TemplateNote says which template a finding matched and what its slots
// matched — matched `TEMPLATE` (slot: "text", …) — or "" when the finding
// is not from a template.
func (f Finding) TemplateNote() string {
	if f.Template == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("matched `")
	b.WriteString(f.Template)
	b.WriteString("`")
	for i, s := range f.Slots {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(s.Name)
		b.WriteString(": ")
		b.WriteString(strconv.Quote(s.Text))
	}
	if len(f.Slots) > 0 {
		b.WriteString(")")
	}
	return b.String()
}

// resolution is a part's slots found again in its matched text.
type resolution struct {
	ok      bool
	written string
	slots   []slotSpan
}

// resolutionKey is a part of a template; resolutions are by it, then by
// the (normalized, folded) text it matched.
type resolutionKey struct {
	pt      *phraseTemplate
	part    int
	inflect bool
}

// maxResolutions bounds the resolutions a check keeps.
const maxResolutions = 4096

// resolved resolves part k of pt against text, once per check for each
// distinct text: a document repeats the same wording (a long paragraph of
// it costs one search per wording, not per finding).
func (ts *templateScratch) resolved(e *Engine, rt *ruleTemplates, pt *phraseTemplate, k int, text []byte, inflect bool, nodes []tnode) resolution {
	key := resolutionKey{pt, k, inflect}
	byText := ts.resolutions[key]
	if r, ok := byText[string(text)]; ok {
		return r
	}
	res := resolver{ts: rt.tsets.get(), text: string(text), fold: true, inflect: inflect, maxSteps: e.maxResolveSteps}
	r := resolution{ok: res.resolve(nodes)}
	if r.ok {
		r.written = string(res.written)
		r.slots = append([]slotSpan(nil), res.slots...)
	}
	if ts.resolutions == nil || ts.nresolutions >= maxResolutions {
		ts.resolutions, ts.nresolutions = map[resolutionKey]map[string]resolution{}, 0
	}
	if byText == nil {
		byText = map[string]resolution{}
		ts.resolutions[key] = byText
	}
	byText[res.text] = r
	ts.nresolutions++
	return r
}

// collapseBlanks returns text with each run of white space one space, and
// trimmed: strings.Join(strings.Fields(text), " "), without the copies for
// text that has no run to collapse.
func collapseBlanks(text []byte) string {
	simple := len(text) > 0 && text[0] != ' ' && text[len(text)-1] != ' '
	for i := 0; simple && i < len(text); i++ {
		c := text[i]
		switch {
		case c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			simple = false
		case c == ' ' && i > 0 && text[i-1] == ' ':
			simple = false
		}
	}
	if simple {
		return string(text)
	}
	return strings.Join(strings.Fields(string(text)), " ")
}
