package analysis

import "testing"

func TestTransferCase(t *testing.T) {
	tests := []struct{ match, written, approved, want string }{
		{"enables access to OpenAI models", "enables access to OpenAI models", "is powered by OpenAI models", "is powered by OpenAI models"},
		{"Enables access to OpenAI models", "enables access to OpenAI models", "is powered by OpenAI models", "Is powered by OpenAI models"},
		{"ENABLES ACCESS TO OPENAI MODELS", "enables access to OpenAI models", "is powered by OpenAI models", "IS POWERED BY OPENAI MODELS"},
		{"Utilize", "utilize", "use", "Use"},
		{"utilize", "utilize", "use", "use"},
		{"UTILIZE", "utilize", "use", "USE"},
		// The phrase itself starts with a capital: no signal.
		{"OpenAI passthrough", "OpenAI passthrough", "integration with OpenAI", "integration with OpenAI"},
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
