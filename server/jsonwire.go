package server

import (
	"strconv"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/internal/jsonstr"
	"github.com/guardrail-dev/guardrail/rules"
)

// Diagnostics go on the wire straight from cached bytes: a large document
// has thousands, and marshalling them through protocol.Diagnostic and
// jsonrpc2 (which encodes params, then re-encodes them) cost more than
// the analysis of a keystroke. The JSON written here is exactly what
// protocol.Diagnostic marshals to (a test compares them).

// wireDiag is a finding's diagnostic, less its range: the range's lines
// relative to the segment, and the JSON after the range.
type wireDiag struct {
	sl, sc, el, ec uint32
	tail           []byte // `,"severity":…}`
}

// wireDiags prepares findings (offsets in the text of idx) for the wire.
func wireDiags(cfg *rules.Config, fs []analysis.Finding, idx *lineIndex, enc string) []wireDiag {
	if len(fs) == 0 {
		return nil
	}
	out := make([]wireDiag, len(fs))
	conv := idx.converter(enc)
	for i, f := range fs {
		r := conv.rangeOf(f.Start, f.End)
		out[i] = wireDiag{sl: r.Start.Line, sc: r.Start.Character, el: r.End.Line, ec: r.End.Character, tail: diagTail(cfg, f)}
	}
	return out
}

// diagTail is the JSON of a diagnostic after its range.
func diagTail(cfg *rules.Config, f analysis.Finding) []byte {
	b := make([]byte, 0, 128+len(f.Message)+2*len(f.Rule))
	b = append(b, `,"severity":`...)
	b = strconv.AppendInt(b, int64(severityOf(f.Severity)), 10)
	b = append(b, `,"code":`...)
	b = appendJSONString(b, f.Rule)
	if cfg != nil {
		if r := cfg.Rule(f.Rule); r != nil && safeLink(r.Link) != "" {
			b = append(b, `,"codeDescription":{"href":`...)
			b = appendJSONString(b, r.Link)
			b = append(b, '}')
		}
	}
	b = append(b, `,"source":"guardrail","message":`...)
	b = appendJSONString(b, f.Message)
	if f.Rule == analysis.UnusedSuppressionRule {
		b = append(b, `,"tags":[1]`...)
	}
	b = append(b, `,"data":{"rule":`...)
	b = appendJSONString(b, f.Rule)
	b = append(b, `,"replacements":[`...)
	for i, r := range f.Replacements {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, r)
	}
	return append(b, "]}}"...)
}

// appendWire appends a diagnostic whose range lines are offset by base.
func appendWire(b []byte, w *wireDiag, base uint32) []byte {
	b = append(b, `{"range":{"start":{"line":`...)
	b = strconv.AppendUint(b, uint64(w.sl+base), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(w.sc), 10)
	b = append(b, `},"end":{"line":`...)
	b = strconv.AppendUint(b, uint64(w.el+base), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(w.ec), 10)
	b = append(b, "}}"...)
	return append(b, w.tail...)
}

// appendJSONString appends s as a JSON string, as encoding/json does
// (invalid UTF-8 becomes U+FFFD; U+2028 and U+2029 are escaped), without
// HTML escaping.
func appendJSONString(b []byte, s string) []byte {
	return jsonstr.Append(b, s, false)
}
