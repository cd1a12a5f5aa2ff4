package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
)

// Platform is one release target.
type Platform struct {
	GOOS, GOARCH string
	VSCode       string // VS Code's --target name
}

// Exe is the binary's file name on the platform.
func (p Platform) Exe() string {
	if p.GOOS == "windows" {
		return "guardrail.exe"
	}
	return "guardrail"
}

// Archive is the archive's file name for a version.
func (p Platform) Archive(version string) string {
	ext := ".tar.gz"
	if p.GOOS == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("guardrail_%s_%s_%s%s", version, p.GOOS, p.GOARCH, ext)
}

// Platforms are the six release targets.
var Platforms = []Platform{
	{"linux", "amd64", "linux-x64"},
	{"linux", "arm64", "linux-arm64"},
	{"darwin", "amd64", "darwin-x64"},
	{"darwin", "arm64", "darwin-arm64"},
	{"windows", "amd64", "win32-x64"},
	{"windows", "arm64", "win32-arm64"},
}

// Result is what Check saw.
type Result struct {
	Version, Commit string
	Archives, Vsix  []string
	OK              []string
}

type metadata struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
}

// Check inspects dist. With run, the binary for this machine is run.
func Check(dist string, run bool) (*Result, error) {
	r := &Result{}
	raw, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	if err != nil {
		return r, fmt.Errorf("goreleaser's metadata.json: %w", err)
	}
	var md metadata
	if err := json.Unmarshal(raw, &md); err != nil || md.Version == "" || md.Commit == "" {
		return r, fmt.Errorf("%s: want version and commit (%v)", filepath.Join(dist, "metadata.json"), err)
	}
	r.Version, r.Commit = md.Version, md.Commit
	if !fullCommit.MatchString(md.Commit) {
		return r, fmt.Errorf("metadata.json: commit %q is not a git commit (goreleaser found no git information)", md.Commit)
	}

	var problems []string
	fail := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }

	binaries := map[string][]byte{} // VS Code target -> archive binary
	for _, p := range Platforms {
		name := p.Archive(md.Version)
		r.Archives = append(r.Archives, name)
		files, err := readArchive(filepath.Join(dist, name))
		if err != nil {
			fail("%s: %v", name, err)
			continue
		}
		if err := checkArchiveFiles(p, files); err != nil {
			fail("%s: %v", name, err)
			continue
		}
		bin := files[p.Exe()]
		if err := checkBinary(p, bin.data); err != nil {
			fail("%s: %s: %v", name, p.Exe(), err)
			continue
		}
		binaries[p.VSCode] = bin.data
		r.OK = append(r.OK, fmt.Sprintf("%s: %s (%s/%s, %d bytes), README.md, LICENSE", name, p.Exe(), p.GOOS, p.GOARCH, len(bin.data)))
	}

	vsix, err := filepath.Glob(filepath.Join(dist, "*.vsix"))
	if err != nil {
		return r, err
	}
	seen := map[string]string{}
	for _, f := range vsix {
		base := filepath.Base(f)
		r.Vsix = append(r.Vsix, base)
		target, err := checkVsix(f, binaries)
		if err != nil {
			fail("%s: %v", base, err)
			continue
		}
		if prev, dup := seen[target]; dup {
			fail("%s and %s are both for %s", prev, base, target)
		}
		seen[target] = base
		r.OK = append(r.OK, fmt.Sprintf("%s: target %s, extension/server/%s/ holds the archive's binary", base, target, target))
	}
	for _, p := range Platforms {
		if _, ok := seen[p.VSCode]; !ok {
			fail("no .vsix for %s", p.VSCode)
		}
	}

	if err := checkChecksums(dist, append(append([]string{}, r.Archives...), r.Vsix...)); err != nil {
		fail("checksums.txt: %v", err)
	} else {
		r.OK = append(r.OK, fmt.Sprintf("checksums.txt: sha256 of %d archives and %d .vsix match", len(r.Archives), len(r.Vsix)))
	}

	if run && len(problems) == 0 {
		line, err := runVersion(binaries, md)
		if err != nil {
			fail("%v", err)
		} else if line != "" {
			r.OK = append(r.OK, line)
		}
	}
	if len(problems) > 0 {
		return r, errors.New(strings.Join(problems, "\n  "))
	}
	return r, nil
}

type file struct {
	data []byte
	mode os.FileMode
}

// readArchive returns the regular files of a .tar.gz or .zip by name.
func readArchive(path string) (map[string]file, error) {
	out := map[string]file{}
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		for _, f := range zr.File {
			if f.FileInfo().IsDir() {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			out[f.Name] = file{data, f.Mode()}
		}
		return out, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	gz, err := gzip.NewReader(fh)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Name, err)
		}
		out[h.Name] = file{data, h.FileInfo().Mode()}
	}
}

