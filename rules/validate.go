package rules

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// UnusedSuppressionID is the rule id of findings for suppression comments
// that suppress nothing. It is always known to [severity].
const UnusedSuppressionID = "guardrail.unused-suppression"

var (
	ruleKeys = []string{
		"id", "message", "severity", "restricted", "approved", "patterns",
		"case_sensitive", "inflect", "when", "unless", "files", "scopes",
		"rationale", "link", "example",
		"kind", "context", // claim/term and the when/unless window (kind.go)
		"fix", // auto | suggest | none (fixmode.go)
	}
	exampleKeys = []string{"bad", "good", "file"}
)

// Default messages of a rule without `message`.
const (
	DefaultMessage         = "Avoid '{match}'."
	DefaultApprovedMessage = "Use '{approved}' instead of '{match}'."
)

// ValidRuleID reports whether id is a well-formed rule id:
// ^[a-z0-9][a-z0-9.-]*$ (by hand: 10,000 rules, no regexp).
func ValidRuleID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '.' || c == '-')) {
			return false
		}
	}
	return id != ""
}

// placeholders returns the byte ranges of the {name} placeholders in msg,
// as regexp `\{[A-Za-z0-9_.-]*\}` would find them.
func placeholders(msg string) [][2]int {
	var out [][2]int
	for i := 0; i < len(msg); i++ {
		if msg[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(msg) && isPlaceholderByte(msg[j]) {
			j++
		}
		if j < len(msg) && msg[j] == '}' {
			out = append(out, [2]int{i, j + 1})
			i = j
		}
	}
	return out
}

func isPlaceholderByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

// CompilePattern compiles one of a rule's `patterns` as the rule uses it:
// RE2, case-insensitive unless caseSensitive.
func CompilePattern(pattern string, caseSensitive bool) (*regexp.Regexp, error) {
	if caseSensitive {
		return regexp.Compile(pattern)
	}
	return regexp.Compile("(?i)" + pattern)
}

// Regexps compiles the rule's patterns (see CompilePattern).
func (r *Rule) Regexps() ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(r.Patterns))
	for _, p := range r.Patterns {
		re, err := CompilePattern(p, r.CaseSensitive)
		if err != nil {
			return nil, err
		}
		out = append(out, re)
	}
	return out, nil
}

// MatchesFile reports whether the rule applies to a document whose path
// relative to the project root (Config.RelPath) is rel: true when the rule
// has no `files`, else when one of its globs matches (see Config.Selects for
// how globs match).
func (r *Rule) MatchesFile(rel string) bool {
	if len(r.Files) == 0 {
		return true
	}
	for _, g := range r.Files {
		if globMatch(g, rel) {
			return true
		}
	}
	return false
}

func (d *docCtx) parseRules(p *Pack, v any) {
	var tables []map[string]any
	switch t := v.(type) {
	case []map[string]any:
		tables = t
	case []any:
		for i, e := range t {
			m, ok := e.(map[string]any)
			if !ok {
				d.errs.add(d.valPos("rule", fmt.Sprint(i)), "rule must be a table, not %s; write [[rule]]", typeName(e))
				tables = append(tables, nil)
				continue
			}
			tables = append(tables, m)
		}
	default:
		d.errs.add(d.keyPos("rule"), "rule must be an array of tables; write [[rule]], not %s", typeName(v))
		return
	}
	first := map[string]Position{}
	for i, m := range tables {
		if m == nil {
			continue
		}
		path := []string{"rule", fmt.Sprint(i)}
		r, ok := d.parseRule(m, path)
		if r.ID != "" {
			if at, dup := first[r.ID]; dup {
				d.errs.add(d.valPos(child(path, "id")...), "duplicate rule id %q (first defined at line %d)", r.ID, at.Line)
				ok = false
			} else {
				first[r.ID] = d.valPos(child(path, "id")...)
			}
		}
		if ok {
			p.Rules = append(p.Rules, r)
		}
	}
}

