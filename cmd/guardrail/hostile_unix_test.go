//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// TestCLIInSubprocess is the body of tests that must run as another user:
// when GUARDRAIL_TEST_ARGS is set, it runs the command line it holds (separated by
// U+001F) and exits with its code.
func TestCLIInSubprocess(t *testing.T) {
	args := os.Getenv("GUARDRAIL_TEST_ARGS")
	if args == "" {
		t.Skip("helper for tests run as another user")
	}
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(a.run(strings.Split(args, "\x1f")))
}

// runAsUnprivileged runs the command line in dir as a user that file
// permissions apply to: this process if it is not root, else the test
// binary re-run as nobody.
func runAsUnprivileged(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return runCLI(t, dir, "", args...)
	}
	// The test binary's folder is private: run a copy nobody can reach.
	bin := filepath.Join(t.TempDir(), "guardrail.test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	openUp(t, filepath.Dir(bin))
	cmd := exec.Command(bin, "-test.run=^TestCLIInSubprocess$")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GUARDRAIL_TEST_ARGS="+strings.Join(args, "\x1f"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	} else if err != nil {
		t.Skipf("cannot run as nobody: %v", err)
	}
	return 0, out.String(), errb.String()
}

// openUp makes dir and the folders above it traversable by anyone (a test
// temp dir is 0700), for runAsUnprivileged.
func openUp(t *testing.T, dir string) {
	for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o555 == 0o555 {
			continue // already open (and /tmp keeps its sticky bit)
		}
		// Keep the special bits (sticky, setgid) as they are.
		mode := fi.Mode()&(os.ModePerm|os.ModeSticky|os.ModeSetgid|os.ModeSetuid) | 0o555
		if err := os.Chmod(d, mode); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWalkUnreadableFolder: a folder the walk cannot read is an error in
// the report and exit 2; the readable files are still checked.
func TestWalkUnreadableFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": testConfig,
		"ok/a.md":         "We utilize it.\n",
		"locked/b.md":     "We utilize it.\n",
	})
	openUp(t, dir)
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	code, out, errOut := runAsUnprivileged(t, dir, "check", "--format", "json", ".")
	r := decodeReport(t, out)
	if code != exitUsage {
		t.Errorf("exit %d, want 2 (stderr %q)", code, errOut)
	}
	if len(r.Findings) != 1 || r.Findings[0].Path != "ok/a.md" {
		t.Errorf("findings %+v, want the one in ok/a.md", r.Findings)
	}
	if len(r.Errors) != 1 || r.Errors[0].Path != "locked" || !strings.Contains(r.Errors[0].Message, "permission denied") {
		t.Errorf("errors %+v, want locked: permission denied", r.Errors)
	}
	code, out, _ = runAsUnprivileged(t, dir, "check", ".")
	if code != exitUsage || !strings.Contains(out, "locked: error:") || !strings.Contains(out, "1 folder or file not read") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
}

// TestNamedNonRegularRefused: a path on the command line that is neither a
// regular file nor a folder (a link to /dev/zero, a FIFO) is refused at
// once, without reading or blocking; the other files are still checked.
func TestNamedNonRegularRefused(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig, "a.md": "We utilize it.\n"})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "z.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "f.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"z.md", "f.md"} {
		var code int
		var out, errOut string
		t.Chdir(dir)
		peak, _ := testutil.PeakHeap(func() {
			testutil.Bounded(t, name, 10*time.Second, func() {
				code, out, errOut = runCLI(t, "", "", "check", "--format", "json", name, "a.md")
			})
		})
		r := decodeReport(t, out)
		if code != exitUsage || len(r.Errors) != 1 || r.Errors[0].Path != name || !strings.Contains(r.Errors[0].Message, "not a regular file") {
			t.Errorf("%s: exit %d, errors %+v, stderr %q", name, code, r.Errors, errOut)
		}
		if len(r.Findings) != 1 || r.Findings[0].Path != "a.md" {
			t.Errorf("%s: findings %+v, want a.md's", name, r.Findings)
		}
		if peak > 64<<20 {
			t.Errorf("%s: peak heap %d MB", name, peak>>20)
		}
	}
}

