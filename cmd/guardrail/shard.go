package main

import (
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// shard is --shard K/N: this run checks the files whose path hash falls in
// shard K of N.
//
// A file's shard is FNV-1a (64 bits) of its path relative to the
// repository root, with forward slashes, modulo N, plus one. The root is
// the nearest folder at or above the current folder that holds a .git
// entry (a folder, or a file for worktrees and submodules), or the current
// folder when there is none. The same file lands in the same shard on
// every machine and every run, wherever the checkout lives, and no
// listing of all the files is needed first.
type shard struct {
	k, n int
	root string
}

// parseShard parses "K/N" with 1 <= K <= N.
func parseShard(s string) (*shard, error) {
	ks, ns, ok := strings.Cut(s, "/")
	k, errK := strconv.Atoi(ks)
	n, errN := strconv.Atoi(ns)
	if !ok || errK != nil || errN != nil || n < 1 || k < 1 || k > n {
		return nil, usagef("check: --shard wants K/N with 1 <= K <= N (e.g. 2/4), not %q", s)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return &shard{k: k, n: n, root: shardRoot(cwd)}, nil
}

// shardRoot is the nearest folder at or above dir with a .git entry, or
// dir.
func shardRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return dir
		}
		d = up
	}
}

// of is the 1-based shard of the file at abs.
func (s *shard) of(abs string) int {
	rel, err := filepath.Rel(s.root, abs)
	if err != nil {
		rel = abs
	}
	h := fnv.New64a()
	h.Write([]byte(filepath.ToSlash(rel)))
	return int(h.Sum64()%uint64(s.n)) + 1
}

// has reports whether this run checks the file at abs.
func (s *shard) has(abs string) bool { return s == nil || s.of(abs) == s.k }

// sarifID is the SARIF runAutomationDetails id of this shard: its own
// code-scanning category, so that the N uploads do not replace each other.
func (s *shard) sarifID() string {
	if s == nil {
		return ""
	}
	return "guardrail/shard-" + strconv.Itoa(s.k) + "-of-" + strconv.Itoa(s.n) + "/"
}
