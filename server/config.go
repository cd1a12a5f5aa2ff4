package server

import (
	"encoding/json"
	"os"
	"sync"
	"sync/atomic"

	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// configState owns config discovery: the Loader, compiled engines, the
// last good config of each folder, config problems (published on the
// TOML files), file watching and reloads. Its parts by concern: settings
// (settings.go), the Loader and engine cache (config_engines.go), config
// file diagnostics (config_diagnostics.go, config_problems.go), and
// watching (config_watch.go); this file has the state and the reload loop.
type configState struct {
	s *Server

	// mu guards the fields from folders to compileErrShown.
	mu              sync.Mutex
	folders         []string
	settings        settings
	loader          *rules.Loader
	newLoader       bool // settings changed: the next reload makes a new Loader
	lastGood        map[string]*goodConfig
	engines         map[string]*engineEntry    // by rules.Config.Fingerprint
	errs            map[string][]*rules.Error  // config file → problems, this epoch
	errSeen         map[string]map[errKey]bool // the problems in errs, by file
	published       map[string]bool            // config files with config diagnostics out (not open)
	known           map[string]bool            // config and pack files of every config seen
	examplesRun     map[string]bool            // known files whose examples were run, this epoch
	watched         []string
	regID           string
	regN            int
	compileErrShown map[string]bool

	startLevel zapcore.Level // the log level before any setting

	ep     atomic.Uint64
	minSev atomic.Int32
	lim    atomic.Pointer[limits]

	// loadedM guards loaded.
	loadedM sync.Mutex
	loaded  map[string][]byte // text the Loader read, this epoch

	// watchMu serializes updateWatchers (its unregister and register
	// round trips to the client), so that registrations do not cross; it
	// guards no field (regID, regN and watched are under mu).
	watchMu sync.Mutex

	reloadCh   chan struct{}
	pullCh     chan struct{}
	startCh    chan struct{}
	examplesCh chan struct{}
	loopOnce   sync.Once
}

func newConfigState(s *Server) *configState {
	c := &configState{
		s:               s,
		settings:        defaultSettings(),
		lastGood:        map[string]*goodConfig{},
		engines:         map[string]*engineEntry{},
		errs:            map[string][]*rules.Error{},
		errSeen:         map[string]map[errKey]bool{},
		published:       map[string]bool{},
		known:           map[string]bool{},
		examplesRun:     map[string]bool{},
		loaded:          map[string][]byte{},
		compileErrShown: map[string]bool{},
		reloadCh:        make(chan struct{}, 1),
		pullCh:          make(chan struct{}, 1),
		startCh:         make(chan struct{}, 1),
		examplesCh:      make(chan struct{}, 1),
	}
	c.minSev.Store(int32(rules.SeverityHint))
	if s.opts.Level != nil {
		c.startLevel = s.opts.Level.Level()
	}
	lim := limitsOf(s.opts)
	c.lim.Store(&lim)
	c.ep.Store(1)
	c.loader = c.makeLoader()
	return c
}

func (c *configState) epoch() uint64 { return c.ep.Load() }

func (c *configState) minSeverity() rules.Severity { return rules.Severity(c.minSev.Load()) }

// limits are the limits in effect: the server's, with the settings' on top.
func (c *configState) limits() limits { return *c.lim.Load() }

func (c *configState) firstFolder() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.folders) > 0 {
		return c.folders[0]
	}
	wd, _ := os.Getwd()
	return wd
}

func (c *configState) getFolders() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.folders...)
}

// init runs in initialize: folders and initializationOptions.
func (c *configState) init(folders []string, initOptions json.RawMessage) {
	c.mu.Lock()
	c.folders = folders
	problems := c.settings.applyJSON(initOptions)
	c.applySettingsLocked()
	c.loader = c.makeLoader()
	c.newLoader = false
	c.mu.Unlock()
	c.reportSettingsProblems(problems)
	c.loopOnce.Do(func() { c.s.bg.run(c.loop) })
}

// start runs when the client sends initialized.
func (c *configState) start() {
	select {
	case c.startCh <- struct{}{}:
	default:
	}
}

func (c *configState) requestReload() {
	select {
	case c.reloadCh <- struct{}{}:
	default:
	}
}

// requestExamples asks the loop to run the examples of config files not
// yet run this epoch.
func (c *configState) requestExamples() {
	select {
	case c.examplesCh <- struct{}{}:
	default:
	}
}

func (c *configState) requestPull() {
	if !c.s.sess().caps.configuration {
		return
	}
	select {
	case c.pullCh <- struct{}{}:
	default:
	}
}

// loop serializes settings pulls and reloads, off the message queue.
func (c *configState) loop() {
	ctx := c.s.ctx
	// Until initialized: only reloads asked for by the editor (saves).
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.startCh:
			c.pullSettings()
			c.drain(c.reloadCh)
			c.reload()
			goto running
		case <-c.reloadCh:
			c.reload()
		}
	}
running:
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.pullCh:
			c.pullSettings()
		case <-c.reloadCh:
			c.reload()
		case <-c.examplesCh:
			c.publishExamples()
		}
	}
}

func (c *configState) drain(ch chan struct{}) {
	select {
	case <-ch:
	default:
	}
}

// reload re-reads every config: once per burst of changes.
func (c *configState) reload() {
	c.mu.Lock()
	c.loadedM.Lock()
	c.loaded = map[string][]byte{}
	c.loadedM.Unlock()
	// A new Loader, not Invalidate: Invalidate would wait, holding c.mu,
	// for a load in progress (a slow file), and so would every message
	// handler that needs c.mu.
	c.loader = c.makeLoader()
	c.newLoader = false
	ep := c.ep.Add(1)
	oldErrs := c.errs
	c.errs = map[string][]*rules.Error{}
	c.errSeen = map[string]map[errKey]bool{}
	c.examplesRun = map[string]bool{}
	loader := c.loader
	folders := append([]string(nil), c.folders...)
	c.mu.Unlock()
	c.s.log.Info("reloading configs", zap.Uint64("epoch", ep))

	// Load every folder's and open document's config now, so that their
	// problems are published together.
	for _, f := range folders {
		cfg, errs := loader.ConfigForDir(f)
		if cfg != nil {
			c.note(ep, cfg.Warnings, cfg)
		} else {
			c.note(ep, errs, nil)
		}
	}
	docs := c.s.docs.all()
	for _, d := range docs {
		if d.fileBacked || !d.isTOML {
			c.configFor(d.path)
		}
	}

	// Clear problems that are gone (and republish the others, whose text
	// may have moved).
	c.mu.Lock()
	var files []string
	for f := range oldErrs {
		files = append(files, f)
	}
	for f, ok := range c.published {
		if ok {
			files = append(files, f)
		}
	}
	for f := range c.errs {
		files = append(files, f)
	}
	for _, f := range files {
		c.examplesRun[f] = true // published below, examples included
	}
	// Drop engines no folder uses any more.
	inUse := map[string]bool{}
	for _, g := range c.lastGood {
		inUse[g.cfg.Fingerprint()] = true
	}
	for fp, e := range c.engines {
		if !inUse[fp] && e.epoch < ep {
			delete(c.engines, fp)
		}
	}
	c.mu.Unlock()
	for _, f := range dedupe(files) {
		c.publishConfigFile(f)
	}
	for _, d := range docs {
		c.s.schedule(d)
	}
	if c.s.initialized.Load() {
		c.updateWatchers()
		c.s.scan.restart()
		c.requestExamples()
		c.s.refreshDiagnostics() // pulling clients ask again
	}
}

func invalidParams(method string, err error) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: %s: invalid params: %v", method, err)
}
