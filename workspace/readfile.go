package workspace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxIgnoreFileSize is the largest .gitignore or .git/info/exclude read
// (1 MiB, some 50,000 patterns); a larger one is not used, and the walk
// reports it. Git itself skips pattern files over 100 MB; every pattern
// costs time on every path, so the bound here is lower.
const MaxIgnoreFileSize = 1 << 20

// maxGitFileSize bounds the small files that locate a git directory (a
// .git file, commondir).
const maxGitFileSize = 64 << 10

// IgnoreFileError is an ignore file that exists but is not used: it is
// not a regular file (a FIFO, a link to a device) or it is too large.
// Walk passes it to fn with the file's path; the walk goes on without it.
type IgnoreFileError struct {
	Path string
	Err  error
}

func (e *IgnoreFileError) Error() string { return "ignore file not used: " + e.Err.Error() }

func (e *IgnoreFileError) Unwrap() error { return e.Err }

// refused is why readIgnoreFile does not use a file that exists.
type refused string

func (r refused) Error() string { return string(r) }

// reported is nil for a missing or unreadable file (no patterns, as in
// git), and an *IgnoreFileError for a file readIgnoreFile refused.
func reported(name string, err error) error {
	var r refused
	if errors.As(err, &r) {
		return &IgnoreFileError{Path: name, Err: r}
	}
	return nil
}

// readIgnoreFile reads a file a repository controls, at most limit bytes:
// it must be a regular file (links are followed; a FIFO or a device is
// never opened for reading, so it can neither block nor fill the memory),
// it is opened without blocking and checked again, and the read stops one
// byte past the limit whatever stat said.
func readIgnoreFile(name string, limit int) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := usable(info, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := usable(info, limit); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > limit {
		return nil, tooLargeErr(limit)
	}
	return data, nil
}

// usable refuses a file that is not regular or is over limit bytes.
func usable(info fs.FileInfo, limit int) error {
	if !info.Mode().IsRegular() {
		return refused("not a regular file" + modeName(info.Mode()))
	}
	if info.Size() > int64(limit) {
		return tooLargeErr(limit)
	}
	return nil
}

func tooLargeErr(limit int) error {
	return refused(fmt.Sprintf("larger than %d KiB", limit>>10))
}

// modeName says what kind of file a non-regular mode is, in parentheses.
func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return " (a folder)"
	case m&fs.ModeNamedPipe != 0:
		return " (a named pipe)"
	case m&fs.ModeCharDevice != 0:
		return " (a character device)"
	case m&fs.ModeDevice != 0:
		return " (a device)"
	case m&fs.ModeSocket != 0:
		return " (a socket)"
	}
	return ""
}
