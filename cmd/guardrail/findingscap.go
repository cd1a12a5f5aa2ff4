package main

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/cmd/guardrail/report"
	"github.com/guardrail-dev/guardrail/rules"
)

// defaultMaxFindings is the default of --max-findings: the most findings
// reported for one file, as the server's maxFindings.
const defaultMaxFindings = 1000

// shown keeps the findings of one file that the report shows: those at
// least minSev, the first max of them in document order (0: all), with
// the server's note at the first one left out. maxSev is the highest
// severity among all the findings kept by minSev, shown or not (the exit
// code considers them all). A file without findings keeps no source text,
// so a run over many files holds only the texts it reports on.
func shown(path string, src []byte, found []analysis.Finding, minSev rules.Severity, max int) (f report.File, maxSev rules.Severity) {
	maxSev = rules.SeverityOff
	kept := found[:0] // filtered in place: the engine's list is ours
	for _, fd := range found {
		if fd.Severity >= minSev {
			kept = append(kept, fd)
			maxSev = maxOf(maxSev, fd.Severity)
		}
	}
	f = report.File{Path: path, Findings: kept}
	if max > 0 && len(kept) > max {
		sort.SliceStable(kept, func(i, j int) bool {
			a, b := &kept[i], &kept[j]
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.End != b.End {
				return a.End < b.End
			}
			return a.Rule < b.Rule
		})
		f.Notes = []report.Note{{Offset: kept[max].Start, Message: capNote(max, len(kept))}}
		// Copy, so that the engine's full list can be freed.
		f.Findings = append([]analysis.Finding(nil), kept[:max]...)
	}
	if len(f.Findings) > 0 {
		f.Src = src
	}
	return f, maxSev
}

func maxOf(a, b rules.Severity) rules.Severity {
	if b > a {
		return b
	}
	return a
}

// capNote is the note at the first finding left out, worded as the
// server's (setting guardrail.maxFindings there, the flag here).
func capNote(max, total int) string {
	verb := "are"
	if total-max == 1 {
		verb = "is"
	}
	return fmt.Sprintf("guardrail shows the first %s of %s findings in this document; %s more from here on %s not shown (--max-findings).",
		countText(max), countText(total), countText(total-max), verb)
}

// countText is n with thousands separators ("1,234,567").
func countText(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
