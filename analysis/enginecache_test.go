package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// memStore is an EngineStore in memory.
type memStore struct {
	mu   sync.Mutex
	m    map[string][]byte
	gets int
}

func (s *memStore) GetBlob(kind, key string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets++
	return s.m[kind+"\x00"+key]
}

func (s *memStore) PutBlob(kind, key string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string][]byte{}
	}
	s.m[kind+"\x00"+key] = append([]byte(nil), data...)
}

// cacheRuleSets are rule sets with templates, shared pieces, patterns
// with and without literals, inflection and context terms.
func cacheRuleSets(t testing.TB) map[string][]*rules.Rule {
	sets := map[string][]*rules.Rule{}
	var all []*rules.Rule
	for _, n := range rules.BuiltinNames() {
		p, err := rules.Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		sets[n] = p.Rules
		all = append(all, p.Rules...)
	}
	sets["all builtin"] = all
	data, err := os.ReadFile("testdata/sre-messaging-1.0.0.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, errs := rules.ParsePack("sre-1.0.0.toml", data)
	if rules.HasErrors(errs) {
		t.Fatal(errs)
	}
	sets["sre 1.0.0"] = p.Rules
	// Case-only twins (caseonly.go), which the entry stores.
	p, errs = rules.ParsePack("twins.toml", []byte(`
[[rule]]
id = "t.units"
message = "Write units as approved."
restricted = ["gb", "mb", "Kubernetes cluster"]
approved = ["GB", "MB", "cluster"]
[[rule.example]]
bad = "It has 4 gb of memory and 512 mb of swap."
good = "It has 4 GB of memory and 512 MB of swap."
[[rule]]
id = "t.name"
message = "Write the name as approved."
restricted = ["github", "Git hub"]
approved = ["the site", "GitHub"]
[[rule.example]]
bad = "Push it to github or to Git hub."
good = "Push it to GitHub or to GitHub."
`))
	if rules.HasErrors(errs) {
		t.Fatal(errs)
	}
	sets["case twins"] = p.Rules
	return sets
}

// cacheCorpus is Markdown full of matches: every example of every rule
// set, and the sre corpus.
func cacheCorpus(t testing.TB, sets map[string][]*rules.Rule) []Document {
	var b strings.Builder
	for _, rs := range sets {
		for _, r := range rs {
			for _, ex := range r.Examples {
				fmt.Fprintf(&b, "%s\n\n%s\n\n", ex.Bad, ex.Good)
			}
		}
	}
	docs := []Document{{Path: "/p/examples.md", Text: []byte(b.String()), Kind: format.KindMarkdown}}
	files, _ := filepath.Glob("testdata/sre-corpus/*.md")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Document{Path: "/p/" + filepath.Base(f), Text: data, Kind: format.KindMarkdown})
	}
	return docs
}

func findingsOf(e *Engine, docs []Document) string {
	var b strings.Builder
	for _, d := range docs {
		for _, f := range e.Check(d) {
			fmt.Fprintf(&b, "%s %+v\n", d.Path, f)
		}
	}
	return b.String()
}

