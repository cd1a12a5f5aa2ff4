package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/guardrail-dev/guardrail/internal/suggest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The command tree is spf13/cobra's, with spf13/pflag's flags: GNU-style
// --flags, help per command (`guardrail help check`, `check --help`),
// "did you mean" for mistyped commands and flags, and completion scripts
// for bash, zsh, fish and PowerShell (`guardrail completion SHELL`).
//
// Adding a subcommand: write a func (a *app) xCommand() *cobra.Command
// (see checkCommand in commands.go) and list it in subcommands; a command
// written as func(args []string) (int, error) over newFlagSet and
// parseFlags joins through legacyCommand instead.

func init() {
	// Commands are listed in the order rootCommand adds them.
	cobra.EnableCommandSorting = false
}

// run executes one command line and returns the exit code.
func (a *app) run(args []string) int {
	return a.execute(a.commandTree(args), args)
}

// subcommand is one of root's commands, built only when needed.
type subcommand struct {
	name  string
	build func(*app) *cobra.Command
}

// subcommands are root's commands, in the order help lists them.
var subcommands = []subcommand{
	{"check", (*app).checkCommand},
	{"lsp", (*app).lspCommand},
	{"rules", (*app).rulesCommand},
	{"explain", (*app).explainCommand},
	{"init", (*app).initCommand},
	{"import", (*app).importCommand},
	{"version", (*app).versionCommand},
}

// commandTree is the tree a command line needs. A line that starts with
// one of root's commands runs that command alone, whatever follows (its
// flags, its help, its mistakes): root gets only that command, so a
// `guardrail check` does not build every other command's flags and the
// completion commands at each start. Anything else (no command, a flag,
// help, completion, a mistyped command) gets the whole tree.
func (a *app) commandTree(args []string) *cobra.Command {
	if len(args) > 0 {
		for _, sc := range subcommands {
			if args[0] == sc.name {
				root := a.rootBase()
				root.CompletionOptions.DisableDefaultCmd = true
				root.AddCommand(sc.build(a))
				return root
			}
		}
	}
	return a.rootCommand()
}

// execute runs one command line through the tree root.
func (a *app) execute(root *cobra.Command, args []string) int {
	a.code = exitOK
	args, err := a.prepareArgs(root, args)
	if err == nil {
		root.SetArgs(append([]string{}, args...)) // never nil: nil means os.Args
		_, err = root.ExecuteC()
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "guardrail: %v\n", err)
		return exitUsage
	}
	return a.code
}

// rootCommand builds the whole command tree for one run.
func (a *app) rootCommand() *cobra.Command {
	root := a.rootBase()
	for _, sc := range subcommands {
		root.AddCommand(sc.build(a))
	}
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	if c := findSub(root, "completion"); c != nil {
		c.Use = "completion SHELL"
		c.Short = "shell completion script: bash, zsh, fish or powershell"
		c.Annotations = map[string]string{"synopsis": "completion SHELL"}
		c.RunE = a.runE(func(*cobra.Command, []string) (int, error) {
			return exitUsage, usagef("completion: want a shell: bash, zsh, fish or powershell")
		})
	}
	return root
}

// rootBase is root without its commands: its flags, streams and help.
func (a *app) rootBase() *cobra.Command {
	root := &cobra.Command{
		Use:   "guardrail",
		Short: "guardrail keeps writing on message: it flags restricted phrases and\noffers the approved wording.",
		// Errors are printed by run, as "guardrail: ...", exit code 2.
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.ArbitraryArgs,
		RunE: a.runE(func(cmd *cobra.Command, args []string) (int, error) {
			if v, _ := cmd.Flags().GetBool("version"); v {
				fmt.Fprintln(a.stdout, versionString())
				return exitOK, nil
			}
			if len(args) > 0 {
				return exitUsage, unknownCommand(cmd, args[0])
			}
			fmt.Fprint(a.stderr, a.helpText(cmd))
			return exitUsage, nil
		}),
	}
	root.Flags().BoolP("version", "V", false, "print the version and exit")
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(flagError)
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) { fmt.Fprint(a.stdout, a.helpText(cmd)) })
	root.SetUsageFunc(func(cmd *cobra.Command) error { _, err := fmt.Fprint(a.stderr, a.helpText(cmd)); return err })
	root.SetHelpCommand(a.helpCommand())
	return root
}

