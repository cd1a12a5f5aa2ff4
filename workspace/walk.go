// Package workspace finds the files of a project: a deterministic walk
// that skips .git and what git ignores, and single-path ignore checks for
// the LSP server.
//
// Ignore rules apply only inside a git work tree (a folder with a .git
// folder or file, at or above the path): .git/info/exclude and every
// .gitignore from the work tree root down, with git's precedence (a
// deeper file wins, the last matching line of a file wins). The user's
// core.excludesFile is deliberately not read, so that results do not
// depend on who runs them. Matching is case-sensitive.
package workspace

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Walk walks the tree rooted at root like filepath.WalkDir: fn is called
// for root and for every file and folder below it, in lexical order within
// each folder, and may return filepath.SkipDir or filepath.SkipAll. Paths
// passed to fn are filepath.Join(root, ...), so a relative root gives
// relative paths. Unlike WalkDir, Walk
//   - skips every entry named .git (folder or file);
//   - inside a git work tree, skips files and folders ignored by
//     .gitignore files and .git/info/exclude, and never enters an ignored
//     folder; a nested repository (a folder holding its own .git) follows
//     its own ignore files;
//   - follows root if it is a symbolic link, but reports other symbolic
//     links to fn (d.Type()&fs.ModeSymlink != 0) without following them,
//     so link loops cannot happen.
//
// root itself is walked even if it is ignored (it was asked for).
// As with WalkDir, an error reading a folder is passed to fn in a second
// call for that folder.
func Walk(root string, fn fs.WalkDirFunc) error {
	info, err := os.Stat(root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		d := fs.FileInfoToDirEntry(info)
		if !d.IsDir() {
			err = fn(root, d, nil)
		} else {
			var st dirState
			if abs, aerr := filepath.Abs(root); aerr == nil {
				st = startState(abs)
			}
			err = walkDir(root, d, st, fn)
		}
	}
	if err == filepath.SkipDir || err == filepath.SkipAll {
		return nil
	}
	return err
}

// dirState is the ignore context of one folder.
type dirState struct {
	inTree bool
	top    string  // absolute path of the work tree root
	rel    string  // the folder, slash separated, relative to top ("" at top)
	abs    string  // absolute path of the folder
	m      Matcher // patterns that apply to the folder's entries
}

// startState builds the state of folder abs (absolute) as if the walk had
// come down from its work tree root; the folder's own .gitignore is read
// by walkDir.
func startState(abs string) dirState {
	top, ok := FindWorkTree(abs)
	if !ok {
		return dirState{abs: abs}
	}
	st := dirState{inTree: true, top: top, abs: abs, m: readExclude(top)}
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == "." {
		return st
	}
	st.rel = filepath.ToSlash(rel)
	dir, relDir := top, ""
	for _, elem := range strings.Split(st.rel, "/") {
		st.m = append(st.m, readGitignore(dir, relDir)...)
		dir = filepath.Join(dir, elem)
		relDir = path.Join(relDir, elem)
	}
	return st
}

func walkDir(p string, d fs.DirEntry, st dirState, fn fs.WalkDirFunc) error {
	if err := fn(p, d, nil); err != nil {
		if err == filepath.SkipDir {
			return nil
		}
		return err
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		if err = fn(p, d, err); err != nil {
			if err == filepath.SkipDir {
				return nil
			}
			return err
		}
	}

	// The ignore context of this folder's entries.
	hasGit := false
	for _, e := range entries {
		if e.Name() == ".git" {
			hasGit = true
			break
		}
	}
	if hasGit && (!st.inTree || st.rel != "") {
		// A work tree starts here (nested repository or first one met).
		st = dirState{inTree: true, top: st.abs, abs: st.abs, m: readExclude(st.abs)}
	}
	if st.inTree {
		if ps := readGitignore(st.abs, st.rel); len(ps) > 0 {
			m := make(Matcher, 0, len(st.m)+len(ps))
			st.m = append(append(m, st.m...), ps...)
		}
	}

	for _, e := range entries {
		name := e.Name()
		if name == ".git" {
			continue
		}
		rel := path.Join(st.rel, name)
		isDir := e.IsDir()
		if st.inTree && st.m.Ignored(rel, isDir) {
			continue
		}
		cp := filepath.Join(p, name)
		if isDir {
			child := dirState{inTree: st.inTree, top: st.top, rel: rel, abs: filepath.Join(st.abs, name), m: st.m}
			err = walkDir(cp, e, child, fn)
		} else {
			err = fn(cp, e, nil)
		}
		if err != nil {
			if err == filepath.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// FindWorkTree returns the root of the git work tree that holds dir (the
// nearest folder at or above dir with a .git folder or file). dir need not
// exist; it is made absolute first.
func FindWorkTree(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return abs, true
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", false
		}
		abs = parent
	}
}

// gitDir returns the git directory of the work tree at top: top/.git, or
// where a .git file ("gitdir: PATH", as in worktrees and submodules)
// points; for a linked worktree, its common directory (which holds
// info/exclude).
func gitDir(top string) string {
	dot := filepath.Join(top, ".git")
	info, err := os.Stat(dot)
	if err != nil || info.IsDir() {
		return dot
	}
	data, err := readIgnoreFile(dot)
	if err != nil {
		return dot
	}
	line, _, _ := strings.Cut(string(data), "\n")
	target, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return dot
	}
	target = filepath.FromSlash(strings.TrimSpace(target))
	if !filepath.IsAbs(target) {
		target = filepath.Join(top, target)
	}
	if common, err := readIgnoreFile(filepath.Join(target, "commondir")); err == nil {
		c := filepath.FromSlash(strings.TrimSpace(string(common)))
		if !filepath.IsAbs(c) {
			c = filepath.Join(target, c)
		}
		return c
	}
	return target
}

func readExclude(top string) Matcher {
	data, err := readIgnoreFile(filepath.Join(gitDir(top), "info", "exclude"))
	if err != nil {
		return nil
	}
	return ParsePatterns(data, "")
}

// readGitignore reads dir/.gitignore; rel is dir relative to the work tree
// root.
func readGitignore(dir, rel string) []Pattern {
	data, err := readIgnoreFile(filepath.Join(dir, ".gitignore"))
	if err != nil {
		return nil // missing or unreadable: as git, carry on without it
	}
	return ParsePatterns(data, rel)
}
