package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompletionScripts: `guardrail completion SHELL` writes a script that
// the shell parses (bash -n, zsh -n, fish --no-execute; PowerShell is not
// installed here, so its script is only checked for its registration
// call). A missing shell skips with a line saying what to install, and
// fails under GUARDRAIL_REQUIRE_ALL=1 (scripts/test.sh in CI).
func TestCompletionScripts(t *testing.T) {
	for _, tt := range []struct {
		shell, want string
		check       []string // the syntax check; the script's path is appended
	}{
		{"bash", "complete -o default -F __start_guardrail guardrail", []string{"bash", "-n"}},
		{"zsh", "#compdef guardrail", []string{"zsh", "-n"}},
		{"fish", "complete -c guardrail", []string{"fish", "--no-execute"}},
		{"powershell", "Register-ArgumentCompleter", nil},
	} {
		t.Run(tt.shell, func(t *testing.T) {
			code, script, stderr := runCLI(t, "", "", "completion", tt.shell)
			if code != exitOK || stderr != "" || !strings.Contains(script, tt.want) {
				t.Fatalf("completion %s: exit %d, stderr %q, script lacks %q:\n%.400s", tt.shell, code, stderr, tt.want, script)
			}
			if tt.check == nil {
				return
			}
			if _, err := exec.LookPath(tt.check[0]); err != nil {
				if os.Getenv("GUARDRAIL_REQUIRE_ALL") == "1" {
					t.Fatalf("%s not found (GUARDRAIL_REQUIRE_ALL=1; Debian: apt-get install -y %s)", tt.check[0], tt.check[0])
				}
				t.Skipf("skip: %s not found, its completion script is not syntax-checked (Debian: apt-get install -y %s)", tt.check[0], tt.check[0])
			}
			path := filepath.Join(t.TempDir(), "guardrail."+tt.shell)
			if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tt.check[0], append(tt.check[1:], path)...).CombinedOutput()
			if err != nil {
				t.Errorf("%s: %v\n%s", strings.Join(tt.check, " "), err, out)
			}
		})
	}
}

// TestCompletionRequests: the scripts ask `guardrail __complete ARGS…`
// for candidates; commands, subcommands, flags, flag values and rule ids
// come back, ending with cobra's directive line.
func TestCompletionRequests(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig})
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"ch"}, []string{"check\tcheck files and folders (default .)"}},
		{[]string{"rules", ""}, []string{"test\t", "list\t", "packs\t"}},
		{[]string{"check", "--fo"}, []string{"--format\t"}},
		{[]string{"check", "--format", ""}, []string{"text", "json", "sarif", "github"}},
		{[]string{"check", "--color", ""}, []string{"auto", "always", "never"}},
		{[]string{"lsp", "--log-level", ""}, []string{"debug", "warn"}},
		{[]string{"explain", "t."}, []string{"t.access", "t.utilize", "t.price"}},
		{[]string{"explain", "sre.access"}, []string{"sre.access-claim"}},
		{[]string{"rules", "list", "--config", "builtin:"}, []string{"builtin:sre-messaging"}},
		{[]string{"help", "ru"}, []string{"rules"}},
	}
	for _, tt := range tests {
		code, out, _ := runCLI(t, dir, "", append([]string{"__complete"}, tt.args...)...)
		if code != exitOK {
			t.Errorf("__complete %q: exit %d", tt.args, code)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], ":") {
			t.Errorf("__complete %q: no directive line:\n%s", tt.args, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("__complete %q: %q missing from\n%s", tt.args, w, out)
			}
		}
	}
}

// TestCompletionInShells: the generated scripts, loaded into a real bash
// (with the bash-completion package, which cobra's bash script needs) and
// fish, complete from the guardrail binary: commands, flag values and
// rule ids. Each shell that is missing skips with a line saying what to
// install (a failure under GUARDRAIL_REQUIRE_ALL=1).
func TestCompletionInShells(t *testing.T) {
	if testing.Short() {
		t.Skip("skip: builds the binary (-short)")
	}
	need := func(what, hint string, ok bool) bool {
		if ok {
			return true
		}
		if os.Getenv("GUARDRAIL_REQUIRE_ALL") == "1" {
			t.Fatalf("%s not found (GUARDRAIL_REQUIRE_ALL=1; Debian: apt-get install -y %s)", what, hint)
		}
		t.Logf("skip: %s not found, its completion is not run (Debian: apt-get install -y %s)", what, hint)
		return false
	}
	_, errBash := exec.LookPath("bash")
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	_, errBC := os.Stat(bashCompletion)
	_, errFish := exec.LookPath("fish")
	runBash := need("bash and "+bashCompletion, "bash-completion", errBash == nil && errBC == nil)
	runFish := need("fish", "fish", errFish == nil)
	if !runBash && !runFish {
		t.Skip("skip: no shell to complete in")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "guardrail"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig})
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "XDG_CONFIG_HOME="+filepath.Join(dir, ".xdg-none"))
	script := func(shell string) string {
		_, s, _ := runCLI(t, "", "", "completion", shell)
		path := filepath.Join(t.TempDir(), "guardrail."+shell)
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		line string // the command line typed so far
		want []string
	}{
		{"guardrail ch", []string{"check"}},
		{"guardrail check --format ", []string{"text", "json", "sarif", "github"}},
		{"guardrail rules ", []string{"test", "list", "packs"}},
		{"guardrail explain t.ut", []string{"t.utilize"}},
	}
	if runBash {
		path := script("bash")
		for _, tt := range tests {
			words := strings.Fields(tt.line)
			if strings.HasSuffix(tt.line, " ") {
				words = append(words, "")
			}
			quoted := make([]string, len(words))
			for i, w := range words {
				quoted[i] = "'" + w + "'"
			}
			prog := fmt.Sprintf(`source %s; source %s
COMP_WORDS=(%s); COMP_CWORD=%d; COMP_LINE=%q; COMP_POINT=${#COMP_LINE}
__start_guardrail guardrail %q %q 2>/dev/null
printf '%%s\n' "${COMPREPLY[@]}"`, bashCompletion, path, strings.Join(quoted, " "), len(words)-1, tt.line, words[len(words)-1], words[len(words)-2])
			cmd := exec.Command("bash", "-c", prog)
			cmd.Dir, cmd.Env = dir, env
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("bash %q: %v", tt.line, err)
			}
			for _, w := range tt.want {
				if !strings.Contains("\n"+string(out), "\n"+w) {
					t.Errorf("bash %q: %q not offered:\n%s", tt.line, w, out)
				}
			}
		}
	}
	if runFish {
		path := script("fish")
		for _, tt := range tests {
			cmd := exec.Command("fish", "--no-config", "-c", fmt.Sprintf("source %s; complete --do-complete %q", path, tt.line))
			cmd.Dir, cmd.Env = dir, env
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("fish %q: %v", tt.line, err)
			}
			for _, w := range tt.want {
				if !strings.Contains("\n"+string(out), "\n"+w) {
					t.Errorf("fish %q: %q not offered:\n%s", tt.line, w, out)
				}
			}
		}
	}
}
