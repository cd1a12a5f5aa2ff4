package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/cmd/guardrail/report"
	"github.com/guardrail-dev/guardrail/rules"
	"github.com/guardrail-dev/guardrail/workspace"
)

type checkFlags struct {
	format        string
	failOn        string
	minSeverity   string
	config        string
	fix           bool
	diff          bool
	stdinFilename string
	noColor       bool
	color         string // auto, always or never
	progress      bool
	maxFindings   int
	newFromRev    string
	newFromPatch  string
	shard         string
	// formatSet and progressSet: --format and --progress were given.
	formatSet, progressSet bool
	noCache                bool
}

// target is one file to check.
type target struct {
	display string // path as reported (as given, relative stays relative)
	abs     string
	stdin   bool
	named   bool   // a file named on the command line (not found by a walk)
	src     []byte // stdin content
	// tooLarge: stdin held more than the size limit (src is its start).
	tooLarge bool
	// ahead: the file is being read on another goroutine (read_ahead.go).
	ahead *readAhead
}

// checked is the outcome for one file.
type checked struct {
	file     report.File
	cfgErrs  []*rules.Error
	readErr  error
	maxSev   rules.Severity // of all the findings at least --min-severity
	skip     bool
	skipWhy  string // why a skipped file is not checked (when known)
	fixed    []byte // --fix/--diff: the fixed text, when it differs
	edits    []analysis.Fix
	nFixed   int
	original []byte
}

