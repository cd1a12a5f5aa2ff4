package main

import (
	"fmt"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The subcommands: each declares its flags on its cobra.Command and runs
// the command's body with the parsed values (check.go, lsp.go,
// rules_cmd.go, packs_cmd.go).

func (a *app) checkCommand() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:         "check [flags] [PATH...]",
		Short:       "check files and folders (default .)",
		Annotations: map[string]string{"synopsis": "check [flags] [PATH...]"},
		RunE: a.runE(func(cmd *cobra.Command, paths []string) (int, error) {
			f.formatSet = cmd.Flags().Changed("format")
			f.progressSet = cmd.Flags().Changed("progress")
			return a.check(f, paths)
		}),
	}
	fs := cmd.Flags()
	fs.StringVar(&f.format, "format", "text", "output format: text, json, sarif or github")
	fs.StringVar(&f.failOn, "fail-on", "warning", "exit 1 when a reported finding is at least this severe: error, warning, info, hint or never")
	fs.StringVar(&f.minSeverity, "min-severity", "hint", "report only findings at least this severe")
	fs.StringVar(&f.config, "config", "", "use exactly this config file (no discovery, no user config)")
	fs.BoolVar(&f.fix, "fix", false, "apply each finding's preferred replacement in place")
	fs.BoolVar(&f.diff, "diff", false, "print the fixes as a unified diff; change nothing")
	fs.StringVar(&f.stdinFilename, "stdin-filename", "", "path to report and to use for config discovery when reading stdin (-)")
	fs.StringVar(&f.color, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE force it), always or never")
	fs.BoolVar(&f.noColor, "no-color", false, "never colour the text output (--color never)")
	fs.BoolVar(&f.progress, "progress", false, "show a progress line on stderr (default: on a terminal, outside CI, for long runs)")
	fs.IntVar(&f.maxFindings, "max-findings", defaultMaxFindings, "report at most this many findings per file, then a note saying how many more (0: no limit)")
	fs.StringVar(&f.newFromRev, "new-from-rev", "", "report only findings on lines added or changed since this git revision (e.g. origin/main)")
	fs.StringVar(&f.newFromPatch, "new-from-patch", "", "report only findings on lines added or changed in this unified diff file")
	fs.StringVar(&f.shard, "shard", "", "check only shard K of N (K/N, e.g. 2/4): files split by a hash of their path")
	fs.BoolVar(&f.noCache, "no-cache", false, "parse every rule file, neither reading nor writing the rules cache (also "+rules.NoCacheEnv+"=1)")
	completeWords(cmd, "format", "text", "json", "sarif", "github")
	completeWords(cmd, "fail-on", "error", "warning", "info", "hint", "never")
	completeWords(cmd, "min-severity", "error", "warning", "info", "hint")
	completeWords(cmd, "color", "auto", "always", "never")
	completeFiles(cmd, "config", "toml")
	completeFiles(cmd, "new-from-patch", "diff", "patch")
	cmd.RegisterFlagCompletionFunc("shard", cobra.NoFileCompletions)
	cmd.RegisterFlagCompletionFunc("new-from-rev", cobra.NoFileCompletions)
	return cmd
}

