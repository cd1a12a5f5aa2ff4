package valeimport

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// importGolden converts path and compares the pack with the golden file.
func importGolden(t *testing.T, path, golden string) *Result {
	t.Helper()
	res, err := Import(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("import of %s differs from %s (run with -update after checking the change):\n%s", path, golden, buf.String())
	}
	return res
}

// loadPack parses a converted pack and fails the test on any error.
func loadPack(t testing.TB, name string, src []byte) []*rules.Rule {
	t.Helper()
	p, errs := rules.ParsePack(name, src)
	for _, e := range errs {
		if !e.Warning {
			t.Errorf("converted pack does not load: %v", e)
		} else {
			t.Logf("warning: %v", e)
		}
	}
	if p == nil {
		t.FailNow()
	}
	return p.Rules
}

func TestImportINIGolden(t *testing.T) {
	t.Chdir("testdata/acme") // the pack's header names the path as given
	res := importGolden(t, ".vale.ini", "want.toml")
	// Every Vale rule is either converted or reported: none vanishes.
	got := map[string]bool{}
	for _, r := range res.Rules {
		got[strings.SplitN(r.From, " ", 2)[0]] = true
	}
	for _, s := range res.Skipped {
		got[s.Rule] = true
	}
	names, _ := filepath.Glob("styles/Acme/*.yml")
	for _, n := range names {
		name := "Acme." + strings.TrimSuffix(filepath.Base(n), ".yml")
		if !got[name] && name != "Acme.Passive" {
			// Acme.Passive is on for docs/*.txt only, and converted.
			t.Errorf("%s is neither converted nor reported", name)
		}
	}
	wantSkipped := map[string]string{
		"Acme.Acronyms": "conditional",
		"Acme.Length":   "occurrence",
		"Acme.Lists":    `scope "list"`,
		"Acme.Colons":   "lookbehind",
	}
	for rule, why := range wantSkipped {
		found := false
		for _, s := range res.Skipped {
			if s.Rule == rule && strings.Contains(s.Reason, why) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s not reported as skipped for %q; skipped: %v", rule, why, res.Skipped)
		}
	}
}

// TestImportSuggestsOnly: Vale never rewrites a file itself, so every
// converted rule with replacements is fix = "suggest" (quick fixes in the
// editor, never applied by check --fix), and a rule without replacements
// has no fix key to speak of.
func TestImportSuggestsOnly(t *testing.T) {
	t.Chdir("testdata/acme")
	data, err := os.ReadFile("want.toml")
	if err != nil {
		t.Fatal(err)
	}
	withApproved := 0
	for _, r := range loadPack(t, "want.toml", data) {
		if len(r.Approved) > 0 {
			withApproved++
			if r.Fix != rules.FixSuggest {
				t.Errorf("%s: fix %s, want suggest", r.ID, r.Fix)
			}
		} else if r.Fix != rules.FixAuto {
			t.Errorf("%s: no approved phrases but fix %s", r.ID, r.Fix)
		}
	}
	if withApproved < 3 {
		t.Errorf("only %d converted rules with replacements; the golden pack shrank", withApproved)
	}
}

// TestImportedPackChecks runs the converted Acme pack on a document: the
// converted rules flag what the Vale rules flag, per file glob.
func TestImportedPackChecks(t *testing.T) {
	res, err := Import("testdata/acme/.vale.ini")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	eng, err := analysis.Compile(loadPack(t, "acme.toml", buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Join([]string{
		"# Setup.",                    // 1 acme.heading-period
		"",                            // 2
		"Send an e-mail to the team.", // 3 acme.terms.email
		"It is quite easy to log in to the console.",    // 4 acme.hedging, acme.terms.log-on-to
		"Wait... the ACME cloud was built for mankind.", // 5 acme.ellipses, acme.product, acme.terms.humanity-people
		"Talk to the chat bot, simply.",                 // 6 acme.terms.chatbot-s, acme.hedging
		"Send an email to the team.",                    // 7 nothing: the approved phrase
		"The Acme Cloud is fast.",                       // 8 nothing
		"Add it to the whitelist.",                      // 9 vale.avoid (reject.txt)
		"",
	}, "\n")
	check := func(path string) map[string][]int {
		out := map[string][]int{}
		for _, f := range eng.Check(analysis.Document{Path: path, RelPath: path, Text: []byte(doc)}) {
			line := 1 + strings.Count(doc[:f.Start], "\n")
			out[f.Rule] = append(out[f.Rule], line)
		}
		return out
	}
	got := check("guide.md")
	want := map[string][]int{
		"acme.heading-period":        {1},
		"acme.terms.email":           {3},
		"acme.hedging":               {4, 6},
		"acme.terms.log-on-to":       {4},
		"acme.ellipses":              {5},
		"acme.product":               {5},
		"acme.terms.humanity-people": {5},
		"acme.terms.chatbot-s":       {6},
		"vale.avoid":                 {9},
	}
	for rule, lines := range want {
		if !equalInts(got[rule], lines) {
			t.Errorf("guide.md: %s on lines %v, want %v", rule, got[rule], lines)
		}
	}
	for rule, lines := range got {
		// Case-only rules (gb → GB, Vale.Terms) depend on how the engine
		// treats an approved phrase that differs from the match in case
		// only; the engine's own tests cover that.
		caseOnly := rule == "acme.terms.gb" || strings.HasPrefix(rule, "vale.terms.")
		if _, ok := want[rule]; !ok && !caseOnly {
			t.Errorf("guide.md: unexpected %s on lines %v", rule, lines)
		}
	}
	// Acme.Passive is off for *.md but on for docs/*.txt.
	if txt := check("docs/notes.txt"); !equalInts(txt["acme.passive"], []int{5}) {
		t.Errorf("docs/notes.txt: acme.passive on lines %v, want [5]", txt["acme.passive"])
	}
	if other := check("notes.txt"); len(other) != 0 {
		t.Errorf("notes.txt matches no section of the .vale.ini, but got %v", other)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
