package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/guardrail-dev/guardrail/rules"
)

// templateSize notes, after a restricted phrase that is a template, how
// many phrases it expands to.
func templateSize(r *rules.Rule, phrase string) string {
	if !rules.IsTemplate(phrase) {
		return ""
	}
	n := r.Expansions(phrase)
	if n == 1 {
		return "  (template: 1 phrase)"
	}
	return fmt.Sprintf("  (template: %d phrases)", n)
}

// maxSetEntriesShown is how many entries of a set explain lists.
const maxSetEntriesShown = 12

// explainSets lists the word sets the rule's templates use.
func explainSets(w io.Writer, r *rules.Rule) {
	names := r.SetsUsed()
	if len(names) == 0 {
		return
	}
	fmt.Fprintf(w, "\nSets:\n")
	for _, n := range names {
		entries := r.Sets.Entries(n)
		shown := entries
		more := ""
		if len(shown) > maxSetEntriesShown {
			shown = shown[:maxSetEntriesShown]
			more = fmt.Sprintf(" | … (%d more)", len(entries)-maxSetEntriesShown)
		}
		fmt.Fprintf(w, "  {%s} = %s%s  (%s)\n", n, strings.Join(shown, " | "), more, setSource(r.Sets.Pos(n)))
	}
}

// setSource is where a set is defined, relative to the current folder as
// ruleSource writes it.
func setSource(p rules.Position) string {
	file := p.File
	if !strings.HasPrefix(file, rules.BuiltinPrefix) {
		if cwd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(cwd, file); err == nil && !strings.HasPrefix(rel, "..") {
				file = rel
			}
		}
		file = filepath.ToSlash(file)
	}
	return fmt.Sprintf("%s:%d", file, p.Line)
}
