package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// isFixTemp reports a temporary file of writeFileAtomic
// (".NAME.guardrail-RANDOM"). One is left behind only if the process was
// killed between creating it and renaming it over the original; it is
// never a document to check (no config selects it either).
func isFixTemp(name string) bool { return rules.IsFixTempName(name) }

// checkSize refuses a file larger than the engine checks, before reading
// it.
func checkSize(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Size() > analysis.MaxDocumentSize {
		return fmt.Errorf("too large to check: %d bytes (guardrail checks files up to %d MiB)", info.Size(), analysis.MaxDocumentSize>>20)
	}
	return nil
}

// testHookBeforeFix, when set by a test, runs just before --fix writes a
// file (to change the file between the check and the write).
var testHookBeforeFix func(path string)

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
