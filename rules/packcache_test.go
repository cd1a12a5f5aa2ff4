package rules

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// cachePack is a config of n rules that uses every field the codec
// writes: [pack], extends, include/exclude, [severity], examples, kinds,
// contexts, scopes, files, when/unless, patterns.
func cachePack(n int) string {
	var b strings.Builder
	b.WriteString(`root = true
extends = ["builtin:plain-language"]
include = ["**/*.md", "docs/**"]
exclude = []
front_matter = ["title", "summary"]

[pack]
name = "cache-test"
description = "every field"
version = "1.2.3"
kind = "claim"

[severity]
"c.r00001" = "error"
"plain.utilize" = "off"
`)
	for i := range n {
		fmt.Fprintf(&b, "\n[[rule]]\nid = \"c.r%05d\"\nmessage = \"Say '{approved}', not '{match}' (%d).\"\nrestricted = [\"restricted phrase %d\", \"other %d\"]\napproved = [\"approved %d\"]\n", i, i, i, i, i)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "severity = \"info\"\nkind = \"term\"\ncontext = \"clause\"\nwhen = [\"SRE\"]\nunless = [\"Azure\"]\nfiles = [\"docs/**\"]\nscopes = [\"prose\", \"strings\"]\nrationale = \"because %d\"\nlink = \"https://example.com/%d\"\n", i, i)
		case 1:
			fmt.Fprintf(&b, "patterns = ['\\bcall(s|ed)? r%d\\b']\ncase_sensitive = true\ncontext = 5\nfix = \"suggest\"\n", i)
		case 2:
			fmt.Fprintf(&b, "inflect = true\n\n[[rule.example]]\nbad = \"We say restricted phrase %d.\"\ngood = \"We say approved %d.\"\n\n[[rule.example]]\nbad = \"x\"\nfile = \"a.go\"\n", i, i)
		}
	}
	return b.String()
}

func mustParse(t testing.TB, path, src string) *Pack {
	t.Helper()
	p, errs := ParsePack(path, []byte(src))
	if p == nil || len(errs) > 0 {
		t.Fatalf("parse %s: %v", path, errs)
	}
	return p
}

// TestPackCodecRoundTrip: a decoded pack is deeply equal to the parsed
// one, for packs that use every field and for the built-in packs without
// templates.
func TestPackCodecRoundTrip(t *testing.T) {
	packs := map[string]*Pack{
		"every field": mustParse(t, "/p/.guardrail.toml", cachePack(12)),
		"empty":       mustParse(t, "/p/empty.toml", ""),
	}
	for _, name := range BuiltinNames() {
		data, err := builtinFS.ReadFile("builtin/" + name + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		if p := mustParse(t, BuiltinPrefix+name, string(data)); p.Sets == nil {
			packs[name] = p
		}
	}
	for name, p := range packs {
		data, ok := encodePack(p)
		if !ok {
			t.Fatalf("%s: not encoded", name)
		}
		got, err := decodePack(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("%s: decoded pack differs from the parsed one", name)
		}
	}
}

// TestPackCodecRefusesTemplatesAndIgnores: a pack with [sets] or
// [ignore] patterns is never encoded.
func TestPackCodecRefusesTemplatesAndIgnores(t *testing.T) {
	p := mustParse(t, "/p/t.toml", "[sets]\nmodel = [\"GPT-4\", \"o3\"]\n\n[[rule]]\nid = \"t.x\"\nrestricted = [\"use {model}\"]\n")
	if _, ok := encodePack(p); ok {
		t.Error("a pack with templates was encoded")
	}
	p = mustParse(t, "/p/.guardrail.toml", "[ignore]\ntokens = ['\\{\\{[^}]*\\}\\}']\n\n[[rule]]\nid = \"t.x\"\nrestricted = [\"x\"]\n")
	if len(p.IgnoreTokens) != 1 {
		t.Fatalf("ignore tokens %v", p.IgnoreTokens)
	}
	if _, ok := encodePack(p); ok {
		t.Error("a pack with [ignore] patterns was encoded")
	}
}

// TestPackCodecCoversEveryField: the codec writes every field of the
// types it encodes. A new field fails this test until packcodec.go
// handles it (and the list below names it).
func TestPackCodecCoversEveryField(t *testing.T) {
	known := map[string]string{
		"Pack":             "Name Description Version Default Kind Path Extends ExtendsPos Include Exclude Root Severity Rules IsConfig configKeys Sets FrontMatter IgnoreTokens IgnoreBlocks",
		"Rule":             "ID Message Severity Restricted Approved Patterns CaseSensitive Inflect When Unless Files Scopes Rationale Link Examples Kind Context kindSet Fix Pos Pack Sets",
		"Example":          "Bad Good File Pos",
		"Position":         "File Line Column",
		"Context":          "Mode Words",
		"SeverityOverride": "Severity Pos",
		"configKey":        "name pos",
	}
	for _, v := range []any{Pack{}, Rule{}, Example{}, Position{}, Context{}, SeverityOverride{}, configKey{}} {
		typ := reflect.TypeOf(v)
		var names []string
		for i := range typ.NumField() {
			names = append(names, typ.Field(i).Name)
		}
		if got := strings.Join(names, " "); got != known[typ.Name()] {
			t.Errorf("%s has fields %q; the rules cache codec knows %q: update packcodec.go (encodePack, decodePack) and this list", typ.Name(), got, known[typ.Name()])
		}
	}
}

// cacheLoader loads dir's config through a cache in cacheDir.
func cacheLoader(cacheDir, id string) *Loader {
	return NewLoader(Options{NoUserConfig: true, Cache: newPackCache(cacheDir, id)})
}

func rulesOf(t *testing.T, l *Loader, dir string) []*Rule {
	t.Helper()
	cfg, errs := l.ConfigForDir(dir)
	if cfg == nil || len(errs) > 0 {
		t.Fatalf("config: %v", errs)
	}
	return cfg.Rules
}

func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "p-*.bin"))
	return m
}

