package rules

import (
	"fmt"
	"strings"
)

// RuleKind says what a rule is about. The zero value is KindTerm.
type RuleKind uint8

const (
	// KindTerm rules are about the word itself (inclusive or plain
	// language, product names): the restricted wording is flagged wherever
	// it stands.
	KindTerm RuleKind = iota
	// KindClaim rules are about what a sentence asserts: a match that the
	// same clause negates before it, or that is quoted as the thing not to
	// say, is not flagged (and so never rewritten).
	KindClaim
)

// String returns the TOML spelling of k.
func (k RuleKind) String() string {
	if k == KindClaim {
		return "claim"
	}
	return "term"
}

// ParseRuleKind reads a rule kind: "claim" or "term".
func ParseRuleKind(s string) (RuleKind, error) {
	switch s {
	case "term":
		return KindTerm, nil
	case "claim":
		return KindClaim, nil
	}
	return 0, fmt.Errorf("unknown kind %q (want \"claim\" or \"term\")", s)
}

// parseKind reads a rule's own `kind`. A rule without one takes its file's
// [pack] kind (applyPackKind).
func (d *docCtx) parseKind(m map[string]any, path []string, r *Rule) {
	v, present := m["kind"]
	if !present {
		return
	}
	s, ok := v.(string)
	if !ok {
		d.errs.add(d.valPos(child(path, "kind")...), "kind must be a string (\"claim\" or \"term\"), not %s", typeName(v))
		return
	}
	k, err := ParseRuleKind(s)
	if err != nil {
		d.errs.add(d.valPos(child(path, "kind")...), "%s", err)
		return
	}
	r.Kind = k
	r.kindSet = true
}

// parsePackKind reads `kind` in the [pack] table: the default kind of the
// file's own rules.
func (d *docCtx) parsePackKind(p *Pack, v any) {
	s, ok := v.(string)
	if !ok {
		d.errs.add(d.valPos("pack", "kind"), "pack kind must be a string (\"claim\" or \"term\"), not %s", typeName(v))
		return
	}
	k, err := ParseRuleKind(s)
	if err != nil {
		d.errs.add(d.valPos("pack", "kind"), "pack %s", err)
		return
	}
	p.Kind = k
}

// applyPackKind gives the file's rules without their own `kind` the
// [pack] kind. It applies to this file's rules only, never to the rules of
// packs it extends.
func applyPackKind(p *Pack) {
	for _, r := range p.Rules {
		if !r.kindSet {
			r.Kind = p.Kind
		}
	}
}

// ContextMode is how far around a match `when` and `unless` terms are
// looked for. The zero value is ContextSentence.
type ContextMode uint8

const (
	ContextSentence ContextMode = iota // the sentence holding the match
	ContextClause                      // the clause holding the match
	ContextWords                       // N words on either side of the match, within its sentence
)

// MaxContextWords bounds `context = N`.
const MaxContextWords = 1000

// Context is a rule's `context`: where its `when`/`unless` terms count.
type Context struct {
	Mode  ContextMode
	Words int // ContextWords: words on either side of the match
}

// String returns the TOML spelling of c.
func (c Context) String() string {
	switch c.Mode {
	case ContextClause:
		return "clause"
	case ContextWords:
		return fmt.Sprint(c.Words)
	}
	return "sentence"
}

// parseContext reads a rule's `context`: "sentence", "clause" or a number
// of words.
func (d *docCtx) parseContext(m map[string]any, path []string, r *Rule) {
	v, present := m["context"]
	if !present {
		return
	}
	at := d.valPos(child(path, "context")...)
	switch x := v.(type) {
	case string:
		switch strings.TrimSpace(x) {
		case "sentence":
			r.Context = Context{Mode: ContextSentence}
		case "clause":
			r.Context = Context{Mode: ContextClause}
		default:
			d.errs.add(at, "unknown context %q (want \"sentence\", \"clause\" or a number of words, e.g. context = 5)", x)
		}
	case int64:
		if x < 1 || x > MaxContextWords {
			d.errs.add(at, "context = %d is out of range: a number of words must be 1 to %d", x, MaxContextWords)
			return
		}
		r.Context = Context{Mode: ContextWords, Words: int(x)}
	default:
		d.errs.add(at, "context must be \"sentence\", \"clause\" or a number of words, not %s", typeName(v))
	}
}
