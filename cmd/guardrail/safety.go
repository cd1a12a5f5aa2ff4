package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/guardrail-dev/guardrail/rules"
)

// isFixTemp reports a temporary file of writeFileAtomic
// (".NAME.guardrail-RANDOM"). One is left behind only if the process was
// killed between creating it and renaming it over the original; it is
// never a document to check (no config selects it either).
func isFixTemp(name string) bool { return rules.IsFixTempName(name) }

// tooLarge is the error for a document over the size limit.
func tooLarge(size int64, limit int) error {
	return fmt.Errorf("too large to check: %d bytes (guardrail checks files up to %s)", size, sizeText(limit))
}

// sizeText is n bytes as "1024 MiB" when a whole number of MiB.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// notRegular is the error for a path that is not a regular file (a
// device, a named pipe, a socket): guardrail never reads one, so a link
// to /dev/zero or a FIFO in a repository can neither fill the memory nor
// block the run.
func notRegular(mode fs.FileMode) error {
	what := ""
	switch {
	case mode&fs.ModeNamedPipe != 0:
		what = " (a named pipe)"
	case mode&fs.ModeCharDevice != 0:
		what = " (a character device)"
	case mode&fs.ModeDevice != 0:
		what = " (a device)"
	case mode&fs.ModeSocket != 0:
		what = " (a socket)"
	case mode&fs.ModeSymlink != 0:
		what = " (a symbolic link)"
	}
	return fmt.Errorf("not a regular file%s; guardrail reads only regular files", what)
}

// readDocument reads the regular file at path (following links), at most
// limit bytes (analysis.MaxDocumentSize but in tests): the mode is checked before opening (a device is
// never opened), the file is opened without blocking (a FIFO swapped in
// meanwhile cannot hang the run) and checked again, and the read stops one
// byte past the limit whatever stat said.
func readDocument(path string, limit int) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(info.Mode())
	}
	if info.Size() > int64(limit) {
		return nil, tooLarge(info.Size(), limit)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(info.Mode())
	}
	data, over, err := readAtMost(f, limit, info.Size())
	if err != nil {
		return nil, err
	}
	if over {
		return nil, tooLarge(int64(len(data)), limit)
	}
	return data, nil
}

// readAtMost reads r to its end or to limit+1 bytes, whichever comes
// first; over reports that there was more than limit. hint is the
// expected size.
func readAtMost(r io.Reader, limit int, hint int64) (data []byte, over bool, err error) {
	n := 512
	if hint > 0 && hint < int64(limit) {
		n = int(hint) + 1
	}
	data = make([]byte, 0, min(n, limit+1))
	lr := io.LimitReader(r, int64(limit)+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		m, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+m]
		if err == io.EOF {
			return data, len(data) > limit, nil
		}
		if err != nil {
			return data, false, err
		}
	}
}

// fileSet remembers the files already targeted, by real path, so that a
// file named twice (or through a symlink and directly) is checked, and
// fixed, once.
type fileSet map[string]bool

// dup reports whether abs was seen before, and remembers it.
func (s fileSet) dup(abs string) bool {
	key := abs
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		key = real
	}
	if s[key] {
		return true
	}
	s[key] = true
	return false
}
