package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// rawAction is a code action as sent, with its data kept raw.
type rawAction struct {
	Title string                  `json:"title"`
	Kind  protocol.CodeActionKind `json:"kind"`
	Edit  json.RawMessage         `json:"edit"`
	Data  json.RawMessage         `json:"data"`
	raw   json.RawMessage
}

func (d *doc) rawActions(rng protocol.Range) []rawAction {
	d.c.t.Helper()
	var raws []json.RawMessage
	err := d.c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: d.uri},
		Range:        rng,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{}},
	}, &raws)
	if err != nil {
		d.c.t.Fatalf("codeAction: %v", err)
	}
	out := make([]rawAction, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			d.c.t.Fatal(err)
		}
		out[i].raw = r
	}
	return out
}

const resolveText = "# Title\n\nSRE enables access to OpenAI models.  \nWe utilize synergy and utilize more.\n\n<!-- guardrail-disable-next-line test.access -->\nNothing here.\n"

func wholeDoc(d *doc) protocol.Range {
	return protocol.Range{End: d.posAt(len(d.text))}
}

// TestCodeActionResolve: a client with resolve support lists the same
// actions, fix all, disable and remove-suppression without edits, and
// resolving each gives the edit a client without it gets up front;
// "Replace with" actions are the same for both.
func TestCodeActionResolve(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	for _, documentChanges := range []bool{true, false} {
		eager, lazy := newClient(t, Options{}), newClient(t, Options{})
		ecaps, lcaps := pullCaps(false, false, false), pullCaps(false, false, true)
		ecaps["workspace"].(map[string]any)["workspaceEdit"] = map[string]any{"documentChanges": documentChanges}
		lcaps["workspace"].(map[string]any)["workspaceEdit"] = map[string]any{"documentChanges": documentChanges}
		eager.initialize(dir, ecaps, nil)
		lazy.initialize(dir, lcaps, nil)
		ed := eager.open(filepath.Join(dir, "a.md"), "markdown", resolveText)
		ld := lazy.open(filepath.Join(dir, "a.md"), "markdown", resolveText)
		ed.wait()
		ld.wait()
		ea, la := ed.rawActions(wholeDoc(ed)), ld.rawActions(wholeDoc(ld))
		if len(ea) != len(la) {
			t.Fatalf("%d eager actions, %d lazy", len(ea), len(la))
		}
		kinds := map[string]bool{}
		for i := range ea {
			e, l := ea[i], la[i]
			if e.Title != l.Title || e.Kind != l.Kind {
				t.Fatalf("action %d: eager %q %s, lazy %q %s", i, e.Title, e.Kind, l.Title, l.Kind)
			}
			if e.Edit == nil || e.Data != nil {
				t.Fatalf("eager action %q: %s", e.Title, e.raw)
			}
			if strings.HasPrefix(l.Title, "Replace with") {
				// Replacements always carry their edit.
				if string(l.raw) != string(e.raw) {
					t.Errorf("replace action: lazy %s, eager %s", l.raw, e.raw)
				}
				kinds["replace"] = true
				continue
			}
			if l.Edit != nil || l.Data == nil {
				t.Fatalf("lazy action %q: %s", l.Title, l.raw)
			}
			var data actionData
			if err := json.Unmarshal(l.Data, &data); err != nil || data.URI != ld.uri || data.Version != 1 {
				t.Fatalf("lazy action %q data %s", l.Title, l.Data)
			}
			kinds[data.Action] = true
			var res map[string]json.RawMessage
			if err := lazy.call(methodCodeActionResolve, l.raw, &res); err != nil {
				t.Fatalf("resolve %q: %v", l.Title, err)
			}
			if got, want := string(res["edit"]), string(e.Edit); got != want {
				t.Errorf("resolve %q: edit\n%s\nwant\n%s", l.Title, got, want)
			}
			if string(res["title"]) != `"`+l.Title+`"` || string(res["data"]) != string(l.Data) {
				t.Errorf("resolve %q changed the action: %v", l.Title, res)
			}
		}
		for _, k := range []string{"replace", actRemove, actDisable, actFixAll} {
			if !kinds[k] {
				t.Errorf("no %s action among %d", k, len(la))
			}
		}
	}
}

// TestCodeActionResolveStale: once the document changed, resolving an
// action listed for the old version answers ContentModified; actions
// listed for the new version resolve.
func TestCodeActionResolveStale(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, pullCaps(false, false, true), nil)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", resolveText)
	d.wait()
	old := d.rawActions(wholeDoc(d))
	if len(old) == 0 {
		t.Fatal("no actions")
	}
	d.edit(rangeChange{Range: protocol.Range{Start: d.posAt(0), End: d.posAt(0)}, Text: "Intro.\n"})
	lazyOnly := func(as []rawAction) []rawAction {
		var out []rawAction
		for _, a := range as {
			if a.Data != nil {
				out = append(out, a)
			}
		}
		return out
	}
	old = lazyOnly(old)
	if len(old) < 3 {
		t.Fatalf("%d lazy actions", len(old))
	}
	for _, a := range old {
		var res json.RawMessage
		err := c.call(methodCodeActionResolve, a.raw, &res)
		if rpcCode(err) != protocol.CodeContentModified {
			t.Fatalf("stale resolve of %q: %v %s", a.Title, err, res)
		}
	}
	fresh := lazyOnly(d.rawActions(wholeDoc(d)))
	var res struct {
		Edit *protocol.WorkspaceEdit `json:"edit"`
	}
	if err := c.call(methodCodeActionResolve, fresh[0].raw, &res); err != nil || res.Edit == nil {
		t.Fatalf("fresh resolve of %q: %v", fresh[0].Title, err)
	}
	edits := editsFor(t, res.Edit, d.uri, d.version)
	if len(edits) == 0 {
		t.Fatalf("fresh resolve: no edits")
	}
	// Not a guardrail action: InvalidParams.
	var x json.RawMessage
	if err := c.call(methodCodeActionResolve, map[string]any{"title": "other"}, &x); rpcCode(err) != -32602 {
		t.Fatalf("foreign action: %v", err)
	}
}
