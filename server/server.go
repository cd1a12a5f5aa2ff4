// Package server is guardrail's language server: documents, sync,
// diagnostics, code actions, hover, config watching and the workspace
// scan, over LSP on go.lsp.dev/protocol v0.12.0 and go.lsp.dev/jsonrpc2
// v0.10.0. What it knows of file formats (kinds, comment syntax, front
// matter, where a document splits for incremental checks) it asks package
// analysis/format; findings come from package analysis.
package server

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// Options configure the server.
type Options struct {
	// Logger receives the server's logs; nil discards them. It must not
	// write to the protocol stream.
	Logger *zap.Logger
	// Level, when set, is the level of Logger; the logLevel setting
	// changes it.
	Level *zap.AtomicLevel
	// UserConfig is the user config's path ("" means the default,
	// $XDG_CONFIG_HOME/guardrail/config.toml); NoUserConfig skips it.
	UserConfig   string
	NoUserConfig bool
	// MaxDocumentSize is the largest document checked, in bytes: a larger
	// one gets a single information diagnostic saying it was not checked.
	// 0 means 10 MB; negative means no limit. The maxDocumentSize setting
	// overrides it.
	MaxDocumentSize int
	// MaxFindings is the most diagnostics published for one document; past
	// it one information diagnostic says how many were left out. 0 means
	// 1,000; negative means no limit. The maxFindings setting overrides it.
	MaxFindings int
	// AnalysisTimeout bounds one analysis of a document: past it the
	// findings so far are published with one information diagnostic saying
	// where checking stopped. 0 means 5 s; negative means no limit. The
	// analysisTimeout setting (milliseconds) overrides it.
	AnalysisTimeout time.Duration
	// Version is reported in serverInfo.
	Version string
	// TuneGC trades memory for latency in a process that is the server:
	// unless the environment sets GOGC or GOMEMLIMIT, Run sets GOGC to 300
	// with a soft memory limit of 100 MiB (past it the collector runs
	// more often). Each keystroke allocates about the document's size;
	// with the default GOGC=100 the collector runs every few keystrokes
	// on a large document and doubles the latency.
	TuneGC bool
	// RulesCache, when not nil, keeps large rule files parsed on disk
	// between processes (rules.PackCache; `guardrail lsp` passes the
	// user's rules cache). Results are the same with or without it: an
	// entry is keyed by the text the loader read, unsaved editor text
	// included.
	RulesCache *rules.PackCache

	// Knobs for this package's tests (fields, not package variables, so
	// that tests can run in parallel): onServer sees the server Run
	// makes; maxMessageSize, when positive, replaces the message size
	// limit (defaultMaxMessageSize); incremental sizes incremental
	// analysis; readConfigHook runs before each config read (a test makes
	// a read slow), compileHook before each compile of rules, analyzeHook
	// before each analysis of a document.
	onServer       func(*Server)
	maxMessageSize int64
	incremental    incrementalTuning
	readConfigHook func(path string)
	compileHook    func()
	analyzeHook    func(path string)
}

// Run serves LSP on in/out until the client sends exit, the stream ends or
// ctx is cancelled. It returns the process exit code: 0 after shutdown and
// exit, 1 for exit without shutdown or when the stream ends first. Run
// closes in when it returns, if in is an io.Closer. Before it returns, it
// cancels the goroutines the server started and waits for them
// (background.go), and nothing is written to opts.Logger after it returns.
func Run(ctx context.Context, in io.Reader, out io.Writer, opts Options) int {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	var returned atomic.Bool
	log = gatedLogger(log, &returned)
	if opts.TuneGC {
		tuneGC()
	}
	st := newStream(in, out, log)
	if opts.maxMessageSize > 0 {
		st.maxMessageSize = opts.maxMessageSize
	}
	conn := jsonrpc2.NewConn(st)
	s := newServer(ctx, conn, opts, log)
	s.out = st
	if opts.onServer != nil {
		opts.onServer(s)
	}
	var inflight sync.WaitGroup
	conn.Go(ctx, counting(&inflight, cancelMiddleware(inOrder(&s.bg, guard(log, s.handle)))))

	var code int
	select {
	case code = <-s.exitCh:
	case <-conn.Done():
		if err := conn.Err(); err != nil {
			log.Info("stream ended", zap.Error(err))
		}
		// Let the messages read before the end finish: an exit may be
		// among them.
		drained := make(chan struct{})
		go func() { inflight.Wait(); close(drained) }()
		select {
		case <-drained:
		case <-time.After(5 * time.Second):
		}
		select {
		case code = <-s.exitCh:
		default:
			code = 1
		}
	case <-ctx.Done():
		code = 1
	}
	s.stop()
	_ = conn.Close()
	if !s.bg.stopAndWait(stopWait) {
		log.Warn("background work still running at exit: its output is dropped")
	}
	_ = log.Sync()
	returned.Store(true)
	return code
}

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(100 << 20)
	}
}

// Lifecycle states.
const (
	stateNew int32 = iota
	stateRunning
	stateShutdown
)

