package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/guardrail-dev/guardrail/internal/suggest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// legacyCommand joins a command written as func(args []string) (int,
// error) over Go's flag package (newFlagSet, parseFlags) to the command
// tree: cobra hands it its arguments untouched (it parses them itself,
// accepting -flag and --flag alike), `CMD --help` prints its flag set's
// usage and exits 0. use is "name [flags] ARGS...", as in the root help.
func (a *app) legacyCommand(use, short string, fn func(args []string) (int, error)) *cobra.Command {
	return &cobra.Command{
		Use:                use,
		Short:              short,
		DisableFlagParsing: true,
		RunE: a.runE(func(_ *cobra.Command, args []string) (int, error) {
			code, err := fn(args)
			if errors.Is(err, flag.ErrHelp) {
				return exitOK, nil
			}
			return code, err
		}),
	}
}

// newFlagSet is a Go flag set for a legacyCommand: usage errors and -h
// print "Usage: guardrail USAGE" and the flags, spelt --flag.
func newFlagSet(a *app, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "Usage: guardrail %s\n", usage)
		if strings.Contains(usage, "[flags]") {
			pf := pflag.NewFlagSet(name, pflag.ContinueOnError)
			pf.AddGoFlagSet(fs)
			fmt.Fprintf(a.stderr, "\nFlags:\n%s", pf.FlagUsagesWrapped(0))
		}
	}
	return fs
}

// parseFlags parses flags that may come before, between or after the
// positional arguments ("import vale x.ini --out y"). "--" ends flags; a
// lone "-" is a positional argument (stdin). An unknown flag is a usage
// error naming the nearest one.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	// Go's flag prints the usage on every error; only -h prints it here.
	usage := fs.Usage
	fs.Usage = func() {}
	defer func() { fs.Usage = usage }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, err
			}
			msg := err.Error()
			if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
				var names []string
				fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
				if s, ok := suggest.Closest(strings.TrimLeft(name, "-"), names); ok {
					msg += fmt.Sprintf(" (did you mean --%s?)", s)
				}
			}
			return nil, usagef("%s: %s\nRun 'guardrail %s --help' for usage.", fs.Name(), msg, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// flag stops at the first non-flag, or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
