package server

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// codeAction/resolve (LSP 3.17). A client that declares
// textDocument.codeAction.resolveSupport with "edit" among its properties
// (and dataSupport) gets the fix-all, disable and remove-suppression
// actions without their edit, each with data naming the document, its
// version, the action and the finding; resolve computes the edit the
// eager answer would have carried. Fix all is the edit that grows with the
// document (twice in every answer: quickfix and source.fixAll); the
// others need the document scoped. "Replace with" actions keep their edit
// (one TextEdit on the diagnostic's own range): Neovim 0.7+ declares
// resolve support, and scripts that apply a listed quick fix directly
// (as editors/neovim/test does) must keep working. When the
// document changed since the actions were listed (another version, or the
// finding is gone), resolve answers ContentModified (-32801): an edit for
// another version would be refused (documentChanges) or misapplied
// (changes), and the client asks for code actions again.

// Action ids in actionData.
const (
	actRemove  = "removeSuppression"
	actDisable = "disable"
	actFixAll  = "fixAll"
)

// actionData is a lazy code action's data.
type actionData struct {
	URI     protocol.DocumentURI `json:"uri"`
	Version int32                `json:"version"`
	Action  string               `json:"action"`
	// The finding (byte offsets in that version's text); none for fixAll.
	Rule  string `json:"rule,omitempty"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func findingData(action string, f analysis.Finding) actionData {
	return actionData{Action: action, Rule: f.Rule, Start: f.Start, End: f.End}
}

func errStale(what string) error {
	return jsonrpc2.Errorf(protocol.CodeContentModified, "guardrail: %s: the document changed since the code action was listed; ask for code actions again", what)
}

// codeActionResolve answers codeAction/resolve: the action as sent, with
// its edit.
func (s *Server) codeActionResolve(ctx context.Context, params json.RawMessage) (any, error) {
	var action map[string]json.RawMessage
	if err := decodeParams(methodCodeActionResolve, params, &action); err != nil {
		return nil, err
	}
	var data actionData
	if raw, ok := action["data"]; !ok || json.Unmarshal(raw, &data) != nil || data.Action == "" || data.URI == "" {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: %s: not a guardrail code action (no data)", methodCodeActionResolve)
	}
	d := s.docs.get(data.URI)
	if d == nil || d.isTOML || d.current().version != data.Version {
		return nil, errStale(methodCodeActionResolve)
	}
	r, ok := s.resultFor(d)
	if !ok || r.cfg == nil || r.snap.version != data.Version {
		return nil, errStale(methodCodeActionResolve)
	}
	if ctx.Err() != nil {
		return nil, errCancelled
	}
	we := s.resolveEdit(d, r, data)
	if we == nil {
		return nil, errStale(methodCodeActionResolve)
	}
	b, err := json.Marshal(we)
	if err != nil {
		return nil, err
	}
	action["edit"] = b
	return action, nil
}

// resolveEdit computes a lazy action's edit as codeAction would have; nil
// when the finding is no longer there.
func (s *Server) resolveEdit(d *document, r *result, data actionData) *protocol.WorkspaceEdit {
	snap := r.snap
	idx := snap.index()
	enc := s.sess().enc
	shown := r.shown()
	if data.Action == actFixAll {
		var edits []byteEdit
		for _, fx := range analysis.SelectFixes(snap.text, shown) {
			edits = append(edits, byteEdit{fx.Start, fx.End, fx.Text})
		}
		if len(edits) == 0 {
			return nil
		}
		return s.workspaceEdit(d, snap, idx, enc, edits)
	}
	i := slices.IndexFunc(shown, func(f analysis.Finding) bool {
		return f.Rule == data.Rule && f.Start == data.Start && f.End == data.End
	})
	if i < 0 {
		return nil
	}
	f := shown[i]
	switch data.Action {
	case actRemove:
		if e, ok := removeSuppression(snap.text, idx, f); ok {
			return s.workspaceEdit(d, snap, idx, enc, []byteEdit{e})
		}
	case actDisable:
		var sc *format.Scoped
		if needsScope(r.kind) {
			scoped := format.ScopeDocument(r.kind, d.path, snap.text)
			sc = &scoped
		}
		if _, edits, ok := disableEdits(r.kind, d.path, snap.text, idx, sc, f); ok {
			return s.workspaceEdit(d, snap, idx, enc, edits)
		}
	}
	return nil
}