// Server is the state of one LSP session.
type Server struct {
	conn   jsonrpc2.Conn
	out    *stream // for writing prepared frames (publishDiagnostics)
	log    *zap.Logger
	opts   Options
	exitCh chan int

	ctx    context.Context // background work; cancelled on shutdown
	cancel context.CancelFunc
	closed atomic.Bool

	state       atomic.Int32
	initialized atomic.Bool // the initialized notification arrived
	session     atomic.Pointer[session]

	docs *store

	// pubMu serializes publishing, so that the checks made before a
	// publish (the document's version, whether it is open) still hold
	// when the notification is written.
	pubMu sync.Mutex

	cfg  *configState
	scan *scanner

	analysisSem chan struct{} // bounds concurrent background analyses

	pull pullState // LSP 3.17 pull diagnostics (pull.go)

	bg background // the goroutines the server started (background.go)
}

// session holds what initialize negotiated; it does not change after.
type session struct {
	caps clientCaps
	enc  string
	// client is the client's name, for logs.
	client string
}

func newServer(ctx context.Context, conn jsonrpc2.Conn, opts Options, log *zap.Logger) *Server {
	s := &Server{conn: conn, log: log, opts: opts, exitCh: make(chan int, 1), docs: newStore(),
		analysisSem: make(chan struct{}, runtime.GOMAXPROCS(0))}
	s.ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	s.session.Store(&session{enc: encUTF16, caps: clientCaps{hoverMarkdown: true}})
	s.cfg = newConfigState(s)
	s.scan = &scanner{s: s}
	s.pull.init()
	return s
}

func (s *Server) sess() *session { return s.session.Load() }

// stop ends background work.
func (s *Server) stop() {
	s.closed.Store(true)
	s.cancel()
}

type handlerFunc func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

// handlers are the methods the server implements once initialized.
var handlers map[string]handlerFunc

func init() {
	handlers = map[string]handlerFunc{
		protocol.MethodInitialized:                        (*Server).handleInitialized,
		protocol.MethodShutdown:                           (*Server).handleShutdown,
		protocol.MethodTextDocumentDidOpen:                (*Server).didOpen,
		protocol.MethodTextDocumentDidChange:              (*Server).didChange,
		protocol.MethodTextDocumentDidClose:               (*Server).didClose,
		protocol.MethodTextDocumentDidSave:                (*Server).didSave,
		protocol.MethodTextDocumentCodeAction:             (*Server).codeAction,
		protocol.MethodTextDocumentHover:                  (*Server).hover,
		protocol.MethodWorkspaceDidChangeConfiguration:    (*Server).didChangeConfiguration,
		protocol.MethodWorkspaceDidChangeWatchedFiles:     (*Server).didChangeWatchedFiles,
		protocol.MethodWorkspaceDidChangeWorkspaceFolders: (*Server).didChangeWorkspaceFolders,
		protocol.MethodWorkDoneProgressCancel:             (*Server).progressCancel,
		methodTextDocumentDiagnostic:                      (*Server).pullDiagnostics,
		methodWorkspaceDiagnostic:                         (*Server).workspaceDiagnostics,
		methodCodeActionResolve:                           (*Server).codeActionResolve,
	}
}

// handle enforces the lifecycle and dispatches one message.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	_, isCall := req.(*jsonrpc2.Call)
	method := req.Method()
	params := json.RawMessage(req.Params())

	if method == protocol.MethodExit {
		code := 1
		if s.state.Load() == stateShutdown {
			code = 0
		}
		s.log.Info("exit", zap.Int("code", code))
		select {
		case s.exitCh <- code:
		default:
		}
		return reply(ctx, nil, nil)
	}
	if isCall && ctx.Err() != nil {
		return reply(ctx, nil, errCancelled)
	}

	switch s.state.Load() {
	case stateNew:
		if method == protocol.MethodInitialize {
			res, err := s.initialize(params)
			return reply(ctx, res, err)
		}
		if isCall {
			return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "guardrail: %s before initialize", method))
		}
		return reply(ctx, nil, nil)
	case stateShutdown:
		if isCall {
			return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "guardrail: %s after shutdown", method))
		}
		return reply(ctx, nil, nil)
	}
	if method == protocol.MethodInitialize {
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "guardrail: initialize was already called"))
	}
	h, ok := handlers[method]
	if !ok {
		if isCall {
			return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "guardrail: method not found: %s", method))
		}
		s.log.Debug("notification ignored", zap.String("method", method))
		return reply(ctx, nil, nil)
	}
	start := time.Now()
	res, err := h(s, ctx, params)
	if ce := s.log.Check(zap.DebugLevel, "handled"); ce != nil {
		ce.Write(zap.String("method", method), zap.Duration("took", time.Since(start)), zap.Error(err))
	}
	if !isCall {
		if err != nil {
			s.log.Warn("notification failed", zap.String("method", method), zap.Error(err))
		}
		return reply(ctx, nil, nil)
	}
	return reply(ctx, res, err)
}

// decodeParams decodes params into v; missing or malformed params are
// InvalidParams.
func decodeParams(method string, params json.RawMessage, v any) error {
	if len(params) == 0 || string(params) == "null" {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: %s: missing params", method)
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: %s: invalid params: %v", method, err)
	}
	return nil
}

