package rules

import "fmt"

// FixMode says what may be done with a rule's approved phrases. The zero
// value is FixAuto.
type FixMode uint8

const (
	// FixAuto: the preferred approved phrase is applied by `check --fix`
	// and by "Fix all" in the editor; every approved phrase is a quick fix.
	FixAuto FixMode = iota
	// FixSuggest: every approved phrase is offered as a quick fix (none
	// preferred) and listed in a finding's replacements, but never applied
	// by `check --fix` or "Fix all".
	FixSuggest
	// FixNone: flag only; findings have no replacements (the approved
	// phrases still fill {approved} in the message).
	FixNone
)

// String returns the TOML spelling of m.
func (m FixMode) String() string {
	switch m {
	case FixSuggest:
		return "suggest"
	case FixNone:
		return "none"
	}
	return "auto"
}

// ParseFixMode reads a rule's `fix`: "auto", "suggest" or "none".
func ParseFixMode(s string) (FixMode, error) {
	switch s {
	case "auto":
		return FixAuto, nil
	case "suggest":
		return FixSuggest, nil
	case "none":
		return FixNone, nil
	}
	return 0, fmt.Errorf("unknown fix %q (want \"auto\", \"suggest\" or \"none\")", s)
}

// parseFix reads a rule's `fix` (default "auto").
func (d *docCtx) parseFix(m map[string]any, path []string, r *Rule) {
	v, present := m["fix"]
	if !present {
		return
	}
	at := d.valPos(child(path, "fix")...)
	s, ok := v.(string)
	if !ok {
		d.errs.add(at, "fix must be a string (\"auto\", \"suggest\" or \"none\"), not %s", typeName(v))
		return
	}
	f, err := ParseFixMode(s)
	if err != nil {
		d.errs.add(at, "%s", err)
		return
	}
	r.Fix = f
}
