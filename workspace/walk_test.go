package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// walkFiles walks dir and returns what fn saw, relative to dir with
// forward slashes, folders with a trailing "/", without dir itself.
func walkFiles(t *testing.T, dir string) []string {
	t.Helper()
	var got []string
	err := Walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, rerr := filepath.Rel(dir, p)
		if rerr != nil {
			t.Fatal(rerr)
		}
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			rel += "/"
		}
		got = append(got, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWalkGitTree(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{
		".git/HEAD":          "ref: refs/heads/main\n",
		".git/info/exclude":  "secret.md\n",
		".gitignore":         "*.log\nbuild/\n/top-only.md\n!important.log\n",
		"a.md":               "",
		"b.log":              "",
		"important.log":      "",
		"secret.md":          "",
		"top-only.md":        "",
		"build/out.md":       "",
		"docs/.gitignore":    "draft-*.md\n!draft-keep.md\n",
		"docs/b.md":          "",
		"docs/draft-1.md":    "",
		"docs/draft-keep.md": "",
		"docs/top-only.md":   "",
		"docs/x.log":         "",
		"docs/build/z.md":    "",
		"empty/":             "",
		"Z.md":               "",
		// A nested repository follows its own ignore files only.
		"nested/.git":                      "gitdir: ../.git/modules/nested\n",
		"nested/.gitignore":                "*.txt\n",
		"nested/a.log":                     "",
		"nested/a.txt":                     "",
		"nested/a.md":                      "",
		".git/modules/nested/info/exclude": "a.md\n",
	})
	got := walkFiles(t, dir)
	want := []string{
		".gitignore",
		"Z.md",
		"a.md",
		"docs/",
		"docs/.gitignore",
		"docs/b.md",
		"docs/draft-keep.md",
		"docs/top-only.md",
		"empty/",
		"important.log",
		"nested/",
		"nested/.gitignore",
		"nested/a.log",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk:\n got %q\nwant %q", got, want)
	}

	// Starting below the work tree root still applies the root's rules.
	got = walkFiles(t, filepath.Join(dir, "docs"))
	want = []string{".gitignore", "b.md", "draft-keep.md", "top-only.md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk(docs):\n got %q\nwant %q", got, want)
	}

	// Ignore gives the same answers one path at a time.
	ig := NewIgnore()
	for p, want := range map[string]bool{
		"a.md": false, "b.log": true, "important.log": false, "secret.md": true,
		"build/out.md": true, "docs/draft-1.md": true, "docs/draft-keep.md": false,
		"docs/build/z.md": true, "nested/a.md": true, "nested/a.log": false,
		"nested/a.txt": true, ".git/HEAD": true, "docs/top-only.md": false,
	} {
		if got := ig.Ignored(filepath.Join(dir, p), false); got != want {
			t.Errorf("Ignored(%s) = %v, want %v", p, got, want)
		}
	}
}

func TestWalkOutsideGit(t *testing.T) {
	dir := t.TempDir()
	if _, ok := FindWorkTree(dir); ok {
		t.Skip("temp folder is inside a git work tree")
	}
	testutil.WriteTree(t, dir, map[string]string{
		".gitignore": "*.md\n",
		"a.md":       "",
		"sub/b.md":   "",
	})
	got := walkFiles(t, dir)
	want := []string{".gitignore", "a.md", "sub/", "sub/b.md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outside git, .gitignore must not apply:\n got %q\nwant %q", got, want)
	}
	if NewIgnore().Ignored(filepath.Join(dir, "a.md"), false) {
		t.Error("Ignored outside a work tree")
	}
	// A repository below the walk root starts honouring ignore files.
	testutil.WriteTree(t, dir, map[string]string{"repo/.git/": "", "repo/.gitignore": "x.md\n", "repo/x.md": "", "repo/y.md": ""})
	got = walkFiles(t, dir)
	want = []string{".gitignore", "a.md", "repo/", "repo/.gitignore", "repo/y.md", "sub/", "sub/b.md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("repository below root:\n got %q\nwant %q", got, want)
	}
}

