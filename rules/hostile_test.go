package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// Hostile inputs: a repository's config and packs must not make loading
// cost more than the files they hold (see SECURITY.md, "Bounded work").

// writeLattice writes a lattice of packs: the config extends both packs of
// level 0, and each pack of level k extends both packs of level k+1, down
// to level depth-1. It has 2*depth+1 files but 2^depth paths.
func writeLattice(t testing.TB, root string, depth int) string {
	files := map[string]string{".git/": ""}
	files[".guardrail.toml"] = `extends = ["l0a.toml", "l0b.toml"]` + "\n"
	for k := 0; k < depth; k++ {
		for _, s := range []string{"a", "b"} {
			text := ""
			if k+1 < depth {
				text = fmt.Sprintf("extends = [\"l%da.toml\", \"l%db.toml\"]\n", k+1, k+1)
			}
			text += rule(fmt.Sprintf("l%d%s", k, s))
			files[fmt.Sprintf("l%d%s.toml", k, s)] = text
		}
	}
	testutil.WriteTree(t, root, files)
	return filepath.Join(root, "doc.md")
}

// TestHostileExtendsLattice: a lattice of packs 26 deep (2^26 paths) costs
// its 53 files: each read and expanded once.
func TestHostileExtendsLattice(t *testing.T) {
	for _, depth := range []int{16, 26} {
		root := tempRoot(t)
		doc := writeLattice(t, root, depth)
		var mu sync.Mutex
		reads := map[string]int{}
		l := NewLoader(Options{NoUserConfig: true, ReadFile: func(p string) ([]byte, error) {
			mu.Lock()
			reads[p]++
			mu.Unlock()
			return os.ReadFile(p)
		}})
		var cfg *Config
		var errs []*Error
		testutil.Bounded(t, fmt.Sprintf("lattice depth %d", depth), 20*time.Second, func() {
			cfg, errs = l.ConfigFor(doc)
		})
		if cfg == nil {
			t.Fatalf("depth %d: %v", depth, errs)
		}
		files := 2*depth + 1
		if len(cfg.Rules) != 2*depth {
			t.Errorf("depth %d: %d rules, want %d", depth, len(cfg.Rules), 2*depth)
		}
		for p, n := range reads {
			if n > 1 {
				t.Errorf("depth %d: %s read %d times", depth, p, n)
			}
		}
		if n := l.expansions.Load(); n > int64(files) {
			t.Errorf("depth %d: %d pack expansions for %d files, want each file expanded once", depth, n, files)
		}
	}
}

// TestHostilePackCap: an extends glob that picks up more than MaxPacks
// packs is a config error naming the first pack beyond the cap, at the
// extends entry.
func TestHostilePackCap(t *testing.T) {
	root := tempRoot(t)
	files := map[string]string{".git/": "", ".guardrail.toml": "extends = [\"packs/*.toml\"]\n"}
	for i := 0; i <= MaxPacks; i++ {
		files[fmt.Sprintf("packs/p%04d.toml", i)] = rule(fmt.Sprintf("p%04d", i))
	}
	testutil.WriteTree(t, root, files)
	l := NewLoader(Options{NoUserConfig: true})
	errs := configErrs(t, l, filepath.Join(root, "doc.md"))
	found := false
	for _, e := range errs {
		if strings.Contains(e.Msg, "more than 1000 packs") {
			found = true
			if e.Pos.File != filepath.Join(root, ".guardrail.toml") || e.Pos.Line != 1 || !strings.Contains(e.Msg, "p1000.toml") {
				t.Errorf("cap error at %s: %s; want at the extends entry, naming p1000.toml", e.Pos, e.Msg)
			}
		}
	}
	if !found {
		t.Fatalf("no pack-cap error in %v", errs)
	}
	// At the cap itself, the config loads.
	if err := os.Remove(filepath.Join(root, "packs/p1000.toml")); err != nil {
		t.Fatal(err)
	}
	l = NewLoader(Options{NoUserConfig: true})
	if c := mustConfig(t, l, filepath.Join(root, "doc.md")); len(c.Rules) != MaxPacks {
		t.Errorf("%d rules, want %d", len(c.Rules), MaxPacks)
	}
}

