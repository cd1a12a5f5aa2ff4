package main

import (
	"github.com/guardrail-dev/guardrail/cmd/guardrail/report"
)

// textColor says whether check's text output is coloured:
//
//   - --color always / never (--no-color is never) decide;
//   - --color auto (the default): never when NO_COLOR is set (non-empty);
//     always when FORCE_COLOR or CLICOLOR_FORCE is set to anything but
//     "" or "0" (CI logs that render ANSI colours); otherwise when stdout
//     is a terminal and TERM is not "dumb".
func (a *app) textColor(f checkFlags) (bool, error) {
	mode := f.color
	if f.noColor {
		mode = "never"
	}
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
	default:
		return false, usagef("check: unknown --color %q (want auto, always or never)", f.color)
	}
	if a.env("NO_COLOR") != "" {
		return false, nil
	}
	if forced(a.env("FORCE_COLOR")) || forced(a.env("CLICOLOR_FORCE")) {
		return true, nil
	}
	return report.ColorEnabled(a.stdoutFile), nil
}

// forced reads FORCE_COLOR and CLICOLOR_FORCE: set, and not "0" (nor
// "false", as some tools write FORCE_COLOR=false).
func forced(v string) bool {
	return v != "" && v != "0" && v != "false"
}
