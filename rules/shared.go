package rules

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"sort"
)

// Folders that share a config share one Config: its rules are merged once
// per load, however many folders have it (10,000 folders under one
// .guardrail.toml cost one merge and one set of rule lists, not 10,000).

// sharedCore is the part of a config its folders share: everything but
// Root and the globs that depend on it. cfg is nil when errs has errors.
type sharedCore struct {
	cfg  *Config
	errs []*Error
}

// sharedConfigs caches, per Loader life, cores by the files that make
// them and configs by those files and their root.
type sharedConfigs struct {
	cores   map[string]*sharedCore
	configs map[string]*Config
}

func (s *sharedConfigs) add(key string, c *sharedCore) {
	if s.cores == nil {
		s.cores = map[string]*sharedCore{}
	}
	s.cores[key] = c
}

func (s *sharedConfigs) addConfig(key string, c *Config) {
	if s.configs == nil {
		s.configs = map[string]*Config{}
	}
	s.configs[key] = c
}

// Fingerprint identifies the effective rule set: two configs with the
// same fingerprint have the same rules (ids, text, severities, files
// globs, scopes, everything a rule is parsed from) and the same
// unused-suppression severity, so one compiled engine serves both. It
// covers each effective rule's id, origin (pack and position) and
// severity, the front-matter keys and ignore patterns (scoping.go), and
// the text of every file that holds one of them (a rule is
// parsed from its own file only: should a rule ever take something from
// another file, that file's text must be added here). Configs that differ
// only in include, exclude or [severity] entries that change nothing
// share a fingerprint.
func (c *Config) Fingerprint() string { return c.fingerprint }

func (l *Loader) fingerprint(cfg *Config) string {
	h := sha256.New()
	str := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	num := func(v int) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(int64(v)))
		h.Write(n[:])
	}
	var packs []string
	seen := map[string]bool{}
	for _, r := range cfg.Rules {
		if !seen[r.Pack] {
			seen[r.Pack] = true
			packs = append(packs, r.Pack)
		}
	}
	sort.Strings(packs)
	for _, p := range packs {
		str(p)
		if e := l.files[p]; e != nil {
			h.Write(e.sum[:])
		}
	}
	num(int(cfg.UnusedSuppression))
	num(len(cfg.FrontMatter))
	for _, k := range cfg.FrontMatter {
		str(k)
	}
	for _, list := range [][]IgnorePattern{cfg.IgnoreTokens, cfg.IgnoreBlocks} {
		num(len(list))
		for _, ip := range list {
			str(ip.Pattern)
		}
	}
	num(len(cfg.Rules))
	for _, r := range cfg.Rules {
		str(r.ID)
		str(r.Pack)
		str(r.Pos.File)
		num(r.Pos.Line)
		num(r.Pos.Column)
		num(int(r.Severity))
	}
	return hex.EncodeToString(h.Sum(nil))
}