// TestEngineCacheRoundTrip: an engine read from its cache entry has the
// compiled engine's phrase index, entries, triggers and chains, and finds
// exactly what it finds.
func TestEngineCacheRoundTrip(t *testing.T) {
	sets := cacheRuleSets(t)
	docs := cacheCorpus(t, sets)
	for name, rs := range sets {
		want, err := Compile(rs)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeEngine(encodeEngine(want), rs, DefaultOptions)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got.phrases, want.phrases) {
			t.Errorf("%s: phrase index differs", name)
		}
		for what, pair := range map[string][2]any{
			"phrase entries":  {got.phraseEntries, want.phraseEntries},
			"trigger entries": {got.triggerEntries, want.triggerEntries},
			"trigger texts":   {got.triggerTexts, want.triggerTexts},
			"triggers":        {got.triggers, want.triggers},
			"set uses":        {got.setUses, want.setUses},
			"has files":       {got.hasFiles, want.hasFiles},
		} {
			if !reflect.DeepEqual(pair[0], pair[1]) {
				t.Errorf("%s: %s differ", name, what)
			}
		}
		if len(got.chains) != len(want.chains) {
			t.Fatalf("%s: %d chains, want %d", name, len(got.chains), len(want.chains))
		}
		for i := range got.chains {
			if got.chains[i].key != want.chains[i].key || got.chains[i].pt.src != want.chains[i].pt.src {
				t.Errorf("%s: chain %d differs", name, i)
			}
		}
		for i := range got.rules {
			g, w := got.rules[i], want.rules[i]
			if g.Rule != w.Rule || !reflect.DeepEqual(g.untriggered, w.untriggered) || len(g.regexes) != len(w.regexes) ||
				!reflect.DeepEqual(g.twin, w.twin) || !reflect.DeepEqual(g.caseOnly, w.caseOnly) {
				t.Errorf("%s: rule %s differs", name, g.ID)
			}
		}
		wf, gf := findingsOf(want, docs), findingsOf(got, docs)
		if gf != wf {
			t.Errorf("%s: findings differ", name)
		}
		if name == "all builtin" && strings.Count(wf, "\n") < 50 {
			t.Errorf("only %d findings on the corpus: the comparison proves little", strings.Count(wf, "\n"))
		}
		if name == "case twins" {
			twins := 0
			for _, cr := range want.rules {
				if cr.twin != nil {
					twins++
				}
			}
			if twins != 2 || strings.Count(wf, "\n") < 3 {
				t.Errorf("case twins: %d rules with twins, %d findings: the comparison proves little", twins, strings.Count(wf, "\n"))
			}
		}
	}
}

// TestCompileCached: the first compile stores an entry, the second reads
// it (and compiles no phrase), and a rule error is CompileWith's either
// way.
func TestCompileCached(t *testing.T) {
	rs := cacheRuleSets(t)["sre-messaging"]
	docs := cacheCorpus(t, map[string][]*rules.Rule{"sre": rs})
	want, _ := Compile(rs)
	st := &memStore{}
	cold, err := CompileCached(rs, DefaultOptions, st, "fp1")
	if err != nil || len(st.m) != 1 {
		t.Fatalf("cold: %v, %d entries", err, len(st.m))
	}
	warm, err := CompileCached(rs, DefaultOptions, st, "fp1")
	if err != nil {
		t.Fatal(err)
	}
	if warm.phrases == cold.phrases || !reflect.DeepEqual(warm.phrases, cold.phrases) {
		t.Error("the warm engine was not read from the entry")
	}
	w := findingsOf(want, docs)
	for _, e := range []*Engine{cold, warm} {
		if findingsOf(e, docs) != w {
			t.Error("findings differ from the plain compile")
		}
	}
	// An entry for other rules under the same key (a key that lies) is
	// refused by its shape and the rules are compiled.
	other := cacheRuleSets(t)["plain-language"]
	e, err := CompileCached(other, DefaultOptions, st, "fp1")
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := Compile(other)
	if !reflect.DeepEqual(e.phrases, pw.phrases) {
		t.Error("an entry of other rules was used")
	}

	// A rule the loader would refuse (a bad files glob), made by hand.
	r := *rs[0]
	r.Files = []string{"a/["}
	bad := []*rules.Rule{&r}
	_, want1 := CompileWith(bad, DefaultOptions)
	_, got1 := CompileCached(bad, DefaultOptions, st, "fp2")
	one, err := Compile(rs[:1])
	if err != nil {
		t.Fatal(err)
	}
	st.PutBlob(engineBlobKind, engineKey("fp3"), encodeEngine(one))
	_, got2 := CompileCached(bad, DefaultOptions, st, "fp3")
	if want1 == nil || got1 == nil || want1.Error() != got1.Error() {
		t.Errorf("error through the cache %v, want %v", got1, want1)
	}
	// With an entry there (for rules of the same shape), the error is
	// still the rules' own.
	if got2 == nil || got2.Error() != want1.Error() {
		t.Errorf("error through a warm entry %v, want %v", got2, want1)
	}
}

