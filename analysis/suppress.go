package analysis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/internal/suggest"
	"github.com/guardrail-dev/guardrail/rules"
)

// Suppression comments:
//
//	guardrail-disable-next-line [RULE-ID...] [-- reason]
//	guardrail-disable-line [RULE-ID...] [-- reason]
//	guardrail-disable [RULE-ID...] [-- reason]   …   guardrail-enable [RULE-ID...]
//
// Ids are separated by spaces or commas; no id means every rule.

type directiveKind uint8

const (
	dirNextLine directiveKind = iota + 1
	dirLine
	dirDisable
	dirEnable
)

var directiveNames = []struct {
	name string
	kind directiveKind
}{
	// Longest first: "guardrail-disable" is a prefix of the others.
	{"guardrail-disable-next-line", dirNextLine},
	{"guardrail-disable-line", dirLine},
	{"guardrail-disable", dirDisable},
	{"guardrail-enable", dirEnable},
}

type directive struct {
	kind       directiveKind
	name       string
	ids        []string // nil: all rules
	start, end int      // the comment's source range
	line       int      // 0-based line the directive applies to (line kinds)
	used       []bool   // per id (or [0] for all): suppressed something
}

// parseDirective reads a suppression directive from a comment's inner text.
func parseDirective(text string) (directiveKind, string, []string, bool) {
	t := strings.TrimSpace(text)
	// Block comment continuation stars and doc markers.
	t = strings.TrimLeft(t, "*!/# \t")
	for _, d := range directiveNames {
		if !strings.HasPrefix(t, d.name) {
			continue
		}
		rest := t[len(d.name):]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ',' && rest[0] != '\n' && rest[0] != '\r' {
			if strings.HasPrefix(rest, "-") && !strings.HasPrefix(rest, "--") {
				continue // a longer, unknown directive name
			}
			if !strings.HasPrefix(rest, "--") {
				continue
			}
		}
		if i := strings.Index(rest, "--"); i >= 0 {
			rest = rest[:i]
		}
		var ids []string // nil when there are none
		ids = append(ids, strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })...)
		return d.kind, d.name, ids, true
	}
	return 0, "", nil, false
}

// directivesOf finds the directives among a document's comments. A
// comment that starts with a directive name but goes on with words that
// cannot be rule ids ("… a guardrail-disable-next-line comment above the
// line") is prose about directives, not a directive: ids may only hold
// letters, digits, '.', '-' and '_', and at least one must be a known rule
// id or look like one (with a dot or a hyphen). Unknown ids next to it are
// then reported as unused.
func directivesOf(comments []format.Comment, lines *LineIndex, known func(string) bool) []*directive {
	var out []*directive
	for _, c := range comments {
		kind, name, ids, ok := parseDirective(c.Text)
		if !ok || !plausibleIDs(ids, known) {
			continue
		}
		if len(ids) > 1 {
			// An id named twice is one id: it suppresses, or is unused, once.
			seen := make(map[string]bool, len(ids))
			uniq := ids[:0]
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					uniq = append(uniq, id)
				}
			}
			ids = uniq
		}
		d := &directive{kind: kind, name: name, ids: ids, start: c.Start, end: c.End}
		switch kind {
		case dirLine:
			d.line = lines.Line(c.Start)
		case dirNextLine:
			end := c.End
			if end > c.Start {
				end-- // the comment's last byte
			}
			d.line = lines.Line(end) + 1
		}
		n := len(ids)
		if n == 0 {
			n = 1
		}
		d.used = make([]bool, n)
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

func plausibleIDs(ids []string, known func(string) bool) bool {
	if len(ids) == 0 {
		return true
	}
	plausible := false
	for _, id := range ids {
		for _, r := range id {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
				return false
			}
		}
		if strings.ContainsAny(id, ".-") || (known != nil && known(id)) {
			plausible = true
		}
	}
	return plausible
}

