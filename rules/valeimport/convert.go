package valeimport

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
)

// Rule is one guardrail rule the import writes.
type Rule struct {
	ID            string
	Message       string
	Severity      string
	Restricted    []string // plain phrases, not yet escaped for templates
	Approved      []string // plain phrases, not yet escaped for templates
	Patterns      []string // RE2
	CaseSensitive bool
	Headings      bool // scopes = ["headings"]
	Files         []string
	Link          string
	Rationale     string
	From          string   // the Vale rule and file it came from
	Notes         []string // what the conversion approximated
}

// Skipped is a Vale rule, or part of one, that the import could not
// express in guardrail's rule format.
type Skipped struct {
	Rule   string // "Google.Acronyms"
	File   string
	Line   int    // 0: the whole file
	What   string // "" for the whole rule, else the token or swap key
	Reason string
}

func (s Skipped) String() string {
	at := s.File
	if s.Line > 0 {
		at = fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	if s.What == "" {
		return fmt.Sprintf("%s (%s): not converted: %s", s.Rule, at, s.Reason)
	}
	what := "`" + s.What + "`"
	if strings.ContainsAny(s.What, "`\n") {
		what = fmt.Sprintf("%q", s.What)
	}
	return fmt.Sprintf("%s (%s): %s not converted: %s", s.Rule, at, what, s.Reason)
}

// unsupportedChecks says why each Vale check type other than existence and
// substitution has no guardrail equivalent.
var unsupportedChecks = map[string]string{
	"occurrence":     "counts matches per scope (occurrence); guardrail rules flag phrases, not counts",
	"repetition":     "flags repeated tokens (repetition), which needs back-references",
	"consistency":    "compares two spellings across a file (consistency); guardrail rules are local",
	"conditional":    "needs one pattern to imply another in the same file (conditional)",
	"capitalization": "checks capitalization style (capitalization); guardrail matches phrases",
	"spelling":       "is a spell checker (spelling), which needs a dictionary",
	"readability":    "computes a readability score (readability)",
	"metric":         "computes a formula over document metrics (metric)",
	"sequence":       "matches part-of-speech sequences (sequence), which needs an NLP tagger",
	"script":         "runs a Tengo script (script)",
}

// converter turns Vale rules into guardrail rules.
type converter struct {
	ids     map[string]bool
	skipped []Skipped
}

func newConverter() *converter { return &converter{ids: map[string]bool{}} }

func (c *converter) skip(vr *ValeRule, line int, what, reason string) {
	c.skipped = append(c.skipped, Skipped{Rule: vr.Name, File: vr.File, Line: line, What: what, Reason: reason})
}

// convert converts one Vale rule; severity overrides the rule's level
// when not empty.
func (c *converter) convert(vr *ValeRule, severity string) []*Rule {
	switch vr.Extends {
	case "existence", "substitution":
	case "":
		c.skip(vr, 0, "", "has no `extends`")
		return nil
	default:
		if why, ok := unsupportedChecks[vr.Extends]; ok {
			c.skip(vr, 0, "", why)
		} else {
			c.skip(vr, 0, "", fmt.Sprintf("unknown check type %q", vr.Extends))
		}
		return nil
	}
	headings, err := mapScopes(vr.Scopes)
	if err != nil {
		c.skip(vr, 0, "", err.Error())
		return nil
	}
	if severity == "" {
		severity = levelSeverity(vr.Level)
	}
	base := Rule{
		Severity:      severity,
		CaseSensitive: !vr.Ignorecase,
		Headings:      headings,
		Link:          vr.Link,
		Rationale:     strings.TrimSpace(vr.Description),
		From:          vr.Name + " (" + vr.File + ")",
	}
	if len(vr.Other) > 0 {
		base.Notes = append(base.Notes, "Vale keys not carried over: "+strings.Join(vr.Other, ", "))
	}
	var out []*Rule
	if vr.Extends == "existence" {
		if r := c.existence(vr, base); r != nil {
			out = []*Rule{r}
		}
	} else {
		out = c.substitution(vr, base)
	}
	for _, s := range vr.Scopes {
		if s != "sentence" {
			continue
		}
		for _, r := range out {
			if len(r.Patterns) > 0 {
				r.Notes = append(r.Notes, "Vale runs this rule sentence by sentence; here its patterns see the whole paragraph")
			}
		}
	}
	return out
}

func levelSeverity(level string) string {
	switch strings.ToLower(level) {
	case "error":
		return "error"
	case "warning":
		return "warning"
	}
	return "info" // suggestion, Vale's default level
}

// mapScopes reads Vale's `scope`: text, sentence, paragraph (and none)
// are guardrail's default prose; heading and heading.hN are headings.
func mapScopes(scopes []string) (headings bool, err error) {
	prose := false
	for _, s := range scopes {
		switch {
		case s == "" || s == "text" || s == "sentence" || s == "paragraph":
			prose = true
		case s == "heading" || (strings.HasPrefix(s, "heading.h") && len(s) == len("heading.h1")):
			headings = true
		default:
			return false, fmt.Errorf("scope %q has no guardrail equivalent (guardrail scopes: prose, headings, comments, strings)", s)
		}
	}
	if headings && prose {
		return false, nil // both: everything prose
	}
	return headings, nil
}

// existence converts tokens (or raw plus tokens) into phrases and patterns.
func (c *converter) existence(vr *ValeRule, r Rule) *Rule {
	r.ID = c.uniqueID(ruleID(vr.Name))
	r.Message = existenceMessage(vr.Message)
	word := !vr.Nonword
	if len(vr.Raw) > 0 {
		// Vale joins raw and tokens into one expression.
		raw := strings.Join(vr.Raw, "")
		var toks []string
		for _, t := range vr.Tokens {
			if strings.TrimSpace(t) != "" {
				toks = append(toks, t)
			}
		}
		expr := raw
		if len(toks) > 0 {
			wrapped := "(?:" + strings.Join(toks, "|") + ")"
			if word {
				wrapped = `\b` + wrapped + `\b`
			}
			if vr.Append {
				expr = wrapped + raw
			} else {
				expr = raw + wrapped
			}
		}
		if !c.addToken(vr, &r, expr, false, 0) {
			return nil
		}
	} else {
		for i, t := range vr.Tokens {
			if strings.TrimSpace(t) == "" {
				continue
			}
			line := 0
			if i < len(vr.TokenLines) {
				line = vr.TokenLines[i]
			}
			c.addToken(vr, &r, t, word, line)
		}
	}
	if len(vr.Exceptions) > 0 {
		r.Restricted = removeExceptions(r.Restricted, vr.Exceptions, r.CaseSensitive)
		if len(r.Patterns) > 0 {
			r.Notes = append(r.Notes, "exceptions apply to phrases only: "+strings.Join(vr.Exceptions, ", "))
		}
	}
	if len(r.Restricted) == 0 && len(r.Patterns) == 0 {
		delete(c.ids, r.ID)
		c.skip(vr, 0, "", "no token could be converted")
		return nil
	}
	return &r
}

// addToken adds one Vale token to r, as phrases when it is a finite set
// of phrases with the same word boundaries, else as an RE2 pattern. word
// says Vale wraps the token in \b…\b. A token that RE2 cannot read is
// reported and false returned.
func (c *converter) addToken(vr *ValeRule, r *Rule, tok string, word bool, line int) bool {
	phrases, pattern, err := convertToken(tok, word, !r.CaseSensitive)
	if err != nil {
		c.skip(vr, line, tok, err.Error())
		return false
	}
	r.Restricted = appendNew(r.Restricted, phrases...)
	if pattern != "" {
		r.Patterns = appendNew(r.Patterns, pattern)
	}
	return true
}

// convertToken returns a token's phrases, or else its pattern.
func convertToken(tok string, word, foldCase bool) (phrases []string, pattern string, err error) {
	if x, err := expandRegex(tok, foldCase); err == nil && sameBoundaries(x, word) {
		return x.phrases, "", nil
	}
	pattern = tok
	if word {
		pattern = `\b(?:` + tok + `)\b`
	}
	if strings.ContainsAny(tok, "^$") {
		pattern = "(?m)" + pattern
	}
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, "", re2Problem(tok, err)
	}
	if rules.CanMatchEmpty(pattern) {
		return nil, "", fmt.Errorf("can match an empty string, which guardrail refuses in a pattern")
	}
	return nil, pattern, nil
}