// TestCompileCachedFrom: an entry prefetched before its rules were known
// serves the rules it was stored for, with the findings of a plain
// compile; one stored under a key that lies (for other rules), or
// prefetched under another key, is not used; a rule error is
// CompileWith's.
func TestCompileCachedFrom(t *testing.T) {
	sets := cacheRuleSets(t)
	rs, other := sets["sre-messaging"], sets["plain-language"]
	docs := cacheCorpus(t, map[string][]*rules.Rule{"sre": rs, "other": other})
	st := &memStore{}
	if PrefetchEngine(st, "fp1") != nil {
		t.Fatal("a prefetch with no entry")
	}
	if _, err := CompileCached(rs, DefaultOptions, st, "fp1"); err != nil {
		t.Fatal(err)
	}
	pre := PrefetchEngine(st, "fp1")
	if pre == nil {
		t.Fatal("the entry was not prefetched")
	}
	gets := st.gets
	e, err := CompileCachedFrom(rs, DefaultOptions, st, "fp1", pre)
	if err != nil {
		t.Fatal(err)
	}
	if st.gets != gets {
		t.Error("the entry was read again")
	}
	plain, _ := Compile(rs)
	if !reflect.DeepEqual(e.phrases, plain.phrases) || findingsOf(e, docs) != findingsOf(plain, docs) {
		t.Error("the prefetched engine differs from the plain compile")
	}
	// fp1's entry, prefetched, for other rules under the same key: refused
	// by its shape, the rules compiled and the entry replaced.
	e, err = CompileCachedFrom(other, DefaultOptions, st, "fp1", PrefetchEngine(st, "fp1"))
	if err != nil {
		t.Fatal(err)
	}
	po, _ := Compile(other)
	if !reflect.DeepEqual(e.phrases, po.phrases) || findingsOf(e, docs) != findingsOf(po, docs) {
		t.Error("an entry of other rules was used")
	}
	if again := PrefetchEngine(st, "fp1"); again == nil || !again.body.head.matches(other) {
		t.Error("the entry of other rules was not replaced")
	}
	// Prefetched under another key: not looked at.
	if _, err := CompileCached(rs, DefaultOptions, st, "fp2"); err != nil {
		t.Fatal(err)
	}
	e, err = CompileCachedFrom(other, DefaultOptions, st, "fp1", PrefetchEngine(st, "fp2"))
	if err != nil || findingsOf(e, docs) != findingsOf(po, docs) {
		t.Errorf("an entry prefetched under another key changed the engine (%v)", err)
	}
	// A rule error through a prefetched entry of rules of the same shape
	// is the rules' own.
	r := *rs[0]
	r.Files = []string{"a/["}
	bad := []*rules.Rule{&r}
	one, _ := Compile(rs[:1])
	st.PutBlob(engineBlobKind, engineKey("fp3"), encodeEngine(one))
	_, want := CompileWith(bad, DefaultOptions)
	_, got := CompileCachedFrom(bad, DefaultOptions, st, "fp3", PrefetchEngine(st, "fp3"))
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Errorf("error through a prefetched entry %v, want %v", got, want)
	}
}

