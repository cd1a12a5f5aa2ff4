package rules

import (
	"fmt"
	"sort"

	near "github.com/guardrail-dev/guardrail/internal/suggest"
)

// errorList collects the problems of one load.
type errorList []*Error

func (l *errorList) add(pos Position, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (l *errorList) warn(pos Position, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// hasErrors reports whether any problem in errs is not a warning.
func hasErrors(errs []*Error) bool {
	for _, e := range errs {
		if !e.Warning {
			return true
		}
	}
	return false
}

// HasErrors reports whether any of errs is an error rather than a warning.
func HasErrors(errs []*Error) bool { return hasErrors(errs) }

// sortErrors orders errs by file, line and column, and drops exact
// duplicates (the same problem reached through two paths).
func sortErrors(errs []*Error) []*Error {
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].Pos, errs[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	out := errs[:0]
	seen := map[string]bool{}
	for _, e := range errs {
		k := fmt.Sprintf("%v\x00%s\x00%v", e.Pos, e.Msg, e.Warning)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// typeName describes a decoded TOML value for error messages.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case nil:
		return "nothing"
	}
	return "a date/time"
}

// suggest returns " (did you mean "x"?)" when name is a near miss of one of
// known, and "" otherwise.
func suggest(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := near.Distance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