// sameBoundaries reports whether guardrail's whole-word phrase matching
// gives the same matches as Vale's expression at each phrase's edges. A
// guardrail phrase never starts or ends inside a word; Vale's `\b`
// (word rules, or an explicit \b) needs a word character at the edge, and
// a nonword rule without \b matches inside words.
func sameBoundaries(x expansion, word bool) bool {
	lead := word || x.leadingBoundary
	trail := word || x.trailingBoundary
	for _, p := range x.phrases {
		first, _ := utf8.DecodeRuneInString(p)
		last, _ := utf8.DecodeLastRuneInString(p)
		if isWord(first) != lead || isWord(last) != trail {
			return false
		}
	}
	return true
}

// isWord is \w as RE2 reads it (Vale's regexp2 runs in RE2 mode).
func isWord(r rune) bool {
	return r == '_' || (r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)))
}

// re2Problem explains why RE2 cannot compile a Vale regex.
func re2Problem(tok string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(tok, "(?<=") || strings.Contains(tok, "(?<!"):
		return fmt.Errorf("uses a lookbehind, which RE2 cannot express (Vale's regexp2 backtracks)")
	case strings.Contains(tok, "(?=") || strings.Contains(tok, "(?!"):
		return fmt.Errorf("uses a lookahead, which RE2 cannot express (Vale's regexp2 backtracks)")
	case regexp.MustCompile(`\\[1-9]`).MatchString(tok):
		return fmt.Errorf("uses a back-reference, which RE2 cannot express")
	}
	return fmt.Errorf("not an RE2 expression: %s", strings.TrimPrefix(msg, "error parsing regexp: "))
}