// TestPackCacheNeverChangesResults: the rules loaded through a warm cache,
// a stale one (the file changed), and every kind of broken entry are the
// rules parsed without a cache; a broken entry is replaced.
func TestPackCacheNeverChangesResults(t *testing.T) {
	proj, cacheDir := t.TempDir(), t.TempDir()
	cfgPath := filepath.Join(proj, ConfigFileName)
	write := func(src string) {
		if err := os.WriteFile(cfgPath, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := cachePack(200)
	if len(src) < cacheMinSize {
		t.Fatalf("test pack of %d bytes is below the cache's minimum", len(src))
	}
	write(src)
	want := rulesOf(t, NewLoader(Options{NoUserConfig: true}), proj)

	if got := rulesOf(t, cacheLoader(cacheDir, "v1"), proj); !reflect.DeepEqual(got, want) {
		t.Fatal("cold cache: rules differ")
	}
	entries := cacheEntries(t, cacheDir)
	if len(entries) != 1 {
		t.Fatalf("%d cache entries after one large file, want 1", len(entries))
	}
	entry := entries[0]
	good, _ := os.ReadFile(entry)
	if got := rulesOf(t, cacheLoader(cacheDir, "v1"), proj); !reflect.DeepEqual(got, want) {
		t.Fatal("warm cache: rules differ")
	}

	// Another entry, sealed for another key.
	other := cachePack(150)
	otherPack := mustParse(t, cfgPath, other)
	payload, _ := encodePack(otherPack)
	var wrongKey [32]byte
	wrongKey[0] = 1
	// The right key and a valid hash over a payload that is not a pack.
	var key [32]byte
	copy(key[:], good[len(cacheMagic):])

	broken := map[string][]byte{
		"empty":            {},
		"truncated":        good[:len(good)/2],
		"one byte flipped": flip(good, len(good)-10),
		"magic flipped":    flip(good, 0),
		"another key":      sealEntry(wrongKey, payload),
		"garbage sealed":   sealEntry(key, []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")),
		"huge count":       sealEntry(key, []byte{0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}),
		"trailing bytes":   sealEntry(key, append(append([]byte(nil), good[sealSize:]...), 0)),
	}
	for name, data := range broken {
		if err := os.WriteFile(entry, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if got := rulesOf(t, cacheLoader(cacheDir, "v1"), proj); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rules differ", name)
		}
		if now, _ := os.ReadFile(entry); string(now) != string(good) {
			t.Errorf("%s: the broken entry was not replaced", name)
		}
	}

	// A folder where the entry should be: parsed, never read as a file.
	os.Remove(entry)
	os.Mkdir(entry, 0o700)
	if got := rulesOf(t, cacheLoader(cacheDir, "v1"), proj); !reflect.DeepEqual(got, want) {
		t.Error("folder at the entry: rules differ")
	}
	os.Remove(entry)

	// Stale: the file changed; the new text is what counts.
	write(other)
	want2 := rulesOf(t, NewLoader(Options{NoUserConfig: true}), proj)
	if reflect.DeepEqual(want, want2) {
		t.Fatal("test files give the same rules")
	}
	for _, pass := range []string{"cold", "warm"} {
		if got := rulesOf(t, cacheLoader(cacheDir, "v1"), proj); !reflect.DeepEqual(got, want2) {
			t.Errorf("changed file, %s: rules differ", pass)
		}
	}
	// Another binary does not read this binary's entries.
	n := len(cacheEntries(t, cacheDir))
	rulesOf(t, cacheLoader(cacheDir, "v2"), proj)
	if got := len(cacheEntries(t, cacheDir)); got != n+1 {
		t.Errorf("%d entries after a load by another binary, want %d", got, n+1)
	}
}

func flip(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	out[i] ^= 0x40
	return out
}

// TestPackCacheSmallAndBrokenFilesNotCached: small files and files with
// errors are parsed every time and never stored.
func TestPackCacheSmallAndBrokenFilesNotCached(t *testing.T) {
	proj, cacheDir := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(proj, ConfigFileName), []byte(cachePack(3)), 0o644)
	rulesOf(t, cacheLoader(cacheDir, "v1"), proj)
	bad := cachePack(200) + "\n[[rule]]\nid = \"BAD ID\"\n"
	os.WriteFile(filepath.Join(proj, ConfigFileName), []byte(bad), 0o644)
	if cfg, errs := cacheLoader(cacheDir, "v1").ConfigForDir(proj); cfg != nil || len(errs) == 0 {
		t.Fatalf("a broken config loaded: %v", errs)
	}
	if e := cacheEntries(t, cacheDir); len(e) != 0 {
		t.Errorf("entries %v, want none", e)
	}
}

// TestPackCacheConcurrentWriters: many writers and readers of the same
// and of other keys; a reader gets the whole pack or nothing.
func TestPackCacheConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	p := mustParse(t, "/p/a.toml", cachePack(100))
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newPackCache(dir, "v1")
			for i := range 20 {
				var key [32]byte
				key[0] = byte(i % 3)
				if w%2 == 0 {
					c.put(key, p)
				} else if got := c.get(key); got != nil && !reflect.DeepEqual(got, p) {
					t.Error("a reader got a pack that differs")
				}
			}
		}()
	}
	wg.Wait()
	left, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestPackCacheBounded: the folder never holds more than maxBytes after a