// extendsGraph decodes fuzz input as a graph of packs: data[0] gives the
// number of packs (1..12), then each byte gives, as bits, some edges of
// one pack, in turn. Pack 0 is the .guardrail.toml.
func extendsGraph(data []byte) [][]int {
	if len(data) == 0 {
		return [][]int{nil}
	}
	n := 1 + int(data[0])%12
	g := make([][]int, n)
	bit := 0
	for _, by := range data[1:] {
		for k := 0; k < 8; k++ {
			if by&(1<<k) != 0 {
				from, to := (bit/n)%n, bit%n
				if !containsInt(g[from], to) {
					g[from] = append(g[from], to)
				}
			}
			bit++
		}
	}
	return g
}

func containsInt(list []int, x int) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func packName(i int) string {
	if i == 0 {
		return ConfigFileName
	}
	return fmt.Sprintf("p%d.toml", i)
}

// FuzzExtendsGraph loads random extends graphs: each file is read and
// expanded at most once (work ∝ files, whatever the number of paths), and
// every cycle reachable from the config is named by an error that lists
// packs of that cycle.
func FuzzExtendsGraph(f *testing.F) {
	f.Add([]byte{3, 0b0110, 0b1000})         // a chain
	f.Add([]byte{2, 0b1110})                 // a cycle through the config
	f.Add([]byte{5, 0xff, 0xff, 0xff, 0xff}) // everything extends everything
	f.Add([]byte{11, 0x5a, 0xa5, 0x33, 0xcc, 0x0f, 0xf0, 0x99, 0x66, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64 {
			return
		}
		g := extendsGraph(data)
		root := tempRoot(t)
		files := map[string]string{".git/": ""}
		for i, out := range g {
			var ext []string
			for _, j := range out {
				ext = append(ext, fmt.Sprintf("%q", packName(j)))
			}
			text := ""
			if len(ext) > 0 {
				text = "extends = [" + strings.Join(ext, ", ") + "]\n"
			}
			files[packName(i)] = text + rule(fmt.Sprintf("r%d", i))
		}
		testutil.WriteTree(t, root, files)
		var mu sync.Mutex
		reads := map[string]int{}
		l := NewLoader(Options{NoUserConfig: true, ReadFile: func(p string) ([]byte, error) {
			mu.Lock()
			reads[p]++
			mu.Unlock()
			return os.ReadFile(p)
		}})
		cfg, errs := l.ConfigFor(filepath.Join(root, "doc.md"))
		for p, n := range reads {
			if n > 1 {
				t.Errorf("%s read %d times", p, n)
			}
		}
		if n := l.expansions.Load(); n > int64(len(g)) {
			t.Errorf("%d expansions for %d files", n, len(g))
		}
		// reach[i][j]: j reachable from i in one or more steps.
		n := len(g)
		reach := make([][]bool, n)
		for i := range reach {
			reach[i] = make([]bool, n)
			for _, j := range g[i] {
				reach[i][j] = true
			}
		}
		for k := 0; k < n; k++ {
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if reach[i][k] && reach[k][j] {
						reach[i][j] = true
					}
				}
			}
		}
		var cycleMsgs []string
		for _, e := range errs {
			if strings.Contains(e.Msg, "extends cycle") {
				cycleMsgs = append(cycleMsgs, e.Msg)
			}
		}
		for v := 0; v < n; v++ {
			if !reach[v][v] || !(v == 0 || reach[0][v]) {
				continue
			}
			named := false
			for _, m := range cycleMsgs {
				for w := 0; w < n && !named; w++ {
					// w in v's cycle (strongly connected component)
					if (w == v || reach[v][w] && reach[w][v]) && strings.Contains(m, packName(w)) {
						named = true
					}
				}
			}
			if !named {
				t.Errorf("%s is on a cycle, but no error names it or its cycle: %v (graph %v)", packName(v), cycleMsgs, g)
			}
		}
		if cfg != nil && len(cycleMsgs) > 0 {
			t.Errorf("a config loaded despite cycles %v", cycleMsgs)
		}
	})
}

