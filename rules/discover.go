package rules

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bmatcuk/doublestar/v4"
)

// Options control config discovery.
type Options struct {
	// ConfigFile (--config) replaces discovery: exactly that file, no user
	// config, no .guardrail.toml files. Like the user config it may extend
	// any file.
	ConfigFile string
	// UserConfig is the user config's path; "" means
	// $XDG_CONFIG_HOME/guardrail/config.toml, or ~/.config/guardrail/config.toml
	// when XDG_CONFIG_HOME is unset. A missing user config is ignored. Its
	// include and exclude globs are relative to the project root
	// (Config.Root), since its own folder holds no documents; its extends
	// are relative to its folder and may name any file.
	UserConfig string
	// NoUserConfig skips the user config.
	NoUserConfig bool
	// ExtraPacks (an editor setting) are pack paths or "builtin:NAME"
	// entries applied on top of the discovered config, as one more layer:
	// their rules replace rules of the same id, and duplicates among them
	// are errors. Relative paths are resolved against the current directory
	// when the Loader is made. They may name any file.
	ExtraPacks []string
	// ReadFile reads config and pack files; nil means ReadConfigFile
	// (regular files under MaxConfigSize only). The LSP server passes one
	// that returns unsaved editor text. A missing file must give an error
	// that wraps fs.ErrNotExist.
	ReadFile func(path string) ([]byte, error)
	// Cache, when not nil, keeps large packs parsed on disk between
	// processes (packcache.go); results are the same with or without it.
	Cache *PackCache
}

// maxExtendsDepth bounds extends chains (cycles are caught before this).
const maxExtendsDepth = 64

// MaxScopeGlobs bounds the include and exclude globs of one config (all
// layers together): each document is matched against each of them.
const MaxScopeGlobs = 1000

// maxUnknownWarnings bounds the "unknown rule id" warnings of one config.
const maxUnknownWarnings = 100

// MaxPacks bounds the packs (files and built-in packs) one effective config
// may load: a repository cannot make guardrail read and expand more.
const MaxPacks = 1000

// Loader discovers, parses and merges configs, caching every file and every
// folder's result until Invalidate. It is safe for concurrent use.
type Loader struct {
	opts       Options
	plainRead  bool   // opts.ReadFile is ReadConfigFile (packcache.go: lookupFile)
	userConfig string // absolute; "" when none
	configFile string // absolute; "" when discovering
	extra      []string

	// expansions counts pack expansions (the work extends costs), for
	// tests.
	expansions atomic.Int64

	// mu serializes builds and guards files, gitRoots and the shared
	// configs; dmu guards dirs, so that a folder's finished result is
	// found without waiting for a build in progress.
	mu       sync.Mutex
	files    map[string]*fileEntry
	gitRoots map[string]string
	shared   sharedConfigs

	dmu  sync.Mutex
	dirs map[string]*dirResult
}

type fileEntry struct {
	pack    *Pack
	errs    []*Error
	missing bool
	unread  bool     // the file exists but could not be read (errs says why)
	sum     [32]byte // SHA-256 of the text read (for Config.Fingerprint)
}

// missingFile is the entry of every file that does not exist.
var missingFile = &fileEntry{missing: true}

// dirResult is one folder's config; done is closed once it is built.
type dirResult struct {
	done chan struct{}
	cfg  *Config
	errs []*Error
}

// NewLoader returns a Loader with the given options.
func NewLoader(opts Options) *Loader {
	l := &Loader{opts: opts}
	if opts.ReadFile == nil {
		l.opts.ReadFile = ReadConfigFile
		l.plainRead = true
	}
	if opts.ConfigFile != "" {
		l.configFile = absPath(opts.ConfigFile)
	} else if !opts.NoUserConfig {
		l.userConfig = opts.UserConfig
		if l.userConfig == "" {
			l.userConfig = DefaultUserConfigPath()
		}
		if l.userConfig != "" {
			l.userConfig = absPath(l.userConfig)
		}
	}
	for _, e := range opts.ExtraPacks {
		if !strings.HasPrefix(e, BuiltinPrefix) {
			e = absPath(e)
		}
		l.extra = append(l.extra, e)
	}
	l.Invalidate()
	return l
}

