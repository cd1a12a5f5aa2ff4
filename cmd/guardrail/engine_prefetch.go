package main

import (
	"path/filepath"
	"sync/atomic"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// A check of one document loads its rules (the rules cache's entries,
// decoded) and then its engine (the engine cache's entry, decoded), one
// after the other on one core while the other core has little to do: the
// document is read meanwhile, and scoped only once its config is known.
// The engine entry is keyed by the rule set's fingerprint, known only
// once the rules are loaded, so a small entry of the rules cache (a hint,
// keyed by the --config file or else the document's folder) names the
// fingerprint the last check of the same had, and that engine's entry is
// read and decoded (all but what needs the rules: analysis.PrefetchEngine)
// on the other core while the rules load. It serves only a check whose
// rules have that very fingerprint, and is checked against them as any
// entry is; otherwise it is dropped, and the hint rewritten.

const engineHintKind = "engine-hint"

// enginePrefetch is a hinted engine entry being read.
type enginePrefetch struct {
	hintKey string
	done    chan struct{}
	hinted  string // the fingerprint the hint named ("": none)
	pre     *analysis.PrefetchedEngine
}

// startEnginePrefetch starts reading the engine entry the hint for
// docPath names (nil: no rules cache).
func (c *checker) startEnginePrefetch(docPath string) {
	cache := c.loader.Cache()
	if cache == nil {
		return
	}
	key := "dir\x00" + filepath.Dir(docPath)
	if f := c.loader.ConfigFile(); f != "" {
		abs, err := filepath.Abs(f)
		if err != nil {
			return
		}
		key = "config\x00" + abs
	}
	p := &enginePrefetch{hintKey: key, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		if fp := cache.GetBlob(engineHintKind, key); len(fp) > 0 {
			p.hinted = string(fp)
			p.pre = analysis.PrefetchEngine(cache, p.hinted)
		}
	}()
	c.prefetch.Store(p)
}

// takePrefetch returns the prefetched engine entry if it is fingerprint's
// (nil otherwise, or when none was started or it was taken), and makes
// fingerprint the hint for the next check when it is not the one it had.
func (c *checker) takePrefetch(cache *rules.PackCache, fingerprint string) *analysis.PrefetchedEngine {
	p := c.prefetch.Swap(nil)
	if p == nil {
		return nil
	}
	<-p.done
	if p.hinted != fingerprint {
		cache.PutBlob(engineHintKind, p.hintKey, []byte(fingerprint))
		return nil
	}
	return p.pre
}

// prefetchSlot is the checker's started prefetch, if any.
type prefetchSlot = atomic.Pointer[enginePrefetch]
