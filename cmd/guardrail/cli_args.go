package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// prepareArgs readies a command line for cobra:
//   - an unknown command or subcommand is an error with a suggestion
//     (before cobra would complain about a flag of the command it
//     thought was meant);
//   - `guardrail lsp` drops the transport flags language clients add
//     (transportArgs);
//   - a long flag written with one dash, as Go's flag package accepted
//     (-format json), is rewritten to --format, with one line on stderr
//     saying that the spelling is deprecated.
func (a *app) prepareArgs(root *cobra.Command, args []string) ([]string, error) {
	if len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd) {
		return args, nil // shell completion: cobra's own protocol
	}
	cmd, i := root, 0
	for i < len(args) && !strings.HasPrefix(args[i], "-") {
		next := findSub(cmd, args[i])
		if next == nil {
			if cmd.HasSubCommands() {
				return nil, unknownCommand(cmd, args[i])
			}
			break
		}
		cmd, i = next, i+1
		if cmd.DisableFlagParsing || isHelp(cmd) {
			return args, nil
		}
	}
	rest := args[i:]
	if cmd.Name() == "lsp" && cmd.Parent() == root {
		var err error
		if rest, err = transportArgs(rest); err != nil {
			return nil, err
		}
	}
	rest, old := longFlagsWithTwoDashes(cmd, rest)
	if len(old) > 0 {
		var two []string
		for _, o := range old {
			two = append(two, "-"+o)
		}
		fmt.Fprintf(a.stderr, "guardrail: warning: %s: long flags take two dashes (%s); the one-dash spelling is deprecated and will stop working in a future release\n",
			strings.Join(old, ", "), strings.Join(two, ", "))
	}
	return append(append([]string{}, args[:i]...), rest...), nil
}

// longFlagsWithTwoDashes rewrites "-name" and "-name=value" to "--name…"
// where name is one of cmd's long flags (two letters or more: "-v" stays
// a shorthand). It returns the one-dash spellings it rewrote ("-format"),
// each once. Flag values ("--config -x") and everything after "--" are
// left alone.
func longFlagsWithTwoDashes(cmd *cobra.Command, args []string) ([]string, []string) {
	cmd.InitDefaultHelpFlag()
	fs := cmd.Flags()
	out := make([]string, 0, len(args))
	var old []string
	seen := map[string]bool{}
	takesValue := func(f *pflag.Flag) bool { return f != nil && f.NoOptDefVal == "" }
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(out, args[i:]...), old
		}
		switch {
		case strings.HasPrefix(arg, "--"):
			name, _, hasValue := strings.Cut(arg[2:], "=")
			if !hasValue && takesValue(fs.Lookup(name)) && i+1 < len(args) {
				out = append(out, arg, args[i+1])
				i++
				continue
			}
		case len(arg) > 2 && arg[0] == '-':
			name, _, hasValue := strings.Cut(arg[1:], "=")
			f := fs.Lookup(name)
			if len(name) < 2 || f == nil {
				break
			}
			if !seen[name] {
				seen[name] = true
				old = append(old, "-"+name)
			}
			out = append(out, "-"+arg)
			if !hasValue && takesValue(f) && i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
			continue
		case len(arg) == 2 && arg[0] == '-':
			if f := fs.ShorthandLookup(arg[1:]); takesValue(f) && i+1 < len(args) {
				out = append(out, arg, args[i+1])
				i++
				continue
			}
		}
		out = append(out, arg)
	}
	return out, old
}
