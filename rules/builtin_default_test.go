package rules

import (
	"path"
	"testing"
)

// The cheap read of a built-in pack's default flag must agree with the
// pack as parsed, for every built-in pack.
func TestBuiltinIsDefaultAgreesWithParse(t *testing.T) {
	for _, n := range BuiltinNames() {
		data, err := builtinFS.ReadFile(path.Join("builtin", n+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := packTable(string(data)); !ok {
			t.Errorf("%s: no [pack] table found by packTable (the cheap read falls back to parsing the pack)", n)
		}
		p, errs := ParsePack(BuiltinPrefix+n, data)
		if HasErrors(errs) {
			t.Fatalf("%s: %v", n, errs)
		}
		if got := builtinIsDefault(n); got != p.Default {
			t.Errorf("%s: builtinIsDefault = %v, parsed default = %v", n, got, p.Default)
		}
	}
}

func TestPackTable(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"[pack]\nname = \"x\"\ndefault = true\n\n[[rule]]\nid = \"a\"\n", "[pack]\nname = \"x\"\ndefault = true\n\n"},
		{"# c\n[pack]\ndefault = true", "[pack]\ndefault = true"},
		{"[[rule]]\nid = \"a\"\n", ""},
		{"  [pack]  \ndefault = false\n  [sets]\n", "  [pack]  \ndefault = false\n"},
	} {
		got, ok := packTable(tc.src)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("packTable(%q) = %q, %v; want %q", tc.src, got, ok, tc.want)
		}
	}
}
