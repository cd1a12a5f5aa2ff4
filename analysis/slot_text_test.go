package analysis

import (
	"reflect"
	"strings"
	"testing"
)

// slotPack is the pack of the slot text tests: templates whose slots fill
// their approved phrases, and a plain phrase.
const slotPack = `
[sets]
models = ["OpenAI models", "GPT models", "OpenAI's models", "AT&T models"]
who = ["Acme", "Bluebird"]

[[rule]]
id = "t.two"
message = "{match}: say {approved}."
restricted = ["{who} uses {models}"]
approved = ["{who} is powered by {models}"]

[[rule]]
id = "t.access"
message = "Say SRE {approved}, not that it {match}."
restricted = ["gives access to {models}"]
approved = ["is powered by {models}", "integrates {models}"]

[[rule]]
id = "t.call"
message = "Not “{match}”; say {approved}."
restricted = ["calls OpenAI models"]
approved = ["is powered by OpenAI models"]
`

// TestSlotTextIsProse: a template slot's text — in Slots, in {approved}
// of the message, and so in every output format and the hover — is the
// prose the matcher saw: no emphasis marks, no link destinations,
// references and escapes decoded, a line break and the markup continuing
// its block one space. {match} and Match stay the raw source. A fix's
// slot fill keeps the source's references and escapes and a <br>, reads a
// line break with its comment or quote marker as one space, and a match
// that spans inline markup has no fix at all.
func TestSlotTextIsProse(t *testing.T) {
	e := templatePack(t, slotPack)
	tests := []struct {
		name, path, src string
		msg             string   // the first finding's message
		slots           string   // its slots, "name=text …" ("" for none)
		repl            []string // its replacements
		fixed           string   // the document with the preferred fix applied ("" when none)
	}{
		{
			name: "markdown emphasis in the slot: prose, raw {match}, no fix", path: "a.md",
			src:   "SRE gives access to *OpenAI* models.\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to *OpenAI* models.",
			slots: "models=OpenAI models", repl: []string{},
		},
		{
			name: "markdown emphasis ending inside the slot", path: "a.md",
			src:   "SRE *gives access to OpenAI* models.\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to OpenAI* models.",
			slots: "models=OpenAI models", repl: []string{},
		},
		{
			name: "markdown inline link in the slot", path: "a.md",
			src:   "SRE gives access to [OpenAI models](https://openai.com/models).\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to [OpenAI models.",
			slots: "models=OpenAI models", repl: []string{},
		},
		{
			name: "markdown character reference with a capital", path: "a.md",
			src:   "SRE gives access to &#79;penAI models.\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to &#79;penAI models.",
			slots: "models=OpenAI models", repl: []string{"is powered by &#79;penAI models", "integrates &#79;penAI models"},
			fixed: "SRE is powered by &#79;penAI models.\n",
		},
		{
			name: "markdown backslash escape", path: "a.md",
			src:   "SRE gives access to AT\\&T models.\n",
			msg:   "Say SRE is powered by AT&T models, not that it gives access to AT\\&T models.",
			slots: "models=AT&T models", repl: []string{"is powered by AT\\&T models", "integrates AT\\&T models"},
			fixed: "SRE is powered by AT\\&T models.\n",
		},
		{
			name: "markdown typographic apostrophe kept as written", path: "a.md",
			src:   "SRE gives access to OpenAI’s models.\n",
			msg:   "Say SRE is powered by OpenAI’s models, not that it gives access to OpenAI’s models.",
			slots: "models=OpenAI’s models", repl: []string{"is powered by OpenAI’s models", "integrates OpenAI’s models"},
			fixed: "SRE is powered by OpenAI’s models.\n",
		},
		{
			name: "markdown quote marker on the next line", path: "a.md",
			src:   "> SRE gives access to OpenAI\n> models today.\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to OpenAI\n> models.",
			slots: "models=OpenAI models", repl: []string{"is powered by OpenAI models", "integrates OpenAI models"},
			fixed: "> SRE is powered by OpenAI models today.\n",
		},
		{
			name: "markdown list indentation", path: "a.md",
			src:   "- SRE gives access to GPT\n  models today.\n",
			msg:   "Say SRE is powered by GPT models, not that it gives access to GPT\n  models.",
			slots: "models=GPT models", repl: []string{"is powered by GPT models", "integrates GPT models"},
			fixed: "- SRE is powered by GPT models today.\n",
		},
		{
			name: "go line comments", path: "a.go",
			src:   "package a\n\n// SRE gives access to OpenAI\n// models today.\nvar x = 1\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to OpenAI\n// models.",
			slots: "models=OpenAI models", repl: []string{"is powered by OpenAI models", "integrates OpenAI models"},
			fixed: "package a\n\n// SRE is powered by OpenAI models today.\nvar x = 1\n",
		},
		{
			name: "go block comment stars", path: "a.go",
			src:   "package a\n\n/*\n * SRE gives access to OpenAI\n * models today.\n */\nvar x = 1\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to OpenAI\n * models.",
			slots: "models=OpenAI models", repl: []string{"is powered by OpenAI models", "integrates OpenAI models"},
			fixed: "package a\n\n/*\n * SRE is powered by OpenAI models today.\n */\nvar x = 1\n",
		},
		{
			name: "python comments", path: "a.py",
			src:   "# SRE gives access to GPT\n#   models today.\nx = 1\n",
			msg:   "Say SRE is powered by GPT models, not that it gives access to GPT\n#   models.",
			slots: "models=GPT models", repl: []string{"is powered by GPT models", "integrates GPT models"},
			fixed: "# SRE is powered by GPT models today.\nx = 1\n",
		},
		{
			name: "plain text line break", path: "a.txt",
			src:   "SRE gives access to GPT\n   models today.\n",
			msg:   "Say SRE is powered by GPT models, not that it gives access to GPT\n   models.",
			slots: "models=GPT models", repl: []string{"is powered by GPT models", "integrates GPT models"},
			fixed: "SRE is powered by GPT models today.\n",
		},
		{
			name: "html element in the slot: no fix", path: "a.html",
			src:   "<p>SRE gives access to <b>OpenAI</b> models.</p>\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to <b>OpenAI</b> models.",
			slots: "models=OpenAI models", repl: []string{},
		},
		{
			name: "html line break tag kept by the fix", path: "a.html",
			src:   "<p>SRE gives access to OpenAI<br>models.</p>\n",
			msg:   "Say SRE is powered by OpenAI models, not that it gives access to OpenAI<br>models.",
			slots: "models=OpenAI models", repl: []string{"is powered by OpenAI<br>models", "integrates OpenAI<br>models"},
			fixed: "<p>SRE is powered by OpenAI<br>models.</p>\n",
		},
		{
			name: "html entity for the apostrophe", path: "a.html",
			src:   "<p>SRE gives access to OpenAI&rsquo;s models.</p>\n",
			msg:   "Say SRE is powered by OpenAI’s models, not that it gives access to OpenAI&rsquo;s models.",
			slots: "models=OpenAI’s models", repl: []string{"is powered by OpenAI&rsquo;s models", "integrates OpenAI&rsquo;s models"},
			fixed: "<p>SRE is powered by OpenAI&rsquo;s models.</p>\n",
		},
		{
			name: "html ampersand", path: "a.html",
			src:   "<p>SRE gives access to AT&amp;T models.</p>\n",
			msg:   "Say SRE is powered by AT&T models, not that it gives access to AT&amp;T models.",
			slots: "models=AT&T models", repl: []string{"is powered by AT&amp;T models", "integrates AT&amp;T models"},
			fixed: "<p>SRE is powered by AT&amp;T models.</p>\n",
		},
		{
			name: "two slots, the second with a reference", path: "a.html",
			src:   "<p>Acme uses OpenAI&rsquo;s models.</p>\n",
			msg:   "Acme uses OpenAI&rsquo;s models: say Acme is powered by OpenAI’s models.",
			slots: "who=Acme models=OpenAI’s models", repl: []string{"Acme is powered by OpenAI&rsquo;s models"},
			fixed: "<p>Acme is powered by OpenAI&rsquo;s models.</p>\n",
		},
		{
			name: "two slots, the first with a reference", path: "a.html",
			src:   "<p>&#66;luebird uses GPT models.</p>\n",
			msg:   "&#66;luebird uses GPT models: say Bluebird is powered by GPT models.",
			slots: "who=Bluebird models=GPT models", repl: []string{"&#66;luebird is powered by GPT models"},
			fixed: "<p>&#66;luebird is powered by GPT models.</p>\n",
		},
		{
			name: "json escapes and a line break escape", path: "a.json",
			src:   `{"k": "SRE gives access to OpenAI\u2019s\nmodels."}` + "\n",
			msg:   `Say SRE is powered by OpenAI’s models, not that it gives access to OpenAI\u2019s\nmodels.`,
			slots: "models=OpenAI’s models", repl: []string{`is powered by OpenAI\u2019s models`, `integrates OpenAI\u2019s models`},
			fixed: `{"k": "SRE is powered by OpenAI\u2019s models."}` + "\n",
		},
		{
			name: "json escaped capital", path: "a.json",
			src:   `{"k": "SRE gives access to \u004fpenAI models."}` + "\n",
			msg:   `Say SRE is powered by OpenAI models, not that it gives access to \u004fpenAI models.`,
			slots: "models=OpenAI models", repl: []string{`is powered by \u004fpenAI models`, `integrates \u004fpenAI models`},
			fixed: `{"k": "SRE is powered by \u004fpenAI models."}` + "\n",
		},
		{
			name: "a plain phrase: {approved} as written", path: "a.go",
			src:   "package a\n\n// It calls OpenAI\n// models today.\nvar x = 1\n",
			msg:   "Not “calls OpenAI\n// models”; say is powered by OpenAI models.",
			repl:  []string{"is powered by OpenAI models"},
			fixed: "package a\n\n// It is powered by OpenAI models today.\nvar x = 1\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := e.Check(Document{Path: tc.path, Text: []byte(tc.src)})
			if len(fs) == 0 {
				t.Fatalf("no finding in %q", tc.src)
			}
			f := fs[0]
			if f.Match != tc.src[f.Start:f.End] {
				t.Errorf("Match %q is not the source %q", f.Match, tc.src[f.Start:f.End])
			}
			if f.Message != tc.msg {
				t.Errorf("message\n got %q\nwant %q", f.Message, tc.msg)
			}
			var sl []string
			for _, s := range f.Slots {
				sl = append(sl, s.Name+"="+s.Text)
			}
			if got := strings.Join(sl, " "); got != tc.slots {
				t.Errorf("slots %q, want %q", got, tc.slots)
			}
			if !reflect.DeepEqual(f.Replacements, tc.repl) {
				t.Errorf("replacements %q, want %q", f.Replacements, tc.repl)
			}
			if tc.fixed != "" {
				if got := string(ApplyFixes([]byte(tc.src), fs[:1])); got != tc.fixed {
					t.Errorf("fixed\n got %q\nwant %q", got, tc.fixed)
				}
			}
		})
	}
}
