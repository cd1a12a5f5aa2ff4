package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/internal/suggest"
	"github.com/guardrail-dev/guardrail/rules"
)

// loadRules returns the rules a `rules` subcommand works on: those of the
// given config or pack file ("builtin:NAME" included), or with no path the
// effective rules of the current folder.
func (a *app) loadRules(path string) ([]*rules.Rule, []*rules.Error) {
	if path == "" {
		cwd, err := os.Getwd()
		if err != nil {
			return nil, []*rules.Error{{Msg: err.Error()}}
		}
		cfg, errs := rules.NewLoader(rules.Options{}).ConfigForDir(cwd)
		if cfg == nil {
			return nil, errs
		}
		return cfg.Rules, cfg.Warnings
	}
	if strings.HasPrefix(path, rules.BuiltinPrefix) {
		p, err := rules.Builtin(path)
		if err != nil {
			return nil, []*rules.Error{{Pos: rules.Position{File: path}, Msg: err.Error()}}
		}
		return p.Rules, nil
	}
	if _, err := os.Stat(path); err != nil {
		return nil, []*rules.Error{{Pos: rules.Position{File: path}, Msg: statProblem(path, err)}}
	}
	// A config or pack file: everything it brings in, as --config would.
	cfg, errs := rules.NewLoader(rules.Options{ConfigFile: path}).ConfigForDir(filepath.Dir(path))
	if cfg == nil {
		return nil, errs
	}
	return cfg.Rules, cfg.Warnings
}

func (a *app) printRuleErrors(errs []*rules.Error) bool {
	broken := false
	for _, e := range errs {
		kind := "error"
		if e.Warning {
			kind = "warning"
		} else {
			broken = true
		}
		fmt.Fprintf(a.stderr, "%s: %s: %s\n", shownPos(e.Pos), kind, e.Msg)
	}
	return broken
}

func (a *app) rulesTest(verbose bool, paths []string) (int, error) {
	a = a.cleaned()
	if len(paths) == 0 {
		paths = []string{""}
	}
	failed, examples, ruleCount := 0, 0, 0 // failed: examples that failed
	seen := map[*rules.Rule]bool{}
	for _, p := range paths {
		rs, errs := a.loadRules(p)
		if a.printRuleErrors(errs) {
			return exitUsage, nil
		}
		for _, r := range rs {
			if seen[r] {
				continue
			}
			seen[r] = true
			ruleCount++
			examples += len(r.Examples)
			// An example may fail more than one way; a failure of the
			// rule itself (Example -1) fails all its examples.
			bad := map[int]bool{}
			for _, fl := range analysis.TestExamples(r) {
				bad[fl.Example] = true
				fmt.Fprintf(a.stdout, "%s: FAIL %s: %s\n", shownPos(fl.Pos), r.ID, fl.Msg)
			}
			if bad[-1] {
				failed += max(len(r.Examples), 1)
			} else {
				failed += len(bad)
			}
			if verbose {
				fmt.Fprintf(a.stdout, "%s: %d examples\n", r.ID, len(r.Examples))
			}
		}
	}
	fmt.Fprintf(a.stdout, "%d rules, %d examples: %d passed, %d failed\n", ruleCount, examples, max(examples-failed, 0), failed)
	if failed > 0 {
		return exitFindings, nil
	}
	return exitOK, nil
}

func (a *app) rulesList(configPath string) (int, error) {
	a = a.cleaned()
	rs, errs := a.loadRules(configPath)
	if a.printRuleErrors(errs) {
		return exitUsage, nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSOURCE")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, ruleSource(r))
	}
	tw.Flush()
	return exitOK, nil
}

// shownPos is a position with its file shown as displayPath shows it.
func shownPos(p rules.Position) rules.Position {
	if p.File != "" && !strings.HasPrefix(p.File, rules.BuiltinPrefix) {
		p.File = displayPath(p.File)
	}
	return p
}

// ruleSource is where a rule is defined: builtin:NAME or file:line.
func ruleSource(r *rules.Rule) string {
	if r.Pos.File == "" {
		return r.Pack
	}
	if strings.HasPrefix(r.Pos.File, rules.BuiltinPrefix) {
		return r.Pos.File
	}
	file := r.Pos.File
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(file), r.Pos.Line)
}