// check runs `guardrail check` with its parsed flags (checkCommand
// declares them) on paths.
func (a *app) check(f checkFlags, paths []string) (int, error) {
	formatSet := f.formatSet
	if f.maxFindings < 0 {
		return exitUsage, usagef("check: --max-findings must be 0 (no limit) or more, not %d", f.maxFindings)
	}
	switch f.format {
	case "text", "json", "sarif", "github":
	default:
		return exitUsage, usagef("check: unknown --format %q (want text, json, sarif or github)", f.format)
	}
	color, err := a.textColor(f)
	if err != nil {
		return exitUsage, err
	}
	var failOn rules.Severity
	if f.failOn == "never" {
		failOn = rules.SeverityOff
	} else if failOn, err = rules.ParseSeverity(f.failOn, false); err != nil {
		return exitUsage, usagef("check: --fail-on: %v (or never)", err)
	}
	minSev, err := rules.ParseSeverity(f.minSeverity, false)
	if err != nil {
		return exitUsage, usagef("check: --min-severity: %v", err)
	}
	if f.fix && f.diff {
		return exitUsage, usagef("check: --fix and --diff cannot be used together")
	}
	// --fix on stdin is a filter: the document, fixed or not, is all that
	// goes to stdout.
	fixStdin := f.fix && slices.Contains(paths, "-")
	if fixStdin && len(paths) > 1 {
		return exitUsage, usagef("check: --fix with - (stdin) writes the document to stdout; name no other path")
	}
	if fixStdin && formatSet {
		return exitUsage, usagef("check: --fix with - (stdin) writes the document to stdout; --format cannot be used with it")
	}
	if f.diff && formatSet {
		return exitUsage, usagef("check: --diff prints a unified diff; --format cannot be used with it")
	}
	if f.config != "" {
		if _, err := os.Stat(f.config); err != nil {
			return exitUsage, usagef("check: --config: %s", statProblem(f.config, err))
		}
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var sh *shard
	if f.shard != "" {
		if sh, err = parseShard(f.shard); err != nil {
			return exitUsage, err
		}
	}
	newOnly, err := loadNewFrom(f.newFromRev, f.newFromPatch)
	if err != nil {
		return exitUsage, err
	}

	relaxGCWhileLoading()
	loader := rules.NewLoader(rules.Options{ConfigFile: f.config, Cache: rulesCache(f.noCache)})
	ck := newChecker(loader)
	ck.maxSize = a.maxDocumentSize()
	ck.eager = a.eagerEngines
	defer endGC()
	ck.minSev, ck.maxFindings = minSev, f.maxFindings
	ck.newOnly = newOnly
	ck.progress = a.startProgress(f)
	defer ck.progress.stop()

	// Every path is looked at (and stdin read) before anything is
	// checked: a path that does not exist is a usage error, with no
	// output.
	stdinTargets := make([]target, len(paths))
	infos := make([]fs.FileInfo, len(paths))
	for i, p := range paths {
		if p == "-" {
			src, over, err := readAtMost(a.stdin, a.maxDocumentSize(), 0)
			if err != nil {
				return exitUsage, fmt.Errorf("reading stdin: %v", err)
			}
			name := f.stdinFilename
			display := name
			if display == "" {
				display = "<stdin>"
				name = "stdin.txt"
			}
			abs, _ := filepath.Abs(name)
			stdinTargets[i] = target{display: filepath.ToSlash(display), abs: abs, stdin: true, src: src, tooLarge: over}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return exitUsage, usagef("check: %s", statProblem(p, err))
		}
		infos[i] = info
	}
	ck.oneDocument = len(paths) == 1 && (infos[0] == nil || infos[0].Mode().IsRegular())

	// Targets stream from the walk to the checkers: the first file is
	// checked while the walk goes on. Each file is checked once (however
	// often it is named), and the report keeps the walk's order.
	var walkErrs []report.Error
	produce := func(emit func(target)) error {
		seen := fileSet{}
		for i, p := range paths {
			if p == "-" {
				if sh.has(stdinTargets[i].abs) {
					emit(stdinTargets[i])
				}
				continue
			}
			info := infos[i]
			if !info.IsDir() && !info.Mode().IsRegular() {
				// A link to /dev/zero, a FIFO: refused, never read.
				walkErrs = append(walkErrs, report.Error{Path: filepath.ToSlash(p), Message: notRegular(info.Mode()).Error(), Kind: report.ReadError})
				continue
			}
			if !info.IsDir() {
				abs, _ := filepath.Abs(p)
				if sh.has(abs) && !seen.dup(abs) {
					emit(target{display: filepath.ToSlash(p), abs: abs, named: true})
				}
				continue
			}
			probe := &folderProbe{loader: loader} // nothing_checked.go
			unread := len(walkErrs)
			err := workspace.Walk(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					walkErrs = append(walkErrs, report.Error{Path: filepath.ToSlash(path), Message: walkProblem(err), Kind: report.ReadError})
					return nil
				}
				if d.IsDir() || !d.Type().IsRegular() || isFixTemp(d.Name()) {
					return nil
				}
				abs, _ := filepath.Abs(path)
				probe.see(abs)
				if !sh.has(abs) || seen.dup(abs) {
					return nil
				}
				emit(target{display: filepath.ToSlash(path), abs: abs})
				return nil
			})
			if err != nil {
				return fmt.Errorf("walking %s: %v", p, err)
			}
			if len(walkErrs) == unread {
				// A folder named (or the default ".") in which nothing is
				// checked is an error; one not wholly read reports that.
				abs, _ := filepath.Abs(p)
				if msg := probe.problem(abs); msg != "" {
					walkErrs = append(walkErrs, report.Error{Path: filepath.ToSlash(p), Message: msg})
				}
			}
		}
		return nil
	}
	// The report is assembled as the results come, in the walk's order;
	// only what it shows is kept (a tree of 20,000 clean files keeps no
	// per-file state). A folder or file not read, a broken config and a
	// fix not written each make the exit code 2.
	res := &report.Result{}
	seenErr := map[string]bool{}
	seenWarn := map[string]bool{}
	failed := false
	maxSev := rules.SeverityOff
	var diffs bytes.Buffer
	filesFixed, issuesFixed := 0, 0
	var first *fileResult  // --fix on stdin: the one target
	var toFix []fileResult // written once every file is checked
	// Warnings and skipped-file notes wait until every file is checked:
	// until then stderr belongs to the progress line.
	var notes bytes.Buffer
	if err := ck.checkStream(produce, f.fix || f.diff, func(t target, r checked) {
		if first == nil {
			first = &fileResult{t, r}
		}
		for _, e := range r.cfgErrs {
			key := e.Error()
			if e.Warning {
				if !seenWarn[key] {
					seenWarn[key] = true
					pos := e.Pos
					pos.File = displayPath(pos.File)
					fmt.Fprintf(&notes, "%s: warning: %s\n", report.Clean(pos.String()), report.Clean(e.Msg))
				}
				continue
			}
			failed = true
			if !seenErr[key] {
				seenErr[key] = true
				res.Errors = append(res.Errors, report.Error{Path: displayPath(e.Pos.File), Line: e.Pos.Line, Column: e.Pos.Column, Message: e.Msg})
			}
		}
		if r.readErr != nil {
			res.Errors = append(res.Errors, report.Error{Path: t.display, Message: r.readErr.Error(), Kind: report.ReadError})
			failed = true
			return
		}
		if r.skip {
			if t.named && r.skipWhy != "" {
				// Named on purpose, skipped: say why, rather than a
				// silent "0 files".
				fmt.Fprintf(&notes, "%s: skipped: %s\n", report.Clean(t.display), r.skipWhy)
			}
			return
		}
		if r.fixed != nil {
			switch {
			case f.diff:
				writeDiff(&diffs, t.display, r.original, r.edits)
			case f.fix && t.stdin:
				// Written below, fixed or not.
			case f.fix:
				toFix = append(toFix, fileResult{t, r})
				return
			}
		}
		maxSev = maxOf(maxSev, r.maxSev)
		res.Files = append(res.Files, r.file)
	}); err != nil {
		return exitUsage, err
	}
	ck.progress.stop()
	a.stderr.Write(notes.Bytes())
	res.Errors = append(walkErrs, res.Errors...)
	failed = failed || len(walkErrs) > 0
	for _, x := range toFix {
		t, r := x.t, x.r
		if a.beforeFix != nil {
			a.beforeFix(t.abs)
		}
		if err := writeFileAtomic(t.abs, r.original, r.fixed); err != nil {
			res.Errors = append(res.Errors, report.Error{Path: t.display, Message: "not fixed: " + err.Error(), Kind: report.FixError})
			failed = true
			// Report what is still in the file.
			r.file, r.maxSev = shown(t.display, r.original, ck.findings(t, r.original), minSev, f.maxFindings)
		} else {
			filesFixed++
			issuesFixed += r.nFixed
		}
		maxSev = maxOf(maxSev, r.maxSev)
		res.Files = append(res.Files, r.file)
	}
	sort.SliceStable(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	// Configs that load but are not used by any file still get their
	// warnings shown above; warnings never change the exit code.

	if fixStdin {
		// The whole document, fixed or as it came, so that a filter
		// never loses text; errors (exit 2) go to stderr.
		t, doc := stdinTargets[0], stdinTargets[0].src
		if first != nil {
			t = first.t
			if r := first.r; r.fixed != nil && r.readErr == nil {
				doc = r.fixed
			}
		}
		a.stdout.Write(doc)
		if t.tooLarge {
			io.Copy(a.stdout, a.stdin)
		}
		if err := report.WriteErrors(a.stderr, res); err != nil {
			return exitUsage, err
		}
	} else if f.diff {
		io.Copy(a.stdout, &diffs)
	} else {
		opts := report.Options{Color: f.format == "text" && color, Version: version, AutomationID: sh.sarifID()}
		if f.format == "sarif" { // the only format that lists the rules
			opts.Rules = ck.ruleInfo()
		}
		var err error
		switch f.format {
		case "text":
			err = report.WriteText(a.stdout, res, opts)
		case "json":
			err = report.WriteJSON(a.stdout, res, opts)
		case "sarif":
			err = report.WriteSARIF(a.stdout, res, opts)
		case "github":
			err = report.WriteGitHub(a.stdout, res, opts)
		}
		if err != nil {
			return exitUsage, err
		}
	}
	if f.fix && filesFixed > 0 {
		fmt.Fprintf(a.stderr, "guardrail: fixed %d %s in %d %s\n", issuesFixed, plural(issuesFixed, "issue", "issues"), filesFixed, plural(filesFixed, "file", "files"))
	}
	if failed {
		return exitUsage, nil
	}
	if failOn != rules.SeverityOff && maxSev >= failOn {
		return exitFindings, nil
	}
	return exitOK, nil
}

