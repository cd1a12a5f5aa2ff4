package analysis

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// slotFuzzPack: one template rule whose message shows {approved} (its slot
// as prose) and {match} (the raw source).
const slotFuzzPack = `
[sets]
models = ["OpenAI models", "GPT models", "OpenAI's models", "AT&T models"]

[[rule]]
id = "t.access"
message = "{approved}|{match}"
restricted = ["gives access to {models}"]
approved = ["is powered by {models}"]
`

// slotFuzzTokens are the pieces fuzzed documents are made of: the words of
// the template, white space and line breaks with the markup that continues
// a block, inline markup, references and escapes.
var slotFuzzTokens = []string{
	"gives", "access", "to", "OpenAI", "GPT", "models", "AT&T", "OpenAI's", "OpenAI’s", "SRE",
	" ", " ", " ", "  ", "\t", "\n", "\n// ", "\n> ", "\n# ", "\n * ", "\n  ", "\r\n", "\n\n",
	"*", "**", "_", "[", "](https://x.org)", "`x`", "<b>", "</b>", "<br>", "&amp;", "&#79;", "&rsquo;",
	`\&`, `\u004f`, `\n`, `\"`, ".", ",", "\u00a0", "’",
}

var slotFuzzExts = []string{"md", "go", "py", "html", "json", "txt"}

// FuzzSlotText: whatever the document, a template slot's text is one line
// of prose (no control character, no run of blanks, trimmed, valid UTF-8
// when the document is) that the matcher reads as one of the set's
// entries; {approved} in the message is the approved phrase filled with
// exactly that text; {match} and Match are the raw source; and no fix
// holds a line break.
func FuzzSlotText(f *testing.F) {
	for _, seed := range []struct {
		ext byte // an index in slotFuzzExts
		src string
	}{
		{0, "SRE gives access to *OpenAI* models."},
		{1, "SRE gives access to OpenAI\nmodels today."},
		{2, "SRE gives access to GPT\n   models today."},
		{3, "SRE gives access to OpenAI&rsquo;s<br>models."},
		{4, `SRE gives access to OpenAI\u2019s\nmodels.`},
		{0, "> SRE gives access to AT\\&T\n> models."},
	} {
		f.Add(seed.ext, []byte(seed.src), false)
	}
	rng := rand.New(rand.NewSource(5))
	for range 60 {
		b := make([]byte, 40)
		rng.Read(b)
		f.Add(byte(rng.Intn(256)), b, true)
	}
	e := templatePack(f, slotFuzzPack)
	var entries []string
	for _, s := range []string{"OpenAI models", "GPT models", "OpenAI's models", "AT&T models"} {
		entries = append(entries, normalizeString(s, true))
	}
	f.Fuzz(func(t *testing.T, kind byte, body []byte, tokens bool) {
		text := string(body)
		if tokens {
			// The template's words in order, often enough to match, with
			// white space, markup and escapes drawn between them.
			words := []string{"SRE", "gives", "access", "to", "OpenAI", "models"}
			var b strings.Builder
			for i, c := range body {
				if c&3 != 0 {
					b.WriteString(words[i%len(words)])
				}
				if c&4 != 0 {
					b.WriteString(slotFuzzTokens[int(c>>3)%len(slotFuzzTokens)])
				} else {
					b.WriteString(" ")
				}
			}
			text = b.String()
		}
		ext := slotFuzzExts[int(kind)%len(slotFuzzExts)]
		switch ext {
		case "go":
			text = "package a\n\n// " + strings.ReplaceAll(text, "\n", "\n// ") + "\nvar x = 1\n"
		case "py":
			text = "# " + strings.ReplaceAll(text, "\n", "\n# ") + "\nx = 1\n"
		case "html":
			text = "<p>" + text + "</p>\n"
		case "json":
			text = `{"k": "` + strings.ReplaceAll(text, "\n", `\n`) + `"}` + "\n"
		}
		src := []byte(text)
		for _, fd := range e.Check(Document{Path: "a." + ext, Text: src}) {
			if fd.Rule != "t.access" {
				continue
			}
			if fd.Match != string(src[fd.Start:fd.End]) {
				t.Fatalf("Match %q is not the source %q", fd.Match, src[fd.Start:fd.End])
			}
			if len(fd.Slots) != 1 {
				t.Fatalf("slots %+v of %q", fd.Slots, fd.Match)
			}
			s := fd.Slots[0].Text
			if strings.ContainsAny(s, "\t\n\r\v\f") || strings.Contains(s, "  ") || s != strings.TrimSpace(s) ||
				utf8.Valid(src) && !utf8.ValidString(s) {
				t.Fatalf("slot text %q of %q is not one trimmed line", s, fd.Match)
			}
			if n := normalizeString(s, true); !slices.Contains(entries, n) {
				t.Fatalf("slot text %q of %q reads %q, not an entry of the set", s, fd.Match, n)
			}
			if len(fd.Match) < maxMatchInMessage/2 {
				if want := "is powered by " + s + "|" + fd.Match; fd.Message != want {
					t.Fatalf("message %q, want %q", fd.Message, want)
				}
			}
			for _, r := range fd.Replacements {
				if strings.ContainsAny(r, "\n\r") {
					t.Fatalf("replacement %q of %q holds a line break", r, fd.Match)
				}
			}
		}
	})
}
