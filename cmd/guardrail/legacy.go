package main

import (
	"errors"
	"flag"

	"github.com/spf13/cobra"
)

// legacyCommand joins a command written as func(args []string) (int,
// error), parsing its own arguments (with Go's flag package, which takes
// -flag and --flag alike), to the command tree: cobra hands it its
// arguments untouched, so its own --help and errors apply; a
// flag.ErrHelp it returns is exit 0. use is "name ARGS...", as the root
// help and `guardrail help NAME` show it.
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
