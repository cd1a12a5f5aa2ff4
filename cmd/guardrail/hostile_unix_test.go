//go:build unix

package main

import (
	"bytes"
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
		if err := os.Chmod(d, fi.Mode().Perm()|0o555); err != nil {
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
