package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// init's first line is the taplo schema directive, naming the schema that
// the VS Code extension and the SchemaStore catalog entry name too.
func TestInitWritesSchemaDirective(t *testing.T) {
	root, _ := filepath.Abs("../..") // before runCLI changes the folder
	dir := writeTree(t, map[string]string{})
	if code, _, stderr := runCLI(t, dir, "", "init"); code != exitOK {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".guardrail.toml"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if want := "#:schema " + schemaURL; first != want {
		t.Errorf("first line %q, want %q", first, want)
	}
	// The starter config still loads.
	if code, out, stderr := runCLI(t, dir, "", "rules", "list"); code != exitOK || !strings.Contains(out, "sre.access-claim") {
		t.Errorf("rules list after init: exit %d\n%s%s", code, out, stderr)
	}

	const prefix = "https://raw.githubusercontent.com/guardrail-dev/guardrail/main/"
	rel, ok := strings.CutPrefix(schemaURL, prefix)
	if !ok {
		t.Fatalf("schemaURL %s is not a file of the repository's main branch", schemaURL)
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
		t.Errorf("schemaURL names %s, which is not in the repository: %v", rel, err)
	}

	var pkg struct {
		Contributes struct {
			TomlValidation []struct{ FileMatch, URL string } `json:"tomlValidation"`
		} `json:"contributes"`
	}
	readJSON(t, filepath.Join(root, "editors", "vscode", "package.json"), &pkg)
	if tv := pkg.Contributes.TomlValidation; len(tv) != 1 || tv[0].URL != schemaURL || tv[0].FileMatch != ".guardrail.toml" {
		t.Errorf("editors/vscode/package.json tomlValidation = %+v, want .guardrail.toml -> %s", tv, schemaURL)
	}

	// SchemaStore's catalog format (schema-catalog.json): $schema, version,
	// schemas[] of name, description, fileMatch, url (https) and nothing else.
	var catalog map[string]json.RawMessage
	readJSON(t, filepath.Join(root, "editors", "schemastore-catalog.json"), &catalog)
	var schemaRef string
	_ = json.Unmarshal(catalog["$schema"], &schemaRef)
	if schemaRef != "https://json.schemastore.org/schema-catalog.json" || catalog["version"] == nil {
		t.Errorf("schemastore-catalog.json: $schema %q, version %s", schemaRef, catalog["version"])
	}
	var entries []map[string]any
	if err := json.Unmarshal(catalog["schemas"], &entries); err != nil || len(entries) != 1 {
		t.Fatalf("schemastore-catalog.json: want one schemas entry: %v", err)
	}
	e := entries[0]
	for k := range e {
		switch k {
		case "name", "description", "fileMatch", "url", "versions":
		default:
			t.Errorf("schemastore-catalog.json: key %q is not in SchemaStore's catalog format", k)
		}
	}
	if e["url"] != schemaURL || e["name"] == "" || e["description"] == "" {
		t.Errorf("schemastore-catalog.json entry %v: want name, description and url %s", e, schemaURL)
	}
	if fm, _ := e["fileMatch"].([]any); len(fm) != 1 || fm[0] != ".guardrail.toml" {
		t.Errorf("schemastore-catalog.json fileMatch %v, want [.guardrail.toml]", e["fileMatch"])
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
