package rules

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/bmatcuk/doublestar/v4"
)

// ConfigFileName is the name of a project config file.
const ConfigFileName = ".guardrail.toml"

// BuiltinPrefix starts an `extends` entry that names a built-in pack, and the
// path of a built-in pack's positions ("builtin:sre-messaging").
const BuiltinPrefix = "builtin:"

// Pack is one parsed TOML file: a rule pack or a config. A config
// (.guardrail.toml or the user config) is a superset of a pack: it may also
// have include, exclude, root and [severity]. A pack extended by a config
// must not use those keys; the Loader reports them.
type Pack struct {
	// From the [pack] table.
	Name, Description, Version string
	// Default marks a built-in pack that applies when no config is found
	// ([pack] default = true).
	Default bool
	// Kind is the [pack] kind: the default kind of the file's own rules.
	Kind RuleKind

	// Path is the path the file was parsed as ("builtin:NAME" for built-in
	// packs); it is the File of every Position in the pack.
	Path string

	// Extends lists the `extends` entries as written: "builtin:NAME" or a
	// path or glob relative to the file. ExtendsPos[i] is where entry i is.
	Extends    []string
	ExtendsPos []Position

	// Include is nil when the file has no `include` key (an empty include
	// selects nothing). Both are globs relative to the file's folder.
	Include, Exclude []string
	Root             bool
	// Severity holds the [severity] table: rule id → override ("off" is
	// SeverityOff).
	Severity map[string]SeverityOverride

	// Rules are the file's own [[rule]] tables that are valid, in file
	// order. Rules with errors are left out.
	Rules []*Rule

	// IsConfig is true for a file named .guardrail.toml and for a file that
	// uses a config-only key (include, exclude, root, [severity]).
	IsConfig bool

	configKeys []configKey // config-only keys, for "not allowed in a pack"

	// Sets are the file's [sets] (phrase templates); nil when it has none.
	Sets *WordSets

	// FrontMatter is the front_matter list (nil: not set); IgnoreTokens
	// and IgnoreBlocks are the [ignore] table's patterns (scoping.go).
	FrontMatter                []string
	IgnoreTokens, IgnoreBlocks []IgnorePattern
}

// SeverityOverride is one entry of a config's [severity] table.
type SeverityOverride struct {
	Severity Severity
	// Pos is the key's position (where an unknown-id warning points).
	Pos Position
}

type configKey struct {
	name string
	pos  Position
}

var (
	topKeys  = []string{"pack", "extends", "include", "exclude", "root", "severity", "rule", "sets", "front_matter", "ignore"}
	packKeys = []string{"name", "description", "version", "default",
		"kind", // rule kind default (kind.go)
	}
)

// docCtx is the state of parsing one file.
type docCtx struct {
	path string
	src  string
	ix   *tomlIndex
	errs errorList

	tmpl templateState // phrase templates: [sets], bounds (template_load.go)
}

func (d *docCtx) at(off int) Position {
	line, col := lineCol(d.src, d.ix.lines, off)
	return Position{File: d.path, Line: line, Column: col}
}

// keyPos is where the key (or table header) at path is written.
func (d *docCtx) keyPos(path ...string) Position {
	n, _ := d.ix.lookup(path)
	return d.at(n.key)
}

// valPos is where the value at path starts.
func (d *docCtx) valPos(path ...string) Position {
	n, exact := d.ix.lookup(path)
	if !exact {
		return d.at(n.key)
	}
	return d.at(n.val)
}

// strPos is the position of byte off of the string value at path, when the
// source lets us map it; otherwise the value's start.
func (d *docCtx) strPos(path []string, off int) Position {
	n, exact := d.ix.lookup(path)
	if !exact {
		return d.at(n.key)
	}
	if n.val < len(d.src) && (d.src[n.val] == '"' || d.src[n.val] == '\'') {
		_, offs, _ := decodeString(d.src, n.val)
		if off >= 0 && off < len(offs) {
			return d.at(offs[off])
		}
	}
	return d.at(n.val)
}

func child(path []string, more ...string) []string {
	return append(append([]string(nil), path...), more...)
}