// TestEngineCacheNeverChangesResults: through a real rules cache folder,
// every kind of broken engine entry is ignored (the rules are compiled,
// the findings are the same) and replaced.
func TestEngineCacheNeverChangesResults(t *testing.T) {
	t.Setenv(rules.CacheDirEnv, t.TempDir())
	t.Setenv(rules.NoCacheEnv, "")
	cache := rules.OpenPackCache("test")
	if cache == nil {
		t.Skip("no rules cache here")
	}
	rs := cacheRuleSets(t)["sre-messaging"]
	docs := cacheCorpus(t, map[string][]*rules.Rule{"sre": rs})
	plain, _ := Compile(rs)
	want := findingsOf(plain, docs)
	if _, err := CompileCached(rs, DefaultOptions, cache, "fp"); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(os.Getenv(rules.CacheDirEnv), "b-*.bin"))
	if len(files) != 1 {
		t.Fatalf("engine entries: %v", files)
	}
	good, _ := os.ReadFile(files[0])
	flip := func(i int) []byte {
		b := append([]byte(nil), good...)
		b[i] ^= 0x40
		return b
	}
	broken := map[string][]byte{
		"empty":          {},
		"truncated":      good[:len(good)/2],
		"payload flip":   flip(len(good) - 100),
		"header flip":    flip(3),
		"trailing bytes": append(append([]byte(nil), good...), 0),
	}
	for name, data := range broken {
		if err := os.WriteFile(files[0], data, 0o600); err != nil {
			t.Fatal(err)
		}
		e, err := CompileCached(rs, DefaultOptions, cache, "fp")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if findingsOf(e, docs) != want {
			t.Errorf("%s: findings differ", name)
		}
		if now, _ := os.ReadFile(files[0]); string(now) == string(data) {
			t.Errorf("%s: the broken entry was not replaced", name)
		}
	}
}

// FuzzDecodeEngine: any bytes decode to an error or to an engine that
// checks a document without panicking.
func FuzzDecodeEngine(f *testing.F) {
	p, errs := rules.ParsePack("f.toml", []byte(`
[sets]
model = ["gpt-4", "o3 mini"]
verb = ["gives access to", "resells"]
[[rule]]
id = "f.a"
message = "m"
restricted = ["{verb} {model}", "the relay"]
approved = ["runs {model}"]
when = ["openai"]
patterns = ['price \d+', '[A-Z]{3,}']
inflect = true
[[rule]]
id = "f.b"
message = "m"
restricted = ["gb", "relay"]
approved = ["GB"]
`))
	if rules.HasErrors(errs) {
		f.Fatal(errs)
	}
	rs := p.Rules
	e, err := Compile(rs)
	if err != nil {
		f.Fatal(err)
	}
	good := encodeEngine(e)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{1, 2, 3})
	doc := Document{Path: "/a.md", Text: []byte("OpenAI: it gives access to GPT-4 and resells o3 mini; the relay costs price 42 in USD for 4 gb.\n"), Kind: format.KindMarkdown}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEngine(data, rs, DefaultOptions)
		// The same bytes prefetched, then finished for the rules.
		st := &memStore{}
		st.PutBlob(engineBlobKind, engineKey("f"), data)
		var e2 *Engine
		err2 := errEngineCorrupt
		if pre := PrefetchEngine(st, "f"); pre != nil {
			e2, err2 = finishPrefetched(pre.body, rs, DefaultOptions)
		}
		if (err == nil) != (err2 == nil) {
			t.Fatalf("decoded: %v, prefetched: %v", err, err2)
		}
		if err != nil {
			return
		}
		if a, b := e.Check(doc), e2.Check(doc); !reflect.DeepEqual(a, b) {
			t.Fatalf("decoded: %v\nprefetched: %v", a, b)
		}
	})
}

// BenchmarkDefaultPacksDecode: reading the default packs' engine from the
// engine cache (what a warm check of a file with text pays for its rules).
func BenchmarkDefaultPacksDecode(b *testing.B) {
	var rs []*rules.Rule
	for _, n := range rules.DefaultPackNames() {
		p, err := rules.Builtin(n)
		if err != nil {
			b.Fatal(err)
		}
		rs = append(rs, p.Rules...)
	}
	e, err := Compile(rs)
	if err != nil {
		b.Fatal(err)
	}
	data := encodeEngine(e)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := decodeEngine(data, rs, DefaultOptions); err != nil {
			b.Fatal(err)
		}
	}
}
