package rules

import (
	"path/filepath"
	"slices"
	"strings"
)

// Config is the effective configuration of one folder: the merged layers of
// user config and .guardrail.toml files, or the default built-in packs.
// A Config and its rules are shared between callers: treat them as
// read-only.
type Config struct {
	// Root is the project root, against which rules' `files` globs match
	// (see RelPath): the folder of the outermost .guardrail.toml in effect;
	// with --config (Options.ConfigFile), that file's folder. When no
	// .guardrail.toml is in effect (only the user config, or nothing), it is
	// the top of the git work tree that holds the document's folder, or the
	// document's folder itself outside git. It never depends on the current
	// directory.
	Root string

	// Rules are the effective rules: [severity] overrides applied, rules
	// set to "off" removed, sorted by ID.
	Rules []*Rule

	// Files lists every config and pack file read to build the config
	// (absolute paths, sorted; built-in packs are not files). Watch them to
	// know when to call Loader.Invalidate.
	Files []string

	// Layers lists the config files in effect, outermost first (absolute
	// paths): the user config, then .guardrail.toml files from the top-most
	// down to the nearest. Empty when Default.
	Layers []string

	// Warnings are problems that did not stop the config from loading, such
	// as an unknown rule id in [severity].
	Warnings []*Error

	// Default is true when no config was found and the default built-in
	// packs apply.
	Default bool

	// UnusedSuppression is the severity of guardrail.unused-suppression
	// findings: SeverityHint unless [severity] overrides it; SeverityOff
	// when turned off.
	UnusedSuppression Severity

	// FrontMatter are the front-matter keys whose values are checked: the
	// nearest config's front_matter, or DefaultFrontMatter.
	FrontMatter []string
	// IgnoreTokens and IgnoreBlocks are the [ignore] patterns of every
	// config in effect, outermost first (scoping.go).
	IgnoreTokens, IgnoreBlocks []IgnorePattern

	include    []scopedGlob // nearest include; meaningful when hasInclude
	hasInclude bool
	exclude    []scopedGlob // accumulated over all layers

	fingerprint string // see Fingerprint
}

// scopedGlob is a glob relative to the folder of the file that declares it.
type scopedGlob struct {
	base    string // absolute folder
	pattern string // slash-separated, relative to base, no leading ../
}

func newScopedGlob(base, pattern string) scopedGlob {
	pattern = cleanGlob(pattern)
	for strings.HasPrefix(pattern, "../") || pattern == ".." {
		base = filepath.Dir(base)
		pattern = strings.TrimPrefix(strings.TrimPrefix(pattern, ".."), "/")
		pattern = cleanGlob(pattern)
	}
	if pattern == "" {
		pattern = "**"
	}
	return scopedGlob{base: base, pattern: pattern}
}

func (g scopedGlob) match(absDoc string) bool {
	rel, err := filepath.Rel(g.base, absDoc)
	if err != nil {
		return false
	}
	return globMatch(g.pattern, filepath.ToSlash(rel))
}

// RelPath returns absDoc relative to Root with forward slashes: the path a
// rule's `files` globs match. A document outside Root gives a path starting
// with "../", which no `files` glob matches.
func (c *Config) RelPath(absDoc string) string {
	rel, err := filepath.Rel(c.Root, absDoc)
	if err != nil {
		return filepath.ToSlash(absDoc)
	}
	return filepath.ToSlash(rel)
}

// Selects reports whether the document at absDoc is checked under this
// config. TOML files and --fix temporary files (IsFixTempName) are never
// checked. An `exclude` glob of any layer rejects the document; otherwise
// the nearest `include` decides; with no `include` in any layer, supported
// (whether the caller checks this file type by default) decides. Globs are
// doublestar patterns relative to the folder of the file that declares
// them; "docs/**" and "docs" both select everything below docs,
// "CHANGELOG.md" only that file beside the config, and "**/*.md" Markdown
// files at any depth, that folder included.
func (c *Config) Selects(absDoc string, supported bool) bool {
	if strings.EqualFold(filepath.Ext(absDoc), ".toml") || IsFixTempName(filepath.Base(absDoc)) {
		return false
	}
	for _, g := range c.exclude {
		if g.match(absDoc) {
			return false
		}
	}
	if !c.hasInclude {
		return supported
	}
	for _, g := range c.include {
		if g.match(absDoc) {
			return true
		}
	}
	return false
}

// Rule returns the effective rule with the given id, or nil (a binary
// search of Rules, which are sorted by id).
func (c *Config) Rule(id string) *Rule {
	i, found := slices.BinarySearchFunc(c.Rules, id, func(r *Rule, id string) int { return strings.Compare(r.ID, id) })
	if !found {
		return nil
	}
	return c.Rules[i]
}
