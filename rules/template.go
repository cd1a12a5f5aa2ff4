package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// Phrase templates. A restricted, approved, when or unless phrase, and a
// [sets] entry, may be a template:
//
//	{name}      one entry of the word set name (a slot)
//	(a|b)       exactly one of the alternatives
//	[a], [a|b]  optional: nothing, or one of the alternatives
//	{...N}      a gap: up to N arbitrary words, 1 ≤ N ≤ MaxGap; only at the
//	            top level of a restricted, when or unless phrase, between
//	            two parts
//	\{ \} \[ \] \( \) \| \\   literal characters
//
// A phrase with none of the characters {}[]()|\ is a plain phrase.

// Bounds of templates.
const (
	// MaxExpansions is the most phrases the templates of one pack or config
	// may expand to.
	MaxExpansions = 1_000_000
	// MaxGap is the most words a gap may span.
	MaxGap = 8
	// MaxGaps is the most gaps in one phrase.
	MaxGaps = 32
	// MaxNesting is the deepest nesting of ( ) and [ ].
	MaxNesting = 16
)

// NodeKind is the kind of a template node.
type NodeKind uint8

const (
	NodeText NodeKind = iota // literal text
	NodeSlot                 // {name}
	NodeAlt                  // (a|b)
	NodeOpt                  // [a|b]
	NodeGap                  // {...N}
)

// Node is one element of a parsed template.
type Node struct {
	Kind NodeKind
	// Text is the literal text (NodeText, escapes resolved) or the set
	// name (NodeSlot).
	Text string
	// Alts are the alternatives of NodeAlt and NodeOpt.
	Alts [][]Node
	// N is the most words a NodeGap spans.
	N int
	// Off is the byte offset of the node in the template's source.
	Off int
}

// Template is a parsed phrase template.
type Template struct {
	Source string
	Nodes  []Node
}

// TemplateError is a syntax error at byte Off of a template.
type TemplateError struct {
	Off int
	Msg string
}

func (e *TemplateError) Error() string { return e.Msg }

