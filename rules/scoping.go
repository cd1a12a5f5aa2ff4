package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// Config keys that tune scoping, not rules: `front_matter` (the
// front-matter keys whose values are checked) and the `[ignore]` table of
// RE2 patterns whose matches are not checked (as Vale's TokenIgnores and
// BlockIgnores). Both are config-only.
//
//	front_matter = ["title", "description", "summary"]
//
//	[ignore]
//	tokens = ['\{\{<\s*ref [^>]*>\}\}']                       # inline: a placeholder, like inline code
//	blocks = ['(?s)<!-- vale off -->.*?<!-- vale on -->']     # a block: the text around it is two blocks

// DefaultFrontMatter are the front-matter keys checked when no config
// sets front_matter.
var DefaultFrontMatter = []string{"title", "description"}

// Bounds on ignore patterns: each is one linear pass over every document,
// so their number and size are capped.
const (
	MaxIgnorePatterns      = 64   // tokens and blocks of all configs in effect
	MaxIgnorePatternLength = 4096 // bytes
	maxFrontMatterKeys     = 256
)

// IgnorePattern is one compiled `[ignore]` pattern.
type IgnorePattern struct {
	Pattern string
	Pos     Position
	Re      *regexp.Regexp
}

var ignoreKeys = []string{"tokens", "blocks"}

// parseFrontMatter reads front_matter = [...].
func (d *docCtx) parseFrontMatter(p *Pack, v any) {
	k := "front_matter"
	p.configKeys = append(p.configKeys, configKey{k, d.keyPos(k)})
	list, ok := d.stringList([]string{k}, v, true)
	if !ok {
		return
	}
	if len(list) > maxFrontMatterKeys {
		d.errs.add(d.valPos(k), "front_matter has %d keys; at most %d", len(list), maxFrontMatterKeys)
		return
	}
	p.FrontMatter = append([]string{}, list...)
}

// parseIgnore reads the [ignore] table.
func (d *docCtx) parseIgnore(p *Pack, v any) {
	p.configKeys = append(p.configKeys, configKey{"ignore", d.keyPos("ignore")})
	m, ok := v.(map[string]any)
	if !ok {
		d.errs.add(d.valPos("ignore"), "ignore must be a table ([ignore]) with tokens and blocks, lists of RE2 patterns, not %s", typeName(v))
		return
	}
	for _, k := range sortedKeys(m) {
		var dst *[]IgnorePattern
		switch k {
		case "tokens":
			dst = &p.IgnoreTokens
		case "blocks":
			dst = &p.IgnoreBlocks
		default:
			d.errs.add(d.keyPos("ignore", k), "unknown key %q in [ignore]%s; [ignore] has %s", k, suggest(k, ignoreKeys), strings.Join(ignoreKeys, ", "))
			continue
		}
		path := []string{"ignore", k}
		list, _ := d.stringList(path, m[k], true)
		for i, pat := range list {
			if pat == "" {
				continue // reported by stringList
			}
			pp := child(path, fmt.Sprint(i))
			if len(pat) > MaxIgnorePatternLength {
				d.errs.add(d.valPos(pp...), "ignore pattern %d is %d bytes long; at most %d", i+1, len(pat), MaxIgnorePatternLength)
				continue
			}
			re, err := regexp.Compile(pat)
			if err != nil {
				d.errs.add(d.regexErrPos(pp, pat, err), "ignore pattern %q is not a valid RE2 regular expression: %s", pat, regexErrText(err))
				continue
			}
			if re.MatchString("") || CanMatchEmpty(pat) {
				d.errs.add(d.valPos(pp...), "ignore pattern %q matches empty text; it must match at least one character", pat)
				continue
			}
			*dst = append(*dst, IgnorePattern{Pattern: pat, Pos: d.valPos(pp...), Re: re})
		}
	}
}

// scopingSettings merges the layers' front_matter (the nearest wins) and
// [ignore] patterns (they accumulate, outermost first).
func (b *builder) scopingSettings(cfg *Config, layers []layer) {
	cfg.FrontMatter = DefaultFrontMatter
	n := 0
	for _, ly := range layers {
		if ly.pack.FrontMatter != nil {
			cfg.FrontMatter = ly.pack.FrontMatter
		}
		for _, list := range [][]IgnorePattern{ly.pack.IgnoreTokens, ly.pack.IgnoreBlocks} {
			for _, ip := range list {
				if n++; n == MaxIgnorePatterns+1 {
					b.errs.add(ip.Pos, "more than %d ignore patterns in the config files in effect; use fewer, broader patterns", MaxIgnorePatterns)
				}
			}
		}
		cfg.IgnoreTokens = append(cfg.IgnoreTokens, ly.pack.IgnoreTokens...)
		cfg.IgnoreBlocks = append(cfg.IgnoreBlocks, ly.pack.IgnoreBlocks...)
	}
}
