package format

import (
	"bytes"
	"strings"
	"sync"

	"github.com/guardrail-dev/guardrail/rules"
	"golang.org/x/net/html"
)

// HTML scoping: text nodes are prose (headings are ScopeHeadings), the
// values of the alt, title and aria-label attributes and of
// <meta name="description" content="..."> are prose chunks of their own,
// comments are Comments. Offsets come from the tokenizer's raw bytes, so
// they are exact whatever the line endings.

// htmlTagClass says how an element affects chunking.
type htmlTagClass uint8

const (
	htmlInline  htmlTagClass = iota // the tag is a gap inside the chunk
	htmlBlock                       // the tag ends the chunk before it and starts a new one
	htmlSkip                        // block whose content is not checked
	htmlSkipInl                     // inline element whose content is not checked (a gap)
	htmlBreak                       // <br>: a line break inside the chunk
)

// htmlTags maps a lower-case tag name to its class (htmlInline when
// absent); built on first use, not at every start.
var htmlTags = sync.OnceValue(func() map[string]htmlTagClass {
	m := map[string]htmlTagClass{}
	for _, t := range strings.Fields(`address article aside blockquote body button
		caption center col colgroup dd details dialog dir div dl dt fieldset figcaption
		figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html
		iframe legend li link main menu meta nav ol optgroup option p search section
		select summary table tbody td tfoot th thead title tr ul`) {
		m[t] = htmlBlock
	}
	for _, t := range strings.Fields(`script style pre textarea template svg math
		noscript object applet plaintext xmp listing noembed noframes`) {
		m[t] = htmlSkip
	}
	for _, t := range strings.Fields(`code kbd samp var tt`) {
		m[t] = htmlSkipInl
	}
	m["br"] = htmlBreak
	return m
})

// htmlVoid holds the void elements' names; built on first use.
var htmlVoid = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(`area base br col embed hr img input link meta param source track wbr`) {
		m[t] = true
	}
	return m
})

func isHeadingTag(name string) bool {
	return len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'
}

// ScopeHTML scopes an HTML document.
func ScopeHTML(src []byte) Scoped {
	var sc Scoped
	scopeHTMLRange(&sc, src, 0, len(src), false)
	sortScoped(&sc)
	return sc
}

// scopeHTMLRange scopes the HTML in src[lo:hi], appending to sc with offsets
// into src. inMarkdown restricts the attributes checked to alt and title
// (in Markdown, HTML attributes other than alt/title are skipped).
func scopeHTMLRange(sc *Scoped, src []byte, lo, hi int, inMarkdown bool) {
	z := html.NewTokenizer(bytes.NewReader(src[lo:hi]))
	var (
		cur      chunkBuilder
		pos      = lo
		headings int
		skip     []string // stack of open skipped elements
		afterBR  bool
		// codeAt is where an inline code-like element (<code>, <kbd>,
		// ...) starts while one is open: it is one Opaque segment.
		codeAt = -1
	)
	scope := func() rules.Scope {
		if headings > 0 {
			return rules.ScopeHeadings
		}
		return rules.ScopeProse
	}
	flush := func() {
		cur.take(sc, src, scope())
		afterBR = false
	}
	for {
		tt := z.Next()
		raw := z.Raw()
		start := pos
		pos += len(raw)
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if len(skip) > 0 {
				continue
			}
			s := start
			if afterBR && cur.lastEnd() == start {
				for s < pos && isASCIISpace(src[s]) {
					s++
				}
				cur.segs[len(cur.segs)-1].End = s
			}
			afterBR = false
			addProse(&cur, src, s, pos, optEntities|optLineBreaks)
		case html.CommentToken:
			if c, ok := htmlComment(src, start, pos); ok {
				sc.Comments = append(sc.Comments, c)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			class := htmlTags()[tag]
			if len(skip) > 0 {
				top := skip[len(skip)-1]
				switch {
				case tt == html.EndTagToken && tag == top:
					if skip = skip[:len(skip)-1]; len(skip) == 0 && codeAt >= 0 {
						cur.opaque(codeAt, pos)
						codeAt = -1
					}
				case tt == html.StartTagToken && tag == top:
					skip = append(skip, tag)
				case tt == html.EndTagToken && htmlTags()[top] == htmlSkipInl && class == htmlBlock:
					// An unclosed <code> ends with its block.
					skip = skip[:0]
					if codeAt >= 0 {
						cur.opaque(codeAt, start)
						codeAt = -1
					}
					flush()
					if isHeadingTag(tag) && headings > 0 {
						headings--
					}
				}
				continue
			}
			if tt != html.EndTagToken {
				htmlAttrChunks(sc, src, start, pos, tag, inMarkdown)
			}
			switch class {
			case htmlBlock:
				flush()
				if isHeadingTag(tag) {
					if tt == html.StartTagToken {
						headings++
					} else if tt == html.EndTagToken && headings > 0 {
						headings--
					}
				}
			case htmlSkip:
				flush()
				if tt == html.StartTagToken && !htmlVoid()[tag] {
					skip = append(skip, tag)
				}
			case htmlSkipInl:
				if tt == html.StartTagToken {
					skip = append(skip, tag)
					codeAt = start
				}
			case htmlBreak:
				if !cur.empty() {
					cur.synth(start, pos, "\n")
					afterBR = true
				}
			}
		}
	}
	if codeAt >= 0 {
		cur.opaque(codeAt, pos)
	}
	flush()
}