// names reports whether the directive covers rule; it returns the index of
// the id that matched (0 for a directive without ids).
func (d *directive) names(rule string) (int, bool) {
	if len(d.ids) == 0 {
		return 0, true
	}
	for i, id := range d.ids {
		if id == rule {
			return i, true
		}
	}
	return 0, false
}

// suppressor decides which findings a document's directives suppress.
type suppressor struct {
	dirs  []*directive
	lines *LineIndex
	// closest is the known rule id nearest to an id that is no rule's
	// (Engine.closestID), for the unused-suppression message; nil: none.
	closest func(id string) (string, bool)
}

// suppressed reports whether f is suppressed, crediting the directive that
// does it.
func (s *suppressor) suppressed(f *Finding) bool {
	if len(s.dirs) == 0 {
		return false
	}
	line := s.lines.Line(f.Start)
	for _, d := range s.dirs {
		if (d.kind == dirLine || d.kind == dirNextLine) && d.line == line {
			if i, ok := d.names(f.Rule); ok {
				d.used[i] = true
				return true
			}
		}
	}
	// Replay block directives up to the finding.
	var all *directive
	byID := map[string]*directive{}
	for _, d := range s.dirs {
		if d.start > f.Start {
			break
		}
		switch d.kind {
		case dirDisable:
			if len(d.ids) == 0 {
				all = d
				byID = map[string]*directive{}
			} else {
				for _, id := range d.ids {
					byID[id] = d
				}
			}
		case dirEnable:
			if len(d.ids) == 0 {
				all = nil
				byID = map[string]*directive{}
			} else {
				for _, id := range d.ids {
					byID[id] = nil
					if all != nil {
						// Re-enabling one rule inside a disable-all block:
						// remember it as explicitly enabled.
						byID[id] = enabledMark
					}
				}
			}
		}
	}
	if d, ok := byID[f.Rule]; ok {
		if d == nil || d == enabledMark {
			return false
		}
		i, _ := d.names(f.Rule)
		d.used[i] = true
		return true
	}
	if all != nil {
		all.used[0] = true
		return true
	}
	return false
}

var enabledMark = &directive{}

// unused returns a finding for each directive (or each id of a directive
// naming several) that suppressed nothing.
func (s *suppressor) unused(src []byte) []Finding {
	var out []Finding
	for _, d := range s.dirs {
		if d.kind == dirEnable {
			continue
		}
		var msg []string
		if len(d.ids) == 0 {
			if !d.used[0] {
				msg = append(msg, fmt.Sprintf("Unused suppression: %s suppresses nothing.", d.name))
			}
		} else if len(d.ids) == 1 {
			if !d.used[0] {
				msg = append(msg, fmt.Sprintf("Unused suppression: %s %s suppresses nothing%s", d.name, d.ids[0], s.hint(d.ids[0])))
			}
		} else {
			for i, id := range d.ids {
				if !d.used[i] {
					msg = append(msg, fmt.Sprintf("Unused suppression: %s of %s suppresses nothing%s", id, d.name, s.hint(id)))
				}
			}
		}
		for _, m := range msg {
			out = append(out, Finding{
				Rule:         UnusedSuppressionRule,
				Severity:     rules.SeverityHint,
				Message:      m,
				Start:        d.start,
				End:          d.end,
				Match:        string(src[d.start:d.end]),
				Replacements: []string{},
			})
		}
	}
	return out
}

// hint ends an unused-suppression message: "." or, for an id that no rule
// has but one nearly does (a typo), "; no rule has that id (did you mean
// "sre.access-claim"?)."
func (s *suppressor) hint(id string) string {
	if s.closest != nil {
		if near, ok := s.closest(id); ok {
			return fmt.Sprintf("; no rule has that id (did you mean %q?).", near)
		}
	}
	return "."
}

// closestID is the rule id of e nearest to id (a near miss), and false
// when id is a rule's or near none.
func (e *Engine) closestID(id string) (string, bool) {
	ids := make([]string, len(e.rules))
	for i, r := range e.rules {
		ids[i] = r.ID
	}
	return suggest.Closest(id, ids)
}
