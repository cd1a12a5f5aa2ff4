package valeimport

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteTOML writes the result as a guardrail pack: a header, every Vale
// rule not converted (as comments, with the reason), then the rules.
func (res *Result) WriteTOML(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Converted from Vale by `guardrail import vale %s`.\n", commentSafe(res.Source))
	fmt.Fprintf(bw, "# Styles: %s. %d Vale rules read, %d guardrail rules written.\n",
		strings.Join(res.Styles, ", "), res.ValeRules, len(res.Rules))
	for _, n := range res.Notes {
		fmt.Fprintf(bw, "# Note: %s\n", commentSafe(n))
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(bw, "#\n# Not converted (%d):\n", len(res.Skipped))
		for _, s := range res.Skipped {
			fmt.Fprintf(bw, "#   %s\n", commentSafe(s.String()))
		}
	}
	fmt.Fprintf(bw, "\n[pack]\nname = %s\ndescription = %s\n",
		tomlString(res.PackName), tomlString("Vale styles "+strings.Join(res.Styles, ", ")+", converted by guardrail import vale."))
	for _, r := range res.Rules {
		writeRule(bw, r)
	}
	return bw.Flush()
}

func writeRule(w *bufio.Writer, r *Rule) {
	fmt.Fprintf(w, "\n# %s\n", commentSafe(r.From))
	for _, n := range r.Notes {
		fmt.Fprintf(w, "# Note: %s\n", commentSafe(n))
	}
	fmt.Fprintf(w, "[[rule]]\nid = %s\n", tomlString(r.ID))
	if r.Message != "" {
		fmt.Fprintf(w, "message = %s\n", tomlString(r.Message))
	}
	fmt.Fprintf(w, "severity = %s\n", tomlString(r.Severity))
	writeList(w, "restricted", r.Restricted, escapeTemplate)
	writeList(w, "approved", r.Approved, escapeTemplate)
	if len(r.Approved) > 0 {
		// Vale never rewrites a file itself: it reports, and an editor
		// integration offers the replacement for the writer to pick.
		// `check --fix` must not apply what Vale only suggests.
		fmt.Fprintf(w, "fix = %s\n", tomlString("suggest"))
	}
	writeList(w, "patterns", r.Patterns, nil)
	if r.CaseSensitive {
		w.WriteString("case_sensitive = true\n")
	}
	if r.Headings {
		w.WriteString("scopes = [\"headings\"]\n")
	}
	writeList(w, "files", r.Files, nil)
	if r.Link != "" {
		fmt.Fprintf(w, "link = %s\n", tomlString(r.Link))
	}
	if r.Rationale != "" {
		fmt.Fprintf(w, "rationale = %s\n", tomlString(r.Rationale))
	}
}

// writeList writes key = [...], one item a line when there are several.
func writeList(w *bufio.Writer, key string, items []string, conv func(string) string) {
	if len(items) == 0 {
		return
	}
	q := make([]string, len(items))
	for i, it := range items {
		if conv != nil {
			it = conv(it)
		}
		q[i] = tomlString(it)
	}
	if len(q) == 1 {
		fmt.Fprintf(w, "%s = [%s]\n", key, q[0])
		return
	}
	fmt.Fprintf(w, "%s = [\n", key)
	for _, s := range q {
		fmt.Fprintf(w, "  %s,\n", s)
	}
	w.WriteString("]\n")
}

// escapeTemplate escapes the characters guardrail's phrase templates give
// a meaning to, so the phrase matches as written.
func escapeTemplate(s string) string {
	if !strings.ContainsAny(s, `{}[]()|\`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`{}[]()|\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// tomlString quotes s: a literal string when it can be one (regexes read
// best that way), else a basic string with escapes.
func tomlString(s string) string {
	literal := utf8.ValidString(s) && !strings.ContainsAny(s, "'")
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			literal = false
		}
	}
	if literal {
		return "'" + s + "'"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		case r == utf8.RuneError:
			b.WriteString(`\uFFFD`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// commentSafe keeps a comment on one line.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
