package format

import "bytes"

// Markdown block structure as Split needs it, line by line without a
// parser: the fenced code blocks and HTML blocks that may contain blank
// lines, and indentation (a line indented less than a block's opening line
// may close a container, a question only the parser answers).

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
