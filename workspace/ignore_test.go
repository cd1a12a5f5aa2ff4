package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Ignore answers whether single paths are ignored by git's ignore files,
// one path at a time, from the same patterns and file reads as Walk: the
// tests check git's ignore semantics path by path with it, and that Walk
// agrees. (Production code asks no single-path question: the CLI and the
// server walk folders with Walk, and a file named on the command line is
// checked as named.) It caches the ignore files it reads and
// re-reads one when its size or modification time changes. It is safe for
// concurrent use.
type Ignore struct {
	mu    sync.Mutex
	files map[string]cachedPatterns // by file path and base
}

type cachedPatterns struct {
	size  int64
	mtime time.Time
	ps    []Pattern
}

// NewIgnore returns an empty cache.
func NewIgnore() *Ignore {
	return &Ignore{files: map[string]cachedPatterns{}}
}

// Ignored reports whether p (a file, or a folder when isDir) would be
// skipped by Walk started at its work tree root: it is a .git entry or
// inside one, or it or a folder above it is ignored. Paths outside a git
// work tree are never ignored.
func (ig *Ignore) Ignored(p string, isDir bool) bool {
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	top, ok := FindWorkTree(filepath.Dir(abs))
	if !ok {
		return false
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	elems := strings.Split(filepath.ToSlash(rel), "/")
	for _, e := range elems {
		if e == ".git" {
			return true
		}
	}
	// A nested repository is skipped when its parent ignores it.
	if _, ok := FindWorkTree(filepath.Dir(top)); ok && ig.Ignored(top, true) {
		return true
	}
	m := ig.read(filepath.Join(gitDir(top), "info", "exclude"), "")
	dir, relDir := top, ""
	for i, e := range elems {
		m = append(m[:len(m):len(m)], ig.read(filepath.Join(dir, ".gitignore"), relDir)...)
		relDir = pathJoin(relDir, e)
		if m.Ignored(relDir, isDir || i < len(elems)-1) {
			return true
		}
		dir = filepath.Join(dir, e)
	}
	return false
}

// read returns the patterns of the ignore file at name (none when it does
// not exist), from the cache while the file is unchanged.
func (ig *Ignore) read(name, base string) Matcher {
	info, err := os.Stat(name)
	if err != nil || info.IsDir() {
		return nil
	}
	key := name + "\x00" + base
	ig.mu.Lock()
	c, ok := ig.files[key]
	ig.mu.Unlock()
	if ok && c.size == info.Size() && c.mtime.Equal(info.ModTime()) {
		return c.ps
	}
	data, err := readIgnoreFile(name, MaxIgnoreFileSize)
	if err != nil {
		return nil // not usable: as git with an unreadable file
	}
	c = cachedPatterns{size: info.Size(), mtime: info.ModTime(), ps: ParsePatterns(data, base)}
	ig.mu.Lock()
	ig.files[key] = c
	ig.mu.Unlock()
	return c.ps
}

func pathJoin(dir, elem string) string {
	if dir == "" {
		return elem
	}
	return dir + "/" + elem
}