// runE adapts a command body returning an exit code to cobra's RunE.
func (a *app) runE(fn func(cmd *cobra.Command, args []string) (int, error)) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		code, err := fn(cmd, args)
		a.code = code
		return err
	}
}

// helpCommand is `guardrail help [COMMAND...]`: a command's help on
// stdout, exit 0; an unknown topic is a usage error with a suggestion.
func (a *app) helpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "help for a command",
		Args:  cobra.ArbitraryArgs,
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			target, _, err := cmd.Root().Find(args)
			if err != nil || target == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range target.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: a.runE(func(cmd *cobra.Command, args []string) (int, error) {
			target := cmd.Root()
			for _, name := range args {
				next := findSub(target, name)
				if next == nil {
					return exitUsage, usagef("help: unknown command %q%s", strings.TrimSpace(commandPath(target)+" "+name), didYouMean(target, name))
				}
				target = next
			}
			fmt.Fprint(a.stdout, a.helpText(target))
			return exitOK, nil
		}),
	}
}

// isHelp reports `guardrail help`.
func isHelp(cmd *cobra.Command) bool {
	return cmd.Name() == "help" && cmd.HasParent() && !cmd.Parent().HasParent()
}

// findSub is cmd's subcommand called name (or with that alias), or nil.
func findSub(cmd *cobra.Command, name string) *cobra.Command {
	for _, sub := range cmd.Commands() {
		if sub.Name() == name || sub.HasAlias(name) {
			return sub
		}
	}
	return nil
}

// commandPath is the command's path without "guardrail" ("rules test";
// "" for the root).
func commandPath(cmd *cobra.Command) string {
	p := cmd.CommandPath()
	if i := strings.IndexByte(p, ' '); i >= 0 {
		return p[i+1:]
	}
	return ""
}

// didYouMean is ` (did you mean "x"?)` for the subcommand of cmd nearest
// to name, or "".
func didYouMean(cmd *cobra.Command, name string) string {
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() || sub.Name() == "help" {
			names = append(names, sub.Name())
		}
	}
	if s, ok := suggest.Closest(name, names); ok {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// unknownCommand is the error for `guardrail NAME` (or `guardrail rules
// NAME`) when NAME is no command.
func unknownCommand(parent *cobra.Command, name string) error {
	if parent.HasParent() {
		var names []string
		for _, sub := range parent.Commands() {
			if sub.IsAvailableCommand() {
				names = append(names, sub.Name())
			}
		}
		hint := ""
		if s, ok := suggest.Closest(name, names); ok {
			hint = fmt.Sprintf("; did you mean %q?", s)
		}
		return usagef("%s: unknown subcommand %q (want %s%s)", commandPath(parent), name, orList(names), hint)
	}
	return usagef("unknown command %q%s\nRun 'guardrail --help' for the commands.", name, didYouMean(parent, name))
}

// orList is "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// flagError turns pflag's parse errors into usage errors naming the
// command, with the nearest flag for an unknown one.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	var ne *pflag.NotExistError
	if errors.As(err, &ne) {
		typed := ne.GetSpecifiedName()
		if sh := ne.GetSpecifiedShortnames(); len(sh) > 1 {
			typed = sh // "-formt": a long flag typed with one dash
			msg = "unknown flag: -" + sh
		}
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		})
		if s, ok := suggest.Closest(typed, names); ok {
			msg += fmt.Sprintf(" (did you mean --%s?)", s)
		}
	}
	where := commandPath(cmd)
	if where != "" {
		where += ": "
	}
	return usagef("%s%s\nRun '%s --help' for usage.", where, msg, cmd.CommandPath())
}
