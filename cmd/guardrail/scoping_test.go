package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --fix never rewrites template syntax, inline code, a config's ignored
// text or front-matter keys it does not check; it does fix front-matter
// keys the config lists.
func TestFixLeavesNonProseAlone(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": `root = true
front_matter = ["title", "summary"]

[ignore]
tokens = ['\bACME-[a-z]+\b']
blocks = ['(?s)<!-- vale off -->.*?<!-- vale on -->']

[[rule]]
id = "t.disabled"
restricted = ["disabled"]
approved = ["turned off"]
`,
		"doc.md": `+++
title = "Not disabled"
summary = "It is disabled"
draft = "disabled"
+++
See {{< ref "disabled.md" >}} and ` + "`disabled`" + ` and ACME-disabled.

{{< code-toggle >}}
disabled = false

[params]
disabled = true
{{< /code-toggle >}}

<!-- vale off -->
Keep disabled.

Still disabled.
<!-- vale on -->

Fix disabled.
`,
	})
	code, _, stderr := runCLI(t, dir, "", "check", "--fix", ".")
	if code != 0 {
		t.Fatalf("--fix: exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "doc.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := `+++
title = "Not turned off"
summary = "It is turned off"
draft = "disabled"
+++
See {{< ref "disabled.md" >}} and ` + "`disabled`" + ` and ACME-disabled.

{{< code-toggle >}}
disabled = false

[params]
disabled = true
{{< /code-toggle >}}

<!-- vale off -->
Keep disabled.

Still disabled.
<!-- vale on -->

Fix turned off.
`
	if string(got) != want {
		t.Errorf("after --fix:\n%s\nwant:\n%s", got, want)
	}
	// A bad ignore pattern is a configuration error with its position.
	if err := os.WriteFile(filepath.Join(dir, ".guardrail.toml"), []byte("root = true\n[ignore]\ntokens = ['a(?!b)']\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, dir, "", "check", ".")
	if code != 2 || !strings.Contains(out+stderr, ".guardrail.toml:3:") || !strings.Contains(out+stderr, "not a valid RE2") {
		t.Errorf("bad pattern: exit %d\n%s%s", code, out, stderr)
	}
}
