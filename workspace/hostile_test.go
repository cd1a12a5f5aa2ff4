package workspace

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// TestWildmatchPathological: patterns built to make a backtracking glob
// matcher exponential stay fast on long names (git's wildmatch aborts
// early; this port must too).
func TestWildmatchPathological(t *testing.T) {
	long := strings.Repeat("a", 4000)
	deep := strings.Repeat("a/", 1000) + "c"
	cases := []struct{ pattern, text string }{
		{strings.Repeat("*a", 40) + "*b", long},
		{strings.Repeat("a*", 40) + "b", long},
		{strings.Repeat("**/a/", 20) + "b", deep},
		{strings.Repeat("*/", 20) + "**/b", deep},
		{strings.Repeat("[a-z]*", 30) + "b", long},
		{strings.Repeat("?*", 40) + "b", long},
	}
	for _, c := range cases {
		testutil.Bounded(t, c.pattern, 10*time.Second, func() {
			start := time.Now()
			if wildmatch(c.pattern, c.text) {
				t.Errorf("%q matched", c.pattern)
			}
			if d := time.Since(start); d > time.Second {
				t.Logf("%.30q…: %v", c.pattern, d)
			}
		})
	}
}

// TestWalkDeepTreeAndLinkLoops: a deep folder tree and symbolic link
// loops (to the folder itself, to a parent, to each other) are walked in
// bounded time; links are reported, never followed.
func TestWalkDeepTreeAndLinkLoops(t *testing.T) {
	dir := t.TempDir()
	deep := dir
	for i := 0; i < 200; i++ {
		deep = filepath.Join(deep, "d")
	}
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	testutil.WriteTree(t, deep, map[string]string{"leaf.md": ""})
	for name, target := range map[string]string{"self": ".", "up": "..", "root": dir, "ping": "pong", "pong": "ping"} {
		if err := os.Symlink(target, filepath.Join(dir, "d", name)); err != nil {
			t.Fatal(err)
		}
	}
	var n, links int
	testutil.Bounded(t, "walk", 10*time.Second, func() {
		Walk(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			n++
			if d.Type()&fs.ModeSymlink != 0 {
				links++
			}
			return nil
		})
	})
	if n != 1+200+1+5 || links != 5 {
		t.Errorf("walked %d entries with %d links, want 207 with 5", n, links)
	}
}

// TestWalkLargestIgnoreFile: an ignore file just under MaxIgnoreFileSize
// of patterns that no literal prefix can reject costs time linear in
// patterns × paths, bounded per path.
func TestWalkLargestIgnoreFile(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("large input")
	}
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; ; i++ {
		line := fmt.Sprintf("**/x%d*y/**/z*\n", i)
		if b.Len()+len(line) > MaxIgnoreFileSize {
			break
		}
		b.WriteString(line)
	}
	files := map[string]string{".git/HEAD": "", ".gitignore": b.String()}
	for i := 0; i < 100; i++ {
		files[fmt.Sprintf("d%d/f%d.md", i%10, i)] = ""
	}
	testutil.WriteTree(t, dir, files)
	n := 0
	var errs []error
	start := time.Now()
	testutil.Bounded(t, "walk", 60*time.Second, func() {
		Walk(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
			}
			n++
			return nil
		})
	})
	t.Logf("%d patterns × %d entries: %v", strings.Count(b.String(), "\n"), n, time.Since(start))
	if n != 1+1+10+100 || len(errs) != 0 {
		t.Errorf("walked %d entries, errors %v", n, errs)
	}
}
