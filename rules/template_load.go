package rules

import (
	"errors"
	"fmt"
	"strings"
)

// templateState is the template bookkeeping of one file being parsed.
type templateState struct {
	sets      *WordSets
	used      map[string]bool // sets the file's rules use directly
	badSets   map[string]bool // sets written with errors (already reported)
	cyclic    []string        // sets in a cycle (reported, emptied)
	expanded  int64           // phrases the file's templates expand to so far
	overBound bool            // the bound error was reported
}

// parseSets reads the [sets] table into d.tmpl.sets and p.Sets.
func (d *docCtx) parseSets(p *Pack, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		d.errs.add(d.valPos("sets"), "sets must be a table ([sets]) of name = [phrases], not %s", typeName(v))
		return
	}
	ws := &WordSets{raw: map[string][]string{}, entries: map[string][]*Template{}, pos: map[string]Position{}, count: map[string]int64{}}
	d.tmpl.badSets = map[string]bool{}
	for _, name := range sortedKeys(m) {
		path := []string{"sets", name}
		d.tmpl.badSets[name] = true // until it proves good
		switch {
		case contains(reservedSetNames, name) || strings.HasPrefix(name, "."):
			d.errs.add(d.keyPos(path...), "set name %q is reserved; choose another name", name)
			continue
		case !ValidSetName(name):
			d.errs.add(d.keyPos(path...), "set name %q is not valid: use lower-case letters, digits and '-', starting with a letter or digit", name)
			continue
		}
		list, good := d.stringList(path, m[name], true)
		if !good {
			continue
		}
		if len(list) == 0 {
			d.errs.add(d.valPos(path...), "set %q is empty; give it at least one phrase", name)
			continue
		}
		var ts []*Template
		for i, e := range list {
			t, ok := d.parseTemplateAt(child(path, fmt.Sprint(i)), e)
			if !ok {
				good = false
				continue
			}
			if t.HasGap() {
				d.errs.add(d.strPos(child(path, fmt.Sprint(i)), gapOff(t)), "a gap {...N} cannot stand in a set entry; put it in the rule's phrase")
				good = false
				continue
			}
			ts = append(ts, t)
		}
		if !good {
			continue
		}
		delete(d.tmpl.badSets, name)
		ws.raw[name] = list
		ws.entries[name] = ts
		ws.pos[name] = d.keyPos(path...)
	}
	// Slots of entries name existing sets; sets form no cycle.
	for _, name := range ws.Names() {
		for i, t := range ws.entries[name] {
			d.checkSlots(ws, child([]string{"sets", name}, fmt.Sprint(i)), t.Nodes)
		}
	}
	d.breakCycles(ws)
	for _, name := range ws.Names() {
		ws.countSet(name)
		if ws.canBeEmpty([]Node{{Kind: NodeSlot, Text: name}}, map[string]bool{}) {
			d.errs.add(ws.pos[name], "set %q can expand to an empty phrase; make the whole slot optional instead ([{%s}])", name, name)
		}
	}
	d.tmpl.sets = ws
	d.tmpl.used = map[string]bool{}
	p.Sets = ws
}

func gapOff(t *Template) int {
	for _, n := range t.Nodes {
		if n.Kind == NodeGap {
			return n.Off
		}
	}
	return 0
}

// parseTemplateAt parses the template at path, reporting a syntax error at
// its column.
func (d *docCtx) parseTemplateAt(path []string, s string) (*Template, bool) {
	t, err := ParseTemplate(s)
	if err != nil {
		var te *TemplateError
		off := 0
		if errors.As(err, &te) {
			off = te.Off
		}
		d.errs.add(d.strPos(path, off), "template %s: %s", shortQuote(s), err)
		return nil, false
	}
	return t, true
}

// checkSlots reports slots naming no set (ws may be nil: no [sets]).
func (d *docCtx) checkSlots(ws *WordSets, path []string, nodes []Node) bool {
	ok := true
	for _, n := range nodes {
		switch n.Kind {
		case NodeSlot:
			if !ws.Has(n.Text) {
				if d.tmpl.badSets[n.Text] {
					ok = false // written with errors, reported there
					continue
				}
				d.errs.add(d.strPos(path, n.Off), "unknown set {%s}%s; define it in [sets]", n.Text, suggest(n.Text, ws.Names()))
				ok = false
			} else {
				if d.tmpl.used != nil {
					d.tmpl.used[n.Text] = true
				}
				if contains(d.tmpl.cyclic, n.Text) {
					d.errs.add(d.strPos(path, n.Off), "set {%s} is part of a cycle of sets (line %d)", n.Text, ws.pos[n.Text].Line)
					ok = false
				}
			}
		case NodeAlt, NodeOpt:
			for _, a := range n.Alts {
				ok = d.checkSlots(ws, path, a) && ok
			}
		}
	}
	return ok
}

