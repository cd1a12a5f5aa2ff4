package main

// --fix never loses data (issue #5): atomic replace, mode and line endings
// kept, a file changed since the check left alone, a read-only file
// reported, a symlink fixed through, temporary files never checked, and a
// process killed mid-run leaves every file wholly old or wholly new.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

const fixConfig = `root = true
[[rule]]
id = "t.access"
severity = "error"
restricted = ["enables access to OpenAI models"]
approved = ["is powered by OpenAI models"]

[[rule]]
id = "t.utilize"
severity = "info"
restricted = ["utilize"]
approved = ["use"]
`

// tempFiles lists the names in dir that look like writeFileAtomic's
// temporary files.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && isFixTemp(d.Name()) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestFixKeepsModeAndLineEndings(t *testing.T) {
	files := map[string]string{
		".guardrail.toml": fixConfig,
		"crlf.md":         "# T\r\n\r\nSRE enables access to OpenAI models.\r\nWe utilize it.\r\n",
		"cr.txt":          "line\rWe utilize it.\rSRE enables access\rto OpenAI models.\r",
		"mixed.txt":       "a\r\nWe utilize\nit\rutilize\r\n\n",
		"nonl.txt":        "We utilize it",
		"bom.md":          "\ufeffWe utilize it.\r\n",
		"nul.txt":         strings.Repeat("x ", 5000) + "\x00 We utilize\x00it.\r\n",
		"bad.txt":         "\xff We utilize \xfe it.\r\n",
	}
	want := map[string]string{
		"crlf.md":   "# T\r\n\r\nSRE is powered by OpenAI models.\r\nWe use it.\r\n",
		"cr.txt":    "line\rWe use it.\rSRE is powered by OpenAI models.\r",
		"mixed.txt": "a\r\nWe use\nit\ruse\r\n\n",
		"nonl.txt":  "We use it",
		"bom.md":    "\ufeffWe use it.\r\n",
		"nul.txt":   strings.Repeat("x ", 5000) + "\x00 We use\x00it.\r\n",
		"bad.txt":   "\xff We use \xfe it.\r\n",
	}
	dir := writeTree(t, files)
	modes := map[string]os.FileMode{"crlf.md": 0o600, "cr.txt": 0o755, "mixed.txt": 0o640, "nonl.txt": 0o604, "bom.md": 0o644, "nul.txt": 0o660, "bad.txt": 0o644}
	for name, m := range modes {
		if err := os.Chmod(filepath.Join(dir, name), m); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, dir, "", "check", "--fix", ".")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, w := range want {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if string(b) != w {
			t.Errorf("%s: fixed to\n%q\nwant\n%q", name, b, w)
		}
		st, _ := os.Stat(filepath.Join(dir, name))
		if st.Mode().Perm() != modes[name] {
			t.Errorf("%s: mode %v, want %v", name, st.Mode().Perm(), modes[name])
		}
	}
	if tf := tempFiles(t, dir); len(tf) != 0 {
		t.Errorf("temporary files left: %v", tf)
	}
}

// TestFixLineColumnsWithLineEndings: JSON positions are the same with
// LF, CRLF and lone CR.
func TestFixLineColumnsWithLineEndings(t *testing.T) {
	lf := "Intro.\nSRE enables access\nto OpenAI models.\n\nWe utilize it. é utilize\n"
	type pos struct{ l, c, el, ec int }
	var want []pos
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "a.md": strings.ReplaceAll(lf, "\n", eol)})
		_, out, _ := runCLI(t, dir, "", "check", "--format", "json", "a.md")
		var got []pos
		for _, f := range decodeReport(t, out).Findings {
			got = append(got, pos{f.Line, f.Column, f.EndLine, f.EndColumn})
		}
		if eol == "\n" {
			want = got
			if fmt.Sprint(want) != fmt.Sprint([]pos{{2, 5, 3, 17}, {5, 4, 5, 11}, {5, 18, 5, 25}}) {
				t.Fatalf("LF positions %v", want)
			}
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: positions %v, want %v", eol, got, want)
		}
	}
}

