package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// JSONReport is the object printed by `check --format json`.
type JSONReport struct {
	Version  int           `json:"version"`
	Findings []JSONFinding `json:"findings"`
	Errors   []JSONError   `json:"errors"`
	// Notes are remarks that are not findings (findings left out past
	// --max-findings); the key is present only when there are some.
	Notes []JSONNote `json:"notes,omitempty"`
}

// JSONNote is one entry of "notes" in JSON output.
type JSONNote struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONFinding is one finding in JSON output. Lines and columns are 1-based,
// columns count code points and EndColumn is exclusive; Offset and EndOffset
// are byte offsets.
type JSONFinding struct {
	Path         string   `json:"path"`
	Rule         string   `json:"rule"`
	Severity     string   `json:"severity"`
	Message      string   `json:"message"`
	Line         int      `json:"line"`
	Column       int      `json:"column"`
	EndLine      int      `json:"endLine"`
	EndColumn    int      `json:"endColumn"`
	Offset       int      `json:"offset"`
	EndOffset    int      `json:"endOffset"`
	Match        string   `json:"match"`
	Replacements []string `json:"replacements"`
	// Fix is "suggest" when the replacements are only suggestions, which
	// --fix does not apply (the rule says fix = "suggest", or the match is
	// likely an acronym); absent otherwise: --fix applies the first
	// replacement, if any.
	Fix string `json:"fix,omitempty"`
	// Template and Slots are present only for a phrase template: the
	// restricted phrase as written and what each slot matched.
	Template string     `json:"template,omitempty"`
	Slots    []JSONSlot `json:"slots,omitempty"`
}

// JSONSlot is what one slot of a phrase template matched.
type JSONSlot struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// JSONError is one entry of "errors" in JSON output.
type JSONError struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSON builds the JSON report of r: lists are never null.
func JSON(r *Result) JSONReport {
	out := JSONReport{Version: 1, Findings: []JSONFinding{}, Errors: []JSONError{}}
	for _, it := range Flatten(r) {
		repl := it.Replacements
		if repl == nil {
			repl = []string{}
		}
		out.Findings = append(out.Findings, JSONFinding{
			Path:         it.Path,
			Rule:         it.Rule,
			Severity:     severityName(it.Severity),
			Message:      it.Message,
			Line:         it.Line,
			Column:       it.Column,
			EndLine:      it.EndLine,
			EndColumn:    it.EndColumn,
			Offset:       it.Start,
			EndOffset:    it.End,
			Match:        it.Match,
			Replacements: repl,
			Fix:          jsonFixMode(it.Fix, len(repl)),
			Template:     it.Template,
			Slots:        jsonSlots(it.Slots),
		})
	}
	for _, e := range SortedErrors(r) {
		out.Errors = append(out.Errors, JSONError{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Message})
	}
	for _, n := range Notes(r) {
		out.Notes = append(out.Notes, JSONNote(n))
	}
	return out
}

// WriteJSON writes r as one indented JSON object followed by a newline:
// {"version": 1, "findings": [...], "errors": [...]}. The bytes are
// those of encoding/json writing JSON(r) (see json_stream.go).
func WriteJSON(w io.Writer, r *Result, opts Options) error {
	return writeJSONReport(w, r)
}

// writeJSON writes v indented, with every control character escaped.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

func jsonSlots(slots []analysis.Slot) []JSONSlot {
	if len(slots) == 0 {
		return nil
	}
	out := make([]JSONSlot, len(slots))
	for i, s := range slots {
		out[i] = JSONSlot(s)
	}
	return out
}

// jsonFixMode is a finding's "fix": set only for suggestions.
func jsonFixMode(m rules.FixMode, replacements int) string {
	if m == rules.FixSuggest && replacements > 0 {
		return "suggest"
	}
	return ""
}
