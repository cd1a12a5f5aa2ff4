package rules

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// DefaultMaxConfigSize caps the size of a config or pack file: 16 MiB, so
// that a pack of 10,000 rules (about 2 MB) loads, and /dev/zero or a
// huge file does not.
const DefaultMaxConfigSize = 16 << 20

// MaxConfigSizeEnv names the environment variable that sets the cap in
// bytes (a number, optionally with a K, M or G suffix for KiB, MiB, GiB).
const MaxConfigSizeEnv = "GUARDRAIL_MAX_CONFIG_SIZE"

// MaxConfigSize is the size cap for config and pack files: the value of
// GUARDRAIL_MAX_CONFIG_SIZE when it is a positive size, else
// DefaultMaxConfigSize.
func MaxConfigSize() int64 {
	if n, ok := parseSize(os.Getenv(MaxConfigSizeEnv)); ok {
		return n
	}
	return DefaultMaxConfigSize
}

func parseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, false
	}
	return n * mult, true
}

// ReadConfigFile reads a config or pack file: it must be a regular file
// (a named pipe, device or folder is an error, never a blocking open) of
// at most MaxConfigSize bytes. A missing file gives an error that wraps
// fs.ErrNotExist.
func ReadConfigFile(path string) ([]byte, error) {
	max := MaxConfigSize()
	data, err := ReadRegularFile(path, max)
	if errors.Is(err, ErrTooLarge) {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf(
			"larger than %s, the limit for config and pack files (set %s to raise it)", sizeText(max), MaxConfigSizeEnv)}
	}
	return data, err
}

// ErrTooLarge is the error of ReadRegularFile for a file over its limit.
var ErrTooLarge = errors.New("file too large")

// ReadRegularFile reads the regular file at path (symbolic links
// followed), reading at most max bytes: a file that is not regular is an
// error naming what it is, and one larger than max (at open or while
// reading, should it grow) wraps ErrTooLarge. The file is opened without
// blocking, so a named pipe swapped in after the check cannot hang the
// caller.
func ReadRegularFile(path string, max int64) ([]byte, error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrTooLarge}
	}
	data, err := readAllSized(f, fi.Size(), max)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrTooLarge}
	}
	return data, nil
}

// readAllSized reads r to its end, or to more than max bytes, into a
// buffer sized for size bytes (what the file's stat said) plus one, so a
// file that did not change is read with one allocation and no copy; one
// that grew meanwhile is read on, as io.ReadAll would.
func readAllSized(r io.Reader, size, max int64) ([]byte, error) {
	if size < 0 || size > max {
		size = 0
	}
	buf := make([]byte, 0, size+1)
	lr := io.LimitReader(r, max+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// openRegular opens the regular file at path as ReadRegularFile does,
// with what the open file's stat says.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if err := regularOnly(path, fi); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, nil, err
	}
	if fi, err = f.Stat(); err != nil {
		f.Close()
		return nil, nil, err
	}
	if err := regularOnly(path, fi); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// regularOnly refuses anything but a regular file, saying what it is.
func regularOnly(path string, fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a folder, not a file"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO), not a regular file"
	case m&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		what = "a device, not a regular file"
	}
	return &fs.PathError{Op: "read", Path: path, Err: errors.New(what)}
}

func sizeText(n int64) string {
	switch {
	case n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