func (a *app) lspCommand() *cobra.Command {
	var logFile, logLevel string
	cmd := &cobra.Command{
		Use:   "lsp [flags]",
		Short: "language server on stdin/stdout",
		Long:  "language server on stdin/stdout. --stdio (the only transport, and the default) and --clientProcessId N, which language clients add, are accepted and ignored",
		Args:  cobra.ArbitraryArgs,
		RunE: a.runE(func(cmd *cobra.Command, rest []string) (int, error) {
			return a.lsp(logFile, logLevel, rest)
		}),
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	cmd.Flags().StringVar(&logFile, "log-file", "", "write logs to this file instead of stderr")
	cmd.Flags().StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	completeWords(cmd, "log-level", "debug", "info", "warn", "error")
	return cmd
}

func (a *app) rulesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "run, list and find rules",
		Args:  cobra.ArbitraryArgs,
		RunE: a.runE(func(cmd *cobra.Command, args []string) (int, error) {
			if len(args) > 0 {
				return exitUsage, unknownCommand(cmd, args[0])
			}
			return exitUsage, usagef("rules: want a subcommand: test, list or packs")
		}),
		ValidArgsFunction: cobra.NoFileCompletions,
	}

	var verbose bool
	test := &cobra.Command{
		Use:         "test [flags] [CONFIG-OR-PACK...]",
		Short:       "run the rules' examples",
		Annotations: map[string]string{"synopsis": "rules test [PATH...]"},
		Long:        "run every rule's examples: each bad example must be flagged and fixed to its good one; each good example must pass. With no argument, the effective rules here; builtin:NAME names a built-in pack",
		RunE: a.runE(func(cmd *cobra.Command, paths []string) (int, error) {
			return a.rulesTest(verbose, paths)
		}),
	}
	test.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every example checked")
	test.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "v" {
			name = "verbose" // --v, as Go's flag package spelt -v
		}
		return pflag.NormalizedName(name)
	})

	var listConfig string
	list := &cobra.Command{
		Use:         "list [flags]",
		Short:       "the effective rules here",
		Annotations: map[string]string{"synopsis": "rules list"},
		RunE: a.runE(func(cmd *cobra.Command, args []string) (int, error) {
			return a.rulesList(listConfig)
		}),
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	list.Flags().StringVar(&listConfig, "config", "", "list the rules of this config or pack file instead")
	completeConfigOrPack(list, "config")

	var packsFormat string
	packs := &cobra.Command{
		Use:         "packs [flags]",
		Short:       "the built-in packs",
		Annotations: map[string]string{"synopsis": "rules packs"},
		Long:        "every built-in pack: its name, whether it is on by default, its rule count and description",
		RunE: a.runE(func(cmd *cobra.Command, args []string) (int, error) {
			return a.rulesPacks(packsFormat, args)
		}),
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	packs.Flags().StringVar(&packsFormat, "format", "text", "output format: text or json")
	completeWords(packs, "format", "text", "json")

	cmd.AddCommand(test, list, packs)
	return cmd
}

func (a *app) explainCommand() *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:         "explain [flags] RULE-ID",
		Short:       "a rule's message, rationale and examples",
		Annotations: map[string]string{"synopsis": "explain RULE-ID"},
		RunE: a.runE(func(cmd *cobra.Command, ids []string) (int, error) {
			return a.explain(configPath, ids)
		}),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, id := range a.knownRuleIDs(configPath) {
				if strings.HasPrefix(id, toComplete) {
					out = append(out, id)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "look the rule up in this config or pack file")
	completeConfigOrPack(cmd, "config")
	return cmd
}

func (a *app) initCommand() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:         "init [flags]",
		Short:       "write a starter .guardrail.toml",
		Annotations: map[string]string{"synopsis": "init [--force]"},
		RunE: a.runE(func(cmd *cobra.Command, args []string) (int, error) {
			return a.init(force)
		}),
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing .guardrail.toml")
	return cmd
}

func (a *app) importCommand() *cobra.Command {
	return a.legacyCommand("import vale [--out FILE] PATH", "convert Vale styles into a guardrail rule pack", a.importCmd)
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "version, commit, build date and Go version",
		RunE: a.runE(func(cmd *cobra.Command, args []string) (int, error) {
			fmt.Fprintln(a.stdout, versionString())
			return exitOK, nil
		}),
		ValidArgsFunction: cobra.NoFileCompletions,
	}
}

// completeWords completes flag name with a fixed list of values.
func completeWords(cmd *cobra.Command, name string, words ...string) {
	cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(words, cobra.ShellCompDirectiveNoFileComp))
}

// completeFiles completes flag name with files of these extensions.
func completeFiles(cmd *cobra.Command, name string, exts ...string) {
	cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	})
}

// completeConfigOrPack completes a config or pack file: builtin:NAME or a
// .toml file.
func completeConfigOrPack(cmd *cobra.Command, name string) {
	cmd.RegisterFlagCompletionFunc(name, func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if strings.HasPrefix(toComplete, "b") {
			var out []cobra.Completion
			for _, n := range rules.BuiltinNames() {
				if id := rules.BuiltinPrefix + n; strings.HasPrefix(id, toComplete) {
					out = append(out, id)
				}
			}
			if len(out) > 0 {
				return out, cobra.ShellCompDirectiveNoFileComp
			}
		}
		return []cobra.Completion{"toml"}, cobra.ShellCompDirectiveFilterFileExt
	})
}

// knownRuleIDs are the ids explain knows: the effective rules here (or of
// configPath), every built-in rule and unused-suppression, each once.
func (a *app) knownRuleIDs(configPath string) []string {
	rs, _ := a.loadRules(configPath)
	return ruleIDs(rs)
}

// ruleIDs are the ids of rs, of every built-in rule and
// unused-suppression, each once.
func ruleIDs(rs []*rules.Rule) []string {
	seen := map[string]bool{analysis.UnusedSuppressionRule: true}
	ids := []string{analysis.UnusedSuppressionRule}
	for _, name := range rules.BuiltinNames() {
		if p, err := rules.Builtin(name); err == nil {
			rs = append(rs, p.Rules...)
		}
	}
	for _, r := range rs {
		if !seen[r.ID] {
			seen[r.ID] = true
			ids = append(ids, r.ID)
		}
	}
	return ids
}