func (s *Server) initialize(params json.RawMessage) (any, error) {
	var p initializeParams
	if len(params) > 0 && string(params) != "null" {
		if err := json.Unmarshal(params, &p); err != nil {
			// Fall back to the capabilities alone, leniently.
			s.log.Warn("initialize params partly unreadable", zap.Error(err))
			var raw map[string]json.RawMessage
			if json.Unmarshal(params, &raw) != nil {
				return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: initialize: invalid params: %v", err)
			}
			p = initializeParams{Capabilities: raw["capabilities"], InitializationOptions: raw["initializationOptions"]}
			_ = json.Unmarshal(raw["rootUri"], &p.RootURI)
			_ = json.Unmarshal(raw["workspaceFolders"], &p.WorkspaceFolders)
		}
	}
	caps := parseClientCaps(p.Capabilities)
	sess := &session{caps: caps, enc: chooseEncoding(caps.positionEncodings)}
	if p.ClientInfo != nil {
		sess.client = p.ClientInfo.Name
	}
	s.session.Store(sess)

	var folders []string
	for _, f := range p.WorkspaceFolders {
		if path, ok := uriPath(protocol.DocumentURI(f.URI)); ok {
			folders = append(folders, path)
		}
	}
	if len(folders) == 0 {
		if path, ok := uriPath(protocol.DocumentURI(p.RootURI)); ok {
			folders = append(folders, path)
		} else if p.RootPath != "" {
			folders = append(folders, filepath.Clean(p.RootPath))
		}
	}
	s.cfg.init(folders, p.InitializationOptions)
	s.state.Store(stateRunning)
	s.log.Info("initialize", zap.String("client", sess.client), zap.String("positionEncoding", sess.enc), zap.Strings("folders", folders))

	var actions any = true
	if caps.codeActionLiterals {
		actions = &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{kindQuickFix, kindFixAll}, ResolveProvider: caps.codeActionResolve}
	}
	version := s.opts.Version
	if version == "" {
		version = "dev"
	}
	return &initializeResult{
		Capabilities: serverCapabilities{
			ServerCapabilities: protocol.ServerCapabilities{
				TextDocumentSync: &protocol.TextDocumentSyncOptions{
					OpenClose: true,
					Change:    protocol.TextDocumentSyncKindIncremental,
					Save:      &protocol.SaveOptions{},
				},
				HoverProvider:      true,
				CodeActionProvider: actions,
				Workspace: &protocol.ServerCapabilitiesWorkspace{
					WorkspaceFolders: &protocol.ServerCapabilitiesWorkspaceFolders{Supported: true, ChangeNotifications: true},
				},
			},
			PositionEncoding:   sess.enc,
			DiagnosticProvider: diagnosticProviderFor(caps),
		},
		ServerInfo: &protocol.ServerInfo{Name: "guardrail", Version: version},
	}, nil
}

func (s *Server) handleInitialized(ctx context.Context, _ json.RawMessage) (any, error) {
	if !s.initialized.CompareAndSwap(false, true) {
		return nil, nil
	}
	// Pull settings, load configs, register watchers and scan, off the
	// message queue (in the config loop): each may wait on the client.
	s.cfg.start()
	return nil, nil
}

func (s *Server) handleShutdown(ctx context.Context, _ json.RawMessage) (any, error) {
	s.state.Store(stateShutdown)
	s.log.Info("shutdown")
	s.cancel() // stops the workspace scan and other background work
	return nil, nil
}

// notify sends a notification unless the server has stopped.
func (s *Server) notify(method string, params any) {
	if s.closed.Load() {
		return
	}
	if err := s.conn.Notify(context.Background(), method, params); err != nil {
		s.log.Debug("notify failed", zap.String("method", method), zap.Error(err))
	}
}

// call makes a server→client request with a timeout. Make it from a
// goroutine of its own, never from a message handler: while a handler
// waits, no later message is processed.
func (s *Server) call(method string, params, result any, timeout time.Duration) error {
	if s.closed.Load() {
		return context.Canceled
	}
	ctx, cancel := context.WithTimeout(s.ctx, timeout)
	defer cancel()
	id, err := s.conn.Call(ctx, method, params, result)
	if ctx.Err() != nil {
		_ = s.conn.Notify(context.Background(), protocol.MethodCancelRequest, map[string]any{"id": &id})
	}
	return err
}

// showMessage shows a message to the user.
func (s *Server) showMessage(typ protocol.MessageType, msg string) {
	s.notify(protocol.MethodWindowShowMessage, &protocol.ShowMessageParams{Type: typ, Message: msg})
}

// severityOf maps a rule severity to an LSP diagnostic severity.
func severityOf(sev rules.Severity) protocol.DiagnosticSeverity {
	switch sev {
	case rules.SeverityError:
		return protocol.DiagnosticSeverityError
	case rules.SeverityWarning:
		return protocol.DiagnosticSeverityWarning
	case rules.SeverityInfo:
		return protocol.DiagnosticSeverityInformation
	}
	return protocol.DiagnosticSeverityHint
}
