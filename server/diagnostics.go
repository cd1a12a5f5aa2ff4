package server

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// Analysis runs off the message queue: a change stores the new text and
// marks the document dirty; one worker goroutine per document (started on
// demand, gone when idle) analyses the newest text. A version that became
// stale before its analysis started is never analysed; a result whose
// version is no longer the document's current one is never published; and
// published versions never go backwards.

// result is the analysis of one snapshot under one config epoch.
type result struct {
	snap   *snapshot
	epoch  uint64
	cfg    *rules.Config  // nil when the document is not checked
	kind   format.Kind    // the file type the document was checked as
	minSev rules.Severity // findings below are not shown
	parts  []part         // the findings, by segment (all severities)

	shownOnce sync.Once
	shownList []analysis.Finding
	// extra are diagnostics that are not findings (TOML files, a document
	// too large, an analysis stopped by the time limit); published after
	// the findings.
	extra []protocol.Diagnostic
	// maxFindings caps the findings published (0: no cap); enc is the
	// position encoding of the diagnostics.
	maxFindings int
	enc         string
}

// shown returns the findings at or above minSev, with document offsets
// (built when first needed: publishing does not need them).
func (r *result) shown() []analysis.Finding {
	r.shownOnce.Do(func() {
		for _, p := range r.parts {
			for _, f := range p.entry.findings {
				if f.Severity < r.minSev {
					continue
				}
				f.Start += p.start
				f.End += p.start
				r.shownList = append(r.shownList, f)
			}
		}
	})
	return r.shownList
}

func emptyResult(snap *snapshot, epoch uint64) *result {
	return &result{snap: snap, epoch: epoch, extra: []protocol.Diagnostic{}}
}

// diagData is a diagnostic's data: the rule and its replacements.
type diagData struct {
	Rule         string   `json:"rule"`
	Replacements []string `json:"replacements"`
}

// schedule marks d for analysis, starting its worker if needed.
func (s *Server) schedule(d *document) {
	d.mu.Lock()
	d.dirty = true
	start := d.open && !d.running
	if start {
		d.running = true
	}
	d.mu.Unlock()
	if start && !s.bg.run(func() { s.worker(d) }) {
		d.mu.Lock()
		d.running = false // stopped: no worker
		d.mu.Unlock()
	}
}

func (s *Server) worker(d *document) {
	for {
		d.mu.Lock()
		if !d.dirty || !d.open || s.closed.Load() {
			d.running = false
			d.mu.Unlock()
			return
		}
		d.dirty = false
		snap, desync := d.snap, d.desync
		d.mu.Unlock()

		var r *result
		if desync {
			r = emptyResult(snap, s.cfg.epoch())
		} else {
			// At most GOMAXPROCS analyses at once: opening fifty documents
			// must not hold fifty parse trees in memory.
			s.analysisSem <- struct{}{}
			r = s.safeAnalyze(d, snap)
			<-s.analysisSem
		}
		d.mu.Lock()
		if d.snap == snap && !d.desync {
			d.result = r
		}
		d.mu.Unlock()
		s.safePublish(d, r)
	}
}

// safePublish is publishResult with a panic logged: a bug in encoding one
// document's diagnostics must not end the server.
func (s *Server) safePublish(d *document, r *result) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic publishing diagnostics", zap.String("uri", string(d.uri)), zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
		}
	}()
	s.publishResult(d, r)
}

// safeAnalyze is analyze with a panic turned into a logged empty result.
func (s *Server) safeAnalyze(d *document, snap *snapshot) (r *result) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic analysing document", zap.String("uri", string(d.uri)), zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
			r = emptyResult(snap, s.cfg.epoch())
		}
	}()
	return s.analyze(d, snap)
}

// resultFor returns the analysis of d's current text, from the worker's
// cache when it is current, else computed now.
func (s *Server) resultFor(d *document) (*result, bool) {
	d.mu.Lock()
	snap, r, desync := d.snap, d.result, d.desync
	d.mu.Unlock()
	if desync {
		return nil, false
	}
	if r != nil && r.snap == snap && r.epoch == s.cfg.epoch() {
		return r, true
	}
	if !d.isTOML && !s.cfg.configReady(d.path) {
		// The config is still loading (off the message loop): answer
		// with the findings of this very text, if any, rather than wait.
		if r != nil && r.snap == snap {
			return r, true
		}
		return nil, false
	}
	r = s.safeAnalyze(d, snap)
	d.mu.Lock()
	if d.snap == snap && (d.result == nil || d.result.snap != snap || d.result.epoch <= r.epoch) {
		d.result = r
	}
	d.mu.Unlock()
	return r, true
}

