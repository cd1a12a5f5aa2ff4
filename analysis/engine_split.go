package analysis

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis/format"
)

// Splitting a large document into parts that check independently, so that
// its parts can be scoped and matched on several cores (engine_parallel.go).
//
// A Markdown or plain-text document splits at blank lines where no
// construct continues across them, the way the language server splits a
// document for incremental re-checks (server/incremental.go, whose rules
// this file repeats until both take them from analysis/format): chunks, sentences and matches never leave a block,
// and what reaches across blocks — block suppression directives
// (guardrail-disable … guardrail-enable), link reference definitions,
// template tags that pair across blank lines, fenced code and HTML blocks
// holding blank lines, front matter, container blocks continued by
// indented lines, and [ignore] patterns — either stays inside one part or
// keeps the document whole. Every part is then checked as a document of its
// own, and its findings are the whole document's findings in its range:
// TestCheckPartsSameAsWhole and FuzzCheckParts compare the two.

// srcRange is a byte range of a document's source.
type srcRange struct{ start, end int }

// splitsKind reports whether documents of this kind may be split.
// MDX is not (its JSX and expressions may span blank lines); neither are
// HTML, code and catalogs, whose constructs (elements, block comments,
// strings) span blank lines freely.
func splitsKind(kind format.Kind, path string) bool {
	switch kind {
	case format.KindText:
		return true
	case format.KindMarkdown:
		return !strings.EqualFold(filepath.Ext(path), ".mdx") // as format.Scope tells MDX
	}
	return false
}

// splittableText reports whether text holds nothing that rules out
// splitting: "\r" (a line break the split does not see), block
// suppression directives, and in Markdown "]:" (maybe a link reference
// definition, which links anywhere may use), "{{<" and "{%" (template
// tags whose bodies are skipped, which may pair across blank lines).
func splittableText(markdown bool, text []byte) bool {
	if bytes.IndexByte(text, '\r') >= 0 || hasBlockDirective(text) {
		return false
	}
	if !markdown {
		return true
	}
	for rest := text; ; {
		i := bytes.IndexByte(rest, '{')
		if i < 0 || i+1 >= len(rest) {
			break
		}
		if rest[i+1] == '%' || rest[i+1] == '{' && i+2 < len(rest) && rest[i+2] == '<' {
			return false
		}
		rest = rest[i+1:]
	}
	return !bytes.Contains(text, []byte("]:"))
}

// hasBlockDirective reports whether text may hold guardrail-disable or
// guardrail-enable (not the -line and -next-line forms), whose effect
// spans blocks.
func hasBlockDirective(text []byte) bool {
	for rest := text; ; {
		i := bytes.Index(rest, []byte("guardrail-"))
		if i < 0 {
			return false
		}
		rest = rest[i+len("guardrail-"):]
		if bytes.HasPrefix(rest, []byte("enable")) {
			return true
		}
		if !bytes.HasPrefix(rest, []byte("disable")) {
			continue
		}
		rest = rest[len("disable"):]
		if !bytes.HasPrefix(rest, []byte("-line")) && !bytes.HasPrefix(rest, []byte("-next-line")) {
			return true
		}
	}
}