// TestHostileConfigFiles: config and pack files that are not regular files
// or are too large are errors naming the file, never a hang or a huge read.
func TestHostileConfigFiles(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"fifo/.git/":               "",
		"packfifo/.git/":           "",
		"packfifo/.guardrail.toml": "extends = [\"p.toml\"]\n",
		"big/.git/":                "",
		"user/":                    "",
	})
	mkfifo(t, filepath.Join(root, "fifo", ConfigFileName))
	mkfifo(t, filepath.Join(root, "packfifo", "p.toml"))
	big := "# " + strings.Repeat("x", 1<<20) + "\n"
	testutil.WriteTree(t, root, map[string]string{"big/.guardrail.toml": strings.Repeat(big, 17) + rule("big.one")})

	cases := []struct {
		name, doc, configFile, want string
	}{
		{"a .guardrail.toml that is a FIFO", "fifo/doc.md", "", "a named pipe (FIFO), not a regular file"},
		{"a pack that is a FIFO", "packfifo/doc.md", "", "a named pipe (FIFO), not a regular file"},
		{"a 17 MiB config", "big/doc.md", "", "larger than 16 MiB, the limit for config and pack files (set GUARDRAIL_MAX_CONFIG_SIZE to raise it)"},
		{"--config /dev/zero", "big/doc.md", "/dev/zero", "a device, not a regular file"},
		{"--config a folder", "big/doc.md", filepath.Join(root, "user"), "a folder, not a file"},
	}
	for _, c := range cases {
		l := NewLoader(Options{NoUserConfig: true, ConfigFile: c.configFile})
		var errs []*Error
		var cfg *Config
		testutil.Bounded(t, c.name, 10*time.Second, func() { cfg, errs = l.ConfigFor(filepath.Join(root, c.doc)) })
		if cfg != nil || len(errs) == 0 || !strings.Contains(errs[0].Msg, c.want) || errs[0].Pos.File == "" {
			t.Errorf("%s: cfg %v, errs %v; want an error naming the file: %s", c.name, cfg != nil, errs, c.want)
		}
	}

	// The environment variable sets the cap (a 1.5 MiB config here, to
	// keep the test quick).
	testutil.WriteTree(t, root, map[string]string{"mid/.git/": "", "mid/.guardrail.toml": strings.Repeat(big, 1) + strings.Repeat("#\n", 1<<18) + rule("mid.one")})
	t.Setenv(MaxConfigSizeEnv, "1M")
	if _, errs := NewLoader(Options{NoUserConfig: true}).ConfigFor(filepath.Join(root, "mid/doc.md")); len(errs) == 0 || !strings.Contains(errs[0].Msg, "larger than 1 MiB") {
		t.Errorf("GUARDRAIL_MAX_CONFIG_SIZE=1M: %v, want the 1.5 MiB config refused", errs)
	}
	t.Setenv(MaxConfigSizeEnv, "2M")
	if c := mustConfig(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "mid/doc.md")); c.Rule("mid.one") == nil {
		t.Error("GUARDRAIL_MAX_CONFIG_SIZE=2M should let the 1.5 MiB config load")
	}
}

// TestHostileUserConfigUnreachable: a user config that cannot be read (a
// folder, a FIFO, a path through a file) is a warning, and the documents
// are still checked with the other configs or the default packs.
func TestHostileUserConfigUnreachable(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.git/":           "",
		"repo/.guardrail.toml": rule("repo.one"),
		"plain/":               "",
		"dir/config.toml/":     "",
		"file":                 "x",
	})
	mkfifo(t, filepath.Join(root, "fifo.toml"))
	for _, user := range []string{
		filepath.Join(root, "dir/config.toml"),
		filepath.Join(root, "fifo.toml"),
		filepath.Join(root, "file/guardrail/config.toml"),
	} {
		l := NewLoader(Options{UserConfig: user})
		var c *Config
		var errs []*Error
		testutil.Bounded(t, user, 10*time.Second, func() { c, errs = l.ConfigFor(filepath.Join(root, "repo/doc.md")) })
		if c == nil || c.Rule("repo.one") == nil {
			t.Errorf("user config %s: every file unchecked: %v", user, errs)
			continue
		}
		d := mustConfig(t, l, filepath.Join(root, "plain/doc.md"))
		if !d.Default {
			t.Errorf("user config %s: a folder without config should get the default packs", user)
		}
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// TestHostileManyFolders: 10,000 folders under one config share one
// Config (its rules merged once), with discovery or with --config, and
// cost little memory each.
func TestHostileManyFolders(t *testing.T) {
	n := 10000
	if raceEnabled {
		n = 1000 // and memory is not measured
	}
	root := tempRoot(t)
	files := map[string]string{".git/": "", ".guardrail.toml": "extends = [\"builtin:sre-messaging\"]\n" + rule("top.one")}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("d%05d/", i)] = ""
	}
	testutil.WriteTree(t, root, files)
	for _, configFile := range []string{"", filepath.Join(root, ConfigFileName)} {
		l := NewLoader(Options{NoUserConfig: true, ConfigFile: configFile})
		var first *Config
		peak, _ := testutil.PeakHeap(func() {
			for i := 0; i < n; i++ {
				c := mustConfig(t, l, filepath.Join(root, fmt.Sprintf("d%05d/a.md", i)))
				if first == nil {
					first = c
				} else if c != first {
					t.Fatalf("--config %q: folder %d has a Config of its own", configFile, i)
				}
			}
		})
		if e := l.expansions.Load(); e > 3 {
			t.Errorf("--config %q: %d pack expansions for %d folders", configFile, e, n)
		}
		t.Logf("--config %q: %d folders, peak heap %d KB", configFile, n, peak>>10)
		if peak > 64<<20 && !raceEnabled {
			t.Errorf("--config %q: %d folders took a peak of %d MB", configFile, n, peak>>20)
		}
	}
}