// TestHostileIgnoreFileInCheck: a .gitignore that is a FIFO neither hangs
// check nor goes unnoticed: it is an error (exit 2) and the files are
// still checked.
func TestHostileIgnoreFileInCheck(t *testing.T) {
	dir := writeTree(t, map[string]string{".git/HEAD": "", ".guardrail.toml": testConfig, "docs/a.md": "We utilize it.\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "docs", ".gitignore"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	var code int
	var out string
	testutil.Bounded(t, "check", 10*time.Second, func() {
		code, out, _ = runCLI(t, "", "", "check", "--format", "json", ".")
	})
	r := decodeReport(t, out)
	if code != exitUsage || len(r.Errors) != 1 || r.Errors[0].Path != "docs/.gitignore" || !strings.Contains(r.Errors[0].Message, "named pipe") || len(r.Findings) != 1 {
		t.Errorf("exit %d, %+v", code, r)
	}
}

// TestHostileRepository builds a repository with every hostile shape the
// CLI walks into at once — file names of 255 bytes, with invalid UTF-8,
// newlines and ESC; a folder tree 300 deep; symbolic link loops; links to
// /dev/zero and a FIFO; a pathological .gitignore — and checks it in
// bounded time and memory: every ordinary file is checked, every refusal
// is reported, the output holds no raw control character.
func TestHostileRepository(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".git/HEAD":       "",
		".guardrail.toml": testConfig,
		".gitignore":      strings.Repeat("**/q/", 25) + "z\n" + strings.Repeat("*a", 30) + "*b\n",
		"ok.md":           "We utilize it.\n",
	})
	names := []string{
		strings.Repeat("n", 252) + ".md",
		"bad\xff\xfeutf8.md",
		"new\nline.md",
		"esc\x1b[2Jname.md",
		"tab\tand\rcr.md",
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("We utilize it.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	deep := dir
	for i := 0; i < 300; i++ {
		deep = filepath.Join(deep, "q")
	}
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(deep, "deep.md"), []byte("We utilize it.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"loop": ".", "up": "..", "zero.md": "/dev/zero", "ping": "pong", "pong": "ping"} {
		if err := os.Symlink(target, filepath.Join(dir, "q", name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "q", "fifo.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, format := range []string{"json", "text", "github", "sarif"} {
		var code int
		var out, errOut string
		peak, took := testutil.PeakHeap(func() {
			testutil.Bounded(t, format, 30*time.Second, func() {
				code, out, errOut = runCLI(t, "", "", "check", "--format", format, ".")
			})
		})
		t.Logf("%s: exit %d in %v, peak heap %d MB", format, code, took.Round(time.Millisecond), peak>>20)
		if peak > 64<<20 {
			t.Errorf("%s: peak heap %d MB", format, peak>>20)
		}
		if bad := rawControl(out + errOut); bad != "" {
			t.Errorf("%s: raw control character %s", format, bad)
		}
		if format != "json" {
			continue
		}
		r := decodeReport(t, out)
		// ok.md, the five odd names and deep.md; the walk never follows
		// links, so zero.md and the FIFO are skipped unread.
		if code != exitOK && code != exitFindings || len(r.Findings) != 7 || len(r.Errors) != 0 {
			t.Errorf("exit %d, %d findings, errors %+v, stderr %q", code, len(r.Findings), r.Errors, errOut)
		}
	}
}

// TestManyFiles: 20,000 files, most without findings: the run keeps only
// the text of files it reports on.
func TestManyFiles(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("many files")
	}
	files := map[string]string{".guardrail.toml": testConfig}
	clean := strings.Repeat("A sentence with nothing to flag in it at all. ", 40) + "\n"
	for i := 0; i < 20000; i++ {
		files[fmt.Sprintf("d%d/f%d.md", i%100, i)] = clean
	}
	files["d0/flagged.md"] = "We utilize it.\n"
	dir := writeTree(t, files)
	t.Chdir(dir)
	var code int
	var out string
	peak, took := testutil.PeakHeap(func() {
		testutil.Bounded(t, "check", 120*time.Second, func() {
			code, out, _ = runCLI(t, "", "", "check", "--format", "json", ".")
		})
	})
	t.Logf("20,001 files of 1.8 KB: exit %d in %v, peak heap %d MB", code, took.Round(time.Millisecond), peak>>20)
	if r := decodeReport(t, out); code != exitOK || len(r.Findings) != 1 {
		t.Errorf("exit %d, %d findings", code, len(r.Findings))
	}
	if peak > 30<<20 {
		t.Errorf("peak heap %d MB, want under 30 MB (the texts are 36 MB)", peak>>20)
	}
}