// parseRule validates one [[rule]]. The rule's ID is set whenever the id is
// well formed, even if ok is false, so duplicates can still be found.
func (d *docCtx) parseRule(m map[string]any, path []string) (*Rule, bool) {
	before := len(d.errs)
	r := &Rule{Severity: SeverityWarning, Scopes: DefaultScopes, Pos: d.keyPos(path...), Pack: d.path}
	str := func(k string) (string, bool) {
		v, present := m[k]
		if !present {
			return "", false
		}
		s, ok := v.(string)
		if !ok {
			d.errs.add(d.valPos(child(path, k)...), "%s must be a string, not %s", k, typeName(v))
			return "", false
		}
		return s, true
	}
	boolean := func(k string) bool {
		v, present := m[k]
		if !present {
			return false
		}
		b, ok := v.(bool)
		if !ok {
			d.errs.add(d.valPos(child(path, k)...), "%s must be true or false, not %s", k, typeName(v))
		}
		return b
	}
	list := func(k string) []string {
		v, present := m[k]
		if !present {
			return nil
		}
		l, ok := d.stringList(child(path, k), v, true)
		if !ok {
			return nil
		}
		return l
	}

	for _, k := range sortedKeys(m) {
		if !contains(ruleKeys, k) {
			d.errs.add(d.keyPos(child(path, k)...), "unknown key %q in [[rule]]%s", k, suggest(k, ruleKeys))
		}
	}

	if id, ok := str("id"); ok {
		switch {
		case !ValidRuleID(id):
			d.errs.add(d.valPos(child(path, "id")...), "rule id %q is not valid: use lower-case letters, digits, '.' and '-', starting with a letter or digit", id)
		case strings.HasPrefix(id, "guardrail."):
			d.errs.add(d.valPos(child(path, "id")...), "rule id %q is reserved: ids starting with \"guardrail.\" belong to guardrail itself", id)
		default:
			r.ID = id
		}
	} else if _, present := m["id"]; !present {
		d.errs.add(r.Pos, "rule has no id; add id = \"pack.name\"")
	}

	r.CaseSensitive = boolean("case_sensitive")
	r.Inflect = boolean("inflect")
	r.Restricted = list("restricted")
	r.Approved = list("approved")
	r.When = list("when")
	r.Unless = list("unless")
	d.ruleTemplates(r, path)
	r.Rationale, _ = str("rationale")
	d.parseKind(m, path, r)
	d.parseContext(m, path, r)
	d.parseFix(m, path, r)
	if link, ok := str("link"); ok {
		if strings.TrimSpace(link) == "" {
			d.errs.add(d.valPos(child(path, "link")...), "link is empty")
		}
		r.Link = link
	}

	if s, ok := str("severity"); ok {
		sev, err := ParseSeverity(s, false)
		switch {
		case strings.EqualFold(s, "off"):
			d.errs.add(d.valPos(child(path, "severity")...), "a rule's severity cannot be \"off\"; turn it off in a config's [severity] table")
		case err != nil:
			d.errs.add(d.valPos(child(path, "severity")...), "%s", err)
		default:
			r.Severity = sev
		}
	}

	if v, present := m["scopes"]; present {
		if names, ok := d.stringList(child(path, "scopes"), v, true); ok {
			var sc Scope
			for i, n := range names {
				s, err := ParseScope(n)
				if err != nil {
					d.errs.add(d.valPos(child(path, "scopes", fmt.Sprint(i))...), "%s", err)
					continue
				}
				sc |= s
			}
			if len(names) == 0 {
				d.errs.add(d.valPos(child(path, "scopes")...), "scopes is empty, so the rule would never apply; remove it for the default (prose, comments)")
			} else if sc != 0 {
				r.Scopes = sc
			}
		}
	}

	if v, present := m["files"]; present {
		if files, ok := d.globList(child(path, "files"), v); ok {
			r.Files = files
		}
	}

	if v, present := m["patterns"]; present {
		if pats, ok := d.stringList(child(path, "patterns"), v, true); ok {
			for i, p := range pats {
				re, err := CompilePattern(p, r.CaseSensitive)
				pp := child(path, "patterns", fmt.Sprint(i))
				if err != nil {
					d.errs.add(d.regexErrPos(pp, p, err), "pattern %q is not a valid RE2 regular expression: %s", p, regexErrText(err))
					continue
				}
				if re.MatchString("") || CanMatchEmpty(p) { // `\b`, `^` too
					d.errs.add(d.valPos(pp...), "pattern %q matches empty text; it must match at least one character", p)
					continue
				}
				r.Patterns = append(r.Patterns, p)
			}
		}
	}

	// An empty or missing list: nothing to match. (A list of the wrong type
	// was reported above.)
	emptyList := func(k string) bool {
		v, present := m[k]
		a, isArr := v.([]any)
		return !present || isArr && len(a) == 0
	}
	if emptyList("restricted") && emptyList("patterns") {
		at := r.Pos
		if _, present := m["restricted"]; present {
			at = d.valPos(child(path, "restricted")...)
		}
		d.errs.add(at, "rule %s has nothing to match: add restricted phrases or patterns", ruleName(r))
	}

	if msg, ok := str("message"); ok {
		mp := child(path, "message")
		if strings.TrimSpace(msg) == "" {
			d.errs.add(d.valPos(mp...), "message is empty; remove it for the default message")
		}
		for _, loc := range placeholders(msg) {
			ph := msg[loc[0]:loc[1]]
			switch ph {
			case "{match}":
			case "{approved}":
				if emptyList("approved") {
					d.errs.add(d.strPos(mp, loc[0]), "message uses {approved} but the rule has no approved phrases")
				}
			default:
				d.errs.add(d.strPos(mp, loc[0]), "unknown placeholder %s in message; use {match} or {approved}", ph)
			}
		}
		r.Message = msg
	} else if _, present := m["message"]; !present {
		if len(r.Approved) > 0 {
			r.Message = DefaultApprovedMessage
		} else {
			r.Message = DefaultMessage
		}
	}

	if v, present := m["example"]; present {
		r.Examples = d.parseExamples(child(path, "example"), v)
	}

	ok := len(d.errs) == before
	if ok {
		d.warnNeverFlagged(r, path) // warnings: the rule still loads
	}
	return r, ok
}

