package valeimport

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// maxINISize caps a .vale.ini; real ones are under a few KB.
const maxINISize = 1 << 20

// Config is what the import reads from a .vale.ini.
type Config struct {
	StylesPath    string
	MinAlertLevel string
	// Vocab names the vocabularies (StylesPath/config/vocabularies/NAME),
	// from every Vocab key in the file.
	Vocab     []string
	VocabLine int
	// Sections are the per-glob sections ([*.md], [*]) in file order.
	// BasedOnStyles at the top of the file is read as a [*] section.
	Sections []Section
	// Ignored are keys the import does not carry over, as "file:line: key".
	Ignored []string
}

// Section is one [GLOB] of a .vale.ini.
type Section struct {
	Glob          string
	BasedOnStyles []string
	// Overrides are "Style.Rule = NO|YES|suggestion|warning|error" lines
	// in file order.
	Overrides []Override
	Line      int
}

// Override turns one rule off or on, or sets its level, in one section.
type Override struct {
	Rule  string // "Google.Passive"
	Value string // NO, YES, suggestion, warning or error
	Line  int
}

// ParseINI reads a .vale.ini. path is used in error messages.
func ParseINI(src []byte, path string) (*Config, error) {
	cfg := &Config{}
	var cur *Section
	global := &Section{Glob: "*"}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), maxINISize)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		if text[0] == '[' {
			if !strings.HasSuffix(text, "]") {
				return nil, fmt.Errorf("%s:%d:1: section header without ]", path, line)
			}
			name := strings.TrimSpace(text[1 : len(text)-1])
			if name == "formats" || name == "" {
				// [formats] maps extensions to formats: guardrail picks a
				// file's type from its extension itself.
				cfg.Ignored = append(cfg.Ignored, fmt.Sprintf("%s:%d: [%s]", path, line, name))
				cur = &Section{}
				continue
			}
			cfg.Sections = append(cfg.Sections, Section{Glob: name, Line: line})
			cur = &cfg.Sections[len(cfg.Sections)-1]
			continue
		}
		eq := strings.IndexByte(text, '=')
		if eq < 0 {
			return nil, fmt.Errorf("%s:%d:1: want KEY = VALUE", path, line)
		}
		key := strings.TrimSpace(text[:eq])
		val := strings.Trim(strings.TrimSpace(text[eq+1:]), `"`)
		sec := cur
		if sec == nil {
			sec = global
		}
		switch {
		case cur == nil && key == "StylesPath":
			cfg.StylesPath = val
		case cur == nil && key == "MinAlertLevel":
			cfg.MinAlertLevel = strings.ToLower(val)
		case key == "Vocab":
			cfg.Vocab = append(cfg.Vocab, splitList(val)...)
			cfg.VocabLine = line
		case key == "BasedOnStyles":
			sec.BasedOnStyles = append(sec.BasedOnStyles, splitList(val)...)
			sec.Line = line
		case strings.Contains(key, ".") && isOverrideValue(val):
			sec.Overrides = append(sec.Overrides, Override{Rule: key, Value: val, Line: line})
		default:
			cfg.Ignored = append(cfg.Ignored, fmt.Sprintf("%s:%d: %s", path, line, key))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %v", path, line+1, err)
	}
	if len(global.BasedOnStyles) > 0 || len(global.Overrides) > 0 {
		cfg.Sections = append([]Section{*global}, cfg.Sections...)
	}
	return cfg, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func isOverrideValue(v string) bool {
	switch strings.ToLower(v) {
	case "yes", "no", "suggestion", "warning", "error":
		return true
	}
	return false
}