// ParsePack parses and validates one pack or config file. path is reported
// in positions. On a TOML syntax error the Pack is nil; otherwise it holds
// everything that is valid (rules with errors are left out) and errs lists
// every problem found, sorted by position. ParsePack reads no other file:
// extends globs and files are checked by the Loader.
func ParsePack(path string, data []byte) (*Pack, []*Error) {
	src := strings.TrimPrefix(string(data), "\uFEFF")
	d := &docCtx{path: path, src: src}
	if off, msg := tomlTooDeep(src); off >= 0 {
		d.ix = &tomlIndex{src: src, lines: newLineIndex(src)}
		d.errs.add(d.at(off), "%s", msg)
		return nil, d.errs
	}
	tree, err := decodeTOML(src)
	if err != nil {
		d.ix = &tomlIndex{src: src, lines: newLineIndex(src)}
		d.errs = append(d.errs, d.syntaxError(err))
		return nil, d.errs
	}
	d.ix = indexTOML(src)
	p := d.parseTop(tree)
	return p, sortErrors(d.errs)
}

func decodeTOML(src string) (tree map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			tree, err = nil, fmt.Errorf("the TOML parser failed: %v", r)
		}
	}()
	_, err = toml.Decode(src, &tree)
	return tree, err
}

func (d *docCtx) syntaxError(err error) *Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{Pos: Position{File: d.path, Line: 1, Column: 1}, Msg: "invalid TOML: " + err.Error()}
	}
	var pos Position
	if pe.Position.Start >= 0 && pe.Position.Start <= len(d.src) && (pe.Position.Start > 0 || pe.Position.Line <= 1) {
		pos = d.at(pe.Position.Start)
	} else {
		line := min(max(pe.Position.Line, 1), len(d.ix.lines))
		pos = Position{File: d.path, Line: line, Column: 1}
	}
	msg := pe.Message
	if msg == "" {
		msg = err.Error()
	}
	msg = strings.TrimPrefix(msg, "toml: ")
	return &Error{Pos: pos, Msg: "invalid TOML: " + msg + "."}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (d *docCtx) parseTop(tree map[string]any) *Pack {
	p := &Pack{Path: d.path, IsConfig: filepath.Base(d.path) == ConfigFileName}
	if v, ok := tree["sets"]; ok {
		d.parseSets(p, v) // before the rules that use them
	}
	for _, k := range sortedKeys(tree) {
		v := tree[k]
		switch k {
		case "sets":
		case "pack":
			d.parsePackTable(p, v)
		case "extends":
			list, _ := d.stringList([]string{k}, v, true)
			for i, e := range list {
				ep := []string{k, fmt.Sprint(i)}
				if e == "" {
					continue // reported by stringList
				}
				if name, ok := strings.CutPrefix(e, BuiltinPrefix); ok {
					if !isBuiltin(name) {
						d.errs.add(d.valPos(ep...), "unknown built-in pack %q%s; the built-in packs are %s", e, suggest(name, BuiltinNames()), strings.Join(quoteBuiltins(), ", "))
						continue
					}
				} else if !doublestar.ValidatePattern(filepath.ToSlash(e)) {
					d.errs.add(d.valPos(ep...), "extends entry %q is not a valid path or glob", e)
					continue
				}
				p.Extends = append(p.Extends, e)
				p.ExtendsPos = append(p.ExtendsPos, d.valPos(ep...))
			}
		case "include", "exclude":
			p.configKeys = append(p.configKeys, configKey{k, d.keyPos(k)})
			list, ok := d.globList([]string{k}, v)
			if !ok {
				continue
			}
			if k == "include" {
				p.Include = list
			} else {
				p.Exclude = list
			}
		case "root":
			p.configKeys = append(p.configKeys, configKey{k, d.keyPos(k)})
			if b, ok := v.(bool); ok {
				p.Root = b
			} else {
				d.errs.add(d.valPos(k), "root must be true or false, not %s", typeName(v))
			}
		case "severity":
			p.configKeys = append(p.configKeys, configKey{k, d.keyPos(k)})
			d.parseSeverityTable(p, v)
		case "rule":
			d.parseRules(p, v)
		case "front_matter":
			d.parseFrontMatter(p, v)
		case "ignore":
			d.parseIgnore(p, v)
		default:
			d.errs.add(d.keyPos(k), "unknown key %q%s; a config or pack has %s", k, suggest(k, topKeys), strings.Join(topKeys, ", "))
		}
	}
	if len(p.configKeys) > 0 {
		p.IsConfig = true
	}
	d.warnUnusedSets()
	applyPackKind(p)
	return p
}

