package workspace

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// TestHostileIgnoreFiles: a .gitignore or info/exclude that is a FIFO, or a
// link to /dev/zero, is skipped; the walk neither hangs nor reads without
// end, and still finds the documents.
func TestHostileIgnoreFiles(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{".git/info/": "", "a.md": "x", "sub/b.md": "x"})
	if err := syscall.Mkfifo(filepath.Join(dir, ".gitignore"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, ".git/info/exclude"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "sub/.gitignore")); err != nil {
		t.Fatal(err)
	}
	var found []string
	testutil.Bounded(t, "walk with FIFO and /dev/zero ignore files", 10*time.Second, func() {
		err := Walk(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				rel, _ := filepath.Rel(dir, path)
				found = append(found, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	})
	if len(found) != 2 || found[0] != "a.md" || found[1] != "sub/b.md" {
		t.Errorf("found %v, want a.md and sub/b.md", found)
	}
}
