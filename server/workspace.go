package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
	"github.com/guardrail-dev/guardrail/workspace"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// scanner checks the files of the workspace folders that are not open, so
// that their problems show in the editor's problem list. A scan runs after
// initialized and after every config reload; a new scan cancels the one
// running, and shutdown stops it.
type scanner struct {
	s *Server

	mu        sync.Mutex
	cancel    context.CancelFunc
	done      chan struct{}
	token     string
	n         int
	published map[string]bool // files the last scans published findings for
}

// restart cancels the running scan and starts a new one.
func (sc *scanner) restart() {
	sc.mu.Lock()
	if sc.cancel != nil {
		sc.cancel()
	}
	ctx, cancel := context.WithCancel(sc.s.ctx)
	sc.cancel = cancel
	prev := sc.done
	done := make(chan struct{})
	sc.done = done
	sc.n++
	n := sc.n
	sc.mu.Unlock()
	if !sc.s.bg.run(func() {
		defer close(done)
		defer cancel()
		if prev != nil {
			<-prev
		}
		sc.run(ctx, n)
	}) {
		cancel()
		close(done) // stopped: no scan
	}
}

func (sc *scanner) cancelToken(token string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if token != "" && token == sc.token && sc.cancel != nil {
		sc.cancel()
	}
}

// progress reports $/progress for one token ("" when the client does not
// support it).
type progress struct {
	s     *Server
	token string
	last  time.Time
	pct   uint32
}

func (p *progress) begin(title, msg string) {
	if p.token == "" {
		return
	}
	p.s.notify(protocol.MethodProgress, &progressParams{Token: p.token, Value: &protocol.WorkDoneProgressBegin{
		Kind: protocol.WorkDoneProgressKindBegin, Title: title, Message: msg, Cancellable: true,
	}})
}

func (p *progress) report(done, total int, force bool) {
	if p.token == "" || (total == 0 && !force) {
		return
	}
	pct := uint32(100)
	if total > 0 {
		pct = uint32(done * 100 / total)
	}
	if !force && (time.Since(p.last) < 100*time.Millisecond || pct == p.pct) {
		return
	}
	p.last, p.pct = time.Now(), pct
	p.s.notify(protocol.MethodProgress, &progressParams{Token: p.token, Value: &protocol.WorkDoneProgressReport{
		Kind: protocol.WorkDoneProgressKindReport, Message: fmt.Sprintf("%d/%d files", done, total), Percentage: pct,
	}})
}

func (p *progress) end(msg string) {
	if p.token == "" {
		return
	}
	p.s.notify(protocol.MethodProgress, &progressParams{Token: p.token, Value: &protocol.WorkDoneProgressEnd{
		Kind: protocol.WorkDoneProgressKindEnd, Message: msg,
	}})
}