// substitution converts a swap map: one guardrail rule per replacement,
// with every key that maps to it.
func (c *converter) substitution(vr *ValeRule, base Rule) []*Rule {
	word := !vr.Nonword
	var order []string
	groups := map[string][]SwapEntry{}
	for _, e := range vr.Swap {
		if _, ok := groups[e.Value]; !ok {
			order = append(order, e.Value)
		}
		groups[e.Value] = append(groups[e.Value], e)
	}
	stem := ruleID(vr.Name)
	var out []*Rule
	for _, value := range order {
		if regexp.MustCompile(`\$\d`).MatchString(value) {
			for _, e := range groups[value] {
				c.skip(vr, e.Line, e.Key, "its replacement uses a capture group ($1), which guardrail's approved phrases cannot")
			}
			continue
		}
		r := base
		r.Notes = append([]string(nil), base.Notes...)
		r.Approved = approvedOptions(value, vr.Action)
		var lines []string
		for _, e := range groups[value] {
			if c.addToken(vr, &r, e.Key, word, e.Line) {
				lines = append(lines, fmt.Sprint(e.Line))
			}
		}
		if len(r.Restricted) == 0 && len(r.Patterns) == 0 {
			continue
		}
		if len(r.Approved) == 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("replacement %q is a regex, kept in the message only", value))
		}
		r.ID = c.uniqueID(stem + "." + slug(value))
		r.Message = substitutionMessage(vr.Message, value, r.Approved)
		r.From = fmt.Sprintf("%s (%s, swap at line %s)", vr.Name, vr.File, strings.Join(lines, ", "))
		if len(r.Approved) > 0 && !r.CaseSensitive {
			for _, a := range r.Approved {
				for _, p := range r.Restricted {
					if strings.EqualFold(a, p) && a != p {
						r.Notes = append(r.Notes, fmt.Sprintf("case-only: %q → %q", p, a))
					}
				}
			}
		}
		out = append(out, &r)
	}
	if len(out) == 0 && len(vr.Swap) > 0 {
		c.skip(vr, 0, "", "no swap entry could be converted")
	}
	return out
}

// approvedOptions reads a swap value: for a `replace` action (or none),
// literal text with `|` between options; otherwise Vale reads it as a
// regex of acceptable forms, kept when it is a finite set of phrases.
func approvedOptions(value, action string) []string {
	opts := splitOptions(value)
	if action == "replace" || !strings.ContainsAny(value, `[](){}*+?\.^$`) {
		return opts
	}
	if x, err := expandRegex(value, false); err == nil {
		return x.phrases
	}
	return nil
}

// splitOptions splits at `|` not preceded by a backslash, as Vale does.
func splitOptions(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			cur.WriteByte('|')
			i++
		case s[i] == '|':
			if t := strings.TrimSpace(cur.String()); t != "" {
				out = append(out, t)
			}
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	if t := strings.TrimSpace(cur.String()); t != "" {
		out = append(out, t)
	}
	return out
}

func removeExceptions(phrases, exceptions []string, caseSensitive bool) []string {
	var out []string
	for _, p := range phrases {
		drop := false
		for _, e := range exceptions {
			if p == e || (!caseSensitive && strings.EqualFold(p, e)) {
				drop = true
			}
		}
		if !drop {
			out = append(out, p)
		}
	}
	return out
}

func appendNew(list []string, add ...string) []string {
	for _, a := range add {
		dup := false
		for _, l := range list {
			if l == a {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, a)
		}
	}
	return list
}
