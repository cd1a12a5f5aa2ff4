package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// settings are the editor settings (initializationOptions,
// workspace/didChangeConfiguration, workspace/configuration), nested under
// "guardrail" or flat.
type settings struct {
	ConfigPath  string
	ExtraPacks  []string
	MinSeverity rules.Severity
	LogLevel    string
	Limits      limitSettings
}

func defaultSettings() settings { return settings{MinSeverity: rules.SeverityHint} }

// applyJSON updates st from a settings object; keys that are absent keep
// their value. It returns problems to show the user.
func (st *settings) applyJSON(raw json.RawMessage) []string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return []string{fmt.Sprintf("settings are not valid JSON: %v", err)}
	}
	return st.apply(v)
}

func (st *settings) apply(v any) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if g, ok := m["guardrail"].(map[string]any); ok {
		m = g
	}
	var problems []string
	if x, ok := m["configPath"]; ok {
		if s, ok := x.(string); ok || x == nil {
			st.ConfigPath = s
		} else {
			problems = append(problems, "configPath must be a string")
		}
	}
	if x, ok := m["extraPacks"]; ok {
		var packs []string
		list, ok := x.([]any)
		if !ok && x != nil {
			problems = append(problems, "extraPacks must be a list of strings")
		}
		for _, e := range list {
			if s, ok := e.(string); ok && s != "" {
				packs = append(packs, s)
			} else if !ok && e != nil {
				problems = append(problems, fmt.Sprintf("extraPacks: %s is not a string; left out", jsonTypeName(e)))
			}
		}
		if ok || x == nil {
			st.ExtraPacks = packs
		}
	}
	if x, ok := m["minSeverity"]; ok {
		s, isStr := x.(string)
		if !isStr && x != nil {
			// Kept at its value: a wrong type is not a reset.
			problems = append(problems, fmt.Sprintf("minSeverity must be a string (error, warning, info or hint), not %s; kept at %s", jsonTypeName(x), st.MinSeverity))
		} else if s == "" {
			st.MinSeverity = rules.SeverityHint
		} else if sev, err := rules.ParseSeverity(s, false); err == nil {
			st.MinSeverity = sev
		} else {
			problems = append(problems, "minSeverity: "+err.Error())
		}
	}
	if x, ok := m["logLevel"]; ok {
		s, isStr := x.(string)
		if !isStr && x != nil {
			problems = append(problems, fmt.Sprintf("logLevel must be a string (debug, info, warn or error), not %s; left unchanged", jsonTypeName(x)))
		} else if _, err := zapcore.ParseLevel(s); s == "" || err == nil {
			st.LogLevel = s
		} else {
			problems = append(problems, fmt.Sprintf("logLevel %q: use debug, info, warn or error", s))
		}
	}
	problems = append(problems, st.Limits.apply(m)...)
	return problems
}

// jsonTypeName names the JSON type of a decoded value, for problems.
func jsonTypeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

func (st settings) sameLoader(o settings) bool {
	if st.ConfigPath != o.ConfigPath || len(st.ExtraPacks) != len(o.ExtraPacks) {
		return false
	}
	for i := range st.ExtraPacks {
		if st.ExtraPacks[i] != o.ExtraPacks[i] {
			return false
		}
	}
	return true
}

// configState owns config discovery: the Loader, compiled engines, the
// last good config of each folder, config problems (published on the
// TOML files), file watching and reloads.
type configState struct {
	s *Server

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

	ep      atomic.Uint64
	minSev  atomic.Int32
	lim     atomic.Pointer[limits]
	loadedM sync.Mutex
	loaded  map[string][]byte // text the Loader read, this epoch

	reloadCh   chan struct{}
	pullCh     chan struct{}
	startCh    chan struct{}
	examplesCh chan struct{}
	loopOnce   sync.Once
}

type goodConfig struct {
	cfg *rules.Config
	eng *analysis.Engine
}