// breakCycles reports sets that refer to themselves through other sets and
// empties them, so expansion terminates.
func (d *docCtx) breakCycles(ws *WordSets) {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var cyclic []string
	var visit func(string)
	visit = func(name string) {
		color[name] = grey
		stack = append(stack, name)
		for _, t := range ws.entries[name] {
			for _, ref := range setRefs(t.Nodes, nil) {
				if !ws.Has(ref) {
					continue
				}
				switch color[ref] {
				case white:
					visit(ref)
				case grey:
					i := len(stack) - 1
					for stack[i] != ref {
						i--
					}
					cycle := append(append([]string(nil), stack[i:]...), ref)
					if len(cycle) > 9 {
						cycle = append(cycle[:8:8], fmt.Sprintf("… (%d sets)", len(cycle)-1))
					}
					d.errs.add(ws.pos[ref], "sets form a cycle: %s", strings.Join(cycle, " → "))
					cyclic = append(cyclic, stack[i:]...)
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[name] = black
	}
	for _, name := range ws.Names() {
		if color[name] == white {
			visit(name)
		}
	}
	for _, name := range cyclic {
		ws.entries[name] = nil
		d.tmpl.cyclic = append(d.tmpl.cyclic, name)
	}
}

// setRefs appends the set names nodes refer to.
func setRefs(nodes []Node, out []string) []string {
	for _, n := range nodes {
		switch n.Kind {
		case NodeSlot:
			out = append(out, n.Text)
		case NodeAlt, NodeOpt:
			for _, a := range n.Alts {
				out = setRefs(a, out)
			}
		}
	}
	return out
}

// ruleTemplates validates the templates among a rule's phrases: syntax,
// slots, approved phrases (words and slots only), empty expansions, and the
// file's expansion bound. It gives the rule the file's sets.
func (d *docCtx) ruleTemplates(r *Rule, path []string) {
	r.Sets = d.tmpl.sets
	for _, key := range []string{"restricted", "approved", "when", "unless"} {
		var list []string
		switch key {
		case "restricted":
			list = r.Restricted
		case "approved":
			list = r.Approved
		case "when":
			list = r.When
		default:
			list = r.Unless
		}
		for i, s := range list {
			if !IsTemplate(s) {
				continue
			}
			pp := child(path, key, fmt.Sprint(i))
			t, ok := d.parseTemplateAt(pp, s)
			if !ok {
				continue
			}
			if !d.checkSlots(d.tmpl.sets, pp, t.Nodes) {
				continue
			}
			if d.tmpl.sets != nil {
				d.tmpl.sets.remember(s, t)
			}
			if key == "approved" {
				if n := firstNotWordOrSlot(t.Nodes); n != nil {
					d.errs.add(d.strPos(pp, n.Off), "an approved phrase may contain only words and {set} slots, not alternatives, optionals or gaps")
					continue
				}
			}
			parts, _ := t.Parts()
			var total int64
			empty := false
			for _, part := range parts {
				if d.tmpl.sets.canBeEmpty(part, map[string]bool{}) {
					empty = true
				}
				total = satAdd(total, d.tmpl.sets.Count(part))
			}
			if empty {
				d.errs.add(d.valPos(pp...), "template %s can expand to an empty phrase (or an empty part between gaps)", shortQuote(s))
				continue
			}
			d.tmpl.expanded = satAdd(d.tmpl.expanded, total)
			if d.tmpl.expanded > MaxExpansions && !d.tmpl.overBound {
				d.tmpl.overBound = true
				d.errs.add(d.valPos(pp...), "the templates of this file expand to more than %d phrases (this one to %d); use fewer set entries, or a gap {...N} in place of a set", MaxExpansions, total)
			}
		}
	}
}

func firstNotWordOrSlot(nodes []Node) *Node {
	for i := range nodes {
		if nodes[i].Kind != NodeText && nodes[i].Kind != NodeSlot {
			return &nodes[i]
		}
	}
	return nil
}

// warnUnusedSets warns about sets no rule of the file uses (directly or
// through another set).
func (d *docCtx) warnUnusedSets() {
	ws := d.tmpl.sets
	if ws == nil {
		return
	}
	// Close used over set references.
	queue := make([]string, 0, len(d.tmpl.used))
	for n := range d.tmpl.used {
		queue = append(queue, n)
	}
	reach := map[string]bool{}
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if reach[n] {
			continue
		}
		reach[n] = true
		for _, t := range ws.entries[n] {
			queue = append(queue, setRefs(t.Nodes, nil)...)
		}
	}
	for _, n := range ws.Names() {
		if !reach[n] && !contains(d.tmpl.cyclic, n) {
			d.errs.warn(ws.pos[n], "set %q is never used; use it as {%s} in a phrase or remove it", n, n)
		}
	}
}

// shortQuote quotes a template for an error message, cut to 60 characters.
func shortQuote(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q…", string(r[:max]))
}
