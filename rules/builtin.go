package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// builtinEntry is one built-in pack, decoded on first use: a run that
// applies only the default packs never decodes the others.
type builtinEntry struct {
	info *builtinInfo
	once sync.Once
	pack *Pack
	errs []*Error
}

var (
	builtinNamesOnce sync.Once
	builtinNames     []string
	builtinPacks     map[string]*builtinEntry
)

// BuiltinNames lists the built-in packs (the NAME of "builtin:NAME"),
// sorted.
func BuiltinNames() []string {
	initBuiltinNames()
	return append([]string(nil), builtinNames...)
}

func initBuiltinNames() {
	builtinNamesOnce.Do(func() {
		builtinPacks = map[string]*builtinEntry{}
		for i := range builtinIndex {
			b := &builtinIndex[i]
			builtinNames = append(builtinNames, b.name)
			builtinPacks[b.name] = &builtinEntry{info: b}
		}
		sort.Strings(builtinNames)
	})
}

func isBuiltin(name string) bool {
	initBuiltinNames()
	return builtinPacks[name] != nil
}

// loadBuiltin decodes the built-in pack name (which exists) once, or
// parses its TOML when its blob is stale.
func loadBuiltin(name string) *builtinEntry {
	e := builtinPacks[name]
	e.once.Do(func() {
		src := *e.info.toml
		if p := decodeBuiltinBlob(*e.info.blob, src); p != nil {
			e.pack = p // parsed at build time (builtin_blob.go)
			return
		}
		e.pack, e.errs = ParsePack(BuiltinPrefix+name, bytes.Clone(src))
	})
	return e
}

// Builtin returns the built-in pack NAME (without the "builtin:" prefix).
// Each pack is parsed once; the result is shared and must not be modified.
// A built-in pack that fails validation is an error (a bug in guardrail).
func Builtin(name string) (*Pack, error) {
	name = strings.TrimPrefix(name, BuiltinPrefix)
	if !isBuiltin(name) {
		return nil, fmt.Errorf("unknown built-in pack %q", BuiltinPrefix+name)
	}
	e := loadBuiltin(name)
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
// found: those whose [pack] table says default = true. Sorted. The flags
// come from the generated index (builtin_index.go), so finding them reads
// no pack; a default pack that is broken is left out, as Builtin fails.
func DefaultPackNames() []string {
	var out []string
	for _, b := range builtinIndex {
		if !b.isDefault {
			continue
		}
		if _, err := Builtin(b.name); err == nil {
			out = append(out, b.name)
		}
	}
	sort.Strings(out)
	return out
}