type engineEntry struct {
	once  sync.Once
	eng   *analysis.Engine
	err   error
	epoch uint64
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
	c.loopOnce.Do(func() { go c.loop() })
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

func (c *configState) applySettingsLocked() {
	c.minSev.Store(int32(c.settings.MinSeverity))
	lim := c.settings.Limits.over(limitsOf(c.s.opts))
	c.lim.Store(&lim)
	if c.s.opts.Level != nil {
		// An empty or null logLevel goes back to the level the server
		// started with.
		l := c.startLevel
		if lvl := c.settings.LogLevel; lvl != "" {
			l, _ = zapcore.ParseLevel(lvl) // checked in apply
		}
		c.s.opts.Level.SetLevel(l)
	}
}

func (c *configState) reportSettingsProblems(problems []string) {
	for _, p := range problems {
		c.s.log.Warn("settings", zap.String("problem", p))
		c.s.showMessage(protocol.MessageTypeWarning, "guardrail settings: "+p)
	}
}

// updateSettings applies a settings object from the editor and reloads
// when it changes what is checked.
func (c *configState) updateSettings(v json.RawMessage) {
	c.mu.Lock()
	old := c.settings
	problems := c.settings.applyJSON(v)
	changed := !old.sameLoader(c.settings)
	if changed {
		c.newLoader = true
	}
	sevChanged := old.MinSeverity != c.settings.MinSeverity || !old.Limits.equal(c.settings.Limits)
	c.applySettingsLocked()
	c.mu.Unlock()
	c.reportSettingsProblems(problems)
	if changed || sevChanged {
		c.requestReload()
	}
}

// pullSettings asks the client for the "guardrail" section.
func (c *configState) pullSettings() {
	if !c.s.sess().caps.configuration {
		return
	}
	var res []json.RawMessage
	err := c.s.call(protocol.MethodWorkspaceConfiguration, &protocol.ConfigurationParams{
		Items: []protocol.ConfigurationItem{{Section: "guardrail"}},
	}, &res, 5*time.Second)
	if err != nil {
		c.s.log.Info("workspace/configuration failed", zap.Error(err))
		return
	}
	if len(res) > 0 {
		c.updateSettings(res[0])
	}
}

// makeLoader builds a Loader for the current settings (c.mu held or not
// yet shared).
func (c *configState) makeLoader() *rules.Loader {
	return c.makeLoaderWith(c.readFile)
}

// makeLoaderWith is makeLoader reading files through readFile.
func (c *configState) makeLoaderWith(readFile func(string) ([]byte, error)) *rules.Loader {
	base := ""
	if len(c.folders) > 0 {
		base = c.folders[0]
	}
	abs := func(p string) string {
		if p == "" || strings.HasPrefix(p, rules.BuiltinPrefix) || filepath.IsAbs(p) {
			return p
		}
		if strings.HasPrefix(p, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				return filepath.Join(home, p[2:])
			}
		}
		if base != "" {
			return filepath.Join(base, p)
		}
		return p
	}
	var extra []string
	for _, p := range c.settings.ExtraPacks {
		extra = append(extra, abs(p))
	}
	return rules.NewLoader(rules.Options{
		ConfigFile:   abs(c.settings.ConfigPath),
		UserConfig:   c.s.opts.UserConfig,
		NoUserConfig: c.s.opts.NoUserConfig,
		ExtraPacks:   extra,
		ReadFile:     readFile,
	})
}

// testHookReadConfig, when set, runs before each config read (a test
// makes a read slow).
var testHookReadConfig atomic.Pointer[func(path string)]

// testHookCompile, when set, runs before each compile of rules.
var testHookCompile atomic.Pointer[func()]

// readFile gives the Loader the editor's text of open files and
// remembers what it read.
func (c *configState) readFile(path string) ([]byte, error) {
	if hook := testHookReadConfig.Load(); hook != nil {
		(*hook)(path)
	}
	var data []byte
	if d := c.s.docs.getPath(path); d != nil {
		data = d.current().text
		if max := rules.MaxConfigSize(); int64(len(data)) > max {
			return nil, fmt.Errorf("%s: larger than %d bytes, the limit for config and pack files (set %s to raise it)", path, max, rules.MaxConfigSizeEnv)
		}
	} else {
		var err error
		if data, err = rules.ReadConfigFile(path); err != nil {
			return nil, err
		}
	}
	c.loadedM.Lock()
	c.loaded[path] = data
	c.loadedM.Unlock()
	return data, nil
}

func (c *configState) loadedText(path string) ([]byte, bool) {
	c.loadedM.Lock()
	defer c.loadedM.Unlock()
	b, ok := c.loaded[path]
	return b, ok
}

