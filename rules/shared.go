package rules

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
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
	// A buffer hashed when full: 10,000 rules make 60,000 small writes,
	// which cost more one at a time than the hashing. Each rule is a few
	// bytes: its pack (and a position's file, nearly always the same) by
	// number in the sorted list of packs hashed first, numbers as
	// uvarints.
	var packs []string
	num := map[string]int{}
	for _, r := range cfg.Rules {
		if _, ok := num[r.Pack]; !ok {
			num[r.Pack] = 0
			packs = append(packs, r.Pack)
		}
	}
	sort.Strings(packs)
	for i, p := range packs {
		num[p] = i
	}
	// Hashed 32 KB at a time: 10,000 rules make about 250 KB.
	sha := sha256.New()
	h := make([]byte, 0, 32<<10)
	str := func(s string) {
		h = binary.AppendUvarint(h, uint64(len(s)))
		h = append(h, s...)
		if len(h) >= 31<<10 {
			sha.Write(h)
			h = h[:0]
		}
	}
	u := func(v int) { h = binary.AppendUvarint(h, uint64(v)) }
	for _, p := range packs {
		str(p)
		if e := l.files[p]; e != nil {
			h = append(h, 1)
			h = append(h, e.sum[:]...)
		} else {
			h = append(h, 0)
		}
	}
	u(int(cfg.UnusedSuppression))
	u(len(cfg.FrontMatter))
	for _, k := range cfg.FrontMatter {
		str(k)
	}
	for _, list := range [][]IgnorePattern{cfg.IgnoreTokens, cfg.IgnoreBlocks} {
		u(len(list))
		for _, ip := range list {
			str(ip.Pattern)
		}
	}
	u(len(cfg.Rules))
	last, lastNum := "", num[""] // rules come in runs of one pack
	for _, r := range cfg.Rules {
		str(r.ID)
		if r.Pack != last {
			last, lastNum = r.Pack, num[r.Pack]
		}
		u(lastNum)
		if r.Pos.File == r.Pack {
			u(0)
		} else {
			u(1)
			str(r.Pos.File)
		}
		h = binary.AppendVarint(h, int64(r.Pos.Line))
		h = binary.AppendVarint(h, int64(r.Pos.Column))
		u(int(r.Severity))
	}
	sha.Write(h)
	var sum [32]byte
	return hex.EncodeToString(sha.Sum(sum[:0]))
}
