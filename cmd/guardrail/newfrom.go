package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis"
)

// newFilter keeps only the findings on lines added or changed since a git
// revision (--new-from-rev) or in a unified diff (--new-from-patch). Paths
// in the diff are relative to root: the git top-level of the current folder
// (or the current folder outside git, for a patch).
type newFilter struct {
	root  string // absolute, symbolic links resolved
	files patchSet
}

// loadNewFromRev runs `git diff -U0 REV` in the current folder's repository
// (the work tree against REV, renames followed) and adds the untracked,
// not ignored files as wholly new.
func loadNewFromRev(rev string) (*newFilter, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, usagef("check: --new-from-rev needs git, which is not installed or not on PATH")
	}
	top, err := gitOutput("", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, usagef("check: --new-from-rev: the current folder is not in a git repository")
	}
	root := strings.TrimRight(string(top), "\r\n")
	if strings.HasPrefix(rev, "-") || rev == "" {
		return nil, usagef("check: --new-from-rev: %q is not a git revision", rev)
	}
	if _, err := gitOutput(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return nil, usagef("check: --new-from-rev: unknown git revision %q (fetch it first, e.g. git fetch origin main)", rev)
	}
	// Fixed prefixes and no external diff or text conversion, whatever
	// the user's git config says.
	out, err := gitOutput(root, "-c", "core.quotePath=true", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"-M", "-U0", "--src-prefix=a/", "--dst-prefix=b/", "--end-of-options", rev, "--")
	if err != nil {
		return nil, fmt.Errorf("check: --new-from-rev: git diff %s: %v", rev, err)
	}
	set, err := parsePatch(out)
	if err != nil {
		return nil, fmt.Errorf("check: --new-from-rev: the output of git diff %s does not parse: %v", rev, err)
	}
	untracked, err := gitOutput(root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, fmt.Errorf("check: --new-from-rev: git ls-files: %v", err)
	}
	for _, p := range strings.Split(string(untracked), "\x00") {
		if p != "" {
			set[p] = []lineRange{{1, 1 << 30}}
		}
	}
	return &newFilter{root: resolved(root), files: set}, nil
}

// loadNewFromPatch reads a unified diff whose paths are relative to the
// current folder's git top-level, or to the current folder outside git.
func loadNewFromPatch(path string) (*newFilter, error) {
	var data []byte
	var err error
	if path == "-" {
		return nil, usagef("check: --new-from-patch wants a file; - (stdin) is not accepted")
	}
	if data, err = readDocument(path, analysis.MaxDocumentSize); err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
			return nil, usagef("check: --new-from-patch: %s", statProblem(path, err))
		}
		return nil, usagef("check: --new-from-patch: %s: %v", path, err)
	}
	set, err := parsePatch(data)
	if err != nil {
		return nil, usagef("check: --new-from-patch: %s:%v", path, strings.TrimPrefix(err.Error(), "line "))
	}
	root, _ := os.Getwd()
	if _, err := exec.LookPath("git"); err == nil {
		if top, err := gitOutput("", "rev-parse", "--show-toplevel"); err == nil {
			root = strings.TrimRight(string(top), "\r\n")
		}
	}
	return &newFilter{root: resolved(root), files: set}, nil
}

func gitOutput(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_EXTERNAL_DIFF=", "GIT_PAGER=cat", "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, errors.New(firstLine(msg))
		}
		return nil, err
	}
	return out, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func resolved(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// changed returns the changed lines of the file at abs; ok is false when
// the file is not in the diff (then nothing in it is new).
func (nf *newFilter) changed(abs string) (ranges []lineRange, ok bool) {
	rel, err := filepath.Rel(nf.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		// Not below the root as named: the current folder may be reached
		// through a symbolic link (git names the real top-level).
		if rel, err = filepath.Rel(nf.root, resolvedFile(abs)); err != nil {
			return nil, false
		}
	}
	rs, ok := nf.files[filepath.ToSlash(rel)]
	return rs, ok
}

// resolvedFile resolves the symbolic links of abs's folder (the file itself
// is named as it is in the tree).
func resolvedFile(abs string) string {
	return filepath.Join(resolved(filepath.Dir(abs)), filepath.Base(abs))
}

// span is the byte range [start, end) of a text.
type span struct{ start, end int }

// lineSpans turns changed lines into byte ranges of src, each a whole line
// with its line break. Lines are counted as git counts them: ended by "\n".
func lineSpans(src []byte, rs []lineRange) []span {
	var out []span
	line, off := 1, 0
	for _, r := range rs {
		for line < r.First && off < len(src) {
			i := bytes.IndexByte(src[off:], '\n')
			if i < 0 {
				off = len(src)
				break
			}
			off += i + 1
			line++
		}
		if line < r.First {
			break
		}
		start := off
		for line <= r.Last && off < len(src) {
			i := bytes.IndexByte(src[off:], '\n')
			if i < 0 {
				off = len(src)
			} else {
				off += i + 1
			}
			line++
		}
		if off > start || start == len(src) {
			out = append(out, span{start, max(off, start)})
		}
	}
	return out
}

// overlaps reports whether the finding's bytes touch a changed span: a
// finding that spans a changed line counts.
func overlaps(spans []span, start, end int) bool {
	if end <= start {
		end = start + 1
	}
	i := sort.Search(len(spans), func(i int) bool { return spans[i].end > start })
	return i < len(spans) && spans[i].start < end
}

// keepNew filters found in place to the findings that touch spans.
func keepNew(found []analysis.Finding, spans []span) []analysis.Finding {
	kept := found[:0]
	for _, f := range found {
		if overlaps(spans, f.Start, f.End) {
			kept = append(kept, f)
		}
	}
	return kept
}

// shiftSpans maps spans of a text through edits (sorted, not overlapping)
// to the spans of the edited text; a span end inside an edit moves to the
// end of the edit's new text, a start to its start.
func shiftSpans(spans []span, edits []analysis.Fix) []span {
	mapPos := func(p int, isEnd bool) int {
		delta := 0
		for _, e := range edits {
			switch {
			case e.End <= p:
				delta += len(e.Text) - (e.End - e.Start)
			case e.Start < p:
				// Inside the edit.
				if isEnd {
					return e.Start + delta + len(e.Text)
				}
				return e.Start + delta
			default:
				return p + delta
			}
		}
		return p + delta
	}
	out := make([]span, 0, len(spans))
	for _, s := range spans {
		ns := span{mapPos(s.start, false), mapPos(s.end, true)}
		if n := len(out); n > 0 && ns.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, ns.end)
			continue
		}
		out = append(out, ns)
	}
	return out
}

// loadNewFrom builds the filter of --new-from-rev or --new-from-patch
// (nil when neither is given).
func loadNewFrom(rev, patch string) (*newFilter, error) {
	switch {
	case rev != "" && patch != "":
		return nil, usagef("check: --new-from-rev and --new-from-patch cannot be used together")
	case rev != "":
		return loadNewFromRev(rev)
	case patch != "":
		return loadNewFromPatch(patch)
	}
	return nil, nil
}
