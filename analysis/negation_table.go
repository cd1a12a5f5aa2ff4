package analysis

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A table of wording to avoid and wording to use ("| Instead of | Write |")
// quotes, in its "Instead of" column, the thing not to say: a claim in a
// cell of a column whose header forbids (forbiddenHeader) is not flagged.
// Like crossedRow it reads the source lines: a row is a line with a "|",
// its table the rows above it up to the first, the header, which a
// delimiter row ("|---|---|") follows. Headers are found once per table (tableHeaders), so the work is
// linear in the rows however many claims they hold.

// tableHeaders memoizes, by a row's line start, the line start of its
// table's header row (-1: none).
type tableHeaders map[int]int

// maxTableLine bounds the line length looked at, as crossedRow does.
const maxTableLine = 512

// forbiddenColumn reports whether the source offset off lies in a table
// cell whose column header forbids its wording.
func forbiddenColumn(src []byte, off int, memo *tableHeaders) bool {
	ls, le, ok := tableRowAt(src, off)
	if !ok {
		return false
	}
	col := cellIndex(src[ls:le], off-ls)
	if col < 0 {
		return false
	}
	if *memo == nil {
		*memo = tableHeaders{}
	}
	h := memo.header(src, ls)
	if h < 0 || h == ls {
		return false // no header, or the header row itself
	}
	he := h
	for he < len(src) && src[he] != '\n' {
		he++
	}
	cells := splitCells(src[h:he])
	return col < len(cells) && forbiddenHeader(cells[col])
}

// tableRowAt returns the line [ls, le) holding off when it is a table row.
func tableRowAt(src []byte, off int) (ls, le int, ok bool) {
	ls = off
	for ls > 0 && src[ls-1] != '\n' {
		ls--
		if off-ls > maxTableLine {
			return 0, 0, false
		}
	}
	le = off
	for le < len(src) && src[le] != '\n' {
		le++
		if le-off > maxTableLine {
			return 0, 0, false
		}
	}
	return ls, le, isTableRow(src[ls:le])
}

// isTableRow reports a line with a pipe: a table row when a header and a
// delimiter row stand above it (header).
func isTableRow(line []byte) bool {
	return bytes.IndexByte(line, '|') >= 0
}

// header returns the line start of the header of the table whose row
// starts at ls: the first of the rows above it, the one before a
// delimiter row ("|---|---|"). -1 when there is none.
func (m tableHeaders) header(src []byte, ls int) int {
	var path []int
	h, hit := -1, false
	for cur := ls; ; {
		if v, ok := m[cur]; ok {
			h, hit = v, true
			break
		}
		path = append(path, cur)
		if cur == 0 {
			break
		}
		p := cur - 1 // the '\n' ending the line above
		ps := p
		for ps > 0 && src[ps-1] != '\n' && p-ps <= maxTableLine {
			ps--
		}
		if (ps > 0 && src[ps-1] != '\n') || !isTableRow(src[ps:p]) {
			break
		}
		cur = ps
	}
	if !hit && len(path) > 0 {
		// No memo: path ends at the top of the block, the header when
		// a delimiter row follows it.
		top := path[len(path)-1]
		ss := top
		for ss < len(src) && src[ss] != '\n' {
			ss++
		}
		if ss < len(src) {
			se := ss + 1
			for se < len(src) && src[se] != '\n' && se-ss <= maxTableLine {
				se++
			}
			if delimiterRow(src[ss+1 : se]) {
				h = top
			}
		}
	}
	for _, p := range path {
		m[p] = h
	}
	return h
}

// delimiterRow reports a row of dashes, colons and pipes.
func delimiterRow(line []byte) bool {
	t := bytes.TrimSpace(line)
	dash := false
	for _, c := range t {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash
}

// cellIndex returns the index of the cell of row holding offset i (the
// first cell is 0 whether or not the row starts with "|"), or -1 on a
// separator.
func cellIndex(row []byte, i int) int {
	lead := bytes.IndexFunc(row, func(r rune) bool { return r != ' ' && r != '\t' })
	col := 0
	for k := 0; k < i && k < len(row); k++ {
		switch {
		case row[k] == '\\':
			k++
		case row[k] == '|':
			if k != lead {
				col++
			}
		}
	}
	if i < len(row) && row[i] == '|' {
		return -1
	}
	return col
}

// splitCells returns the cells of a row, the outer pipes left out.
func splitCells(row []byte) []string {
	t := bytes.TrimSpace(row)
	t = bytes.TrimPrefix(t, []byte("|"))
	var cells []string
	start := 0
	for k := 0; k < len(t); k++ {
		switch t[k] {
		case '\\':
			k++
		case '|':
			cells = append(cells, string(t[start:k]))
			start = k + 1
		}
	}
	if rest := bytes.TrimSpace(t[start:]); len(rest) > 0 {
		cells = append(cells, string(rest))
	}
	return cells
}

// forbiddingHeaders start a header that names wording not to use.
var forbiddingHeaders = []string{
	"instead of", "rather than", "avoid", "don't", "dont", "do not", "never",
	"not", "bad", "wrong", "incorrect", "banned", "forbidden", "prohibited",
	"discouraged", "deprecated", "off-limits", "off limits",
}

// forbiddenHeader reports a header cell that names wording not to use:
// "Instead of", "Avoid", "Don't say", "Not this", "❌ Bad" (markup, marks
// and case aside).
func forbiddenHeader(cell string) bool {
	var b strings.Builder
	space := true
	for i := 0; i < len(cell); {
		r, w := utf8.DecodeRuneInString(cell[i:])
		i += w
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-':
			b.WriteRune(unicode.ToLower(r))
			space = false
		case r == '\'' || r == '\u2019':
			b.WriteByte('\'')
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	h := strings.TrimSpace(b.String())
	for _, f := range forbiddingHeaders {
		if h == f || strings.HasPrefix(h, f+" ") {
			return true
		}
	}
	return false
}
