package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/guardrail-dev/guardrail/rules"
)

// WriteGitHub writes r as GitHub Actions workflow commands, one line per
// finding or config error:
//
//	::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::MESSAGE
//
// warning findings use ::warning, info and hint ::notice. Columns count code
// points and endColumn is exclusive; GitHub accepts columns only on
// single-line annotations, so a finding that spans lines gives line and
// endLine only. Line breaks in messages become spaces; other control
// characters are shown as clean does. Errors are ::error with title
// "guardrail config" (or "guardrail read", "guardrail fix"); notes are
// ::notice with title "guardrail".
func WriteGitHub(w io.Writer, r *Result, opts Options) error {
	bw := bufio.NewWriter(w)
	for _, e := range SortedErrors(r) {
		var props []string
		if e.Path != "" {
			props = append(props, "file="+escapeProperty(e.Path))
			if e.Line > 0 {
				props = append(props, "line="+strconv.Itoa(e.Line))
				if e.Column > 0 {
					props = append(props, "col="+strconv.Itoa(e.Column))
				}
			}
		}
		props = append(props, "title="+escapeProperty(errorTitle(e.Kind)))
		writeCommand(bw, "error", props, e.Message)
	}
	for _, it := range Flatten(r) {
		props := []string{
			"file=" + escapeProperty(it.Path),
			"line=" + strconv.Itoa(it.Line),
		}
		if it.EndLine == it.Line {
			props = append(props,
				"col="+strconv.Itoa(it.Column),
				"endLine="+strconv.Itoa(it.EndLine),
				"endColumn="+strconv.Itoa(it.EndColumn))
		} else {
			props = append(props, "endLine="+strconv.Itoa(it.EndLine))
		}
		props = append(props, "title="+escapeProperty(it.Rule))
		writeCommand(bw, githubCommand(it.Severity), props, oneLine(it.Message))
	}
	for _, n := range Notes(r) {
		props := []string{
			"file=" + escapeProperty(n.Path),
			"line=" + strconv.Itoa(n.Line),
			"col=" + strconv.Itoa(n.Column),
			"title=" + escapeProperty("guardrail"),
		}
		writeCommand(bw, "notice", props, oneLine(n.Message))
	}
	return bw.Flush()
}

// errorTitle is the annotation title of an error of kind k.
func errorTitle(k ErrorKind) string {
	switch k {
	case ReadError:
		return "guardrail read"
	case FixError:
		return "guardrail fix"
	}
	return "guardrail config"
}

func githubCommand(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityWarning:
		return "warning"
	}
	return "notice"
}

func writeCommand(w *bufio.Writer, cmd string, props []string, msg string) {
	w.WriteString("::")
	w.WriteString(cmd)
	if len(props) > 0 {
		w.WriteString(" ")
		w.WriteString(strings.Join(props, ","))
	}
	w.WriteString("::")
	w.WriteString(escapeData(msg))
	w.WriteString("\n")
}

// escapeData escapes a workflow command's message as the Actions toolkit
// does, and shows other control characters as clean does.
func escapeData(s string) string { return clean(dataEscaper.Replace(s)) }

// escapeProperty escapes a workflow command property value: also ':' and
// ','.
func escapeProperty(s string) string { return clean(propertyEscaper.Replace(s)) }

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