func TestWalkSymlinks(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{"real/a.md": "", ".git/": ""})
	if err := os.Symlink("..", filepath.Join(dir, "real", "loop")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	var links []string
	got := walkFiles(t, dir)
	Walk(dir, func(p string, d fs.DirEntry, err error) error {
		if d != nil && d.Type()&fs.ModeSymlink != 0 {
			links = append(links, filepath.Base(p))
		}
		return nil
	})
	want := []string{"link", "real/", "real/a.md", "real/loop"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if !reflect.DeepEqual(links, []string{"link", "loop"}) {
		t.Errorf("symlinks reported: %q", links)
	}
	// A symlinked root is followed.
	got = walkFiles(t, filepath.Join(dir, "link"))
	if !reflect.DeepEqual(got, []string{"a.md", "loop"}) {
		t.Errorf("symlinked root: %q", got)
	}
}

func TestWalkSkipAndErrors(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{"a/1": "", "a/2": "", "a/3": "", "b/1": "", "c/1": ""})
	var seen []string
	err := Walk(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		seen = append(seen, rel)
		switch rel {
		case "a/2":
			return filepath.SkipDir // skips the rest of a/
		case "b":
			return filepath.SkipDir
		case "c/1":
			return filepath.SkipAll
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{".", "a", "a/1", "a/2", "b", "c", "c/1"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("got %q, want %q", seen, want)
	}

	stop := errors.New("stop")
	if err := Walk(dir, func(string, fs.DirEntry, error) error { return stop }); err != stop {
		t.Errorf("error not returned: %v", err)
	}

	// A missing root is reported to fn.
	missing := filepath.Join(dir, "nope")
	var gotErr error
	Walk(missing, func(p string, d fs.DirEntry, err error) error {
		gotErr = err
		if d != nil || p != missing {
			t.Errorf("missing root: %q %v", p, d)
		}
		return nil
	})
	if !errors.Is(gotErr, fs.ErrNotExist) {
		t.Errorf("missing root error: %v", gotErr)
	}

	// A file root is reported once.
	var files []string
	Walk(filepath.Join(dir, "a", "1"), func(p string, d fs.DirEntry, err error) error {
		files = append(files, p)
		return nil
	})
	if len(files) != 1 {
		t.Errorf("file root: %q", files)
	}
}

func TestWalkRelativeRoot(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{".git/": "", ".gitignore": "skip/\n", "docs/a.md": "", "skip/b.md": ""})
	t.Chdir(dir)
	var got []string
	Walk(".", func(p string, d fs.DirEntry, err error) error {
		got = append(got, filepath.ToSlash(p))
		return nil
	})
	if want := []string{".", ".gitignore", "docs", "docs/a.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	got = nil
	Walk("./docs/", func(p string, d fs.DirEntry, err error) error {
		got = append(got, filepath.ToSlash(p))
		return nil
	})
	if want := []string{"./docs/", "docs/a.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFindWorkTreeAndWorktreeFile(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteTree(t, dir, map[string]string{
		"main/.git/worktrees/wt/commondir": "../..\n",
		"main/.git/info/exclude":           "excluded.md\n",
		"wt/.git":                          "gitdir: " + filepath.Join(dir, "main", ".git", "worktrees", "wt") + "\n",
		"wt/sub/excluded.md":               "",
		"wt/sub/kept.md":                   "",
	})
	top, ok := FindWorkTree(filepath.Join(dir, "wt", "sub", "deeper"))
	if !ok || top != filepath.Join(dir, "wt") {
		t.Errorf("FindWorkTree = %q, %v", top, ok)
	}
	got := walkFiles(t, filepath.Join(dir, "wt"))
	if want := []string{"sub/", "sub/kept.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("linked worktree: got %q, want %q", got, want)
	}
}