// displayPath shows a config file's path relative to the current folder
// when it is below it (built-in packs and other paths as they are).
func displayPath(p string) string {
	if !filepath.IsAbs(p) {
		return filepath.ToSlash(p)
	}
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

// walkProblem says in a plain sentence why the walk could not read a
// folder (the error's path is reported beside it).
func walkProblem(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return "cannot read this folder: " + pe.Err.Error()
	}
	return err.Error()
}

// statProblem says in a plain sentence why path could not be opened.
func statProblem(path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("%s does not exist", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("%s cannot be read: permission denied", path)
	}
	return err.Error()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// checker checks files with per-config engines compiled once.
type checker struct {
	loader *rules.Loader
	// minSev and maxFindings pick the findings reported (--min-severity,
	// --max-findings).
	minSev      rules.Severity
	maxFindings int
	// newOnly, when set, keeps only the findings on changed lines
	// (--new-from-rev, --new-from-patch).
	newOnly *newFilter
	// progress hears of each file checked (nil: no progress line).
	progress *progress
	// maxSize is the largest document read, in bytes.
	maxSize int
	// eager compiles an engine even for a file with nothing to check
	// (nothing_to_check.go; tests compare the two paths).
	eager bool

	gcOnce sync.Once // restoreGC
	// oneDocument: the check is of one file (or stdin), which keeps the
	// relaxed GC to the end (gc.go).
	oneDocument bool
	// prefetch: the engine entry read ahead for a one-document check
	// (engine_prefetch.go).
	prefetch prefetchSlot

	mu      sync.Mutex
	engines map[string]*engineEntry // by rules.Config.Fingerprint
	// ruleSets are the rules of each engine's config, in the order
	// their engines were first asked for (ruleInfo).
	ruleSets [][]*rules.Rule
}

type engineEntry struct {
	once sync.Once
	done atomic.Bool // once has run
	eng  *analysis.Engine
	err  error
}

func newChecker(l *rules.Loader) *checker {
	return &checker{loader: l, maxSize: analysis.MaxDocumentSize, engines: map[string]*engineEntry{}}
}

func (c *checker) engine(cfg *rules.Config) (*analysis.Engine, error) {
	ent := c.entry(cfg)
	ent.once.Do(func() {
		cache := c.loader.Cache()
		ent.eng, ent.err = compileEngine(cache, cfg, c.takePrefetch(cache, cfg.Fingerprint()))
		ent.done.Store(true)
		c.restoreGC()
	})
	return ent.eng, ent.err
}

// entry returns cfg's engine entry, made (and its rules' metadata noted
// for the report) on first sight.
func (c *checker) entry(cfg *rules.Config) *engineEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	// One engine per distinct rule set, however many folders have it.
	ent := c.engines[cfg.Fingerprint()]
	if ent == nil {
		ent = &engineEntry{}
		c.engines[cfg.Fingerprint()] = ent
		c.ruleSets = append(c.ruleSets, cfg.Rules)
	}
	return ent
}