func (c *configState) currentLoader() (*rules.Loader, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loader, c.ep.Load()
}

// configFor returns the config and engine for a document path: the
// Loader's, or — when the config is broken — the last good one of the
// document's folder or the nearest folder above. Problems are noted for
// publishing on the TOML files.
func (c *configState) configFor(path string) (*rules.Config, *analysis.Engine) {
	loader, ep := c.currentLoader()
	cfg, errs := loader.ConfigFor(path)
	dir := filepath.Dir(path)
	if cfg != nil {
		c.note(ep, cfg.Warnings, cfg)
		eng, err := c.engine(cfg, ep)
		if err == nil {
			c.mu.Lock()
			c.lastGood[dir] = &goodConfig{cfg: cfg, eng: eng}
			c.mu.Unlock()
			return cfg, eng
		}
		c.compileFailed(cfg, err)
	} else {
		c.note(ep, errs, nil)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for d := dir; ; d = filepath.Dir(d) {
		if g := c.lastGood[d]; g != nil {
			return g.cfg, g.eng
		}
		if filepath.Dir(d) == d {
			return nil, nil
		}
	}
}

// configWait bounds how long a message handler (hover, code action) waits
// for a document's config: a config load runs off the message loop, and a
// slow one (a huge pack, a slow disk) must not hold up later messages.
const configWait = 200 * time.Millisecond

// configReady reports whether path's config is loaded and its rules
// compiled, waiting at most configWait for each; when they are not, the
// work goes on in the background.
func (c *configState) configReady(path string) bool {
	loader, ep := c.currentLoader()
	cfg, _, ok := loader.ConfigWithin(path, configWait)
	if !ok {
		return false
	}
	if cfg == nil {
		return true // broken: the last good config and engine serve
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = c.engine(cfg, ep)
	}()
	t := time.NewTimer(configWait)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

func (c *configState) engine(cfg *rules.Config, ep uint64) (*analysis.Engine, error) {
	// One engine per distinct rule set, shared by every folder and
	// document that has it (and kept across reloads that leave it alone).
	c.mu.Lock()
	e := c.engines[cfg.Fingerprint()]
	if e == nil {
		e = &engineEntry{epoch: ep}
		c.engines[cfg.Fingerprint()] = e
	} else if e.epoch < ep {
		e.epoch = ep
	}
	c.mu.Unlock()
	e.once.Do(func() {
		if hook := testHookCompile.Load(); hook != nil {
			(*hook)()
		}
		start := time.Now()
		e.eng, e.err = analysis.CompileWith(cfg.Rules, analysis.ConfigOptions(cfg))
		c.s.log.Debug("compiled rules", zap.Int("rules", len(cfg.Rules)), zap.Duration("took", time.Since(start)))
	})
	return e.eng, e.err
}

func (c *configState) compileFailed(cfg *rules.Config, err error) {
	key := fmt.Sprint(cfg.Layers, err)
	c.mu.Lock()
	shown := c.compileErrShown[key]
	c.compileErrShown[key] = true
	c.mu.Unlock()
	c.s.log.Error("rules do not compile", zap.Error(err))
	if !shown {
		c.s.showMessage(protocol.MessageTypeError, "guardrail: the rules do not compile: "+err.Error())
	}
}

// note records config problems of epoch ep and the files of cfg, and
// publishes the problems of files that gained some.
func (c *configState) note(ep uint64, errs []*rules.Error, cfg *rules.Config) {
	if len(errs) == 0 && cfg == nil {
		return
	}
	var changed []string
	var loose []*rules.Error
	c.mu.Lock()
	if ep != c.ep.Load() {
		c.mu.Unlock()
		return
	}
	newFiles := false
	if cfg != nil {
		for _, f := range cfg.Files {
			if !c.known[f] {
				c.known[f] = true
				newFiles = true
			}
		}
	}
	for _, e := range errs {
		f := e.Pos.File
		if f == "" || !filepath.IsAbs(f) {
			loose = append(loose, e)
			continue
		}
		if !c.known[f] {
			c.known[f] = true
			newFiles = true
		}
		seen := c.errSeen[f]
		if seen == nil {
			seen = map[errKey]bool{}
			c.errSeen[f] = seen
		}
		if k := keyOf(e); !seen[k] && len(seen) <= maxConfigProblems {
			// One more than shown: errorDiagnostics notes the rest.
			seen[k] = true
			c.errs[f] = append(c.errs[f], e)
			if len(changed) == 0 || changed[len(changed)-1] != f {
				changed = append(changed, f)
			}
		}
	}
	c.mu.Unlock()
	for _, e := range loose {
		c.s.log.Warn("config problem", zap.String("problem", e.Error()))
	}
	for _, f := range dedupe(changed) {
		c.publishConfigFile(f)
	}
	if newFiles && c.s.initialized.Load() {
		go c.updateWatchers()
		c.requestExamples()
	}
}

func dedupe(list []string) []string {
	sort.Strings(list)
	out := list[:0]
	for i, s := range list {
		if i == 0 || s != list[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// isConfigFile reports whether path is a config or pack file the server
// knows of.
func (c *configState) isConfigFile(path string) bool {
	if filepath.Base(path) == rules.ConfigFileName {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.known[path]
}

// publishConfigFile publishes a config file's problems: through the open
// document when it is open, else on its URI without a version.
func (c *configState) publishConfigFile(path string) {
	if d := c.s.docs.getPath(path); d != nil {
		c.s.schedule(d)
		return
	}
	c.publishFileDiagnostics(path, c.fileDiagnostics(path))
}

// fileDiagnostics are the problems of a config file that is not open: those
// found loading it and its failing rule examples.
func (c *configState) fileDiagnostics(path string) []protocol.Diagnostic {
	c.mu.Lock()
	errs := append([]*rules.Error(nil), c.errs[path]...)
	c.mu.Unlock()
	text := c.fileText(path)
	diags := errorDiagnostics(errs, path, text, c.s.sess().enc)
	pack, _ := rules.ParsePack(path, text)
	return append(diags, c.exampleDiagnostics(path, pack, text)...)
}

// publishFileDiagnostics publishes a config file's diagnostics on its URI
// (not open) and notes whether any are out.
func (c *configState) publishFileDiagnostics(path string, diags []protocol.Diagnostic) {
	if c.s.publishFile(path, diags) {
		c.mu.Lock()
		c.published[path] = len(diags) > 0
		c.mu.Unlock()
	}
}

// tomlDiagnostics checks an open TOML document from its unsaved text: if
// it is a config or a pack, its parse and schema problems, its rules'
// failing examples, and (when the Loader read this very text) the
// problems found while loading configs, such as bad extends.
func (c *configState) tomlDiagnostics(d *document, snap *snapshot) []protocol.Diagnostic {
	path := d.path
	if !(c.isConfigFile(path) || bytes.Contains(snap.text, []byte("[[rule]]"))) {
		return []protocol.Diagnostic{}
	}
	pack, perrs := rules.ParsePack(path, snap.text)
	var list []*rules.Error
	for _, e := range perrs {
		if e.Pos.File == path || e.Pos.File == "" {
			list = append(list, e)
		}
	}
	if loaded, ok := c.loadedText(path); ok && bytes.Equal(loaded, snap.text) {
		c.mu.Lock()
		list = mergeErrs(list, c.errs[path])
		c.mu.Unlock()
	} else if filepath.Base(path) == rules.ConfigFileName {
		// Unsaved text: load the config from it with a Loader of its own,
		// for the problems only loading finds (extends that do not exist,
		// cycles, unknown rule ids in [severity]).
		list = mergeErrs(list, c.draftLoadErrors(path, snap.text))
	}
	diags := errorDiagnostics(list, path, snap.text, c.s.sess().enc)
	return append(diags, c.exampleDiagnostics(path, pack, snap.text)...)
}

// draftLoadErrors loads the config of path's folder as if path held text,
// without touching the server's Loader, and returns the problems located
// in path.
func (c *configState) draftLoadErrors(path string, text []byte) []*rules.Error {
	read := func(p string) ([]byte, error) {
		if p == path {
			return text, nil
		}
		if d := c.s.docs.getPath(p); d != nil {
			return d.current().text, nil
		}
		return rules.ReadConfigFile(p)
	}
	c.mu.Lock()
	loader := c.makeLoaderWith(read)
	c.mu.Unlock()
	cfg, errs := loader.ConfigForDir(filepath.Dir(path))
	if cfg != nil {
		errs = cfg.Warnings
	}
	var out []*rules.Error
	for _, e := range errs {
		if e.Pos.File == path {
			out = append(out, e)
		}
	}
	return out
}

// errorDiagnostics converts config problems of one file. A problem points
// at a line and a column in code points; its range runs to the end of the
// word there.
func errorDiagnostics(errs []*rules.Error, path string, text []byte, enc string) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	idx := newLineIndex(text)
	more := len(errs) > maxConfigProblems
	if more {
		errs = errs[:maxConfigProblems]
	}
	for _, e := range errs {
		sev := protocol.DiagnosticSeverityError
		if e.Warning {
			sev = protocol.DiagnosticSeverityWarning
		}
		var rng protocol.Range
		if e.Pos.Line > 0 && e.Pos.Line <= idx.lines() {
			l := e.Pos.Line - 1
			ls, le := idx.lineStart(l), idx.lineEnd(l)
			off := ls
			for n := 1; n < e.Pos.Column && off < le; n++ {
				_, size := utf8.DecodeRune(text[off:le])
				off += size
			}
			end := off
			for end < le && text[end] != ' ' && text[end] != '\t' {
				end++
			}
			rng = idx.rangeOf(off, end, enc)
		}
		out = append(out, protocol.Diagnostic{Range: rng, Severity: sev, Source: "guardrail", Message: e.Msg})
	}
	if more {
		out = append(out, moreProblems())
	}
	return out
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

// publishExamples runs the rule examples of the config and pack files not
// open in the editor and not yet run this epoch, and publishes the files
// whose examples fail (or failed before): a config's problems are
// published whether or not it is open. Built-in packs are not files.
func (c *configState) publishExamples() {
	c.mu.Lock()
	var files []string
	for f := range c.known {
		if !c.examplesRun[f] && filepath.IsAbs(f) {
			c.examplesRun[f] = true
			files = append(files, f)
		}
	}
	c.mu.Unlock()
	sort.Strings(files)
	for _, f := range files {
		if c.s.ctx.Err() != nil {
			return
		}
		if c.s.docs.getPath(f) != nil {
			continue // open: checked as you type
		}
		c.mu.Lock()
		was := c.published[f]
		c.mu.Unlock()
		if diags := c.fileDiagnostics(f); was || len(diags) > 0 {
			c.publishFileDiagnostics(f, diags)
		}
	}
}

// fileText is a config file's text as the Loader read it, else from disk.
func (c *configState) fileText(path string) []byte {
	text, ok := c.loadedText(path)
	if !ok {
		text, _ = rules.ReadConfigFile(path)
	}
	return text
}

// exampleDiagnostics are the failing rule examples of pack, parsed from
// text at path (code "rule-example", warnings at the example).
func (c *configState) exampleDiagnostics(path string, pack *rules.Pack, text []byte) []protocol.Diagnostic {
	if pack == nil {
		return nil
	}
	var errs []*rules.Error
	for _, r := range pack.Rules {
		for _, f := range analysis.TestExamples(r) {
			pos := f.Pos
			pos.File = path
			errs = append(errs, &rules.Error{Pos: pos, Msg: fmt.Sprintf("rule %s: %s", r.ID, f.Msg), Warning: true})
		}
	}
	diags := errorDiagnostics(errs, path, text, c.s.sess().enc)
	for i := range diags {
		diags[i].Code = "rule-example"
	}
	return diags
}

var watchMu sync.Mutex

// updateWatchers (re)registers workspace/didChangeWatchedFiles for
// .guardrail.toml files, TOML files in the workspace (packs that extends
// globs may pick up), and every config file in use.
func (c *configState) updateWatchers() {
	sess := c.s.sess()
	if !sess.caps.watchedFilesDynamic {
		return
	}
	watchMu.Lock()
	defer watchMu.Unlock()
	c.mu.Lock()
	want := []string{"**/" + rules.ConfigFileName, "**/*.toml"}
	for f := range c.known {
		want = append(want, filepath.ToSlash(f))
	}
	if !c.s.opts.NoUserConfig {
		u := c.s.opts.UserConfig
		if u == "" {
			u = rules.DefaultUserConfigPath()
		}
		if u != "" {
			want = append(want, filepath.ToSlash(u))
		}
	}
	if p := c.settings.ConfigPath; p != "" && filepath.IsAbs(p) {
		want = append(want, filepath.ToSlash(p))
	}
	want = append(want[:2], dedupe(want[2:])...)
	same := len(want) == len(c.watched)
	for i := 0; same && i < len(want); i++ {
		same = want[i] == c.watched[i]
	}
	oldID := c.regID
	c.regN++
	newID := fmt.Sprintf("guardrail-watch-%d", c.regN)
	c.mu.Unlock()
	if same {
		return
	}
	if oldID != "" {
		err := c.s.call(protocol.MethodClientUnregisterCapability, &protocol.UnregistrationParams{
			Unregisterations: []protocol.Unregistration{{ID: oldID, Method: protocol.MethodWorkspaceDidChangeWatchedFiles}},
		}, nil, 5*time.Second)
		if err != nil {
			c.s.log.Info("unregister watchers failed", zap.Error(err))
		}
	}
	watchers := make([]protocol.FileSystemWatcher, len(want))
	for i, w := range want {
		watchers[i] = protocol.FileSystemWatcher{GlobPattern: w}
	}
	err := c.s.call(protocol.MethodClientRegisterCapability, &protocol.RegistrationParams{
		Registrations: []protocol.Registration{{
			ID:              newID,
			Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
			RegisterOptions: &protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
		}},
	}, nil, 5*time.Second)
	c.mu.Lock()
	if err != nil {
		c.s.log.Info("register watchers failed", zap.Error(err))
		c.regID = ""
		c.watched = nil
	} else {
		c.regID = newID
		c.watched = want
	}
	c.mu.Unlock()
}

func (s *Server) didChangeWatchedFiles(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.DidChangeWatchedFilesParams
	if err := decodeParams(protocol.MethodWorkspaceDidChangeWatchedFiles, params, &p); err != nil {
		return nil, err
	}
	var toml []string
	for _, ch := range p.Changes {
		if ch == nil {
			continue
		}
		path, ok := uriPath(protocol.DocumentURI(ch.URI))
		if !ok {
			continue
		}
		if s.cfg.isConfigFile(path) {
			s.cfg.requestReload()
			return nil, nil
		}
		if strings.EqualFold(filepath.Ext(path), ".toml") {
			toml = append(toml, path)
		}
	}
	if len(toml) > 0 {
		// Reading them is off the message loop.
		go func() {
			for _, path := range toml {
				if isPackFile(path) {
					s.cfg.requestReload()
					return
				}
			}
		}()
	}
	return nil, nil
}

// isPackFile reports whether path is a TOML file with rules (a pack that
// an extends glob may pick up).
func isPackFile(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".toml") {
		return false
	}
	data, err := rules.ReadConfigFile(path) // never a FIFO, at most 16 MiB
	return err == nil && bytes.Contains(data, []byte("[[rule]]"))
}

func (s *Server) didChangeConfiguration(ctx context.Context, params json.RawMessage) (any, error) {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if len(params) > 0 && string(params) != "null" {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(protocol.MethodWorkspaceDidChangeConfiguration, err)
		}
	}
	s.cfg.updateSettings(p.Settings)
	// Clients that send no settings (or only a nudge) expect a pull.
	s.cfg.requestPull()
	return nil, nil
}

func (s *Server) didChangeWorkspaceFolders(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.DidChangeWorkspaceFoldersParams
	if err := decodeParams(protocol.MethodWorkspaceDidChangeWorkspaceFolders, params, &p); err != nil {
		return nil, err
	}
	c := s.cfg
	c.mu.Lock()
	for _, f := range p.Event.Removed {
		if path, ok := uriPath(protocol.DocumentURI(f.URI)); ok {
			for i, x := range c.folders {
				if x == path {
					c.folders = append(c.folders[:i], c.folders[i+1:]...)
					break
				}
			}
		}
	}
	for _, f := range p.Event.Added {
		if path, ok := uriPath(protocol.DocumentURI(f.URI)); ok {
			c.folders = append(c.folders, path)
		}
	}
	c.mu.Unlock()
	c.requestReload()
	return nil, nil
}

func invalidParams(method string, err error) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "guardrail: %s: invalid params: %v", method, err)
}
