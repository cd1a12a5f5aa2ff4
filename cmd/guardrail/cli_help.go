package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// helpText is a command's help: its usage line, what it does, its
// subcommands and its flags (spelt --flag), as `guardrail help CMD`,
// `guardrail CMD --help` and a usage error print it.
func (a *app) helpText(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return rootHelp(cmd)
	}
	var b strings.Builder
	path := commandPath(cmd)
	use := strings.TrimSpace(strings.TrimPrefix(cmd.Use, cmd.Name()))
	placeholder := "COMMAND"
	if cmd.HasAvailableSubCommands() {
		if use == "" {
			use = placeholder
		} else {
			placeholder = use
		}
	}
	fmt.Fprintf(&b, "Usage: guardrail %s\n", strings.TrimSpace(path+" "+use))
	about := cmd.Long
	if about == "" {
		about = cmd.Short
	}
	if about != "" {
		fmt.Fprintf(&b, "\n%s\n", wrap(sentence(about), helpWidth))
	}
	if cmd.HasAvailableSubCommands() {
		b.WriteString("\nCommands:\n")
		var rows [][2]string
		for _, sub := range cmd.Commands() {
			if sub.IsAvailableCommand() {
				rows = append(rows, [2]string{sub.Name(), sub.Short})
			}
		}
		writeRows(&b, rows)
	}
	initHelpFlag(cmd)
	if cmd.DisableFlagParsing {
		// A legacyCommand: its flags are its own to print.
		fmt.Fprintf(&b, "\nRun 'guardrail %s --help' for its flags.\n", path)
	} else if fl := cmd.LocalFlags(); fl.HasAvailableFlags() {
		fmt.Fprintf(&b, "\nFlags:\n%s", fl.FlagUsagesWrapped(helpWidth))
	}
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\nRun 'guardrail %s %s --help' for more.\n", path, placeholder)
	}
	return b.String()
}

// rootHelp is `guardrail --help`: every command with its arguments.
func rootHelp(root *cobra.Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nUsage:\n", root.Short)
	var rows [][2]string
	var help *cobra.Command
	var add func(cmd *cobra.Command)
	add = func(cmd *cobra.Command) {
		for _, sub := range cmd.Commands() {
			switch {
			case isHelp(sub):
				help = sub
			case !sub.IsAvailableCommand():
			case sub.HasAvailableSubCommands() && sub.Name() != "completion":
				add(sub)
			default:
				rows = append(rows, [2]string{synopsis(sub), sub.Short})
			}
		}
	}
	add(root)
	if help != nil {
		rows = append(rows, [2]string{synopsis(help), help.Short})
	}
	writeRows(&b, rows)
	initHelpFlag(root)
	fmt.Fprintf(&b, "\nFlags:\n%s", root.LocalFlags().FlagUsagesWrapped(helpWidth))
	b.WriteString("\nRun 'guardrail COMMAND --help' for a command's flags.\n")
	return b.String()
}

// initHelpFlag adds cobra's -h/--help to cmd, described as this help.
func initHelpFlag(cmd *cobra.Command) {
	cmd.InitDefaultHelpFlag()
	if f := cmd.Flags().Lookup("help"); f != nil {
		f.Usage = "show this help"
	}
}

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// wrap breaks s into lines of at most width bytes at spaces, keeping the
// line breaks already in s and indented lines (commands to copy) as they
// are.
func wrap(s string, width int) string {
	var b strings.Builder
	for i, para := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if strings.HasPrefix(para, " ") || strings.HasPrefix(para, "\t") {
			b.WriteString(para)
			continue
		}
		n := 0
		for j, word := range strings.Fields(para) {
			if j > 0 && n+1+len(word) > width {
				b.WriteByte('\n')
				n = 0
			} else if j > 0 {
				b.WriteByte(' ')
				n++
			}
			b.WriteString(word)
			n += len(word)
		}
	}
	return b.String()
}

// synopsis is "guardrail PATH ARGS" for the root's list.
func synopsis(cmd *cobra.Command) string {
	if s, ok := cmd.Annotations["synopsis"]; ok {
		return "guardrail " + s
	}
	use := strings.TrimSpace(strings.TrimPrefix(cmd.Use, cmd.Name()))
	return strings.TrimSpace("guardrail " + commandPath(cmd) + " " + use)
}

// writeRows writes two columns, the second aligned.
func writeRows(b *strings.Builder, rows [][2]string) {
	w := 0
	for _, r := range rows {
		w = max(w, len(r[0]))
	}
	for _, r := range rows {
		if r[1] == "" {
			fmt.Fprintf(b, "  %s\n", r[0])
			continue
		}
		fmt.Fprintf(b, "  %-*s   %s\n", w, r[0], r[1])
	}
}

// sentence is s with a capital first letter and a full stop, for a
// command's own help ("check files" → "Check files.").
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ")") && !strings.HasSuffix(s, ":") {
		s += "."
	}
	return s
}
