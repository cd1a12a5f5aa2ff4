package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// ANSI styles of the text format.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiRed     = "\x1b[1;31m"
	ansiYellow  = "\x1b[1;33m"
	ansiBlue    = "\x1b[1;34m"
	ansiCyan    = "\x1b[1;36m"
	ansiGreen   = "\x1b[1;32m"
	ansiGutter  = "\x1b[1;34m"
	ansiFaint   = "\x1b[2m"
	ansiFixText = "\x1b[32m"
)

// ColorEnabled reports whether text output to f should be coloured: f is a
// terminal (character device), NO_COLOR is unset or empty, and TERM is not
// "dumb".
func ColorEnabled(f *os.File) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	if f == nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}

type styler bool

func (s styler) wrap(style, text string) string {
	if !s || text == "" {
		return text
	}
	return style + text + ansiReset
}

func severityStyle(sev rules.Severity) string {
	switch sev {
	case rules.SeverityError:
		return ansiRed
	case rules.SeverityWarning:
		return ansiYellow
	case rules.SeverityInfo:
		return ansiBlue
	}
	return ansiCyan
}

// WriteText writes r like a compiler does:
//
//	path:line:col: severity: message [rule-id]
//	  12 | the source line
//	     |     ^~~~~~~
//	  fix: 'replacement'
//	  matched `{give} access to {models}` (give: "gives", models: "GPT-4o")
//
// The last line is shown only for a phrase template. Config errors come first as "path:line:col: error: message", findings
// follow in Flatten order, each block followed by a blank line, and one
// summary line ends the output.
func WriteText(w io.Writer, r *Result, opts Options) error {
	bw := bufio.NewWriter(w)
	st := styler(opts.Color)

	errs := SortedErrors(r)
	for _, e := range errs {
		fmt.Fprintf(bw, "%s %s %s\n", st.wrap(ansiBold, errorLocation(e)+":"),
			st.wrap(ansiRed, "error:"), cleanLine(e.Message))
	}
	if len(errs) > 0 {
		bw.WriteString("\n")
	}

	for _, it := range Flatten(r) {
		sev := severityName(it.Severity)
		loc := fmt.Sprintf("%s:%d:%d:", clean(it.Path), it.Line, it.Column)
		fmt.Fprintf(bw, "%s %s %s %s\n", st.wrap(ansiBold, loc),
			st.wrap(severityStyle(it.Severity), sev+":"), cleanLine(it.Message),
			st.wrap(ansiFaint, "["+clean(it.Rule)+"]"))
		writeSnippet(bw, st, it)
		one, many := "fix:", "fixes:"
		if it.Fix == rules.FixSuggest {
			one, many = "suggestion:", "suggestions:" // not applied by --fix
		}
		switch len(it.Replacements) {
		case 0:
		case 1:
			fmt.Fprintf(bw, "  %s %s\n", st.wrap(ansiGreen, one), st.wrap(ansiFixText, quote(it.Replacements[0])))
		default:
			q := make([]string, len(it.Replacements))
			for i, s := range it.Replacements {
				q[i] = quote(s)
			}
			fmt.Fprintf(bw, "  %s %s\n", st.wrap(ansiGreen, many), st.wrap(ansiFixText, strings.Join(q, ", ")))
		}
		if note := it.TemplateNote(); note != "" {
			fmt.Fprintf(bw, "  %s\n", st.wrap(ansiFaint, oneLine(note)))
		}
		bw.WriteString("\n")
	}
	for _, n := range Notes(r) {
		loc := fmt.Sprintf("%s:%d:%d:", clean(n.Path), n.Line, n.Column)
		fmt.Fprintf(bw, "%s %s %s\n\n", st.wrap(ansiBold, loc), st.wrap(ansiCyan, "note:"), cleanLine(n.Message))
	}

	bw.WriteString(st.wrap(ansiBold, summary(r, errs)) + "\n")
	return bw.Flush()
}