// DefaultUserConfigPath is $XDG_CONFIG_HOME/guardrail/config.toml, or
// ~/.config/guardrail/config.toml when XDG_CONFIG_HOME is unset or not
// absolute; "" when neither can be found.
func DefaultUserConfigPath() string {
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "guardrail", "config.toml")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".config", "guardrail", "config.toml")
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// Invalidate drops every cached file and config; the next ConfigFor reads
// the files again.
func (l *Loader) Invalidate() {
	l.mu.Lock()
	l.files = map[string]*fileEntry{}
	l.gitRoots = map[string]string{}
	l.shared = sharedConfigs{}
	l.mu.Unlock()
	l.dmu.Lock()
	l.dirs = map[string]*dirResult{}
	l.dmu.Unlock()
}

// ConfigFor returns the effective config for the folder of the document at
// docPath (absolute, or relative to the current directory). When any
// problem is an error, the Config is nil and errs lists every problem found
// (warnings included), sorted by position. Otherwise errs is nil and the
// Config's Warnings hold the warnings.
func (l *Loader) ConfigFor(docPath string) (*Config, []*Error) {
	return l.ConfigForDir(filepath.Dir(absPath(docPath)))
}

// ConfigForDir is ConfigFor for a folder (for example the current folder of
// `guardrail rules list`).
func (l *Loader) ConfigForDir(dir string) (*Config, []*Error) {
	r, mine := l.dirEntry(absPath(dir))
	if mine {
		l.fill(r, absPath(dir))
	}
	<-r.done
	return r.cfg, r.errs
}

// ConfigWithin is ConfigFor waiting at most d for the config: ok is false
// when it is not ready by then (its build goes on in the background). The
// language server's message handlers use it, so that a slow config load
// never holds up hover or shutdown.
func (l *Loader) ConfigWithin(docPath string, d time.Duration) (cfg *Config, errs []*Error, ok bool) {
	dir := filepath.Dir(absPath(docPath))
	r, mine := l.dirEntry(dir)
	if mine {
		go l.fill(r, dir)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.done:
		return r.cfg, r.errs, true
	case <-t.C:
		return nil, nil, false
	}
}

// dirEntry returns dir's result, new (mine: the caller must fill it) or
// built or being built.
func (l *Loader) dirEntry(dir string) (r *dirResult, mine bool) {
	l.dmu.Lock()
	defer l.dmu.Unlock()
	if r, ok := l.dirs[dir]; ok {
		return r, false
	}
	r = &dirResult{done: make(chan struct{})}
	l.dirs[dir] = r
	return r, true
}

// fill builds dir's config into r.
func (l *Loader) fill(r *dirResult, dir string) {
	defer close(r.done)
	defer func() {
		// fill may run in a goroutine of its own (ConfigWithin): a bug
		// must not end the process.
		if p := recover(); p != nil {
			r.cfg, r.errs = nil, []*Error{{Pos: Position{File: dir}, Msg: fmt.Sprintf("internal error loading the config: %v", p)}}
		}
	}()
	l.mu.Lock()
	defer l.mu.Unlock()
	r.cfg, r.errs = l.build(dir)
}

