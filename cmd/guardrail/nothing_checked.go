package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// A folder named on the command line in which no file is checked is an
// error (exit 2) that names the include globs and the folder they resolve
// against: with --config, globs resolve against the config's folder, and a
// folder elsewhere otherwise passes as "0 files". A file named on the
// command line and skipped keeps its stderr line and exit code instead.
//
// "Checked" means selected by its config (include, exclude, file type):
// files left out by --shard or --new-from-rev were still selected, and a
// folder whose config is broken reports that instead.

// folderProbe watches the walk of one named folder for a selected file.
type folderProbe struct {
	loader *rules.Loader
	mu     sync.Mutex
	files  int  // regular files the walk found
	typed  int  // of those seen before one was chosen: of a type checked by default
	chosen bool // one of them is selected (or its config is broken)
}

// see looks at one file of the walk (absolute path); once a selected file
// is found, the rest cost nothing.
func (p *folderProbe) see(abs string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files++
	if p.chosen {
		return
	}
	supported := format.KindOf(abs) != format.KindNone && !strings.EqualFold(filepath.Ext(abs), ".toml")
	if supported {
		p.typed++
	}
	cfg, _ := p.loader.ConfigFor(abs)
	p.chosen = cfg == nil || cfg.Selects(abs, supported)
}

// problem is the error for folder (as given; absolute abs) when no file in
// it is checked, else "".
func (p *folderProbe) problem(abs string) string {
	if p.chosen {
		return ""
	}
	if p.files == 0 {
		return "nothing to check: the folder holds no files guardrail reads (links are not followed, and files ignored by .gitignore do not count)"
	}
	cfg, _ := p.loader.ConfigForDir(abs)
	if cfg == nil {
		return "" // its broken config is reported
	}
	globs, has := cfg.Include()
	var b strings.Builder
	b.WriteString("nothing checked: ")
	switch {
	case !has && p.typed > 0:
		b.WriteString("exclude leaves out every file in it that guardrail would check")
		return b.String()
	case !has:
		b.WriteString("none of its files is a type guardrail checks, and the config has no include to add others")
	default:
		fmt.Fprintf(&b, "no file in it matches the include globs %s", describeGlobs(globs))
		if base, one := oneBase(globs); one && !inside(abs, base) {
			fmt.Fprintf(&b, ", which match only files inside %s (include globs are relative to the folder of the config file that declares them)", folderName(base))
		}
	}
	if cfg.HasExclude() {
		b.WriteString(" (after exclude)")
	}
	return b.String()
}

// describeGlobs lists globs with the folder they resolve against:
// `"**/*.md", "docs/**" (relative to /repo)`, one folder per group.
func describeGlobs(globs []rules.ResolvedGlob) string {
	if len(globs) == 0 {
		return "[] (an empty include selects nothing)"
	}
	var groups []string
	for i := 0; i < len(globs); {
		j := i
		var q []string
		for ; j < len(globs) && globs[j].Base == globs[i].Base; j++ {
			q = append(q, fmt.Sprintf("%q", globs[j].Pattern))
		}
		groups = append(groups, fmt.Sprintf("%s (relative to %s)", strings.Join(q, ", "), folderName(globs[i].Base)))
		i = j
	}
	return strings.Join(groups, ", ")
}

// oneBase is the folder all globs resolve against, if they share one.
func oneBase(globs []rules.ResolvedGlob) (string, bool) {
	if len(globs) == 0 {
		return "", false
	}
	for _, g := range globs[1:] {
		if g.Base != globs[0].Base {
			return "", false
		}
	}
	return globs[0].Base, true
}

// inside reports whether folder abs is base or below it.
func inside(abs, base string) bool {
	rel, err := filepath.Rel(base, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// folderName shows a folder as displayPath does, with a trailing slash.
func folderName(abs string) string {
	d := displayPath(abs)
	if !strings.HasSuffix(d, "/") {
		d += "/"
	}
	return d
}
