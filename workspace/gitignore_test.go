package workspace

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// wildmatchCases are (pattern, text, match) in git's WM_PATHNAME mode,
// mostly from git's t3070-wildmatch.
var wildmatchCases = []struct {
	pattern, text string
	want          bool
}{
	{"foo", "foo", true},
	{"bar", "foo", false},
	{"???", "foo", true},
	{"??", "foo", false},
	{"*", "foo", true},
	{"f*", "foo", true},
	{"*f", "foo", false},
	{"*foo*", "foo", true},
	{"*ob*a*r*", "foobar", true},
	{"*ab", "aaaaaaabababab", true},
	{`foo\*`, "foo*", true},
	{`foo\*bar`, "foobar", false},
	{`f\\oo`, `f\oo`, true},
	{"*[al]?", "ball", true},
	{"[ten]", "ten", false},
	{"**[!te]", "ten", true},
	{"**[!ten]", "ten", false},
	{"t[a-g]n", "ten", true},
	{"t[!a-g]n", "ten", false},
	{"t[!a-g]n", "ton", true},
	{"t[^a-g]n", "ton", true},
	{"a[]]b", "a]b", true},
	{"a[]-]b", "a-b", true},
	{"a[]-]b", "a]b", true},
	{"a[]-]b", "aab", false},
	{"a[]a-]b", "aab", true},
	{"]", "]", true},
	{"foo*bar", "foo/baz/bar", false},
	{"foo**bar", "foo/baz/bar", false},
	{"foo**bar", "foobazbar", true},
	{"foo/**/bar", "foo/baz/bar", true},
	{"foo/**/**/bar", "foo/baz/bar", true},
	{"foo/**/bar", "foo/b/a/z/bar", true},
	{"foo/**/bar", "foo/bar", true},
	{"foo/**/**/bar", "foo/bar", true},
	{"foo?bar", "foo/bar", false},
	{"foo[/]bar", "foo/bar", false},
	{"foo[^a-z]bar", "foo/bar", false},
	{"f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo/bar", false},
	{"f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo-bar", true},
	{"**/foo", "foo", true},
	{"**/foo", "XXX/foo", true},
	{"**/foo", "bar/baz/foo", true},
	{"*/foo", "bar/baz/foo", false},
	{"**/bar*", "foo/bar/baz", false},
	{"**/bar/*", "deep/foo/bar/baz", true},
	{"**/bar/*", "deep/foo/bar/baz/", false},
	{"**/bar/**", "deep/foo/bar/baz/", true},
	{"**/bar/*", "deep/foo/bar", false},
	{"**/bar/**", "deep/foo/bar/", true},
	{"**/bar**", "foo/bar/baz", false},
	{"*/bar/**", "foo/bar/baz/x", true},
	{"*/bar/**", "deep/foo/bar/baz/x", false},
	{"**/bar/*/*", "deep/foo/bar/baz/x", true},
	{"abc/**", "abc", false},
	{"abc/**", "abc/x/y", true},
	{"**", "a/b/c", true},
	{"a[c-c]st", "acrt", false},
	{"a[c-c]rt", "acrt", true},
	{"[!]-]", "]", false},
	{"[!]-]", "a", true},
	{`\`, `\`, false},
	{`*/\\`, `XXX/\`, true},
	{"[[:alpha:]][[:digit:]][[:upper:]]", "a1B", true},
	{"[[:digit:][:upper:][:space:]]", "a", false},
	{"[[:digit:][:upper:][:space:]]", "A", true},
	{"[[:digit:][:upper:][:space:]]", "1", true},
	{"[[:digit:][:upper:][:space:]]", " ", true},
	{"[[:digit:][:upper:][:spaci:]]", "1", false},
	{"[a-c[:digit:]x-z]", "5", true},
	{"[a-c[:digit:]x-z]", "b", true},
	{"[a-c[:digit:]x-z]", "y", true},
	{"[a-c[:digit:]x-z]", "q", false},
	{"[[:]", "[", true},
	{"[[::]", "[", false},
	{"[[]", "[", true},
	{"a[", "a[", false},
	{"-*-*-*-*-*-*-12-*-*-*-m-*-*-*", "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1", true},
	{"XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", "XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1", true},
	{"XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", "XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1", false},
	{"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", true},
	{"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz", false},
	{"*/*/*", "foo/bba/arr", true},
	{"*/*/*", "foo/bar", false},
	{"*/*/*", "foo/bb/aa/rr", false},
	{"**/**/**", "foo/bb/aa/rr", true},
	{"*X*i", "abcXdefXghi", true},
	{"*/*X*/*/*i", "ab/cXd/efXg/hi", true},
	{"**/*X*/**/*i", "ab/cXd/efXg/hi", true},
	// Like git, bytes: "é" is two of them.
	{"caf?", "café", false},
	{"caf??", "café", true},
	{"[é]t[é]", "été", false},
	{"*.md", "日本語.md", true},
}

func TestWildmatch(t *testing.T) {
	for _, tc := range wildmatchCases {
		if got := wildmatch(tc.pattern, tc.text); got != tc.want {
			t.Errorf("wildmatch(%q, %q) = %v, want %v", tc.pattern, tc.text, got, tc.want)
		}
	}
}

func TestParsePattern(t *testing.T) {
	for _, tc := range []struct {
		line   string
		ok     bool
		str    string // String() of the pattern
		negate bool
		dir    bool
	}{
		{"", false, "", false, false},
		{"# comment", false, "", false, false},
		{`\#hash`, true, `\#hash`, false, false},
		{"!keep.md", true, "!keep.md", true, false},
		{`\!bang`, true, `\!bang`, false, false},
		{"build/", true, "build/", false, true},
		{"/root.txt", true, "/root.txt", false, false},
		{"a/b", true, "/a/b", false, false},
		{"trailing   ", true, "trailing", false, false},
		{`space\ `, true, `space\ `, false, false},
		{`two\  `, true, `two\ `, false, false},
		{"!/x/", true, "!/x/", true, true},
		{"/", false, "", false, false},
		{"!", false, "", false, false},
	} {
		p, ok := ParsePattern(tc.line, "")
		if ok != tc.ok {
			t.Errorf("ParsePattern(%q) ok = %v", tc.line, ok)
			continue
		}
		if !ok {
			continue
		}
		if p.String() != tc.str || p.Negate != tc.negate || p.DirOnly != tc.dir {
			t.Errorf("ParsePattern(%q) = %q negate=%v dir=%v", tc.line, p.String(), p.Negate, p.DirOnly)
		}
	}
}

