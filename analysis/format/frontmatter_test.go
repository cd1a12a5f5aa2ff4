package format

import "testing"

// front_matter chooses the front-matter keys checked, in YAML and TOML.
func TestScopeFrontMatterKeys(t *testing.T) {
	summary := []string{"title", "summary", "keywords"}
	cases := []struct {
		scopeCase
		front []string
	}{
		{scopeCase{name: "yaml default keys", src: "---\ntitle: T\ndescription: D\nsummary: S\n---\nbody\n",
			want: []string{"T", "D", "body"}}, nil},
		{scopeCase{name: "yaml chosen keys, a list of strings", src: "---\ntitle: T\ndescription: D\nsummary: S\nkeywords: [a b, c]\nparams:\n  summary: nested\n---\nbody\n",
			want: []string{"T", "S", "a b", "c", "body"}}, summary},
		{scopeCase{name: "yaml no keys", src: "---\ntitle: T\n---\nbody\n", want: []string{"body"}}, []string{}},
		{scopeCase{name: "toml default keys", src: "+++\ntitle = \"T\"\ndescription = 'D'\nsummary = \"S\"\n+++\nbody\n",
			want: []string{"T", "D", "body"}}, nil},
		{scopeCase{name: "toml strings of every kind", src: "+++\n# comment\ntitle = \"a \\\"b\\\" \\u00e9\" # c\n\"summary\" = \"\"\"\nline one\nline two \\\n  joined\"\"\"\nkeywords = [\n  'lit',\n  \"bas\", # c\n]\ndraft = false\n[params]\ntitle = \"nested\"\n+++\nbody\n",
			want: []string{"a «\\\"→\"»b«\\\"→\"» «\\u00e9→é»", "line one«\n→\n»line two ¦joined", "lit", "bas", "body"}}, summary},
		{scopeCase{name: "toml multi-line literal and quotes before the closer", src: "+++\ntitle = '''\nit's ''quoted'''''\nsummary = \"\"\"a \"\" b\"\"\"\"\n+++\nbody\n",
			want: []string{"it's ''quoted''", "a \"\" b\"", "body"}}, summary},
		{scopeCase{name: "toml unterminated and odd lines are skipped", src: "+++\ntitle = \"open\nsummary = x\na.b = \"dotted\"\n= \"no key\"\nsummary = \"ok\"\n+++\nbody\n",
			want: []string{"ok", "body"}}, summary},
	}
	for _, c := range cases {
		front := c.front
		runScopeCases(t, []scopeCase{c.scopeCase}, func(src []byte) Scoped { return scopeMarkdown(src, false, front) })
	}

}
