package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

//go:embed builtin/*.toml
var builtinFS embed.FS

// builtinEntry is one built-in pack, parsed on first use: a run that
// applies only the default packs never parses the others.
type builtinEntry struct {
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
		entries, _ := fs.ReadDir(builtinFS, "builtin")
		builtinPacks = map[string]*builtinEntry{}
		for _, e := range entries {
			if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok && !e.IsDir() {
				builtinNames = append(builtinNames, n)
				builtinPacks[n] = &builtinEntry{}
			}
		}
		sort.Strings(builtinNames)
	})
}

func isBuiltin(name string) bool {
	initBuiltinNames()
	return builtinPacks[name] != nil
}

// loadBuiltin parses the built-in pack name (which exists) once.
func loadBuiltin(name string) *builtinEntry {
	e := builtinPacks[name]
	e.once.Do(func() {
		data, err := builtinFS.ReadFile(path.Join("builtin", name+".toml"))
		if err != nil {
			e.errs = []*Error{{Pos: Position{File: BuiltinPrefix + name}, Msg: err.Error()}}
			return
		}
		if p := decodeBuiltinBlob(name, data); p != nil {
			e.pack = p // parsed at build time (builtin_blob.go)
			return
		}
		e.pack, e.errs = ParsePack(BuiltinPrefix+name, data)
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
// found: those whose [pack] table says default = true. Sorted. Only the
// [pack] table of each is read (builtinIsDefault), so finding them parses
// no pack; a default pack that is broken is left out, as Builtin fails.
func DefaultPackNames() []string {
	var out []string
	for _, n := range BuiltinNames() {
		if !builtinIsDefault(n) {
			continue
		}
		if _, err := Builtin(n); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// builtinIsDefault reports whether the built-in pack name's [pack] table
// says default = true, reading that table alone when the file has it as a
// plain block of lines ("[pack]" up to the next table header), else the
// whole pack. TestBuiltinIsDefaultAgreesWithParse keeps the two in step.
func builtinIsDefault(name string) bool {
	data, err := builtinFS.ReadFile(path.Join("builtin", name+".toml"))
	if err != nil {
		return false
	}
	if table, ok := packTable(string(data)); ok {
		var v struct {
			Pack struct {
				Default bool `toml:"default"`
			} `toml:"pack"`
		}
		if _, err := toml.Decode(table, &v); err == nil {
			return v.Pack.Default
		}
	}
	p, err := Builtin(name)
	return err == nil && p.Default
}

// packTable returns the lines of src's [pack] table, from its header to
// the next line that starts a table; ok is false when there is no such
// header line or a second one.
func packTable(src string) (string, bool) {
	start := -1
	for off := 0; off < len(src); {
		end := strings.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := strings.TrimSpace(src[off:end])
		if strings.HasPrefix(line, "[") {
			if start >= 0 {
				return src[start:off], true
			}
			if line == "[pack]" {
				start = off
			}
		}
		off = end
	}
	if start >= 0 {
		return src[start:], true
	}
	return "", false
}
