package server

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (c *client) fileChanged(path string) {
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{
		{URI: protocol.DocumentURI(fileURI(path)), Type: protocol.FileChangeTypeChanged},
	}})
}

func TestConfigEditOnDisk(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml":     "root = true\nextends = [\"packs/*.toml\"]\n",
		"packs/words.toml":    "[[rule]]\nid = \"w.utilize\"\nrestricted = [\"utilize\"]\napproved = [\"use\"]\n",
		"docs/page.md":        "We utilize synergy.\n",
		"docs/other/deep.txt": "Nothing.\n",
	})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	// The server watches config files: **/.guardrail.toml and the packs.
	c.waitUntil("watcher registration", func() bool {
		for _, r := range c.regs {
			if r.Method != protocol.MethodWorkspaceDidChangeWatchedFiles {
				continue
			}
			s := strings.ReplaceAll(strings.ReplaceAll(string(mustJSON(t, r.RegisterOptions)), `\/`, "/"), `\\`, `\`)
			if strings.Contains(s, "**/.guardrail.toml") && strings.Contains(s, filepath.ToSlash(filepath.Join(dir, "packs/words.toml"))) {
				return true
			}
		}
		return false
	})
	d := c.open(filepath.Join(dir, "docs/page.md"), "markdown", "We utilize synergy.\n")
	if p := d.wait(); strings.Join(codes(p.Diags), ",") != "w.utilize" {
		t.Fatalf("before: %v", codes(p.Diags))
	}
	// Edit the pack on disk: the open document is re-checked (same
	// version) with the new rules.
	writeFile(t, filepath.Join(dir, "packs/words.toml"), "[[rule]]\nid = \"w.synergy\"\nseverity = \"error\"\nrestricted = [\"synergy\"]\n")
	c.fileChanged(filepath.Join(dir, "packs/words.toml"))
	p := c.waitPublish(d.uri, i32(1), func(p publish) bool { return strings.Join(codes(p.Diags), ",") == "w.synergy" })
	if p.Diags[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("severity %v", p.Diags[0].Severity)
	}
	// A new pack file matched by the extends glob.
	d.replaceAll("we said synergy.\n")
	d.wait()
	writeFile(t, filepath.Join(dir, "packs/more.toml"), "[[rule]]\nid = \"w.we\"\nrestricted = [\"we\"]\ncase_sensitive = true\n")
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{
		{URI: protocol.DocumentURI(fileURI(filepath.Join(dir, "packs/more.toml"))), Type: protocol.FileChangeTypeCreated},
	}})
	c.waitPublish(d.uri, &d.version, func(p publish) bool { return strings.Join(codes(p.Diags), ",") == "w.we,w.synergy" })
}

func TestBrokenConfigKeepsLastGoodRules(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	cfgPath := filepath.Join(dir, ".guardrail.toml")
	cfgURI := fileURI(cfgPath)
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "doc.md"), "markdown", "We utilize it.\n")
	d.wait()

	// Break it on disk: a schema error at line 3 and a syntax error.
	broken := "root = true\n\n[[rule]]\nid = \"test.utilize\"\nrestricted = [\"utilize\"]\nbogus = 1\n"
	writeFile(t, cfgPath, broken)
	c.fileChanged(cfgPath)
	p := c.waitPublish(cfgURI, nil, func(p publish) bool { return len(p.Diags) > 0 })
	if p.Version != nil {
		t.Errorf("config diagnostics of a file that is not open have version %d", *p.Version)
	}
	dg := p.Diags[0]
	if dg.Severity != protocol.DiagnosticSeverityError || dg.Range.Start.Line != 5 || !strings.Contains(dg.Message, "bogus") {
		t.Fatalf("config diagnostic %+v", dg)
	}
	// The document keeps the last good rules (test.utilize is a warning
	// there; the broken file would make it one too, so check another rule).
	d.replaceAll("We utilize synergy.\n")
	if got := strings.Join(codes(d.wait().Diags), ","); got != "test.utilize,test.flag" {
		t.Fatalf("with a broken config: %s", got)
	}
	// TOML syntax errors too.
	writeFile(t, cfgPath, "root = true\n[[rule]\n")
	c.fileChanged(cfgPath)
	p = c.waitPublish(cfgURI, nil, func(p publish) bool { return len(p.Diags) > 0 && p.Diags[0].Range.Start.Line == 1 })
	// Fixing it clears the config diagnostics and applies the new rules.
	writeFile(t, cfgPath, "root = true\n[[rule]]\nid = \"new.rule\"\nrestricted = [\"synergy\"]\n")
	c.fileChanged(cfgPath)
	c.waitPublish(cfgURI, nil, func(p publish) bool { return len(p.Diags) == 0 })
	c.waitPublish(d.uri, &d.version, func(p publish) bool { return strings.Join(codes(p.Diags), ",") == "new.rule" })
}

// TestFailingExamplesOfClosedConfig: the failing rule examples of a config
// and of a pack it extends are published on their URIs, without a
// version, although neither file is open; fixing one on disk clears it.
func TestFailingExamplesOfClosedConfig(t *testing.T) {
	pack := "[[rule]]\nid = \"pack.utilize\"\nrestricted = [\"leverage\"]\n\n[[rule.example]]\nbad = \"We utilize it.\"\n"
	cfgText := "extends = [\"team.toml\"]\n" + testConfig + "\n[[rule.example]]\nbad = \"We like synergies.\"\n"
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": cfgText, "team.toml": pack})
	cfgPath, packPath := filepath.Join(dir, ".guardrail.toml"), filepath.Join(dir, "team.toml")
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	for _, f := range []struct {
		path string
		line int
	}{{cfgPath, strings.Count(cfgText, "\n") - 2}, {packPath, 4}} {
		p := c.waitPublish(fileURI(f.path), nil, func(p publish) bool { return len(p.Diags) > 0 })
		if p.Version != nil || len(p.Diags) != 1 || p.Diags[0].Code != "rule-example" || int(p.Diags[0].Range.Start.Line) != f.line ||
			p.Diags[0].Severity != protocol.DiagnosticSeverityWarning || !strings.Contains(p.Diags[0].Message, "not flagged") {
			t.Fatalf("%s: version %v, %+v; want one rule-example warning on line %d", filepath.Base(f.path), p.Version, p.Diags, f.line)
		}
	}
	writeFile(t, packPath, strings.Replace(pack, "We utilize it.", "We leverage it.", 1))
	c.fileChanged(packPath)
	c.waitPublish(fileURI(packPath), nil, func(p publish) bool { return len(p.Diags) == 0 })
}

func TestOpenConfigCheckedAsYouType(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	cfgPath := filepath.Join(dir, ".guardrail.toml")
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	cfg := c.open(cfgPath, "toml", testConfig)
	if p := cfg.wait(); len(p.Diags) != 0 {
		t.Fatalf("good config: %+v", p.Diags)
	}
	// Type a bad regex into the editor (unsaved).
	r := cfg.find(`restricted = ["synergy"]`, 0)
	cfg.edit(rangeChange{Range: protocol.Range{Start: r.End, End: r.End}, Text: "\npatterns = ['(unclosed']"})
	p := cfg.wait()
	if len(p.Diags) != 1 || p.Diags[0].Range.Start.Line != r.End.Line+1 || p.Diags[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("bad regex: %+v", p.Diags)
	}
	// A failing example: bad text the rule does not flag.
	cfg.replaceAll(testConfig + "\n[[rule.example]]\nbad = \"We like synergies.\"\n")
	p = cfg.wait()
	if len(p.Diags) != 1 || p.Diags[0].Severity != protocol.DiagnosticSeverityWarning || !strings.Contains(p.Diags[0].Message, "not flagged") ||
		int(p.Diags[0].Range.Start.Line) != strings.Count(testConfig, "\n")+1 {
		t.Fatalf("failing example: %+v", p.Diags)
	}
	// Fixed: cleared.
	cfg.replaceAll(testConfig + "\n[[rule.example]]\nbad = \"We like synergy.\"\n")
	if p := cfg.wait(); len(p.Diags) != 0 {
		t.Fatalf("fixed: %+v", p.Diags)
	}
	// Errors found only by loading the config — an extends entry that
	// does not exist, a cycle — show as you type too (unsaved).
	cfg.replaceAll("extends = [\"missing.toml\"]\n" + testConfig)
	p = cfg.wait()
	if len(p.Diags) != 1 || p.Diags[0].Range.Start.Line != 0 || p.Diags[0].Severity != protocol.DiagnosticSeverityError || !strings.Contains(p.Diags[0].Message, "missing.toml") {
		t.Fatalf("missing pack, unsaved: %+v", p.Diags)
	}
	cfg.replaceAll(testConfig)
	if p := cfg.wait(); len(p.Diags) != 0 {
		t.Fatalf("fixed: %+v", p.Diags)
	}
	// An unknown rule id in [severity] is a warning on that key.
	cfg.replaceAll(testConfig + "\n[severity]\n\"no.such-rule\" = \"off\"\n")
	cfg.c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: cfg.uri}})
	p = c.waitPublish(cfg.uri, &cfg.version, func(p publish) bool { return len(p.Diags) > 0 })
	if p.Diags[0].Severity != protocol.DiagnosticSeverityWarning || int(p.Diags[0].Range.Start.Line) != strings.Count(testConfig, "\n")+2 {
		t.Fatalf("unknown id: %+v", p.Diags)
	}
	// Any open TOML file with [[rule]] is checked as a pack.
	pack := c.open(filepath.Join(dir, "elsewhere", "pack.toml"), "toml", "[[rule]]\nid = \"Bad Id\"\nrestricted = [\"x\"]\n")
	if p := pack.wait(); len(p.Diags) == 0 || p.Diags[0].Range.Start.Line != 1 {
		t.Fatalf("pack: %+v", p.Diags)
	}
	// Other TOML files are not.
	other := c.open(filepath.Join(dir, "Cargo.toml"), "toml", "[package]\nname = 1 2\n")
	if p := other.wait(); len(p.Diags) != 0 {
		t.Fatalf("Cargo.toml: %+v", p.Diags)
	}
}

func TestSettings(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml": testConfig,
		"alt.toml":        "[[rule]]\nid = \"alt.rule\"\nrestricted = [\"synergy\"]\n",
		"extra.toml":      "[[rule]]\nid = \"extra.rule\"\nseverity = \"error\"\nrestricted = [\"we\"]\n",
	})
	text := "We utilize synergy.\n"

	// initializationOptions, nested under "guardrail".
	c := newClient(t, Options{})
	c.initialize(dir, nil, map[string]any{"guardrail": map[string]any{"minSeverity": "warning"}})
	d := c.open(filepath.Join(dir, "a.md"), "markdown", text)
	if got := strings.Join(codes(d.wait().Diags), ","); got != "test.utilize" {
		t.Fatalf("minSeverity warning: %s", got)
	}
	// didChangeConfiguration, flat.
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"minSeverity": "hint", "extraPacks": []string{"extra.toml"}}})
	c.waitPublish(d.uri, i32(1), func(p publish) bool {
		return strings.Join(codes(p.Diags), ",") == "extra.rule,test.utilize,test.flag"
	})
	// configPath replaces discovery.
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"guardrail": map[string]any{"configPath": "alt.toml", "extraPacks": []string{}}}})
	c.waitPublish(d.uri, i32(1), func(p publish) bool { return strings.Join(codes(p.Diags), ",") == "alt.rule" })

	// workspace/configuration, pulled per section.
	c2 := newClient(t, Options{})
	c2.config = func(it protocol.ConfigurationItem) any {
		if it.Section == "guardrail" {
			return map[string]any{"minSeverity": "error", "logLevel": "debug"}
		}
		return nil
	}
	caps := defaultCaps()
	caps["workspace"].(map[string]any)["configuration"] = true
	c2.initialize(dir, caps, nil)
	c2.waitUntil("a configuration request", func() bool { return c2.configReq > 0 })
	d2 := c2.open(filepath.Join(dir, "b.md"), "markdown", "SRE enables access to OpenAI models; we utilize synergy.\n")
	c2.waitPublish(d2.uri, i32(1), func(p publish) bool { return strings.Join(codes(p.Diags), ",") == "test.access" })
	// A didChangeConfiguration without settings makes the server pull again.
	c2.mu.Lock()
	c2.config = func(it protocol.ConfigurationItem) any { return map[string]any{"minSeverity": "warning"} }
	c2.mu.Unlock()
	c2.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": nil})
	c2.waitPublish(d2.uri, i32(1), func(p publish) bool { return strings.Join(codes(p.Diags), ",") == "test.access,test.utilize" })
	// A bad value is reported, not fatal.
	c2.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"guardrail": map[string]any{"minSeverity": "loud"}}})
	c2.waitUntil("a settings warning", func() bool {
		for _, m := range c2.messages {
			if strings.Contains(m.Message, "minSeverity") {
				return true
			}
		}
		return false
	})
}

func TestWorkspaceScan(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml":     testConfig,
		".git/HEAD":           "ref: refs/heads/main\n",
		".gitignore":          "ignored.md\nbuild/\n",
		"a.md":                "We utilize it.\n",
		"clean.txt":           "Nothing to see.\n",
		"sub/c.go":            "package sub\n\n// SRE enables access to OpenAI models.\nfunc F() {}\n",
		"ignored.md":          "We utilize it.\n",
		"build/out.md":        "We utilize it.\n",
		"bin.dat":             "We utilize it.\x00\x01",
		"pack.toml":           "[[rule]]\nid = \"x.y\"\nrestricted = [\"utilize\"]\n",
		"sub/.guardrail.toml": "exclude = [\"skip.md\"]\n",
		"sub/skip.md":         "We utilize it.\n",
	})
	c := newClient(t, Options{})
	caps := defaultCaps()
	caps["window"] = map[string]any{"workDoneProgress": true}
	c.initialize(dir, caps, nil)
	aURI := fileURI(filepath.Join(dir, "a.md"))
	goURI := fileURI(filepath.Join(dir, "sub/c.go"))
	c.waitUntil("progress end", func() bool {
		for _, p := range c.progress {
			if p.Kind == "end" {
				return true
			}
		}
		return false
	})
	c.mu.Lock()
	if len(c.creates) == 0 || c.progress[0].Kind != "begin" || c.progress[0].Token != c.creates[0] {
		t.Errorf("progress %+v (created %v)", c.progress, c.creates)
	}
	for _, p := range c.progress[1 : len(c.progress)-1] {
		if p.Kind != "report" {
			t.Errorf("progress between begin and end: %+v", p)
		}
	}
	// begin/report/end: a scan too quick for a periodic report still
	// reports once before it ends.
	if len(c.progress) < 3 {
		t.Errorf("progress without a report: %+v", c.progress)
	}
	got := map[protocol.DocumentURI][]string{}
	for _, p := range c.pubs {
		got[p.URI] = codes(p.Diags)
		if p.Version != nil {
			t.Errorf("workspace file published with a version: %s", p.URI)
		}
	}
	c.mu.Unlock()
	if strings.Join(got[aURI], ",") != "test.utilize" || strings.Join(got[goURI], ",") != "test.access" {
		t.Errorf("published %v", got)
	}
	for _, name := range []string{"ignored.md", "build/out.md", "bin.dat", "clean.txt", "pack.toml", "sub/skip.md"} {
		if ds, ok := got[fileURI(filepath.Join(dir, name))]; ok && len(ds) > 0 {
			t.Errorf("%s published: %v", name, ds)
		}
	}
	// Opening takes over with versioned diagnostics; closing clears.
	d := c.open(filepath.Join(dir, "a.md"), "markdown", "We utilize it, and utilize it.\n")
	if p := d.wait(); len(p.Diags) != 2 {
		t.Fatalf("open: %v", codes(p.Diags))
	}
	d.close()
	c.waitPublish(aURI, &d.version, func(p publish) bool { return len(p.Diags) == 0 })

	// A workspace folder added later is scanned too.
	other := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig, "x.txt": "We utilize it.\n"})
	c.notify(protocol.MethodWorkspaceDidChangeWorkspaceFolders, &protocol.DidChangeWorkspaceFoldersParams{Event: protocol.WorkspaceFoldersChangeEvent{
		Added: []protocol.WorkspaceFolder{{URI: string(fileURI(other)), Name: "other"}},
	}})
	c.waitPublish(fileURI(filepath.Join(other, "x.txt")), nil, func(p publish) bool { return len(p.Diags) == 1 })

	// A fixed file is cleared by the next scan (after a config change).
	writeFile(t, filepath.Join(dir, "sub/c.go"), "package sub\n")
	writeFile(t, filepath.Join(dir, "sub/.guardrail.toml"), "exclude = [\"skip.md\", \"none\"]\n")
	c.fileChanged(filepath.Join(dir, "sub/.guardrail.toml"))
	c.waitPublish(goURI, nil, func(p publish) bool { return len(p.Diags) == 0 })
}

func TestWorkspaceScanStopsOnShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	files := map[string]string{".guardrail.toml": testConfig}
	for i := 0; i < 3000; i++ {
		files[filepath.Join("many", string(rune('a'+i%26)), strings.Repeat("x", 1+i%7)+strconv.Itoa(i)+".md")] = strings.Repeat("We utilize it. Plain words here. ", 200)
	}
	if len(files) != 3001 { // distinct names, or the scan is smaller than meant
		t.Fatalf("%d files in the workspace, want 3001", len(files))
	}
	dir := writeWorkspace(t, files)
	c := newClient(t, Options{})
	caps := defaultCaps()
	caps["window"] = map[string]any{"workDoneProgress": true}
	c.initialize(dir, caps, nil)
	c.waitUntil("progress begin", func() bool { return len(c.progress) > 0 })
	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	c.waitUntil("progress end", func() bool {
		for _, p := range c.progress {
			if p.Kind == "end" {
				return true
			}
		}
		return false
	})
	c.mu.Lock()
	n := 0
	for _, p := range c.pubs {
		if len(p.Diags) > 0 {
			n++
		}
	}
	last := c.progress[len(c.progress)-1]
	c.mu.Unlock()
	if !strings.HasPrefix(last.Msg, "Stopped") || n >= 3000 {
		t.Errorf("scan not stopped early: %q, %d files published", last.Msg, n)
	}
	c.notify(protocol.MethodExit, nil)
	c.mu.Lock()
	c.exited = true
	c.mu.Unlock()
	if code := <-c.code; code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

// TestLogLevelSetting: logLevel sets the server's level live; null or ""
// goes back to the level it started with; a bad value is reported and
// changes nothing.
func TestLogLevelSetting(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	lvl := zap.NewAtomicLevelAt(zap.WarnLevel)
	c := newClient(t, Options{Level: &lvl})
	c.initialize(dir, nil, map[string]any{"logLevel": "debug"})
	waitLevel := func(want zapcore.Level) {
		t.Helper()
		for deadline := time.Now().Add(patience); lvl.Level() != want; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("log level %v, want %v", lvl.Level(), want)
			}
		}
	}
	waitLevel(zap.DebugLevel)
	setSettings(c, map[string]any{"logLevel": nil})
	waitLevel(zap.WarnLevel)
	setSettings(c, map[string]any{"logLevel": "error"})
	waitLevel(zap.ErrorLevel)
	setSettings(c, map[string]any{"logLevel": "chatty"})
	c.waitUntil("a settings warning", func() bool {
		for _, m := range c.messages {
			if strings.Contains(m.Message, `logLevel "chatty"`) {
				return true
			}
		}
		return false
	})
	if lvl.Level() != zap.ErrorLevel {
		t.Fatalf("a bad logLevel changed the level to %v", lvl.Level())
	}
}