// checkArchiveFiles wants the binary, README.md and LICENSE, plus
// completions/* when shipped, and nothing else.
func checkArchiveFiles(p Platform, files map[string]file) error {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, want := range []string{p.Exe(), "README.md", "LICENSE"} {
		if _, ok := files[want]; !ok {
			return fmt.Errorf("no %s (has %s)", want, strings.Join(names, ", "))
		}
	}
	for _, n := range names {
		switch {
		case n == p.Exe(), n == "README.md", n == "LICENSE", strings.HasPrefix(n, "completions/"):
		default:
			return fmt.Errorf("unexpected file %s", n)
		}
	}
	if p.GOOS != "windows" && files[p.Exe()].mode&0o111 == 0 {
		return fmt.Errorf("%s is not executable (mode %v)", p.Exe(), files[p.Exe()].mode)
	}
	if !bytes.Contains(files["LICENSE"].data, []byte("guardrail authors")) {
		return errors.New("LICENSE is not guardrail's")
	}
	return nil
}

var fullCommit = regexp.MustCompile(`^[0-9a-f]{40}$`)

var manifestTarget = regexp.MustCompile(`TargetPlatform="([^"]+)"`)

// checkVsix returns the .vsix's target after checking that its server
// binary is the archive's binary for that target.
func checkVsix(path string, binaries map[string][]byte) (string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return "", err
	}
	defer zr.Close()
	read := func(name string) ([]byte, error) {
		f, err := zr.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	}
	manifest, err := read("extension.vsixmanifest")
	if err != nil {
		return "", fmt.Errorf("extension.vsixmanifest: %w", err)
	}
	m := manifestTarget.FindSubmatch(manifest)
	if m == nil {
		return "", errors.New("extension.vsixmanifest names no TargetPlatform")
	}
	target := string(m[1])
	var p *Platform
	for i := range Platforms {
		if Platforms[i].VSCode == target {
			p = &Platforms[i]
		}
	}
	if p == nil {
		return target, fmt.Errorf("unknown target %q", target)
	}
	if want := "-" + target + "-"; !strings.Contains(filepath.Base(path), want) {
		return target, fmt.Errorf("file name does not carry its target %s", target)
	}
	binName := "extension/server/" + target + "/" + p.Exe()
	bin, err := read(binName)
	if err != nil {
		return target, fmt.Errorf("%s: %w", binName, err)
	}
	if err := checkBinary(*p, bin); err != nil {
		return target, fmt.Errorf("%s: %w", binName, err)
	}
	if arch, ok := binaries[target]; ok && !bytes.Equal(arch, bin) {
		return target, fmt.Errorf("%s differs from the binary in %s", binName, p.Archive("<version>"))
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "extension/server/") && f.Name != binName {
			return target, fmt.Errorf("another server binary inside: %s", f.Name)
		}
	}
	return target, nil
}

// checkChecksums wants one "sha256  name" line per file, each right, and
// no line for a file that is not in dist.
func checkChecksums(dist string, names []string) error {
	fh, err := os.Open(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		return err
	}
	defer fh.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 || len(fields[0]) != 64 {
			return fmt.Errorf("line %d: want \"<sha256>  <file>\", got %q", n, sc.Text())
		}
		sums[fields[1]] = fields[0]
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for _, n := range names {
		want, ok := sums[n]
		if !ok {
			return fmt.Errorf("no line for %s", n)
		}
		delete(sums, n)
		data, err := os.ReadFile(filepath.Join(dist, n))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			return fmt.Errorf("%s: sha256 %s, checksums.txt says %s", n, got, want)
		}
	}
	for n := range sums {
		return fmt.Errorf("lists %s, which is not one of the release's archives or .vsix files", n)
	}
	return nil
}

// runVersion runs this machine's binary; "" when no platform matches.
func runVersion(binaries map[string][]byte, md metadata) (string, error) {
	for _, p := range Platforms {
		if p.GOOS != runtime.GOOS || p.GOARCH != runtime.GOARCH {
			continue
		}
		dir, err := os.MkdirTemp("", "releasecheck-")
		if err != nil {
			return "", err
		}
		defer os.RemoveAll(dir)
		exe := filepath.Join(dir, p.Exe())
		if err := os.WriteFile(exe, binaries[p.VSCode], 0o755); err != nil {
			return "", err
		}
		out, err := exec.Command(exe, "version").Output()
		if err != nil {
			return "", fmt.Errorf("%s version: %w", p.Archive(md.Version), err)
		}
		line := strings.TrimSpace(string(out))
		short := md.Commit
		if len(short) > 12 {
			short = short[:12]
		}
		want := fmt.Sprintf("guardrail v%s (commit %s, built ", md.Version, short)
		if !strings.HasPrefix(line, want) {
			return "", fmt.Errorf("%s: `guardrail version` printed %q, want it to start with %q", p.Archive(md.Version), line, want)
		}
		return fmt.Sprintf("%s: guardrail version -> %s", p.Archive(md.Version), line), nil
	}
	return "", nil
}
