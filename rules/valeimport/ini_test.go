package valeimport

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseINI(t *testing.T) {
	src := `# comment
StylesPath = "styles"
MinAlertLevel = Warning
Vocab = Base
BasedOnStyles = Google
Google.Will = NO

[formats]
mdx = md

[*.{md,mdx}]
BasedOnStyles = Vale, Google, Microsoft
Microsoft.Passive = NO
Google.We = error
TokenIgnores = (\$+[^\n$]+\$+)

; another comment
[docs/*.txt]
Microsoft.Vocab = YES
`
	cfg, err := ParseINI([]byte(src), "x/.vale.ini")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.StylesPath != "styles" || cfg.MinAlertLevel != "warning" {
		t.Errorf("StylesPath %q, MinAlertLevel %q", cfg.StylesPath, cfg.MinAlertLevel)
	}
	var globs []string
	for _, s := range cfg.Sections {
		globs = append(globs, s.Glob)
	}
	// Top-level BasedOnStyles and overrides read as a [*] section, first.
	if want := []string{"*", "*.{md,mdx}", "docs/*.txt"}; !reflect.DeepEqual(globs, want) {
		t.Fatalf("sections %q, want %q", globs, want)
	}
	if got := cfg.Sections[0]; !reflect.DeepEqual(got.BasedOnStyles, []string{"Google"}) || len(got.Overrides) != 1 || got.Overrides[0].Rule != "Google.Will" {
		t.Errorf("[*] = %+v", got)
	}
	md := cfg.Sections[1]
	if !reflect.DeepEqual(md.BasedOnStyles, []string{"Vale", "Google", "Microsoft"}) {
		t.Errorf("[*.{md,mdx}] BasedOnStyles = %q", md.BasedOnStyles)
	}
	if len(md.Overrides) != 2 || md.Overrides[1] != (Override{Rule: "Google.We", Value: "error", Line: 14}) {
		t.Errorf("[*.{md,mdx}] overrides = %+v", md.Overrides)
	}
	ignored := strings.Join(cfg.Ignored, "\n")
	if !reflect.DeepEqual(cfg.Vocab, []string{"Base"}) || cfg.VocabLine != 4 {
		t.Errorf("Vocab = %q at line %d, want [Base] at 4", cfg.Vocab, cfg.VocabLine)
	}
	for _, want := range []string{"x/.vale.ini:8: [formats]", "x/.vale.ini:15: TokenIgnores"} {
		if !strings.Contains(ignored, want) {
			t.Errorf("Ignored lacks %q:\n%s", want, ignored)
		}
	}
	for _, bad := range []string{"[*.md\n", "StylesPath\n"} {
		if _, err := ParseINI([]byte(bad), "bad.ini"); err == nil || !strings.Contains(err.Error(), "bad.ini:1:1:") {
			t.Errorf("ParseINI(%q) error = %v, want one at bad.ini:1:1", bad, err)
		}
	}
}

// TestImportSections: which rules a .vale.ini turns on, and where.
func TestImportSections(t *testing.T) {
	styles, err := filepath.Abs("testdata/acme/styles")
	if err != nil {
		t.Fatal(err)
	}
	ini := filepath.Join(t.TempDir(), ".vale.ini")
	src := "StylesPath = " + styles + `
[*]
Acme.Ellipses = YES

[*.md]
BasedOnStyles = Acme
Acme.Ellipses = NO
Acme.Terms = NO
Acme.Hedging = NO
Acme.Spacing = NO
Acme.Passive = NO
Acme.Product = warning
`
	if err := os.WriteFile(ini, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Import(ini)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range res.Rules {
		got[r.ID] = r.Severity + " " + strings.Join(r.Files, ",")
	}
	want := map[string]string{
		"acme.ellipses":       "warning ",        // turned on everywhere by [*] (off for *.md is not expressible)
		"acme.heading-period": "warning **/*.md", // from BasedOnStyles
		"acme.product":        "warning **/*.md", // level overridden (its own is error)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules = %q, want %q", got, want)
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "Acme.Ellipses is on in [*] but off in [*.md]") {
		t.Errorf("no note that Acme.Ellipses cannot be turned off for *.md:\n%s", notes)
	}
	if _, err := Import(filepath.Join(t.TempDir(), "none.ini")); err == nil {
		t.Error("a missing .vale.ini imported without error")
	}
	bad := filepath.Join(t.TempDir(), ".vale.ini")
	os.WriteFile(bad, []byte("StylesPath = "+styles+"\n[*.md]\nBasedOnStyles = Missing\n"), 0o644)
	if _, err := Import(bad); err == nil || !strings.Contains(err.Error(), ".vale.ini:3: style Missing") {
		t.Errorf("missing style: error = %v, want one naming .vale.ini:3 and the style", err)
	}
}
