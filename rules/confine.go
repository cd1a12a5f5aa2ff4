package rules

import (
	"os"
	"path/filepath"

	"github.com/bmatcuk/doublestar/v4"
)

// Confinement: a .guardrail.toml inside a git work tree is the
// repository's, and may make guardrail read only built-in packs and files
// inside that work tree (outside git: inside its own folder). The checks
// on each extends entry are in resolve; these cover what resolve cannot
// see.

// outsideError reports an extends entry (or the file it names) outside
// boundary.
func (b *builder) outsideError(pos Position, what, boundary string) {
	if _, err := os.Lstat(filepath.Join(boundary, ".git")); err == nil {
		b.errs.add(pos, "extends %q points outside the git work tree %s; a %s may extend only builtin: packs and files inside the work tree that holds it",
			what, boundary, ConfigFileName)
	} else {
		b.errs.add(pos, "extends %q points outside %s; outside a git work tree, a %s may extend only builtin: packs and files in its own folder",
			what, boundary, ConfigFileName)
	}
}

// globOutside reports whether the fixed part of glob full (the folders
// before its first wildcard, where the glob starts walking) lies outside
// boundary: such a glob is refused before it walks anything, so that
// "/**/*.toml" does not list the whole disk.
func globOutside(full, boundary string) bool {
	if boundary == "" {
		return false
	}
	base, _ := doublestar.SplitPattern(filepath.ToSlash(full))
	return !within(realPath(filepath.FromSlash(base)), boundary)
}

// loadConfig is load for a .guardrail.toml found in folder dir during
// discovery. Inside a git work tree, a config that is a symbolic link to a
// file outside the work tree is not read (a repository could otherwise
// make guardrail read, and quote in its errors, any file of the machine).
func (l *Loader) loadConfig(p, dir string) *fileEntry {
	if e, ok := l.files[p]; ok {
		return e
	}
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		realDir := realPath(dir)
		if top := l.gitRoot(realDir); top != "" {
			if real, err := filepath.EvalSymlinks(p); err == nil && !within(real, top) {
				e := &fileEntry{errs: []*Error{{Pos: Position{File: p},
					Msg: "not read: " + ConfigFileName + " is a symbolic link to " + real + ", outside the git work tree " + top + "; a repository's config must be a file inside it"}}}
				l.files[p] = e
				return e
			}
		}
	}
	return l.load(p)
}