// compiled reports whether cfg's engine is built (or failed to build).
func (c *checker) compiled(cfg *rules.Config) bool {
	c.mu.Lock()
	ent := c.engines[cfg.Fingerprint()]
	c.mu.Unlock()
	return ent != nil && ent.done.Load()
}

func (c *checker) ruleInfo() map[string]report.RuleInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 1
	for _, rs := range c.ruleSets {
		n += len(rs)
	}
	out := make(map[string]report.RuleInfo, n)
	for _, rs := range c.ruleSets {
		for _, r := range rs {
			if _, ok := out[r.ID]; !ok { // the first config's rule of an id
				out[r.ID] = report.RuleInfo{Message: r.Message, Rationale: r.Rationale, Link: r.Link, Severity: r.Severity, Approved: r.Approved}
			}
		}
	}
	out[analysis.UnusedSuppressionRule] = report.RuleInfo{
		Message:   "A suppression comment that suppresses nothing.",
		Rationale: "Remove suppression comments that no longer suppress a finding, or fix the rule ids they name.",
		Severity:  rules.SeverityHint,
	}
	return out
}

// notSelected says why the config does not select a file of this kind.
func notSelected(kind format.Kind) string {
	if kind == format.KindNone {
		return "not a file type guardrail checks unless the config's include lists it (it is then checked as plain text)"
	}
	return "the config's include or exclude leaves it out"
}

