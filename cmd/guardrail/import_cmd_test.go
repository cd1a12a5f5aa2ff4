package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportVale converts the Acme test style through the CLI: the pack
// is written to --out, equals the package's golden file, passes `rules
// test`, and every rule not converted is named on stderr.
func TestImportVale(t *testing.T) {
	src, err := filepath.Abs("../../rules/valeimport/testdata/acme")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "acme.toml")
	code, stdout, stderr := runCLI(t, src, "", "import", "vale", "--out", out, ".vale.ini")
	if code != 0 {
		t.Fatalf("import vale: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if stdout != "" {
		t.Errorf("with --out, stdout = %q, want nothing", stdout)
	}
	for _, want := range []string{
		"Acme.Acronyms (Acme/Acronyms.yml): not converted: needs one pattern to imply another",
		"Acme.Colons (Acme/Colons.yml:7): `(?<!:[^ ]+?):\\s[A-Z]` not converted: uses a lookbehind",
		"Acme.Terms (Acme/Terms.yml:15): `it is(?!\\.)` not converted: uses a lookahead",
		"Acme.Lists (Acme/Lists.yml): not converted: scope \"list\"",
		"13 Vale rules read, 16 guardrail rules written, 7 rules or tokens not converted",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(src, "want.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("the pack differs from rules/valeimport/testdata/acme/want.toml:\n%s", got)
	}
	code, stdout, stderr = runCLI(t, dir, "", "rules", "test", out)
	if code != 0 || !strings.Contains(stdout, "16 rules") {
		t.Errorf("rules test of the import: exit %d\n%s%s", code, stdout, stderr)
	}

	// Without --out the pack goes to stdout.
	code, stdout, _ = runCLI(t, src, "", "import", "vale", "styles/Acme")
	if code != 0 || !strings.Contains(stdout, "[[rule]]\nid = 'acme.terms.email'") {
		t.Errorf("import vale styles/Acme: exit %d, stdout:\n%s", code, stdout)
	}
}

func TestImportValeUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "Usage: guardrail import vale"},
		{[]string{"import", "textlint", "x"}, `unknown source "textlint"`},
		{[]string{"import", "vale"}, "want one PATH"},
		{[]string{"import", "vale", "a", "b"}, "want one PATH"},
		{[]string{"import", "vale", "missing.ini"}, "missing.ini"},
		{[]string{"import", "vale", "."}, "no Vale rules"},
	} {
		code, _, stderr := runCLI(t, dir, "", tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