// write; the oldest entries go first.
func TestPackCacheBounded(t *testing.T) {
	dir := t.TempDir()
	c := newPackCache(dir, "v1")
	p := mustParse(t, "/p/a.toml", cachePack(100))
	payload, _ := encodePack(p)
	c.maxBytes = int64(5*len(payload) + 5*100)
	for i := range 20 {
		var key [32]byte
		key[0] = byte(i)
		c.put(key, p)
	}
	var total int64
	for _, e := range cacheEntries(t, dir) {
		info, _ := os.Stat(e)
		total += info.Size()
	}
	if total > c.maxBytes || total == 0 {
		t.Errorf("cache holds %d bytes, bound %d", total, c.maxBytes)
	}
	var last [32]byte
	last[0] = 19
	if c.get(last) == nil {
		t.Error("the newest entry was pruned")
	}
}

// TestOpenPackCacheOff: GUARDRAIL_NO_CACHE turns the cache off; a nil
// cache parses.
func TestOpenPackCacheOff(t *testing.T) {
	t.Setenv(NoCacheEnv, "1")
	if c := OpenPackCache("v"); c != nil {
		t.Error("cache on with GUARDRAIL_NO_CACHE=1")
	}
	t.Setenv(NoCacheEnv, "0")
	t.Setenv(CacheDirEnv, t.TempDir())
	if c := OpenPackCache("v"); c == nil {
		t.Error("cache off with GUARDRAIL_NO_CACHE=0")
	}
	var c *PackCache
	if p, errs := c.parse("/x.toml", []byte(okRule), [32]byte{}); p == nil || len(errs) > 0 {
		t.Errorf("nil cache: %v", errs)
	}
}

