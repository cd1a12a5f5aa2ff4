package rules

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRuleSetBorrowed: a set made from a pack's rules reads them without
// copying, and a write (replacing or adding a rule) never changes the
// pack's list; repeated ids (which ParsePack never leaves) end as put
// makes them.
func TestRuleSetBorrowed(t *testing.T) {
	a, b, c := &Rule{ID: "a"}, &Rule{ID: "b"}, &Rule{ID: "c"}
	pack := make([]*Rule, 2, 8) // spare capacity an append must not use
	pack[0], pack[1] = a, b
	s := packRuleSet(pack)
	if got := s.list(); len(got) != 2 || got[0] != a || got[1] != b {
		t.Fatalf("list %v", got)
	}
	if r, ok := s.get("b"); !ok || r != b {
		t.Errorf("get b = %v, %v", r, ok)
	}
	if _, ok := s.get("x"); ok {
		t.Error("get x found a rule")
	}
	b2 := &Rule{ID: "b", Message: "replaced"}
	s.put(b2)
	s.put(c)
	if pack[1] != b || pack[:3][2] != nil {
		t.Error("a write changed the pack's list")
	}
	if got := s.list(); !slices.Equal(got, []*Rule{a, b2, c}) {
		t.Errorf("after writes: %v", got)
	}
	if got := s.ids(); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("ids %v", got)
	}

	a2 := &Rule{ID: "a", Message: "second"}
	d := packRuleSet([]*Rule{a, b, a2})
	if got := d.list(); !slices.Equal(got, []*Rule{a, b, a2}) {
		t.Errorf("before indexing: %v", got)
	}
	if r, _ := d.get("a"); r != a2 || !slices.Equal(d.list(), []*Rule{a2, b}) {
		t.Errorf("repeated ids: get a = %v, list %v; want the last a first", r, d.list())
	}
}

// TestRepeatedIDsFromCache: a rules cache entry whose rules repeat an id
// (ParsePack never makes one) loads as the parser's duplicate rule would
// have been merged: one rule per id, the last one, in id order.
func TestRepeatedIDsFromCache(t *testing.T) {
	proj, cacheDir := t.TempDir(), t.TempDir()
	cfgPath := filepath.Join(proj, ConfigFileName)
	// No extends and no [severity]: the config's rules are its own
	// pack's list, never indexed by id.
	var sb strings.Builder
	sb.WriteString("root = true\n")
	for i := range 300 {
		fmt.Fprintf(&sb, "\n[[rule]]\nid = \"c.r%05d\"\nmessage = \"Say it (%d).\"\nrestricted = [\"restricted phrase %d\"]\napproved = [\"approved %d\"]\n", i, i, i, i)
	}
	src := []byte(sb.String())
	if len(src) < cacheMinSize {
		t.Fatalf("%d bytes: not cached", len(src))
	}
	if err := os.WriteFile(cfgPath, src, 0o644); err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, cfgPath, string(src))
	last := *p.Rules[5]
	last.Message = "the last one"
	p.Rules = append(p.Rules, &last) // id c.r00005 twice
	payload, ok := encodePack(p)
	if !ok {
		t.Fatal("not encoded")
	}
	c := newPackCache(cacheDir, "v1")
	key := c.key(cfgPath, sha256.Sum256(src))
	if err := os.WriteFile(c.file(key), sealEntry(key, payload), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, errs := NewLoader(Options{NoUserConfig: true, Cache: c}).ConfigForDir(proj)
	if cfg == nil {
		t.Fatal(errs)
	}
	for i := 1; i < len(cfg.Rules); i++ {
		if cfg.Rules[i].ID <= cfg.Rules[i-1].ID {
			t.Fatalf("rules %q then %q: not one per id in id order", cfg.Rules[i-1].ID, cfg.Rules[i].ID)
		}
	}
	if r := cfg.Rule("c.r00005"); r == nil || r.Message != "the last one" {
		t.Errorf("c.r00005 = %+v, want the last one", r)
	}
}
