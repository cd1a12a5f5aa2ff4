package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// snapshot is one version of a document's text. It is immutable: edits
// make a new snapshot.
type snapshot struct {
	version int32
	text    []byte

	once sync.Once
	idx  *lineIndex
}

// newSnapshot makes a snapshot whose line index is known (nil: built
// when first needed).
func newSnapshot(version int32, text []byte, idx *lineIndex) *snapshot {
	s := &snapshot{version: version, text: text}
	if idx != nil {
		s.once.Do(func() { s.idx = idx })
	}
	return s
}

func (s *snapshot) index() *lineIndex {
	s.once.Do(func() { s.idx = newLineIndex(s.text) })
	return s.idx
}

// document is an open document.
type document struct {
	uri        protocol.DocumentURI // exactly as the client sent it
	path       string               // absolute file path (synthesized for non-file URIs)
	fileBacked bool                 // uri is a file:// URI
	languageID string
	isTOML     bool

	mu            sync.Mutex
	snap          *snapshot
	open          bool
	desync        bool  // an edit could not be applied: the server's copy is unreliable
	dirty         bool  // needs analysis
	running       bool  // a worker is analysing it
	lastPublished int32 // newest version published; -1 when none
	result        *result

	segs segCache // incremental analysis (incremental.go)
}

func (d *document) current() *snapshot {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.snap
}

// store holds the open documents, by URI and by path.
type store struct {
	mu     sync.RWMutex
	byURI  map[protocol.DocumentURI]*document
	byPath map[string]*document
}

func newStore() *store {
	return &store{byURI: map[protocol.DocumentURI]*document{}, byPath: map[string]*document{}}
}

func (st *store) get(u protocol.DocumentURI) *document {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.byURI[u]
}

func (st *store) getPath(p string) *document {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.byPath[p]
}

func (st *store) add(d *document) (replaced *document) {
	st.mu.Lock()
	defer st.mu.Unlock()
	replaced = st.byURI[d.uri]
	if replaced != nil && st.byPath[replaced.path] == replaced {
		delete(st.byPath, replaced.path)
	}
	st.byURI[d.uri] = d
	if d.fileBacked {
		st.byPath[d.path] = d
	}
	return replaced
}

func (st *store) remove(u protocol.DocumentURI) *document {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.byURI[u]
	if d == nil {
		return nil
	}
	delete(st.byURI, u)
	if st.byPath[d.path] == d {
		delete(st.byPath, d.path)
	}
	return d
}

func (st *store) all() []*document {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := make([]*document, 0, len(st.byURI))
	for _, d := range st.byURI {
		out = append(out, d)
	}
	return out
}

// uriPath returns the file path of a file:// URI.
func uriPath(u protocol.DocumentURI) (string, bool) {
	s := string(u)
	if !strings.HasPrefix(strings.ToLower(s), "file:") {
		return "", false
	}
	pu, err := url.Parse(s)
	if err != nil || pu.Path == "" {
		return "", false
	}
	p := pu.Path
	// file:///c:/x on Windows.
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.Clean(filepath.FromSlash(p)), true
}

// fileURI makes a file:// URI for a path the server found itself.
func fileURI(path string) protocol.DocumentURI {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return protocol.DocumentURI((&url.URL{Scheme: "file", Path: p}).String())
}

// change is one content change: a range edit, or a full replacement when
// full is set.
type change struct {
	full  bool
	rng   protocol.Range
	text  string
	index int
}

// applyChanges applies changes in order to the snapshot's text. Every
// range is resolved against the text as left by the changes before it. It
// returns the new text and its line index.
func applyChanges(snap *snapshot, changes []change, enc string) ([]byte, *lineIndex, error) {
	text := snap.text
	idx := snap.index()
	for _, c := range changes {
		if c.full {
			text = []byte(c.text)
			idx = nil
			continue
		}
		if idx == nil {
			idx = newLineIndex(text)
		}
		s, e, err := idx.offsets(c.rng, enc)
		if err != nil {
			return nil, nil, &changeError{index: c.index, err: err}
		}
		out := make([]byte, 0, len(text)-(e-s)+len(c.text))
		out = append(out, text[:s]...)
		out = append(out, c.text...)
		out = append(out, text[e:]...)
		idx = idx.edited(out, s, e, c.text)
		text = out
	}
	if idx == nil {
		idx = newLineIndex(text)
	}
	return text, idx, nil
}

type changeError struct {
	index int
	err   error
}

func (e *changeError) Error() string { return e.err.Error() }

// untitledN numbers documents without a file path.
var untitledN struct {
	sync.Mutex
	n int
}

