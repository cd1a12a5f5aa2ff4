package valeimport

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// ruleID turns a Vale rule name into a guardrail rule id:
// "Google.WordList" → "google.word-list", "Microsoft.URLFormat" →
// "microsoft.url-format".
func ruleID(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = kebab(p)
	}
	return strings.Join(parts, ".")
}

// kebab splits CamelCase into lower-case words joined by '-' and keeps
// only [a-z0-9-].
func kebab(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('-')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return slug(b.String())
}

// Compiled on first use (an import), not at every start of guardrail.
var nonSlug = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^a-z0-9]+`) })

// slug makes an id part from free text: lower case, runs of anything but
// [a-z0-9] become '-', at most 40 characters.
func slug(s string) string {
	s = nonSlug().ReplaceAllString(strings.ToLower(s), "-")
	s = strings.Trim(s, "-")
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "-")
	}
	if s == "" {
		s = "x"
	}
	return s
}

// uniqueID returns id, or id-2, id-3… when taken.
func (c *converter) uniqueID(id string) string {
	out := id
	for n := 2; c.ids[out]; n++ {
		out = fmt.Sprintf("%s-%d", id, n)
	}
	c.ids[out] = true
	return out
}

// existenceMessage turns Vale's `%s` (the matched text) into {match}.
func existenceMessage(msg string) string {
	if strings.TrimSpace(msg) == "" {
		return ""
	}
	msg = protectBraces(msg)
	msg = strings.ReplaceAll(msg, "%s", "{match}")
	return strings.ReplaceAll(msg, "%%", "%")
}

// substitutionMessage fills Vale's two `%s` (the replacement, then the
// matched text). A single approved phrase becomes {approved}; several
// (`a|b`) are written out as Vale shows them ("'a' or 'b'"), since
// {approved} is only the preferred one.
func substitutionMessage(msg, value string, approved []string) string {
	if strings.TrimSpace(msg) == "" {
		return ""
	}
	msg = protectBraces(msg)
	first := "{approved}"
	switch {
	case len(approved) == 0:
		first = protectBraces(value)
	case len(approved) > 1:
		quoted := make([]string, len(approved))
		for i, a := range approved {
			quoted[i] = "'" + protectBraces(a) + "'"
		}
		list := strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
		if strings.Contains(msg, "'%s'") {
			msg = strings.Replace(msg, "'%s'", "%s", 1)
		} else if strings.Contains(msg, `"%s"`) {
			msg = strings.Replace(msg, `"%s"`, "%s", 1)
		}
		first = list
	}
	msg = strings.Replace(msg, "%s", first, 1)
	msg = strings.Replace(msg, "%s", "{match}", 1)
	return strings.ReplaceAll(msg, "%%", "%")
}

var placeholderLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([A-Za-z0-9_.-]*)\}`) })

// protectBraces keeps literal text such as "{name}" from reading as a
// guardrail placeholder: it becomes "(name)".
func protectBraces(s string) string {
	return placeholderLike().ReplaceAllString(s, "($1)")
}