// TestFixIsAtomicReplace: the fixed file is a new inode renamed over the
// old one (an open reader of the old file still sees the old text), and
// nothing but the fixed files changes in the folder.
func TestFixIsAtomicReplace(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "a.md": "We utilize it.\n", "b.md": "Clean.\n"})
	path := filepath.Join(dir, "a.md")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before, _ := os.Stat(path)
	code, _, _ := runCLI(t, dir, "", "check", "--fix", ".")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	after, _ := os.Stat(path)
	if os.SameFile(before, after) {
		t.Error("the file was rewritten in place, not replaced by rename")
	}
	old, _ := os.ReadFile(f.Name())
	buf := make([]byte, 100)
	n, _ := f.ReadAt(buf, 0)
	if string(buf[:n]) != "We utilize it.\n" || string(old) != "We use it.\n" {
		t.Errorf("old handle reads %q, path reads %q", buf[:n], old)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != ".guardrail.toml,.xdg-none,a.md,b.md" && strings.Join(names, ",") != ".guardrail.toml,a.md,b.md" {
		t.Errorf("folder holds %v", names)
	}
}

// TestFixFileChangedOnDisk: a file that changes between the check and the
// write is left as the other writer left it, with an error naming it;
// the other files are fixed; exit code 2.
func TestFixFileChangedOnDisk(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "a.md": "We utilize it.\n", "b.md": "We utilize it too.\n"})
	edited := "We utilize it, edited meanwhile.\n"
	beforeFix := func(a *app) {
		a.beforeFix = func(path string) {
			if filepath.Base(path) == "a.md" {
				os.WriteFile(path, []byte(edited), 0o644)
			}
		}
	}
	code, out, stderr := runCLIWith(t, dir, "", beforeFix, "check", "--fix", ".")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(b) != edited {
		t.Errorf("a.md = %q: the concurrent edit was lost", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.md")); string(b) != "We use it too.\n" {
		t.Errorf("b.md = %q", b)
	}
	if !strings.Contains(out, "a.md: error: not fixed: the file changed on disk since it was checked; left alone") {
		t.Errorf("output does not say a.md was left alone:\n%s", out)
	}
	if !strings.Contains(stderr, "fixed 1 issue in 1 file") {
		t.Errorf("stderr %q", stderr)
	}
	// The file that was not fixed still reports what it held when checked.
	if !strings.Contains(out, "a.md:1:4") {
		t.Errorf("a.md's finding is not reported:\n%s", out)
	}
	if tf := tempFiles(t, dir); len(tf) != 0 {
		t.Errorf("temporary files left: %v", tf)
	}
}

// fixLeavesOneAlone runs --fix on dir, where both files hold "We utilize
// it." and writing bad must fail: the run exits 2 with one error naming bad
// (its message containing why), bad's finding is still reported, bad keeps
// its text and mode, good is fixed, and no temporary file is left.
func fixLeavesOneAlone(t *testing.T, dir, bad, why string, mode os.FileMode, good string) {
	t.Helper()
	code, out, _ := runCLI(t, dir, "", "check", "--fix", "--format", "json", ".")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	r := decodeReport(t, out)
	if len(r.Errors) != 1 || r.Errors[0].Path != bad || !strings.Contains(r.Errors[0].Message, why) {
		t.Errorf("errors %+v, want one naming %s (%s)", r.Errors, bad, why)
	}
	if len(r.Findings) != 1 || r.Findings[0].Path != bad {
		t.Errorf("findings %+v: %s's finding should remain", r.Findings, bad)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, bad)); string(b) != "We utilize it.\n" {
		t.Errorf("%s = %q, want the old text", bad, b)
	}
	if st, _ := os.Stat(filepath.Join(dir, bad)); st.Mode().Perm() != mode {
		t.Errorf("%s mode %v, want %v", bad, st.Mode().Perm(), mode)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, good)); string(b) != "We use it.\n" {
		t.Errorf("%s = %q, want fixed", good, b)
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestFixReadOnlyFile: a read-only file is reported, untouched, and the
// run exits 2; writable files are still fixed.
func TestFixReadOnlyFile(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "ro.md": "We utilize it.\n", "rw.md": "We utilize it.\n"})
	ro := filepath.Join(dir, "ro.md")
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	fixLeavesOneAlone(t, dir, "ro.md", "read-only", 0o444, "rw.md")
	// A read-only folder: the temporary file cannot be made (unless root).
	if os.Geteuid() != 0 {
		sub := filepath.Join(dir, "locked")
		os.Mkdir(sub, 0o755)
		os.WriteFile(filepath.Join(sub, "x.md"), []byte("We utilize it.\n"), 0o644)
		os.Chmod(sub, 0o555)
		defer os.Chmod(sub, 0o755)
		code, out, _ := runCLI(t, dir, "", "check", "--fix", "--format", "json", "locked")
		if r := decodeReport(t, out); code != exitUsage || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "not fixed") {
			t.Errorf("read-only folder: exit %d, %+v", code, r.Errors)
		}
	}
}