func ruleName(r *Rule) string {
	if r.ID == "" {
		return "(no id)"
	}
	return fmt.Sprintf("%q", r.ID)
}

func (d *docCtx) parseExamples(path []string, v any) []Example {
	var tables []map[string]any
	switch t := v.(type) {
	case []map[string]any:
		tables = t
	case []any:
		for i, e := range t {
			m, ok := e.(map[string]any)
			if !ok {
				d.errs.add(d.valPos(child(path, fmt.Sprint(i))...), "example must be a table with bad and good, not %s; write [[rule.example]]", typeName(e))
				continue
			}
			tables = append(tables, m)
		}
	default:
		d.errs.add(d.keyPos(path...), "example must be an array of tables; write [[rule.example]], not %s", typeName(v))
		return nil
	}
	var out []Example
	for i, m := range tables {
		ep := child(path, fmt.Sprint(i))
		ex := Example{Pos: d.keyPos(ep...)}
		for _, k := range sortedKeys(m) {
			val := m[k]
			if !contains(exampleKeys, k) {
				d.errs.add(d.keyPos(child(ep, k)...), "unknown key %q in [[rule.example]]%s; an example has bad, good and file", k, suggest(k, exampleKeys))
				continue
			}
			s, ok := val.(string)
			if !ok {
				d.errs.add(d.valPos(child(ep, k)...), "example %s must be a string, not %s", k, typeName(val))
				continue
			}
			switch k {
			case "bad":
				if strings.TrimSpace(s) == "" {
					d.errs.add(d.valPos(child(ep, k)...), "example bad is empty")
				}
				ex.Bad = s
			case "good":
				ex.Good = s
			case "file":
				if strings.TrimSpace(s) == "" {
					d.errs.add(d.valPos(child(ep, k)...), "example file is empty; remove it to check the example as Markdown")
				}
				ex.File = s
			}
		}
		if _, ok := m["bad"]; !ok {
			d.errs.add(ex.Pos, "example has no bad text; add bad = \"...\" (the text the rule must flag)")
		}
		out = append(out, ex)
	}
	return out
}

// regexErrPos points at the failing part of a pattern when the regexp
// error names it.
func (d *docCtx) regexErrPos(path []string, pattern string, err error) Position {
	var se *syntax.Error
	if errors.As(err, &se) && se.Expr != "" {
		if i := strings.Index(pattern, strings.TrimPrefix(se.Expr, "(?i)")); i >= 0 {
			return d.strPos(path, i)
		}
	}
	return d.valPos(path...)
}

func regexErrText(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Sprintf("%s in `%s`", se.Code, strings.TrimPrefix(se.Expr, "(?i)"))
	}
	return err.Error()
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// globMatch matches a slash-separated relative path against a doublestar
// glob. A pattern also matches everything below a folder it matches, so
// "vendor" selects "vendor/a/b.md" like "vendor/**" does. A leading "/" or
// "./" anchors to the folder the pattern is relative to and is ignored.
func globMatch(pattern, rel string) bool {
	pattern = cleanGlob(pattern)
	if rel == "" || rel == "." || strings.HasPrefix(rel, "../") || rel == ".." {
		return false
	}
	if ok, _ := doublestar.Match(pattern, rel); ok {
		return true
	}
	for i := len(rel) - 1; i > 0; i-- {
		if rel[i] == '/' {
			if ok, _ := doublestar.Match(pattern, rel[:i]); ok {
				return true
			}
		}
	}
	return false
}

func cleanGlob(p string) string {
	for {
		switch {
		case strings.HasPrefix(p, "./"):
			p = p[2:]
		case strings.HasPrefix(p, "/"):
			p = p[1:]
		default:
			return p
		}
	}
}
