package analysis

import (
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

func TestTransferCase(t *testing.T) {
	tests := []struct{ match, written, approved, want string }{
		{"enables access to OpenAI models", "enables access to OpenAI models", "is powered by OpenAI models", "is powered by OpenAI models"},
		{"Enables access to OpenAI models", "enables access to OpenAI models", "is powered by OpenAI models", "Is powered by OpenAI models"},
		{"ENABLES ACCESS TO OPENAI MODELS", "enables access to OpenAI models", "is powered by OpenAI models", "IS POWERED BY OPENAI MODELS"},
		{"Utilize", "utilize", "use", "Use"},
		{"utilize", "utilize", "use", "use"},
		{"UTILIZE", "utilize", "use", "USE"},
		// A capitalised match gives a capitalised replacement even when the
		// phrase itself starts with a capital.
		{"OpenAI passthrough", "OpenAI passthrough", "integration with OpenAI", "Integration with OpenAI"},
		{"Project Bluebird", "Project Bluebird", "the Relay service", "The Relay service"},
		{"Project bluebird", "Project Bluebird", "the Relay service", "The Relay service"},
		{"project Bluebird", "Project Bluebird", "the Relay service", "the Relay service"},
		{"Enables ACCESS to OpenAI models", "enables access to OpenAI models", "is powered by OpenAI models", "Is powered by OpenAI models"},
		{"OpenAI passthrough", "OpenAI passthrough", "OpenAI integration", "OpenAI integration"},
		{"Gateway", "gateway", "SRE", "SRE"},
		{"PROJECT BLUEBIRD", "Project Bluebird", "the Relay service", "THE RELAY SERVICE"},
		{"GPT", "GPT", "OpenAI models", "OpenAI models"}, // written in capitals: no signal
		// Fixed mixed case in the approved phrase's first word is kept.
		{"Call models", "call models", "iPhone apps", "iPhone apps"},
		{"Whitelist", "whitelist", "allowlist", "Allowlist"},
		// A regex match (no written phrase).
		{"Costs $5", "", "stay tuned", "Stay tuned"},
		{"A", "a", "the", "The"}, // one letter is not ALL CAPS
	}
	for _, tt := range tests {
		if got := transferCase(tt.match, tt.written, tt.approved); got != tt.want {
			t.Errorf("transferCase(%q, %q, %q) = %q, want %q", tt.match, tt.written, tt.approved, got, tt.want)
		}
	}
}

func TestTransferCaseTitle(t *testing.T) {
	tests := []struct {
		match, written, approved string
		tc                       titleContext
		want                     string
	}{
		{"Enables Access to OpenAI Models", "enables access to OpenAI models", "is powered by OpenAI models", titleContext{title: true}, "Is Powered by OpenAI Models"},
		{"Project Bluebird", "Project Bluebird", "the Relay service", titleContext{title: true}, "the Relay Service"},
		{"Project Bluebird", "Project Bluebird", "the Relay service", titleContext{title: true, lineStart: true}, "The Relay Service"},
		{"Passthrough", "passthrough", "integration with OpenAI", titleContext{title: true}, "Integration with OpenAI"},
		{"Whitelist", "whitelist", "allow list for an app or a service", titleContext{title: true}, "Allow List for an App or a Service"},
		{"Calls GPT", "calls GPT", "is powered by GPT-4o and the iPhone app", titleContext{title: true}, "Is Powered by GPT-4o and the iPhone App"},
		{"Pass-Through", "pass-through", "built-in integration", titleContext{title: true}, "Built-in Integration"},
		// Mid-sentence, a name's capital is not the sentence's.
		{"Project Bluebird", "Project Bluebird", "the Relay service", titleContext{}, "the Relay service"},
		{"OpenAI passthrough", "OpenAI passthrough", "integration with OpenAI", titleContext{}, "integration with OpenAI"},
		{"Project Bluebird", "Project Bluebird", "the Relay service", titleContext{sentenceStart: true}, "The Relay service"},
		{"Enables access", "enables access", "is powered by", titleContext{}, "Is powered by"},
		// Lower case and ALL CAPS matches ignore the line.
		{"enables access", "enables access", "is powered by", titleContext{title: true}, "is powered by"},
		{"ENABLES ACCESS", "enables access", "is powered by", titleContext{title: true}, "IS POWERED BY"},
	}
	for _, tt := range tests {
		if got := transferCaseIn(tt.match, tt.written, tt.approved, tt.tc); got != tt.want {
			t.Errorf("transferCaseIn(%q, %q, %q, %+v) = %q, want %q", tt.match, tt.written, tt.approved, tt.tc, got, tt.want)
		}
	}
}

func TestStartsSentence(t *testing.T) {
	tests := []struct {
		text, at string
		want     bool
	}{
		{"project bluebird ships", "project", true},
		{"we love project bluebird", "project", false},
		{"done. project bluebird", "project", true},
		{"done! (\"*project bluebird", "project", true},
		{"see e.g. project bluebird", "project", false},
		{"in the u.s. project bluebird", "project", false},
		{"version 3.5 project", "project", false},
		{"first\x01project bluebird", "project", true},
		{"note: project bluebird", "project", false},
	}
	for _, tt := range tests {
		s := strings.Index(tt.text, tt.at)
		if got := startsSentence([]byte(tt.text), 0, s); got != tt.want {
			t.Errorf("startsSentence(%q at %q) = %v, want %v", tt.text, tt.at, got, tt.want)
		}
	}
}

func TestTitleLine(t *testing.T) {
	tests := []struct {
		line, match, written string
		want                 titleContext
	}{
		{"## SRE Enables Access to OpenAI Models", "Enables Access to OpenAI Models", "enables access to OpenAI models", titleContext{title: true}},
		{"## SRE enables access to OpenAI models", "enables access to OpenAI models", "enables access to OpenAI models", titleContext{}},
		{"# Enables Access to OpenAI Models", "Enables Access to OpenAI Models", "enables access to OpenAI models", titleContext{title: true, lineStart: true}},
		{"Project Bluebird ships today.", "Project Bluebird", "Project Bluebird", titleContext{lineStart: true}},
		{"# Why Project Bluebird Matters", "Project Bluebird", "Project Bluebird", titleContext{title: true}},
		{"- Project Bluebird", "Project Bluebird", "Project Bluebird", titleContext{lineStart: true}},
		{"**Moving Away from Anthropic and Toward OpenAI**", "Moving Away from Anthropic", "moving away from Anthropic", titleContext{title: true, lineStart: true}},
		{"<h2>SRE Is a Passthrough</h2>", "Passthrough", "passthrough", titleContext{title: true}},
		{"// Client Is a Passthrough to OpenAI", "Passthrough", "passthrough", titleContext{title: true}},
		{"| Gateway | Use Integration Instead |", "Gateway", "gateway", titleContext{title: true, lineStart: true}},
		{"SRE is a Passthrough for all of the teams that use it", "Passthrough", "passthrough", titleContext{}},
		{"The SRE FAQ: GPT AND AWS", "GPT", "GPT", titleContext{}},
		{strings.Repeat("Word ", 60) + "Passthrough", "Passthrough", "passthrough", titleContext{}},
	}
	for _, tt := range tests {
		src := "before\n" + tt.line + "\nafter"
		s := strings.Index(src, tt.match)
		if got := titleLine([]byte(src), s, s+len(tt.match), tt.written); got != tt.want {
			t.Errorf("titleLine(%q, %q) = %+v, want %+v", tt.line, tt.match, got, tt.want)
		}
	}
}

func TestInflections(t *testing.T) {
	has := func(list []string, w string) bool {
		for _, x := range list {
			if x == w {
				return true
			}
		}
		return false
	}
	tests := []struct {
		word    string
		want    []string
		notWant []string
	}{
		{"call", []string{"calls", "called", "calling"}, []string{"call"}},
		{"enable", []string{"enables", "enabled", "enabling"}, []string{"enableing"}},
		{"utilize", []string{"utilizes", "utilized", "utilizing"}, nil},
		{"stop", []string{"stops", "stopped", "stopping"}, nil},
		{"carry", []string{"carries", "carried", "carrying"}, nil},
		{"pass", []string{"passes", "passed", "passing"}, nil},
		{"Call", []string{"Calls", "Called", "Calling"}, nil},
		{"tie", []string{"ties", "tied", "tying"}, nil},
	}
	for _, tt := range tests {
		got := inflections(tt.word)
		for _, w := range tt.want {
			if !has(got, w) {
				t.Errorf("inflections(%q) = %v, missing %q", tt.word, got, w)
			}
		}
		for _, w := range tt.notWant {
			if has(got, w) {
				t.Errorf("inflections(%q) = %v, should not have %q", tt.word, got, w)
			}
		}
	}
	if got := inflectPhrase("call OpenAI models"); !has(got, "calling OpenAI models") {
		t.Errorf("inflectPhrase = %v", got)
	}
}

func TestSentenceBounds(t *testing.T) {
	tests := []struct {
		text, at, want string
	}{
		{"first one. sre costs $5 per hour. third.", "$5", "sre costs $5 per hour."},
		{"we use e.g. sre for this. next", "sre", "we use e.g. sre for this."},
		{"acme inc. sells sre today! yes", "sre", "acme inc. sells sre today!"},
		{"the u.s. region hosts sre. ok", "sre", "the u.s. region hosts sre."},
		{"version 3.5 of sre is out. next", "sre", "version 3.5 of sre is out."},
		{"no terminator here sre", "sre", "no terminator here sre"},
		{"he said \"sre rocks.\" then left", "rocks", "he said \"sre rocks.\""},
		{"see example.com for sre. done", "sre", "see example.com for sre."},
	}
	for _, tt := range tests {
		text := []byte(tt.text)
		s := indexOf(tt.text, tt.at)
		var g segmentation
		g.segment(text, 0, len(text))
		ss, se := g.sentence(s, s+len(tt.at))
		if got := tt.text[ss:se]; trimSpace(got) != tt.want {
			t.Errorf("sentence of %q in %q = %q, want %q", tt.at, tt.text, got, tt.want)
		}
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func trimSpace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	return s
}

// Fixes through Check: capitalised matches, Title Case headings and lines,
// lower-case matches unchanged.
func TestCapitalisationThroughCheck(t *testing.T) {
	rs := []*rules.Rule{
		rule("r.access", []string{"enables access to OpenAI models"}, []string{"is powered by OpenAI models"}),
		rule("r.codename", []string{"Project Bluebird"}, []string{"the Relay service"}),
	}
	e, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, src, want string }{
		{"a.md", "Project Bluebird ships today.\n", "The Relay service"},
		{"a.md", "We ship project bluebird today.\n", "the Relay service"},
		{"a.md", "# SRE Enables Access to OpenAI Models\n", "Is Powered by OpenAI Models"},
		{"a.md", "# SRE enables access to OpenAI models\n", "is powered by OpenAI models"},
		{"a.md", "## Why Project Bluebird Matters\n", "the Relay Service"},
		{"a.md", "Intro.\n\n**Enables Access to OpenAI Models for Every Team**\n", "Is Powered by OpenAI Models"},
		{"a.md", "SRE enables access to OpenAI models.\n", "is powered by OpenAI models"},
		{"a.md", "SRE ENABLES ACCESS TO OPENAI MODELS.\n", "IS POWERED BY OPENAI MODELS"},
		{"a.go", "package p\n\n// Enables access to OpenAI models for clients.\nvar x = 1\n", "Is powered by OpenAI models"},
		{"a.html", "<h2>Project Bluebird Is Here</h2>", "The Relay Service"},
		{"a.md", "We love Project Bluebird today.\n", "the Relay service"},
		{"a.md", "We love it. Project Bluebird ships today.\n", "The Relay service"},
		{"a.md", "We love it! \"*Project Bluebird* ships.\"\n", "The Relay service"},
		{"a.md", "See e.g. Project Bluebird for this.\n", "the Relay service"},
		{"a.md", "- Project Bluebird ships\n", "The Relay service"},
		{"a.md", "| a | Project Bluebird ships |\n|---|---|\n| b | c |\n", "The Relay service"},
	}
	for _, tt := range tests {
		fs := e.Check(Document{Path: tt.path, Text: []byte(tt.src)})
		if len(fs) != 1 || len(fs[0].Replacements) == 0 {
			t.Errorf("%q: findings %+v", tt.src, fs)
			continue
		}
		if got := fs[0].Replacements[0]; got != tt.want {
			t.Errorf("%q: fix %q, want %q", tt.src, got, tt.want)
		}
	}
}