func TestParsePatternsBOMAndCRLF(t *testing.T) {
	ps := ParsePatterns([]byte("\xef\xbb\xbf*.log\r\n\r\n# c\r\n!keep.log\r\nlast"), "sub")
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
		if p.Base != "sub" {
			t.Errorf("base %q", p.Base)
		}
	}
	if want := []string{"*.log", "!keep.log", "last"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// gitignoreCases check the gitignore(5) semantics: each case is a root
// .gitignore (and optionally one in sub/), a path and whether it (as a
// file, or a folder when it ends in "/") is ignored, parents included.
var gitignoreCases = []struct {
	root, sub string
	path      string
	want      bool
}{
	// A pattern without a slash matches at any depth.
	{"*.log", "", "a.log", true},
	{"*.log", "", "deep/er/a.log", true},
	{"*.log", "", "a.txt", false},
	// A leading or middle slash anchors to the .gitignore's folder.
	{"/top.txt", "", "top.txt", true},
	{"/top.txt", "", "sub/top.txt", false},
	{"doc/frotz", "", "doc/frotz", true},
	{"doc/frotz", "", "a/doc/frotz", false},
	// A trailing slash matches folders only (and so what they hold).
	{"build/", "", "build/", true},
	{"build/", "", "build/x.md", true},
	{"build/", "", "a/build/x.md", true},
	{"build/", "", "build", false},
	{"doc/frotz/", "", "doc/frotz/x", true},
	{"doc/frotz/", "", "a/doc/frotz/x", false},
	// "foo/*" matches foo/x and foo/bar (a folder, so its contents too).
	{"foo/*", "", "foo/test.json", true},
	{"foo/*", "", "foo/bar/hello.c", true},
	{"foo/*", "", "foo", false},
	// ** forms.
	{"**/logs", "", "logs/x", true},
	{"**/logs", "", "a/b/logs/x", true},
	{"**/logs/debug.log", "", "a/logs/debug.log", true},
	{"abc/**", "", "abc/x/y", true},
	{"a/**/b", "", "a/b", true},
	{"a/**/b", "", "a/x/y/b", true},
	// Negation re-includes, the last matching line wins.
	{"*.md\n!keep.md", "", "keep.md", false},
	{"*.md\n!keep.md", "", "other.md", true},
	{"!keep.md\n*.md", "", "keep.md", true},
	// A file cannot be re-included when its folder is excluded.
	{"out/\n!out/keep.md", "", "out/keep.md", true},
	// ... but "out/*" excludes the contents, not the folder.
	{"out/*\n!out/keep.md", "", "out/keep.md", false},
	{"out/*\n!out/keep.md", "", "out/other.md", true},
	// Escapes.
	{`\#hash.md`, "", "#hash.md", true},
	{`\!bang.md`, "", "!bang.md", true},
	{`sp\ `, "", "sp ", true},
	{"sp   ", "", "sp", true},
	// Bracket expressions and ?.
	{"file[0-9].md", "", "file7.md", true},
	{"file[!0-9].md", "", "file7.md", false},
	{"?.md", "", "a.md", true},
	{"?.md", "", "ab.md", false},
	// A deeper .gitignore overrides and anchors to its folder.
	{"*.md", "!keep.md", "sub/keep.md", false},
	{"*.md", "!keep.md", "keep.md", true},
	{"", "/only.md", "sub/only.md", true},
	{"", "/only.md", "sub/x/only.md", false},
	{"", "/only.md", "only.md", false},
	{"", "x/y.md", "sub/x/y.md", true},
}

func TestIgnoreSemantics(t *testing.T) {
	for _, tc := range gitignoreCases {
		dir := t.TempDir()
		files := map[string]string{".git/": "", ".gitignore": tc.root}
		if tc.sub != "" {
			files["sub/.gitignore"] = tc.sub
		}
		isDir := strings.HasSuffix(tc.path, "/")
		files[tc.path] = "x"
		testutil.WriteTree(t, dir, files)
		ig := NewIgnore()
		got := ig.Ignored(filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(tc.path, "/"))), isDir)
		if got != tc.want {
			t.Errorf("root %q, sub %q: Ignored(%q) = %v, want %v", tc.root, tc.sub, tc.path, got, tc.want)
		}
		// Walk agrees.
		walked := walkFiles(t, dir)
		if isDir {
			if contains(walked, strings.TrimSuffix(tc.path, "/")+"/") == tc.want {
				t.Errorf("root %q, sub %q: Walk disagrees on folder %q", tc.root, tc.sub, tc.path)
			}
		} else if contains(walked, tc.path) == tc.want {
			t.Errorf("root %q, sub %q: Walk disagrees on %q (walked %q)", tc.root, tc.sub, tc.path, walked)
		}
	}
}