// FuzzDecodePack: any bytes decode to a pack or an error, never a panic;
// a pack decoded from them survives another round trip unchanged.
func FuzzDecodePack(f *testing.F) {
	for _, src := range []string{"", okRule, cachePack(4)} {
		p, _ := ParsePack("/p/.guardrail.toml", []byte(src))
		data, _ := encodePack(p)
		f.Add(data)
	}
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	// Word sets (the built-in packs' blobs): a small pack with sets.
	ps, _ := ParsePack("builtin:t", []byte("[sets]\nm = [\"GPT-4\", \"o(3|4)\"]\nn = [\"{m} model\"]\n\n[[rule]]\nid = \"t.x\"\nrestricted = [\"use [the] {n}\"]\napproved = [\"run {m}\"]\n"))
	if ps == nil || ps.Sets == nil {
		f.Fatal("the seed pack with sets does not parse")
	}
	withSets, _ := encodePackSets(ps, true)
	f.Add(withSets)
	f.Fuzz(func(t *testing.T, data []byte) {
		// With sets allowed: a pack or an error, and a stable round trip.
		if p, err := decodePackSets(data, true); err == nil {
			again, ok := encodePackSets(p, true)
			if !ok {
				t.Fatal("a decoded pack with sets is not encoded")
			}
			if p2, err := decodePackSets(again, true); err != nil || !reflect.DeepEqual(p2, p) {
				t.Fatalf("a decoded pack with sets changes in a round trip: %v", err)
			}
		}
		p, err := decodePack(data)
		if err != nil {
			return
		}
		if p.Sets != nil {
			t.Fatal("the cache's decoder returned word sets")
		}
		again, ok := encodePack(p)
		if !ok {
			t.Fatal("a decoded pack is not encoded")
		}
		if p2, err := decodePack(again); err != nil || !reflect.DeepEqual(p2, p) {
			t.Fatalf("a decoded pack changes in a round trip: %v", err)
		}
	})
}

// BenchmarkUnsealPack10000: reading a 10,000-rule config (as
// scripts/benchgen writes it) from its rules cache entry file, seal checked,
// what a warm `guardrail check` pays instead of BenchmarkParsePack10000.
//
//	go test ./rules -run '^$' -bench UnsealPack -count 6
func BenchmarkUnsealPack10000(b *testing.B) {
	var src strings.Builder
	src.WriteString("root = true\n")
	for i := range 10000 {
		fmt.Fprintf(&src, "\n[[rule]]\nid = \"bench.r%05d\"\nmessage = \"Use '{approved}' instead of '{match}'.\"\nrestricted = [\"phrase %d words\"]\napproved = [\"approved %d\"]\n", i, i, i)
	}
	p := mustParse(b, "/x/.guardrail.toml", src.String())
	payload, ok := encodePack(p)
	if !ok {
		b.Fatal("not encoded")
	}
	c := newPackCache(b.TempDir(), "bench")
	var key [32]byte
	entry := sealEntry(key, payload)
	if err := os.WriteFile(c.file(key), entry, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(entry)))
	b.ReportAllocs()
	for b.Loop() {
		if p := c.get(key); p == nil || len(p.Rules) != 10000 {
			b.Fatal("no pack")
		}
	}
}