func (sc *scanner) run(ctx context.Context, n int) {
	s := sc.s
	folders := s.cfg.getFolders()
	if len(folders) == 0 || ctx.Err() != nil {
		return
	}
	start := time.Now()
	p := &progress{s: s}
	if s.sess().caps.workDoneProgress {
		token := fmt.Sprintf("guardrail-scan-%d", n)
		if err := s.call(protocol.MethodWorkDoneProgressCreate, &progressCreateParams{Token: token}, nil, 5*time.Second); err == nil {
			p.token = token
			sc.mu.Lock()
			sc.token = token
			sc.mu.Unlock()
		} else {
			s.log.Info("window/workDoneProgress/create failed", zap.Error(err))
		}
	}
	p.begin("guardrail", "Checking workspace files")

	// Collect the files first, for a percentage.
	seen := map[string]bool{}
	var files []string
	for _, root := range folders {
		_ = workspace.Walk(root, func(path string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return filepath.SkipAll
			}
			if err != nil || d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			if strings.EqualFold(filepath.Ext(path), ".toml") || seen[path] {
				return nil
			}
			seen[path] = true
			files = append(files, path)
			return nil
		})
	}
	sort.Strings(files)

	var (
		done      atomic.Int64
		mu        sync.Mutex
		published = map[string]bool{}
		wg        sync.WaitGroup
		next      atomic.Int64
	)
	// Leave room for the open documents' analyses.
	workers := min(max(1, runtime.GOMAXPROCS(0)/2), max(1, len(files)))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) || ctx.Err() != nil {
					return
				}
				path := files[i]
				diags := sc.checkFile(path)
				if len(diags) > 0 && ctx.Err() == nil && s.publishFile(path, diags) {
					mu.Lock()
					published[path] = true
					mu.Unlock()
				}
				done.Add(1)
			}
		}()
	}
	ticker := time.NewTicker(100 * time.Millisecond)
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
loop:
	for {
		select {
		case <-ticker.C:
			p.report(int(done.Load()), len(files), false)
		case <-finished:
			break loop
		}
	}
	ticker.Stop()
	// Report at least once, however quick the scan: clients expect
	// begin, report, end.
	p.report(int(done.Load()), len(files), true)

	sc.mu.Lock()
	old := sc.published
	if ctx.Err() == nil {
		sc.published = published
	} else {
		// Interrupted: remember both, so a later scan can clear them.
		for p := range old {
			published[p] = true
		}
		sc.published = published
		old = nil
	}
	sc.mu.Unlock()
	for path := range old {
		if !published[path] {
			s.publishFile(path, nil) // fixed or gone since the last scan
		}
	}
	if ctx.Err() != nil {
		p.end(fmt.Sprintf("Stopped after %d of %d files", done.Load(), len(files)))
		s.log.Info("workspace scan stopped", zap.Int64("checked", done.Load()), zap.Int("files", len(files)))
		return
	}
	p.end(fmt.Sprintf("Checked %d files", len(files)))
	s.log.Info("workspace scan done", zap.Int("files", len(files)), zap.Int("withFindings", len(published)), zap.Duration("took", time.Since(start)))
}

// checkFile checks one file from disk if its config selects it; nil when
// it is open, not selected, binary, too large or clean. Past the time limit
// it returns the findings so far and a note where it stopped.
func (sc *scanner) checkFile(path string) (diags []protocol.Diagnostic) {
	s := sc.s
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic checking file", zap.String("path", path), zap.Any("panic", p))
			diags = nil
		}
	}()
	if s.docs.getPath(path) != nil {
		return nil
	}
	cfg, eng := s.cfg.configFor(path)
	if cfg == nil || eng == nil {
		return nil
	}
	kind := format.KindOf(path)
	if !cfg.Selects(path, kind != format.KindNone) {
		return nil
	}
	if kind == format.KindNone {
		kind = format.KindText
	}
	lim := s.cfg.limits()
	max := int64(lim.maxSize)
	if max <= 0 {
		max = analysis.MaxDocumentSize
	}
	// A regular file only, read at most max bytes (a link to /dev/zero or
	// a FIFO is not read).
	data, err := rules.ReadRegularFile(path, max)
	if errors.Is(err, rules.ErrTooLarge) {
		s.log.Info("workspace file too large, not checked", zap.String("path", path))
		return nil
	}
	if err != nil || format.IsBinary(data) {
		return nil
	}
	found, stop := eng.CheckUntil(analysis.Document{Path: path, RelPath: cfg.RelPath(path), Text: data, Kind: kind}, lim.deadline())
	minSev := s.cfg.minSeverity()
	var lazy *converter
	convOf := func() *converter { // built only when something is published
		if lazy == nil {
			lazy = newLineIndex(data).converter(s.sess().enc)
		}
		return lazy
	}
	for _, f := range found {
		if f.Severity < minSev {
			continue
		}
		conv := convOf()
		if max := lim.maxFindings; max > 0 && len(diags) == max {
			total := 0
			for _, f := range found {
				if f.Severity >= minSev {
					total++
				}
			}
			diags = append(diags, capNote(conv.rangeOf(f.Start, f.Start), max, total))
			break
		}
		diags = append(diags, diagnosticOf(cfg, f, conv))
	}
	if stop < len(data) {
		diags = append(diags, timeoutNote(convOf().rangeOf(stop, stop), lim.timeout))
	}
	return diags
}

func (s *Server) progressCancel(ctx context.Context, params json.RawMessage) (any, error) {
	var p progressCancelParams
	if err := decodeParams(protocol.MethodWorkDoneProgressCancel, params, &p); err != nil {
		return nil, err
	}
	var token string
	if json.Unmarshal(p.Token, &token) == nil {
		s.scan.cancelToken(token)
	}
	return nil, nil
}