// fileResult is a target and what checking it found.
type fileResult struct {
	t target
	r checked
}

// checkStream checks the targets produce emits on all cores while produce
// is still finding them (a walk streams: the first file is checked before
// the last is found). done is called once per target, in the order
// produce emitted them, from the calling goroutine, as soon as that
// target and every one before it are checked: the output is the same
// whatever the number of cores, and done is where progress can be shown.
// The error is produce's, once every emitted target is done. A check of
// one document runs on the calling goroutine instead (checkInline).
func (c *checker) checkStream(produce func(emit func(target)) error, fix bool, done func(target, checked)) error {
	type job struct {
		i int
		t target
	}
	type result struct {
		job
		r checked
	}
	if c.oneDocument {
		return c.checkInline(produce, fix, done) // check_inline.go
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job, 4*workers)
	results := make(chan result, 4*workers)
	var perr error
	go func() {
		defer close(jobs)
		n := 0
		perr = produce(func(t target) {
			jobs <- job{n, t}
			n++
		})
		c.progress.setTotal(n)
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := c.checkOne(j.t, fix)
				c.progress.fileDone()
				results <- result{j, r}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	// Results come in any order; they are handed on in the emitted order.
	pending := map[int]result{}
	next := 0
	for res := range results {
		pending[res.i] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			done(r.t, r.r)
			next++
		}
	}
	return perr
}

// prepare finds a target's config, engine and kind; skip when the target
// is not checked.
func (c *checker) prepare(t target, src []byte) (eng *analysis.Engine, doc analysis.Document, cfgErrs []*rules.Error, skip bool) {
	cfg, doc, cfgErrs, skip := c.selectDoc(t, src)
	if skip {
		return nil, doc, cfgErrs, true
	}
	eng, err := c.engine(cfg)
	if err != nil {
		return nil, doc, append(cfgErrs, &rules.Error{Pos: rules.Position{File: t.display}, Msg: err.Error()}), true
	}
	return eng, doc, cfgErrs, false
}

// selectDoc finds a target's config and kind; skip when the target is not
// checked.
func (c *checker) selectDoc(t target, src []byte) (cfg *rules.Config, doc analysis.Document, cfgErrs []*rules.Error, skip bool) {
	cfg, errs := c.loader.ConfigFor(t.abs)
	if cfg == nil {
		return nil, doc, errs, true
	}
	cfgErrs = cfg.Warnings
	kind := format.KindOf(t.abs)
	if t.stdin && kind == format.KindNone && !strings.EqualFold(filepath.Ext(t.abs), ".toml") {
		kind = format.KindText
	}
	if !cfg.Selects(t.abs, kind != format.KindNone) {
		return nil, doc, cfgErrs, true
	}
	if kind == format.KindNone {
		kind = format.KindText // included explicitly by the config
	}
	if format.IsBinary(src) {
		return nil, doc, cfgErrs, true
	}
	return cfg, analysis.Document{Path: t.abs, RelPath: cfg.RelPath(t.abs), Text: src, Kind: kind}, cfgErrs, false
}

