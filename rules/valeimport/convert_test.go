package valeimport

import (
	"reflect"
	"strings"
	"testing"
)

func TestRuleID(t *testing.T) {
	for in, want := range map[string]string{
		"Google.WordList":           "google.word-list",
		"Microsoft.URLFormat":       "microsoft.url-format",
		"Google.AMPM":               "google.ampm",
		"Microsoft.HeadingAcronyms": "microsoft.heading-acronyms",
		"Google.LyHyphens":          "google.ly-hyphens",
		"write-good.E-Prime":        "write-good.e-prime",
		"proselint.Cliches":         "proselint.cliches",
	} {
		if got := ruleID(in); got != want {
			t.Errorf("ruleID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestConvertToken: a token becomes phrases only where guardrail's
// whole-word phrases match exactly what Vale's regex matches, else an RE2
// pattern written as Vale builds it, else an error saying why.
func TestConvertToken(t *testing.T) {
	tests := []struct {
		tok       string
		word      bool // Vale wraps the token in \b…\b (not nonword)
		phrases   []string
		pattern   string
		errSubstr string
	}{
		{tok: "he/she", word: true, phrases: []string{"he/she"}},
		// \b before "(" needs a word character before it: not a phrase.
		{tok: `\(s\)he`, word: true, pattern: `\b(?:\(s\)he)\b`},
		// nonword: matches anywhere; a phrase of punctuation does too.
		{tok: `\.\.\.`, phrases: []string{"..."}},
		// nonword with explicit \b: whole words, as a phrase.
		{tok: `\bme\b`, phrases: []string{"me"}},
		// nonword without \b matches inside words ("some"): a pattern.
		{tok: "me", pattern: "me"},
		{tok: `[\w]+ed`, word: true, pattern: `\b(?:[\w]+ed)\b`},
		{tok: `\w+!(?:\s|$)`, pattern: `(?m)\w+!(?:\s|$)`},
		{tok: `(?<!:[^ ]+?):\s[A-Z]`, errSubstr: "lookbehind"},
		{tok: `it is(?!\.)`, word: true, errSubstr: "lookahead"},
		{tok: `(\w)\1`, errSubstr: "back-reference"},
		{tok: `x*`, errSubstr: "empty string"},
	}
	for _, tt := range tests {
		phrases, pattern, err := convertToken(tt.tok, tt.word, true)
		if tt.errSubstr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errSubstr) {
				t.Errorf("convertToken(%q) error = %v, want one saying %q", tt.tok, err, tt.errSubstr)
			}
			continue
		}
		if err != nil {
			t.Errorf("convertToken(%q): %v", tt.tok, err)
			continue
		}
		if !reflect.DeepEqual(phrases, tt.phrases) || pattern != tt.pattern {
			t.Errorf("convertToken(%q, word=%v) = %q, %q; want %q, %q", tt.tok, tt.word, phrases, pattern, tt.phrases, tt.pattern)
		}
	}
}

func TestMessages(t *testing.T) {
	if got := existenceMessage("Avoid '%s' (100%% sure) {name}."); got != "Avoid '{match}' (100% sure) (name)." {
		t.Errorf("existenceMessage = %q", got)
	}
	tests := []struct {
		msg, value string
		approved   []string
		want       string
	}{
		{"Use '%s' instead of '%s'.", "email", []string{"email"}, "Use '{approved}' instead of '{match}'."},
		{"Use '%s' instead of '%s'.", "humanity|people", []string{"humanity", "people"}, "Use 'humanity' or 'people' instead of '{match}'."},
		{"Use %s, not %s.", "a|b|c", []string{"a", "b", "c"}, "Use 'a', 'b' or 'c', not {match}."},
		{"Prefer '%s'.", `[pP]y.*\b`, nil, `Prefer '[pP]y.*\b'.`},
	}
	for _, tt := range tests {
		if got := substitutionMessage(tt.msg, tt.value, tt.approved); got != tt.want {
			t.Errorf("substitutionMessage(%q, %q) = %q, want %q", tt.msg, tt.value, got, tt.want)
		}
	}
}

func TestLevels(t *testing.T) {
	for in, want := range map[string]string{"error": "error", "warning": "warning", "suggestion": "info", "": "info"} {
		if got := levelSeverity(in); got != want {
			t.Errorf("levelSeverity(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGuardrailGlobs(t *testing.T) {
	got, all := guardrailGlobs([]string{"*.md", "*.{md,txt}", "docs/*.md", "*.md"})
	want := []string{"**/*.md", "**/*.{md,txt}", "**/docs/*.md"}
	if all || !reflect.DeepEqual(got, want) {
		t.Errorf("guardrailGlobs = %q, %v; want %q", got, all, want)
	}
	if _, all := guardrailGlobs([]string{"*.md", "*"}); !all {
		t.Error("a [*] section should apply the rule everywhere")
	}
}

func TestSplitOptions(t *testing.T) {
	got := splitOptions(`a|b\|c| d |`)
	if want := []string{"a", "b|c", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("splitOptions = %q, want %q", got, want)
	}
}