func (a *app) explain(configPath string, ids []string) (int, error) {
	a = a.cleaned()
	if len(ids) != 1 {
		return exitUsage, usagef("explain: want one rule id")
	}
	id := ids[0]
	rs, errs := a.loadRules(configPath)
	broken := a.printRuleErrors(errs)
	var found *rules.Rule
	for _, r := range rs {
		if r.ID == id {
			found = r
		}
	}
	if found == nil {
		// Built-in rules are explained even where they are not enabled.
		for _, name := range rules.BuiltinNames() {
			if p, err := rules.Builtin(name); err == nil {
				for _, r := range p.Rules {
					if r.ID == id {
						found = r
					}
				}
			}
		}
	}
	if found == nil {
		if id == analysis.UnusedSuppressionRule {
			fmt.Fprintf(a.stdout, "%s (hint)\n\nA guardrail-disable comment that suppresses nothing: the finding it was\nwritten for is gone, or it names a rule id that does not exist or does not\nmatch on that line. Remove it or correct the ids.\n", id)
			return exitOK, nil
		}
		if broken {
			return exitUsage, usagef("explain: rule %q not found: the configuration has errors (above), fix them first", id)
		}
		if near, ok := suggest.Closest(id, ruleIDs(rs)); ok {
			return exitUsage, usagef("explain: unknown rule %q (did you mean %q? see 'guardrail rules list')", id, near)
		}
		return exitUsage, usagef("explain: unknown rule %q (see 'guardrail rules list')", id)
	}
	r := found
	w := a.stdout
	fmt.Fprintf(w, "%s (%s)\n", r.ID, r.Severity)
	fmt.Fprintf(w, "Source: %s\n\n", ruleSource(r))
	fmt.Fprintf(w, "Message: %s\n", r.Message)
	if r.Rationale != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(r.Rationale))
	}
	if len(r.Restricted) > 0 {
		fmt.Fprintf(w, "\nRestricted:\n")
		for _, p := range r.Restricted {
			fmt.Fprintf(w, "  - %s%s\n", p, templateSize(r, p))
		}
	}
	if len(r.Patterns) > 0 {
		fmt.Fprintf(w, "\nPatterns:\n")
		for _, p := range r.Patterns {
			fmt.Fprintf(w, "  - %s\n", p)
		}
	}
	if len(r.Approved) > 0 {
		switch r.Fix {
		case rules.FixSuggest:
			fmt.Fprintf(w, "\nApproved (offered as fixes, never applied by --fix or Fix all):\n")
		case rules.FixNone:
			fmt.Fprintf(w, "\nApproved (flag only: fix = \"none\"):\n")
		default:
			fmt.Fprintf(w, "\nApproved (first is the fix):\n")
		}
		for _, p := range r.Approved {
			fmt.Fprintf(w, "  - %s\n", p)
		}
	} else {
		fmt.Fprintf(w, "\nNo approved wording: flagged for a person to rewrite.\n")
	}
	explainSets(w, r)
	var ctx []string
	if r.Kind == rules.KindClaim {
		ctx = append(ctx, "a claim: not when negated earlier in its clause or quoted as the thing not to say")
	}
	if len(r.When) > 0 {
		ctx = append(ctx, "only "+contextWords(r.Context, r.When))
	}
	if len(r.Unless) > 0 {
		ctx = append(ctx, "not "+contextWords(r.Context, r.Unless))
	}
	if r.Inflect {
		ctx = append(ctx, "also matches inflected forms of each phrase's first word")
	}
	if r.CaseSensitive {
		ctx = append(ctx, "case-sensitive")
	}
	if len(r.Files) > 0 {
		ctx = append(ctx, "only in files "+quoteList(r.Files))
	}
	if len(ctx) > 0 {
		fmt.Fprintf(w, "\nApplies: %s.\n", strings.Join(ctx, "; "))
	}
	if len(r.Examples) > 0 {
		fmt.Fprintf(w, "\nExamples:\n")
		for _, ex := range r.Examples {
			fmt.Fprintf(w, "  bad:  %s\n", oneLine(ex.Bad))
			if ex.Good != "" {
				fmt.Fprintf(w, "  good: %s\n", oneLine(ex.Good))
			}
		}
	}
	if r.Link != "" {
		fmt.Fprintf(w, "\nMore: %s\n", r.Link)
	}
	return exitOK, nil
}

// contextWords says where a rule's when/unless terms count, for explain.
func contextWords(c rules.Context, terms []string) string {
	switch c.Mode {
	case rules.ContextClause:
		return "in clauses mentioning " + quoteList(terms)
	case rules.ContextWords:
		return fmt.Sprintf("with %s within %d words of the match", quoteList(terms), c.Words)
	}
	return "in sentences mentioning " + quoteList(terms)
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + x + "'"
	}
	return strings.Join(q, ", ")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// schemaURL is the JSON Schema of .guardrail.toml in the repository. init
// writes it as a taplo "#:schema" directive, so every taplo-based editor
// (Even Better TOML, Zed, Helix with taplo) validates the file; the VS Code
// extension's tomlValidation and editors/schemastore-catalog.json name the
// same URL.
const schemaURL = "https://raw.githubusercontent.com/guardrail-dev/guardrail/main/editors/vscode/schemas/guardrail.schema.json"

const starterConfig = `#:schema ` + schemaURL + `
# guardrail configuration: https://github.com/guardrail-dev/guardrail#configuration
#
# Packs to apply: built-in ones (see 'guardrail rules list') and your own
# files, relative to this file.
extends = [%s]

# Files to check (default: every supported file type) and to skip.
# include = ["**/*.md", "docs/**"]
exclude = ["vendor/**", "node_modules/**"]

# Stop looking for configs in the folders above this one.
root = true

# Per-rule severity: error, warning, info, hint, or "off".
[severity]
# "sre.access-claim" = "error"

# Your own rules (see the README for the full format):
# [[rule]]
# id = "acme.product-name"
# message = "Write '{approved}', not '{match}'."
# restricted = ["Acme cloud"]
# approved = ["Acme Cloud"]
# case_sensitive = true
#
# [[rule.example]]
# bad = "Try Acme cloud today."
# good = "Try Acme Cloud today."
`

func (a *app) init(force bool) (int, error) {
	path := rules.ConfigFileName
	var packs []string
	for _, n := range rules.DefaultPackNames() {
		packs = append(packs, fmt.Sprintf("%q", rules.BuiltinPrefix+n))
	}
	sort.Strings(packs)
	content := fmt.Sprintf(starterConfig, strings.Join(packs, ", "))
	if err := writeNewConfig(path, []byte(content), force); err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(a.stdout, "wrote %s\n", path)
	return exitOK, nil
}
