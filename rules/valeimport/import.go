// Package valeimport converts Vale styles into a guardrail rule pack:
// `existence` and `substitution` rules become rules with restricted
// phrases (where a regex is a finite set of phrases) or RE2 patterns;
// everything it cannot express is reported, never dropped silently.
package valeimport

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Result is a conversion.
type Result struct {
	Source    string   // the path imported, as given
	Styles    []string // style names, in the order read
	PackName  string
	ValeRules int // Vale rule files read
	Rules     []*Rule
	Skipped   []Skipped
	Notes     []string // about the config as a whole
}

// Import converts PATH: a .vale.ini (its StylesPath, BasedOnStyles and
// per-glob sections), one style folder (holding *.yml rules), or a styles
// folder (holding style folders).
func Import(path string) (*Result, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	res := &Result{Source: path}
	c := newConverter()
	switch {
	case fi.Mode().IsRegular():
		err = res.importINI(c, path, fi.Size())
	case fi.IsDir():
		err = res.importFolder(c, path)
	default:
		return nil, fmt.Errorf("%s: not a .vale.ini or a folder", path)
	}
	if err != nil {
		return nil, err
	}
	res.Skipped = c.skipped
	var named []string
	for _, st := range res.Styles {
		if st != "Vale" || len(res.Styles) == 1 {
			named = append(named, st)
		}
	}
	res.PackName = "vale-" + slug(strings.Join(named, "-"))
	return res, nil
}

// importFolder reads a style folder, or a folder of styles.
func (res *Result) importFolder(c *converter, dir string) error {
	styles, err := styleDirs(dir)
	if err != nil {
		return err
	}
	if len(styles) == 0 {
		return fmt.Errorf("%s: no Vale rules (*.yml) in this folder or its subfolders", dir)
	}
	for _, s := range styles {
		vrs, err := LoadStyle(s)
		if err != nil {
			return err
		}
		res.Styles = append(res.Styles, filepath.Base(s))
		res.ValeRules += len(vrs)
		for _, vr := range vrs {
			vr.File = relPath(dir, vr.File)
			res.Rules = append(res.Rules, c.convert(vr, "")...)
		}
	}
	return nil
}