// htmlComment makes a Comment of the comment token src[start:end].
func htmlComment(src []byte, start, end int) (Comment, bool) {
	raw := src[start:end]
	if !bytes.HasPrefix(raw, []byte("<!--")) {
		return Comment{}, false
	}
	inner := raw[4:]
	if bytes.HasSuffix(inner, []byte("-->")) {
		inner = inner[:len(inner)-3]
	} else if bytes.HasSuffix(inner, []byte("--!>")) {
		inner = inner[:len(inner)-4]
	}
	return Comment{Start: start, End: end, Text: strings.TrimSpace(string(inner))}, true
}

// htmlAttr is an attribute found in a raw tag: its lower-case name and the
// source range of its value (without quotes).
type htmlAttr struct {
	name       string
	valStart   int
	valEnd     int
	hasValue   bool
	valueQuote byte
}

// scanHTMLAttrs lists the attributes of the raw tag src[start:end] ("<name
// ...>"), with offsets into src.
func scanHTMLAttrs(src []byte, start, end int, out []htmlAttr) []htmlAttr {
	i := start + 1
	if i < end && src[i] == '/' {
		i++
	}
	for i < end && !isASCIISpace(src[i]) && src[i] != '/' && src[i] != '>' {
		i++
	}
	for i < end {
		for i < end && (isASCIISpace(src[i]) || src[i] == '/') {
			i++
		}
		if i >= end || src[i] == '>' {
			break
		}
		ns := i
		i++ // an attribute name may start with '='
		for i < end && !isASCIISpace(src[i]) && src[i] != '/' && src[i] != '>' && src[i] != '=' {
			i++
		}
		a := htmlAttr{name: strings.ToLower(string(src[ns:i]))}
		j := i
		for j < end && isASCIISpace(src[j]) {
			j++
		}
		if j < end && src[j] == '=' {
			j++
			for j < end && isASCIISpace(src[j]) {
				j++
			}
			a.hasValue = true
			if j < end && (src[j] == '"' || src[j] == '\'') {
				q := src[j]
				a.valueQuote = q
				j++
				a.valStart = j
				for j < end && src[j] != q {
					j++
				}
				a.valEnd = j
				if j < end {
					j++
				}
			} else {
				a.valStart = j
				for j < end && !isASCIISpace(src[j]) && src[j] != '>' {
					j++
				}
				a.valEnd = j
			}
			i = j
		}
		out = append(out, a)
	}
	return out
}

// htmlAttrChunks adds the checked attribute values of the start tag
// src[start:end] as chunks of their own: alt, title, aria-label and a meta
// description's content; in Markdown, alt and title only.
func htmlAttrChunks(sc *Scoped, src []byte, start, end int, tag string, inMarkdown bool) {
	if bytes.IndexByte(src[start:end], '=') < 0 {
		return
	}
	var buf [8]htmlAttr
	attrs := scanHTMLAttrs(src, start, end, buf[:0])
	isDescription := false
	if tag == "meta" && !inMarkdown {
		for _, a := range attrs {
			if (a.name == "name" || a.name == "property") && a.hasValue {
				v := strings.ToLower(string(src[a.valStart:a.valEnd]))
				if v == "description" || v == "og:description" || v == "twitter:description" {
					isDescription = true
				}
			}
		}
	}
	var b chunkBuilder
	for _, a := range attrs {
		if !a.hasValue {
			continue
		}
		switch a.name {
		case "alt", "title":
		case "aria-label":
			if inMarkdown {
				continue
			}
		case "content":
			if !isDescription {
				continue
			}
		default:
			continue
		}
		addProse(&b, src, a.valStart, a.valEnd, optEntities|optLineBreaks)
		b.take(sc, src, rules.ScopeProse)
	}
}