// IsTemplate reports whether phrase uses template syntax; a phrase that does
// not is matched as written.
func IsTemplate(phrase string) bool { return strings.ContainsAny(phrase, `{}[]()|\`) }

// ParseTemplate parses a phrase template.
func ParseTemplate(s string) (*Template, error) {
	p := &tmplParser{s: s}
	nodes, err := p.seq(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(s) {
		return nil, p.errorf(p.i, "unexpected %q; write \\%c for the character itself", s[p.i], s[p.i])
	}
	t := &Template{Source: s, Nodes: nodes}
	// Gaps: top level only, between two parts.
	gaps := 0
	for i, n := range nodes {
		if n.Kind != NodeGap {
			continue
		}
		if gaps++; gaps > MaxGaps {
			return nil, &TemplateError{n.Off, fmt.Sprintf("too many gaps: a phrase has at most %d", MaxGaps)}
		}
		if blankNodes(nodes[:i]) {
			return nil, &TemplateError{n.Off, "a gap {..." + strconv.Itoa(n.N) + "} cannot start a phrase"}
		}
		if blankNodes(nodes[i+1:]) {
			return nil, &TemplateError{n.Off, "a gap {..." + strconv.Itoa(n.N) + "} cannot end a phrase"}
		}
		if i > 0 && nodes[i-1].Kind == NodeGap {
			return nil, &TemplateError{n.Off, "two gaps in a row; write one gap {...N} with the sum of their lengths"}
		}
	}
	return t, nil
}

type tmplParser struct {
	s string
	i int
}

func (p *tmplParser) errorf(off int, format string, args ...any) error {
	return &TemplateError{Off: off, Msg: fmt.Sprintf(format, args...)}
}

// seq parses nodes until end of input or one of ) ] | (depth > 0).
func (p *tmplParser) seq(depth int) ([]Node, error) {
	var out []Node
	var lit strings.Builder
	litOff := -1
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, Node{Kind: NodeText, Text: lit.String(), Off: litOff})
			lit.Reset()
		}
		litOff = -1
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch c {
		case '\\':
			if p.i+1 >= len(p.s) {
				return nil, p.errorf(p.i, "a template cannot end with \\; write \\\\ for a backslash")
			}
			if litOff < 0 {
				litOff = p.i
			}
			lit.WriteByte(p.s[p.i+1])
			p.i += 2
		case '{':
			flush()
			n, err := p.brace()
			if err != nil {
				return nil, err
			}
			if n.Kind == NodeGap && depth > 0 {
				return nil, p.errorf(n.Off, "a gap {...%d} may stand only at the top level of a phrase, not inside ( ) or [ ]", n.N)
			}
			out = append(out, n)
		case '(', '[':
			flush()
			if depth >= MaxNesting {
				return nil, p.errorf(p.i, "alternatives and optionals nested too deeply (at most %d levels)", MaxNesting)
			}
			n, err := p.group(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		case ')', ']', '|':
			if depth == 0 {
				if c == '|' {
					return nil, p.errorf(p.i, "| outside ( ) or [ ]; write (a|b) for alternatives or \\| for the character itself")
				}
				return nil, p.errorf(p.i, "unmatched %q; write \\%c for the character itself", c, c)
			}
			flush()
			return out, nil
		case '}':
			return nil, p.errorf(p.i, "unmatched \"}\"; write \\} for the character itself")
		default:
			if litOff < 0 {
				litOff = p.i
			}
			lit.WriteByte(c)
			p.i++
		}
	}
	flush()
	return out, nil
}

// brace parses {name} or {...N} at p.i.
func (p *tmplParser) brace() (Node, error) {
	start := p.i
	end := strings.IndexByte(p.s[start:], '}')
	if end < 0 {
		return Node{}, p.errorf(start, "unclosed \"{\"; write {set-name}, {...N} or \\{ for the character itself")
	}
	body := p.s[start+1 : start+end]
	p.i = start + end + 1
	if rest, ok := strings.CutPrefix(body, "..."); ok {
		n, err := strconv.Atoi(strings.TrimSpace(rest))
		if err != nil {
			return Node{}, p.errorf(start, "gap %s: write {...N} with a number of words N from 1 to %d", shortQuote("{"+body+"}"), MaxGap)
		}
		if n < 1 {
			return Node{}, p.errorf(start, "gap {...%d}: a gap spans 1 to %d words", n, MaxGap)
		}
		if n > MaxGap {
			return Node{}, p.errorf(start, "gap {...%d} is too wide: a gap spans at most %d words", n, MaxGap)
		}
		return Node{Kind: NodeGap, N: n, Off: start}, nil
	}
	if !ValidSetName(body) {
		return Node{}, p.errorf(start, "%s is not a set name: use lower-case letters, digits and '-' ({name}), or write \\{ for the character itself", shortQuote("{"+body+"}"))
	}
	return Node{Kind: NodeSlot, Text: body, Off: start}, nil
}

// group parses (a|b) or [a|b] at p.i.
func (p *tmplParser) group(depth int) (Node, error) {
	start := p.i
	open := p.s[start]
	closing, kind := byte(')'), NodeAlt
	if open == '[' {
		closing, kind = ']', NodeOpt
	}
	p.i++
	n := Node{Kind: kind, Off: start}
	for {
		alt, err := p.seq(depth)
		if err != nil {
			return Node{}, err
		}
		if p.i >= len(p.s) {
			return Node{}, p.errorf(start, "unclosed %q; close it with %q or write \\%c for the character itself", open, closing, open)
		}
		n.Alts = append(n.Alts, alt)
		c := p.s[p.i]
		p.i++
		if c == '|' {
			continue
		}
		if c != closing {
			return Node{}, p.errorf(p.i-1, "%q does not close %q; expected %q", c, open, closing)
		}
		// A blank alternative is allowed ("GPT(-4o| ) models" is also
		// "GPT models"), but not a group with nothing in it.
		allBlank := true
		for _, a := range n.Alts {
			allBlank = allBlank && blankNodes(a)
		}
		if allBlank {
			return Node{}, p.errorf(start, "empty %c%c; write something between them, or \\%c for the character itself", open, closing, open)
		}
		return n, nil
	}
}

// blankNodes reports whether nodes are only white space.
func blankNodes(nodes []Node) bool {
	for _, n := range nodes {
		if n.Kind != NodeText || strings.TrimSpace(n.Text) != "" {
			return false
		}
	}
	return true
}

// ValidSetName reports whether name is a well-formed set name.
func ValidSetName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0 {
			continue
		}
		return false
	}
	return true
}

// Parts splits the template at its gaps: the parts (gap-free node lists)
// and, between part i and i+1, gaps[i] words at most.
func (t *Template) Parts() (parts [][]Node, gaps []int) {
	var cur []Node
	for _, n := range t.Nodes {
		if n.Kind == NodeGap {
			parts = append(parts, cur)
			gaps = append(gaps, n.N)
			cur = nil
			continue
		}
		cur = append(cur, n)
	}
	return append(parts, cur), gaps
}

// HasGap reports whether the template has a gap.
func (t *Template) HasGap() bool {
	for _, n := range t.Nodes {
		if n.Kind == NodeGap {
			return true
		}
	}
	return false
}

// SlotNames returns the set names the template uses directly, in order,
// without duplicates.
func (t *Template) SlotNames() []string {
	var out []string
	var walk func([]Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			switch n.Kind {
			case NodeSlot:
				if !contains(out, n.Text) {
					out = append(out, n.Text)
				}
			case NodeAlt, NodeOpt:
				for _, a := range n.Alts {
					walk(a)
				}
			}
		}
	}
	walk(t.Nodes)
	return out
}