// analyze checks one snapshot of d.
func (s *Server) analyze(d *document, snap *snapshot) *result {
	if hook := s.opts.analyzeHook; hook != nil {
		hook(d.path)
	}
	r := emptyResult(snap, s.cfg.epoch())
	if d.isTOML {
		r.extra = s.cfg.tomlDiagnostics(d, snap)
		return r
	}
	lim := s.cfg.limits()
	if max := lim.maxSize; max > 0 && len(snap.text) > max {
		r.extra = append(r.extra, protocol.Diagnostic{
			Severity: protocol.DiagnosticSeverityInformation,
			Source:   "guardrail",
			Message:  fmt.Sprintf("guardrail did not check this document: it is larger than %s (setting guardrail.maxDocumentSize).", sizeText(max)),
		})
		return r
	}
	cfg, eng := s.cfg.configFor(d.path)
	if cfg == nil || eng == nil {
		return r
	}
	kind := format.KindOf(d.path)
	if !cfg.Selects(d.path, kind != format.KindNone) {
		return r
	}
	if kind == format.KindNone {
		kind = format.KindText // included explicitly by the config
	}
	if format.IsBinary(snap.text) {
		return r
	}
	r.cfg, r.kind, r.minSev = cfg, kind, s.cfg.minSeverity()
	r.maxFindings, r.enc = lim.maxFindings, s.sess().enc
	var stop int
	r.parts, stop = checkDocument(&d.segs, s.opts.incremental, eng, cfg, d.path, kind, snap.text, snap.index(), r.enc, lim.deadline())
	if stop < len(snap.text) {
		r.extra = append(r.extra, timeoutNote(snap.index().converter(r.enc).rangeOf(stop, stop), lim.timeout))
		s.log.Info("analysis stopped at the time limit", zap.String("uri", string(d.uri)), zap.Int("offset", stop), zap.Int("bytes", len(snap.text)))
	}
	return r
}

// appendDiagnostics appends the JSON array of r's diagnostics: the shown
// findings in document order, at most maxFindings of them, then the extra
// diagnostics.
func (r *result) appendDiagnostics(b []byte) ([]byte, error) {
	b = append(b, '[')
	n := 0
	extra := r.extra
	if r.parts != nil {
		idx := r.snap.index()
		for pi, p := range r.parts {
			e := p.entry
			if len(e.findings) == 0 {
				continue
			}
			base := uint32(idx.line(p.start))
			j := e.json.Load()
			if j == nil || j.base != base || j.minSev != r.minSev {
				j = &entryJSON{base: base, minSev: r.minSev}
				for i := range e.findings {
					if e.findings[i].Severity < r.minSev {
						continue
					}
					if j.n > 0 {
						j.b = append(j.b, ',')
					}
					j.b = appendWire(j.b, &e.wire[i], base)
					j.n++
					j.ends = append(j.ends, len(j.b))
				}
				e.json.Store(j)
			}
			if j.n == 0 {
				continue
			}
			if max := r.maxFindings; max > 0 && n+j.n > max {
				if take := max - n; take > 0 {
					if n > 0 {
						b = append(b, ',')
					}
					b = append(b, j.b[:j.ends[take-1]]...)
				}
				extra = append([]protocol.Diagnostic{r.capDiagnostic(pi, max-n)}, extra...)
				n = max
				break
			}
			if n > 0 {
				b = append(b, ',')
			}
			b = append(b, j.b...)
			n += j.n
		}
	}
	for _, dg := range extra {
		data, err := json.Marshal(dg)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, data...)
		n++
	}
	return append(b, ']'), nil
}

// capDiagnostic is the information diagnostic published in place of the
// findings past maxFindings: at the first one left out, the skip-th shown
// finding of part pi, it says how many were left out.
func (r *result) capDiagnostic(pi, skip int) protocol.Diagnostic {
	total, at := 0, -1
	for i, p := range r.parts {
		for _, f := range p.entry.findings {
			if f.Severity < r.minSev {
				continue
			}
			if i == pi && at < 0 {
				if skip == 0 {
					at = p.start + f.Start
				}
				skip--
			}
			total++
		}
	}
	return capNote(r.snap.index().converter(r.enc).rangeOf(at, at), r.maxFindings, total)
}

