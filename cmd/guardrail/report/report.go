// Package report formats the results of `guardrail check`: compiler-style
// text, JSON, SARIF 2.1.0 and GitHub Actions workflow commands.
//
// Every formatter takes a *Result and Options and writes to an io.Writer.
// Positions follow the product contract: lines and columns are 1-based and
// columns count Unicode code points; JSON end columns are exclusive.
package report

import (
	"cmp"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// File is one checked document and its findings.
type File struct {
	// Path is the path as given on the command line (relative stays
	// relative), or the --stdin-filename name. Formatters use forward
	// slashes.
	Path string
	// Src is the document's text; positions are computed from it.
	Src []byte
	// Findings are the reported findings (already filtered by
	// --min-severity), in any order.
	Findings []analysis.Finding
	// Notes are remarks about the file that are not findings, such as
	// the findings left out past --max-findings.
	Notes []Note
}

// Note is a remark at byte offset Offset of a file's Src.
type Note struct {
	Offset  int
	Message string
}

// NoteItem is a Note with its file and position (1-based; the column
// counts code points).
type NoteItem struct {
	Path         string
	Line, Column int
	Message      string
}

// Notes returns the notes of r with their positions, by path and
// position.
func Notes(r *Result) []NoteItem {
	var out []NoteItem
	for _, f := range r.Files {
		if len(f.Notes) == 0 {
			continue
		}
		idx := analysis.NewLineIndex(f.Src)
		for _, n := range f.Notes {
			line, col := idx.Position(max(0, min(n.Offset, len(f.Src))))
			out = append(out, NoteItem{Path: filepath.ToSlash(f.Path), Line: line, Column: col, Message: n.Message})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return positionLess(a.Path, a.Line, a.Column, b.Path, b.Line, b.Column)
	})
	return out
}

// positionLess orders by path, then line, then column.
func positionLess(ap string, al, ac int, bp string, bl, bc int) bool {
	switch {
	case ap != bp:
		return ap < bp
	case al != bl:
		return al < bl
	}
	return ac < bc
}

// ErrorKind says what an Error is about.
type ErrorKind int

const (
	// ConfigError is a broken config or pack file (the zero value).
	ConfigError ErrorKind = iota
	// ReadError is a file or folder that could not be read, or that is
	// not a document guardrail reads (a device, a FIFO, too large).
	ReadError
	// FixError is a --fix that could not be written.
	FixError
)

// Error is a problem that is not a finding, such as a broken config file.
// Line and Column are 1-based (Column in code points); 0 means unknown.
type Error struct {
	Path    string
	Line    int
	Column  int
	Message string
	Kind    ErrorKind
}

// Result is everything one `check` run reports. Files may include files
// without findings; they count as checked in the text summary.
type Result struct {
	Files  []File
	Errors []Error
}

// RuleInfo is the metadata of one rule, used by the SARIF formatter.
type RuleInfo struct {
	// Message is the rule's message template ({match}, {approved}).
	Message   string
	Rationale string
	Link      string
	Severity  rules.Severity
	// Approved are the rule's approved phrases, preferred first (optional).
	Approved []string
}

// Options configures the formatters.
type Options struct {
	// Color enables ANSI colours in text output (see ColorEnabled).
	Color bool
	// Rules is the metadata of the rules in effect, by id (SARIF).
	Rules map[string]RuleInfo
	// Version is guardrail's version, reported in SARIF (e.g. "1.2.3" or
	// "dev"). Empty: omitted.
	Version string
	// AutomationID is the SARIF run's runAutomationDetails id (for
	// example "guardrail/shard-1-of-4/"). Empty: omitted.
	AutomationID string
}

// Item is one finding with its file and its computed positions.
type Item struct {
	// Path is File.Path with forward slashes.
	Path string
	File *File
	analysis.Finding
	// Line, Column, EndLine and EndColumn are 1-based; columns count code
	// points; EndColumn is exclusive.
	Line, Column, EndLine, EndColumn int

	idx *analysis.LineIndex // of File.Src
}

// Flatten returns every finding of r with its positions, sorted by path,
// line, column and rule (then end position and message, for a total order).
func Flatten(r *Result) []Item {
	n := 0
	for i := range r.Files {
		n += len(r.Files[i].Findings)
	}
	if n == 0 {
		return nil
	}
	items := make([]Item, 0, n)
	for i := range r.Files {
		f := &r.Files[i]
		if len(f.Findings) == 0 {
			continue
		}
		idx := analysis.NewLineIndex(f.Src)
		path := filepath.ToSlash(f.Path)
		for _, fd := range f.Findings {
			it := Item{Path: path, File: f, Finding: fd, idx: idx}
			if it.End < it.Start {
				it.End = it.Start
			}
			if it.Match == "" && it.Start >= 0 && it.End <= len(f.Src) {
				it.Match = string(f.Src[it.Start:it.End])
			}
			it.Line, it.Column = idx.Position(it.Start)
			it.EndLine, it.EndColumn = idx.Position(it.End)
			items = append(items, it)
		}
	}
	// A stable sort of indices: the items are large to move.
	order := make([]int32, len(items))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int { return compareItems(&items[i], &items[j]) })
	out := make([]Item, len(items))
	for i, k := range order {
		out[i] = items[k]
	}
	return out
}

// compareItems orders by path, line, column and rule, then end position
// and message.
func compareItems(a, b *Item) int {
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Column, b.Column); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := cmp.Compare(a.EndLine, b.EndLine); c != 0 {
		return c
	}
	if c := cmp.Compare(a.EndColumn, b.EndColumn); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// SortedErrors returns r.Errors sorted by path, line and column, with
// forward slashes in paths; errors at the same place keep their order.
func SortedErrors(r *Result) []Error {
	errs := make([]Error, len(r.Errors))
	for i, e := range r.Errors {
		e.Path = filepath.ToSlash(e.Path)
		errs[i] = e
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		return positionLess(a.Path, a.Line, a.Column, b.Path, b.Line, b.Column)
	})
	return errs
}

// Counts tallies findings by severity.
type Counts struct {
	Error, Warning, Info, Hint int
	// Files is the number of files with at least one finding.
	Files int
}

// Total is the number of findings counted.
func (c Counts) Total() int { return c.Error + c.Warning + c.Info + c.Hint }

// Count tallies the findings of r.
func Count(r *Result) Counts {
	var c Counts
	for _, f := range r.Files {
		if len(f.Findings) > 0 {
			c.Files++
		}
		for _, fd := range f.Findings {
			switch fd.Severity {
			case rules.SeverityError:
				c.Error++
			case rules.SeverityWarning:
				c.Warning++
			case rules.SeverityInfo:
				c.Info++
			default:
				c.Hint++
			}
		}
	}
	return c
}

// severityName is the output spelling of a finding's severity; findings
// never have SeverityOff, but if one does it is reported as a hint.
func severityName(s rules.Severity) string {
	if s == rules.SeverityOff {
		return rules.SeverityHint.String()
	}
	return s.String()
}