// TestFixThroughSymlink: a symlink given on the command line is fixed
// through: the target gets the new text, the link stays a link. A walk
// does not follow symlinks.
func TestFixThroughSymlink(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "real/doc.md": "We utilize it.\n"})
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(filepath.Join("real", "doc.md"), link); err != nil {
		t.Skip("symlinks not available:", err)
	}
	code, _, stderr := runCLI(t, dir, "", "check", "--fix", "link.md")
	if code != exitOK {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if target, _ := os.Readlink(link); target != filepath.Join("real", "doc.md") {
		t.Errorf("link now points to %q", target)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "real/doc.md")); string(b) != "We use it.\n" {
		t.Errorf("target = %q", b)
	}
	if tf := tempFiles(t, dir); len(tf) != 0 {
		t.Errorf("temporary files left: %v", tf)
	}
	// Walking a folder reports links without following them.
	os.WriteFile(filepath.Join(dir, "real/doc.md"), []byte("We utilize it.\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "w"), 0o755)
	os.Symlink(filepath.Join("..", "real", "doc.md"), filepath.Join(dir, "w", "l.md"))
	// (A folder in which nothing is checked is an error: give it a file.)
	os.WriteFile(filepath.Join(dir, "w", "clean.md"), []byte("Nothing to fix.\n"), 0o644)
	code, out, _ := runCLI(t, dir, "", "check", "--fix", "--format", "json", "w")
	if code != exitOK || len(decodeReport(t, out).Findings) != 0 {
		t.Errorf("walk: exit %d %s", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "real/doc.md")); string(b) != "We utilize it.\n" {
		t.Errorf("a walk fixed through a link: %q", b)
	}
}

// TestFixTempFilesNeverChecked: temporary files left by a killed --fix
// (".NAME.guardrail-RANDOM") are not checked, even when the config
// includes every file.
func TestFixTempFilesNeverChecked(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml":                 "include = [\"**\"]\n" + fixConfig,
		"docs/a.md":                       "We utilize it.\n",
		"docs/.a.md.guardrail-123456":     "We utilize it, half writ",
		"docs/.notes.txt.guardrail-99":    "We utilize it.\n",
		"docs/.hidden-but-real.md":        "We utilize it.\n",
		"docs/guardrail-notes.md":         "We utilize it.\n",
		"docs/.x.guardrail-":              "We utilize it.\n",
		"docs/sub/.b.md.guardrail-abcdef": "utilize",
	})
	code, out, _ := runCLI(t, dir, "", "check", "--format", "json", "--fail-on", "info", ".")
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var paths []string
	for _, f := range decodeReport(t, out).Findings {
		paths = append(paths, f.Path)
	}
	if got := strings.Join(paths, ","); got != "docs/.hidden-but-real.md,docs/a.md,docs/guardrail-notes.md" {
		t.Errorf("checked %s", got)
	}
}

// TestFixTooLargeFile: a file over the engine's limit is refused with an
// error naming it, without being read (a sparse file).
func TestFixTooLargeFile(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "ok.md": "We utilize it.\n"})
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1<<30 + 1); err != nil {
		f.Close()
		t.Skip("sparse files not available:", err)
	}
	f.Close()
	start := time.Now()
	code, out, _ := runCLI(t, dir, "", "check", "--fix", "--format", "json", ".")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v: the big file was read", d)
	}
	r := decodeReport(t, out)
	if code != exitUsage || len(r.Errors) != 1 || r.Errors[0].Path != "big.txt" || !strings.Contains(r.Errors[0].Message, "too large to check") {
		t.Errorf("exit %d, errors %+v", code, r.Errors)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "ok.md")); string(b) != "We use it.\n" {
		t.Errorf("ok.md = %q", b)
	}
}

