package server

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"
)

// workspace/diagnostic (LSP 3.17). A client that pulls diagnostics is
// told workspaceDiagnostics: true. The files that are not open (the
// workspace scan's, config and pack files) are pushed as before until the
// client first sends workspace/diagnostic: a client that never does (such
// as Neovim, which pulls documents only) loses nothing. From that request
// on they are reported only there: the files pushed so far get one empty
// push, and later scan results are kept for the next workspace pull, so no
// file is both pushed and pulled.
//
// The report lists every file that is not open and has, or had,
// diagnostics, each with a resultId (this process's nonce and a sequence
// number) that changes only when its diagnostics do: a file the client
// already has is answered {kind: "unchanged"}. A file the client names in
// previousResultIds that the server has nothing for is answered with an
// empty full report, which clears it. Open documents are left to
// textDocument/diagnostic. When a kept file changes, a
// workspace/diagnostic/refresh follows (at most one per
// workspaceRefreshDelay).

// methodWorkspaceDiagnostic is the 3.17 workspace/diagnostic request.
const methodWorkspaceDiagnostic = "workspace/diagnostic"

// workspaceRefreshDelay gathers the files a scan reports into one refresh.
const workspaceRefreshDelay = 200 * time.Millisecond

// workspaceDiagnosticParams is the 3.17 WorkspaceDiagnosticParams.
type workspaceDiagnosticParams struct {
	Identifier        string `json:"identifier,omitempty"`
	PreviousResultIDs []struct {
		URI   protocol.DocumentURI `json:"uri"`
		Value string               `json:"value"`
	} `json:"previousResultIds"`
}

// workspacePull is the state of workspace/diagnostic.
type workspacePull struct {
	// active: the client has sent workspace/diagnostic (set under the
	// server's pubMu, so a push and the switch do not cross).
	active         atomic.Bool
	refreshPending atomic.Bool

	mu    sync.Mutex
	seq   uint64
	files map[string]*fileReport // by path: files that are not open
}

// fileReport is a file's diagnostics as last checked: JSON, and the id
// the workspace report gives them.
type fileReport struct {
	id    string
	items json.RawMessage
}

// keepFile records the diagnostics of a file that is not open (from the
// scan or a config load), for a pulling client. It reports whether they
// are for workspace/diagnostic only (the client pulls the workspace); if
// not, the caller pushes them as well. The caller holds s.pubMu.
func (s *Server) keepFile(path string, diags []protocol.Diagnostic) bool {
	w := &s.pull.ws
	items, err := json.Marshal(diags)
	if err != nil {
		return false
	}
	changed := false
	w.mu.Lock()
	if w.files == nil {
		w.files = map[string]*fileReport{}
	}
	old := w.files[path]
	switch {
	case old != nil && bytes.Equal(old.items, items):
	case old == nil && len(diags) == 0:
		// Nothing reported for it before, nothing now.
	default:
		w.seq++
		w.files[path] = &fileReport{id: s.pull.nonce + ".w" + strconv.FormatUint(w.seq, 10), items: items}
		changed = true
	}
	w.mu.Unlock()
	active := w.active.Load()
	if changed && active {
		s.refreshWorkspaceSoon()
	}
	return active
}

// dropFile forgets a file's kept diagnostics when it is opened: from then
// on textDocument/diagnostic reports it.
func (p *pullState) dropFile(path string) {
	p.ws.mu.Lock()
	delete(p.ws.files, path)
	p.ws.mu.Unlock()
}

// refreshWorkspaceSoon sends one workspace/diagnostic/refresh after
// workspaceRefreshDelay, however many files change meanwhile.
func (s *Server) refreshWorkspaceSoon() {
	if !s.pull.ws.refreshPending.CompareAndSwap(false, true) {
		return
	}
	started := s.bg.run(func() {
		t := time.NewTimer(workspaceRefreshDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-s.ctx.Done():
			return
		}
		s.pull.ws.refreshPending.Store(false)
		s.refreshDiagnostics()
	})
	if !started {
		s.pull.ws.refreshPending.Store(false)
	}
}

// activateWorkspacePull switches the files that are not open from pushes
// to workspace/diagnostic, on the client's first workspace pull: each
// file pushed with diagnostics gets one empty push.
func (s *Server) activateWorkspacePull() {
	if s.pull.ws.active.Load() {
		return
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if s.pull.ws.active.Swap(true) {
		return
	}
	s.pull.mu.Lock()
	pushed := s.pull.pushed
	s.pull.pushed = map[string]bool{}
	s.pull.mu.Unlock()
	paths := make([]string, 0, len(pushed))
	for p := range pushed {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		s.notify(protocol.MethodTextDocumentPublishDiagnostics, &publishParams{URI: fileURI(p), Diagnostics: []protocol.Diagnostic{}})
	}
}

// workspaceDiagnostics answers workspace/diagnostic.
func (s *Server) workspaceDiagnostics(ctx context.Context, params json.RawMessage) (any, error) {
	var p workspaceDiagnosticParams
	if err := decodeParams(methodWorkspaceDiagnostic, params, &p); err != nil {
		return nil, err
	}
	if !s.pulls() {
		return json.RawMessage(`{"items":[]}`), nil
	}
	s.activateWorkspacePull()
	prev := make(map[protocol.DocumentURI]string, len(p.PreviousResultIDs))
	for _, r := range p.PreviousResultIDs {
		prev[r.URI] = r.Value
	}
	w := &s.pull.ws
	w.mu.Lock()
	paths := make([]string, 0, len(w.files))
	reports := make(map[string]fileReport, len(w.files))
	for path, r := range w.files {
		paths = append(paths, path)
		reports[path] = *r
	}
	w.mu.Unlock()
	sort.Strings(paths)

	b := []byte(`{"items":[`)
	n := 0
	item := func(u protocol.DocumentURI) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, `{"uri":`...)
		b = strconv.AppendQuote(b, string(u))
		b = append(b, `,"version":null,`...)
	}
	reported := make(map[protocol.DocumentURI]bool, len(paths))
	for _, path := range paths {
		if ctx.Err() != nil {
			return nil, errCancelled
		}
		if s.docs.getPath(path) != nil {
			continue // open: pulled with textDocument/diagnostic
		}
		u, r := fileURI(path), reports[path]
		reported[u] = true
		item(u)
		if prev[u] == r.id {
			b = append(b, `"kind":"unchanged","resultId":`...)
			b = strconv.AppendQuote(b, r.id)
			b = append(b, '}')
			continue
		}
		b = append(b, `"kind":"full","resultId":`...)
		b = strconv.AppendQuote(b, r.id)
		b = append(b, `,"items":`...)
		b = append(b, r.items...)
		b = append(b, '}')
	}
	// Files the client has a report for and the server does not: clear
	// them (an earlier server process, a file deleted since).
	var stale []string
	for u := range prev {
		if !reported[u] && s.docs.get(u) == nil {
			stale = append(stale, string(u))
		}
	}
	sort.Strings(stale)
	for _, u := range stale {
		item(protocol.DocumentURI(u))
		b = append(b, `"kind":"full","items":[]}`...)
	}
	return json.RawMessage(append(b, "]}"...)), nil
}