// load reads and parses one file, once per Loader life.
func (l *Loader) load(path string) *fileEntry {
	if e, ok := l.files[path]; ok {
		return e
	}
	e := &fileEntry{}
	if l.plainRead {
		// A large pack with a cache entry is only hashed, not read.
		if p, sum, ok := l.opts.Cache.lookupFile(path, MaxConfigSize()); ok {
			e.pack, e.sum = p, sum
			l.files[path] = e
			return e
		}
	}
	data, err := l.opts.ReadFile(path)
	switch {
	case err == nil:
		e.sum = sha256.Sum256(data)
		e.pack, e.errs = l.opts.Cache.parse(path, data, e.sum)
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		e = missingFile // shared: one per folder walked up would add up
	default:
		e.unread = true
		e.errs = []*Error{{Pos: Position{File: path}, Msg: "cannot read file: " + plainErr(err)}}
	}
	l.files[path] = e
	return e
}

func plainErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// gitRoot returns the top of the git work tree holding dir (the nearest
// folder with a .git folder or file), or "".
func (l *Loader) gitRoot(dir string) string {
	if r, ok := l.gitRoots[dir]; ok {
		return r
	}
	r := ""
	if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
		r = dir
	} else if parent := filepath.Dir(dir); parent != dir {
		r = l.gitRoot(parent)
	}
	l.gitRoots[dir] = r
	return r
}

// realPath resolves symlinks, falling back to the cleaned absolute path.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return absPath(p)
}