// timeoutNote is the information diagnostic where checking stopped at the
// time limit.
func timeoutNote(at protocol.Range, timeout time.Duration) protocol.Diagnostic {
	return protocol.Diagnostic{
		Range:    at,
		Severity: protocol.DiagnosticSeverityInformation,
		Source:   "guardrail",
		Message:  fmt.Sprintf("guardrail stopped checking this document here: the check took longer than %s (setting guardrail.analysisTimeout).", durationText(timeout)),
	}
}

// capNote is the information diagnostic at the first finding left out.
func capNote(at protocol.Range, max, total int) protocol.Diagnostic {
	verb := "are"
	if total-max == 1 {
		verb = "is"
	}
	return protocol.Diagnostic{
		Range:    at,
		Severity: protocol.DiagnosticSeverityInformation,
		Source:   "guardrail",
		Message: fmt.Sprintf("guardrail shows the first %s of %s findings in this document; %s more from here on %s not shown (setting guardrail.maxFindings).",
			countText(max), countText(total), countText(total-max), verb),
	}
}

func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// diagnosticOf converts a finding.
func diagnosticOf(cfg *rules.Config, f analysis.Finding, conv *converter) protocol.Diagnostic {
	repl := f.Replacements
	if repl == nil {
		repl = []string{}
	}
	dg := protocol.Diagnostic{
		Range:    conv.rangeOf(f.Start, f.End),
		Severity: severityOf(f.Severity),
		Code:     f.Rule,
		Source:   "guardrail",
		Message:  f.Message,
		Data:     diagData{Rule: f.Rule, Replacements: repl},
	}
	if cfg != nil {
		if r := cfg.Rule(f.Rule); r != nil && safeLink(r.Link) != "" {
			dg.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(r.Link)}
		}
	}
	if f.Rule == analysis.UnusedSuppressionRule {
		dg.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}
	}
	return dg
}

// publishResult publishes r for d if r's snapshot is still d's current
// one and no newer version was published.
func (s *Server) publishResult(d *document, r *result) {
	if s.pulls() {
		s.pullResultReady(d, r)
		return
	}
	// Encode before taking the lock.
	bp := publishBuf.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 4<<20 {
			publishBuf.Put(bp)
		}
	}()
	b := (*bp)[:0]
	b = append(b, `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":`...)
	b = appendJSONString(b, string(d.uri))
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(r.snap.version), 10)
	b = append(b, `,"diagnostics":`...)
	b, err := r.appendDiagnostics(b)
	if err != nil {
		s.log.Error("encoding diagnostics", zap.Error(err))
		return
	}
	b = append(b, "}}"...)

	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	d.mu.Lock()
	ok := d.open && d.snap == r.snap && r.snap.version >= d.lastPublished
	if ok {
		d.lastPublished = r.snap.version
	}
	d.mu.Unlock()
	if !ok || s.closed.Load() {
		return
	}
	if err := s.out.writeFrame(b); err != nil {
		s.log.Debug("publish failed", zap.Error(err))
	}
	*bp = b
}

var publishBuf = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// publishClosed clears a closed document's diagnostics.
func (s *Server) publishClosed(d *document) {
	if s.pulls() {
		s.pull.forget(d)
		return // never pushed: the client drops what it pulled
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	d.mu.Lock()
	v := d.snap.version
	d.mu.Unlock()
	s.notify(protocol.MethodTextDocumentPublishDiagnostics, &publishParams{URI: d.uri, Version: &v, Diagnostics: []protocol.Diagnostic{}})
}

// publishFile publishes diagnostics for a file that is not open (a
// workspace file, a config file), without a version. It does nothing when
// the file is open: the open document's diagnostics win. It reports
// whether it published.
func (s *Server) publishFile(path string, diags []protocol.Diagnostic) bool {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if s.docs.getPath(path) != nil {
		return false
	}
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	if s.pulls() {
		if s.keepFile(path, diags) {
			return true // for workspace/diagnostic (pull_workspace.go)
		}
		s.pull.notePushed(path, len(diags) > 0)
	}
	s.notify(protocol.MethodTextDocumentPublishDiagnostics, &publishParams{URI: fileURI(path), Diagnostics: diags})
	return true
}

const noVersion = math.MinInt32