// TestFixKilledMidRun builds guardrail, runs --fix on 300 files of 20 KB
// (200 KB with GUARDRAIL_FULL=1) with many fixes each, SIGKILLs it at a random moment of its write phase
// (just after it replaced the first file), and checks that every file is
// wholly old or wholly new. Temporary files may remain after SIGKILL; they
// are never checked (TestFixTempFilesNeverChecked) and a later run
// completes the fix.
func TestFixKilledMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it mid-run")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "guardrail")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	nFiles, size := 300, 20<<10
	if fullSize() {
		size = 200 << 10
	}
	old := make([][]byte, nFiles)
	want := make([][]byte, nFiles)
	for i := range old {
		var b bytes.Buffer
		for n := 0; b.Len() < size; n++ {
			if n%16 == 0 {
				fmt.Fprintf(&b, "File %d line %d: SRE enables access to OpenAI models, and teams utilize it daily.\r\n", i, n)
			} else {
				fmt.Fprintf(&b, "File %d line %d: nothing to fix on this line, only plain words.\n", i, n)
			}
		}
		old[i] = b.Bytes()
		// The oracle: the two phrases replaced, nothing else.
		want[i] = bytes.ReplaceAll(bytes.ReplaceAll(old[i], []byte("enables access to OpenAI models"), []byte("is powered by OpenAI models")), []byte("utilize"), []byte("use"))
	}
	tree := filepath.Join(work, "tree")
	name := func(i int) string { return filepath.Join(tree, fmt.Sprintf("doc%03d.md", i)) }
	reset := func() {
		os.RemoveAll(tree)
		os.MkdirAll(tree, 0o755)
		for i := range old {
			if err := os.WriteFile(name(i), old[i], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		os.WriteFile(filepath.Join(tree, ".guardrail.toml"), []byte(fixConfig), 0o644)
	}
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "check", "--fix", "--format", "json", ".")
		cmd.Dir = tree
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(work, "xdg-none"))
		return cmd
	}
	verify := func(label string) (nOld, nNew int) {
		for i := range old {
			b, err := os.ReadFile(name(i))
			switch {
			case err != nil:
				t.Fatalf("%s: file %d: %v", label, i, err)
			case bytes.Equal(b, old[i]):
				nOld++
			case bytes.Equal(b, want[i]):
				nNew++
			default:
				t.Fatalf("%s: file %d is neither old nor new (%d bytes)", label, i, len(b))
			}
		}
		return nOld, nNew
	}

	mixed := 0
	kills, spread := 3, 40*time.Millisecond
	if raceEnabled {
		kills = 2
	}
	if fullSize() {
		kills, spread = 6, time.Second
	}
	for iter := 0; iter < kills; iter++ {
		reset()
		first, _ := os.Stat(name(0))
		cmd := run()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		// Files are written in path order: wait for the first to be
		// replaced, then kill after a random delay of up to 40 ms (1 s
		// with GUARDRAIL_FULL=1).
		start := time.Now()
		replaced := false
		for !replaced {
			select {
			case <-exited:
				t.Fatalf("kill %d: the run ended before it was killed", iter)
			default:
			}
			if st, err := os.Stat(name(0)); err == nil && !os.SameFile(first, st) {
				replaced = true
				break
			}
			time.Sleep(200 * time.Microsecond)
		}
		delay := time.Duration(rand.Int64N(int64(spread)))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		nOld, nNew := verify(fmt.Sprintf("kill %d", iter))
		temps := tempFiles(t, tree)
		t.Logf("kill %d, %v after the first write (%v after start): %d files old, %d new, %d temporary files left",
			iter, delay.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), nOld, nNew, len(temps))
		if nOld > 0 && nNew > 0 {
			mixed++
		}
		// A later run ignores the temporary files and finishes the fix.
		if iter == kills-1 || len(temps) > 0 {
			out, err := run().CombinedOutput()
			if err != nil {
				t.Fatalf("run after kill: %v\n%s", err, out[:min(len(out), 2000)])
			}
			if _, nNew := verify("run after kill"); nNew != nFiles {
				t.Fatalf("after a kill and a full run, %d of %d files are new", nNew, nFiles)
			}
			for _, tf := range temps {
				if bytes.Contains(out, []byte(filepath.Base(tf))) {
					t.Errorf("the temporary file %s was checked", tf)
				}
			}
		}
	}
	if mixed == 0 {
		t.Errorf("no kill landed in the middle of the write phase")
	}
}

