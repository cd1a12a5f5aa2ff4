package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed builtin/*.toml
var builtinFS embed.FS

type builtinEntry struct {
	pack *Pack
	errs []*Error
}

var (
	builtinNamesOnce sync.Once
	builtinNames     []string

	builtinOnce  sync.Once
	builtinPacks map[string]builtinEntry
)

// BuiltinNames lists the built-in packs (the NAME of "builtin:NAME"),
// sorted.
func BuiltinNames() []string {
	builtinNamesOnce.Do(func() {
		entries, _ := fs.ReadDir(builtinFS, "builtin")
		for _, e := range entries {
			if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok && !e.IsDir() {
				builtinNames = append(builtinNames, n)
			}
		}
		sort.Strings(builtinNames)
	})
	return append([]string(nil), builtinNames...)
}

func isBuiltin(name string) bool {
	BuiltinNames()
	i := sort.SearchStrings(builtinNames, name)
	return i < len(builtinNames) && builtinNames[i] == name
}

func loadBuiltins() {
	builtinOnce.Do(func() {
		builtinPacks = map[string]builtinEntry{}
		for _, n := range BuiltinNames() {
			data, err := builtinFS.ReadFile(path.Join("builtin", n+".toml"))
			if err != nil {
				builtinPacks[n] = builtinEntry{errs: []*Error{{Pos: Position{File: BuiltinPrefix + n}, Msg: err.Error()}}}
				continue
			}
			p, errs := ParsePack(BuiltinPrefix+n, data)
			builtinPacks[n] = builtinEntry{pack: p, errs: errs}
		}
	})
}

// Builtin returns the built-in pack NAME (without the "builtin:" prefix).
// Each pack is parsed once; the result is shared and must not be modified.
// A built-in pack that fails validation is an error (a bug in guardrail).
func Builtin(name string) (*Pack, error) {
	name = strings.TrimPrefix(name, BuiltinPrefix)
	if !isBuiltin(name) {
		return nil, fmt.Errorf("unknown built-in pack %q", BuiltinPrefix+name)
	}
	loadBuiltins()
	e := builtinPacks[name]
	if hasErrors(e.errs) || e.pack == nil {
		var msgs []string
		for _, err := range e.errs {
			msgs = append(msgs, err.Error())
		}
		return nil, fmt.Errorf("built-in pack %q is broken: %s", BuiltinPrefix+name, strings.Join(msgs, "; "))
	}
	return e.pack, nil
}

// DefaultPackNames lists the built-in packs that apply when no config is
// found: those whose [pack] table says default = true. Sorted.
func DefaultPackNames() []string {
	var out []string
	for _, n := range BuiltinNames() {
		if p, err := Builtin(n); err == nil && p.Default {
			out = append(out, n)
		}
	}
	return out
}