// engineAndScope returns cfg's engine and doc scoped (nil: scope it when
// checking). While the engine is still being compiled — the first file of
// a run — the document is scoped on another core meanwhile, and a large
// one's parts are checked as they are scoped once the engine has come
// (analysis.StartScope), split where plan (nil: none) says if it was made
// for doc.
//
// A nil engine with no error: doc has no text a rule could match and
// cfg's engine is not compiled (nothing_to_check.go).
func (c *checker) engineAndScope(cfg *rules.Config, doc analysis.Document, plan *analysis.Plan) (*analysis.Engine, *analysis.Prescoped, error) {
	if c.compiled(cfg) {
		eng, err := c.engine(cfg)
		return eng, nil, err
	}
	if sc, nothing := c.nothingToCheck(cfg, doc); nothing {
		return nil, nil, nil
	} else if sc != nil {
		eng, err := c.engine(cfg)
		return eng, sc, err
	}
	sc := analysis.StartScopePlanned(doc, analysis.ConfigOptions(cfg), plan)
	eng, err := c.engine(cfg)
	return eng, sc, err
}

func (c *checker) findings(t target, src []byte) []analysis.Finding {
	eng, doc, _, skip := c.prepare(t, src)
	if skip {
		return nil
	}
	found := eng.Check(doc)
	if c.newOnly != nil {
		rs, _ := c.newOnly.changed(t.abs)
		found = keepNew(found, lineSpans(src, rs))
	}
	return found
}

func (c *checker) checkOne(t target, fix bool) checked {
	var r checked
	src := t.src
	if !t.stdin {
		// Find the config first: an excluded file is not even read.
		cfg, errs := c.loader.ConfigFor(t.abs)
		if cfg == nil {
			r.cfgErrs, r.skip = errs, true
			return r
		}
		kind := format.KindOf(t.abs)
		if !cfg.Selects(t.abs, kind != format.KindNone) {
			r.cfgErrs, r.skip, r.skipWhy = cfg.Warnings, true, notSelected(kind)
			return r
		}
		if c.newOnly != nil {
			if _, inDiff := c.newOnly.changed(t.abs); !inDiff {
				// Not changed: nothing in it is new, so it is not read.
				r.cfgErrs, r.skip = cfg.Warnings, true
				if t.named {
					r.skipWhy = "not changed in the diff (--new-from-rev, --new-from-patch)"
				}
				return r
			}
		}
		var err error
		if src, err = c.readTarget(t); err != nil {
			r.readErr = err
			return r
		}
	}
	if t.tooLarge {
		r.readErr = fmt.Errorf("too large to check: more than %s", sizeText(c.maxSize))
		return r
	}
	cfg, doc, cfgErrs, skip := c.selectDoc(t, src)
	r.cfgErrs = cfgErrs
	if skip {
		r.skip = true
		if format.IsBinary(src) {
			r.skipWhy = "a binary file"
		}
		return r
	}
	eng, sc, err := c.engineAndScope(cfg, doc, t.plan())
	if err != nil {
		r.cfgErrs = append(r.cfgErrs, &rules.Error{Pos: rules.Position{File: t.display}, Msg: err.Error()})
		r.skip = true
		return r
	}
	var found []analysis.Finding
	if eng != nil { // nil: nothing in doc to check (engineAndScope)
		found = eng.CheckPrescoped(doc, sc)
	}
	var spans []span
	if c.newOnly != nil {
		rs, _ := c.newOnly.changed(t.abs)
		spans = lineSpans(src, rs)
		found = keepNew(found, spans)
	}
	if !fix {
		r.file, r.maxSev = shown(t.display, src, found, c.minSev, c.maxFindings)
		return r
	}
	// Apply the preferred replacement of every finding that has one, once;
	// a fix that overlaps an earlier one waits for the next run
	// (analysis.SelectFixes). Then report what remains.
	edits := analysis.SelectFixes(src, found)
	if len(edits) > 0 {
		next := analysis.Apply(src, edits)
		r.nFixed = len(edits)
		r.original, r.fixed, r.edits = src, next, edits
		doc.Text = next
		src, found = next, eng.Check(doc)
		if c.newOnly != nil {
			found = keepNew(found, shiftSpans(spans, edits))
		}
	}
	r.file, r.maxSev = shown(t.display, src, found, c.minSev, c.maxFindings)
	return r
}
