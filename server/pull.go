package server

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"
)

// Pull diagnostics (LSP 3.17). A client that declares
// textDocument.diagnostic pulls the diagnostics of its open documents
// (config TOML documents included) with textDocument/diagnostic; the
// server never pushes them. The analysis still runs off the message loop
// when a document changes, so a pull usually finds its result ready.
//
// A report's resultId names the text version, the config epoch and the
// minimum severity (every settings change that alters diagnostics reloads
// the configs, which starts a new epoch), plus a nonce of this server
// process; a pull whose previousResultId still matches is answered
// {kind: "unchanged"}.
//
// Files that are not open (the workspace scan, config and pack files) are
// pushed until the client sends workspace/diagnostic, and from then on
// reported there (pull_workspace.go). When a file that was pushed is
// opened, one empty push clears it, so the client does not show both the
// pushed and the pulled diagnostics.
//
// interFileDependencies: a document's diagnostics depend on other files
// (its .guardrail.toml and the packs it extends), but every change to
// those reloads the configs, and a reload sends
// workspace/diagnostic/refresh. Only a client that cannot be refreshed is
// told to re-pull open documents when another one changes (which then
// covers an edited, open config file).

type pullState struct {
	nonce          string
	refreshPending atomic.Bool

	mu sync.Mutex
	// pushed are the files pushed with findings (workspace scan, config
	// files) and not cleared since.
	pushed map[string]bool
	// waiting are documents a pull answered empty because their config
	// was still loading: their result brings a refresh.
	waiting map[*document]bool
	// ready are pulls waiting for the worker's result of a document.
	ready map[*document][]chan struct{}

	// ws: the files that are not open, for workspace/diagnostic.
	ws workspacePull
}

func (p *pullState) init() {
	p.nonce = strconv.FormatInt(time.Now().UnixNano(), 36)
	p.pushed = map[string]bool{}
	p.waiting = map[*document]bool{}
	p.ready = map[*document][]chan struct{}{}
}

// notePushed records whether a file's last push had diagnostics.
func (p *pullState) notePushed(path string, some bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if some {
		p.pushed[path] = true
	} else {
		delete(p.pushed, path)
	}
}

// pulls reports whether the client pulls the diagnostics of open
// documents.
func (s *Server) pulls() bool { return s.sess().caps.pullDiagnostics }

func diagnosticProviderFor(caps clientCaps) *diagnosticOptions {
	if !caps.pullDiagnostics {
		return nil
	}
	return &diagnosticOptions{
		Identifier:            "guardrail",
		InterFileDependencies: !caps.diagnosticRefresh,
		WorkspaceDiagnostics:  true,
	}
}

// clearPushedOnOpen clears, for a pulling client, the pushed diagnostics
// of a file just opened (from the workspace scan or as a config file):
// from now on they are pulled.
func (s *Server) clearPushedOnOpen(d *document) {
	if !s.pulls() || !d.fileBacked {
		return
	}
	s.pull.dropFile(d.path)
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.pull.mu.Lock()
	was := s.pull.pushed[d.path]
	delete(s.pull.pushed, d.path)
	s.pull.mu.Unlock()
	if was {
		s.notify(protocol.MethodTextDocumentPublishDiagnostics, &publishParams{URI: d.uri, Diagnostics: []protocol.Diagnostic{}})
	}
}

// forget drops a closed document.
func (p *pullState) forget(d *document) {
	p.mu.Lock()
	delete(p.waiting, d)
	delete(p.ready, d) // nobody waits: pulls hold the message loop
	p.mu.Unlock()
}

// pullResultReady is called, for a pulling client, where a push client
// would get the result published: a document the client pulled too early
// gets a refresh.
func (s *Server) pullResultReady(d *document, r *result) {
	if d.current() != r.snap {
		return // the worker goes on with the newer text
	}
	s.pull.mu.Lock()
	waiting := s.pull.waiting[d]
	delete(s.pull.waiting, d)
	for _, ch := range s.pull.ready[d] {
		close(ch)
	}
	delete(s.pull.ready, d)
	s.pull.mu.Unlock()
	if waiting {
		s.refreshDiagnostics()
	}
}