// TestFixFileNamedTwice: a file named twice, or directly and through a
// symlink, is checked and fixed once (not reported as changed on disk by
// its own fix).
func TestFixFileNamedTwice(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "docs/a.md": "We utilize it.\n"})
	if err := os.Symlink(filepath.Join("docs", "a.md"), filepath.Join(dir, "l.md")); err != nil {
		t.Skip("symlinks not available:", err)
	}
	code, out, stderr := runCLI(t, dir, "", "check", "--fix", "--format", "json", "docs/a.md", "./docs/a.md", "l.md", "docs", ".")
	r := decodeReport(t, out)
	if code != exitOK || len(r.Errors) != 0 || len(r.Findings) != 0 {
		t.Errorf("exit %d, %+v", code, r)
	}
	if !strings.Contains(stderr, "fixed 1 issue in 1 file") {
		t.Errorf("stderr %q", stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "docs/a.md")); string(b) != "We use it.\n" {
		t.Errorf("a.md = %q", b)
	}
}

// faultyFile fails one step of writing the temporary file, as a full disk
// (a short write, ENOSPC) or a failing device (EIO) would.
type faultyFile struct {
	fixFile
	step string
}

func (f *faultyFile) Write(b []byte) (int, error) {
	if f.step == "write" {
		n, _ := f.fixFile.Write(b[:len(b)/2])
		return n, syscall.ENOSPC
	}
	return f.fixFile.Write(b)
}

func (f *faultyFile) Chmod(m os.FileMode) error {
	if f.step == "chmod" {
		return syscall.EPERM
	}
	return f.fixFile.Chmod(m)
}

func (f *faultyFile) Sync() error {
	if f.step == "sync" {
		return syscall.EIO
	}
	return f.fixFile.Sync()
}

func (f *faultyFile) Close() error {
	err := f.fixFile.Close()
	if f.step == "close" && err == nil {
		return syscall.EIO
	}
	return err
}

// TestFixSurvivesWriteFaults injects a failure into each step of the
// atomic write of one file (short write on a full disk, chmod, fsync,
// close, rename): that file keeps its old content and mode, no temporary
// file is left, the error names it, its findings are still reported, the
// other file is fixed, and the run exits 2.
func TestFixSurvivesWriteFaults(t *testing.T) {
	for _, step := range []string{"write", "chmod", "sync", "close", "rename"} {
		t.Run(step, func(t *testing.T) {
			dir := writeTree(t, map[string]string{".guardrail.toml": fixConfig, "a.md": "We utilize it.\n", "b.md": "We utilize it.\n"})
			a := filepath.Join(dir, "a.md")
			if err := os.Chmod(a, 0o640); err != nil {
				t.Fatal(err)
			}
			origCreate, origRename := createFixTemp, renameFixed
			t.Cleanup(func() { createFixTemp, renameFixed = origCreate, origRename })
			faulty := func(path string) bool { return strings.HasPrefix(filepath.Base(path), ".a.md.") }
			createFixTemp = func(d, pattern string) (fixFile, error) {
				f, err := origCreate(d, pattern)
				if err != nil || !faulty(f.Name()) {
					return f, err
				}
				return &faultyFile{fixFile: f, step: step}, nil
			}
			renameFixed = func(from, to string) error {
				if step == "rename" && faulty(from) {
					return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EXDEV}
				}
				return origRename(from, to)
			}
			fixLeavesOneAlone(t, dir, "a.md", "not fixed", 0o640, "b.md")
		})
	}
}
