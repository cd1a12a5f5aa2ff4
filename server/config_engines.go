package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

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
		Cache:        c.s.opts.RulesCache,
	})
}

// readFile gives the Loader the editor's text of open files and
// remembers what it read.
func (c *configState) readFile(path string) ([]byte, error) {
	if hook := c.s.opts.readConfigHook; hook != nil {
		hook(path)
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
	c.s.bg.run(func() { // (not once the server has stopped: then done never closes)
		defer close(done)
		_, _ = c.engine(cfg, ep)
	})
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
		if hook := c.s.opts.compileHook; hook != nil {
			hook()
		}
		start := time.Now()
		e.eng, e.err = analysis.CompileCached(cfg.Rules, analysis.ConfigOptions(cfg), engineStore(c.s.opts.RulesCache), cfg.Fingerprint())
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

// engineStore is the engine cache kept beside the rules cache (nil when
// there is none).
func engineStore(c *rules.PackCache) analysis.EngineStore {
	if c == nil {
		return nil
	}
	return c
}