func quoteBuiltins() []string {
	var out []string
	for _, n := range BuiltinNames() {
		out = append(out, fmt.Sprintf("%q", BuiltinPrefix+n))
	}
	return out
}

func (d *docCtx) parsePackTable(p *Pack, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		d.errs.add(d.valPos("pack"), "pack must be a table ([pack]), not %s", typeName(v))
		return
	}
	for _, k := range sortedKeys(m) {
		val := m[k]
		switch k {
		case "name", "description", "version":
			s, ok := val.(string)
			if !ok {
				d.errs.add(d.valPos("pack", k), "pack %s must be a string, not %s", k, typeName(val))
				continue
			}
			switch k {
			case "name":
				p.Name = s
			case "description":
				p.Description = s
			default:
				p.Version = s
			}
		case "kind":
			d.parsePackKind(p, val)
		case "default":
			b, ok := val.(bool)
			if !ok {
				d.errs.add(d.valPos("pack", k), "pack default must be true or false, not %s", typeName(val))
				continue
			}
			p.Default = b
		default:
			d.errs.add(d.keyPos("pack", k), "unknown key %q in [pack]%s; [pack] has %s", k, suggest(k, packKeys), strings.Join(packKeys, ", "))
		}
	}
}

func (d *docCtx) parseSeverityTable(p *Pack, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		d.errs.add(d.valPos("severity"), "severity must be a table ([severity]) of rule id = level, not %s", typeName(v))
		return
	}
	p.Severity = map[string]SeverityOverride{}
	for _, id := range sortedKeys(m) {
		val := m[id]
		s, ok := val.(string)
		if !ok {
			if sub, isTable := val.(map[string]any); isTable && len(sub) > 0 {
				// "sre.access-claim" written without quotes is a dotted key.
				d.errs.add(d.keyPos("severity", id), "severity for %q is a table; quote rule ids that contain dots, e.g. %q = \"error\"", id, id+"."+sortedKeys(sub)[0])
				continue
			}
			d.errs.add(d.valPos("severity", id), "severity of %q must be a string (error, warning, info, hint or off), not %s", id, typeName(val))
			continue
		}
		sev, err := ParseSeverity(s, true)
		if err != nil {
			d.errs.add(d.valPos("severity", id), "%s", err)
			continue
		}
		p.Severity[id] = SeverityOverride{Severity: sev, Pos: d.keyPos("severity", id)}
	}
}

// stringList reads an array of strings at path, reporting a wrong type and,
// when noEmpty, empty strings.
func (d *docCtx) stringList(path []string, v any, noEmpty bool) ([]string, bool) {
	name := path[len(path)-1]
	arr, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			d.errs.add(d.valPos(path...), "%s must be an array of strings; write %s = [%q]", name, name, s)
		} else {
			d.errs.add(d.valPos(path...), "%s must be an array of strings, not %s", name, typeName(v))
		}
		return nil, false
	}
	out := make([]string, 0, len(arr))
	good := true
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			d.errs.add(d.valPos(child(path, fmt.Sprint(i))...), "%s must contain only strings; item %d is %s", name, i+1, typeName(e))
			good = false
			out = append(out, "") // keep indices aligned with the source
			continue
		}
		if noEmpty && strings.TrimSpace(s) == "" {
			d.errs.add(d.valPos(child(path, fmt.Sprint(i))...), "%s item %d is empty", name, i+1)
			good = false
		}
		out = append(out, s)
	}
	return out, good
}

// globList reads an array of doublestar globs.
func (d *docCtx) globList(path []string, v any) ([]string, bool) {
	list, ok := d.stringList(path, v, true)
	for i, g := range list {
		if g == "" {
			continue
		}
		if !doublestar.ValidatePattern(filepath.ToSlash(g)) {
			d.errs.add(d.valPos(child(path, fmt.Sprint(i))...), "%q is not a valid glob", g)
			ok = false
		}
	}
	return list, ok
}