// boundary is the folder a .guardrail.toml in dir may extend files from:
// its git work tree, or dir itself outside git.
func (l *Loader) boundary(dir string) string {
	real := realPath(dir)
	if g := l.gitRoot(real); g != "" {
		return g
	}
	return real
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// layer is one config in effect.
type layer struct {
	pack     *Pack
	boundary string // "" = may extend any file
	key      string // cycle key: real path, or a pseudo name
	file     bool   // a real config file (its include/exclude count)
	user     bool   // the user config: its include/exclude are relative to Config.Root
}

type builder struct {
	l     *Loader
	errs  errorList
	files map[string]bool
	// done holds each pack expanded so far, by cycle key and boundary:
	// a pack reached by many paths (a lattice of extends) is expanded
	// once. packs counts the packs loaded, against MaxPacks.
	done   map[string]*expanded
	packs  int
	capHit bool
}

// expanded is a pack's rules after its extends.
type expanded struct {
	rules  *ruleSet
	height int // the longest extends chain below the pack
}

func (l *Loader) build(dir string) (*Config, []*Error) {
	b := &builder{l: l, files: map[string]bool{}, done: map[string]*expanded{}}
	cfg := &Config{UnusedSuppression: SeverityHint}
	var layers []layer
	// key names what the config is made of (the files in effect): folders
	// with the same key share their rules (sharedConfigs).
	var key []string

	addFile := func(path string, boundary string, user bool) bool {
		e := l.load(path)
		if e.missing {
			return false
		}
		key = append(key, path)
		b.files[path] = true
		b.errs = append(b.errs, e.errs...)
		if e.pack != nil {
			layers = append(layers, layer{pack: e.pack, boundary: boundary, key: realPath(path), file: true, user: user})
		}
		return true
	}

	if l.configFile != "" {
		if !addFile(l.configFile, "", false) {
			b.errs.add(Position{File: l.configFile}, "config file %s does not exist", l.configFile)
		}
		cfg.Root = filepath.Dir(l.configFile)
	} else {
		// Nearest first, stopping after a root = true config.
		var found []string
		rootCut := false
		for d := dir; ; {
			p := filepath.Join(d, ConfigFileName)
			if e := l.loadConfig(p, d); !e.missing {
				found = append(found, p)
				if e.pack != nil && e.pack.Root {
					rootCut = true
					break
				}
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
		if l.userConfig != "" && !rootCut && !contains(found, l.userConfig) {
			if e := l.load(l.userConfig); e.unread {
				// The user's own file, not the repository's: unreadable,
				// it is a warning, and the documents are still checked.
				b.errs.warn(Position{File: l.userConfig}, "the user config cannot be read (%s); it is ignored", strings.TrimPrefix(e.errs[0].Msg, "cannot read file: "))
				key = append(key, "(user config unread)")
			} else {
				addFile(l.userConfig, "", true)
			}
		}
		for i := len(found) - 1; i >= 0; i-- {
			addFile(found[i], l.boundary(filepath.Dir(found[i])), false)
		}
		if len(found) > 0 {
			cfg.Root = filepath.Dir(found[len(found)-1])
		} else if g := l.gitRoot(dir); g != "" {
			cfg.Root = g
		} else {
			cfg.Root = dir
		}
	}
	sk := strings.Join(key, "\x00")
	if c, ok := l.shared.configs[sk+"\x00"+cfg.Root]; ok {
		return c, nil
	}
	core := l.shared.cores[sk]
	if core == nil {
		core = l.buildCore(b, cfg, layers)
		l.shared.add(sk, core)
	}
	if hasErrors(core.errs) {
		return nil, core.errs
	}
	// Only the include and exclude globs of a user config depend on the
	// folder (they are relative to Root): share the rest.
	c := *core.cfg
	c.Root = cfg.Root
	c.include, c.hasInclude, c.exclude = nil, false, nil
	c.scopes(layers)
	l.shared.addConfig(sk+"\x00"+cfg.Root, &c)
	return &c, nil
}

// buildCore merges the rules of layers (cfg holds what discovery found).
func (l *Loader) buildCore(b *builder, cfg *Config, layers []layer) *sharedCore {
	globs := 0
	for _, ly := range layers {
		cfg.Layers = append(cfg.Layers, ly.pack.Path)
		// Every document is matched against every glob: bound them.
		if globs += len(ly.pack.Include) + len(ly.pack.Exclude); globs > MaxScopeGlobs {
			b.errs.add(Position{File: ly.pack.Path}, "more than %d include and exclude globs in the config files in effect; use fewer, broader globs", MaxScopeGlobs)
			globs = -1 << 30 // once
		}
	}

	if len(layers) == 0 && l.configFile == "" {
		cfg.Default = true
		def := &Pack{Path: "builtin:defaults"}
		for _, n := range DefaultPackNames() {
			def.Extends = append(def.Extends, BuiltinPrefix+n)
			def.ExtendsPos = append(def.ExtendsPos, Position{File: BuiltinPrefix + n})
		}
		layers = append(layers, layer{pack: def, key: "(default packs)"})
	}
	if len(l.extra) > 0 {
		extra := &Pack{Path: "(extraPacks)"}
		for _, e := range l.extra {
			extra.Extends = append(extra.Extends, e)
			extra.ExtendsPos = append(extra.ExtendsPos, Position{File: e})
		}
		layers = append(layers, layer{pack: extra, key: "(extraPacks)"})
	}

	b.scopingSettings(cfg, layers)

	// Rules: each layer's rules (after its extends) replace the outer ones.
	var eff *ruleSet
	if len(layers) == 1 {
		eff = b.expand(layers[0].pack, layers[0].boundary, []string{layers[0].key}) // only read from here on
	} else {
		eff = newRuleSet()
		for _, ly := range layers {
			for _, r := range b.expand(ly.pack, ly.boundary, []string{ly.key}).list() {
				eff.put(r)
			}
		}
	}

	// Severity: inner wins.
	sev := map[string]SeverityOverride{}
	for _, ly := range layers {
		for id, o := range ly.pack.Severity {
			sev[id] = o
		}
	}
	ids := make([]string, 0, len(sev))
	for id := range sev {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	unknown := 0
	for _, id := range ids {
		o := sev[id]
		if id == UnusedSuppressionID {
			cfg.UnusedSuppression = o.Severity
			continue
		}
		if _, ok := eff.get(id); !ok {
			// At most maxUnknownWarnings, each checked against the rule
			// ids only when it is id-sized: a table of a million keys
			// must not cost a million warnings and suggestions.
			if unknown++; unknown <= maxUnknownWarnings {
				hint := ""
				if len(id) <= 128 {
					hint = suggest(id, eff.ids())
				} else {
					id = id[:64] + "…"
				}
				b.errs.warn(o.Pos, "unknown rule id %q in [severity]%s", id, hint)
			}
		}
	}
	if unknown > maxUnknownWarnings {
		b.errs.warn(sev[ids[len(ids)-1]].Pos, "and %d more unknown rule ids in [severity]", unknown-maxUnknownWarnings)
	}
	effective := func() []*Rule {
		out := make([]*Rule, 0, len(eff.list()))
		for _, r := range eff.list() {
			if o, ok := sev[r.ID]; ok {
				if o.Severity == SeverityOff {
					continue
				}
				if o.Severity != r.Severity {
					cp := *r
					cp.Severity = o.Severity
					r = &cp
				}
			}
			out = append(out, r)
		}
		byID := func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) }
		if !slices.IsSortedFunc(out, byID) { // a pack's rules often are
			slices.SortFunc(out, byID)
		}
		return out
	}
	cfg.Rules = effective()
	for i := 1; i < len(cfg.Rules); i++ {
		if cfg.Rules[i].ID == cfg.Rules[i-1].ID {
			// A pack whose ids repeat (ParsePack leaves none; a rules
			// cache entry might): the set's index keeps the last.
			eff.index()
			cfg.Rules = effective()
			break
		}
	}

	for f := range b.files {
		cfg.Files = append(cfg.Files, f)
	}
	sort.Strings(cfg.Files)
	cfg.fingerprint = l.fingerprint(cfg)

	errs := sortErrors(b.errs)
	if hasErrors(errs) {
		return &sharedCore{errs: errs}
	}
	cfg.Warnings = errs
	return &sharedCore{cfg: cfg, errs: errs}
}

// scopes sets the include and exclude globs of the file layers.
func (cfg *Config) scopes(layers []layer) {
	for _, ly := range layers {
		if !ly.file {
			continue
		}
		base := filepath.Dir(ly.pack.Path)
		if ly.user {
			// The user config's folder holds no documents: its globs are
			// relative to the project root.
			base = cfg.Root
		}
		for _, g := range ly.pack.Exclude {
			cfg.exclude = append(cfg.exclude, newScopedGlob(base, g))
		}
		if ly.pack.Include != nil {
			cfg.hasInclude = true
			cfg.include = nil
			for _, g := range ly.pack.Include {
				cfg.include = append(cfg.include, newScopedGlob(base, g))
			}
		}
	}
}

// ruleSet is an ordered set of rules by id. Its index by id is built
// when first needed: the set of a pack's own rules borrows the pack's
// list, and a config of one pack with no [severity] never indexes its
// 10,000 rules.
type ruleSet struct {
	rules    []*Rule
	byID     map[string]int // index in rules; nil until needed
	borrowed bool           // rules is a pack's list: copied before a write
}

func newRuleSet() *ruleSet { return &ruleSet{byID: map[string]int{}} }

// packRuleSet is the set of a pack's own rules (unique ids, as ParsePack
// leaves them; should they repeat, the set is what put makes of them).
func packRuleSet(rs []*Rule) *ruleSet {
	return &ruleSet{rules: rs[:len(rs):len(rs)], borrowed: true}
}

func (s *ruleSet) index() {
	if s.byID != nil {
		return
	}
	rs := s.rules
	s.byID = make(map[string]int, len(rs))
	for i, r := range rs {
		if _, dup := s.byID[r.ID]; dup {
			s.rules, s.byID, s.borrowed = nil, make(map[string]int, len(rs)), false
			for _, r := range rs {
				s.put(r)
			}
			return
		}
		s.byID[r.ID] = i
	}
}

func (s *ruleSet) get(id string) (*Rule, bool) {
	s.index()
	i, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	return s.rules[i], true
}

func (s *ruleSet) put(r *Rule) {
	s.index()
	if i, ok := s.byID[r.ID]; ok {
		if s.borrowed {
			s.rules, s.borrowed = slices.Clone(s.rules), false
		}
		s.rules[i] = r
		return
	}
	s.byID[r.ID] = len(s.rules)
	s.rules = append(s.rules, r) // a borrowed list is full: this copies it
	s.borrowed = false
}

// list is the rules in order; the caller must not change it.
func (s *ruleSet) list() []*Rule { return s.rules }

func (s *ruleSet) ids() []string {
	out := make([]string, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.ID
	}
	return out
}

// target is one pack an extends entry names.
type target struct {
	key     string // cycle key: "builtin:NAME" or the real path
	path    string // file to read ("" for built-ins)
	builtin string
}

// expand returns p's rules after its extends: the rules of the packs it
// extends (which must not share ids), replaced by p's own rules of the same
// id. stack holds the cycle keys of p and the packs that led to it.
func (b *builder) expand(p *Pack, boundary string, stack []string) *ruleSet {
	return b.expandOnce(p, boundary, stack).rules
}

// merge adds the rules of an extended pack to ext, noting ids that two
// packs extended side by side both define.
func (b *builder) merge(ext *ruleSet, dups map[string][]*Error, sub *ruleSet, pos Position) {
	for _, r := range sub.list() {
		if old, ok := ext.get(r.ID); ok && old != r {
			dups[r.ID] = append(dups[r.ID], &Error{Pos: pos, Msg: fmt.Sprintf(
				"rule id %q is defined both in %s (line %d) and in %s (line %d); packs extended side by side must not share rule ids",
				r.ID, old.Pack, old.Pos.Line, r.Pack, r.Pos.Line)})
			continue
		}
		ext.put(r)
	}
}

// expandOnce is expand for a pack not expanded yet in this build.
func (b *builder) expandOnce(p *Pack, boundary string, stack []string) *expanded {
	b.l.expansions.Add(1)
	if len(p.Extends) == 0 {
		return &expanded{rules: packRuleSet(p.Rules)}
	}
	height := 0
	ext := newRuleSet()
	dups := map[string][]*Error{}
	for i, entry := range p.Extends {
		pos := Position{File: p.Path}
		if i < len(p.ExtendsPos) {
			pos = p.ExtendsPos[i]
		}
		for _, t := range b.resolve(p, entry, pos, boundary) {
			if at := indexOf(stack, t.key); at >= 0 {
				b.errs.add(pos, "extends cycle: %s", cycleText(append(stack[at:len(stack):len(stack)], t.key)))
				continue
			}
			if len(stack) >= maxExtendsDepth {
				b.errs.add(pos, "extends are nested more than %d deep", maxExtendsDepth)
				continue
			}
			memo := t.key + "\x00" + boundary
			if x, ok := b.done[memo]; ok {
				if len(stack)+1+x.height > maxExtendsDepth {
					b.errs.add(pos, "extends are nested more than %d deep", maxExtendsDepth)
					continue
				}
				height = max(height, x.height+1)
				b.merge(ext, dups, x.rules, pos)
				continue
			}
			if b.packs >= MaxPacks {
				if !b.capHit {
					b.capHit = true
					b.errs.add(pos, "more than %d packs are loaded for this config; %s is beyond the limit (check the extends graph and globs)", MaxPacks, displayEntry(entry, t.key))
				}
				continue
			}
			b.packs++
			var pack *Pack
			if t.builtin != "" {
				bp, err := Builtin(t.builtin)
				if err != nil {
					b.errs.add(pos, "%s", err)
					continue
				}
				pack = bp
			} else {
				e := b.l.load(t.path)
				if e.missing {
					b.errs.add(pos, "pack %q does not exist", entry)
					continue
				}
				b.files[t.path] = true
				b.errs = append(b.errs, e.errs...)
				if e.pack == nil {
					continue
				}
				pack = e.pack
				for _, k := range pack.configKeys {
					b.errs.add(k.pos, "%s is allowed only in a config file (%s or the user config), not in a pack that is extended", k.name, ConfigFileName)
				}
			}
			x := b.expandOnce(pack, boundary, append(stack[:len(stack):len(stack)], t.key))
			b.done[memo] = x
			height = max(height, x.height+1)
			b.merge(ext, dups, x.rules, pos)
		}
	}
	for _, r := range p.Rules {
		ext.put(r)
	}
	own := map[string]bool{}
	if len(dups) > 0 {
		for _, r := range p.Rules {
			own[r.ID] = true
		}
	}
	for id, errs := range dups {
		if !own[id] { // the file's own rule settles the conflict
			b.errs = append(b.errs, errs...)
		}
	}
	return &expanded{rules: ext, height: height}
}

// resolve turns one extends entry of p into the packs it names, reporting
// entries that name nothing or files p may not read.
func (b *builder) resolve(p *Pack, entry string, pos Position, boundary string) []target {
	if name, ok := strings.CutPrefix(entry, BuiltinPrefix); ok {
		if !isBuiltin(name) {
			b.errs.add(pos, "unknown built-in pack %q", entry)
			return nil
		}
		return []target{{key: entry, builtin: name}}
	}
	if strings.HasPrefix(p.Path, BuiltinPrefix) {
		b.errs.add(pos, "a built-in pack can extend only built-in packs, not %q", entry)
		return nil
	}
	full := entry
	if !filepath.IsAbs(full) {
		full = filepath.Join(filepath.Dir(p.Path), entry)
	}
	var paths []string
	if hasGlobMeta(entry) {
		if globOutside(full, boundary) {
			b.outsideError(pos, entry, boundary)
			return nil
		}
		matches, err := doublestar.FilepathGlob(full, doublestar.WithFilesOnly(), doublestar.WithNoFollow())
		if err != nil {
			b.errs.add(pos, "extends %q is not a valid glob", entry)
			return nil
		}
		self := realPath(p.Path)
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.IsDir() {
				continue
			}
			if realPath(m) == self {
				continue // a glob such as "*.toml" beside the file
			}
			paths = append(paths, m)
		}
		if len(paths) == 0 {
			// A glob names whatever packs exist ("policies/*.toml"): none
			// is worth a warning (a typo?), not a broken config.
			b.errs.warn(pos, "extends %q matches no files", entry)
			return nil
		}
		sort.Strings(paths)
	} else {
		paths = []string{filepath.Clean(full)}
	}
	var out []target
	for _, m := range paths {
		real, err := filepath.EvalSymlinks(m)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				b.errs.add(pos, "pack %q does not exist", displayEntry(entry, m))
			} else if errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "too many links") {
				b.errs.add(pos, "cannot read pack %q: too many levels of symbolic links (a symlink loop)", displayEntry(entry, m))
			} else {
				b.errs.add(pos, "cannot read pack %q: %s", displayEntry(entry, m), plainErr(err))
			}
			continue
		}
		if boundary != "" && !within(real, boundary) {
			b.outsideError(pos, displayEntry(entry, m), boundary)
			continue
		}
		out = append(out, target{key: real, path: real})
	}
	return out
}

func displayEntry(entry, match string) string {
	if hasGlobMeta(entry) {
		return match
	}
	return entry
}

func hasGlobMeta(s string) bool { return strings.ContainsAny(s, "*?[{") }

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}

// cycleText names a cycle of packs: "a.toml → b.toml → a.toml", with paths
// relative to the first file's folder where that is shorter.
func cycleText(keys []string) string {
	base := ""
	if len(keys) > 0 && filepath.IsAbs(keys[0]) {
		base = filepath.Dir(keys[0])
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k
		if base != "" && filepath.IsAbs(k) {
			if rel, err := filepath.Rel(base, k); err == nil && len(rel) < len(k) {
				names[i] = filepath.ToSlash(rel)
			}
		}
	}
	return strings.Join(names, " → ")
}