// styleDirs returns dir itself when it holds rule files, else its
// subfolders that do (a StylesPath), skipping Vale's config folder.
func styleDirs(dir string) ([]string, error) {
	if hasRules(dir) {
		return []string{dir}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "config" && hasRules(filepath.Join(dir, e.Name())) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

func hasRules(dir string) bool {
	m1, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	m2, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	return len(m1)+len(m2) > 0
}

func relPath(base, p string) string {
	if r, err := filepath.Rel(base, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

// ruleUse is where one Vale rule is on, per the .vale.ini.
type ruleUse struct {
	globs    []string
	severity []string // per glob: "" for the rule's own level
}

// importINI reads a .vale.ini and the styles it names.
func (res *Result) importINI(c *converter, path string, size int64) error {
	if size > maxINISize {
		return fmt.Errorf("%s: larger than %d bytes", path, maxINISize)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	cfg, err := ParseINI(src, path)
	if err != nil {
		return err
	}
	if len(cfg.Vocab) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s:%d: Vocab %s: accepted terms are not exceptions to the other rules here (Vale skips a match that is an accepted term); Vale.Terms and Vale.Avoid are converted where the Vale style is on", path, cfg.VocabLine, strings.Join(cfg.Vocab, ", ")))
	}
	for _, ig := range cfg.Ignored {
		res.Notes = append(res.Notes, "not carried over: "+ig)
	}
	if cfg.MinAlertLevel != "" && cfg.MinAlertLevel != "suggestion" {
		res.Notes = append(res.Notes, fmt.Sprintf("MinAlertLevel = %s: run `guardrail check --min-severity %s`", cfg.MinAlertLevel, levelSeverity(cfg.MinAlertLevel)))
	}
	stylesPath := cfg.StylesPath
	if stylesPath == "" {
		return fmt.Errorf("%s: no StylesPath", path)
	}
	if !filepath.IsAbs(stylesPath) {
		stylesPath = filepath.Join(filepath.Dir(path), stylesPath)
	}

	// Every style named anywhere, with its rules.
	styleRules := map[string][]*ValeRule{}
	byName := map[string]*ValeRule{}
	loadStyle := func(name string, line int) error {
		if _, ok := styleRules[name]; ok {
			return nil
		}
		if name == "Vale" {
			// Vale.Terms and Vale.Avoid come from the vocabularies;
			// Vale.Spelling and Vale.Repetition have no equivalent.
			vrs, _, err := vocabRules(stylesPath, cfg.Vocab)
			if err != nil {
				return fmt.Errorf("%s:%d: %v", path, cfg.VocabLine, err)
			}
			for _, vr := range vrs {
				byName[vr.Name] = vr
			}
			styleRules[name] = vrs
			res.Styles = append(res.Styles, name)
			res.Notes = append(res.Notes, fmt.Sprintf("%s:%d: Vale.Spelling and Vale.Repetition (Vale's built-in style) are not converted: guardrail has no spell checker and no repeated-word check", path, line))
			return nil
		}
		dir := filepath.Join(stylesPath, name)
		vrs, err := LoadStyle(dir)
		if err != nil {
			return fmt.Errorf("%s:%d: style %s: %v (a style from Packages needs `vale sync` first)", path, line, name, err)
		}
		for _, vr := range vrs {
			vr.File = relPath(stylesPath, vr.File)
			byName[vr.Name] = vr
		}
		styleRules[name] = vrs
		res.Styles = append(res.Styles, name)
		return nil
	}
	uses := map[string]*ruleUse{}
	var order []string
	use := func(name, glob, sev string) {
		u := uses[name]
		if u == nil {
			u = &ruleUse{}
			uses[name] = u
			order = append(order, name)
		}
		u.globs = append(u.globs, glob)
		u.severity = append(u.severity, sev)
	}
	offIn := map[string][]string{} // rule → section globs that turn it off
	var global *Section
	for i := range cfg.Sections {
		if cfg.Sections[i].Glob == "*" {
			global = &cfg.Sections[i]
		}
	}
	for _, sec := range cfg.Sections {
		base := sec.BasedOnStyles
		if len(base) == 0 && global != nil && sec.Glob != "*" {
			base = global.BasedOnStyles
		}
		on := map[string]string{} // rule → severity override
		var onOrder []string
		for _, st := range base {
			if err := loadStyle(st, sec.Line); err != nil {
				return err
			}
			for _, vr := range styleRules[st] {
				on[vr.Name] = ""
				onOrder = append(onOrder, vr.Name)
			}
		}
		overrides := sec.Overrides
		if global != nil && sec.Glob != "*" {
			overrides = append(append([]Override(nil), global.Overrides...), sec.Overrides...)
		}
		for _, o := range overrides {
			st, _, _ := strings.Cut(o.Rule, ".")
			if err := loadStyle(st, o.Line); err != nil {
				return err
			}
			if byName[o.Rule] == nil && st != "Vale" {
				res.Notes = append(res.Notes, fmt.Sprintf("%s:%d: %s names no rule of style %s", path, o.Line, o.Rule, st))
				continue
			}
			switch v := strings.ToLower(o.Value); v {
			case "no":
				delete(on, o.Rule)
				if sec.Glob != "*" {
					offIn[o.Rule] = append(offIn[o.Rule], sec.Glob)
				}
			case "yes":
				if _, ok := on[o.Rule]; !ok {
					onOrder = append(onOrder, o.Rule)
				}
				on[o.Rule] = ""
			default:
				if _, ok := on[o.Rule]; !ok {
					onOrder = append(onOrder, o.Rule)
				}
				on[o.Rule] = levelSeverity(v)
			}
		}
		for _, name := range onOrder {
			sev, ok := on[name]
			if !ok || byName[name] == nil {
				continue
			}
			delete(on, name) // once per section
			use(name, sec.Glob, sev)
		}
	}
	res.ValeRules = len(byName)
	for _, name := range order {
		u := uses[name]
		vr := byName[name]
		sev := u.severity[0]
		for _, s := range u.severity[1:] {
			if s != sev {
				res.Notes = append(res.Notes, fmt.Sprintf("%s has different levels in different sections; the first (%s) is used", name, orDefault(sev, vr.Level)))
				break
			}
		}
		files, all := guardrailGlobs(u.globs)
		if all && len(offIn[name]) > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("%s is on in [*] but off in [%s]: `files` cannot leave files out, so the rule applies everywhere (set its severity to \"off\" in a .guardrail.toml where it should not)", name, strings.Join(offIn[name], "], [")))
		}
		for _, r := range c.convert(vr, sev) {
			if !all {
				r.Files = files
			}
			res.Rules = append(res.Rules, r)
		}
	}
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// guardrailGlobs turns Vale section globs into `files` globs. Vale
// matches a section's glob against the whole path, so `*.md` is any
// Markdown file at any depth: `**/*.md`. all is true when a glob is `*`.
func guardrailGlobs(globs []string) (out []string, all bool) {
	seen := map[string]bool{}
	for _, g := range globs {
		if g == "*" || g == "**" {
			return nil, true
		}
		if !strings.HasPrefix(g, "**/") && !strings.HasPrefix(g, "/") {
			g = "**/" + g
		}
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out, false
}