// refreshDiagnostics sends workspace/diagnostic/refresh when the client
// pulls and supports it; requests asked for while one is being sent are
// coalesced.
func (s *Server) refreshDiagnostics() {
	caps := s.sess().caps
	if !caps.pullDiagnostics || !caps.diagnosticRefresh || !s.initialized.Load() {
		return
	}
	if !s.pull.refreshPending.CompareAndSwap(false, true) {
		return
	}
	if !s.bg.run(func() {
		s.pull.refreshPending.Store(false)
		_ = s.call(methodWorkspaceDiagnosticRefresh, nil, nil, 5*time.Second)
	}) {
		s.pull.refreshPending.Store(false)
	}
}

// resultID names the content of r's report.
func (s *Server) resultID(r *result) string {
	b := make([]byte, 0, 48)
	b = append(b, s.pull.nonce...)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(r.snap.version), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, r.epoch, 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(r.minSev), 10)
	return string(b)
}

// pullWorkerWait bounds how long a pull waits for the worker's result
// before analysing the text itself.
const pullWorkerWait = 500 * time.Millisecond

// emptyReport is a full report without a resultId: nothing to report yet,
// and nothing a later pull can be unchanged from.
var emptyReport = json.RawMessage(`{"kind":"full","items":[]}`)

// pullDiagnostics answers textDocument/diagnostic.
func (s *Server) pullDiagnostics(ctx context.Context, params json.RawMessage) (any, error) {
	var p documentDiagnosticParams
	if err := decodeParams(methodTextDocumentDiagnostic, params, &p); err != nil {
		return nil, err
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		return emptyReport, nil // not open: its diagnostics are pushed
	}
	s.awaitWorker(ctx, d)
	r, ok := s.resultFor(d)
	if !ok {
		// Out of sync, or the config is still loading: the result, when
		// there is one, brings a refresh.
		s.pull.mu.Lock()
		s.pull.waiting[d] = true
		s.pull.mu.Unlock()
		return emptyReport, nil
	}
	if ctx.Err() != nil {
		return nil, errCancelled
	}
	id := s.resultID(r)
	if p.PreviousResultID == id {
		b := append([]byte(`{"kind":"unchanged","resultId":`), strconv.Quote(id)...)
		return json.RawMessage(append(b, '}')), nil
	}
	b := append([]byte(`{"kind":"full","resultId":`), strconv.Quote(id)...)
	b = append(b, `,"items":`...)
	b, err := r.appendDiagnostics(b)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(append(b, '}')), nil
}

// awaitWorker waits, when d's worker is analysing its current text, for
// that result, rather than analyse the same text a second time here (a
// client pulls right after each change, when the worker has just
// started). It waits at most pullWorkerWait: the pull holds the message
// loop meanwhile, and the worker may itself be waiting for a config that
// is still loading (then resultFor answers at once and a refresh follows).
func (s *Server) awaitWorker(ctx context.Context, d *document) {
	ch := make(chan struct{})
	d.mu.Lock()
	// A running worker analyses the current text next if it is not at
	// it already, and the text cannot change while this pull holds the
	// message loop.
	busy := d.running && !d.desync && (d.result == nil || d.result.snap != d.snap)
	if busy {
		// Registered under d.mu: the worker stores its result under d.mu
		// before it signals, so the signal cannot be missed.
		s.pull.mu.Lock()
		s.pull.ready[d] = append(s.pull.ready[d], ch)
		s.pull.mu.Unlock()
	}
	d.mu.Unlock()
	if !busy {
		return
	}
	t := time.NewTimer(pullWorkerWait)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	case <-ctx.Done():
	}
}
