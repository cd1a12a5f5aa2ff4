package analysis

import (
	"reflect"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// Engine-level checks of scoping: the engine passes a config's scoping
// options to the format package and never flags what it leaves out.

// front_matter chooses the front-matter keys checked: the engine passes a
// config's keys on.
func TestEngineFrontMatterKeys(t *testing.T) {
	eng, err := CompileWith([]*rules.Rule{rule("t.x", []string{"enables access"}, nil)}, Options{FrontMatter: []string{"summary"}})
	if err != nil {
		t.Fatal(err)
	}
	src := "---\ntitle: SRE enables access\nsummary: SRE enables access\n---\n"
	fs := eng.Check(Document{Path: "a.md", Text: []byte(src)})
	if len(fs) != 1 || fs[0].Start != 43 {
		t.Errorf("findings %+v, want one in summary (offset 43)", fs)
	}
}

// A rule never flags, and so --fix never rewrites, template syntax.
func TestTemplatesNeverChecked(t *testing.T) {
	eng, err := Compile([]*rules.Rule{
		rule("t.disabled", []string{"disabled"}, []string{"turned off"}),
		rule("t.ref", []string{"ref"}, []string{"reference"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	src := "The {{< ref \"disabled.md\" >}} page.\n\n{{< code-toggle >}}\ndisabled = false\n\n[params]\nref = 1\n{{< /code-toggle >}}\n\nIt is disabled.\n"
	got := brief(t, src, eng.Check(Document{Path: "a.md", Text: []byte(src)}))
	if want := []string{"t.disabled@disabled=>turned off"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
