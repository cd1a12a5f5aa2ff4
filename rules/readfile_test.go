package rules

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadRegularFile: a file is read whole up to its limit and refused
// past it; a folder is refused by name.
func TestReadRegularFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 100_000} {
		want := bytes.Repeat([]byte("ab\n"), n)
		path := filepath.Join(dir, "f.toml")
		if err := os.WriteFile(path, want, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := ReadRegularFile(path, int64(len(want)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: got %d bytes, %v", len(want), len(got), err)
		}
		if len(want) > 0 {
			if _, err := ReadRegularFile(path, int64(len(want)-1)); !errors.Is(err, ErrTooLarge) {
				t.Errorf("%d bytes with a limit one less: %v, want ErrTooLarge", len(want), err)
			}
		}
	}
	if _, err := ReadRegularFile(dir, 1<<20); err == nil || !strings.Contains(err.Error(), "a folder") {
		t.Errorf("a folder: %v", err)
	}
}

// TestReadAllSized: the stat's size is only a hint: a file that grew or
// shrank since is read as it is, and one past the limit is cut just past
// it (the caller's ErrTooLarge).
func TestReadAllSized(t *testing.T) {
	text := bytes.Repeat([]byte("0123456789"), 1000)
	for _, c := range []struct {
		name      string
		size, max int64
		want      int
	}{
		{"exact", 10000, 1 << 20, 10000},
		{"grew", 100, 1 << 20, 10000},
		{"shrank", 50000, 1 << 20, 10000},
		{"no size", 0, 1 << 20, 10000},
		{"bad size", -1, 1 << 20, 10000},
		{"past the limit", 10000, 4000, 4001},
		{"grew past the limit", 100, 4000, 4001},
	} {
		// A reader that returns little at a time, as a pipe or a slow
		// disk may.
		got, err := readAllSized(io.LimitReader(&slowReader{text}, int64(len(text))), c.size, c.max)
		if err != nil || len(got) != c.want || !bytes.Equal(got, text[:c.want]) {
			t.Errorf("%s: got %d bytes, %v; want %d", c.name, len(got), err, c.want)
		}
	}
}

type slowReader struct{ b []byte }

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 777)], r.b)
	r.b = r.b[n:]
	return n, nil
}
