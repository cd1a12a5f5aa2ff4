package report

import (
	"io"
	"strconv"

	"github.com/guardrail-dev/guardrail/internal/jsonstr"
)

// The JSON report is written by hand, finding by finding, into a buffer
// flushed every jsonFlushSize bytes: encoding/json's reflection, its
// indentation pass over the whole output and the output held three times
// in memory cost a fifth of a large run (27,000 findings, 11 MB of JSON).
// The bytes are exactly those writeJSON(w, JSON(r)) writes (encoding/json,
// HTML characters unescaped, two-space indent, DEL and C1 controls escaped
// by escapeJSONControls): json_stream_test.go compares the two.

const jsonFlushSize = 64 << 10

// jsonOut appends JSON to buf and writes it to w once it is large.
type jsonOut struct {
	w   io.Writer
	buf []byte
	err error
}

func (o *jsonOut) raw(s string) { o.buf = append(o.buf, s...) }

// str appends s as a JSON string.
func (o *jsonOut) str(s string) { o.buf = appendJSONString(o.buf, s) }

func (o *jsonOut) num(n int) { o.buf = strconv.AppendInt(o.buf, int64(n), 10) }

// key appends a member's indentation, its name (plain ASCII) and ": ".
func (o *jsonOut) key(indent, name string) {
	o.buf = append(o.buf, indent...)
	o.buf = append(o.buf, '"')
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, `": `...)
}

// strings appends a list of strings whose brackets sit at indent.
func (o *jsonOut) strings(indent string, list []string) {
	if len(list) == 0 {
		o.raw("[]")
		return
	}
	o.raw("[\n")
	for i, s := range list {
		if i > 0 {
			o.raw(",\n")
		}
		o.raw(indent)
		o.raw("  ")
		o.str(s)
	}
	o.raw("\n")
	o.raw(indent)
	o.raw("]")
}

// flush writes the buffer once it is large, or always when force.
func (o *jsonOut) flush(force bool) {
	if o.err != nil || (!force && len(o.buf) < jsonFlushSize) {
		return
	}
	_, o.err = o.w.Write(o.buf)
	o.buf = o.buf[:0]
}

// writeJSONReport writes r as writeJSON(w, JSON(r)) would.
func writeJSONReport(w io.Writer, r *Result) error {
	o := &jsonOut{w: w, buf: make([]byte, 0, jsonFlushSize+4096)}
	o.raw("{\n  \"version\": 1,\n  \"findings\": ")
	items := Flatten(r)
	if len(items) == 0 {
		o.raw("[]")
	} else {
		o.raw("[\n")
		for i := range items {
			if i > 0 {
				o.raw(",\n")
			}
			writeJSONFinding(o, &items[i])
			o.flush(false)
		}
		o.raw("\n  ]")
	}
	o.raw(",\n  \"errors\": ")
	errs := SortedErrors(r)
	if len(errs) == 0 {
		o.raw("[]")
	} else {
		o.raw("[\n")
		for i, e := range errs {
			if i > 0 {
				o.raw(",\n")
			}
			writeJSONPlace(o, e.Path, e.Line, e.Column, e.Message)
		}
		o.raw("\n  ]")
	}
	if notes := Notes(r); len(notes) > 0 {
		o.raw(",\n  \"notes\": [\n")
		for i, n := range notes {
			if i > 0 {
				o.raw(",\n")
			}
			writeJSONPlace(o, n.Path, n.Line, n.Column, n.Message)
		}
		o.raw("\n  ]")
	}
	o.raw("\n}\n")
	o.flush(true)
	return o.err
}

// writeJSONFinding appends one element of "findings" (JSONFinding).
func writeJSONFinding(o *jsonOut, it *Item) {
	const in = "      "
	o.raw("    {\n")
	o.key(in, "path")
	o.str(it.Path)
	o.raw(",\n")
	o.key(in, "rule")
	o.str(it.Rule)
	o.raw(",\n")
	o.key(in, "severity")
	o.str(severityName(it.Severity))
	o.raw(",\n")
	o.key(in, "message")
	o.str(it.Message)
	for _, f := range [...]struct {
		name string
		n    int
	}{{"line", it.Line}, {"column", it.Column}, {"endLine", it.EndLine}, {"endColumn", it.EndColumn}, {"offset", it.Start}, {"endOffset", it.End}} {
		o.raw(",\n")
		o.key(in, f.name)
		o.num(f.n)
	}
	o.raw(",\n")
	o.key(in, "match")
	o.str(it.Match)
	o.raw(",\n")
	o.key(in, "replacements")
	o.strings(in, it.Replacements)
	if fix := jsonFixMode(it.Fix, len(it.Replacements)); fix != "" {
		o.raw(",\n")
		o.key(in, "fix")
		o.str(fix)
	}
	if it.Template != "" {
		o.raw(",\n")
		o.key(in, "template")
		o.str(it.Template)
	}
	if len(it.Slots) > 0 {
		o.raw(",\n")
		o.key(in, "slots")
		o.raw("[\n")
		for i, s := range it.Slots {
			if i > 0 {
				o.raw(",\n")
			}
			o.raw(in + "  {\n")
			o.key(in+"    ", "name")
			o.str(s.Name)
			o.raw(",\n")
			o.key(in+"    ", "text")
			o.str(s.Text)
			o.raw("\n" + in + "  }")
		}
		o.raw("\n" + in + "]")
	}
	o.raw("\n    }")
}

// writeJSONPlace appends one element of "errors" or "notes" (JSONError,
// JSONNote: the same four members).
func writeJSONPlace(o *jsonOut, path string, line, column int, message string) {
	const in = "      "
	o.raw("    {\n")
	o.key(in, "path")
	o.str(path)
	o.raw(",\n")
	o.key(in, "line")
	o.num(line)
	o.raw(",\n")
	o.key(in, "column")
	o.num(column)
	o.raw(",\n")
	o.key(in, "message")
	o.str(message)
	o.raw("\n    }")
}

// appendJSONString appends s quoted as encoding/json's appendString does
// with HTML escaping off, with DEL and the C1 controls escaped as
// escapeJSONControls escapes them.
func appendJSONString(dst []byte, s string) []byte {
	return jsonstr.Append(dst, s, true)
}
