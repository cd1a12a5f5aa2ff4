package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/guardrail-dev/guardrail/cmd/guardrail/report"
	"github.com/guardrail-dev/guardrail/rules"
)

// packInfo is one built-in pack as `rules packs --format json` prints it.
type packInfo struct {
	Name        string `json:"name"`
	Extends     string `json:"extends"` // what to write in extends = [...]
	Description string `json:"description"`
	Rules       int    `json:"rules"`
	Default     bool   `json:"default"`
}

// rulesPacks lists every built-in pack: name, whether it applies by
// default, its rule count and description.
func (a *app) rulesPacks(format string, rest []string) (int, error) {
	a = a.cleaned()
	if len(rest) > 0 {
		return exitUsage, usagef("rules packs: takes no arguments, got %q", rest[0])
	}
	if format != "text" && format != "json" {
		return exitUsage, usagef("rules packs: unknown --format %q (want text or json)", format)
	}
	var packs []packInfo
	for _, n := range rules.BuiltinNames() {
		p, err := rules.Builtin(n)
		if err != nil {
			return exitUsage, fmt.Errorf("built-in pack %s: %v", n, err)
		}
		packs = append(packs, packInfo{Name: n, Extends: rules.BuiltinPrefix + n, Description: strings.TrimSpace(p.Description), Rules: len(p.Rules), Default: p.Default})
	}
	if format == "json" {
		if packs == nil {
			packs = []packInfo{}
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return exitOK, enc.Encode(packs)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PACK\tDEFAULT\tRULES\tDESCRIPTION")
	for _, p := range packs {
		def := "no"
		if p.Default {
			def = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", p.Extends, def, p.Rules, report.Clean(firstSentence(p.Description)))
	}
	tw.Flush()
	fmt.Fprintln(a.stdout, "\nSwitch a pack on with extends = [\"builtin:NAME\"] in .guardrail.toml; 'guardrail rules list --config builtin:NAME' lists its rules.")
	return exitOK, nil
}

// firstSentence is the description up to its first ". " (one line).
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	if r := []rune(s); len(r) > 100 {
		cut := string(r[:100])
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
		s = strings.TrimRight(cut, ",;:") + "…"
	}
	return s
}
