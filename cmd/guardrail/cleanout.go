package main

import "github.com/guardrail-dev/guardrail/cmd/guardrail/report"

// cleaned is a with stdout and stderr passing text through
// report.CleanWriter: the commands that print a repository's rules as
// written (explain, rules list, rules test) never send its control
// characters (an ESC sequence in a message) to the terminal.
func (a *app) cleaned() *app {
	c := *a
	c.stdout, c.stderr = report.CleanWriter(a.stdout), report.CleanWriter(a.stderr)
	return &c
}
