package rules

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var updateBlobs = flag.Bool("update-blobs", false, "rewrite the built-in packs' blobs (builtin/*.bin)")

// TestBuiltinBlobsFresh: every built-in pack has its blob, made from its
// TOML as it is now, and the pack decoded from it is the pack parsed from
// the TOML, word sets and parsed templates included. `go generate
// ./rules` (or this test with -update-blobs) rewrites the blobs.
func TestBuiltinBlobsFresh(t *testing.T) {
	for _, name := range BuiltinNames() {
		src, err := builtinFS.ReadFile("builtin/" + name + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		want := builtinBlob(name, src)
		if want == nil {
			t.Fatalf("%s: the pack cannot be encoded (errors, warnings or [ignore] patterns)", name)
		}
		if *updateBlobs {
			if err := os.WriteFile(filepath.Join("builtin", name+".bin"), want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := builtinBlobFS.ReadFile(builtinBlobPath(name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: the embedded blob is missing or stale: run go generate ./rules", name)
			continue
		}
		parsed, errs := ParsePack(BuiltinPrefix+name, src)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		decoded := decodeBuiltinBlob(name, src)
		if decoded == nil {
			t.Fatalf("%s: the blob does not decode", name)
		}
		if decoded.Sets != nil && (decoded.Sets.lazyRules == nil || decoded.Sets.entries != nil) {
			t.Errorf("%s: the decoded sets were filled before first use", name)
		}
		// Filled on first use, they equal the loader's.
		decoded.Sets.ready()
		parsed.Sets.ready()
		if !reflect.DeepEqual(decoded, parsed) {
			t.Errorf("%s: the pack decoded from the blob differs from the parsed one", name)
		}
		for _, r := range decoded.Rules {
			if r.Sets != decoded.Sets {
				t.Fatalf("%s: rule %s does not share its pack's sets", name, r.ID)
			}
		}
		// Builtin serves the decoded pack.
		p, err := Builtin(name)
		if err == nil {
			p.Sets.ready()
		}
		if err != nil || !reflect.DeepEqual(p, parsed) {
			t.Errorf("%s: Builtin differs from the parsed pack (%v)", name, err)
		}
	}
}

// TestBuiltinBlobStaleIgnored: a blob made from other TOML, or a
// corrupt one, is not used.
func TestBuiltinBlobStaleIgnored(t *testing.T) {
	name := "sre-messaging"
	src, err := builtinFS.ReadFile("builtin/" + name + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	if decodeBuiltinBlob(name, src) == nil {
		t.Fatal("the fresh blob is not used")
	}
	edited := append(append([]byte(nil), src...), "\n# edited\n"...)
	if decodeBuiltinBlob(name, edited) != nil {
		t.Error("a blob made from other TOML was used")
	}
	payload := builtinBlob(name, src)[32:]
	for _, cut := range []int{len(payload) - 1, len(payload) / 2, 8, 0} {
		if p, err := decodePackSets(payload[:cut], true); err == nil || p != nil {
			t.Errorf("a blob cut at %d decoded", cut)
		}
	}
	// The rules cache's decoder refuses a pack with sets.
	if _, err := decodePack(payload); err == nil {
		t.Error("the cache's decoder accepted word sets")
	}
}

// TestBuiltinBlobSetsFilledOnce: engines compiled at once on several
// cores all read a decoded pack's sets first (run with -race): they see
// the sets filled, the same for all.
func TestBuiltinBlobSetsFilledOnce(t *testing.T) {
	name := "sre-messaging"
	src, err := builtinFS.ReadFile("builtin/" + name + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	p := decodeBuiltinBlob(name, src)
	if p == nil || p.Sets == nil {
		t.Fatal("no decoded sets")
	}
	var phrase string
	for _, r := range p.Rules {
		for _, s := range r.Restricted {
			if IsTemplate(s) && phrase == "" {
				phrase = s
			}
		}
	}
	setName := p.Sets.Names()[0]
	type result struct {
		parsed *Template
		count  int64
		nodes  int
	}
	results := make(chan result, 8)
	for range 8 {
		go func() {
			results <- result{p.Sets.Parsed(phrase), p.Sets.Count([]Node{{Kind: NodeSlot, Text: setName}}), len(p.Sets.EntryNodes(setName))}
		}()
	}
	first := <-results
	if first.parsed == nil || first.count == 0 || first.nodes == 0 {
		t.Fatalf("sets not filled on first use: %+v", first)
	}
	for range 7 {
		if r := <-results; r != first {
			t.Errorf("got %+v, then %+v", first, r)
		}
	}
}
