package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis"
)

// errChanged means the file changed on disk since it was checked.
var errChanged = errors.New("the file changed on disk since it was checked; left alone")

// fixFile is the temporary file writeFileAtomic writes (an *os.File; the
// fault tests wrap it to fail a step).
type fixFile interface {
	Name() string
	Write([]byte) (int, error)
	Chmod(os.FileMode) error
	Sync() error
	Close() error
}

// The file operations of writeFileAtomic, replaced by the fault tests.
var (
	createFixTemp = func(dir, pattern string) (fixFile, error) { return os.CreateTemp(dir, pattern) }
	renameFixed   = os.Rename
)

// writeFileAtomic replaces path's content with data, only if the file still
// holds old: the data goes to a temporary file in the same folder, is
// synced, gets the original's mode, and is renamed over the original, so the
// file is at every moment wholly old or wholly new.
func writeFileAtomic(path string, old, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	cur, err := readDocument(path, analysis.MaxDocumentSize)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, old) {
		return errChanged
	}
	if info.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("the file is read-only")
	}
	// Write through symbolic links to the real file.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	tmp, err := createFixTemp(filepath.Dir(path), "."+filepath.Base(path)+".guardrail-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Check again just before the rename: writing and syncing can take a
	// while, and an edit saved meanwhile must not be overwritten.
	if cur, err := readDocument(path, analysis.MaxDocumentSize); err != nil || !bytes.Equal(cur, old) {
		return errChanged
	}
	if err := renameFixed(name, path); err != nil {
		return err
	}
	ok = true
	// Make the rename durable.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// writeDiff prints the edits to old as a unified diff with three lines of
// context.
func writeDiff(w io.Writer, path string, old []byte, edits []analysis.Fix) {
	if len(edits) == 0 {
		return
	}
	lines := analysis.NewLineIndex(old)
	lineText := func(l int) []byte { // with its line break
		return old[lines.LineStart(l):lines.LineStart(l+1)]
	}
	nLines := lines.Lines()
	if nLines > 1 && lines.LineStart(nLines-1) == len(old) {
		nLines--
	}
	// Group edits into changes over whole old lines.
	type change struct {
		l0, l1 int    // old lines, inclusive
		text   []byte // new text of those lines
	}
	var changes []change
	for i := 0; i < len(edits); {
		l0 := lines.Line(edits[i].Start)
		endOff := edits[i].End
		l1 := lines.Line(max(edits[i].Start, endOff-1))
		j := i + 1
		for j < len(edits) && lines.Line(edits[j].Start) <= l1+1 {
			l1 = max(l1, lines.Line(max(edits[j].Start, edits[j].End-1)))
			j++
		}
		var b bytes.Buffer
		prev := lines.LineStart(l0)
		for _, e := range edits[i:j] {
			b.Write(old[prev:e.Start])
			b.WriteString(e.Text)
			prev = e.End
		}
		b.Write(old[prev:lines.LineStart(l1+1)])
		changes = append(changes, change{l0, l1, b.Bytes()})
		i = j
	}
	fmt.Fprintf(w, "--- %s\n+++ %s\n", diffPath("a/"+path), diffPath("b/"+path))
	const ctx = 3
	writeLine := func(prefix byte, line []byte) {
		w.Write([]byte{prefix})
		w.Write(line)
		if len(line) == 0 || line[len(line)-1] != '\n' && line[len(line)-1] != '\r' {
			io.WriteString(w, "\n\\ No newline at end of file\n")
		}
	}
	splitLines := func(b []byte) [][]byte {
		var out [][]byte
		for len(b) > 0 {
			i := bytes.IndexAny(b, "\r\n")
			if i < 0 {
				out = append(out, b)
				break
			}
			n := i + 1
			if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
				n++
			}
			out = append(out, b[:n])
			b = b[n:]
		}
		return out
	}
	delta := 0 // new line number minus old line number before the hunk
	for i := 0; i < len(changes); {
		// A hunk takes changes whose context windows touch.
		j := i + 1
		for j < len(changes) && changes[j].l0-changes[j-1].l1-1 <= 2*ctx {
			j++
		}
		h0 := max(0, changes[i].l0-ctx)
		h1 := min(nLines-1, changes[j-1].l1+ctx)
		var body bytes.Buffer
		oldCount, newCount := 0, 0
		bw := w
		w = &body
		l := h0
		hunkDelta := 0
		for _, c := range changes[i:j] {
			for ; l < c.l0; l++ {
				writeLine(' ', lineText(l))
				oldCount++
				newCount++
			}
			for k := c.l0; k <= c.l1; k++ {
				writeLine('-', lineText(k))
				oldCount++
			}
			nl := splitLines(c.text)
			for _, line := range nl {
				writeLine('+', line)
				newCount++
			}
			hunkDelta += len(nl) - (c.l1 - c.l0 + 1)
			l = c.l1 + 1
		}
		for ; l <= h1; l++ {
			writeLine(' ', lineText(l))
			oldCount++
			newCount++
		}
		w = bw
		oldStart, newStart := h0+1, h0+1+delta
		if oldCount == 0 {
			oldStart--
		}
		if newCount == 0 {
			newStart--
		}
		fmt.Fprintf(w, "@@ -%d,%d +%d,%d @@\n", oldStart, oldCount, newStart, newCount)
		w.Write(body.Bytes())
		delta += hunkDelta
		i = j
	}
}

// diffPath is a path in a diff header, quoted as git quotes it when it
// holds a control character, invalid UTF-8, a quote or a backslash
// ("a/new\nline.md", other bytes as octal escapes, which git apply reads),
// so that a file name can neither break the diff nor send escape sequences
// to a terminal. Other names, UTF-8 included, are written as they are.
func diffPath(p string) string {
	plain := true
	for _, r := range p {
		if r < 0x20 || r >= 0x7f && r < 0xa0 || r == utf8.RuneError || r == '"' || r == '\\' {
			plain = false
			break
		}
	}
	if plain {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
