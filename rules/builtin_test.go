package rules

import (
	"strings"
	"testing"
)

func TestBuiltinPacks(t *testing.T) {
	names := BuiltinNames()
	if !contains(names, "sre-messaging") {
		t.Fatalf("builtin names = %v, want sre-messaging among them", names)
	}
	for _, n := range names {
		p, err := Builtin(n)
		if err != nil {
			t.Errorf("Builtin(%s): %v", n, err)
			continue
		}
		if p.Path != "builtin:"+n {
			t.Errorf("path = %q", p.Path)
		}
		if len(p.Rules) == 0 {
			t.Errorf("%s has no rules", n)
		}
		for _, r := range p.Rules {
			if r.Pack != "builtin:"+n || r.Pos.File != "builtin:"+n || r.Pos.Line == 0 {
				t.Errorf("%s: rule %s pack %q pos %v", n, r.ID, r.Pack, r.Pos)
			}
		}
		if p.IsConfig {
			t.Errorf("%s uses config-only keys", n)
		}
		again, _ := Builtin("builtin:" + n)
		if again != p {
			t.Error("Builtin should parse each pack once and share it")
		}
	}
	if !contains(DefaultPackNames(), "sre-messaging") {
		t.Errorf("default packs = %v, want sre-messaging", DefaultPackNames())
	}
	sre, _ := Builtin("sre-messaging")
	for _, r := range sre.Rules {
		if !strings.HasPrefix(r.ID, "sre.") {
			t.Errorf("rule %s lacks the pack's prefix", r.ID)
		}
	}
	if _, err := Builtin("nope"); err == nil || !strings.Contains(err.Error(), `unknown built-in pack "builtin:nope"`) {
		t.Errorf("Builtin(nope) = %v", err)
	}
}