// TestFingerprint: configs with the same effective rules share a
// fingerprint, whatever their folder, root or include/exclude; a change
// of severity or of a rule's text gives another.
func TestFingerprint(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.git/":                "",
		"repo/.guardrail.toml":      rule("a.one"),
		"repo/sub/.guardrail.toml":  "exclude = [\"x.md\"]\n",
		"repo/sev/.guardrail.toml":  "[severity]\n\"a.one\" = \"error\"\n",
		"repo/same/.guardrail.toml": "[severity]\n\"a.one\" = \"warning\"\n",
		"other/.git/":               "",
		"other/.guardrail.toml":     rule("a.one", `message = "other"`),
		"plain1/":                   "",
		"plain2/":                   "",
	})
	l := NewLoader(Options{NoUserConfig: true})
	fp := func(dir string) string { return mustConfig(t, l, filepath.Join(root, dir, "a.md")).Fingerprint() }
	top := fp("repo")
	if top == "" || fp("repo/sub") != top || fp("repo/same") != top {
		t.Error("configs with the same rules should share a fingerprint")
	}
	if fp("repo/sev") == top || fp("other") == top {
		t.Error("a different severity or message must change the fingerprint")
	}
	if fp("plain1") != fp("plain2") {
		t.Error("two folders with the default packs should share a fingerprint")
	}
	// Editing the file changes it.
	if err := os.WriteFile(filepath.Join(root, "repo/.guardrail.toml"), []byte(rule("a.one", `message = "edited"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	l.Invalidate()
	if fp("repo") == top {
		t.Error("editing the rule must change the fingerprint")
	}
}

// TestHostileSeverityKeys: a [severity] table of 100,000 unknown rule ids
// (or very long ones) loads quickly, with at most 101 warnings.
func TestHostileSeverityKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString("extends = [\"builtin:sre-messaging\"]\n[severity]\n")
	keys := 100000
	if raceEnabled {
		keys = 10000
	}
	for i := 0; i < keys; i++ {
		fmt.Fprintf(&b, "\"sre.access-claim%d\" = \"off\"\n", i)
	}
	fmt.Fprintf(&b, "\"%s\" = \"off\"\n", strings.Repeat("x", 1<<20))
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{".git/": "", ".guardrail.toml": b.String()})
	l := NewLoader(Options{NoUserConfig: true})
	var c *Config
	testutil.Bounded(t, "100,000 [severity] keys", 20*time.Second, func() { c = mustConfig(t, l, filepath.Join(root, "doc.md")) })
	if n := len(c.Warnings); n > 101 || n < 100 {
		t.Errorf("%d warnings, want 100 and a summary", n)
	}
	if last := c.Warnings[len(c.Warnings)-1].Msg; !strings.Contains(last, "more unknown rule ids") {
		t.Errorf("last warning %q, want a summary", last)
	}
}

// TestHostileScopeGlobs: more than MaxScopeGlobs include and exclude globs
// is a config error naming the file (every document is matched against
// every glob).
func TestHostileScopeGlobs(t *testing.T) {
	root := tempRoot(t)
	many := func(n int) string {
		var b strings.Builder
		b.WriteString("exclude = [")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "\"x%d/**\", ", i)
		}
		b.WriteString("]\n")
		return b.String()
	}
	testutil.WriteTree(t, root, map[string]string{
		"ok/.git/": "", "ok/.guardrail.toml": many(MaxScopeGlobs),
		"big/.git/": "", "big/.guardrail.toml": many(MaxScopeGlobs + 1),
	})
	l := NewLoader(Options{NoUserConfig: true})
	mustConfig(t, l, filepath.Join(root, "ok/doc.md"))
	errs := configErrs(t, l, filepath.Join(root, "big/doc.md"))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "more than 1000 include and exclude globs") || errs[0].Pos.File != filepath.Join(root, "big", ConfigFileName) {
		t.Errorf("errs = %v", errs)
	}
}
