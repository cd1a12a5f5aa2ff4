package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// bigPack is a pack large enough for the rules cache (16 KiB or more):
// n rules, rule i restricting "zqword<i> thing" in favour of "plain<i>".
func bigPack(n int, message string) string {
	var b strings.Builder
	b.WriteString("[pack]\nname = \"big\"\n\n")
	for i := range n {
		fmt.Fprintf(&b, "[[rule]]\nid = \"big.r%d\"\nmessage = %q\nrestricted = [\"zqword%d thing\"]\napproved = [\"plain%d\"]\n\n", i, message, i, i)
	}
	return b.String()
}

// TestServerUsesRulesCache: the server's loader reads and writes the
// rules cache it is given, and what it publishes is the same with a
// cold cache, a warm one and none; an edited pack is read anew.
func TestServerUsesRulesCache(t *testing.T) {
	pack := bigPack(300, "Say {approved}.")
	if len(pack) < 16<<10 {
		t.Fatalf("pack of %d bytes is too small to be cached", len(pack))
	}
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml": "root = true\nextends = [\"big.toml\"]\n",
		"big.toml":        pack,
	})
	cacheDir := t.TempDir()
	t.Setenv(rules.CacheDirEnv, cacheDir)
	t.Setenv(rules.NoCacheEnv, "")
	text := "One zqword7 thing and one zqword299 thing.\n"

	diagsWith := func(cache *rules.PackCache) []string {
		c := newClient(t, Options{RulesCache: cache})
		c.initialize(dir, nil, nil)
		d := c.open(filepath.Join(dir, "a.md"), "markdown", text)
		p := d.wait()
		var out []string
		for _, dg := range p.Diags {
			out = append(out, fmt.Sprintf("%v %v %s", dg.Code, dg.Range, dg.Message))
		}
		c.shutdownWithin()
		return out
	}
	entries := func() []string {
		names, _ := filepath.Glob(filepath.Join(cacheDir, "p-*.bin"))
		return names
	}

	none := diagsWith(nil)
	if len(none) != 2 {
		t.Fatalf("diagnostics without the cache = %v, want 2", none)
	}
	if len(entries()) != 0 {
		t.Fatal("a server without a cache wrote one")
	}
	cold := diagsWith(rules.OpenPackCache("test"))
	written := entries()
	if len(written) != 1 {
		t.Fatalf("cache entries after the first server = %v, want 1", written)
	}
	// Tamper with the entry's modification time only: a warm read must
	// not rewrite it.
	info, err := os.Stat(written[0])
	if err != nil {
		t.Fatal(err)
	}
	warm := diagsWith(rules.OpenPackCache("test"))
	after, err := os.Stat(written[0])
	if err != nil {
		t.Fatal(err)
	}
	if !after.ModTime().Equal(info.ModTime()) {
		t.Error("the warm server rewrote the cache entry instead of reading it")
	}
	for _, got := range [][]string{cold, warm} {
		if strings.Join(got, "\n") != strings.Join(none, "\n") {
			t.Errorf("with the cache:\n%v\nwithout:\n%v", got, none)
		}
	}

	// The pack edited on disk: the next server reads the new text (a new
	// entry), never the old entry.
	if err := os.WriteFile(filepath.Join(dir, "big.toml"), []byte(bigPack(300, "Write {approved} instead.")), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := diagsWith(rules.OpenPackCache("test"))
	if len(edited) != 2 || !strings.Contains(edited[0], "Write plain7 instead.") {
		t.Errorf("after the edit = %v, want the new message", edited)
	}
	if n := len(entries()); n != 2 {
		t.Errorf("cache entries after the edit = %d, want 2 (one per text)", n)
	}
}
