package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestBinaryKindOfThisTestBinary(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	goos, goarch, err := binaryKind(b)
	if err != nil {
		t.Fatal(err)
	}
	if goarch != runtime.GOARCH || (goos != runtime.GOOS && runtime.GOOS != "freebsd") {
		t.Errorf("binaryKind(test binary) = %s/%s, want %s/%s", goos, goarch, runtime.GOOS, runtime.GOARCH)
	}
	other := Platform{GOOS: "windows", GOARCH: "arm64"}
	if runtime.GOOS == "windows" && runtime.GOARCH == "arm64" {
		other = Platform{GOOS: "linux", GOARCH: "amd64"}
	}
	if err := checkBinary(other, b); err == nil || !strings.Contains(err.Error(), "want "+other.GOOS+"/"+other.GOARCH) {
		t.Errorf("checkBinary for the wrong platform: %v", err)
	}
	if _, _, err := binaryKind([]byte("#!/bin/sh\necho guardrail\n")); err == nil {
		t.Error("a shell script passed as an executable")
	}
}

func TestCheckArchiveFiles(t *testing.T) {
	lic := file{data: []byte("MIT License\n\nCopyright (c) 2026 The guardrail authors\n"), mode: 0o644}
	doc := file{data: []byte("# guardrail\n"), mode: 0o644}
	exe := file{data: []byte("bin"), mode: 0o755}
	linux := Platforms[0]
	win := Platforms[4]
	tests := []struct {
		name  string
		p     Platform
		files map[string]file
		want  string // "" = ok
	}{
		{"complete", linux, map[string]file{"guardrail": exe, "README.md": doc, "LICENSE": lic}, ""},
		{"windows exe", win, map[string]file{"guardrail.exe": {data: []byte("x"), mode: 0o644}, "README.md": doc, "LICENSE": lic}, ""},
		{"completions", linux, map[string]file{"guardrail": exe, "README.md": doc, "LICENSE": lic, "completions/guardrail.bash": doc}, ""},
		{"no license", linux, map[string]file{"guardrail": exe, "README.md": doc}, "no LICENSE"},
		{"wrong binary name", win, map[string]file{"guardrail": exe, "README.md": doc, "LICENSE": lic}, "no guardrail.exe"},
		{"extra file", linux, map[string]file{"guardrail": exe, "README.md": doc, "LICENSE": lic, "go.mod": doc}, "unexpected file go.mod"},
		{"not executable", linux, map[string]file{"guardrail": {data: []byte("x"), mode: 0o644}, "README.md": doc, "LICENSE": lic}, "not executable"},
		{"foreign license", linux, map[string]file{"guardrail": exe, "README.md": doc, "LICENSE": doc}, "not guardrail's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkArchiveFiles(tt.p, tt.files)
			if tt.want == "" && err != nil {
				t.Errorf("unexpected error %v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckChecksums(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256([]byte(content))
		return hex.EncodeToString(s[:])
	}
	a := write("a.tar.gz", "archive a")
	b := write("b.vsix", "extension b")
	good := fmt.Sprintf("%s  a.tar.gz\n%s  b.vsix\n", a, b)
	tests := []struct {
		name, sums, want string
	}{
		{"all right", good, ""},
		{"wrong sum", fmt.Sprintf("%s  a.tar.gz\n%s  b.vsix\n", b, b), "a.tar.gz: sha256"},
		{"missing line", fmt.Sprintf("%s  a.tar.gz\n", a), "no line for b.vsix"},
		{"extra line", good + strings.Repeat("0", 64) + "  c.zip\n", "lists c.zip"},
		{"malformed", "abc a.tar.gz\n", "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write("checksums.txt", tt.sums)
			err := checkChecksums(dir, []string{"a.tar.gz", "b.vsix"})
			if tt.want == "" && err != nil {
				t.Errorf("unexpected error %v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestArchiveNames(t *testing.T) {
	got := []string{}
	for _, p := range Platforms {
		got = append(got, p.Archive("1.2.3"))
	}
	want := []string{
		"guardrail_1.2.3_linux_amd64.tar.gz", "guardrail_1.2.3_linux_arm64.tar.gz",
		"guardrail_1.2.3_darwin_amd64.tar.gz", "guardrail_1.2.3_darwin_arm64.tar.gz",
		"guardrail_1.2.3_windows_amd64.zip", "guardrail_1.2.3_windows_arm64.zip",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("archive names\ngot  %v\nwant %v", got, want)
	}
}