func errorLocation(e Error) string {
	p := clean(e.Path)
	switch {
	case e.Path == "":
		return "guardrail"
	case e.Line <= 0:
		return p
	case e.Column <= 0:
		return fmt.Sprintf("%s:%d", p, e.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p, e.Line, e.Column)
}

func quote(s string) string { return "'" + cleanLine(s) + "'" }

// oneLine replaces the line breaks of a message (a {match} may span lines)
// by spaces, for line-oriented output.
var oneLine = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace

// summary is the last line of text output, for example
// "1 error, 2 warnings in 2 of 5 files" or "no problems found in 5 files";
// errors are counted by kind ("; 1 configuration error, 1 file not fixed").
func summary(r *Result, errs []Error) string {
	nerrs := len(errs)
	c := Count(r)
	checked := len(r.Files)
	var s string
	switch {
	case c.Total() == 0 && nerrs > 0:
		s = "no findings in " + plural(checked, "file", "files")
	case c.Total() == 0:
		s = "no problems found in " + plural(checked, "file", "files")
	default:
		var parts []string
		add := func(n int, one, many string) {
			if n > 0 {
				parts = append(parts, plural(n, one, many))
			}
		}
		add(c.Error, "error", "errors")
		add(c.Warning, "warning", "warnings")
		add(c.Info, "info", "infos")
		add(c.Hint, "hint", "hints")
		s = strings.Join(parts, ", ")
		if c.Files == checked {
			s += " in " + plural(checked, "file", "files")
		} else {
			s += fmt.Sprintf(" in %d of %s", c.Files, plural(checked, "file", "files"))
		}
	}
	if n := fixable(r); n > 0 {
		s += ", " + strconv.Itoa(n) + " fixable with --fix"
	}
	var kinds [3]int
	for _, e := range errs {
		if int(e.Kind) < len(kinds) {
			kinds[e.Kind]++
		}
	}
	var parts []string
	if n := kinds[ConfigError]; n > 0 {
		parts = append(parts, plural(n, "configuration error", "configuration errors"))
	}
	if n := kinds[ReadError]; n > 0 {
		parts = append(parts, plural(n, "folder or file not read", "folders or files not read"))
	}
	if n := kinds[FixError]; n > 0 {
		parts = append(parts, plural(n, "file not fixed", "files not fixed"))
	}
	if len(parts) > 0 {
		s += "; " + strings.Join(parts, ", ")
	}
	return s
}

// fixable counts the reported findings that --fix would fix: those with
// a replacement whose fix is auto.
func fixable(r *Result) int {
	n := 0
	for _, f := range r.Files {
		for _, fd := range f.Findings {
			if len(fd.Replacements) > 0 && fd.Fix == rules.FixAuto {
				n++
			}
		}
	}
	return n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// maxSnippetWidth is the widest source excerpt shown, in terminal columns.
// Longer lines (unwrapped Markdown paragraphs) are cut around the match.
const maxSnippetWidth = 100

// snippetContext is how many columns of text before the match a cut line
// keeps.
const snippetContext = 24

// writeSnippet writes the first line of the finding's range and an
// underline beneath the part of it that the range covers.
func writeSnippet(w *bufio.Writer, st styler, it Item) {
	src := it.File.Src
	if src == nil {
		return
	}
	idx := it.idx
	if idx == nil {
		idx = analysis.NewLineIndex(src)
	}
	l := it.Line - 1
	ls, le := idx.LineStart(l), idx.LineEnd(l)
	start := clamp(it.Start, ls, le)
	end := clamp(it.End, start, le)
	if it.EndLine > it.Line {
		end = le // underline to the end of the first line
	}
	// A huge line (a minified file): lay out only the bytes around the
	// match that the window can show (a character is at most 4 bytes).
	cutL, cutR := false, false
	if le-ls > 16*maxSnippetWidth {
		lo, hi := max(ls, start-4*snippetContext), min(le, start+4*maxSnippetWidth)
		for lo > ls && !utf8.RuneStart(src[lo]) {
			lo--
		}
		for hi < le && !utf8.RuneStart(src[hi]) {
			hi++
		}
		cutL, cutR = lo > ls, hi < le
		ls, le = lo, hi
		end = min(end, le)
	}
	cells := layout(src[ls:le])
	cs, ce := cellCol(cells, start-ls), cellCol(cells, end-ls)

	total := 0
	if len(cells) > 0 {
		total = cells[len(cells)-1].col + cells[len(cells)-1].width
	}
	ws, we := 0, total
	if total > maxSnippetWidth || cutL || cutR {
		ws = max(cs-snippetContext, 0)
		we = ws + maxSnippetWidth
		if we > total {
			we = total
			ws = max(we-maxSnippetWidth, 0)
		}
	}
	var line strings.Builder
	lead := 0
	if ws > 0 || cutL {
		line.WriteString("...")
		lead = 3
	}
	first := -1
	for _, c := range cells {
		if c.col < ws || c.col+c.width > we {
			continue
		}
		if first < 0 {
			first = c.col
		}
		line.WriteString(c.text)
	}
	if first < 0 {
		first = ws
	}
	if we < total || cutR {
		line.WriteString("...")
	}
	// Underline, clipped to the window.
	ucs, uce := max(cs, first), min(ce, we)
	if uce < ucs {
		uce = ucs
	}
	n := uce - ucs
	underline := "^"
	if n > 1 {
		underline += strings.Repeat("~", n-1)
	}
	num := strconv.Itoa(it.Line)
	pad := strings.Repeat(" ", len(num))
	text := strings.TrimRight(line.String(), " ")
	fmt.Fprintf(w, " %s %s\n", st.wrap(ansiGutter, num+" |"), text)
	fmt.Fprintf(w, " %s %s%s\n", st.wrap(ansiGutter, pad+" |"),
		strings.Repeat(" ", lead+ucs-first), st.wrap(ansiGreen, underline))
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// WriteErrors writes only r's errors, as WriteText does (for stderr, when
// stdout carries a document).
func WriteErrors(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	for _, e := range SortedErrors(r) {
		fmt.Fprintf(bw, "%s error: %s\n", errorLocation(e)+":", cleanLine(e.Message))
	}
	return bw.Flush()
}
