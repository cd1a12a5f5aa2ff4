package server

import (
	"net/url"
	"strings"
	"unicode"
)

// A repository's pack writes the message, rationale, approved phrases and
// link shown in the editor: none of it may inject Markdown (images,
// command: links, raw HTML) into a hover, and only an http or https link
// is shown or sent as a diagnostic's codeDescription.href.

// mdEscaper backslash-escapes every character that can start Markdown
// syntax: emphasis, code, links and images ([ ] ( ) !), raw HTML and
// autolinks (< >), entities (&), headings, tables and strikethrough.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
	"(", `\(`, ")", `\)`, "!", `\!`, "<", `\<`, ">", `\>`, "&", `\&`,
	"#", `\#`, "|", `\|`, "~", `\~`,
)

// escapeMarkdown makes s show as the literal text it is in Markdown.
func escapeMarkdown(s string) string { return mdEscaper.Replace(s) }

// safeLink returns link when it is an absolute http or https URL with a
// host and no spaces or control characters, else "".
func safeLink(link string) string {
	if link == "" || strings.IndexFunc(link, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return ""
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	return link
}

// linkDestination writes a safe link as a Markdown link destination:
// the characters that could end it early are percent-encoded.
var linkDestination = strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", `\`, "%5C", `"`, "%22", "`", "%60")

// markdownLink is "[text](link)" for a safe link, "" otherwise.
func markdownLink(text, link string) string {
	link = safeLink(link)
	if link == "" {
		return ""
	}
	return "[" + escapeMarkdown(text) + "](" + linkDestination.Replace(link) + ")"
}
