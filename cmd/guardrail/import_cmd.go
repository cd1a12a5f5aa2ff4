package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/guardrail-dev/guardrail/rules"
	"github.com/guardrail-dev/guardrail/rules/valeimport"
)

const importUsage = `Usage: guardrail import vale [--out FILE] PATH

Converts Vale styles into a guardrail rule pack. PATH is a .vale.ini (its
StylesPath, BasedOnStyles and per-glob sections are read), a style folder
(Google/) or a folder of styles (styles/). existence and substitution rules
become restricted phrases or RE2 patterns; every rule or token that cannot
be converted is listed on stderr and in a comment at the top of the pack.

Flags:
  --out FILE   write the pack to FILE (default: stdout)
`

// importCmd runs `guardrail import vale`.
func (a *app) importCmd(args []string) (int, error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) == 0 {
			fmt.Fprint(a.stderr, importUsage)
			return exitUsage, nil
		}
		fmt.Fprint(a.stdout, importUsage)
		return exitOK, nil
	}
	if args[0] != "vale" {
		return exitUsage, fmt.Errorf("import: unknown source %q (want vale)", args[0])
	}
	fs := flag.NewFlagSet("import vale", flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() { fmt.Fprint(a.stderr, importUsage) }
	out := fs.String("out", "", "write the pack to FILE (default: stdout)")
	var paths []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK, nil
			}
			return exitUsage, nil // flag printed the problem
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(paths) != 1 {
		return exitUsage, fmt.Errorf("import vale: want one PATH (a .vale.ini or a styles folder), got %d", len(paths))
	}
	res, err := valeimport.Import(paths[0])
	if err != nil {
		return exitUsage, fmt.Errorf("import vale: %w", err)
	}
	var buf bytes.Buffer
	if err := res.WriteTOML(&buf); err != nil {
		return exitUsage, err
	}
	// The pack must load: a conversion that writes a broken pack is a bug,
	// and is said so rather than written.
	name := "imported.toml"
	if *out != "" {
		name = *out
	}
	if _, errs := rules.ParsePack(name, buf.Bytes()); rules.HasErrors(errs) {
		for _, e := range errs {
			fmt.Fprintf(a.stderr, "%s\n", e)
		}
		return exitUsage, fmt.Errorf("import vale: the converted pack does not load (a bug in the import; please report it)")
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(a.stderr, "%s\n", s)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(a.stderr, "note: %s\n", n)
	}
	fmt.Fprintf(a.stderr, "%d Vale rules read, %d guardrail rules written, %d rules or tokens not converted\n",
		res.ValeRules, len(res.Rules), len(res.Skipped))
	if *out == "" {
		_, err := a.stdout.Write(buf.Bytes())
		return exitOK, err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return exitUsage, fmt.Errorf("import vale: %w", err)
	}
	fmt.Fprintf(a.stderr, "wrote %s\n", filepath.ToSlash(*out))
	return exitOK, nil
}