// TestSealRefusesEveryFlip: flipping any bit of a sealed entry (header,
// checksums or payload), cutting it anywhere or adding a byte makes
// unsealBytes refuse it.
func TestSealRefusesEveryFlip(t *testing.T) {
	payload, ok := encodePack(mustParse(t, "/p/.guardrail.toml", cachePack(3)))
	if !ok {
		t.Fatal("not encoded")
	}
	var key [32]byte
	key[5] = 7
	good := sealEntry(key, payload)
	if got, err := unsealBytes(good, key); err != nil || string(got) != string(payload) {
		t.Fatalf("the good entry: %v", err)
	}
	for i := range good {
		for bit := range 8 {
			b := append([]byte(nil), good...)
			b[i] ^= 1 << bit
			if _, err := unsealBytes(b, key); err == nil {
				t.Fatalf("byte %d bit %d flipped: accepted", i, bit)
			}
		}
	}
	for n := range len(good) {
		if _, err := unsealBytes(good[:n], key); err == nil {
			t.Fatalf("cut to %d bytes: accepted", n)
		}
	}
	if _, err := unsealBytes(append(append([]byte(nil), good...), 0), key); err == nil {
		t.Fatal("a byte added: accepted")
	}

	// readSealed (what get reads entries with) agrees with unsealBytes.
	path := filepath.Join(t.TempDir(), "e.bin")
	check := func(name string, data []byte, max int64) {
		t.Helper()
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		want, werr := unsealBytes(data, key)
		if int64(len(data)) > max {
			werr = errCorrupt
		}
		got, ok := readSealed(path, max, key)
		if ok != (werr == nil) || ok && got != string(want) {
			t.Fatalf("%s: readSealed ok %v, unsealBytes %v", name, ok, werr)
		}
	}
	check("good", good, 1<<20)
	check("good at the limit", good, int64(len(good)))
	check("over the limit", good, int64(len(good)-1))
	for i := 0; i < len(good); i += 7 {
		b := append([]byte(nil), good...)
		b[i] ^= 0x10
		check(fmt.Sprintf("byte %d flipped", i), b, 1<<20)
	}
	for _, n := range []int{0, 10, sealSize - 1, sealSize, len(good) - 1} {
		check(fmt.Sprintf("cut to %d", n), good[:n], 1<<20)
	}
	var other [32]byte
	if _, ok := readSealed(path, 1<<20, other); ok {
		t.Error("another key: accepted")
	}
}

// TestLookupFile: a large file with an entry is found by its sum alone
// (and the sum is the file's SHA-256, as the fingerprint needs); a small
// file, one without an entry, one over the limit, a folder or a missing
// file are left to the caller's read.
func TestLookupFile(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	c := newPackCache(cacheDir, "v1")
	big := filepath.Join(dir, "big.toml")
	src := []byte(cachePack(200))
	if err := os.WriteFile(big, src, 0o644); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.toml")
	if err := os.WriteFile(small, []byte(okRule), 0o644); err != nil {
		t.Fatal(err)
	}
	max := int64(len(src))
	for name, path := range map[string]string{"no entry": big, "small": small, "missing": filepath.Join(dir, "none.toml"), "folder": dir} {
		if _, _, ok := c.lookupFile(path, max); ok {
			t.Errorf("%s: found", name)
		}
	}
	want, errs := c.parse(big, src, sha256.Sum256(src)) // writes the entry
	if want == nil || len(errs) > 0 {
		t.Fatal(errs)
	}
	p, sum, ok := c.lookupFile(big, max)
	if !ok || sum != sha256.Sum256(src) || !reflect.DeepEqual(p, want) {
		t.Fatalf("with its entry: ok %v, sum %x, same pack %v", ok, sum, reflect.DeepEqual(p, want))
	}
	if _, _, ok := c.lookupFile(big, max-1); ok {
		t.Error("over the limit: found")
	}
	var nilCache *PackCache
	if _, _, ok := nilCache.lookupFile(big, max); ok {
		t.Error("a nil cache found an entry")
	}
}

// TestPackCodecEmptyLists: an empty list decodes as empty, not nil (an
// empty include selects nothing; none selects the defaults), wherever it
// is. (A list of one-byte references that ends an entry: FuzzDecodePack's
// seed 8f94454dba81df2e.)
func TestPackCodecEmptyLists(t *testing.T) {
	p := &Pack{Name: "x", Path: "/p.toml", Include: []string{}, Exclude: []string{}, FrontMatter: []string{"x", "/p.toml"}}
	// FrontMatter: a new string and a reference.
	data, ok := encodePack(p)
	if !ok {
		t.Fatal("not encoded")
	}
	q, err := decodePack(data)
	if err != nil {
		t.Fatal(err)
	}
	if q.Include == nil || len(q.Include) != 0 || q.Exclude == nil || len(q.Exclude) != 0 {
		t.Errorf("empty lists decode as %#v, %#v", q.Include, q.Exclude)
	}
	if q.Extends != nil {
		t.Errorf("a nil list decodes as %#v", q.Extends)
	}
	if !reflect.DeepEqual(q.FrontMatter, p.FrontMatter) {
		t.Errorf("front matter %q, want %q", q.FrontMatter, p.FrontMatter)
	}
}