// TestIgnoreMatchesGit runs the gitignore cases, and the wildmatch cases
// as one-line .gitignore files, through git itself when it is installed:
// every case gets its own folder of one repository, and the files that
// `git ls-files --others --exclude-standard` lists must be the files that
// Walk reports.
func TestIgnoreMatchesGit(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	cmd := exec.Command(gitPath, "init", "-q")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	files := map[string]string{}
	describe := map[string]string{}
	n := 0
	add := func(root, sub, path, what string) {
		c := fmt.Sprintf("c%03d", n)
		n++
		files[c+"/.gitignore"] = root
		if sub != "" {
			files[c+"/sub/.gitignore"] = sub
		}
		files[c+"/"+path] = "x"
		describe[c] = what
	}
	for _, tc := range gitignoreCases {
		if !strings.HasSuffix(tc.path, "/") {
			add(tc.root, tc.sub, tc.path, fmt.Sprintf("root %q, sub %q, path %q", tc.root, tc.sub, tc.path))
		}
	}
	for _, tc := range wildmatchCases {
		if tc.text == "" || strings.HasSuffix(tc.text, "/") || strings.Contains(tc.text, "//") ||
			strings.HasPrefix(tc.pattern, "#") || strings.HasPrefix(tc.pattern, "!") {
			continue
		}
		add(tc.pattern, "", tc.text, fmt.Sprintf("pattern %q, path %q", tc.pattern, tc.text))
	}
	testutil.WriteTree(t, dir, files)

	cmd = exec.Command(gitPath, "ls-files", "-z", "--others", "--exclude-standard")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	fromGit := map[string][]string{}
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" && !strings.HasSuffix(f, ".gitignore") {
			c, rest, _ := strings.Cut(f, "/")
			fromGit[c] = append(fromGit[c], rest)
		}
	}
	fromWalk := map[string][]string{}
	for _, f := range walkFiles(t, dir) {
		if !strings.HasSuffix(f, "/") && !strings.HasSuffix(f, ".gitignore") {
			c, rest, _ := strings.Cut(f, "/")
			fromWalk[c] = append(fromWalk[c], rest)
		}
	}
	for c, what := range describe {
		if !reflect.DeepEqual(fromGit[c], fromWalk[c]) {
			t.Errorf("%s: git lists %q, Walk %q", what, fromGit[c], fromWalk[c])
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
