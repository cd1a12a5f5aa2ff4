package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

func TestRulesPacks(t *testing.T) {
	code, out, stderr := runCLI(t, "", "", "rules", "packs")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "PACK") || !strings.Contains(lines[0], "DEFAULT") || !strings.Contains(lines[0], "RULES") {
		t.Errorf("header: %q", lines[0])
	}
	for _, n := range rules.BuiltinNames() {
		p, _ := rules.Builtin(n)
		def := "no"
		if p.Default {
			def = "yes"
		}
		want := strings.Join([]string{"builtin:" + n, def, itoa(len(p.Rules))}, " ")
		found := false
		for _, l := range lines {
			if strings.Join(strings.Fields(l), " ") != "" && strings.HasPrefix(strings.Join(strings.Fields(l), " "), want+" ") {
				found = true
			}
		}
		if !found {
			t.Errorf("no line starting %q in\n%s", want, out)
		}
	}
	// The default pack is marked (its rule count is checked above).
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "builtin:sre-messaging yes ") {
		t.Errorf("sre-messaging line missing:\n%s", out)
	}

	code, out, _ = runCLI(t, "", "", "rules", "packs", "--format", "json")
	var packs []packInfo
	if err := json.Unmarshal([]byte(out), &packs); code != exitOK || err != nil {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	if len(packs) != len(rules.BuiltinNames()) {
		t.Fatalf("json: %d packs", len(packs))
	}
	for _, p := range packs {
		if p.Description == "" || p.Rules == 0 || p.Extends != "builtin:"+p.Name {
			t.Errorf("json: %+v", p)
		}
	}

	for _, args := range [][]string{{"rules", "packs", "extra"}, {"rules", "packs", "--format", "xml"}, {"rules", "nope"}} {
		if code, _, stderr := runCLI(t, "", "", args...); code != exitUsage || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
