package format

import "bytes"

// Template syntax in Markdown is not prose. Static site generators run a
// template language over Markdown before rendering it:
//
//   - Hugo shortcodes, {{< name … >}} and {{% name … %}} (escaped
//     {{</* … */>}} too), paired with {{< /name >}} or self-closed with
//     />}}. The body of a paired {{< … >}} shortcode is handed to the
//     shortcode's template unrendered (highlighted code, diagrams, TOML
//     examples), so it is not prose either; the body of a {{% … %}}
//     shortcode is Markdown, and is checked;
//   - Liquid and Jinja tags, {% … %} (and {%- … -%}), with the bodies of
//     {% raw %}, {% comment %} and {% highlight %} … {% end… %}, which are
//     not prose;
//   - Go template, Liquid and Jinja output tags, {{ … }}.
//
// Each tag, and each skipped body with its two tags, is inline code: one
// Opaque segment (a tag on a line of its own leaves nothing to check). A
// tag may span lines but not a blank line: an opener with no closer before
// the next blank line is text. Scanning is linear: each closer and blank
// line is searched for once, whatever the number of unclosed openers.

// cutTemplates takes the template syntax of the Markdown document src out
// of sc's chunks.
func cutTemplates(sc *Scoped, src []byte) {
	if cuts := templateCuts(src); len(cuts) > 0 {
		applyCutsToScoped(sc, src, normalizeCuts(cuts))
	}
}

// templateScan finds the template tags of src in one pass.
type templateScan struct {
	src []byte
	// next holds, per closer, the position of its next occurrence at or
	// after the last search (len(src): none), so that each is searched for
	// once over the document.
	next [4]int
	// blank is the start of the first blank line after the last search
	// (-1: not searched yet).
	blank int
}

var templateClosers = [4][]byte{[]byte(">}}"), []byte("%}}"), []byte("}}"), []byte("%}")}

const (
	tmplHugoAngle = iota // {{< … >}}
	tmplHugoPct          // {{% … %}}
	tmplOutput           // {{ … }}
	tmplTag              // {% … %}
)

// templateTag is one tag found.
type templateTag struct {
	start, end int
	kind       int
	name       string // shortcode or Liquid tag name ("" for output tags)
	closing    bool   // {{< /name >}}, or a Liquid end… tag
	paired     bool   // may open a body ({{< name >}}, not self-closed or escaped)
}

// templateCuts returns the opaque cuts of src's template syntax (sorted,
// possibly overlapping).
func templateCuts(src []byte) []Cut {
	if bytes.IndexByte(src, '{') < 0 {
		return nil
	}
	ts := templateScan{src: src}
	for i := range ts.next {
		ts.next[i] = -1
	}
	ts.blank = -1
	var (
		tags  []templateTag
		cuts  []Cut
		opens map[string][]int // unclosed pairable tags by name: indices into tags
	)
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '{')
		if j < 0 {
			break
		}
		i += j
		t, ok := ts.tagAt(i)
		if !ok {
			i++
			continue
		}
		cuts = append(cuts, Cut{Start: t.start, End: t.end})
		key := t.name
		if t.kind == tmplTag {
			key = "%" + key // Liquid blocks pair among themselves
		}
		switch {
		case t.closing && t.name != "":
			if st := opens[key]; len(st) > 0 {
				o := tags[st[len(st)-1]]
				opens[key] = st[:len(st)-1]
				if o.kind == tmplHugoAngle || o.kind == tmplTag {
					cuts = append(cuts, Cut{Start: o.start, End: t.end})
				}
			}
		case t.paired:
			if opens == nil {
				opens = map[string][]int{}
			}
			opens[key] = append(opens[key], len(tags))
		}
		tags = append(tags, t)
		i = t.end
	}
	return cuts
}

// tagAt parses a tag starting at src[i] == '{'.
func (ts *templateScan) tagAt(i int) (templateTag, bool) {
	src := ts.src
	if i+1 >= len(src) {
		return templateTag{}, false
	}
	kind, open := -1, 0
	switch {
	case src[i+1] == '{' && i+2 < len(src) && src[i+2] == '<':
		kind, open = tmplHugoAngle, 3
	case src[i+1] == '{' && i+2 < len(src) && src[i+2] == '%':
		kind, open = tmplHugoPct, 3
	case src[i+1] == '{':
		kind, open = tmplOutput, 2
	case src[i+1] == '%':
		kind, open = tmplTag, 2
	default:
		return templateTag{}, false
	}
	c := ts.closer(kind, i+open)
	if c < 0 || ts.blankAfter(i) < c {
		return templateTag{}, false
	}
	t := templateTag{start: i, end: c + len(templateClosers[kind]), kind: kind}
	inner := src[i+open : c]
	switch kind {
	case tmplHugoAngle, tmplHugoPct:
		inner = bytes.TrimSpace(inner)
		if bytes.HasPrefix(inner, []byte("/*")) {
			return t, true // escaped: shown as written, never paired
		}
		selfClosed := bytes.HasSuffix(inner, []byte("/"))
		if t.closing = bytes.HasPrefix(inner, []byte("/")); t.closing {
			inner = bytes.TrimSpace(inner[1:])
		}
		t.name = string(templateName(inner, true))
		t.paired = !t.closing && !selfClosed && t.name != ""
	case tmplTag:
		inner = bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(inner), []byte("-")))
		name := templateName(inner, false)
		switch string(name) {
		case "raw", "comment", "highlight":
			t.name, t.paired = string(name), true
		case "endraw", "endcomment", "endhighlight":
			t.name, t.closing = string(name[3:]), true
		}
	}
	return t, true
}

// templateName is the name at the start of a tag's inner text: letters,
// digits, '_', '-' and, for shortcodes, '/' and '.'.
func templateName(inner []byte, shortcode bool) []byte {
	j := 0
	for j < len(inner) {
		c := inner[j]
		if isAlpha(c) || isDigit(c) || c == '_' || c == '-' || shortcode && (c == '/' || c == '.') {
			j++
			continue
		}
		break
	}
	return inner[:j]
}

// closer returns the position of the next closer of kind at or after from,
// or -1.
func (ts *templateScan) closer(kind, from int) int {
	n := ts.next[kind]
	if n == len(ts.src) {
		return -1 // none after an earlier, smaller from
	}
	if n < from {
		j := bytes.Index(ts.src[from:], templateClosers[kind])
		if j < 0 {
			ts.next[kind] = len(ts.src)
			return -1
		}
		n = from + j
		ts.next[kind] = n
	}
	return n
}

// blankAfter returns the start of the first blank line after position i
// (len(src) if none). Calls come with i never decreasing: a blank line
// found for an earlier i is the first one after a later i too, as long as
// it lies after it, so each line is looked at about once.
func (ts *templateScan) blankAfter(i int) int {
	if ts.blank > i {
		return ts.blank
	}
	src := ts.src
	b := len(src)
	for k := i; k < len(src); {
		j := bytes.IndexAny(src[k:], "\n\r")
		if j < 0 {
			break
		}
		k = nextLine(src, k+j)
		e := k
		for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
			e++
		}
		if e >= len(src) || src[e] == '\n' || src[e] == '\r' {
			b = k
			break
		}
	}
	ts.blank = b
	return b
}
