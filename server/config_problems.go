package server

import (
	"fmt"

	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
)

// maxConfigProblems caps the problems shown for one config or pack file: a
// pack of 200,000 broken rules must not cost a quadratic merge or a
// hundred-megabyte publish. Past it, one information diagnostic says how
// many more there are.
const maxConfigProblems = 1000

// errKey identifies a problem, for merging lists without duplicates.
type errKey struct {
	pos     rules.Position
	msg     string
	warning bool
}

func keyOf(e *rules.Error) errKey { return errKey{e.Pos, e.Msg, e.Warning} }

// mergeErrs appends to list the problems of more it does not hold yet.
func mergeErrs(list, more []*rules.Error) []*rules.Error {
	if len(more) == 0 {
		return list
	}
	seen := make(map[errKey]bool, len(list))
	for _, e := range list {
		seen[keyOf(e)] = true
	}
	for _, e := range more {
		if k := keyOf(e); !seen[k] {
			seen[k] = true
			list = append(list, e)
		}
	}
	return list
}

// moreProblems is the note after the first maxConfigProblems problems.
func moreProblems() protocol.Diagnostic {
	return protocol.Diagnostic{
		Severity: protocol.DiagnosticSeverityInformation,
		Source:   "guardrail",
		Message:  fmt.Sprintf("More problems in this file are not shown: guardrail shows the first %s.", countText(maxConfigProblems)),
	}
}