// newDocument makes the document for a URI the client opened.
func (s *Server) newDocument(u protocol.DocumentURI, languageID string, version int32, text []byte) *document {
	d := &document{uri: u, languageID: languageID, open: true, lastPublished: noVersion}
	if p, ok := uriPath(u); ok {
		d.path, d.fileBacked = p, true
	} else {
		// An untitled buffer: check it as a file of its language in the
		// first workspace folder (for config discovery).
		ext := format.ExtOfLanguage(languageID)
		untitledN.Lock()
		untitledN.n++
		n := untitledN.n
		untitledN.Unlock()
		dir := s.cfg.firstFolder()
		d.path = filepath.Join(dir, fmt.Sprintf("untitled-%d%s", n, ext))
	}
	d.isTOML = strings.EqualFold(filepath.Ext(d.path), ".toml")
	d.snap = &snapshot{version: version, text: text}
	return d
}

func (s *Server) didOpen(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.DidOpenTextDocumentParams
	if err := decodeParams(protocol.MethodTextDocumentDidOpen, params, &p); err != nil {
		return nil, err
	}
	if p.TextDocument.URI == "" {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: didOpen: no uri")
	}
	d := s.newDocument(p.TextDocument.URI, string(p.TextDocument.LanguageID), p.TextDocument.Version, []byte(p.TextDocument.Text))
	if old := s.docs.add(d); old != nil {
		old.mu.Lock()
		old.open = false
		old.mu.Unlock()
	}
	s.clearPushedOnOpen(d)
	s.log.Debug("open", zap.String("uri", string(d.uri)), zap.Int32("version", p.TextDocument.Version), zap.Int("bytes", len(p.TextDocument.Text)))
	s.schedule(d)
	return nil, nil
}

func (s *Server) didChange(ctx context.Context, params json.RawMessage) (any, error) {
	var p didChangeParams
	if err := decodeParams(protocol.MethodTextDocumentDidChange, params, &p); err != nil {
		return nil, err
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: didChange for a document that is not open: %s", p.TextDocument.URI)
	}
	changes := make([]change, len(p.ContentChanges))
	full := false
	for i, c := range p.ContentChanges {
		if c.Text == nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: didChange: change %d has no text", i)
		}
		changes[i] = change{full: c.Range == nil, text: *c.Text, index: i}
		if c.Range != nil {
			changes[i].rng = *c.Range
		} else {
			full = true
		}
	}
	d.mu.Lock()
	snap := d.snap
	d.mu.Unlock()
	version := snap.version
	if p.TextDocument.Version != nil {
		version = *p.TextDocument.Version
	}
	text, idx, err := applyChanges(snap, changes, s.sess().enc)
	if err != nil {
		// The client's text and ours no longer agree. Keep our copy, stop
		// reporting on it (its ranges would be wrong) until the client
		// sends the whole text again or reopens the document.
		s.log.Error("edit out of range: document out of sync", zap.String("uri", string(d.uri)), zap.Int32("version", version), zap.Error(err))
		d.mu.Lock()
		d.snap = &snapshot{version: version, text: snap.text}
		d.desync = true
		d.mu.Unlock()
		s.showMessage(protocol.MessageTypeError, fmt.Sprintf("guardrail: an edit to %s could not be applied (%v); guardrail stops checking it until it is reopened.", displayURI(d), err))
		s.schedule(d)
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: didChange: %v", err)
	}
	d.mu.Lock()
	d.snap = newSnapshot(version, text, idx)
	if full {
		d.desync = false
	}
	d.mu.Unlock()
	s.schedule(d)
	return nil, nil
}

func displayURI(d *document) string {
	if d.fileBacked {
		return filepath.Base(d.path)
	}
	return string(d.uri)
}

func (s *Server) didClose(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.DidCloseTextDocumentParams
	if err := decodeParams(protocol.MethodTextDocumentDidClose, params, &p); err != nil {
		return nil, err
	}
	d := s.docs.remove(p.TextDocument.URI)
	if d == nil {
		return nil, nil
	}
	d.mu.Lock()
	d.open = false
	d.result = nil
	d.mu.Unlock()
	s.publishClosed(d)
	if d.isTOML && s.cfg.isConfigFile(d.path) {
		// Unsaved edits are gone: configs must be read from disk again,
		// and the file's own config problems shown without the editor.
		s.cfg.requestReload()
	}
	return nil, nil
}

func (s *Server) didSave(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.DidSaveTextDocumentParams
	if err := decodeParams(protocol.MethodTextDocumentDidSave, params, &p); err != nil {
		return nil, err
	}
	if path, ok := uriPath(p.TextDocument.URI); ok && strings.EqualFold(filepath.Ext(path), ".toml") {
		s.cfg.requestReload()
	}
	return nil, nil
}
