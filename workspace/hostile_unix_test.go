//go:build unix

package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// TestWalkHostileIgnoreFiles: ignore files a repository controls that are
// not regular files (a FIFO, a link to /dev/zero) or are huge never hang
// the walk nor fill the memory; the walk reports them (fn gets an
// *IgnoreFileError) and goes on, and the files beside them are walked.
func TestWalkHostileIgnoreFiles(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{
		".git/HEAD":   "ref: refs/heads/main\n",
		".gitignore":  "*.log\n",
		"fifo/a.md":   "",
		"zero/b.md":   "",
		"big/c.md":    "",
		"big/c.log":   "",
		"plain/d.log": "",
	})
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo", ".gitignore"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, ".git", "info-fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".git", "info"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../info-fifo", filepath.Join(dir, ".git", "info", "exclude")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero", ".gitignore")); err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("# a comment line that is long enough to fill the file quickly\n", (MaxIgnoreFileSize/60)+10)
	if err := os.WriteFile(filepath.Join(dir, "big", ".gitignore"), []byte(huge), 0o644); err != nil {
		t.Fatal(err)
	}
	var files []string
	var errs []string
	peak, took := testutil.PeakHeap(func() {
		testutil.Bounded(t, "walk", 10*time.Second, func() {
			Walk(dir, func(p string, d fs.DirEntry, err error) error {
				rel, _ := filepath.Rel(dir, p)
				rel = filepath.ToSlash(rel)
				if err != nil {
					var ie *IgnoreFileError
					if !errors.As(err, &ie) {
						t.Errorf("%s: %v is not an *IgnoreFileError", rel, err)
					}
					errs = append(errs, rel+": "+err.Error())
					return nil
				}
				if !d.IsDir() && d.Name() != ".gitignore" {
					files = append(files, rel)
				}
				return nil
			})
		})
	})
	t.Logf("walk: %v, peak heap %d KB; errors %q", took, peak>>10, errs)
	if peak > 64<<20 {
		t.Errorf("peak heap %d MB", peak>>20)
	}
	want := []string{"big/c.md", "fifo/a.md", "zero/b.md"}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("files %q, want %q", files, want)
	}
	if len(errs) != 4 || !strings.Contains(strings.Join(errs, "\n"), "larger than") || !strings.Contains(strings.Join(errs, "\n"), "not a regular file") {
		t.Errorf("errors %q, want 4: exclude, big, fifo, zero", errs)
	}

	// The single-path checks of the server are bounded the same way.
	ig := NewIgnore()
	testutil.Bounded(t, "Ignored", 10*time.Second, func() {
		for _, p := range []string{"fifo/a.md", "zero/b.md", "big/c.md", "plain/d.log"} {
			want := p == "plain/d.log"
			if got := ig.Ignored(filepath.Join(dir, p), false); got != want {
				t.Errorf("Ignored(%s) = %v", p, got)
			}
		}
	})
}

// TestWalkGitFileIsFIFO: a .git file that is a FIFO does not hang.
func TestWalkGitFileIsFIFO(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{"a.md": "", ".gitignore": "*.log\n", "b.log": ""})
	if err := syscall.Mkfifo(filepath.Join(dir, ".git"), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.Bounded(t, "walk", 10*time.Second, func() { walkFiles(t, dir) })
	testutil.Bounded(t, "Ignored", 10*time.Second, func() { NewIgnore().Ignored(filepath.Join(dir, "b.log"), false) })
}
