package valeimport

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxRuleFileSize caps one Vale rule file; real ones are a few KB.
const maxRuleFileSize = 4 << 20

// ValeRule is one Vale rule file (STYLE/NAME.yml) as read, with the keys
// the converter understands. Keys it does not know are kept in Other, so a
// conversion can say what it left out.
type ValeRule struct {
	Name  string // "Google.WordList"
	Style string // "Google"
	File  string // path of the .yml file

	Extends     string
	Message     string
	Description string
	Link        string
	Level       string
	Scopes      []string
	Ignorecase  bool
	Nonword     bool
	Tokens      []string
	TokenLines  []int // line of each token in the rule file
	Raw         []string
	Append      bool
	Exceptions  []string
	Swap        []SwapEntry // in file order
	Action      string      // action.name
	Other       []string    // keys not understood, sorted
}

// SwapEntry is one `swap` key (a regex) and its replacement.
type SwapEntry struct {
	Key, Value string
	Line       int // line of the key in the rule file
}

// harmlessKeys are rule keys that change nothing guardrail would do with
// the rule: `vocab` turns the project's accepted words into exceptions,
// and the import does not read vocabularies.
var harmlessKeys = map[string]bool{"vocab": true}

// LoadStyle reads every rule file (*.yml, *.yaml) of one Vale style folder.
// The style's name is the folder's name. Files are read in name order.
func LoadStyle(dir string) ([]*ValeRule, error) {
	style := filepath.Base(filepath.Clean(dir))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []*ValeRule
	for _, n := range names {
		r, err := loadRuleFile(filepath.Join(dir, n), style)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func loadRuleFile(path, style string) (*ValeRule, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() > maxRuleFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxRuleFileSize)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	base := filepath.Base(path)
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".yml"), ".yaml")
	r, err := parseRule(src, path)
	if err != nil {
		return nil, err
	}
	r.Name, r.Style = style+"."+name, style
	return r, nil
}

// parseRule reads one rule file. Errors name the file, line and column.
func parseRule(src []byte, path string) (*ValeRule, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	r := &ValeRule{File: path}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty rule file", path)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: a rule file must be a mapping", path, root.Line, root.Column)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d:%d: %s: %s", path, v.Line, v.Column, k.Value, fmt.Sprintf(format, a...))
		}
		var err error
		switch k.Value {
		case "extends":
			r.Extends, err = scalar(v, at)
		case "message":
			r.Message, err = scalar(v, at)
		case "description":
			r.Description, err = scalar(v, at)
		case "link":
			r.Link, err = scalar(v, at)
		case "level":
			r.Level, err = scalar(v, at)
		case "scope":
			r.Scopes, err = stringList(v, at)
		case "ignorecase":
			r.Ignorecase, err = boolean(v, at)
		case "nonword":
			r.Nonword, err = boolean(v, at)
		case "append":
			r.Append, err = boolean(v, at)
		case "tokens":
			r.Tokens, err = stringList(v, at)
			r.TokenLines = nodeLines(v)
		case "raw":
			r.Raw, err = stringList(v, at)
		case "exceptions":
			r.Exceptions, err = stringList(v, at)
		case "swap":
			if v.Kind != yaml.MappingNode {
				return nil, at("want a mapping of pattern: replacement")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				sk, sv := v.Content[j], v.Content[j+1]
				if sk.Kind != yaml.ScalarNode || sv.Kind != yaml.ScalarNode {
					return nil, fmt.Errorf("%s:%d:%d: swap: want pattern: replacement", path, sk.Line, sk.Column)
				}
				r.Swap = append(r.Swap, SwapEntry{Key: sk.Value, Value: sv.Value, Line: sk.Line})
			}
		case "action":
			if v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					if v.Content[j].Value == "name" {
						r.Action = v.Content[j+1].Value
					}
				}
			}
		default:
			if !harmlessKeys[k.Value] {
				r.Other = append(r.Other, k.Value)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(r.Other)
	return r, nil
}

// nodeLines is the line of each item of a list (or of the one scalar).
func nodeLines(v *yaml.Node) []int {
	if v.Kind != yaml.SequenceNode {
		return []int{v.Line}
	}
	out := make([]int, len(v.Content))
	for i, c := range v.Content {
		out[i] = c.Line
	}
	return out
}

func scalar(v *yaml.Node, at func(string, ...any) error) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", at("want a string")
	}
	return v.Value, nil
}

func boolean(v *yaml.Node, at func(string, ...any) error) (bool, error) {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		return false, at("want true or false")
	}
	return b, nil
}

// stringList reads a string or a list of strings.
func stringList(v *yaml.Node, at func(string, ...any) error) ([]string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		return []string{v.Value}, nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(v.Content))
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, at("want a list of strings")
			}
			out = append(out, c.Value)
		}
		return out, nil
	}
	return nil, at("want a string or a list of strings")
}