// splitParts cuts text into parts of about size bytes or more at blank
// lines that no construct continues across; the blank lines between parts
// belong to none. It returns nil when the text must be checked whole (or
// holds no such blank line past size).
func splitParts(text []byte, markdown bool, size int) []srcRange {
	minSplit := 0
	if markdown {
		minSplit = format.FrontMatterEnd(text)
	}
	var (
		parts      []srcRange
		partStart  = 0
		blankStart = -1
		// An open fenced code block or HTML block of types 1-5 (which may
		// hold blank lines), and the indentation of its opening line.
		fenceChar byte
		fenceLen  int
		htmlEnd   []string
		openInd   int
		// html67 is set from a line starting with '<' up to the next
		// blank line: maybe an HTML block of type 6 or 7, in which a
		// fence-like line is not a fence.
		html67 bool
	)
	for ls := 0; ls < len(text); {
		le := bytes.IndexByte(text[ls:], '\n')
		next := len(text)
		if le < 0 {
			le = len(text)
		} else {
			le += ls
			next = le + 1
		}
		line := text[ls:le]
		if isBlankLine(line) {
			if blankStart < 0 {
				blankStart = ls
			}
			html67 = false
			ls = next
			continue
		}
		if blankStart >= 0 {
			// A part is checked as a document of its own, so it must not
			// start with what would be front matter at the top of one
			// (after a byte order mark too).
			if blankStart-partStart >= size && fenceChar == 0 && htmlEnd == nil && ls > minSplit && line[0] != ' ' && line[0] != '\t' &&
				!(markdown && format.FrontMatterEnd(text[ls:]) > 0) {
				parts = append(parts, srcRange{partStart, blankStart})
				partStart = ls
			}
			blankStart = -1
		}
		if markdown {
			ind, t := indentation(line)
			switch {
			case fenceChar != 0 || htmlEnd != nil:
				// A line indented less than the opening line may close a
				// container (a list item) and the block with it, or be
				// content of a top-level block: a parser question.
				if ind < openInd {
					return nil
				}
				if fenceChar != 0 && ind <= 3 && isClosingFence(t, fenceChar, fenceLen) {
					fenceChar = 0
				} else if htmlEnd != nil && containsAnyFold(line, htmlEnd) {
					htmlEnd = nil
				}
			case ind <= 3:
				c, n, end := blockOpener(t)
				if (c != 0 || end != nil) && html67 {
					return nil
				}
				if c != 0 || end != nil {
					fenceChar, fenceLen, htmlEnd, openInd = c, n, end, ind
				} else if len(t) > 0 && t[0] == '<' {
					html67 = true
				}
			}
		}
		ls = next
	}
	if fenceChar != 0 || htmlEnd != nil || len(parts) == 0 {
		return nil // open to the end (let the parser decide), or one part
	}
	return append(parts, srcRange{partStart, len(text)})
}

// indentation returns a line's indentation in columns (tabs to multiples
// of 4) and the line after it.
func indentation(line []byte) (int, []byte) {
	n, i := 0, 0
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n, line[i:]
		}
	}
	return n, nil
}

func isBlankLine(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// blockOpener recognises a line (after its indentation of at most three
// columns) that opens a fenced code block or an HTML block that may
// contain blank lines (CommonMark HTML block types 1-5) and does not close
// on the same line.
func blockOpener(t []byte) (fenceChar byte, fenceLen int, htmlEnd []string) {
	if len(t) == 0 {
		return 0, 0, nil
	}
	if c := t[0]; c == '`' || c == '~' {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 && !(c == '`' && bytes.IndexByte(t[n:], '`') >= 0) {
			return c, n, nil
		}
		return 0, 0, nil
	}
	if t[0] != '<' {
		return 0, 0, nil
	}
	lower := bytes.ToLower(t)
	var end []string
	switch {
	case bytes.HasPrefix(lower, []byte("<!--")):
		end = []string{"-->"}
		lower = lower[4:]
	case bytes.HasPrefix(lower, []byte("<![cdata[")):
		end = []string{"]]>"}
	case bytes.HasPrefix(lower, []byte("<?")):
		end = []string{"?>"}
	case len(lower) > 2 && lower[1] == '!' && lower[2] >= 'a' && lower[2] <= 'z':
		end = []string{">"}
	default:
		for _, tag := range []string{"script", "pre", "style", "textarea"} {
			if bytes.HasPrefix(lower[1:], []byte(tag)) {
				rest := lower[1+len(tag):]
				if len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '>' {
					end = []string{"</script>", "</pre>", "</style>", "</textarea>"}
				}
			}
		}
	}
	if end == nil || containsAnyFold(lower, end) {
		return 0, 0, nil
	}
	return 0, 0, end
}

// isClosingFence reports whether t (a line after its indentation) closes
// a fence of n characters c.
func isClosingFence(t []byte, c byte, n int) bool {
	k := 0
	for k < len(t) && t[k] == c {
		k++
	}
	return k >= n && isBlankLine(t[k:])
}

func containsAnyFold(line []byte, subs []string) bool {
	lower := bytes.ToLower(line)
	for _, s := range subs {
		if bytes.Contains(lower, []byte(s)) {
			return true
		}
	}
	return false
}
