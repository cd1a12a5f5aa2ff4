package format

import "testing"

// Hugo shortcodes and Liquid, Jinja and Go template tags are not prose.
func TestScopeMarkdownTemplates(t *testing.T) {
	runScopeCases(t, []scopeCase{
		{
			name: "inline shortcode",
			src:  "See {{< ref \"disabled.md\" >}} for details.\n",
			want: []string{"See «{{< ref \"disabled.md\" >}}→￼» for details."},
		},
		{
			name: "shortcode in a link destination",
			src:  "See [the page]({{< ref \"x.md\" >}}) now.\n",
			want: []string{"See [the page](«{{< ref \"x.md\" >}}→￼») now."}, // not a link: a destination has no spaces
		},
		{
			name: "paired angle shortcode: the body is not prose",
			src:  "{{< code-toggle file=\"hugo\" >}}\ndisabled = false\n{{< /code-toggle >}}\n\nAfter.\n",
			want: []string{"After."},
		},
		{
			name: "paired angle shortcode over a blank line",
			src:  "Before.\n\n{{< highlight toml >}}\ndisabled = false\n\nenabled = true\n{{< /highlight >}}\n\nAfter.\n",
			want: []string{"Before.", "After."},
		},
		{
			name: "paired percent shortcode: the body is Markdown",
			src:  "{{% notice note %}}\nSRE enables access.\n{{% /notice %}}\n",
			want: []string{"«{{% notice note %}}→￼»«\n→\n»SRE enables access.«\n→\n»«{{% /notice %}}→￼»"},
		},
		{
			name: "nested and self-closed",
			src:  "{{< tabs >}}\n{{< tab \"a\" >}}\nx = 1\n{{< /tab >}}\n{{< /tabs >}}\n\n{{< img src=\"a\" />}} text {{</* escaped */>}} more\n",
			want: []string{"«{{< img src=\"a\" />}}→￼» text «{{</* escaped */>}}→￼» more"},
		},
		{
			name: "liquid and go template tags",
			src:  "Hello {{ page.title }} and {%- if x -%} yes {% endif %} and {{- .Name -}}.\n",
			want: []string{"Hello «{{ page.title }}→￼» and «{%- if x -%}→￼» yes «{% endif %}→￼» and «{{- .Name -}}→￼»."},
		},
		{
			name: "liquid raw, comment and highlight bodies",
			src:  "{% highlight go %}\nfunc main() {}\n\nvar x\n{% endhighlight %}\n\n{% raw %}{{ x }}{% endraw %} a {% comment %}b{% endcomment %} c\n",
			want: []string{"«{% raw %}{{ x }}{% endraw %}→￼» a «{% comment %}b{% endcomment %}→￼» c"},
		},
		{
			name: "an opener without a closer before a blank line is text",
			src:  "a {{< b\n\nc >}} d {% e\n",
			want: []string{"a {{< b", "c >}} d {% e"},
		},
		{
			name: "a tag over lines",
			src:  "a {{< figure\n  src=\"x\"\n  caption=\"enables access\" >}} b\n",
			want: []string{"a «{{< figure\n  src=\"x\"\n  caption=\"enables access\" >}}→￼» b"},
		},
		{
			name: "front matter values",
			src:  "---\ntitle: \"{{ replace .Name \\\"-\\\" \\\" \\\" }}\"\ndescription: About {{ .Site }} here\n---\ntext\n",
			want: []string{"About «{{ .Site }}→￼» here", "text"},
		},
	}, func(src []byte) Scoped { return ScopeMarkdown(src, false) })
}
